//! `attrition`: a turn-based wargame of front-line attrition in the Pokrovsk–Toretsk
//! sector, 2025. The rules engine (`sim`) is pure and deterministic; `data` loads and
//! checks the RON files; `ai` plays either side from its own view; `cli` is the command line.
//!
//! A headless game in a few lines (what `attrition sim` does for each run):
//!
//! ```
//! use attrition::ai::{self, AiLevel};
//! use attrition::data;
//! use attrition::sim::{map::Side, Game};
//!
//! let loaded = data::load_scenario(data::DEFAULT_SCENARIO, 7).expect("embedded scenario");
//! let mut game = Game::new(loaded.setup).expect("builds");
//! let ru = ai::orders(&game, Side::Ru, AiLevel::Baseline);
//! let ua = ai::orders(&game, Side::Ua, AiLevel::Baseline);
//! let report = game.step(&ru, &ua);
//! assert_eq!(report.day, 1);
//! assert_eq!(report.state_hash, game.state_hash());
//! ```
#![forbid(unsafe_code)]

pub mod ai;
pub mod calibrate;
pub mod cli;
pub mod data;
pub mod record;
pub mod report;
pub mod saves;
pub mod sim;
pub mod ui;
pub mod whatif;

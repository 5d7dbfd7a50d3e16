//! `attrition`: a turn-based wargame of front-line attrition in the Pokrovsk–Toretsk
//! sector, 2025. The rules engine (`sim`) is pure and deterministic; `data` loads and
//! checks the RON files; `ai` plays either side from its own view; `cli` is the command line;
//! `study` plays matches and replays records (`study::play`) for the command line, the
//! studies and the interface alike; `ui` is the terminal interface; `serve` serves it to a class over SSH.
//!
//! A headless game in a few lines (what `attrition sim` does for each run):
//!
//! ```
//! use attrition::ai::AiLevel;
//! use attrition::data;
//! use attrition::sim::Game;
//! use attrition::study::play::Match;
//!
//! let loaded = data::load_scenario(data::DEFAULT_SCENARIO, 7).expect("embedded scenario");
//! let game = Game::new(loaded.setup).expect("builds");
//! let mut m = Match::computers(game, [AiLevel::Baseline, AiLevel::Strong]);
//! let report = m.step();
//! assert_eq!(report.day, 1);
//! assert_eq!(report.state_hash, m.game().state_hash());
//! ```
#![forbid(unsafe_code)]

pub mod ai;
pub mod check;
pub mod cli;
pub mod data;
pub mod saves;
pub mod serve;
pub mod sim;
pub mod study;
pub mod ui;
pub mod words;

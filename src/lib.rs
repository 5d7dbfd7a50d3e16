//! `attrition`: a turn-based wargame of front-line attrition in the Pokrovsk–Toretsk
//! sector, 2025. The rules engine (`sim`) is pure and deterministic; `data` loads and
//! checks the RON files; `ai` plays either side from its own view; `cli` is the command line.
#![forbid(unsafe_code)]

pub mod ai;
pub mod cli;
pub mod data;
pub mod sim;

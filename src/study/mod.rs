//! Studies: many AI-vs-AI games of one scenario, over seeds and variants of a setting, split
//! over threads, processes and machines, and written as rows that analysts' tools read.
//!
//! Playing and replaying matches (`play`), game records on disk (`record`), after-action
//! reports (`report`), what-if comparisons (`whatif`) and the calibration against the reporting
//! (`calibrate`); `rows` is the one schema of `sim` and `whatif`; `batch` runs a study's games
//! in order with bounded memory and splits seeds into shards; `output` writes rows as JSON
//! Lines, CSV or a table; `merge` puts shards back together; `stats` holds the percentiles and
//! intervals.

pub mod batch;
pub mod calibrate;
pub mod cast;
pub mod merge;
pub mod output;
pub mod play;
pub mod record;
pub mod report;
pub mod rows;
pub mod stats;
pub mod svg;
pub mod whatif;
pub mod white;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use crate::ai::AiLevel;
use crate::data::{self, Loaded};

use batch::{Ended, Shard};
use rows::{AiName, PerSide, Row, Study};

/// Everything a command needs to run (its part of) a study.
#[derive(Clone, Debug)]
pub struct Plan {
    pub study: Study,
    /// The scenario as the user named it (an id or a path): records name it so.
    pub source: String,
    pub shard: Shard,
    /// Threads (`--jobs`; None: see [`batch::threads`]).
    pub jobs: Option<usize>,
    /// `sim --record PATH`: a file for a one-run study, else a directory of `seed-N.ron`.
    pub record: Option<PathBuf>,
}

impl Plan {
    /// A study of `runs` seeds from `first_seed` of scenario `source` with settings `set`,
    /// varying `vary` (`KEY=A,B[,C]`, for `whatif`) or nothing (`sim`).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        source: &str,
        set: &[String],
        vary: Option<&str>,
        first_seed: u64,
        runs: u64,
        max_turns: Option<u32>,
        ai: [AiLevel; 2],
    ) -> Result<Plan, String> {
        batch::check_runs(runs)?;
        let l = data::load_scenario(source, 0).map_err(|e| e.to_string())?;
        let study = Study {
            tool: rows::TOOL.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            scenario: l.setup.scenario.id.clone(),
            scenario_hash: rows::scenario_hash(source)?,
            settings: set.to_vec(),
            vary: vary.map(normalise_vary).transpose()?,
            first_seed,
            runs,
            max_turns,
            ai: PerSide { ru: AiName::from(ai[0]), ua: AiName::from(ai[1]) },
        };
        if study.vary.is_some() && study.variants().len() < 2 {
            return Err(format!("--vary {}: give at least two values, separated by commas", vary.unwrap_or_default()));
        }
        Ok(Plan { study, source: source.into(), shard: Shard::WHOLE, jobs: None, record: None })
    }

    /// Games this process plays (its shard's seeds × the variants).
    pub fn games(&self) -> u64 {
        self.shard.seeds(self.study.first_seed, self.study.runs).1 * self.study.variants().len().max(1) as u64
    }

    /// Loads the scenario once per variant with its settings (every error before any game).
    pub fn load(&self) -> Result<Vec<(Option<String>, Loaded)>, String> {
        let variants: Vec<Option<String>> = match self.study.variants() {
            v if v.is_empty() => vec![None],
            v => v.into_iter().map(Some).collect(),
        };
        variants
            .into_iter()
            .map(|v| {
                let mut l = data::load_scenario(&self.source, 0).map_err(|e| e.to_string())?;
                for kv in &self.study.settings {
                    data::settings::apply(&mut l, kv)?;
                }
                // A value that is not allowed came from --vary: say so, not --set.
                for kv in v.iter() {
                    data::settings::apply(&mut l, kv).map_err(|e| e.replacen("--set", "--vary", 1))?;
                }
                Ok((v, l))
            })
            .collect()
    }

    /// Plays this process's games and hands each row to `each` in the study's order (by seed,
    /// then by variant) as they complete; `tick` after each game. Raising `stop` ends it
    /// cleanly after the games already handed back.
    pub fn run(
        &self,
        stop: &AtomicBool,
        tick: &(dyn Fn() + Sync),
        mut each: impl FnMut(Row) -> Result<(), String>,
    ) -> Result<Ended, String> {
        let loaded = self.load()?;
        let (first, _) = self.shard.seeds(self.study.first_seed, self.study.runs);
        let nv = loaded.len() as u64;
        let many = self.study.runs > 1;
        if let (Some(p), true) = (&self.record, many) {
            std::fs::create_dir_all(p).map_err(|e| format!("{}: {e}", p.display()))?;
        }
        let players = record::Players::of_seats(self.study.levels().map(play::Seat::Computer));
        batch::run(
            self.games(),
            batch::threads(self.jobs),
            stop,
            |i| {
                let (v, l) = &loaded[(i % nv) as usize];
                let seed = first.wrapping_add(i / nv);
                let (g, row) = rows::play(l, &self.study, v.as_deref(), seed)?;
                if let Some(p) = &self.record {
                    let path = if many { p.join(format!("seed-{seed}.ron")) } else { p.clone() };
                    let rec = record::RecordFile::of(&g, &self.source, &self.study.settings, players.clone());
                    record::save(&path, &rec)?;
                }
                tick();
                Ok(row)
            },
            |_, row| each(row),
        )
    }
}

/// `KEY=A,B` with spaces trimmed, as rows carry it.
fn normalise_vary(v: &str) -> Result<String, String> {
    let (key, values) = v.split_once('=').ok_or_else(|| format!("--vary {v}: expected KEY=A,B[,C]"))?;
    let values: Vec<&str> = values.split(',').map(str::trim).filter(|x| !x.is_empty()).collect();
    Ok(format!("{}={}", key.trim(), values.join(",")))
}

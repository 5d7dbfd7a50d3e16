//! `attrition check`: tells which kind of file each one is (scenario, map, rules, unit types,
//! game record, settings) from its contents, and gives every error found in it, each as
//! `file:line:col: …` where the text allows.
//!
//! A syntax error stops the parser, so it is the only one reported for that file; everything
//! after parsing (values out of range, dates, references to places and unit types, lessons,
//! instructors' annotations, key bindings) is reported together. Annotations are checked
//! where they are written: in scenarios and records.

use std::path::Path;

use crate::data::{self, read, LoadError};
use crate::sim::Game;

/// The kinds of file `check` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    Map,
    Rules,
    Units,
    Record,
    Config,
}

impl FileKind {
    pub fn name(self) -> &'static str {
        self.read_kind().name()
    }

    /// The reader's kind, with its size limit.
    pub fn read_kind(self) -> read::Kind {
        match self {
            FileKind::Scenario => read::Kind::Scenario,
            FileKind::Map => read::Kind::Map,
            FileKind::Rules => read::Kind::Rules,
            FileKind::Units => read::Kind::Units,
            FileKind::Record => read::Kind::Record,
            FileKind::Config => read::Kind::Config,
        }
    }
}

/// A file that passed: its kind and what it holds, in a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub kind: FileKind,
    pub summary: String,
}

/// Top-level fields that only one kind of file has.
const SCENARIO_FIELDS: [&str; 4] = ["deploy", "objectives", "turn_limit", "briefing"];
const MAP_FIELDS: [&str; 2] = ["projection", "cell_km"];
const RULES_FIELDS: [&str; 4] = ["terrain", "recon", "assault", "cohesion"];
const CONFIG_FIELDS: [&str; 5] = ["keys", "mouse", "theme", "ai", "side"];

/// Which kind of file `text` is: a record by its `format:` line; a unit types file by its
/// opening `{` (a map of templates); the others by the top-level fields only they have; the
/// settings file also by its name (`config.ron`, which may be empty: `()`).
pub fn kind_of(path: &Path, text: &str) -> Result<FileKind, String> {
    if text.contains(crate::study::record::FORMAT) {
        return Ok(FileKind::Record);
    }
    if data::first_data_char(text) == Some('{') {
        return Ok(FileKind::Units);
    }
    let at = data::locate::Positions::of(text);
    let has = |fields: &[&str]| fields.iter().filter(|f| at.find(f).is_some()).count();
    if has(&SCENARIO_FIELDS) > 0 {
        Ok(FileKind::Scenario)
    } else if has(&MAP_FIELDS) > 0 {
        Ok(FileKind::Map)
    } else if has(&RULES_FIELDS) >= 2 {
        Ok(FileKind::Rules)
    } else if has(&CONFIG_FIELDS) > 0 || path.file_name().is_some_and(|n| n == crate::ui::config::FILE) {
        Ok(FileKind::Config)
    } else {
        Err(format!(
            "{}: cannot tell what kind of file this is: a scenario has `deploy:` and `objectives:`, a map \
             `projection:` and `cell_km:`, a rules file `terrain:`, `assault:` and the other rule groups, a unit \
             types file is a map `{{ \"name\": (kind: …), … }}`, a record starts with `format: \"{}\"`, a settings \
             file has `keys:`, `mouse:` or `theme:`",
            path.display(),
            crate::study::record::FORMAT
        ))
    }
}

fn each(e: LoadError) -> Vec<String> {
    e.each().into_iter().map(|e| e.to_string()).collect()
}

/// Checks one file: its kind and summary, or every error in it (each a line).
pub fn file(path: &Path) -> Result<Checked, Vec<String>> {
    let f = path.display().to_string();
    // Read within the largest limit first: the kind's own is applied once the kind is known.
    let text = data::read_file_of(path, read::Kind::Record).map_err(each)?;
    let kind = kind_of(path, &text).map_err(|e| vec![e])?;
    let limit = kind.read_kind().limit();
    if text.len() as u64 > limit {
        return Err(vec![format!("{f}: a {} of {} bytes; the limit is {limit}", kind.name(), text.len())]);
    }
    let summary = match kind {
        FileKind::Record => {
            // Replayed day by day against its hashes: a record that diverges, runs on after
            // its game ended or carries a setting out of range is not ok.
            let rec = crate::study::record::load(path).map_err(|e| vec![e])?;
            crate::study::play::replay(&rec).map_err(|e| vec![format!("{f}: {e}")])?;
            let n = rec.days.len();
            let days = if n == 1 { "day" } else { "days" };
            format!("{n} {days} replayed, every state hash matches; {} annotations", rec.annotations.len())
        }
        FileKind::Map => {
            let m = data::load_map(&f, &text).map_err(each)?;
            format!("`{}`: {}x{} cells of {} km, {} places", m.id, m.width, m.height, m.cell_km, m.places.len())
        }
        FileKind::Scenario => {
            let l = data::load_scenario(&f, 0).map_err(each)?;
            let s = &l.setup.scenario;
            Game::new(l.setup.clone()).map_err(|e| vec![LoadError::invalid(&f, "units", e).to_string()])?;
            format!(
                "`{}`: {} units, {} objectives, {} days from {}, {} lessons, {} annotations",
                s.id,
                s.units.len(),
                s.objectives.len(),
                s.turn_limit,
                s.start_date,
                s.lessons.len(),
                s.annotations.len()
            )
        }
        FileKind::Rules => {
            data::rules_from(&f, &text).map_err(each)?;
            "every value within its range".to_string()
        }
        FileKind::Units => {
            let u = data::units_from(&f, &text).map_err(each)?;
            format!("{} unit types, each within its ranges and fit for its kind", u.len())
        }
        FileKind::Config => {
            let errs = crate::ui::config::check(path);
            if !errs.is_empty() {
                return Err(errs);
            }
            "every key, action and value known".to_string()
        }
    };
    Ok(Checked { kind, summary })
}

//! Game records on disk: the scenario, its settings, the seed and every day's orders with
//! the state hash that followed. Because the engine is deterministic, a record is both a save
//! (loading replays it) and a replay (checked day by day against the recorded hashes).
//!
//! Files are versioned RON, written atomically (temporary file, fsync, rename), so a crash or
//! a closed terminal never leaves half a file; a newer, older or damaged file is refused with a
//! message saying which.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::ai::AiLevel;
use crate::data::annotation::{self, AnnotationFile, Fault};
use crate::data::{self, Loaded};
use crate::sim::map::Map;
use crate::sim::map::Side;
use crate::sim::scenario::Annotation;
use crate::sim::{DayRecord, Game};

use super::play::Seat;

/// What every record file starts with.
pub const FORMAT: &str = "attrition-record";
/// The version this build writes and reads.
pub const VERSION: u32 = 1;
/// Largest record file accepted (a 2,000-day game of a large scenario fits well under this).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Who played which side (for the interface when a save is loaded, and for a replay of a
/// computer's game).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Players {
    /// The side the human plays, if one does.
    pub human: Option<Side>,
    pub hotseat: bool,
    /// The computer's level, for every side it plays (but see `ua_ai`).
    #[serde(default)]
    pub ai: crate::ai::AiLevel,
    /// Ukraine's level when the computer played both sides at different levels (`sim --ai
    /// ru=strong,ua=baseline`); left out otherwise, so older records load as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ua_ai: Option<crate::ai::AiLevel>,
}

impl Players {
    /// How a record keeps a match's seats.
    pub fn of_seats(seats: [Seat; 2]) -> Players {
        let level = |s: Side| match seats[s.index()] {
            Seat::Computer(l) => Some(l),
            Seat::Human => None,
        };
        match (level(Side::Ru), level(Side::Ua)) {
            (None, None) => Players { human: None, hotseat: true, ai: AiLevel::default(), ua_ai: None },
            (None, Some(l)) => Players { human: Some(Side::Ru), hotseat: false, ai: l, ua_ai: None },
            (Some(l), None) => Players { human: Some(Side::Ua), hotseat: false, ai: l, ua_ai: None },
            (Some(ru), Some(ua)) => Players { human: None, hotseat: false, ai: ru, ua_ai: (ua != ru).then_some(ua) },
        }
    }

    /// The seats of the match the record was made of.
    pub fn seats(&self) -> [Seat; 2] {
        Side::BOTH.map(
            |s| {
                if self.hotseat || self.human == Some(s) {
                    Seat::Human
                } else {
                    Seat::Computer(self.level(s))
                }
            },
        )
    }

    /// The computer's level for a side, if the computer plays it.
    pub fn level(&self, s: Side) -> AiLevel {
        match s {
            Side::Ua => self.ua_ai.unwrap_or(self.ai),
            Side::Ru => self.ai,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordFile {
    pub format: String,
    pub version: u32,
    /// Scenario id or path, as it was loaded.
    pub scenario: String,
    /// `--set KEY=VALUE` settings, in the order applied.
    #[serde(default)]
    pub settings: Vec<String>,
    pub seed: u64,
    pub players: Players,
    pub days: Vec<DayRecord>,
    /// Instructors' notes added by hand, shown by the replay viewer on their day (see
    /// `data::annotation`). Optional and left out when empty, so records without it load as
    /// before and files written without notes are unchanged: no version bump. They change no
    /// game state, so a record with notes still verifies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<AnnotationFile>,
}

impl RecordFile {
    pub fn of(game: &Game, scenario: &str, settings: &[String], players: Players) -> RecordFile {
        RecordFile {
            format: FORMAT.into(),
            version: VERSION,
            scenario: scenario.into(),
            settings: settings.to_vec(),
            seed: game.seed(),
            players,
            days: game.record().to_vec(),
            annotations: Vec::new(),
        }
    }

    /// Loads the scenario with the recorded settings, ready for a new game.
    pub fn setup(&self) -> Result<Loaded, String> {
        let mut l = data::load_scenario(&self.scenario, self.seed).map_err(|e| e.to_string())?;
        for kv in &self.settings {
            data::settings::apply(&mut l, kv)?;
        }
        l.setup.seed = self.seed;
        Ok(l)
    }

    /// The record's annotations checked against the scenario's map and resolved to cells: a
    /// note may name any day of the record, 0 (the start) to its last.
    pub fn annotations_on(&self, map: &Map) -> Result<Vec<Annotation>, Fault> {
        let days = self.days.len() as u32;
        annotation::resolve(&self.annotations, map, days, &format!("the record has {days} days"))
    }
}

/// Writes text to `path` atomically, creating its folder if need be: a temporary file beside
/// it, flushed to disk, renamed over.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| format!("{}: not a file name", path.display()))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: could not create the folder: {e}", dir.display()))?;
    let tmp: PathBuf = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        // Make the rename itself durable.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: could not save: {e}", path.display())
    })
}

/// A record as the text written to its file.
pub fn to_text(rec: &RecordFile) -> Result<String, String> {
    let text =
        ron::ser::to_string_pretty(rec, ron::ser::PrettyConfig::default().depth_limit(3)).map_err(|e| e.to_string())?;
    Ok(format!(
        "// attrition game record (format {VERSION}): scenario, settings, seed, and each day's orders\n{text}\n"
    ))
}

/// Saves a record.
pub fn save(path: &Path, rec: &RecordFile) -> Result<(), String> {
    let text = to_text(rec).map_err(|e| format!("{}: {e}", path.display()))?;
    write_atomic(path, &text)
}

/// Reads a record, refusing other formats, other versions and damaged files with a clear message.
pub fn load(path: &Path) -> Result<RecordFile, String> {
    let file = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| format!("{file}: {e}"))?;
    if meta.len() > MAX_BYTES {
        return Err(format!("{file}: {} bytes is more than a record can be ({MAX_BYTES})", meta.len()));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{file}: {e}"))?;
    // Read the header first, so a newer file is named as such rather than as a syntax error.
    #[derive(Deserialize)]
    struct Header {
        format: String,
        version: u32,
    }
    let opts = ron::Options::default();
    match opts.from_str::<ron::Value>(&text) {
        Err(e) => {
            return Err(format!(
                "{file}:{}:{}: {} (the file is damaged or not a record)",
                e.span.start.line, e.span.start.col, e.code
            ))
        }
        Ok(v) => {
            let h: Header = v
                .into_rust()
                .map_err(|_| format!("{file}: not an attrition record (no `format` and `version` fields)"))?;
            if h.format != FORMAT {
                return Err(format!("{file}: not an attrition record (format `{}`)", h.format));
            }
            if h.version > VERSION {
                return Err(format!(
                    "{file}: made by a newer attrition (record version {}; this build reads up to {VERSION}); update attrition to open it",
                    h.version
                ));
            }
            if h.version < VERSION {
                return Err(format!("{file}: record version {} is older than this build reads ({VERSION})", h.version));
            }
        }
    }
    let rec = data::parse_ron::<RecordFile>(&file, &text).map_err(|e| e.to_string())?;
    if !rec.annotations.is_empty() {
        // Places can only be checked on the scenario's map; the notes are refused here, with
        // their line and column, rather than when the viewer reaches their day.
        let l = rec.setup().map_err(|e| format!("{file}: {e}"))?;
        rec.annotations_on(&l.setup.map).map_err(|f| annotation::error(&file, &text, &f).to_string())?;
    }
    Ok(rec)
}

/// Where autosaves and saved games go: `$ATTRITION_DATA_DIR/saves` if that is set, else the
/// `saves` folder of the user's data directory, or None if there is none.
pub fn autosave_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("ATTRITION_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d).join("saves"));
    }
    directories::ProjectDirs::from("", "", "attrition").map(|d| d.data_dir().join("saves"))
}

/// A scenario id made safe as a file name (letters, digits, `-` and `_`).
pub fn file_stem(scenario_id: &str) -> String {
    let s: String =
        scenario_id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    if s.is_empty() {
        "game".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_stems() {
        assert_eq!(super::file_stem("a/b c"), "a_b_c");
    }
}

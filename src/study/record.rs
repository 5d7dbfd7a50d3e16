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
use crate::sim::orders::Order;
use crate::sim::scenario::Annotation;
use crate::sim::{DayRecord, Game};

use super::play::Seat;

/// What every record file starts with.
pub const FORMAT: &str = "attrition-record";
/// The version this build writes. Version 2 writes each day on one line, its orders in a
/// compact form (`m12@40,31 d7 …`: see [`compact`]), four times smaller than version 1's, so
/// the longest game (2,000 days of a strong-vs-strong game's orders, about 110 a side a day)
/// is 3.9 MB instead of 17 MB, well within the record limit; version 1 files still load.
pub const VERSION: u32 = 2;
/// The oldest version this build reads.
pub const OLDEST: u32 = 1;
/// Largest record file accepted (the `Record` kind's limit: see `data::read`).
pub const MAX_BYTES: u64 = data::read::Kind::Record.limit();

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

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RecordFile {
    pub format: String,
    pub version: u32,
    /// Scenario id, or (in memory) the path it was loaded from; a record on disk may name only
    /// a built-in scenario id or a scenario file beside it (`save` writes it so).
    pub scenario: String,
    /// `--set KEY=VALUE` settings, in the order applied.
    #[serde(default)]
    pub settings: Vec<String>,
    pub seed: u64,
    pub players: Players,
    /// Every day's orders and state hash (on disk: one compact line a day, or version 1's
    /// structs; both read).
    #[serde(with = "compact")]
    pub days: Vec<DayRecord>,
    /// Instructors' notes added by hand, shown by the replay viewer on their day (see
    /// `data::annotation`). Optional and left out when empty, so records without it load as
    /// before and files written without notes are unchanged: no version bump. They change no
    /// game state, so a record with notes still verifies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotations: Vec<AnnotationFile>,
    /// A seminar's seats (`attrition serve`): each role with its passphrase's Argon2id hash,
    /// so `serve --load` takes the same passphrases (never the passphrases themselves).
    /// Left out of other records, which load as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<SeatKey>,
    /// Changes a white cell made during the game, each from the start of its day on, in the
    /// order made: replaying the record applies them on the same days, so it still verifies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub injections: Vec<Injection>,
    /// The record this game was branched from, and the last day it shares with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Parent>,
    /// A seminar's observers see this side's view, as its white cell allowed (`:observe`);
    /// left out for what both sides know (and in other records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observe: Option<Side>,
    /// The folder of the file it was loaded from: its scenario, unless built in, is the file
    /// of that name there (None for a record made in memory, whose scenario is any path).
    #[serde(skip)]
    pub origin: Option<PathBuf>,
}

/// Two records are the same game whatever folder each was read from.
impl PartialEq for RecordFile {
    fn eq(&self, o: &RecordFile) -> bool {
        (
            &self.format,
            self.version,
            &self.scenario,
            &self.settings,
            self.seed,
            &self.players,
            &self.days,
            &self.annotations,
        ) == (&o.format, o.version, &o.scenario, &o.settings, o.seed, &o.players, &o.days, &o.annotations)
            && (&self.seats, &self.injections, &self.parent, self.observe)
                == (&o.seats, &o.injections, &o.parent, o.observe)
    }
}

/// One seat of a seminar: its role (`ru`, `ua`, `white`, `observer`) and the Argon2id hash
/// of its passphrase, as a PHC string (`$argon2id$v=19$…`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatKey {
    pub role: String,
    pub hash: String,
}

/// A white cell's change to a game in progress: a `setting` (as `--set` writes it) in force
/// from the start of `day` on, or a scripted `event` at the start of `day` (as a scenario file
/// writes it); `by` says who made it (shown in the after-action report).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Injection {
    pub day: u32,
    /// Empty for an event.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub setting: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<crate::data::event::EventKind>,
    #[serde(default)]
    pub by: String,
}

impl Injection {
    /// A setting in force from `day` on.
    pub fn setting(day: u32, kv: &str, by: &str) -> Injection {
        Injection { day, setting: kv.to_string(), event: None, by: by.to_string() }
    }

    /// A scripted event on `day`.
    pub fn event(day: u32, event: crate::data::event::EventKind, by: &str) -> Injection {
        Injection { day, setting: String::new(), event: Some(event), by: by.to_string() }
    }

    /// What it is, as typed: `aid=cutoff`, or the event in the scenario file's syntax.
    pub fn what(&self) -> String {
        match &self.event {
            Some(e) => e.to_ron(),
            None => self.setting.clone(),
        }
    }
}

/// Where a branched game came from: the parent record's file and the last day both share.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parent {
    pub file: String,
    pub day: u32,
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
            seats: Vec::new(),
            injections: Vec::new(),
            parent: None,
            observe: None,
            origin: None,
        }
    }

    /// Where the record's scenario is: a built-in id as it is; for a record from a file, a
    /// scenario file beside it, named without any folder (no other path is followed).
    pub fn scenario_source(&self) -> Result<String, String> {
        let Some(dir) = &self.origin else { return Ok(self.scenario.clone()) };
        if data::SCENARIOS.iter().any(|(id, _, _)| *id == self.scenario) {
            return Ok(self.scenario.clone());
        }
        let bare = Path::new(&self.scenario).file_name().is_some_and(|n| n == std::ffi::OsStr::new(&self.scenario));
        if !bare || self.scenario.starts_with('.') {
            let ids: Vec<&str> = data::SCENARIOS.iter().map(|s| s.0).collect();
            return Err(format!(
                "the record names scenario `{}`: a record may name a built-in scenario ({}) or a scenario file \
                 beside it, by its file name only",
                self.scenario.escape_debug(),
                ids.join(", ")
            ));
        }
        Ok(dir.join(&self.scenario).display().to_string())
    }

    /// Loads the scenario with the recorded settings, ready for a new game.
    pub fn setup(&self) -> Result<Loaded, String> {
        let mut l = data::load_scenario(&self.scenario_source()?, self.seed).map_err(|e| e.to_string())?;
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

/// A new game branched from `rec` after `day`: its days up to then (with their notes and
/// changes), then fresh play with `settings` in force from day `day + 1`; the new record
/// names its parent (`parent_file`) and the day. The parent is not changed.
pub fn branch(rec: &RecordFile, parent_file: &str, day: u32, settings: &[String]) -> Result<RecordFile, String> {
    let days = rec.days.len() as u32;
    if day > days {
        return Err(format!("the record has {days} days: cannot branch after day {day}"));
    }
    let mut b = rec.clone();
    b.days.truncate(day as usize);
    b.annotations.retain(|a| a.day <= day);
    b.injections.retain(|i| i.day <= day);
    for kv in settings {
        b.injections.push(Injection::setting(day + 1, kv, "branch"));
    }
    b.parent = Some(Parent { file: parent_file.into(), day });
    Ok(b)
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

/// A record as the text written to its file (the version this build writes, whatever the
/// record was read as).
pub fn to_text(rec: &RecordFile) -> Result<String, String> {
    let rec = RecordFile { version: VERSION, ..rec.clone() };
    let text = ron::ser::to_string_pretty(&rec, ron::ser::PrettyConfig::default().depth_limit(2))
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "// attrition game record (format {VERSION}): scenario, settings, seed, and each day's orders \
         (`{}`)\n{text}\n",
        compact::LEGEND
    ))
}

/// Saves a record. A record of a scenario file names it by its file name, and the file is
/// copied beside the record if it is not there already, so the record loads wherever it goes.
pub fn save(path: &Path, rec: &RecordFile) -> Result<(), String> {
    let at = |e: String| format!("{}: {e}", path.display());
    let text = match portable_scenario(path, &rec.scenario).map_err(at)? {
        Some(name) => to_text(&RecordFile { scenario: name, ..rec.clone() }),
        None => to_text(rec),
    }
    .map_err(at)?;
    // Never write a file this build would refuse to read.
    if text.len() as u64 > MAX_BYTES {
        return Err(at(format!(
            "the record would be {} bytes, more than a record may be ({}); it was not written",
            text.len(),
            data::read::size(MAX_BYTES)
        )));
    }
    write_atomic(path, &text)
}

/// For a record to be saved at `path` whose scenario is a file (not a built-in id): the file
/// name it is to be known by, after copying it (and a map file it names beside it) into the
/// record's folder when it is elsewhere. None when the scenario is built in or already bare.
fn portable_scenario(path: &Path, scenario: &str) -> Result<Option<String>, String> {
    if data::SCENARIOS.iter().any(|(id, _, _)| *id == scenario) {
        return Ok(None);
    }
    let src = Path::new(scenario);
    let Some(name) = src.file_name() else { return Ok(None) };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let copy = |from: &Path, name: &std::ffi::OsStr| -> Result<(), String> {
        let to = dir.join(name);
        let same = match (std::fs::canonicalize(from), std::fs::canonicalize(&to)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same || !from.is_file() {
            return Ok(());
        }
        let text = data::read_file_of(from, data::read::Kind::Scenario).map_err(|e| e.to_string())?;
        match std::fs::read_to_string(&to) {
            Ok(there) if there == text => Ok(()),
            Ok(_) => Err(format!(
                "a different file named {} is already in {}: the record's scenario must be beside it under its own name",
                name.to_string_lossy(),
                dir.display()
            )),
            Err(_) => write_atomic(&to, &text),
        }
    };
    copy(src, name)?;
    // The scenario's map, when it is a file named beside the scenario.
    if let Ok(text) = data::read_file_of(src, data::read::Kind::Scenario) {
        if let Ok(sf) = data::parse_ron::<data::scenario::ScenarioFile>(scenario, &text) {
            let map = Path::new(&sf.map);
            if !data::MAPS.iter().any(|(id, _, _)| *id == sf.map) && map.file_name() == Some(map.as_os_str()) {
                let from = src.parent().unwrap_or(Path::new(".")).join(map);
                copy(&from, map.as_os_str())?;
            }
        }
    }
    Ok(Some(name.to_string_lossy().into_owned()))
}

/// The compact form of a day on disk (record version 2): `RU|UA|HASH`, each side's orders
/// separated by spaces, each order a letter, the unit's id and its cell: `m12@40,31` move,
/// `a` assault, `w` withdraw, `s` drone sector, `i` interdict, `f` fire, `c` commit a reserve;
/// `h12` hold, `d12` hold and dig in; the state hash in hexadecimal. Version 1's structs
/// (`(ru: [Move(unit: (12), to: (x: 40, y: 31))], …)`) are read too.
pub mod compact {
    use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde::{Deserialize, Serializer};

    use crate::sim::components::UnitId;
    use crate::sim::map::Cell;
    use crate::sim::orders::Order;
    use crate::sim::DayRecord;

    /// The most days a record can hold: the longest turn limit.
    pub const MAX_DAYS: usize = 2000;

    /// What the header comment says of the form.
    pub const LEGEND: &str = "each day RU|UA|hash; m move, a assault, w withdraw, s sector, i interdict, f fire, \
                              c commit: letter unit@x,y; h hold, d dig in: letter unit";

    fn order(o: &Order) -> String {
        let cell = |l: char, u: UnitId, c: Cell| format!("{l}{}@{},{}", u.0, c.x, c.y);
        match *o {
            Order::Move { unit, to } => cell('m', unit, to),
            Order::Assault { unit, target } => cell('a', unit, target),
            Order::Withdraw { unit, to } => cell('w', unit, to),
            Order::SetDroneSector { unit, centre } => cell('s', unit, centre),
            Order::Interdict { unit, route } => cell('i', unit, route),
            Order::Fire { unit, target } => cell('f', unit, target),
            Order::CommitReserve { unit, to } => cell('c', unit, to),
            Order::Hold { unit, dig_in } => format!("{}{}", if dig_in { 'd' } else { 'h' }, unit.0),
        }
    }

    /// One day in the compact form.
    pub fn day(d: &DayRecord) -> String {
        let side = |os: &[Order]| os.iter().map(order).collect::<Vec<_>>().join(" ");
        format!("{}|{}|{:016x}", side(&d.ru), side(&d.ua), d.state_hash)
    }

    fn parse_order(t: &str) -> Option<Order> {
        let mut chars = t.chars();
        let letter = chars.next()?;
        let rest = chars.as_str();
        let (unit, at) = match rest.split_once('@') {
            Some((u, at)) => (u, Some(at)),
            None => (rest, None),
        };
        let unit = UnitId(unit.parse().ok()?);
        let cell = || -> Option<Cell> {
            let (x, y) = at?.split_once(',')?;
            Some(Cell::new(x.parse().ok()?, y.parse().ok()?))
        };
        Some(match (letter, at.is_some()) {
            ('m', true) => Order::Move { unit, to: cell()? },
            ('a', true) => Order::Assault { unit, target: cell()? },
            ('w', true) => Order::Withdraw { unit, to: cell()? },
            ('s', true) => Order::SetDroneSector { unit, centre: cell()? },
            ('i', true) => Order::Interdict { unit, route: cell()? },
            ('f', true) => Order::Fire { unit, target: cell()? },
            ('c', true) => Order::CommitReserve { unit, to: cell()? },
            ('h', false) => Order::Hold { unit, dig_in: false },
            ('d', false) => Order::Hold { unit, dig_in: true },
            _ => return None,
        })
    }

    /// A day from its compact form, or what is wrong with it (never quoting more than a token).
    pub fn parse_day(s: &str) -> Result<DayRecord, String> {
        let mut parts = s.split('|');
        let (Some(ru), Some(ua), Some(hash), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err("expected RU orders|UA orders|state hash".into());
        };
        let side = |t: &str| -> Result<Vec<super::Order>, String> {
            t.split_whitespace()
                .map(|o| {
                    parse_order(o).ok_or_else(|| {
                        let shown: String = o.chars().take(24).collect();
                        format!("`{}` is not an order", shown.escape_debug())
                    })
                })
                .collect()
        };
        let state_hash = u64::from_str_radix(hash.trim(), 16).map_err(|_| "the state hash is not 16 hex digits")?;
        Ok(DayRecord { ru: side(ru)?, ua: side(ua)?, state_hash })
    }

    pub fn serialize<S: Serializer>(days: &[DayRecord], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(days.iter().map(day))
    }

    /// One day as either form.
    struct AnyDay(DayRecord);

    impl<'de> Deserialize<'de> for AnyDay {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<AnyDay, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = AnyDay;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a day: \"RU|UA|hash\" or (ru: [...], ua: [...], state_hash: N)")
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<AnyDay, E> {
                    parse_day(v).map(AnyDay).map_err(E::custom)
                }
                fn visit_map<A: MapAccess<'de>>(self, m: A) -> Result<AnyDay, A::Error> {
                    DayRecord::deserialize(de::value::MapAccessDeserializer::new(m)).map(AnyDay)
                }
            }
            d.deserialize_any(V)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<DayRecord>, D::Error> {
        struct Days;
        impl<'de> Visitor<'de> for Days {
            type Value = Vec<DayRecord>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of days")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<DayRecord>, A::Error> {
                let mut out = Vec::new();
                while let Some(AnyDay(d)) = seq.next_element()? {
                    // No game lasts longer (the turn limit's range): more is not a record.
                    if out.len() >= MAX_DAYS {
                        return Err(de::Error::custom(format!("more than {MAX_DAYS} days, longer than any game")));
                    }
                    out.push(d);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Days)
    }
}

/// The `format` and `version` a record's text starts with, read from its first few
/// kilobytes without parsing the rest (so a file that is not a record, or a newer one, is
/// named as such at once, whatever its size).
fn header(text: &str) -> Option<(String, Option<u32>)> {
    let mut end = text.len().min(8 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    let value = |key: &str| -> Option<&str> {
        let at = head.find(&format!("{key}:"))?;
        let rest = head[at + key.len() + 1..].trim_start();
        let end = rest.find([',', ')', '\n']).unwrap_or(rest.len());
        Some(rest[..end].trim())
    };
    let format = value("format")?.trim_matches('"').to_string();
    Some((format, value("version").and_then(|v| v.parse().ok())))
}

/// Reads a record, refusing other formats, other versions and damaged files with a clear
/// message: within the record size limit (from the file's metadata, before reading; devices,
/// pipes and folders at once: see `data::read`), its header read before anything is parsed.
pub fn load(path: &Path) -> Result<RecordFile, String> {
    let file = path.display().to_string();
    let text = data::read_file_of(path, data::read::Kind::Record).map_err(|e| e.to_string())?;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    from_text(&file, &text, dir)
}

/// A record from its text, as [`load`] reads it: `file` names it in messages, `dir` is the
/// folder its scenario file (if it is not built in) must be in.
pub fn from_text(file: &str, text: &str, dir: &Path) -> Result<RecordFile, String> {
    if text.len() as u64 > MAX_BYTES {
        return Err(format!("{file}: {} is more than a record may be", data::read::size(text.len() as u64)));
    }
    match header(text) {
        Some((format, _)) if format != FORMAT => {
            let shown: String = format.chars().take(40).collect();
            return Err(format!("{file}: not an attrition record (format `{}`)", shown.escape_debug()));
        }
        None | Some((_, None)) => {
            return Err(format!(
                "{file}: not an attrition record (it does not start with `format: \"{FORMAT}\"` and a version), or it is damaged"
            ))
        }
        Some((_, Some(v))) if v > VERSION => {
            return Err(format!(
                "{file}: made by a newer attrition (record version {v}; this build reads up to {VERSION}); update attrition to open it"
            ))
        }
        Some((_, Some(v))) if v < OLDEST => {
            return Err(format!("{file}: record version {v} is older than this build reads ({OLDEST}..={VERSION})"))
        }
        Some(_) => {}
    }
    let mut rec = data::parse_ron::<RecordFile>(file, text).map_err(|e| match e {
        data::LoadError::Syntax { file, line, col, msg } => {
            format!("{file}:{line}:{col}: {msg} (the file is damaged or not a record)")
        }
        other => other.to_string(),
    })?;
    rec.origin = Some(dir.to_path_buf());
    if !rec.annotations.is_empty() {
        // Places can only be checked on the scenario's map; the notes are refused here, with
        // their line and column, rather than when the viewer reaches their day.
        let l = rec.setup().map_err(|e| format!("{file}: {e}"))?;
        rec.annotations_on(&l.setup.map).map_err(|f| annotation::error(file, text, &f).to_string())?;
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

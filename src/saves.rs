//! The saves folder: every game writes to a file of its own, so starting one never replaces
//! another's save; a file changed behind a game's back is kept as a backup before the game
//! writes there; saved games are listed with their day and side, and deleted only on request.
//!
//! A game's file is named after its scenario and the time it started
//! (`pokrovsk-toretsk-20250601-143210.ron`, UTC), chosen when it first saves; a name already
//! taken gets `-2`, `-3`, …. Saves by hand are `<game>-day<N>.ron` beside it, again never over
//! a different file. Files are written atomically by [`record::save`].

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::study::record::{self, Players, RecordFile};

/// What a file looked like when a game last read or wrote it: its size and modification
/// time. Anything else there now was written by someone else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// The file's stamp now, or None if there is no file.
    pub fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::symlink_metadata(path).ok()?;
        Some(Stamp { len: m.len(), modified: m.modified().ok() })
    }
}

/// The file a game autosaves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// Not chosen yet: at the first save, a free name from the scenario and this start time.
    New { started: SystemTime },
    /// This file, as the game last saw it (None: it has not seen it yet).
    File { path: PathBuf, seen: Option<Stamp> },
    /// Resumed from this file (as it was when read): saving goes on there when it is a game's
    /// file in the saves folder (not a save by hand, a backup or a file elsewhere, which stay
    /// as they are); otherwise the game gets a file of its own, as if started at `started`.
    Resumed { path: PathBuf, seen: Option<Stamp>, started: SystemTime },
}

/// Where a save went, and where the file it would have replaced was kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    pub backup: Option<PathBuf>,
}

impl Slot {
    /// A game started now.
    pub fn new_game() -> Slot {
        Slot::New { started: SystemTime::now() }
    }

    /// A game resumed from `path`, read just now.
    pub fn resumed(path: &Path) -> Slot {
        Slot::Resumed { path: path.to_path_buf(), seen: Stamp::of(path), started: SystemTime::now() }
    }

    /// The file name's stem this game saves under in `dir` (choosing it if need be).
    fn stem(&mut self, dir: &Path, scenario_id: &str) -> String {
        if let Slot::Resumed { path, seen, started } = self {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let in_dir = path.parent().is_some_and(|p| same_dir(p, dir));
            *self = if in_dir && is_game_name(&name) {
                Slot::File { path: path.clone(), seen: *seen }
            } else {
                Slot::New { started: *started }
            };
        }
        if let Slot::New { started } = *self {
            let stem = format!("{}-{}", record::file_stem(scenario_id), timestamp(started));
            *self = Slot::File { path: free_name(dir, &stem, ""), seen: None };
        }
        match self {
            Slot::File { path, .. } => {
                path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "game".into())
            }
            Slot::New { .. } | Slot::Resumed { .. } => unreachable!("chosen above"),
        }
    }

    /// The game's file, once chosen.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Slot::File { path, .. } => Some(path),
            Slot::New { .. } | Slot::Resumed { .. } => None,
        }
    }

    /// Writes the game's record to its file in `dir`. If the file there is not the one this
    /// game last saw (another game, another copy of the program, a hand edit), it is first
    /// renamed to a free `<name>-backup-N.ron`, never overwritten.
    pub fn write(&mut self, dir: &Path, scenario_id: &str, rec: &RecordFile) -> Result<Written, String> {
        let stem = self.stem(dir, scenario_id);
        let Slot::File { path, seen } = self else { unreachable!("stem chooses the file") };
        let mut backup = None;
        if let Some(now) = Stamp::of(path) {
            if Some(now) != *seen {
                let to = free_name(dir, &format!("{stem}-backup"), "-");
                std::fs::rename(&*path, &to)
                    .map_err(|e| format!("{}: could not keep the file there as a backup: {e}", path.display()))?;
                backup = Some(to);
            }
        }
        record::save(path, rec)?;
        *seen = Stamp::of(path);
        Ok(Written { path: path.clone(), backup })
    }

    /// Saves a copy by hand after day `day`: `<game>-day<N>.ron`, or `-day<N>-2.ron`, … when a
    /// different file has that name (the same game saved twice on a day writes one file).
    pub fn write_copy(&mut self, dir: &Path, scenario_id: &str, day: u32, rec: &RecordFile) -> Result<PathBuf, String> {
        let stem = format!("{}-day{day}", self.stem(dir, scenario_id));
        let text = record::to_text(rec)?;
        let mut path = dir.join(format!("{stem}.ron"));
        if path.exists() && std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
            path = free_name(dir, &stem, "-");
        }
        record::write_atomic(&path, &text)?;
        Ok(path)
    }
}

/// Whether two folders are the same one (either may be relative or not exist yet).
fn same_dir(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// `DIR/<stem>.ron` if no file has that name, else the first free `<stem><sep>N.ron` from 2
/// (from 1 for backups, whose stem already ends in `-backup`).
fn free_name(dir: &Path, stem: &str, sep: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.ron"));
    if sep.is_empty() && std::fs::symlink_metadata(&first).is_err() {
        return first;
    }
    let sep = if sep.is_empty() { "-" } else { sep };
    let start = if stem.ends_with("-backup") { 1 } else { 2 };
    (start..)
        .map(|n| dir.join(format!("{stem}{sep}{n}.ron")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("some number is free")
}

/// `20250601-143210` (UTC) for a time.
pub fn timestamp(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!("{y:04}{m:02}{d:02}-{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Whether a file name is a game's own file: a `.ron` that is not hidden or temporary, not a
/// save by hand (`…-dayN`) and not a backup (`…-backup-N`).
pub fn is_game_name(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".ron") else { return false };
    if stem.is_empty() || stem.starts_with('.') {
        return false;
    }
    let numbered = |tail: &str| -> bool {
        stem.rsplit_once(tail).is_some_and(|(_, n)| {
            let n = n
                .split_once('-')
                .map_or(n, |(n, again)| if again.bytes().all(|b| b.is_ascii_digit()) { n } else { "x" });
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())
        })
    };
    !numbered("-day") && !numbered("-backup-")
}

/// A saved game the start screen offers to continue.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedGame {
    pub path: PathBuf,
    pub name: String,
    pub modified: Option<SystemTime>,
    pub scenario: String,
    /// Days played.
    pub days: u32,
    pub players: Players,
}

/// Every game in `dir` that a person plays and that loads (its own file, not the copies saved
/// by hand, backups or AI-vs-AI records: the `f` list shows those), newest first.
pub fn games(dir: &Path) -> Vec<SavedGame> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<SavedGame> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !is_game_name(&name) {
                return None;
            }
            let r = record::load(&e.path()).ok()?;
            if r.players.human.is_none() && !r.players.hotseat {
                return None;
            }
            Some(SavedGame {
                modified: e.metadata().ok().and_then(|m| m.modified().ok()),
                path: e.path(),
                name,
                scenario: r.scenario,
                days: r.days.len() as u32,
                players: r.players,
            })
        })
        .collect();
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| a.name.cmp(&b.name)));
    out
}

/// Deletes a saved game's file (the interface asks first).
pub fn delete(path: &Path) -> Result<(), String> {
    std::fs::remove_file(path).map_err(|e| format!("{}: could not delete: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_game_name("pokrovsk-toretsk.ron"));
        assert!(is_game_name("pokrovsk-toretsk-20250601-143210.ron"));
        assert!(is_game_name("pokrovsk-toretsk-20250601-143210-2.ron"));
        assert!(!is_game_name("pokrovsk-toretsk-day12.ron"));
        assert!(!is_game_name("pokrovsk-toretsk-20250601-143210-day12-2.ron"));
        assert!(!is_game_name("pokrovsk-toretsk-20250601-143210-backup-1.ron"));
        assert!(!is_game_name(".pokrovsk-toretsk.ron.123.tmp"));
        assert!(!is_game_name(".x.ron"));
        assert!(!is_game_name("x.txt"));
    }

    #[test]
    fn timestamps_are_utc_dates() {
        assert_eq!(timestamp(UNIX_EPOCH), "19700101-000000");
        // 2025-06-01 14:32:10 UTC
        assert_eq!(timestamp(UNIX_EPOCH + std::time::Duration::from_secs(1_748_788_330)), "20250601-143210");
        // a leap day
        assert_eq!(timestamp(UNIX_EPOCH + std::time::Duration::from_secs(951_782_400)), "20000229-000000");
    }
}

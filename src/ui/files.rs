//! Saved games and records from the start screen (`f`): every record in the saves folder —
//! autosaves, saves, and records copied there from `attrition sim --record` — newest first,
//! to watch in the replay viewer, read as an after-action report, or play on from.
//!
//! A file that does not load is listed with the loader's message and cannot be opened, so a
//! damaged save is visible rather than silently skipped.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::study::record::{self, Players};

use super::app::{App, Popup, Screen};
use super::keymap::{self, Action};

/// What the list shows of a record that loads.
#[derive(Clone, Debug, PartialEq)]
pub struct FileInfo {
    pub scenario: String,
    pub seed: u64,
    pub days: u32,
    pub players: Players,
    /// Instructors' notes written into the record.
    pub notes: usize,
}

/// One `.ron` file of the saves folder.
#[derive(Clone, Debug)]
pub struct FileEntry {
    pub path: PathBuf,
    pub name: String,
    pub modified: Option<SystemTime>,
    /// The record's summary, or why it does not load.
    pub info: Result<FileInfo, String>,
}

/// The list and the chosen file.
#[derive(Clone, Debug)]
pub struct FilesView {
    pub dir: PathBuf,
    pub entries: Vec<FileEntry>,
    pub at: usize,
}

/// Every `.ron` file in `dir` (not temporary or hidden ones), newest first, then by name.
pub fn list(dir: &Path) -> Vec<FileEntry> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<FileEntry> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".ron") || name.starts_with('.') {
                return None;
            }
            let path = e.path();
            let info = record::load(&path).map(|r| FileInfo {
                scenario: r.scenario.clone(),
                seed: r.seed,
                days: r.days.len() as u32,
                players: r.players,
                notes: r.annotations.len(),
            });
            Some(FileEntry { modified: e.metadata().ok().and_then(|m| m.modified().ok()), path, name, info })
        })
        .collect();
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then_with(|| a.name.cmp(&b.name)));
    out
}

/// Rows a page moves by.
const PAGE: usize = 10;

impl App {
    /// Opens the list of saved games and records (from the start screen).
    pub fn open_files(&mut self) {
        let Some(dir) = self.save_dir.clone() else {
            return self.complain("No saves folder (no user data folder; set ATTRITION_DATA_DIR).");
        };
        let entries = list(&dir);
        let n = entries.len();
        self.files = Some(FilesView { dir: dir.clone(), entries, at: 0 });
        self.screen = Screen::Files;
        if n == 0 {
            self.say(format!("No saved games or records in {} yet.", dir.display()));
        } else {
            self.say("Enter watches the replay · c plays on · A the after-action report · Esc back");
        }
    }

    /// The chosen file, for the question before deleting it.
    pub fn chosen_file(&self) -> Option<&FileEntry> {
        self.files.as_ref().and_then(|v| v.entries.get(v.at))
    }

    /// Deletes the chosen file (asked first: `Popup::ConfirmDelete`) and lists the folder again.
    pub(super) fn delete_chosen_file(&mut self) {
        let Some(e) = self.chosen_file().cloned() else { return };
        match crate::saves::delete(&e.path) {
            Err(why) => self.complain(why),
            Ok(()) => {
                if let Some(v) = &mut self.files {
                    v.entries = list(&v.dir);
                    v.at = v.at.min(v.entries.len().saturating_sub(1));
                }
                self.say(format!("Deleted {}.", e.name));
            }
        }
    }

    /// Back from the replay viewer to the list it was opened from, if it was.
    pub(super) fn back_to_files(&mut self) -> bool {
        if self.files.is_none() || !self.is_replay() {
            return false;
        }
        self.session = None;
        self.selected = None;
        self.screen = Screen::Files;
        self.say("Enter watches the replay · c plays on · A the after-action report · Esc back");
        true
    }

    pub(super) fn act_files(&mut self, a: Action) {
        let Some(v) = &mut self.files else {
            self.screen = Screen::Start;
            return;
        };
        if let Some(at) = keymap::list_step(v.at, v.entries.len(), PAGE, a) {
            v.at = at;
            return;
        }
        match a {
            Action::Confirm | Action::AfterAction | Action::Continue => {
                let Some(e) = v.entries.get(v.at).cloned() else {
                    return self.complain("There is no file to open.");
                };
                if let Err(why) = &e.info {
                    return self.complain(format!("Cannot open it: {why}"));
                }
                let opened = if a == Action::Continue {
                    self.resume_path(&e.path)
                } else {
                    match record::load(&e.path) {
                        Ok(rec) => self.open_replay(rec, &e.name),
                        Err(why) => Err(why),
                    }
                };
                match opened {
                    Err(why) => self.complain(why),
                    // Playing on leaves the list behind; the viewer comes back to it.
                    Ok(()) if a == Action::Continue => self.files = None,
                    Ok(()) if a == Action::AfterAction => self.open_aar(),
                    Ok(()) => {}
                }
            }
            Action::Delete => {
                if v.entries.get(v.at).is_some() {
                    self.popup = Some(Popup::ConfirmDelete);
                } else {
                    self.complain("There is no file to delete.");
                }
            }
            Action::Back => {
                self.files = None;
                self.screen = Screen::Start;
                self.start.scan(self.save_dir.as_deref());
            }
            _ => {}
        }
    }
}

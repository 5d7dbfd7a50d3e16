//! Saved games and records from the start screen (`f`): every record in the saves folder —
//! autosaves, saves, and records copied there from `attrition sim --record` — newest first,
//! to watch in the replay viewer, read as an after-action report, or play on from.
//!
//! A file that does not load is listed with the loader's message and cannot be opened, so a
//! damaged save is visible rather than silently skipped.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::study::record::{self, Players};

use super::super::action::Action;
use super::super::keymap::{self, Ctx};
use super::super::session::Session;
use super::super::shared::{Popup, Ui};
use super::aar::AarScreen;
use super::play::PlayScreen;
use super::replay::ReplayScreen;
use super::{Go, Resume, Screen};

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
pub struct FilesScreen {
    /// The built-in scenarios' ids and titles, for the chosen file's details.
    pub titles: Vec<(String, String)>,
    pub dir: PathBuf,
    pub entries: Vec<FileEntry>,
    pub at: usize,
    /// `Popup::ConfirmDelete` while asking whether to delete the chosen file.
    pub popup: Option<Popup>,
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

/// What the list says of itself on the hint line.
const KEYS: &str = "Enter watches the replay · c plays on · A the after-action report · D deletes · Esc back";

impl FilesScreen {
    /// The list of saved games and records in `dir`.
    pub fn open(dir: &Path, titles: Vec<(String, String)>, ui: &mut Ui) -> FilesScreen {
        let entries = list(dir);
        if entries.is_empty() {
            ui.say(format!("No saved games or records in {} yet.", dir.display()));
        } else {
            ui.say(KEYS);
        }
        FilesScreen { titles, dir: dir.to_path_buf(), entries, at: 0, popup: None }
    }

    /// A scenario's title if it is a built-in one, else its id.
    pub fn title_of(&self, scenario: &str) -> String {
        self.titles.iter().find(|(id, _)| id == scenario).map(|(_, t)| t.clone()).unwrap_or_else(|| scenario.into())
    }

    /// The chosen file.
    pub fn chosen(&self) -> Option<&FileEntry> {
        self.entries.get(self.at)
    }

    pub fn update(&mut self, a: Action, ui: &mut Ui) -> Go {
        if self.popup == Some(Popup::ConfirmDelete) {
            match a {
                Action::Yes => {
                    self.popup = None;
                    self.delete_chosen(ui);
                }
                Action::No | Action::Back => {
                    self.popup = None;
                    ui.say("Nothing deleted.");
                }
                _ => {}
            }
            return Go::Stay;
        }
        if let Some(at) = keymap::list_step(self.at, self.entries.len(), PAGE, a) {
            self.at = at;
            return Go::Stay;
        }
        match a {
            Action::PlayAgain => {
                let Some(e) = self.entries.get(self.at).cloned() else {
                    ui.complain("There is no file to play again.");
                    return Go::Stay;
                };
                match Session::play_again_path(&e.path) {
                    Ok(s) => Go::Reset(Screen::Play(Box::new(PlayScreen::played_again(s, ui)))),
                    Err(why) => {
                        ui.complain(why);
                        Go::Stay
                    }
                }
            }
            Action::Confirm | Action::AfterAction | Action::Continue => {
                let Some(e) = self.entries.get(self.at).cloned() else {
                    ui.complain("There is no file to open.");
                    return Go::Stay;
                };
                if let Err(why) = &e.info {
                    ui.complain(format!("Cannot open it: {why}"));
                    return Go::Stay;
                }
                if a == Action::Continue {
                    // Playing on leaves the list behind.
                    return match Session::open_saved(&e.path) {
                        Ok(s) => Go::Reset(Screen::Play(Box::new(PlayScreen::resumed(s, ui)))),
                        Err(u) => {
                            let why = unresumable(u, ui, Ctx::Files);
                            ui.complain(why);
                            Go::Stay
                        }
                    };
                }
                let rec = match record::load(&e.path) {
                    Ok(r) => r,
                    Err(why) => {
                        ui.complain(why);
                        return Go::Stay;
                    }
                };
                // The viewer comes back to the list (Esc), and so does its report.
                // A game still going opens as its player saw it (see `report::reader_of`).
                let viewer = match ReplayScreen::open(rec, &e.name, None, false, true, ui) {
                    Ok(v) => v,
                    Err(why) => {
                        ui.complain(why);
                        return Go::Stay;
                    }
                };
                if a == Action::AfterAction {
                    let report = AarScreen::open(&viewer.board, ui);
                    let mut screens = vec![Screen::Replay(Box::new(viewer))];
                    screens.extend(report.map(|r| Screen::Aar(Box::new(r))));
                    return Go::Push(screens);
                }
                Go::push(Screen::Replay(Box::new(viewer)))
            }
            Action::Delete => {
                if self.chosen().is_some() {
                    self.popup = Some(Popup::ConfirmDelete);
                } else {
                    ui.complain("There is no file to delete.");
                }
                Go::Stay
            }
            Action::Back => Go::Pop(Resume::Back),
            _ => Go::Stay,
        }
    }

    /// Deletes the chosen file (asked first) and lists the folder again.
    fn delete_chosen(&mut self, ui: &mut Ui) {
        let Some(e) = self.chosen().cloned() else { return };
        match crate::saves::delete(&e.path) {
            Err(why) => ui.complain(why),
            Ok(()) => {
                self.entries = list(&self.dir);
                self.at = self.at.min(self.entries.len().saturating_sub(1));
                ui.say(format!("Deleted {}.", e.name));
            }
        }
    }

    /// Back from the replay viewer.
    pub fn resume(&mut self, ui: &mut Ui) {
        ui.say(KEYS);
    }
}

/// Why a saved game does not resume, and, when it was made under other rules, the key that
/// plays it again under today's rules.
pub fn unresumable(u: crate::ui::session::Unresumable, ui: &Ui, ctx: Ctx) -> String {
    if !u.diverged {
        return u.why;
    }
    format!(
        "{}. {} plays its orders again under this version's rules, as a new game (this file is kept).",
        u.why,
        ui.keys.hint(ctx, Action::PlayAgain)
    )
}

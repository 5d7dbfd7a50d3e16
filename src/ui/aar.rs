//! The after-action report in the interface: the same report `attrition report FILE` prints,
//! built from the game's record, so the screen, the export and the command always agree.
//!
//! It opens once the game is over (the whole game is then public: a report in the middle of
//! a game would show the enemy's reserves and losses through the fog) and on any day of a
//! replay, where it covers the whole record and Enter goes to the chosen event.

use std::path::PathBuf;

use crate::study::record;
use crate::study::report::{self, KeyEvent, Report};

use super::app::{App, Mode, Screen};
use super::keymap::{self, Action};

/// Which half of the report a narrow screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AarPane {
    Charts,
    Events,
}

/// The report on screen and where the reader is in it.
#[derive(Clone, Debug)]
pub struct AarView {
    pub report: Report,
    /// Only key events of this kind (one of [`report::KINDS`]), or all.
    pub filter: Option<&'static str>,
    /// The chosen key event, an index into [`AarView::events`].
    pub at: usize,
    pub pane: AarPane,
    /// The screen to return to.
    pub back: Screen,
}

impl AarView {
    pub fn new(report: Report, back: Screen) -> AarView {
        AarView { report, filter: None, at: 0, pane: AarPane::Events, back }
    }

    /// The key events that pass the filter, in the order they happened.
    pub fn events(&self) -> Vec<&KeyEvent> {
        self.report.key_events.iter().filter(|e| self.filter.is_none_or(|k| e.kind == k)).collect()
    }

    /// The next filter: all, then each kind the report holds, then all again.
    fn cycle_filter(&mut self) {
        let present: Vec<&'static str> =
            report::KINDS.into_iter().filter(|k| self.report.key_events.iter().any(|e| e.kind == *k)).collect();
        self.filter = match self.filter {
            None => present.first().copied(),
            Some(k) => present.iter().position(|x| *x == k).and_then(|i| present.get(i + 1)).copied(),
        };
        self.at = 0;
    }
}

/// Rows a page of key events moves by.
const PAGE: usize = 10;

impl App {
    /// Opens the after-action report of the game on screen, or says why it cannot.
    pub fn open_aar(&mut self) {
        let Some(s) = &self.session else { return };
        let rec = match &s.replay {
            Some(rv) => rv.record.clone(),
            None if !s.game().is_over() => {
                return self.complain(
                    "The after-action report opens when the game is over (R shows the day report; \
                     attrition report FILE works on any save).",
                )
            }
            None => s.record_file(),
        };
        match report::from_record(&rec) {
            Ok(r) => {
                let n = r.key_events.len();
                self.aar = Some(AarView::new(r, self.screen));
                self.screen = Screen::AfterAction;
                self.say(format!(
                    "After-action report: {n} key events · ↑↓ choose · t filter · x export{} · Esc closes",
                    if self.is_replay() { " · Enter goes there" } else { "" }
                ));
            }
            Err(e) => self.complain(format!("No report: {e}")),
        }
    }

    fn close_aar(&mut self) {
        if let Some(v) = self.aar.take() {
            self.screen = v.back;
        } else {
            self.screen = Screen::Play;
        }
    }

    pub(super) fn act_aar(&mut self, a: Action) {
        let replay = self.is_replay();
        let Some(v) = &mut self.aar else {
            self.screen = Screen::Play;
            return;
        };
        if let Some(at) = keymap::list_step(v.at, v.events().len(), PAGE, a) {
            v.at = at;
            return;
        }
        match a {
            Action::FilterKind => {
                v.cycle_filter();
                let text = match v.filter {
                    Some(k) => format!("Key events: {k} only ({})", v.events().len()),
                    None => format!("Key events: all ({})", v.events().len()),
                };
                self.say(text);
            }
            Action::Page => {
                v.pane = match v.pane {
                    AarPane::Charts => AarPane::Events,
                    AarPane::Events => AarPane::Charts,
                }
            }
            Action::Confirm if replay => {
                let Some(e) = v.events().get(v.at).map(|e| (*e).clone()) else {
                    return self.complain("No key event to go to.");
                };
                self.close_aar();
                self.screen = Screen::Play;
                self.mode = Mode::Normal;
                self.goto_event(&e);
            }
            Action::Confirm => self.complain("Enter goes to an event's day in a replay (attrition replay FILE)."),
            Action::Export => self.export_aar(),
            Action::Back | Action::AfterAction => self.close_aar(),
            _ => {}
        }
    }

    /// Writes the report as Markdown, CSV and JSON into the saves folder, each file atomically.
    fn export_aar(&mut self) {
        let Some(v) = &self.aar else { return };
        let Some(dir) = self.save_dir.clone() else {
            return self.complain("No folder for reports (no user data folder; set ATTRITION_DATA_DIR).");
        };
        let r = &v.report;
        let stem = format!("report-{}-seed{}-day{}", record::file_stem(&r.scenario), r.seed, r.days);
        let files: [(PathBuf, String); 3] = [
            (dir.join(format!("{stem}.md")), report::markdown(r)),
            (dir.join(format!("{stem}.csv")), report::csv(r)),
            (dir.join(format!("{stem}.json")), report::json(r)),
        ];
        for (path, text) in &files {
            if let Err(e) = record::write_atomic(path, text) {
                return self.complain(format!("Export failed: {e}"));
            }
        }
        self.say(format!("Report written: {} (.md, .csv, .json)", dir.join(stem).display()));
    }
}

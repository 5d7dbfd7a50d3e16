//! The after-action report in the interface: the same report `attrition report FILE` prints,
//! built from the game's record, so the screen, the export and the command always agree.
//!
//! It opens once the game is over (the whole game is then public: a report in the middle of
//! a game would show the enemy's reserves and losses through the fog) and on any day of a
//! replay, where it covers the whole record and Enter goes to the chosen event.

use std::path::PathBuf;

use crate::study::record;
use crate::study::report::{self, KeyEvent, Report};

use super::super::action::Action;
use super::super::board::Board;
use super::super::keymap;
use super::super::shared::Ui;
use super::{Go, Resume};

/// Which half of the report a narrow screen shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AarPane {
    Charts,
    Events,
}

/// The report on screen and where the reader is in it.
#[derive(Clone, Debug)]
pub struct AarScreen {
    pub report: Report,
    /// Only key events of this kind (one of [`report::KINDS`]), or all.
    pub filter: Option<&'static str>,
    /// The chosen key event, an index into [`AarScreen::events`].
    pub at: usize,
    pub pane: AarPane,
    /// Opened from the replay viewer: Enter goes to the chosen event there.
    pub in_replay: bool,
}

/// Rows a page of key events moves by.
const PAGE: usize = 10;

impl AarScreen {
    pub fn new(report: Report, in_replay: bool) -> AarScreen {
        AarScreen { report, filter: None, at: 0, pane: AarPane::Events, in_replay }
    }

    /// The report of the game on `board`, or None with the reason on the hint line.
    pub fn open(board: &Board, ui: &mut Ui) -> Option<AarScreen> {
        let s = &board.session;
        let rec = match &s.replay {
            Some(rv) => rv.record.clone(),
            None if !s.game().is_over() => {
                ui.complain(
                    "The after-action report opens when the game is over (R shows the day report; \
                     attrition report FILE works on any save).",
                );
                return None;
            }
            None => s.record_file(),
        };
        // The player's own report at the end of its game (its stream, the enemy's figures
        // estimated); in the viewer, a finished game's full report, a game still going as the
        // side shown saw it.
        let reader = match &s.replay {
            Some(rv) if !rv.one_side => None,
            _ => Some(s.viewer),
        };
        match report::from_record(&rec, reader) {
            Ok(r) => {
                let n = r.key_events.len();
                let replay = s.replay.is_some();
                ui.say(format!(
                    "After-action report: {n} key events · ↑↓ choose · t filter · x export{} · Esc closes",
                    if replay { " · Enter goes there" } else { "" }
                ));
                Some(AarScreen::new(r, replay))
            }
            Err(e) => {
                ui.complain(format!("No report: {e}"));
                None
            }
        }
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

    pub fn update(&mut self, a: Action, ui: &mut Ui) -> Go {
        if let Some(at) = keymap::list_step(self.at, self.events().len(), PAGE, a) {
            self.at = at;
            return Go::Stay;
        }
        match a {
            Action::FilterKind => {
                self.cycle_filter();
                let text = match self.filter {
                    Some(k) => format!("Key events: {k} only ({})", self.events().len()),
                    None => format!("Key events: all ({})", self.events().len()),
                };
                ui.say(text);
            }
            Action::Page => {
                self.pane = match self.pane {
                    AarPane::Charts => AarPane::Events,
                    AarPane::Events => AarPane::Charts,
                }
            }
            Action::Confirm if self.in_replay => {
                let Some(e) = self.events().get(self.at).map(|e| (*e).clone()) else {
                    ui.complain("No key event to go to.");
                    return Go::Stay;
                };
                return Go::Pop(Resume::GotoEvent(e));
            }
            Action::Confirm => ui.complain("Enter goes to an event's day in a replay (attrition replay FILE)."),
            Action::Export => self.export(ui),
            Action::Picture => ui.write_pictures(&crate::study::svg::report_charts(&self.report)),
            Action::Back | Action::AfterAction => return Go::Pop(Resume::Back),
            _ => {}
        }
        Go::Stay
    }

    /// Writes the report as Markdown, CSV and JSON into the saves folder, each file atomically.
    fn export(&self, ui: &mut Ui) {
        let Some(dir) = ui.save_dir.clone() else {
            return ui.complain("No folder for reports (no user data folder; set ATTRITION_DATA_DIR).");
        };
        let r = &self.report;
        let stem = format!("report-{}-seed{}-day{}", record::file_stem(&r.scenario), r.seed, r.days);
        let files: [(PathBuf, String); 3] = [
            (dir.join(format!("{stem}.md")), report::markdown(r)),
            (dir.join(format!("{stem}.csv")), report::csv(r)),
            (dir.join(format!("{stem}.json")), report::json(r)),
        ];
        for (path, text) in &files {
            if let Err(e) = record::write_atomic(path, text) {
                return ui.complain(format!("Export failed: {e}"));
            }
        }
        ui.say(format!("Report written: {} (.md, .csv, .json)", dir.join(stem).display()));
    }
}

//! The replay viewer (`attrition replay FILE`, or Enter in the saved-games list): a record
//! stepped day by day and phase by phase, forward and back, from one side's view or both; the
//! map, overlays, log and reports as in a game, but no orders. Instructors' notes show on
//! their day and phase; `p` turns the viewer into presenter mode.

use crate::sim::map::Side;
use crate::study::play::{Match, Replay};
use crate::study::record::RecordFile;
use crate::study::report::KeyEvent;

use super::super::action::Action;
use super::super::board::{Board, Mode, Zoom};
use super::super::keymap::Ctx;
use super::super::session::{Chronicle, Session, Watch};
use super::super::shared::{PromptFor, Ui};
use super::aar::AarScreen;
use super::whatif::WhatIfState;
use super::{Go, Resume, Screen};

/// A record in the viewer.
pub struct ReplayScreen {
    pub board: Board,
    /// Opened over another screen (the saved-games list): Esc with nothing selected goes back.
    pub over: bool,
}

impl ReplayScreen {
    /// Opens a record at day 0 (a record that does not replay is an error, and nothing opens).
    /// A game still going opens as one side saw it (`side`, else its human player), unless
    /// `reveal`; see `report::reader_of`.
    pub fn open(
        rec: RecordFile,
        file: &str,
        side: Option<crate::sim::map::Side>,
        reveal: bool,
        over: bool,
        ui: &mut Ui,
    ) -> Result<ReplayScreen, String> {
        let session = Session::replay(rec, file, side, reveal)?;
        let watch = session.replay.as_ref().map(|r| r.watch).unwrap_or(Watch::Both);
        ui.say(format!("Replay of {file}: ] next day · . next phase · s whose view ({}) · ? every key", watch.name()));
        Ok(ReplayScreen { board: Board::new(session, ui.size), over })
    }

    pub fn ctx(&self) -> Ctx {
        match self.board.mode {
            Mode::Normal => Ctx::Viewer,
            Mode::Target(_) => Ctx::Target,
            Mode::Log => Ctx::Log,
            Mode::Orders(_) => Ctx::Orders,
            Mode::Resolution => Ctx::Resolution,
            Mode::Report => Ctx::Report,
        }
    }

    /// `b`: asks for the new game's settings (`KEY=VALUE …`, as `--set` takes them; none to
    /// play on as the record stood), then branches ([`ReplayScreen::branch_with`]).
    fn branch(&self, day: u32, ui: &mut Ui) -> Go {
        if self.board.session.replay.is_none() {
            return Go::Stay;
        }
        ui.ask(
            PromptFor::Branch { day },
            format!("New game from day {day} · settings (KEY=VALUE …; Enter: none; Esc: back):"),
        );
        Go::Stay
    }

    /// A new game from `day` of the record shown, as `play --load FILE --from-day N --set …`
    /// starts one: the record's days up to it, then fresh play with `settings` (typed,
    /// space-separated) in force from the next day; its record names this one and the day.
    pub fn branch_with(&self, day: u32, settings: &str, ui: &mut Ui) -> Go {
        let Some(rv) = &self.board.session.replay else { return Go::Stay };
        let name = std::path::Path::new(&rv.file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| rv.file.clone());
        let settings: Vec<String> = settings.split_whitespace().map(str::to_string).collect();
        match Session::branch(&rv.record, &name, day, &settings) {
            Ok(s) => {
                let play = super::play::PlayScreen::resumed(s, ui);
                ui.say(format!(
                    "A new game from day {day} of {name}{}: it saves to a file of its own (the record stays).",
                    if settings.is_empty() { String::new() } else { format!(" with {}", settings.join(" ")) }
                ));
                Go::Reset(Screen::Play(Box::new(play)))
            }
            Err(e) => {
                ui.complain(format!("No branch from day {day}: {e}"));
                Go::Stay
            }
        }
    }

    fn total(&self) -> u32 {
        self.board.session.replay_days()
    }

    pub fn update(&mut self, a: Action, ui: &mut Ui) -> Go {
        match self.board.mode {
            Mode::Log => self.board.act_log(a, ui),
            Mode::Report if a == Action::Back => self.board.mode = Mode::Normal,
            Mode::Report if a == Action::Picture => super::play::report_pictures(&self.board, ui),
            Mode::Normal => return self.act_viewer(a, ui),
            _ => {}
        }
        Go::Stay
    }

    fn act_viewer(&mut self, a: Action, ui: &mut Ui) -> Go {
        let day = self.board.game().day();
        let notes_before = self.note_keys();
        // Esc with nothing selected goes back to the list the replay was opened from.
        if a == Action::Back && self.board.selected.is_none() && self.over {
            return Go::Pop(Resume::Back);
        }
        match a {
            Action::Present => return Go::toggle_presenter(),
            Action::Next => self.step_phase(1, ui),
            Action::Prev => self.step_phase(-1, ui),
            Action::NextDay => self.goto_day(day + 1, false, ui),
            Action::PrevDay => self.goto_day(day.saturating_sub(1), false, ui),
            Action::FirstDay => self.goto_day(0, false, ui),
            Action::LastDay => self.goto_day(self.total(), false, ui),
            Action::Watch => self.cycle_watch(ui),
            Action::Picture => self.ask_picture(ui),
            Action::Scroll(n) => self.board.scroll_resolution(n),
            Action::Autoplay | Action::Faster | Action::Slower => {
                let text = self.board.autoplay.act(a);
                ui.say(text);
            }
            Action::Order(_)
            | Action::Hold { .. }
            | Action::CancelOrder
            | Action::CancelAll
            | Action::EndDay
            | Action::Save
            | Action::Lesson => ui.complain("This is a replay: no orders can be given (] next day, . next phase)."),
            Action::Report => {
                if day > 0 {
                    self.board.mode = Mode::Report;
                } else {
                    ui.complain("No day has been played yet: ] goes to day 1.");
                }
            }
            Action::AfterAction => {
                if let Some(r) = AarScreen::open(&self.board, ui) {
                    return Go::push(Screen::Aar(Box::new(r)));
                }
            }
            Action::WhatIf => return WhatIfState::open_for(&self.board.session),
            Action::Branch => return self.branch(day, ui),
            Action::Back => {
                if self.board.selected.take().is_some() {
                    ui.say("Selection cleared.");
                } else {
                    ui.say("Nothing to back out of: q quits, ? shows every key.");
                }
            }
            other => {
                self.board.common(other, ui);
            }
        }
        if self.note_keys() != notes_before {
            self.follow_note();
        }
        Go::Stay
    }

    /// Time passing: the next phase of an autoplaying record, across days; it stops at the end.
    pub fn tick(&mut self, dt: std::time::Duration, ui: &mut Ui) -> Go {
        if self.board.mode != Mode::Normal || !self.board.autoplay.due(dt) {
            return Go::Stay;
        }
        if self.at_end() {
            self.board.autoplay.on = false;
            ui.say("The end of the record: autoplay stops (Home goes back to the start).");
            return Go::Stay;
        }
        self.update(Action::Next, ui)
    }

    /// Asks for a picture of the screen as drawn (presenter mode: the slide); the run loop
    /// writes it once the screen is drawn.
    pub fn ask_picture(&self, ui: &mut Ui) {
        let s = &self.board.session;
        let phase =
            s.resolution.as_ref().and_then(|r| r.phases.get(r.at)).map(|(p, _)| format!("{p:?}").to_lowercase());
        let what = if self.board.presenting { "presenter" } else { "replay" };
        let name = format!(
            "{what}-{}-day{}{}.svg",
            crate::study::record::file_stem(&s.game().scenario().id),
            s.game().day(),
            phase.map(|p| format!("-{p}")).unwrap_or_default()
        );
        ui.picture = Some(name);
    }

    /// The last phase of the record's last day is shown.
    pub fn at_end(&self) -> bool {
        let s = &self.board.session;
        let last_phase = s.resolution.as_ref().is_none_or(|r| r.at + 1 >= r.phases.len());
        s.game().day() >= self.total() && last_phase
    }

    /// Back from the after-action report: to the chosen key event, if one was chosen.
    pub fn resume(&mut self, r: Resume, ui: &mut Ui) {
        if let Resume::GotoEvent(e) = r {
            self.board.mode = Mode::Normal;
            self.goto_event(&e, ui);
        }
    }

    /// Whose view: Russia, Ukraine, both.
    pub fn cycle_watch(&mut self, ui: &mut Ui) {
        let b = &mut self.board;
        let s = &mut b.session;
        let Some(rv) = &mut s.replay else { return };
        if rv.one_side {
            return ui.complain(format!(
                "This game is still going: it is shown as {} saw it. `attrition replay FILE --reveal` \
                 shows both sides ({}).",
                rv.watch.name(),
                crate::study::report::REVEAL_SPOILS
            ));
        }
        rv.watch = rv.watch.next();
        let w = rv.watch;
        s.omniscient = w == Watch::Both;
        s.viewer = match w {
            Watch::Side(x) => x,
            Watch::Both => Side::Ru,
        };
        b.selected = None;
        s.refresh();
        let at = s.resolution.as_ref().map(|r| r.at).unwrap_or(0);
        let day = s.game().day();
        if day > 0 {
            let mut r = s.resolution_of(day, false);
            r.at = at.min(r.phases.len().saturating_sub(1));
            s.resolution = Some(r);
        }
        ui.say(format!("Viewing as {}", w.name()));
    }

    /// Shows the record after `day` days (clamped), at the day's first phase (`last`: its last).
    /// The next day is one step of the engine; any other day is replayed from the start.
    pub fn goto_day(&mut self, day: u32, last: bool, ui: &mut Ui) {
        let total = self.total();
        let day = day.min(total);
        let s = &mut self.board.session;
        let Some(rv) = &s.replay else { return };
        let now = s.game().day();
        if day != now + 1 && day != now {
            // Any other day: replayed from the start to the day before, then stepped to it.
            let to = day.saturating_sub(1) as usize;
            let mut chronicle = Chronicle::default();
            let replayed = Replay::of(&rv.record).and_then(|r| {
                chronicle = Chronicle::new(r.game());
                r.run(to, |g, r| chronicle.push(g, &r))
            });
            match replayed {
                Ok(g) => {
                    s.play = Match::new(g, s.play.seats());
                    s.chronicle = chronicle;
                }
                Err(e) => return ui.complain(format!("{}: {e}", rv.file)),
            }
        }
        if day != now && day > 0 {
            // One step of the engine, from the pictures before it (for the day's frames).
            s.remember_day_start();
            let Some(rv) = &s.replay else { return };
            let d = s.game().day() as usize;
            // A white cell's changes due that day, as when it was played.
            if !rv.record.injections.is_empty() {
                let due = crate::study::play::Source::of(&rv.record)
                    .and_then(|src| s.play.inject_due(&src, &rv.record.injections));
                if let Err(e) = due {
                    return ui.complain(format!("{}: {e}", rv.file));
                }
            }
            let Some(rv) = &s.replay else { return };
            match s.play.replay_day(&rv.record.days[d]) {
                Ok(rep) => s.record_day(&rep),
                Err(e) => return ui.complain(format!("{}: {e}", rv.file)),
            }
        }
        s.refresh();
        s.resolution = if day > 0 { Some(s.resolution_of(day, last)) } else { None };
        let text = match &s.resolution {
            Some(r) => match r.phases.get(r.at) {
                Some((p, v)) => format!("Day {day}/{total}: {} ({} events)", p.name(), v.len()),
                None => format!("Day {day}/{total}: nothing seen from this side"),
            },
            None => format!("The start: day 0 of {total}. ] or . steps forward."),
        };
        self.board.log_scroll = 0;
        ui.say(text);
    }

    /// Shows a key event of the after-action report: its day (first phase), with the cursor
    /// on its cell when it has one.
    pub fn goto_event(&mut self, e: &KeyEvent, ui: &mut Ui) {
        self.goto_day(e.day, false, ui);
        if let Some(c) = e.cell {
            self.board.cursor = c;
            self.board.centre();
        }
        ui.say(format!("Day {}: {}", e.day, e.text));
    }

    /// The next (or previous) phase, across days.
    pub fn step_phase(&mut self, step: i32, ui: &mut Ui) {
        let total = self.total();
        let s = &mut self.board.session;
        let day = s.game().day();
        match &mut s.resolution {
            Some(r) if step > 0 && r.at + 1 < r.phases.len() => {
                r.at += 1;
                r.scroll = 0;
            }
            Some(r) if step < 0 && r.at > 0 => {
                r.at -= 1;
                r.scroll = 0;
            }
            _ if step > 0 => {
                if day >= total {
                    return ui.complain(format!("That was the last day of the record ({total})."));
                }
                return self.goto_day(day + 1, false, ui);
            }
            _ => {
                if day == 0 {
                    return ui.complain("This is the start of the game.");
                }
                return self.goto_day(day - 1, true, ui);
            }
        }
        if let Some(r) = &s.resolution {
            if let Some((p, v)) = r.phases.get(r.at) {
                ui.say(format!("Day {day}/{total}: {} ({} events)", p.name(), v.len()));
            }
        }
    }

    /// What identifies the notes shown, to tell when a step brings new ones.
    pub fn note_keys(&self) -> Vec<(u32, String)> {
        self.board.session.annotations_now().iter().map(|a| (a.day, a.text.clone())).collect()
    }

    /// When a step brings a note, puts the cursor on the place the shown note marks (so the side
    /// panel describes it) and brings it into view: centred in presenter mode when it is off
    /// screen.
    pub fn follow_note(&mut self) {
        let Some(c) = self.board.session.annotations_now().iter().find_map(|a| a.at) else { return };
        let b = &mut self.board;
        b.cursor = c;
        if !b.presenting {
            return b.keep_cursor_visible();
        }
        if b.zoom == Zoom::Overview {
            return;
        }
        let (vw, vh) = b.viewport_cells();
        let (x0, y0) = b.scroll;
        if c.x < x0 || c.y < y0 || c.x >= x0 + vw || c.y >= y0 + vh {
            b.centre_view_on(c);
        }
    }
}

//! The play screen: a game on the map, its orders and its days. Planning (select a unit, give
//! it an order checked by the engine), ending the day (the computer's orders, one step of the
//! engine, the autosave), the day's resolution phase by phase and its report, the lessons of
//! guided scenarios, and in hot-seat games the hand-over that hides the map between players.
//! When the game is over it shows the result.

use crossterm::event::MouseEvent;
use ratatui::layout::Rect;

use crate::sim::map::Side;
use crate::sim::orders::Order;
use crate::sim::scenario::Lesson;

use super::super::action::Action;
use super::super::board::{Board, Mode, Overlays, Zoom};
use super::super::event_words as ev;
use super::super::keymap::{self, Ctx};
use super::super::session::{route_words, Session};
use super::super::shared::{Popup, PromptFor, Ui};
use super::aar::AarScreen;
use super::lesson::{self, LessonView};
use super::whatif::WhatIfState;
use super::{Go, Resume, Screen, ScreenKind};
use crate::sim::orders::OrderKind;

/// Where the game is: on the map, between two hot-seat players, or over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Map,
    /// Hot-seat: the map is hidden until the named side's player takes the keyboard.
    Handover(Side),
    /// The result of a finished game.
    Result,
}

/// A game in progress.
pub struct PlayScreen {
    pub board: Board,
    pub stage: Stage,
    /// The end-of-day question or the lesson panel.
    pub popup: Option<Popup>,
    /// The lesson steps shown or last shown.
    pub lesson: Option<LessonView>,
    /// The last day whose lessons opened by themselves, per side (0: none yet).
    pub lesson_shown: [u32; 2],
    /// The planned orders before each change today, latest last, with whose they were.
    pub undo: Vec<(Side, Vec<Order>)>,
    /// Units that formed or arrived on the last day, per side, for `N`.
    pub arrivals: [Vec<crate::sim::components::UnitId>; 2],
}

/// The game's charts as SVG pictures, from its record: once the game is over or in a replay
/// (in a game still going on they would show the enemy's exact figures).
pub fn report_pictures(b: &Board, ui: &mut Ui) {
    let s = &b.session;
    let rec = match &s.replay {
        Some(rv) => rv.record.clone(),
        None if s.game().is_over() => s.record_file(),
        None => {
            return ui.complain("The charts are written once the game is over (they would show the enemy's figures).")
        }
    };
    // As the AAR reads it: a finished game's full report in the viewer, else the side's own.
    let reader = match &s.replay {
        Some(rv) if !rv.one_side => None,
        _ => Some(s.viewer),
    };
    match crate::study::report::from_record(&rec, reader) {
        Ok(r) => ui.write_pictures(&crate::study::svg::report_charts(&r)),
        Err(e) => ui.complain(format!("No charts: {e}")),
    }
}

/// How many changes of the planned orders can be undone.
const UNDO_DEPTH: usize = 100;

/// "1 order", "3 orders".
fn count(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

impl PlayScreen {
    /// Shows a freshly built session: the map, or the hand-over screen in hot-seat games.
    fn open(session: Session, ui: &Ui) -> PlayScreen {
        let stage = if session.hotseat() { Stage::Handover(session.viewer) } else { Stage::Map };
        PlayScreen {
            board: Board::new(session, ui.size),
            stage,
            popup: None,
            lesson: None,
            lesson_shown: [0, 0],
            undo: Vec::new(),
            arrivals: [Vec::new(), Vec::new()],
        }
    }

    /// A new game, with the first day's lesson if the scenario has one.
    pub fn started(session: Session, ui: &mut Ui) -> PlayScreen {
        let who =
            if session.hotseat() { "both sides, hot-seat".to_string() } else { session.viewer.name().to_string() };
        let mut p = PlayScreen::open(session, ui);
        ui.say(format!("You play {who}. Tab: next unit · m/a/d/w…: orders · e: end the day · ?: every key"));
        if p.stage == Stage::Map {
            p.open_lessons(true, ui);
        }
        p
    }

    /// A saved game resumed (its result, if it is over).
    pub fn resumed(session: Session, ui: &mut Ui) -> PlayScreen {
        let hotseat = session.hotseat();
        let who = if hotseat { "both sides, hot-seat".to_string() } else { session.viewer.name().to_string() };
        let day = session.game().day();
        let over = session.game().is_over();
        let mut p = PlayScreen::open(session, ui);
        if over {
            p.stage = Stage::Result;
        }
        ui.say(format!("Resumed after day {day}: you play {who}. e ends the day · ? every key"));
        if p.stage == Stage::Map {
            p.open_lessons(true, ui);
        }
        p
    }

    /// [`PlayScreen::resumed`] for a saved game played again under this version's rules
    /// ([`Session::replay_under_current_rules`]): it says so, and where the new game saves.
    pub fn played_again(session: Session, ui: &mut Ui) -> PlayScreen {
        let day = session.game().day();
        let p = PlayScreen::resumed(session, ui);
        ui.say(format!(
            "Played again under this version's rules to day {day} as a new game, saved in a file of its own; the old file is kept"
        ));
        p
    }

    pub fn session(&self) -> &Session {
        &self.board.session
    }

    pub fn kind(&self) -> ScreenKind {
        match self.stage {
            Stage::Map => ScreenKind::Play,
            Stage::Handover(s) => ScreenKind::Handover(s),
            Stage::Result => ScreenKind::Result,
        }
    }

    pub fn ctx(&self) -> Ctx {
        match self.popup {
            Some(Popup::Lesson) => return Ctx::Lesson,
            Some(_) => return Ctx::Confirm,
            None => {}
        }
        match self.stage {
            Stage::Handover(_) => Ctx::Handover,
            Stage::Result => Ctx::Result,
            Stage::Map => match self.board.mode {
                Mode::Normal => Ctx::Map,
                Mode::Target(_) => Ctx::Target,
                Mode::Log => Ctx::Log,
                Mode::Orders(_) => Ctx::Orders,
                Mode::Resolution => Ctx::Resolution,
                Mode::Report => Ctx::Report,
            },
        }
    }

    pub fn update(&mut self, a: Action, ui: &mut Ui) -> Go {
        match self.popup {
            Some(Popup::ConfirmEndDay) => {
                match a {
                    Action::Yes => {
                        self.popup = None;
                        self.end_day(ui);
                    }
                    Action::No | Action::Back => self.popup = None,
                    _ => {}
                }
                return Go::Stay;
            }
            Some(Popup::ConfirmCancelAll) => {
                match a {
                    Action::Yes => {
                        self.popup = None;
                        self.cancel_all(ui);
                    }
                    Action::No | Action::Back => self.popup = None,
                    _ => {}
                }
                return Go::Stay;
            }
            Some(Popup::Lesson) => {
                self.act_lesson(a, ui);
                return Go::Stay;
            }
            _ => {}
        }
        if a == Action::WhiteCell && !matches!(self.stage, Stage::Handover(_)) {
            if ui.white {
                ui.ask(PromptFor::WhiteCell, "white cell:");
            } else {
                ui.complain("The white cell's commands are an instructor's: attrition play --white.");
            }
            return Go::Stay;
        }
        match self.stage {
            Stage::Handover(side) => {
                if a == Action::Confirm {
                    self.take_over(side, ui);
                } else if a == Action::Back {
                    ui.say("Press Enter when the player is at the keyboard, q to quit.");
                }
                Go::Stay
            }
            Stage::Result => match a {
                Action::AfterAction => self.open_aar(ui),
                Action::Back => {
                    self.stage = Stage::Map;
                    self.board.mode = Mode::Normal;
                    ui.say("The game is over: look around the final map; R shows the result again, q quits.");
                    Go::Stay
                }
                _ => Go::Stay,
            },
            Stage::Map => match self.board.mode {
                Mode::Normal => self.act_map(a, ui),
                Mode::Target(v) => {
                    self.act_target(v, a, ui);
                    Go::Stay
                }
                Mode::Log => {
                    self.board.act_log(a, ui);
                    Go::Stay
                }
                Mode::Orders(at) => {
                    self.act_orders(at, a, ui);
                    Go::Stay
                }
                Mode::Resolution => {
                    self.act_resolution(a, ui);
                    Go::Stay
                }
                Mode::Report => {
                    match a {
                        Action::Back => self.close_report(ui),
                        Action::Picture => report_pictures(&self.board, ui),
                        _ => {}
                    }
                    Go::Stay
                }
            },
        }
    }

    pub fn mouse(&mut self, m: MouseEvent, ui: &mut Ui) -> Go {
        if self.popup.is_some() || self.stage != Stage::Map {
            return Go::Stay;
        }
        // The wheel moves through the list of planned orders.
        if let Mode::Orders(at) = self.board.mode {
            use crossterm::event::MouseEventKind as K;
            let n = self.session().orders().len();
            let to = match m.kind {
                K::ScrollUp => at.saturating_sub(1),
                K::ScrollDown => (at + 1).min(n.saturating_sub(1)),
                _ => at,
            };
            self.board.mode = Mode::Orders(to);
            return Go::Stay;
        }
        match self.board.mouse(m, ui) {
            Some(a) => self.update(a, ui),
            None => Go::Stay,
        }
    }

    /// Back from a screen opened over the game.
    pub fn resume(&mut self, r: &Resume, ui: &mut Ui) {
        if *r == Resume::LeftWhatIf && self.stage == Stage::Map {
            let day = self.board.game().day() + 1;
            ui.say(format!("Back to the game, planning day {day}: nothing in it changed."));
        }
    }

    fn open_aar(&mut self, ui: &mut Ui) -> Go {
        match AarScreen::open(&self.board, ui) {
            Some(r) => Go::push(Screen::Aar(Box::new(r))),
            None => Go::Stay,
        }
    }

    // ----- planning -----

    fn act_map(&mut self, a: Action, ui: &mut Ui) -> Go {
        if self.board.common(a, ui) {
            return Go::Stay;
        }
        let b = &mut self.board;
        let planning = matches!(
            a,
            Action::Order(_)
                | Action::Hold { .. }
                | Action::CancelOrder
                | Action::CancelAll
                | Action::Undo
                | Action::EndDay
        );
        if b.session.watching && planning && !b.game_over() {
            ui.complain("You watch this game: the sides give the orders and end their days.");
            return Go::Stay;
        }
        if b.session.remote && matches!(a, Action::Save | Action::WhatIf) {
            // Nothing a client asks may write on the server's disk or take its cores.
            ui.complain(
                "In a seminar the server keeps the record; run studies on your own machine (attrition whatif).",
            );
            return Go::Stay;
        }
        match a {
            Action::Order(v) => {
                if b.game_over() {
                    ui.complain("The game is over.");
                    return Go::Stay;
                }
                let Some(u) = b.selected_unit() else {
                    ui.complain("Select one of your units first (Tab or Enter on it).");
                    return Go::Stay;
                };
                let g = b.game();
                if let Err(why) = b.session.fits(u, v) {
                    ui.complain(format!(
                        "{} cannot {}: {why}. It can: {}",
                        u.label,
                        v.name(),
                        b.order_keys_hint(u, &ui.keys)
                    ));
                    return Go::Stay;
                }
                if let Some(c) = u.cell {
                    // An assault needs an adjacent enemy cell: start on one, so the odds show at once.
                    let viewer = b.session.viewer;
                    let map = g.map();
                    let start = match v {
                        OrderKind::Assault => {
                            map.neighbours(c).find(|n| map.passable(*n) && g.control_at(*n) != viewer).unwrap_or(c)
                        }
                        _ => c,
                    };
                    b.cursor = start;
                    b.keep_cursor_visible();
                }
                b.mode = Mode::Target(v);
                b.preview = b.make_preview(v);
                ui.say(format!("{}: move the cursor to the target, Enter to give the order, Esc to cancel", v.name()));
            }
            Action::Hold { dig_in } => {
                let Some(u) = b.selected_unit() else {
                    ui.complain("Select one of your units first (Tab or Enter on it).");
                    return Go::Stay;
                };
                let id = u.id;
                self.plan(Order::Hold { unit: id, dig_in }, ui);
            }
            Action::CancelOrder => {
                let target = b.selected.or_else(|| {
                    let here = b.own_units_at(b.cursor);
                    here.into_iter().find(|id| b.session.planned_for(*id).is_some())
                });
                let Some(id) = target else {
                    ui.complain("Select a unit whose order to cancel.");
                    return Go::Stay;
                };
                self.cancel_order(id, ui);
            }
            Action::CancelAll => {
                if b.session.orders().is_empty() {
                    ui.complain("There are no planned orders to cancel.");
                } else {
                    self.popup = Some(Popup::ConfirmCancelAll);
                }
            }
            Action::Undo => self.undo(ui),
            Action::Orders => {
                if b.session.orders().is_empty() {
                    ui.complain("No orders planned yet: select a unit (Tab) and give it one.");
                } else {
                    b.mode = Mode::Orders(0);
                    ui.say("Planned orders: Enter goes to one · x cancels it · U undoes · Esc closes");
                }
            }
            Action::NextIdle | Action::PrevIdle => {
                let step = if a == Action::NextIdle { 1 } else { -1 };
                if !b.cycle_where(step, ui, |b, u| b.is_idle(u)) {
                    ui.say("Every unit that can be given an order has one today.");
                }
            }
            Action::SameKind => {
                let Some(kind) = b.selected_unit().map(|u| u.kind) else {
                    ui.complain("Select a unit first: ; then goes through the units of its kind.");
                    return Go::Stay;
                };
                b.cycle_where(1, ui, |_, u| u.kind == kind);
            }
            Action::NewUnits => self.next_arrival(ui),
            Action::EndDay => {
                if b.game_over() {
                    self.stage = Stage::Result;
                } else {
                    self.popup = Some(Popup::ConfirmEndDay);
                }
            }
            Action::Report => {
                if b.game_over() {
                    self.stage = Stage::Result;
                } else if b.game().day() > 0 {
                    b.mode = Mode::Report;
                } else {
                    ui.complain("No day has been played yet.");
                }
            }
            Action::AfterAction => return self.open_aar(ui),
            Action::Lesson => {
                self.open_lessons(false, ui);
            }
            Action::Save => self.save_game(ui),
            Action::WhatIf => return WhatIfState::open_for(&b.session),
            Action::Back => {
                if b.selected.take().is_some() {
                    ui.say("Selection cleared.");
                } else {
                    ui.say("Nothing to back out of: q quits, ? shows every key.");
                }
            }
            _ => {}
        }
        Go::Stay
    }

    /// Keeps the planned orders as they are, for undo, before they change.
    fn remember_orders(&mut self) {
        let s = &self.board.session;
        self.undo.push((s.viewer, s.orders().to_vec()));
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
    }

    /// Undoes the viewer's last change to its planned orders.
    fn undo(&mut self, ui: &mut Ui) {
        let viewer = self.session().viewer;
        let Some(k) = self.undo.iter().rposition(|(side, _)| *side == viewer) else {
            return ui.complain("Nothing to undo today.");
        };
        let (_, before) = self.undo.remove(k);
        let s = &mut self.board.session;
        *s.play.plan(viewer) = before;
        let n = s.orders().len();
        if let Mode::Orders(at) = self.board.mode {
            self.board.mode = Mode::Orders(at.min(n.saturating_sub(1)));
        }
        ui.say(format!("Undone: {} planned, as before the last change.", count(n, "order")));
    }

    fn cancel_order(&mut self, id: crate::sim::components::UnitId, ui: &mut Ui) {
        if self.session().planned_for(id).is_none() {
            return ui.complain("That unit has no planned order.");
        }
        self.remember_orders();
        let s = &mut self.board.session;
        s.play.plan(s.viewer).retain(|o| o.unit() != id);
        let key = ui.keys.hint(Ctx::Map, Action::Undo);
        ui.say(format!("Cancelled the order of {} ({key} undoes).", s.names.label(id)));
    }

    fn cancel_all(&mut self, ui: &mut Ui) {
        self.remember_orders();
        let s = &mut self.board.session;
        let list = s.play.plan(s.viewer);
        let n = list.len();
        list.clear();
        let key = ui.keys.hint(Ctx::Map, Action::Undo);
        ui.say(format!("Cancelled all {} ({key} undoes).", count(n, "planned order")));
    }

    /// The list of planned orders' keys.
    fn act_orders(&mut self, at: usize, a: Action, ui: &mut Ui) {
        let n = self.session().orders().len();
        if let Some(to) = keymap::list_step(at, n, 10, a) {
            self.board.mode = Mode::Orders(to);
            return;
        }
        let Some(o) = self.session().orders().get(at).copied() else {
            self.board.mode = Mode::Normal;
            return;
        };
        match a {
            Action::Confirm => {
                self.board.mode = Mode::Normal;
                self.board.select(o.unit(), true, ui);
            }
            Action::CancelOrder => {
                self.cancel_order(o.unit(), ui);
                let n = self.session().orders().len();
                self.board.mode = if n == 0 { Mode::Normal } else { Mode::Orders(at.min(n - 1)) };
            }
            Action::Undo => self.undo(ui),
            Action::Back => self.board.mode = Mode::Normal,
            _ => {}
        }
    }

    /// Selects the next unit that formed or arrived on the last day.
    fn next_arrival(&mut self, ui: &mut Ui) {
        let viewer = self.session().viewer;
        let list: Vec<_> =
            self.arrivals[viewer.index()].iter().copied().filter(|id| self.session().own(*id).is_some()).collect();
        if list.is_empty() {
            return ui.complain("No units formed or arrived today.");
        }
        let next = match self.board.selected.and_then(|s| list.iter().position(|x| *x == s)) {
            Some(i) => list[(i + 1) % list.len()],
            None => list[0],
        };
        self.board.select(next, true, ui);
    }

    /// What the viewer hears of the units that formed or arrived on the last day.
    fn announce_arrivals(&mut self, ui: &mut Ui) {
        use crate::sim::events::Event;
        let s = &self.board.session;
        let viewer = s.viewer;
        let day = s.game().day();
        let mut ids = Vec::new();
        let mut words = Vec::new();
        for (d, e) in s.events().iter() {
            if *d != day {
                continue;
            }
            let (unit, cell, how) = match e {
                Event::UnitFormed { unit, cell, .. } => (*unit, *cell, "formed"),
                Event::ReserveArrived { unit, cell } | Event::Arrived { unit, cell, .. } => (*unit, *cell, "arrived"),
                _ => continue,
            };
            if s.names.side(unit) != Some(viewer) || ids.contains(&unit) {
                continue;
            }
            ids.push(unit);
            words.push(format!("{} {how} at {}", s.names.label(unit), ev::place_text(cell, s.game().map())));
        }
        if ids.is_empty() {
            return;
        }
        let key = ui.keys.hint(Ctx::Map, Action::NewUnits);
        let n = ids.len();
        let first = words.first().cloned().unwrap_or_default();
        let more = if n > 1 { format!(" and {} more", n - 1) } else { String::new() };
        ui.say(format!("New today: {first}{more} — {key} goes to {}.", if n == 1 { "it" } else { "them" }));
        self.arrivals[viewer.index()] = ids;
    }

    /// Queues an order the engine accepts (replacing the unit's last one), or says why not.
    fn plan(&mut self, o: Order, ui: &mut Ui) -> bool {
        let checked = self.session().game().check(self.session().viewer, &o);
        if checked.is_ok() {
            self.remember_orders();
        }
        let s = &mut self.board.session;
        match checked {
            Ok(()) => {
                let mut text = format!("Planned: {} — {}", s.names.label(o.unit()), ev::order_text(&o, s.game().map()));
                if let Order::Move { to, .. } | Order::Withdraw { to, .. } = o {
                    let withdraw = matches!(o, Order::Withdraw { .. });
                    if let Some((route, today)) = s.route(o.unit(), to, withdraw) {
                        text.push_str(&route_words(&route, today, to));
                    }
                }
                let list = s.play.plan(s.viewer);
                list.retain(|x| x.unit() != o.unit());
                list.push(o);
                ui.say(text);
                true
            }
            Err(e) => {
                ui.complain(format!("Refused by the rules: {e}"));
                false
            }
        }
    }

    fn act_target(&mut self, v: OrderKind, a: Action, ui: &mut Ui) {
        match a {
            Action::Move(dx, dy) => self.board.move_cursor(dx, dy),
            Action::Zoom => self.board.cycle_zoom(ui),
            Action::Centre => self.board.centre(),
            Action::Confirm => {
                let Some(o) = self.board.target_order() else {
                    self.board.mode = Mode::Normal;
                    return;
                };
                if self.plan(o, ui) {
                    self.board.mode = Mode::Normal;
                    self.board.cursor_to_selected();
                }
            }
            Action::Back => {
                self.board.mode = Mode::Normal;
                self.board.cursor_to_selected();
                ui.say(format!("No {} order given.", v.name()));
            }
            // The map's overlay and legend keys work while choosing.
            other => {
                self.board.common(other, ui);
            }
        }
    }

    // ----- saves -----

    /// The autosave after a completed day; a failure is a message, never a panic.
    fn autosave_day(&mut self, ui: &mut Ui) {
        if !ui.autosave {
            return;
        }
        let Some(dir) = ui.save_dir.clone() else { return };
        let s = &mut self.board.session;
        let rec = s.record_file();
        let id = s.game().scenario().id.clone();
        match s.save.write(&dir, &id, &rec) {
            Ok(w) => {
                ui.save_error = None;
                if let Some(b) = w.backup {
                    ui.complain(format!(
                        "{} had been changed by something else: it was kept as {}",
                        w.path.display(),
                        b.display()
                    ));
                }
            }
            Err(e) => {
                ui.complain(format!("Autosave failed: {e}"));
                ui.save_error = Some(e);
            }
        }
    }

    /// The save key: a copy as `<game>-day<N>.ron` in the saves folder.
    fn save_game(&mut self, ui: &mut Ui) {
        let Some(dir) = ui.save_dir.clone() else {
            return ui.complain("No folder for saves (no user data folder; set ATTRITION_DATA_DIR).");
        };
        let s = &mut self.board.session;
        let day = s.game().day();
        let pending = s.play.planned_count();
        let rec = s.record_file();
        let id = s.game().scenario().id.clone();
        match s.save.write_copy(&dir, &id, day, &rec) {
            Ok(path) => {
                ui.save_error = None;
                let note = if pending > 0 { " (today's planned orders are not saved)" } else { "" };
                ui.say(format!("Saved after day {day} to {}{note}", path.display()));
            }
            Err(e) => {
                ui.complain(format!("Save failed: {e}"));
                ui.save_error = Some(e);
            }
        }
    }

    // ----- the day -----

    /// The hand-over is done: `side`'s player sees the map (and the last day, if unseen).
    fn take_over(&mut self, side: Side, ui: &mut Ui) {
        let b = &mut self.board;
        b.session.viewer = side;
        b.session.refresh();
        self.stage = Stage::Map;
        b.mode = Mode::Normal;
        b.selected = None;
        b.focus_front();
        ui.say(format!("{} plans day {}.", side.name(), b.game().day() + 1));
        self.begin_resolution(ui);
        if self.board.mode == Mode::Normal {
            self.open_lessons(true, ui);
        }
    }

    fn end_day(&mut self, ui: &mut Ui) {
        let b = &mut self.board;
        let s = &mut b.session;
        if s.game().is_over() {
            return;
        }
        s.done[s.viewer.index()] = true;
        b.selected = None;
        b.mode = Mode::Normal;
        if s.remote {
            // A seminar's server resolves the day when every side is done (or its white cell
            // says so) and hands it back through `take_day`.
            ui.say(format!(
                "{} has ended its day: waiting for the other side (or the white cell) · orders can still change",
                s.viewer.name()
            ));
            return;
        }
        // Hot-seat: the other player plans next, after a hand-over that hides this side's plan.
        let human = s.human();
        if let Some(next) = Side::BOTH.into_iter().find(|x| human[x.index()] && !s.done[x.index()]) {
            self.stage = Stage::Handover(next);
            return;
        }
        self.resolve_day(ui);
    }

    /// Plays the coming day: the computer's sides get their orders, people's sides keep what
    /// they planned (the changes due today put in force first).
    fn resolve_day(&mut self, ui: &mut Ui) {
        let s = &mut self.board.session;
        s.remember_day_start();
        if let Err(e) = s.inject_due() {
            ui.complain(format!("A change due today could not be made: {e}"));
        }
        let report = s.play.step();
        self.after_day(&report, ui);
    }

    // ----- the white cell (`play --white`) -----

    /// A white cell command typed by the instructor (`:`), carried out on this game as the
    /// seminar's white cell carries it out on its own (`study::white`), recorded the same way.
    pub fn white_command(&mut self, line: &str, ui: &mut Ui) -> Go {
        use crate::study::record::Injection;
        use crate::study::white::{self, Command};
        let cmd = match Command::parse(line) {
            Ok(c) => c,
            Err(e) => {
                ui.complain(e);
                return Go::Stay;
            }
        };
        let s = &mut self.board.session;
        let next = s.game().day() + 1;
        let change = match cmd {
            Command::Pause | Command::Resume => {
                ui.say("A local game waits for you anyway: nothing to pause or resume.");
                return Go::Stay;
            }
            Command::Observe(_) => {
                ui.complain("observe is for a seminar's observers: a local game has none.");
                return Go::Stay;
            }
            Command::Help { event } => {
                ui.say(white::help(event));
                return Go::Stay;
            }
            Command::Resolve => {
                if s.game().is_over() {
                    ui.complain("The game is over.");
                    return Go::Stay;
                }
                s.done = [true, true];
                self.stage = Stage::Map;
                self.popup = None;
                self.resolve_day(ui);
                ui.say(format!("Day {} resolved by the white cell.", self.board.game().day()));
                return Go::Stay;
            }
            Command::Note(text) => {
                let note = white::note(s.game(), &text);
                s.notes.push(note);
                ui.say("Note kept in the game's record (the replay viewer shows it on this day).");
                self.autosave_day(ui);
                return Go::Stay;
            }
            Command::Rollback(day) => return self.white_restart(day, &[], ui),
            Command::Branch(day, settings) => return self.white_restart(day, &settings, ui),
            Command::Set(kv) => Injection::setting(next, &kv, "white"),
            Command::Event(e) => Injection::event(next, e, "white"),
        };
        if s.source.is_none() {
            s.source = Some(crate::study::play::Source {
                scenario: s.scenario_arg.clone(),
                settings: s.settings.clone(),
                seed: s.game().seed(),
            });
        }
        let Some(source) = s.source.clone() else { return Go::Stay };
        let mut injections = std::mem::take(&mut s.injections);
        let done = white::inject(s.game(), &source, &mut injections, change);
        s.injections = injections;
        match done {
            Ok(text) => {
                ui.say(text);
                self.autosave_day(ui);
            }
            Err(e) => ui.complain(e),
        }
        Go::Stay
    }

    /// The white cell's rollback or branch: a new game from the end of `day` (with `settings`
    /// from the next day on), this one kept in its own file in the saves folder.
    fn white_restart(&mut self, day: u32, settings: &[String], ui: &mut Ui) -> Go {
        let s = &mut self.board.session;
        let day = match crate::study::white::past_day(s.game(), day) {
            Ok(d) => d,
            Err(e) => {
                ui.complain(e);
                return Go::Stay;
            }
        };
        let rec = s.record_file();
        let id = s.game().scenario().id.clone();
        let kept = match ui.save_dir.clone() {
            Some(dir) => s.save.write(&dir, &id, &rec).map(|w| w.path),
            None => Err("no saves folder".to_string()),
        };
        let parent = match &kept {
            Ok(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            Err(_) => "an unsaved game".to_string(),
        };
        let viewer = s.viewer;
        match Session::branch(&rec, &parent, day, settings) {
            Ok(mut new) => {
                if new.human()[viewer.index()] {
                    new.viewer = viewer;
                    new.refresh();
                }
                let play = PlayScreen::resumed(new, ui);
                ui.say(match kept {
                    Ok(p) => format!(
                        "A new game from day {day}{}; the game as it stood is kept in {}.",
                        if settings.is_empty() { String::new() } else { format!(" with {}", settings.join(" ")) },
                        p.display()
                    ),
                    Err(e) => format!("A new game from day {day}; the game as it stood was not kept ({e})."),
                });
                Go::Reset(Screen::Play(Box::new(play)))
            }
            Err(e) => {
                ui.complain(format!("No game from day {day}: {e}"));
                Go::Stay
            }
        }
    }

    /// A day resolved by a seminar's server: this game steps the same orders (so its state
    /// hash must be the server's, which the caller checks) and shows the day as a local one.
    pub fn take_day(&mut self, ru: &[Order], ua: &[Order], ui: &mut Ui) -> crate::sim::DayReport {
        let s = &mut self.board.session;
        s.remember_day_start();
        *s.play.plan(Side::Ru) = ru.to_vec();
        *s.play.plan(Side::Ua) = ua.to_vec();
        let report = s.play.step();
        self.popup = self.popup.filter(|p| *p == Popup::Lesson);
        self.after_day(&report, ui);
        report
    }

    /// What follows a day played: its events, the next day's plans cleared, the day shown
    /// phase by phase (or the hand-over in hot-seat games), the autosave.
    fn after_day(&mut self, report: &crate::sim::DayReport, ui: &mut Ui) {
        let s = &mut self.board.session;
        let human = s.human();
        s.record_day(report);
        s.done = [false, false];
        self.undo.clear();
        self.arrivals = [Vec::new(), Vec::new()];
        for side in Side::BOTH {
            if human[side.index()] {
                s.unseen[side.index()] = Some(report.day);
            }
        }
        if s.hotseat() {
            self.stage = Stage::Handover(Side::Ru);
        } else {
            s.refresh();
            self.begin_resolution(ui);
        }
        self.autosave_day(ui);
    }

    /// Shows the viewer's unseen day phase by phase, if there is one.
    fn begin_resolution(&mut self, ui: &mut Ui) {
        let s = &mut self.board.session;
        let Some(day) = s.unseen[s.viewer.index()].take() else { return };
        s.resolution = Some(s.resolution_of(day, false));
        self.board.mode = Mode::Resolution;
        ui.say("The day resolves: Enter next phase · ← previous · s or Esc skip to the report");
    }

    fn act_resolution(&mut self, a: Action, ui: &mut Ui) {
        let b = &mut self.board;
        match a {
            Action::Scroll(n) => return b.scroll_resolution(n),
            Action::Autoplay | Action::Faster | Action::Slower => {
                let text = b.autoplay.act(a);
                return ui.say(text);
            }
            _ => {}
        }
        let Some(r) = &mut b.session.resolution else {
            b.mode = Mode::Report;
            return;
        };
        match a {
            Action::Next if r.at + 1 < r.phases.len() => {
                r.at += 1;
                r.scroll = 0;
            }
            Action::Prev => {
                r.at = r.at.saturating_sub(1);
                r.scroll = 0;
            }
            Action::Next | Action::Back => {
                b.mode = Mode::Report;
                b.autoplay.on = false;
                ui.say("Day report: Enter or Esc closes it; R shows it again.");
            }
            _ => {}
        }
    }

    /// Time passing: the next phase of an autoplaying day; it stops on the day's last phase.
    pub fn tick(&mut self, dt: std::time::Duration, ui: &mut Ui) -> Go {
        let b = &mut self.board;
        if b.mode != Mode::Resolution || self.popup.is_some() || !b.autoplay.due(dt) {
            return Go::Stay;
        }
        let Some(r) = &mut b.session.resolution else { return Go::Stay };
        if r.at + 1 < r.phases.len() {
            r.at += 1;
            r.scroll = 0;
        }
        if r.at + 1 >= r.phases.len() {
            b.autoplay.on = false;
            let key = ui.keys.hint(Ctx::Resolution, Action::Next);
            ui.say(format!("The day's last phase: {key} shows the day report."));
        }
        Go::Stay
    }

    fn close_report(&mut self, ui: &mut Ui) {
        self.board.mode = Mode::Normal;
        ui.message = None;
        if self.board.game_over() {
            self.stage = Stage::Result;
        } else if !self.open_lessons(true, ui) {
            self.announce_arrivals(ui);
        }
    }

    // ----- lessons -----

    /// The day being planned and the indices of its lesson steps for the viewer.
    pub fn lessons_today(&self) -> (u32, Vec<usize>) {
        let s = self.session();
        let day = s.game().day() + 1;
        let steps = s
            .game()
            .scenario()
            .lessons
            .iter()
            .enumerate()
            .filter(|(_, l)| l.day == day && l.side.is_none_or(|x| x == s.viewer))
            .map(|(i, _)| i)
            .collect();
        (day, steps)
    }

    /// Whether the scenario being played has any lessons.
    pub fn has_lessons(&self) -> bool {
        !self.board.game().scenario().lessons.is_empty()
    }

    /// Opens the day's lesson steps. `auto`: when a day begins, once per day and side, and
    /// silently if there are none.
    fn open_lessons(&mut self, auto: bool, ui: &mut Ui) -> bool {
        let viewer = self.session().viewer;
        if self.board.game_over() || self.stage != Stage::Map {
            return false;
        }
        let (day, steps) = self.lessons_today();
        if auto && self.lesson_shown[viewer.index()] >= day {
            return false;
        }
        if steps.is_empty() {
            if !auto {
                if self.has_lessons() {
                    ui.complain(format!("No lesson for day {day}."));
                } else {
                    ui.complain("This scenario has no lessons (try the `tutorial` scenario).");
                }
            }
            return false;
        }
        self.lesson_shown[viewer.index()] = day;
        self.lesson = Some(LessonView { day, steps, at: 0, scroll: 0 });
        self.popup = Some(Popup::Lesson);
        self.board.mode = Mode::Normal;
        ui.message = None;
        self.apply_lesson_step();
        true
    }

    /// The lesson step on screen.
    pub fn lesson_step(&self) -> Option<&Lesson> {
        let lv = self.lesson.as_ref()?;
        self.board.game().scenario().lessons.get(*lv.steps.get(lv.at)?)
    }

    /// Centres the map on the step's focus and switches on its overlay.
    fn apply_lesson_step(&mut self) {
        use crate::sim::scenario::LessonOverlay as LO;
        let viewer = self.session().viewer;
        let Some(step) = self.lesson_step() else { return };
        let (focus, overlay) = (step.focus, step.overlay);
        if let Some(o) = overlay {
            let mut ov = Overlays::default();
            match o {
                LO::Coverage => ov.coverage = Some(viewer),
                LO::EnemyCoverage => ov.coverage = Some(viewer.other()),
                LO::SideCoverage(side) => ov.coverage = Some(side),
                LO::Supply => ov.supply = true,
                LO::Detection => ov.detection = true,
                LO::Control => ov.control = true,
                LO::Off => {}
            }
            self.board.overlays = ov;
        }
        if let Some(c) = focus {
            self.board.cursor = c;
            self.board.selected = None;
            self.centre_above_lesson();
        }
    }

    /// Where the lesson panel is on the board's screen.
    pub fn lesson_rect(&self) -> Option<Rect> {
        let step = self.lesson_step()?;
        let size = self.board.size;
        Some(lesson::panel_rect(step, self.board.game().map(), self.session().viewer, Rect::new(0, 0, size.0, size.1)))
    }

    /// Centres the cursor in the part of the map the lesson panel leaves visible.
    fn centre_above_lesson(&mut self) {
        let Some(panel) = self.lesson_rect() else { return };
        let b = &mut self.board;
        let l = b.layout();
        let (vw, vh) = b.viewport_cells();
        let visible = match b.zoom {
            Zoom::Overview => vh,
            _ => (panel.y.saturating_sub(l.map.y).min(l.map.height) as i16).max(1),
        };
        b.scroll = (b.cursor.x - vw / 2, b.cursor.y - visible / 2);
        b.clamp_scroll();
    }

    fn act_lesson(&mut self, a: Action, ui: &mut Ui) {
        let Some(lv) = &mut self.lesson else {
            self.popup = None;
            return;
        };
        let n = lv.steps.len();
        match a {
            Action::Next if lv.at + 1 < n => {
                lv.at += 1;
                lv.scroll = 0;
                self.apply_lesson_step();
            }
            Action::Prev if lv.at > 0 => {
                lv.at -= 1;
                lv.scroll = 0;
                self.apply_lesson_step();
            }
            Action::Next => ui.complain("That was the day's last step: Enter closes the lesson."),
            Action::Prev => ui.complain("This is the day's first step."),
            Action::Move(0, dy) => {
                let max = match self.lesson_step() {
                    Some(step) => {
                        lesson::max_scroll(step, self.board.game().map(), self.session().viewer, self.board.size)
                    }
                    None => 0,
                };
                if let Some(lv) = &mut self.lesson {
                    lv.scroll = (lv.scroll as i32 + dy as i32).clamp(0, max as i32) as u16;
                }
            }
            Action::Back => {
                self.popup = None;
                let key = ui.keys.hint(Ctx::Map, Action::Lesson);
                ui.say(format!("Lesson closed: {key} shows it again."));
            }
            _ => {}
        }
    }
}

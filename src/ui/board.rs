//! The map and its panels as the play and replay screens share them: a session, the cursor,
//! scroll, zoom, overlays and selection, the log's filter and scroll, and which panel has the
//! focus. Each screen that shows a map owns one `Board` and hands it the keys both screens
//! treat alike (cursor, zoom, overlays, the log); what only one of them does (orders, stepping
//! through a record) stays in that screen.

use std::time::Duration;

use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::sim::components::UnitId;
use crate::sim::events::{AssaultOdds, Phase};
use crate::sim::map::{Cell, Side};
use crate::sim::orders::{Order, OrderError, OrderKind};
use crate::sim::view::SeenUnit;
use crate::sim::Game;

use super::action::{Action, OverlayKey};
use super::caption;
use super::cells::kind_rank;
use super::event_words as ev;
use super::keymap::{Ctx, Keymap};
use super::layout::{overview_scale, Arrangement, ScreenLayout, MIN_SIZE};
use super::playback::PhaseFrame;
use super::session::{LogFilter, Session};
use super::shared::Ui;

/// Which panel has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Target(OrderKind),
    Log,
    /// The list of planned orders; the chosen one.
    Orders(usize),
    Resolution,
    Report,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    /// Two columns per cell: glyph and detail.
    Near,
    /// One column per cell.
    Cell,
    /// The whole sector, several cells per character.
    Overview,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Overlays {
    /// Whose drone coverage is shaded, if any.
    pub coverage: Option<Side>,
    /// Both sides' drone coverage, each cell in the stronger side's shade (presenter mode).
    pub coverage_both: bool,
    pub supply: bool,
    pub detection: bool,
    pub control: bool,
}

/// A session on the map, and where the viewer is on it.
pub struct Board {
    pub session: Session,
    pub mode: Mode,
    pub cursor: Cell,
    /// Top-left cell of the map view (near and cell zooms).
    pub scroll: (i16, i16),
    pub zoom: Zoom,
    pub overlays: Overlays,
    pub selected: Option<UnitId>,
    pub log_filter: LogFilter,
    /// Lines scrolled back from the newest (0 = newest at the bottom).
    pub log_scroll: usize,
    /// The terminal's size, for the layout.
    pub size: (u16, u16),
    /// Presenter mode: the map on the whole screen with the caption under it.
    pub presenting: bool,
    pub autoplay: Autoplay,
    /// While choosing a drone sector, an interdiction or a fire mission: what the order could
    /// reach and would cover.
    pub preview: Option<Preview>,
}

/// What a ranged order would reach from where the unit stands, as the engine's own check
/// says cell by cell, and what it would cover around the cell chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub unit: UnitId,
    /// The cells the order may be given on (the engine's check accepts it, or refuses it for
    /// another reason than range: an empty cell for a fire mission).
    pub reach: Vec<bool>,
    /// The radius of the disc a drone sector or interdiction covers around its centre (cells;
    /// 0 for a fire mission, which strikes its one cell).
    pub radius: i32,
}

impl Preview {
    /// Whether `c` is within the covered disc around `centre`: the cells whose squared
    /// distance is within the radius's square, as the drone phase picks its candidate cells.
    pub fn covers(&self, centre: Cell, c: Cell) -> bool {
        self.radius > 0 && c.dist2(centre) <= self.radius * self.radius
    }
}

/// Seconds per phase at each autoplay speed, slowest first.
pub const SPEEDS: [f64; 5] = [3.0, 2.0, 1.0, 0.5, 0.25];

/// The day's phases shown one after another by themselves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Autoplay {
    pub on: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Time since the last phase was shown.
    pub waited: Duration,
}

impl Default for Autoplay {
    fn default() -> Autoplay {
        Autoplay { on: false, speed: 2, waited: Duration::ZERO }
    }
}

impl Autoplay {
    pub fn seconds(&self) -> f64 {
        SPEEDS[self.speed.min(SPEEDS.len() - 1)]
    }

    /// Time passes: whether the next phase is due.
    pub fn due(&mut self, dt: Duration) -> bool {
        if !self.on {
            return false;
        }
        self.waited += dt;
        if self.waited.as_secs_f64() >= self.seconds() {
            self.waited = Duration::ZERO;
            return true;
        }
        false
    }

    /// The autoplay keys: on or paused, faster, slower; what to say of it.
    pub fn act(&mut self, a: Action) -> String {
        match a {
            Action::Autoplay => self.on = !self.on,
            Action::Faster => self.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            Action::Slower => self.speed = self.speed.saturating_sub(1),
            _ => {}
        }
        self.waited = Duration::ZERO;
        let state = if self.on { "Autoplay" } else { "Autoplay paused" };
        format!("{state}: a phase every {} s (+ faster, - slower, a pauses)", self.seconds())
    }
}

impl Board {
    pub fn new(session: Session, size: (u16, u16)) -> Board {
        let mut b = Board {
            session,
            mode: Mode::Normal,
            cursor: Cell::new(0, 0),
            scroll: (0, 0),
            zoom: Zoom::Near,
            overlays: Overlays::default(),
            selected: None,
            log_filter: LogFilter::default(),
            log_scroll: 0,
            size,
            presenting: false,
            autoplay: Autoplay::default(),
            preview: None,
        };
        b.focus_front();
        b
    }

    pub fn game(&self) -> &Game {
        self.session.game()
    }

    pub fn is_replay(&self) -> bool {
        self.session.replay.is_some()
    }

    pub fn game_over(&self) -> bool {
        self.session.game().is_over()
    }

    /// Where the panels are at the board's size and mode.
    pub fn layout(&self) -> ScreenLayout {
        let area = Rect::new(0, 0, self.size.0, self.size.1);
        let arrangement = if self.presenting && self.mode == Mode::Normal {
            let cols = self.game().map().width as u16;
            let map_cols = match self.zoom {
                Zoom::Near => cols.saturating_mul(2),
                Zoom::Cell => cols,
                Zoom::Overview => self.size.0,
            };
            let caption = if self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1 {
                0
            } else {
                caption::height(&self.session, self.size.0, self.size.1)
            };
            Arrangement::Presenter { map_cols, caption }
        } else {
            Arrangement::Panels { tall_log: matches!(self.mode, Mode::Log | Mode::Resolution | Mode::Orders(_)) }
        };
        ScreenLayout::compute(area, arrangement)
    }

    /// The keys both screens with a map treat alike; false when `a` is not one of them.
    pub fn common(&mut self, a: Action, ui: &mut Ui) -> bool {
        match a {
            Action::Move(dx, dy) => self.move_cursor(dx, dy),
            Action::NextUnit => self.cycle_unit(1, ui),
            Action::PrevUnit => self.cycle_unit(-1, ui),
            Action::Select => self.select_at_cursor(ui),
            Action::Centre => self.centre(),
            Action::Zoom => self.cycle_zoom(ui),
            Action::Overlay(o) => self.toggle_overlay(o, ui),
            Action::OverlaysOff => {
                self.overlays = Overlays::default();
                ui.say("Overlays off");
            }
            Action::Log => {
                self.mode = Mode::Log;
                self.log_scroll = 0;
            }
            Action::Legend => ui.legend = !ui.legend,
            _ => return false,
        }
        true
    }

    fn toggle_overlay(&mut self, o: OverlayKey, ui: &mut Ui) {
        let viewer = self.session.viewer;
        let ov = &mut self.overlays;
        let text = match o {
            OverlayKey::Coverage => {
                // From both sides' coverage (presenter mode) the next press turns it off.
                if std::mem::take(&mut ov.coverage_both) {
                    ov.coverage = Some(viewer.other());
                }
                ov.coverage = match ov.coverage {
                    None => Some(viewer),
                    Some(s) if s == viewer => Some(viewer.other()),
                    Some(_) => None,
                };
                match ov.coverage {
                    Some(s) if s == viewer => format!("Drone coverage: yours ({})", s.name()),
                    Some(s) => format!("Drone coverage: the enemy's ({})", s.name()),
                    None => "Drone coverage off".into(),
                }
            }
            OverlayKey::Supply => {
                ov.supply = !ov.supply;
                format!("Supply overlay {}", if ov.supply { "on" } else { "off" })
            }
            OverlayKey::Detection => {
                ov.detection = !ov.detection;
                format!("Detection overlay {}", if ov.detection { "on" } else { "off" })
            }
            OverlayKey::Control => {
                ov.control = !ov.control;
                format!("Control overlay {}", if ov.control { "on" } else { "off" })
            }
        };
        ui.say(text);
    }

    pub fn cycle_zoom(&mut self, ui: &mut Ui) {
        self.zoom = match self.zoom {
            Zoom::Near => Zoom::Cell,
            Zoom::Cell => Zoom::Overview,
            Zoom::Overview => Zoom::Near,
        };
        if self.zoom != Zoom::Overview {
            self.centre();
        }
        ui.say(match self.zoom {
            Zoom::Near => "Zoom: 2 columns per cell",
            Zoom::Cell => "Zoom: 1 column per cell",
            Zoom::Overview => "Zoom: whole sector",
        });
    }

    // ----- cursor and scroll -----

    pub fn move_cursor(&mut self, dx: i16, dy: i16) {
        let (w, h) = (self.game().map().width, self.game().map().height);
        let (kx, ky) = if self.zoom == Zoom::Overview {
            let (kx, ky) = overview_scale(self.layout().map, w, h);
            (kx as i16, ky as i16)
        } else {
            (1, 1)
        };
        self.cursor = Cell::new((self.cursor.x + dx * kx).clamp(0, w - 1), (self.cursor.y + dy * ky).clamp(0, h - 1));
        self.keep_cursor_visible();
    }

    /// Cells visible in the map area at the current zoom (width, height).
    pub fn viewport_cells(&self) -> (i16, i16) {
        let l = self.layout();
        match self.zoom {
            Zoom::Near => ((l.map.width / 2) as i16, l.map.height as i16),
            Zoom::Cell => (l.map.width as i16, l.map.height as i16),
            Zoom::Overview => (self.game().map().width, self.game().map().height),
        }
    }

    pub fn clamp_scroll(&mut self) {
        let (w, h) = (self.game().map().width, self.game().map().height);
        let (vw, vh) = self.viewport_cells();
        self.scroll.0 = self.scroll.0.clamp(0, (w - vw).max(0));
        self.scroll.1 = self.scroll.1.clamp(0, (h - vh).max(0));
    }

    pub fn keep_cursor_visible(&mut self) {
        if self.zoom == Zoom::Overview {
            return;
        }
        let (vw, vh) = self.viewport_cells();
        let mx = (vw / 6).min(3);
        let my = (vh / 6).min(3);
        let c = self.cursor;
        if c.x < self.scroll.0 + mx {
            self.scroll.0 = c.x - mx;
        }
        if c.x >= self.scroll.0 + vw - mx {
            self.scroll.0 = c.x - vw + mx + 1;
        }
        if c.y < self.scroll.1 + my {
            self.scroll.1 = c.y - my;
        }
        if c.y >= self.scroll.1 + vh - my {
            self.scroll.1 = c.y - vh + my + 1;
        }
        self.clamp_scroll();
    }

    pub fn centre(&mut self) {
        self.centre_view_on(self.cursor);
    }

    pub fn centre_view_on(&mut self, c: Cell) {
        let (vw, vh) = self.viewport_cells();
        self.scroll = (c.x - vw / 2, c.y - vh / 2);
        self.clamp_scroll();
    }

    /// Puts the cursor on the viewer's first fighting unit.
    pub fn focus_front(&mut self) {
        let s = &self.session;
        let c = s
            .picture
            .view
            .own
            .iter()
            .filter(|u| u.kind.is_manoeuvre())
            .find_map(|u| u.cell)
            .or_else(|| s.picture.view.own.iter().find_map(|u| u.cell))
            .unwrap_or(Cell::new(s.game().map().width / 2, s.game().map().height / 2));
        self.cursor = c;
        self.centre();
    }

    // ----- selection -----

    pub fn own_units_at(&self, c: Cell) -> Vec<UnitId> {
        self.session.picture.view.own.iter().filter(|u| u.cell == Some(c)).map(|u| u.id).collect()
    }

    pub fn select_at_cursor(&mut self, ui: &mut Ui) {
        let here = self.own_units_at(self.cursor);
        if here.is_empty() {
            self.selected = None;
            let s = &self.session;
            if s.picture.cells[s.game().map().idx(self.cursor)].enemy > 0 {
                ui.say("Enemy units here (see the side panel). Select one of yours to give orders.");
            } else {
                ui.say("No unit of yours here. Tab selects the next one.");
            }
            return;
        }
        let next = match self.selected.and_then(|s| here.iter().position(|x| *x == s)) {
            Some(i) => here[(i + 1) % here.len()],
            None => here[0],
        };
        self.select(next, false, ui);
    }

    pub fn select(&mut self, id: UnitId, centre: bool, ui: &mut Ui) {
        self.selected = Some(id);
        let Some(u) = self.session.own(id) else { return };
        let text = format!("Selected {} — {}", u.label, self.order_keys_hint(u, &ui.keys));
        if let Some(c) = u.cell {
            self.cursor = c;
            if centre {
                self.centre();
            } else {
                self.keep_cursor_visible();
            }
        }
        ui.say(text);
    }

    pub fn order_keys_hint(&self, u: &SeenUnit, keymap: &Keymap) -> String {
        let mut keys: Vec<String> = OrderKind::ALL
            .iter()
            .filter(|k| **k != OrderKind::Hold && self.session.fits(u, **k).is_ok())
            .map(|k| format!("{} {}", keymap.hint(Ctx::Map, Action::Order(*k)), k.name()))
            .collect();
        if self.session.fits(u, OrderKind::Hold).is_ok() {
            keys.push(format!("{} dig in", keymap.hint(Ctx::Map, Action::Hold { dig_in: true })));
        }
        if keys.is_empty() {
            "no orders for this unit".into()
        } else {
            keys.join(" · ")
        }
    }

    fn cycle_unit(&mut self, step: i64, ui: &mut Ui) {
        self.cycle_where(step, ui, |_, _| true);
    }

    /// Whether an own unit has nothing to do today: on the map, no order planned, no task
    /// under way, and some order it could be given.
    pub fn is_idle(&self, u: &SeenUnit) -> bool {
        let s = &self.session;
        u.cell.is_some()
            && s.planned_for(u.id).is_none()
            && matches!(u.task, None | Some(crate::sim::components::Task::Idle))
            && OrderKind::ALL.iter().any(|k| s.fits(u, *k).is_ok())
    }

    /// Selects the next (`step` 1) or previous (-1) own unit that passes `keep`, fighting units
    /// first (they are the ones that need orders most days); false when none does.
    pub fn cycle_where(&mut self, step: i64, ui: &mut Ui, keep: impl Fn(&Board, &SeenUnit) -> bool) -> bool {
        let mut units: Vec<&SeenUnit> = self.session.picture.view.own.iter().collect();
        units.sort_by_key(|u| (!u.kind.is_manoeuvre(), std::cmp::Reverse(kind_rank(u.kind)), u.id));
        let n = units.len() as i64;
        // From the selected unit's place in the whole list, so a unit that just got its order
        // leads on to the one after it.
        let from = match self.selected.and_then(|sel| units.iter().position(|u| u.id == sel)) {
            Some(i) => i as i64,
            None if step > 0 => -1,
            None => n,
        };
        let next = (1..=n).map(|k| (from + k * step).rem_euclid(n.max(1)) as usize).find(|i| keep(self, units[*i]));
        let Some(i) = next else { return false };
        let id = units[i].id;
        self.select(id, true, ui);
        true
    }

    pub fn selected_unit(&self) -> Option<&SeenUnit> {
        self.session.own(self.selected?)
    }

    /// Puts the cursor back on the selected unit (after a target was chosen or not).
    pub fn cursor_to_selected(&mut self) {
        if let Some(c) = self.selected_unit().and_then(|u| u.cell) {
            self.cursor = c;
            self.keep_cursor_visible();
        }
    }

    // ----- what the engine says of the order at the cursor -----

    /// The route shown for the selected unit: to the cursor while choosing a move or
    /// withdrawal target, else along its planned move or withdrawal. Planned on what the
    /// viewer knows (enemy units it has detected): the cells, how many are walked today, and
    /// the destination.
    pub fn shown_route(&self) -> Option<(Vec<Cell>, usize, Cell)> {
        let s = &self.session;
        let id = self.selected?;
        let (to, withdraw) = match self.mode {
            // No route to a target the rules refuse (water, off the map, …).
            Mode::Target(_) if matches!(self.target_check(), Some(Err(_))) => return None,
            Mode::Target(OrderKind::Move) => (self.cursor, false),
            Mode::Target(OrderKind::Withdraw) => (self.cursor, true),
            Mode::Normal => match s.planned_for(id)? {
                Order::Move { to, .. } => (*to, false),
                Order::Withdraw { to, .. } => (*to, true),
                _ => return None,
            },
            _ => return None,
        };
        let (route, today) = s.route(id, to, withdraw)?;
        Some((route, today, to))
    }

    /// The order the target mode would give at the cursor.
    pub fn target_order(&self) -> Option<Order> {
        let Mode::Target(v) = self.mode else { return None };
        v.at(self.selected?, self.cursor)
    }

    /// The engine's verdict on the order at the cursor.
    pub fn target_check(&self) -> Option<Result<(), OrderError>> {
        let o = self.target_order()?;
        Some(self.session.game().check(self.session.viewer, &o))
    }

    /// The preview of a ranged order about to be chosen for the selected unit (None for the
    /// orders without range: move, assault, withdraw, reserves).
    pub fn make_preview(&self, kind: OrderKind) -> Option<Preview> {
        let s = &self.session;
        let u = self.selected_unit()?;
        let at = u.cell?;
        let t = s.picture.view.template(&u.template)?;
        let rules = s.picture.view.rules();
        let (range, radius) = match kind {
            OrderKind::DroneSector | OrderKind::Interdict => {
                let d = t.drone.as_ref()?;
                (d.range, rules.drones.sector_radius(d.radius, kind == OrderKind::Interdict))
            }
            OrderKind::Fire => (t.artillery.as_ref()?.range, 0),
            _ => return None,
        };
        let map = s.game().map();
        let referee = s.game().referee(&s.picture.view);
        let range = range.clamp(0, i16::MAX as i32) as i16;
        let mut reach = vec![false; map.len()];
        for y in (at.y - range).max(0)..=(at.y + range).min(map.height - 1) {
            for x in (at.x - range).max(0)..=(at.x + range).min(map.width - 1) {
                let c = Cell::new(x, y);
                let Some(o) = kind.at(u.id, c) else { continue };
                reach[map.idx(c)] = !matches!(referee.check(&o), Err(OrderError::OutOfRange { .. }));
            }
        }
        Some(Preview { unit: u.id, reach, radius })
    }

    /// What the preview covers with its centre at the cursor: the cells, the detected enemy
    /// units in them, and the road and rail cells among them (the routes an interdiction hunts).
    pub fn covered(&self) -> Option<(usize, usize, usize)> {
        let p = self.active_preview()?;
        let map = self.game().map();
        let pic = &self.session.picture;
        let (mut cells, mut enemy, mut routes) = (0, 0, 0);
        let r = p.radius.clamp(0, i16::MAX as i32) as i16;
        for y in (self.cursor.y - r).max(0)..=(self.cursor.y + r).min(map.height - 1) {
            for x in (self.cursor.x - r).max(0)..=(self.cursor.x + r).min(map.width - 1) {
                let c = Cell::new(x, y);
                if p.radius > 0 && !p.covers(self.cursor, c) || p.radius == 0 && c != self.cursor {
                    continue;
                }
                let i = map.idx(c);
                cells += 1;
                enemy += pic.cells[i].enemy as usize;
                let f = map.features[i];
                if f & (crate::sim::map::feature::ROAD
                    | crate::sim::map::feature::HIGHWAY
                    | crate::sim::map::feature::RAIL)
                    != 0
                {
                    routes += 1;
                }
            }
        }
        Some((cells, enemy, routes))
    }

    /// Detected enemy units the preview's order could reach (a fire mission's targets).
    pub fn in_reach(&self) -> usize {
        let Some(p) = self.active_preview() else { return 0 };
        self.session.picture.cells.iter().enumerate().filter(|(i, cu)| cu.enemy > 0 && p.reach[*i]).count()
    }

    /// The preview, while its order's target is being chosen.
    pub fn active_preview(&self) -> Option<&Preview> {
        let p = self.preview.as_ref()?;
        (matches!(self.mode, Mode::Target(_)) && self.selected == Some(p.unit)).then_some(p)
    }

    /// The engine's odds for the assault at the cursor (target mode) or the selected unit's
    /// planned assault.
    pub fn odds(&self) -> Option<AssaultOdds> {
        let s = &self.session;
        let unit = self.selected?;
        let target = match self.mode {
            Mode::Target(OrderKind::Assault) => self.cursor,
            _ => match s.planned_for(unit) {
                Some(Order::Assault { target, .. }) => *target,
                _ => return None,
            },
        };
        let u = s.own(unit)?;
        if u.cell?.dist(target) != 1 || s.game().control_at(target) == s.viewer {
            return None;
        }
        Some(s.game().referee(&s.picture.view).assault_odds(&s.attackers(unit, target), target))
    }

    /// The map after the phase being shown, while a day plays out (the resolution, or the
    /// replay viewer on a day).
    pub fn frame(&self) -> Option<&PhaseFrame> {
        let r = self.session.resolution.as_ref()?;
        if !self.frame_shown() {
            return None;
        }
        r.frames.get(r.at)
    }

    /// A day's phases are on screen (the resolution, or the replay viewer on a day).
    pub fn frame_shown(&self) -> bool {
        self.session.resolution.is_some()
            && (self.mode == Mode::Resolution || (self.is_replay() && self.mode == Mode::Normal))
    }

    /// The cells of the events in the phase being shown.
    pub fn resolution_cells(&self) -> Vec<Cell> {
        let s = &self.session;
        let Some(r) = &s.resolution else { return Vec::new() };
        if self.mode != Mode::Resolution && !(s.replay.is_some() && self.mode == Mode::Normal) {
            return Vec::new();
        }
        r.phases
            .get(r.at)
            .map(|(_, v)| v.iter().filter_map(|i| ev::cell(&s.events()[*i].1)).collect())
            .unwrap_or_default()
    }

    /// Rows the phase shown takes in the resolution panel, wrapped to its width.
    pub fn resolution_rows(&self) -> usize {
        let Some(r) = &self.session.resolution else { return 0 };
        let w = self.layout().log.width.saturating_sub(2) as usize;
        r.phases.get(r.at).map(|(_, v)| v.iter().map(|i| self.session.event_rows(*i, w, 3).len()).sum()).unwrap_or(0)
    }

    /// Scrolls the phase's events by `n` rows, within them.
    pub fn scroll_resolution(&mut self, n: i16) {
        let rows = self.resolution_rows();
        // The panel's borders and its row of phase tabs.
        let visible = self.layout().log.height.saturating_sub(3) as usize;
        let max = rows.saturating_sub(visible);
        if let Some(r) = &mut self.session.resolution {
            r.scroll = (r.scroll as i64 + n as i64).clamp(0, max as i64) as usize;
        }
    }

    // ----- the log -----

    pub fn log_len(&self) -> usize {
        self.session.log_lines(self.log_filter).len()
    }

    /// The log's keys (its mode); Esc or `v` gives the keys back to the map, Enter goes to the
    /// chosen entry.
    pub fn act_log(&mut self, a: Action, ui: &mut Ui) {
        if a == Action::Confirm {
            return self.go_to_entry(ui);
        }
        let n = self.log_len();
        let page = self.layout().log.height.saturating_sub(2).max(1) as usize;
        match a {
            Action::Prev => self.log_scroll += 1,
            Action::Next => self.log_scroll = self.log_scroll.saturating_sub(1),
            Action::PageUp => self.log_scroll += page,
            Action::PageDown => self.log_scroll = self.log_scroll.saturating_sub(page),
            Action::Top => self.log_scroll = n,
            Action::Bottom => self.log_scroll = 0,
            Action::FilterKind => {
                self.log_filter.phase = match self.log_filter.phase {
                    None => Some(Phase::ALL[0]),
                    Some(p) => Phase::ALL.iter().position(|x| *x == p).and_then(|i| Phase::ALL.get(i + 1)).copied(),
                };
                self.log_scroll = 0;
            }
            Action::FilterSide => {
                self.log_filter.side = match self.log_filter.side {
                    None => Some(Side::Ru),
                    Some(Side::Ru) => Some(Side::Ua),
                    Some(Side::Ua) => None,
                };
                self.log_scroll = 0;
            }
            Action::Back => self.mode = Mode::Normal,
            _ => {}
        }
        self.log_scroll = self.log_scroll.min(n.saturating_sub(1));
    }

    /// Goes to the log's chosen entry: the map centred on its cell, its own unit (if one of
    /// the viewer's is named) selected, and the log closed.
    fn go_to_entry(&mut self, ui: &mut Ui) {
        let entries = self.session.log_lines(self.log_filter);
        let Some(&i) = entries.len().checked_sub(1 + self.log_scroll).and_then(|k| entries.get(k)) else {
            return ui.complain("No entry to go to.");
        };
        let (day, e) = &self.session.events()[i];
        let (day, cell) = (*day, ev::cell(e));
        let unit = e.units().into_iter().find(|id| self.session.own(*id).is_some_and(|u| u.cell.is_some()));
        let text = format!("Day {day}: {}", self.session.event_text(i));
        self.mode = Mode::Normal;
        if let Some(id) = unit {
            self.select(id, cell.is_none(), ui);
        }
        match cell {
            Some(c) => {
                self.cursor = c;
                self.centre();
                ui.say(text);
            }
            None if unit.is_some() => {}
            None => ui.complain(format!("That entry has no place on the map. {text}")),
        }
    }

    // ----- mouse -----

    /// The map cell under a screen position, if the map is there.
    pub fn cell_at_screen(&self, x: u16, y: u16) -> Option<Cell> {
        let g = self.game();
        let m = self.layout().map;
        if x < m.x || y < m.y || x >= m.x + m.width || y >= m.y + m.height {
            return None;
        }
        let (sx, sy) = ((x - m.x) as i16, (y - m.y) as i16);
        let c = match self.zoom {
            Zoom::Near => Cell::new(self.scroll.0 + sx / 2, self.scroll.1 + sy),
            Zoom::Cell => Cell::new(self.scroll.0 + sx, self.scroll.1 + sy),
            Zoom::Overview => {
                let (kx, ky) = overview_scale(m, g.map().width, g.map().height);
                Cell::new(sx * kx as i16, sy * ky as i16)
            }
        };
        g.map().in_bounds(c).then_some(c)
    }

    /// A click or the wheel on the board. What the owning screen must do next comes back as
    /// an action: a click on the target already chosen gives the order (`Confirm`), the right
    /// button backs out (`Back`).
    pub fn mouse(&mut self, m: MouseEvent, ui: &mut Ui) -> Option<Action> {
        let l = self.layout();
        let in_log = m.row >= l.log.y && m.row < l.log.y + l.log.height && l.log.height > 0;
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let c = self.cell_at_screen(m.column, m.row)?;
                match self.mode {
                    Mode::Normal => {
                        self.cursor = c;
                        if self.own_units_at(c).is_empty() {
                            self.selected = None;
                        }
                        self.select_at_cursor(ui);
                    }
                    Mode::Target(_) if self.cursor == c => return Some(Action::Confirm),
                    Mode::Target(_) => {
                        self.cursor = c;
                        ui.say("Target set: click it again or press Enter to give the order.");
                    }
                    _ => self.cursor = c,
                }
            }
            MouseEventKind::Down(MouseButton::Right) => return Some(Action::Back),
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown if in_log && self.frame_shown() => {
                self.scroll_resolution(if m.kind == MouseEventKind::ScrollUp { -3 } else { 3 });
            }
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown if in_log => {
                let n = self.log_len();
                if m.kind == MouseEventKind::ScrollUp {
                    self.log_scroll = (self.log_scroll + 3).min(n.saturating_sub(1));
                } else {
                    self.log_scroll = self.log_scroll.saturating_sub(3);
                }
            }
            MouseEventKind::ScrollUp
            | MouseEventKind::ScrollDown
            | MouseEventKind::ScrollLeft
            | MouseEventKind::ScrollRight => {
                let shift = m.modifiers.contains(KeyModifiers::SHIFT);
                let (dx, dy) = match (m.kind, shift) {
                    (MouseEventKind::ScrollUp, false) => (0, -3),
                    (MouseEventKind::ScrollDown, false) => (0, 3),
                    (MouseEventKind::ScrollUp, true) | (MouseEventKind::ScrollLeft, _) => (-3, 0),
                    _ => (3, 0),
                };
                self.scroll = (self.scroll.0 + dx, self.scroll.1 + dy);
                self.clamp_scroll();
            }
            _ => {}
        }
        None
    }
}

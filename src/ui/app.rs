//! The interface's state and its one `update`: every key, click and resize becomes a
//! message, and only here does the interface's state change.
//!
//! The interface never changes the world: it keeps each side's planned orders, checks each
//! with [`Game::check`] before queuing it, and sends them all to [`Game::step`] at the end of
//! the day. What it draws comes from the viewing side's [`SideView`] (fog of war), the
//! engine's read accessors and the day's events. The `App` runs without a terminal: tests
//! feed it messages and draw it to ratatui's `TestBackend`.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::ai::AiLevel;
use crate::data;
use crate::sim::components::{Task, UnitId};
use crate::sim::events::{AssaultOdds, Event, Phase};
use crate::sim::map::{Cell, Side};
use crate::sim::orders::{Order, OrderError};
use crate::sim::rules::UnitKind;
use crate::sim::view::{SeenUnit, SideView};
use crate::sim::Game;
use crate::study::play::{self, Match, Replay, Seat};
use crate::study::record::{self, Players, RecordFile};

use super::events::{self as ev, Names, UnitName};
use super::keymap::{self, Action, Ctx, OverlayKey};
use super::theme::Theme;
use super::view::layout::ScreenLayout;

/// Orders that need a target cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Move,
    Assault,
    Withdraw,
    Sector,
    Interdict,
    Fire,
    Commit,
}

impl Verb {
    pub const ALL: [Verb; 7] =
        [Verb::Move, Verb::Assault, Verb::Withdraw, Verb::Sector, Verb::Interdict, Verb::Fire, Verb::Commit];
    pub fn name(self) -> &'static str {
        match self {
            Verb::Move => "move",
            Verb::Assault => "assault",
            Verb::Withdraw => "withdraw",
            Verb::Sector => "drone sector",
            Verb::Interdict => "interdict",
            Verb::Fire => "fire",
            Verb::Commit => "commit reserve",
        }
    }
    pub fn order(self, unit: UnitId, c: Cell) -> Order {
        match self {
            Verb::Move => Order::Move { unit, to: c },
            Verb::Assault => Order::Assault { unit, target: c },
            Verb::Withdraw => Order::Withdraw { unit, to: c },
            Verb::Sector => Order::SetDroneSector { unit, centre: c },
            Verb::Interdict => Order::Interdict { unit, route: c },
            Verb::Fire => Order::Fire { unit, target: c },
            Verb::Commit => Order::CommitReserve { unit, to: c },
        }
    }
}

/// Fields of the start screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Resume a saved game (shown only when there is one; ←→ chooses which).
    Continue,
    Scenario,
    Side,
    Opponent,
    Seed,
}

impl Field {
    const ALL: [Field; 5] = [Field::Continue, Field::Scenario, Field::Side, Field::Opponent, Field::Seed];
}

/// A saved game the start screen offers to continue.
#[derive(Clone, Debug)]
pub struct ResumeInfo {
    pub path: PathBuf,
    pub scenario: String,
    /// The scenario's title, if it is a built-in one.
    pub title: String,
    /// Days played.
    pub days: u32,
    pub players: Players,
    pub modified: Option<std::time::SystemTime>,
}

/// What the start screen shows of a scenario.
#[derive(Clone, Debug)]
pub struct ScenarioInfo {
    pub id: String,
    pub title: String,
    pub briefing: String,
    pub start_date: String,
    pub turn_limit: u32,
}

/// The start screen's form.
#[derive(Clone, Debug)]
pub struct StartForm {
    pub scenarios: Vec<ScenarioInfo>,
    pub scenario: usize,
    pub side: Side,
    pub hotseat: bool,
    /// The computer opponent's level (when not hot-seat).
    pub ai: AiLevel,
    pub seed: u64,
    pub field: Field,
    pub error: Option<String>,
    /// Every saved game in the saves folder, newest first (`crate::saves::games`).
    pub games: Vec<ResumeInfo>,
    /// The one "Continue" resumes.
    pub game: usize,
}

impl StartForm {
    pub fn new() -> StartForm {
        let mut scenarios = Vec::new();
        for (id, file, text) in data::SCENARIOS {
            if let Ok(sf) = data::parse_ron::<data::scenario::ScenarioFile>(file, text) {
                scenarios.push(ScenarioInfo {
                    id: id.to_string(),
                    title: sf.title,
                    briefing: sf.briefing,
                    start_date: sf.start_date,
                    turn_limit: sf.turn_limit,
                });
            }
        }
        let scenario = scenarios.iter().position(|s| s.id == data::DEFAULT_SCENARIO).unwrap_or(0);
        StartForm {
            scenarios,
            scenario,
            side: Side::Ua,
            hotseat: false,
            ai: AiLevel::Baseline,
            seed: 1,
            field: Field::Scenario,
            error: None,
            games: Vec::new(),
            game: 0,
        }
    }

    /// The fields on the form, top to bottom ("Continue" only with a saved game).
    pub fn fields(&self) -> Vec<Field> {
        Field::ALL.into_iter().filter(|f| *f != Field::Continue || !self.games.is_empty()).collect()
    }

    /// The saved game "Continue" resumes, if there is one.
    pub fn resume(&self) -> Option<&ResumeInfo> {
        self.games.get(self.game)
    }

    /// Lists the saved games in `dir` and offers the newest (focused) if there is one.
    pub fn scan(&mut self, dir: Option<&Path>) {
        let games = dir.map(crate::saves::games).unwrap_or_default();
        self.games = games
            .into_iter()
            .map(|g| ResumeInfo {
                title: self
                    .scenarios
                    .iter()
                    .find(|s| s.id == g.scenario)
                    .map(|s| s.title.clone())
                    .unwrap_or_else(|| g.scenario.clone()),
                scenario: g.scenario,
                days: g.days,
                players: g.players,
                path: g.path,
                modified: g.modified,
            })
            .collect();
        self.game = 0;
        self.field = if self.games.is_empty() { Field::Scenario } else { Field::Continue };
    }
}

impl Default for StartForm {
    fn default() -> Self {
        Self::new()
    }
}

/// How a game is started (`attrition play …` or the start screen).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Launch {
    pub scenario: String,
    pub side: Side,
    pub hotseat: bool,
    pub seed: u64,
    /// The computer opponent's level.
    pub ai: AiLevel,
}

impl Launch {
    pub fn new(scenario: &str, side: Side, hotseat: bool, seed: u64) -> Launch {
        Launch { scenario: scenario.into(), side, hotseat, seed, ai: AiLevel::Baseline }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Start,
    Play,
    /// Hot-seat: the map is hidden until the named side's player takes the keyboard.
    Handover(Side),
    Result,
    /// The after-action report (`A`): the whole game's timeline and key events.
    AfterAction,
    /// Saved games and records in the saves folder (`f` on the start screen).
    Files,
    /// The what-if study (`App::whatif`); the game, if any, waits untouched behind it.
    WhatIf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Target(Verb),
    Log,
    Resolution,
    Report,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Popup {
    Help,
    ConfirmQuit,
    ConfirmEndDay,
    /// The day's lesson steps (guided scenarios such as `tutorial`).
    Lesson,
    /// Delete the chosen file of the saved games list?
    ConfirmDelete,
}

/// The lesson steps being shown: the day's steps for the viewer, one at a time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonView {
    pub day: u32,
    /// Indices into the scenario's `lessons`.
    pub steps: Vec<usize>,
    pub at: usize,
    /// Lines scrolled down in a long step.
    pub scroll: u16,
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub phase: Option<Phase>,
    pub side: Option<Side>,
}

/// The units of one cell as the viewer sees them.
#[derive(Clone, Copy, Debug, Default)]
pub struct CellUnits {
    pub own: u8,
    pub enemy: u8,
    /// The unit drawn for the cell: the most important by kind, own before enemy.
    pub top: Option<(Side, UnitKind)>,
    /// An own unit here is short of supply (below half).
    pub short: bool,
}

/// What the viewing side knows, indexed for drawing.
pub struct Picture {
    pub view: SideView,
    pub cells: Vec<CellUnits>,
    /// Cells that touch ground held by the other side.
    pub front: Vec<bool>,
    pub coverage_max: [f32; 2],
    pub observe_max: f32,
    /// The place (index into the map's places) at each cell.
    pub places: Vec<Option<u16>>,
    /// Places, most populous first (the order their names are drawn in).
    pub places_by_size: Vec<u16>,
}

fn kind_rank(k: UnitKind) -> u8 {
    match k {
        UnitKind::ArmoredGroup => 9,
        UnitKind::AssaultTeam => 8,
        UnitKind::MotorGroup => 7,
        UnitKind::Reserve => 6,
        UnitKind::Position => 5,
        UnitKind::Artillery => 4,
        UnitKind::Drone => 3,
        UnitKind::Ew => 2,
        UnitKind::Hq => 1,
        UnitKind::SupplyHub => 0,
    }
}

impl Picture {
    /// `all`: the replay viewer's "both sides" view, every enemy unit shown as if detected.
    pub fn build(g: &Game, side: Side, all: bool) -> Picture {
        let map = g.map();
        let mut view = g.view(side);
        if all {
            view.enemy = g.view(side.other()).own;
        }
        let mut cells = vec![CellUnits::default(); map.len()];
        let mut put = |u: &SeenUnit, own: bool| {
            let Some(c) = u.cell else { return };
            let cu = &mut cells[map.idx(c)];
            if own {
                cu.own = cu.own.saturating_add(1);
                if u.kind.holds_ground() && u.supply < 0.5 {
                    cu.short = true;
                }
            } else {
                cu.enemy = cu.enemy.saturating_add(1);
            }
            let better = match cu.top {
                None => true,
                Some((s, k)) => (s != side && own) || ((s == side) == own && kind_rank(u.kind) > kind_rank(k)),
            };
            if better {
                cu.top = Some((u.side, u.kind));
            }
        };
        for u in &view.own {
            put(u, true);
        }
        for u in &view.enemy {
            put(u, false);
        }
        let control = g.control();
        let front = (0..map.len())
            .map(|i| {
                let c = map.cell_at(i);
                map.neighbours(c).take(4).any(|n| control[map.idx(n)] != control[i])
            })
            .collect();
        let mx = |v: &[f32]| v.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let mut places = vec![None; map.len()];
        for (k, p) in map.places.iter().enumerate() {
            if map.in_bounds(p.cell) {
                places[map.idx(p.cell)].get_or_insert(k as u16);
            }
        }
        let mut places_by_size: Vec<u16> = (0..map.places.len() as u16).collect();
        places_by_size.sort_by_key(|k| std::cmp::Reverse(map.places[*k as usize].population));
        Picture {
            places,
            places_by_size,
            cells,
            front,
            coverage_max: [mx(g.coverage(Side::Ru)), mx(g.coverage(Side::Ua))],
            observe_max: mx(g.observation(side)),
            view,
        }
    }
}

/// A day's resolution being shown phase by phase.
#[derive(Clone, Debug)]
pub struct Resolution {
    pub day: u32,
    /// Phases with events the viewer knows of, each with indices into `Session::events`.
    pub phases: Vec<(Phase, Vec<usize>)>,
    pub at: usize,
}

/// A game in progress and everything the interface keeps about it.
pub struct Session {
    /// The game, who plays each side and the orders planned for the coming day.
    pub play: Match,
    /// The side whose view is drawn and whose orders are being planned.
    pub viewer: Side,
    /// Sides that have finished planning today.
    pub done: [bool; 2],
    /// Every event so far, with its day.
    pub events: Vec<(u32, Event)>,
    /// A day each side has not yet seen the resolution of.
    pub unseen: [Option<u32>; 2],
    pub names: Names,
    pub picture: Picture,
    pub resolution: Option<Resolution>,
    /// The scenario id or path as it was loaded, and the settings applied (for the record).
    pub scenario_arg: String,
    pub settings: Vec<String>,
    /// The replay viewer's state (no orders are given in it), if this is a replay.
    pub replay: Option<ReplayView>,
    /// Both sides' units and every event are shown (the replay viewer's "both").
    pub omniscient: bool,
    /// Instructors' notes of the record this game was resumed from, kept in its saves.
    pub notes: Vec<crate::data::annotation::AnnotationFile>,
    /// The file this game autosaves to: its own, never another game's.
    pub save: crate::saves::Slot,
}

/// Whose view the replay viewer shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Watch {
    Side(Side),
    Both,
}

impl Watch {
    pub fn name(self) -> &'static str {
        match self {
            Watch::Side(s) => s.name(),
            Watch::Both => "both sides",
        }
    }
    fn next(self) -> Watch {
        match self {
            Watch::Side(Side::Ru) => Watch::Side(Side::Ua),
            Watch::Side(Side::Ua) => Watch::Both,
            Watch::Both => Watch::Side(Side::Ru),
        }
    }
}

/// A game record opened in the replay viewer: the session's game is the record replayed to
/// the day shown.
pub struct ReplayView {
    pub record: RecordFile,
    /// The file it came from, for titles.
    pub file: String,
    pub watch: Watch,
    /// The record's own annotations, resolved (the scenario's are in its `Scenario`).
    pub annotations: Vec<crate::sim::scenario::Annotation>,
}

impl Session {
    pub fn new(play: Match, viewer: Side) -> Session {
        let picture = Picture::build(play.game(), viewer, false);
        let scenario_arg = play.game().scenario().id.clone();
        let mut s = Session {
            scenario_arg,
            settings: Vec::new(),
            replay: None,
            omniscient: false,
            play,
            viewer,
            done: [false, false],
            events: Vec::new(),
            unseen: [None, None],
            names: Names::default(),
            picture,
            resolution: None,
            notes: Vec::new(),
            save: crate::saves::Slot::new_game(),
        };
        s.refresh_names();
        s
    }

    pub fn game(&self) -> &Game {
        self.play.game()
    }

    /// Which sides a person plays.
    pub fn human(&self) -> [bool; 2] {
        self.play.seats().map(Seat::is_human)
    }

    fn refresh_names(&mut self) {
        for id in self.play.game().unit_ids() {
            let i = id.0 as usize;
            if self.names.0.len() <= i {
                self.names.0.resize(i + 1, None);
            }
            if let Some(u) = self.play.game().unit(id) {
                self.names.0[i] = Some(UnitName { side: u.side, kind: u.kind, label: u.label.clone() });
            }
        }
    }

    /// Rebuilds the viewer's picture (after a day or a change of viewer).
    pub fn refresh(&mut self) {
        self.refresh_names();
        self.picture = Picture::build(self.play.game(), self.viewer, self.omniscient);
    }

    /// The phases of `day` with the events the viewer knows of (all of them if omniscient),
    /// each with indices into `events`.
    pub fn phases_of(&self, day: u32) -> Vec<(Phase, Vec<usize>)> {
        let detected = self.play.game().detected(self.viewer);
        let mut phases: Vec<(Phase, Vec<usize>)> = Vec::new();
        for (i, (d, e)) in self.events.iter().enumerate() {
            if *d != day || !(self.omniscient || ev::visible(e, self.viewer, &self.names, detected)) {
                continue;
            }
            let p = e.phase();
            match phases.iter_mut().find(|(x, _)| *x == p) {
                Some((_, v)) => v.push(i),
                None => phases.push((p, vec![i])),
            }
        }
        phases.sort_by_key(|(p, _)| *p);
        phases
    }

    /// The game's record as a file: scenario, settings, seed, who plays, every day's orders.
    pub fn record_file(&self) -> RecordFile {
        let mut rec = self.play.record_file(&self.scenario_arg, &self.settings);
        rec.annotations = self.notes.clone();
        rec
    }

    /// A move's (or withdrawal's) route as the viewer can plan it: around the enemy units it
    /// has detected (`Game::route_preview`).
    pub fn route(&self, unit: UnitId, to: Cell, withdraw: bool) -> Option<(Vec<Cell>, usize)> {
        let map = self.play.game().map();
        self.play.game().route_preview(unit, to, withdraw, |c| self.picture.cells[map.idx(c)].enemy > 0)
    }

    pub fn hotseat(&self) -> bool {
        self.play.seats().iter().all(|s| s.is_human())
    }

    pub fn orders(&self) -> &[Order] {
        self.play.planned(self.viewer)
    }

    pub fn planned_for(&self, id: UnitId) -> Option<&Order> {
        self.orders().iter().find(|o| o.unit() == id)
    }

    /// Own unit by id from the viewer's picture.
    pub fn own(&self, id: UnitId) -> Option<&SeenUnit> {
        self.picture.view.own_unit(id)
    }

    /// Indices of events the viewer knows of, passing the log filter, oldest first.
    pub fn log_lines(&self, f: LogFilter) -> Vec<usize> {
        let detected = self.play.game().detected(self.viewer);
        self.events
            .iter()
            .enumerate()
            .filter(|(_, (_, e))| self.omniscient || ev::visible(e, self.viewer, &self.names, detected))
            .filter(|(_, (_, e))| f.phase.is_none_or(|p| e.phase() == p))
            .filter(|(_, (_, e))| f.side.is_none_or(|s| ev::actor(e, &self.names) == Some(s)))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn event_text(&self, i: usize) -> String {
        let detected = self.play.game().detected(self.viewer);
        ev::text(&self.events[i].1, self.viewer, &self.names, detected, self.play.game().map())
    }

    /// The units an assault on `target` would be made with: `unit` and every own unit planned
    /// (or still tasked) to assault the same cell.
    pub fn attackers(&self, unit: UnitId, target: Cell) -> Vec<UnitId> {
        let mut v = vec![unit];
        for o in self.orders() {
            if let Order::Assault { unit: u, target: t } = *o {
                if t == target && u != unit {
                    v.push(u);
                }
            }
        }
        for u in &self.picture.view.own {
            if u.id != unit
                && u.task == Some(Task::Assault { target })
                && self.planned_for(u.id).is_none()
                && !v.contains(&u.id)
            {
                v.push(u.id);
            }
        }
        v.sort_unstable();
        v
    }
}

/// Whether a unit can take an order of this kind at all (the engine's `check` decides the rest).
pub fn verb_fits(g: &Game, u: &SeenUnit, verb: Verb) -> bool {
    let t = g.scenario_template(&u.template);
    let on_map = u.cell.is_some();
    let support = matches!(u.kind, UnitKind::Drone | UnitKind::Ew | UnitKind::Artillery | UnitKind::Hq);
    match verb {
        Verb::Move => on_map && (u.kind.is_manoeuvre() || support),
        Verb::Assault => on_map && u.kind.is_manoeuvre(),
        Verb::Withdraw => on_map && (u.kind.holds_ground() || support),
        Verb::Sector | Verb::Interdict => on_map && t.is_some_and(|t| t.drone.is_some()),
        Verb::Fire => on_map && t.is_some_and(|t| t.artillery.is_some()),
        Verb::Commit => u.in_reserve && !on_map && u.reserve_arrives.is_none(),
    }
}

pub fn hold_fits(u: &SeenUnit) -> bool {
    u.cell.is_some() && u.kind.holds_ground()
}

/// A line for the hint bar: text and whether it reports a problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Everything a message can ask of the interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Time passed with no input (sent only while a what-if study runs).
    Tick,
}

/// The interface's whole state.
pub struct App {
    pub screen: Screen,
    pub mode: Mode,
    pub popup: Option<Popup>,
    pub start: StartForm,
    pub session: Option<Session>,
    pub cursor: Cell,
    /// Top-left cell of the map view (near and cell zooms).
    pub scroll: (i16, i16),
    pub zoom: Zoom,
    pub overlays: Overlays,
    pub selected: Option<UnitId>,
    pub log_filter: LogFilter,
    /// Lines scrolled back from the newest (0 = newest at the bottom).
    pub log_scroll: usize,
    pub help_scroll: u16,
    /// The lesson steps shown or last shown (`Popup::Lesson`).
    pub lesson: Option<LessonView>,
    /// The last day whose lessons opened by themselves, per side (0: none yet).
    pub lesson_shown: [u32; 2],
    pub legend: bool,
    pub theme: Theme,
    /// `NO_COLOR` was set: the theme stays monochrome.
    pub no_color: bool,
    pub size: (u16, u16),
    pub message: Option<Message>,
    pub quit: bool,
    /// Where autosaves and saved games go (None: nowhere; `ui::run` sets the user's folder).
    pub save_dir: Option<PathBuf>,
    /// Write `<scenario-id>.ron` in `save_dir` after every day.
    pub autosave: bool,
    /// The last save that failed, shown in the status bar until a save succeeds.
    pub save_error: Option<String>,
    /// The after-action report being shown (`Screen::AfterAction`).
    pub aar: Option<super::aar::AarView>,
    /// The saved games and records list, kept while a replay opened from it is watched.
    pub files: Option<super::files::FilesView>,
    /// The what-if screen's form, running study or results (kept while away from it).
    pub whatif: Option<super::whatif::WhatIfState>,
    /// Presenter mode in the replay viewer (`p`), with what it gives back when it ends.
    pub presenter: Option<crate::ui::present::Presenter>,
}

/// The smallest terminal the interface is laid out for.
pub const MIN_SIZE: (u16, u16) = (80, 24);

impl App {
    fn blank(theme: Theme) -> App {
        let no_color = theme.is_mono();
        App {
            screen: Screen::Start,
            mode: Mode::Normal,
            popup: None,
            start: StartForm::new(),
            session: None,
            cursor: Cell::new(0, 0),
            scroll: (0, 0),
            zoom: Zoom::Near,
            overlays: Overlays::default(),
            selected: None,
            log_filter: LogFilter::default(),
            log_scroll: 0,
            help_scroll: 0,
            lesson: None,
            lesson_shown: [0, 0],
            legend: true,
            theme,
            no_color,
            size: MIN_SIZE,
            message: None,
            quit: false,
            save_dir: None,
            autosave: false,
            save_error: None,
            aar: None,
            files: None,
            whatif: None,
            presenter: None,
        }
    }

    /// Where saves go and whether each day is autosaved; the start screen looks there for a
    /// game to continue.
    pub fn set_saves(&mut self, dir: Option<PathBuf>, autosave: bool) {
        self.save_dir = dir;
        self.autosave = autosave;
        if self.screen == Screen::Start {
            self.start.scan(self.save_dir.as_deref());
        }
    }

    /// Resumes a saved game from its file (`attrition play --load FILE`): a damaged, newer or
    /// diverging record is an error with the record module's message, and nothing is opened.
    pub fn resume_file(path: &Path, theme: Theme) -> Result<App, String> {
        let mut app = App::blank(theme);
        app.resume_path(path)?;
        Ok(app)
    }

    /// Loads a saved game and continues it; it goes on saving to that file when it is a
    /// game's own file in the saves folder (see [`crate::saves::Slot`]).
    pub fn resume_path(&mut self, path: &Path) -> Result<(), String> {
        let rec = record::load(path)?;
        let slot = crate::saves::Slot::resumed(path);
        self.resume(&rec).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(s) = &mut self.session {
            s.save = slot;
        }
        Ok(())
    }

    /// Replays a record and continues its game: the human plays the recorded side (Ukraine if
    /// the record has none), hot-seat stays hot-seat. The game is replaced only on success.
    pub fn resume(&mut self, rec: &RecordFile) -> Result<(), String> {
        let mut events = Vec::new();
        let game = Replay::of(rec)
            .and_then(|r| r.run(usize::MAX, |_, r| events.extend(r.events.into_iter().map(|e| (r.day, e)))))
            .map_err(|e| e.to_string())?;
        let hotseat = rec.players.hotseat;
        let side = rec.players.human.unwrap_or(Side::Ua);
        let viewer = if hotseat { Side::Ru } else { side };
        // A record of the computer against itself is resumed with the human on Ukraine's side.
        let mut seats = rec.players.seats();
        if !seats.iter().any(|s| s.is_human()) {
            seats[side.index()] = Seat::Human;
        }
        let mut session = Session::new(Match::new(game, seats), viewer);
        session.scenario_arg = rec.scenario.clone();
        session.settings = rec.settings.clone();
        session.events = events;
        session.notes = rec.annotations.clone();
        let day = session.game().day();
        let over = session.game().is_over();
        self.session = Some(session);
        self.open_session(hotseat);
        if over {
            self.screen = Screen::Result;
        }
        let who = if hotseat { "both sides, hot-seat".to_string() } else { side.name().to_string() };
        self.say(format!("Resumed after day {day}: you play {who}. e ends the day · ? every key"));
        if self.screen == Screen::Play {
            self.open_lessons(true);
        }
        Ok(())
    }

    /// The start screen.
    pub fn new_start(theme: Theme) -> App {
        App::blank(theme)
    }

    /// Straight into a game (`attrition play …`).
    pub fn new_game(launch: &Launch, theme: Theme) -> Result<App, String> {
        App::new_game_with(launch, &[], theme)
    }

    /// Straight into a game with `--set KEY=VALUE` settings (applied in order, kept in the
    /// game's record).
    pub fn new_game_with(launch: &Launch, settings: &[String], theme: Theme) -> Result<App, String> {
        let mut app = App::blank(theme);
        app.start_game(launch, settings)?;
        Ok(app)
    }

    /// Loads the scenario, applies the settings and opens the game.
    pub fn start_game(&mut self, l: &Launch, settings: &[String]) -> Result<(), String> {
        let mut loaded = data::load_scenario(&l.scenario, l.seed).map_err(|e| e.to_string())?;
        for kv in settings {
            data::settings::apply(&mut loaded, kv)?;
        }
        loaded.setup.seed = l.seed;
        let game = Game::new(loaded.setup).map_err(|e| format!("{}: {e}", loaded.file))?;
        let seats = Side::BOTH.map(|s| if l.hotseat || s == l.side { Seat::Human } else { Seat::Computer(l.ai) });
        let viewer = if l.hotseat { Side::Ru } else { l.side };
        let mut session = Session::new(Match::new(game, seats), viewer);
        session.scenario_arg = l.scenario.clone();
        session.settings = settings.to_vec();
        self.session = Some(session);
        self.open_session(l.hotseat);
        self.say(format!(
            "You play {}. Tab: next unit · m/a/d/w…: orders · e: end the day · ?: every key",
            if l.hotseat { "both sides, hot-seat".to_string() } else { l.side.name().to_string() }
        ));
        if self.screen == Screen::Play {
            self.open_lessons(true);
        }
        Ok(())
    }

    /// Shows a freshly built session: the map, or the hand-over screen in hot-seat games.
    fn open_session(&mut self, hotseat: bool) {
        let viewer = self.session.as_ref().map(|s| s.viewer).unwrap_or(Side::Ua);
        self.mode = Mode::Normal;
        self.selected = None;
        self.popup = None;
        self.screen = if hotseat { Screen::Handover(viewer) } else { Screen::Play };
        self.lesson = None;
        self.lesson_shown = [0, 0];
        self.presenter = None;
        self.overlays = Overlays::default();
        self.log_filter = LogFilter::default();
        self.log_scroll = 0;
        self.focus_front();
    }

    /// The autosave after a completed day; a failure is a message, never a panic.
    fn autosave_day(&mut self) {
        if !self.autosave {
            return;
        }
        let Some(dir) = self.save_dir.clone() else { return };
        let Some(s) = &mut self.session else { return };
        if s.replay.is_some() {
            return;
        }
        let rec = s.record_file();
        match s.save.write(&dir, &s.game().scenario().id.clone(), &rec) {
            Ok(w) => {
                self.save_error = None;
                if let Some(b) = w.backup {
                    self.complain(format!(
                        "{} had been changed by something else: it was kept as {}",
                        w.path.display(),
                        b.display()
                    ));
                }
            }
            Err(e) => {
                self.complain(format!("Autosave failed: {e}"));
                self.save_error = Some(e);
            }
        }
    }

    /// The save key: a copy as `<game>-day<N>.ron` in the saves folder.
    fn save_game(&mut self) {
        let Some(s) = &mut self.session else { return };
        if s.replay.is_some() {
            return self.complain("This is a replay: it is already a file.");
        }
        let Some(dir) = self.save_dir.clone() else {
            return self.complain("No folder for saves (no user data folder; set ATTRITION_DATA_DIR).");
        };
        let day = s.game().day();
        let pending = s.play.planned_count();
        let rec = s.record_file();
        match s.save.write_copy(&dir, &s.game().scenario().id.clone(), day, &rec) {
            Ok(path) => {
                self.save_error = None;
                let note = if pending > 0 { " (today's planned orders are not saved)" } else { "" };
                self.say(format!("Saved after day {day} to {}{note}", path.display()));
            }
            Err(e) => {
                self.complain(format!("Save failed: {e}"));
                self.save_error = Some(e);
            }
        }
    }

    /// Puts the cursor on the viewer's first fighting unit.
    fn focus_front(&mut self) {
        let Some(s) = &self.session else { return };
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

    pub fn game(&self) -> Option<&Game> {
        self.session.as_ref().map(|s| s.game())
    }

    pub(crate) fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: false });
    }
    pub(crate) fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: true });
    }

    /// The keymap context the app is in.
    pub fn ctx(&self) -> Ctx {
        match self.popup {
            Some(Popup::Help) => return Ctx::Help,
            Some(Popup::Lesson) => return Ctx::Lesson,
            Some(Popup::ConfirmQuit | Popup::ConfirmEndDay | Popup::ConfirmDelete) => return Ctx::Confirm,
            None => {}
        }
        match self.screen {
            Screen::Start => Ctx::Start,
            Screen::Handover(_) => Ctx::Handover,
            Screen::Result => Ctx::Result,
            Screen::AfterAction => Ctx::AfterAction,
            Screen::Files => Ctx::Files,
            Screen::WhatIf => Ctx::WhatIf,
            Screen::Play => match self.mode {
                Mode::Normal if self.is_replay() => Ctx::Viewer,
                Mode::Normal => Ctx::Map,
                Mode::Target(_) => Ctx::Target,
                Mode::Log => Ctx::Log,
                Mode::Resolution => Ctx::Resolution,
                Mode::Report => Ctx::Report,
            },
        }
    }

    pub fn layout(&self) -> ScreenLayout {
        ScreenLayout::compute(Rect::new(0, 0, self.size.0, self.size.1), self)
    }

    /// The one place the interface's state changes.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Resize(w, h) => {
                self.size = (w, h);
                if self.presenting() {
                    self.fit_presenter();
                }
                self.keep_cursor_visible();
            }
            Msg::Key(k) => {
                let ctx = self.ctx();
                let found = keymap::action_for(ctx, &k).or_else(|| {
                    if ctx == Ctx::Viewer {
                        keymap::action_for(Ctx::Map, &k)
                    } else {
                        None
                    }
                });
                if let Some(a) = found {
                    self.act(a);
                } else if ctx == Ctx::Lesson {
                    // A map key the lesson panel does not use closes it and acts on the map, so
                    // "press 1" works with the panel open.
                    if let Some(a) = keymap::action_for(Ctx::Map, &k) {
                        self.popup = None;
                        self.act(a);
                    }
                }
            }
            Msg::Mouse(m) => self.mouse(m),
            Msg::Tick => self.tick_whatif(),
        }
    }

    fn act(&mut self, a: Action) {
        match a {
            Action::Help => {
                self.popup = Some(Popup::Help);
                self.help_scroll = 0;
                return;
            }
            Action::Quit => {
                self.popup = Some(Popup::ConfirmQuit);
                return;
            }
            Action::ForceQuit => {
                self.quit = true;
                return;
            }
            Action::Theme => {
                self.theme = self.theme.cycled(self.no_color);
                self.say(format!("Theme: {} ({})", self.theme.palette.name(), self.theme.depth.name()));
                return;
            }
            _ => {}
        }
        match self.popup {
            Some(Popup::Help) => {
                match a {
                    Action::Back => self.popup = None,
                    Action::Prev => self.help_scroll = self.help_scroll.saturating_sub(1),
                    Action::Next => self.help_scroll = self.help_scroll.saturating_add(1),
                    Action::PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                    Action::PageDown => self.help_scroll = self.help_scroll.saturating_add(10),
                    _ => {}
                }
                let max = keymap::help_rows().len() as u16 + 40;
                self.help_scroll = self.help_scroll.min(max);
                return;
            }
            Some(Popup::Lesson) => {
                self.act_lesson(a);
                return;
            }
            Some(Popup::ConfirmQuit) => {
                match a {
                    Action::Yes => self.quit = true,
                    Action::No | Action::Back => self.popup = None,
                    _ => {}
                }
                return;
            }
            Some(Popup::ConfirmEndDay) => {
                match a {
                    Action::Yes => {
                        self.popup = None;
                        self.end_day();
                    }
                    Action::No | Action::Back => self.popup = None,
                    _ => {}
                }
                return;
            }
            Some(Popup::ConfirmDelete) => {
                match a {
                    Action::Yes => {
                        self.popup = None;
                        self.delete_chosen_file();
                    }
                    Action::No | Action::Back => {
                        self.popup = None;
                        self.say("Nothing deleted.");
                    }
                    _ => {}
                }
                return;
            }
            None => {}
        }
        match self.screen {
            Screen::Start => self.act_start(a),
            Screen::Handover(side) => {
                if a == Action::Confirm {
                    self.take_over(side);
                } else if a == Action::Back {
                    self.say("Press Enter when the player is at the keyboard, q to quit.");
                }
            }
            Screen::AfterAction => self.act_aar(a),
            Screen::Files => self.act_files(a),
            Screen::Result if a == Action::AfterAction => self.open_aar(),
            Screen::Result => {
                if a == Action::Back {
                    self.screen = Screen::Play;
                    self.mode = Mode::Normal;
                    self.say("The game is over: look around the final map; R shows the result again, q quits.");
                }
            }
            Screen::Play => self.act_play(a),
            Screen::WhatIf => self.act_whatif(a),
        }
    }

    fn act_start(&mut self, a: Action) {
        let fields = self.start.fields();
        let f = &mut self.start;
        let n = fields.len();
        let fi = fields.iter().position(|x| *x == f.field).unwrap_or(0);
        match a {
            Action::Prev => f.field = fields[(fi + n - 1) % n],
            Action::Next => f.field = fields[(fi + 1) % n],
            Action::FocusField(x) => f.field = x,
            Action::Confirm if f.field == Field::Continue => {
                let Some(r) = f.resume().cloned() else { return };
                if let Err(e) = self.resume_path(&r.path) {
                    self.start.error = Some(e);
                }
            }
            Action::Move(dx, _) => match f.field {
                Field::Continue => {
                    let n = f.games.len().max(1);
                    f.game = (f.game as i64 + dx as i64).rem_euclid(n as i64) as usize;
                }
                Field::Scenario => {
                    let n = f.scenarios.len().max(1);
                    f.scenario = (f.scenario as i64 + dx as i64).rem_euclid(n as i64) as usize;
                }
                Field::Side => f.side = f.side.other(),
                // computer (baseline) → computer (strong) → hot-seat → …
                Field::Opponent => {
                    (f.hotseat, f.ai) = match (f.hotseat, f.ai, dx > 0) {
                        (false, AiLevel::Baseline, true) | (true, _, false) => (false, AiLevel::Strong),
                        (false, AiLevel::Strong, true) | (false, AiLevel::Baseline, false) => (true, f.ai),
                        _ => (false, AiLevel::Baseline),
                    }
                }
                Field::Seed => f.seed = if dx > 0 { f.seed.saturating_add(1) } else { f.seed.saturating_sub(1) },
            },
            Action::Digit(d) => {
                f.field = Field::Seed;
                f.seed = f.seed.saturating_mul(10).saturating_add(d as u64);
                if f.seed > 999_999_999 {
                    f.seed = d as u64;
                }
            }
            Action::Erase => {
                f.field = Field::Seed;
                f.seed /= 10;
            }
            Action::Confirm => {
                let Some(sc) = f.scenarios.get(f.scenario) else {
                    f.error = Some("no scenario to play".into());
                    return;
                };
                let l = Launch { ai: f.ai, ..Launch::new(&sc.id, f.side, f.hotseat, f.seed) };
                if let Err(e) = self.start_game(&l, &[]) {
                    self.start.error = Some(e);
                }
            }
            Action::Back => self.say("q quits; Enter starts the game."),
            Action::WhatIf => self.open_whatif(),
            Action::Files => self.open_files(),
            _ => {}
        }
    }

    /// The hand-over is done: `side`'s player sees the map (and the last day, if unseen).
    fn take_over(&mut self, side: Side) {
        let Some(s) = &mut self.session else { return };
        s.viewer = side;
        s.refresh();
        self.screen = Screen::Play;
        self.mode = Mode::Normal;
        self.selected = None;
        self.focus_front();
        self.say(format!("{} plans day {}.", side.name(), self.game().map(|g| g.day() + 1).unwrap_or(1)));
        self.begin_resolution();
        if self.mode == Mode::Normal {
            self.open_lessons(true);
        }
    }

    fn act_play(&mut self, a: Action) {
        match self.mode {
            Mode::Normal if self.is_replay() => self.act_viewer(a),
            Mode::Normal => self.act_map(a),
            Mode::Target(v) => self.act_target(v, a),
            Mode::Log => self.act_log(a),
            Mode::Resolution => self.act_resolution(a),
            Mode::Report => {
                if a == Action::Back {
                    self.close_report();
                }
            }
        }
    }

    fn move_cursor(&mut self, dx: i16, dy: i16) {
        let Some(g) = self.game() else { return };
        let (w, h) = (g.map().width, g.map().height);
        let (kx, ky) = if self.zoom == Zoom::Overview {
            let l = self.layout();
            let (kx, ky) = overview_scale(l.map, w, h);
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
            Zoom::Overview => self.game().map(|g| (g.map().width, g.map().height)).unwrap_or((1, 1)),
        }
    }

    pub(crate) fn clamp_scroll(&mut self) {
        let Some(g) = self.game() else { return };
        let (w, h) = (g.map().width, g.map().height);
        let (vw, vh) = self.viewport_cells();
        self.scroll.0 = self.scroll.0.clamp(0, (w - vw).max(0));
        self.scroll.1 = self.scroll.1.clamp(0, (h - vh).max(0));
    }

    pub fn keep_cursor_visible(&mut self) {
        if self.zoom == Zoom::Overview || self.session.is_none() {
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
        let (vw, vh) = self.viewport_cells();
        self.scroll = (self.cursor.x - vw / 2, self.cursor.y - vh / 2);
        self.clamp_scroll();
    }

    fn own_units_at(&self, c: Cell) -> Vec<UnitId> {
        let Some(s) = &self.session else { return Vec::new() };
        s.picture.view.own.iter().filter(|u| u.cell == Some(c)).map(|u| u.id).collect()
    }

    fn select_at_cursor(&mut self) {
        let here = self.own_units_at(self.cursor);
        if here.is_empty() {
            self.selected = None;
            let enemy =
                self.session.as_ref().map(|s| s.picture.cells[s.game().map().idx(self.cursor)].enemy).unwrap_or(0);
            if enemy > 0 {
                self.say("Enemy units here (see the side panel). Select one of yours to give orders.");
            } else {
                self.say("No unit of yours here. Tab selects the next one.");
            }
            return;
        }
        let next = match self.selected.and_then(|s| here.iter().position(|x| *x == s)) {
            Some(i) => here[(i + 1) % here.len()],
            None => here[0],
        };
        self.select(next, false);
    }

    fn select(&mut self, id: UnitId, centre: bool) {
        self.selected = Some(id);
        let Some(s) = &self.session else { return };
        let Some(u) = s.own(id) else { return };
        let text = format!("Selected {} — {}", u.label, self.order_keys_hint(u));
        if let Some(c) = u.cell {
            self.cursor = c;
            if centre {
                self.centre();
            } else {
                self.keep_cursor_visible();
            }
        }
        self.say(text);
    }

    fn order_keys_hint(&self, u: &SeenUnit) -> String {
        let Some(g) = self.game() else { return String::new() };
        let mut keys: Vec<String> = Verb::ALL
            .iter()
            .filter(|v| verb_fits(g, u, **v))
            .map(|v| format!("{} {}", keymap::hint(Ctx::Map, Action::Order(*v)), v.name()))
            .collect();
        if hold_fits(u) {
            keys.push("d dig in".into());
        }
        if keys.is_empty() {
            "no orders for this unit".into()
        } else {
            keys.join(" · ")
        }
    }

    fn cycle_unit(&mut self, step: i64) {
        let Some(s) = &self.session else { return };
        // Fighting units first: they are the ones that need orders most days.
        let mut units: Vec<&SeenUnit> = s.picture.view.own.iter().collect();
        units.sort_by_key(|u| (!u.kind.is_manoeuvre(), std::cmp::Reverse(kind_rank(u.kind)), u.id));
        let ids: Vec<UnitId> = units.iter().map(|u| u.id).collect();
        if ids.is_empty() {
            return;
        }
        let n = ids.len() as i64;
        let i = match self.selected.and_then(|sel| ids.iter().position(|x| *x == sel)) {
            Some(i) => (i as i64 + step).rem_euclid(n),
            None if step > 0 => 0,
            None => n - 1,
        };
        self.select(ids[i as usize], true);
    }

    fn selected_unit(&self) -> Option<&SeenUnit> {
        let s = self.session.as_ref()?;
        s.own(self.selected?)
    }

    fn plan(&mut self, o: Order) -> bool {
        let Some(s) = &mut self.session else { return false };
        match s.game().check(s.viewer, &o) {
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
                self.say(text);
                true
            }
            Err(e) => {
                self.complain(format!("Refused by the rules: {e}"));
                false
            }
        }
    }

    /// The route shown for the selected unit: to the cursor while choosing a move or
    /// withdrawal target, else along its planned move or withdrawal. Planned on what the
    /// viewer knows (enemy units it has detected): the cells, how many are walked today, and
    /// the destination.
    pub fn shown_route(&self) -> Option<(Vec<Cell>, usize, Cell)> {
        let s = self.session.as_ref()?;
        let id = self.selected?;
        let (to, withdraw) = match self.mode {
            // No route to a target the rules refuse (water, off the map, …).
            Mode::Target(_) if matches!(self.target_check(), Some(Err(_))) => return None,
            Mode::Target(Verb::Move) => (self.cursor, false),
            Mode::Target(Verb::Withdraw) => (self.cursor, true),
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

    fn game_over(&self) -> bool {
        self.game().is_some_and(|g| g.is_over())
    }

    fn act_map(&mut self, a: Action) {
        match a {
            Action::Move(dx, dy) => self.move_cursor(dx, dy),
            Action::NextUnit => self.cycle_unit(1),
            Action::PrevUnit => self.cycle_unit(-1),
            Action::Select => self.select_at_cursor(),
            Action::Centre => self.centre(),
            Action::Zoom => self.cycle_zoom(),
            Action::Order(v) => {
                if self.game_over() {
                    return self.complain("The game is over.");
                }
                let Some(u) = self.selected_unit() else {
                    return self.complain("Select one of your units first (Tab or Enter on it).");
                };
                let Some(g) = self.game() else { return };
                if !verb_fits(g, u, v) {
                    let t = format!("A {} cannot {}. It can: {}", u.kind.name(), v.name(), self.order_keys_hint(u));
                    return self.complain(t);
                }
                if let Some(c) = u.cell {
                    // An assault needs an adjacent enemy cell: start on one, so the odds show at once.
                    let viewer = self.session.as_ref().map(|s| s.viewer).unwrap_or(Side::Ru);
                    let map = g.map();
                    let start = match v {
                        Verb::Assault => {
                            map.neighbours(c).find(|n| map.passable(*n) && g.control_at(*n) != viewer).unwrap_or(c)
                        }
                        _ => c,
                    };
                    self.cursor = start;
                    self.keep_cursor_visible();
                }
                self.mode = Mode::Target(v);
                self.say(format!(
                    "{}: move the cursor to the target, Enter to give the order, Esc to cancel",
                    v.name()
                ));
            }
            Action::Hold { dig_in } => {
                let Some(u) = self.selected_unit() else {
                    return self.complain("Select one of your units first (Tab or Enter on it).");
                };
                let id = u.id;
                self.plan(Order::Hold { unit: id, dig_in });
            }
            Action::CancelOrder => {
                let target = self.selected.or_else(|| {
                    let here = self.own_units_at(self.cursor);
                    let s = self.session.as_ref()?;
                    here.into_iter().find(|id| s.planned_for(*id).is_some())
                });
                let Some(s) = &mut self.session else { return };
                let Some(id) = target else { return self.complain("Select a unit whose order to cancel.") };
                let list = s.play.plan(s.viewer);
                let before = list.len();
                list.retain(|o| o.unit() != id);
                if list.len() < before {
                    let l = s.names.label(id);
                    self.say(format!("Cancelled the order of {l}."));
                } else {
                    self.complain("That unit has no planned order.");
                }
            }
            Action::CancelAll => {
                if let Some(s) = &mut self.session {
                    let list = s.play.plan(s.viewer);
                    let n = list.len();
                    list.clear();
                    self.say(format!("Cancelled {n} planned orders."));
                }
            }
            Action::EndDay => {
                if self.game_over() {
                    self.screen = Screen::Result;
                } else {
                    self.popup = Some(Popup::ConfirmEndDay);
                }
            }
            Action::Overlay(o) => {
                let viewer = self.session.as_ref().map(|s| s.viewer).unwrap_or(Side::Ru);
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
                self.say(text);
            }
            Action::OverlaysOff => {
                self.overlays = Overlays::default();
                self.say("Overlays off");
            }
            Action::Log => {
                self.mode = Mode::Log;
                self.log_scroll = 0;
            }
            Action::Report => {
                if self.game_over() {
                    self.screen = Screen::Result;
                } else if self.game().is_some_and(|g| g.day() > 0) {
                    self.mode = Mode::Report;
                } else {
                    self.complain("No day has been played yet.");
                }
            }
            Action::AfterAction => self.open_aar(),
            Action::Legend => self.legend = !self.legend,
            Action::Lesson => {
                self.open_lessons(false);
            }
            Action::Save => self.save_game(),
            Action::WhatIf => self.open_whatif(),
            Action::Back => {
                if self.selected.take().is_some() {
                    self.say("Selection cleared.");
                } else {
                    self.say("Nothing to back out of: q quits, ? shows every key.");
                }
            }
            _ => {}
        }
    }

    fn cycle_zoom(&mut self) {
        self.zoom = match self.zoom {
            Zoom::Near => Zoom::Cell,
            Zoom::Cell => Zoom::Overview,
            Zoom::Overview => Zoom::Near,
        };
        if self.zoom != Zoom::Overview {
            self.centre();
        }
        self.say(match self.zoom {
            Zoom::Near => "Zoom: 2 columns per cell",
            Zoom::Cell => "Zoom: 1 column per cell",
            Zoom::Overview => "Zoom: whole sector",
        });
    }

    /// The order the target mode would give at the cursor.
    pub fn target_order(&self) -> Option<Order> {
        let Mode::Target(v) = self.mode else { return None };
        Some(v.order(self.selected?, self.cursor))
    }

    /// The engine's verdict on the order at the cursor.
    pub fn target_check(&self) -> Option<Result<(), OrderError>> {
        let o = self.target_order()?;
        let s = self.session.as_ref()?;
        Some(s.game().check(s.viewer, &o))
    }

    /// The engine's odds for the assault at the cursor (target mode) or the selected unit's
    /// planned assault.
    pub fn odds(&self) -> Option<AssaultOdds> {
        let s = self.session.as_ref()?;
        let unit = self.selected?;
        let target = match self.mode {
            Mode::Target(Verb::Assault) => self.cursor,
            _ => match s.planned_for(unit) {
                Some(Order::Assault { target, .. }) => *target,
                _ => return None,
            },
        };
        let u = s.own(unit)?;
        if u.cell?.dist(target) != 1 || s.game().control_at(target) == s.viewer {
            return None;
        }
        Some(s.game().assault_odds(s.viewer, &s.attackers(unit, target), target))
    }

    fn act_target(&mut self, v: Verb, a: Action) {
        match a {
            Action::Move(dx, dy) => self.move_cursor(dx, dy),
            Action::Zoom => self.cycle_zoom(),
            Action::Centre => self.centre(),
            Action::Confirm => {
                let Some(o) = self.target_order() else {
                    self.mode = Mode::Normal;
                    return;
                };
                if self.plan(o) {
                    self.mode = Mode::Normal;
                    if let Some(c) = self.selected_unit().and_then(|u| u.cell) {
                        self.cursor = c;
                        self.keep_cursor_visible();
                    }
                }
            }
            Action::Back => {
                self.mode = Mode::Normal;
                if let Some(c) = self.selected_unit().and_then(|u| u.cell) {
                    self.cursor = c;
                    self.keep_cursor_visible();
                }
                self.say(format!("No {} order given.", v.name()));
            }
            _ => {}
        }
    }

    pub fn log_len(&self) -> usize {
        self.session.as_ref().map(|s| s.log_lines(self.log_filter).len()).unwrap_or(0)
    }

    fn act_log(&mut self, a: Action) {
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

    // ----- the day -----

    fn end_day(&mut self) {
        let Some(s) = &mut self.session else { return };
        if s.game().is_over() {
            return;
        }
        s.done[s.viewer.index()] = true;
        self.selected = None;
        self.mode = Mode::Normal;
        // Hot-seat: the other player plans next, after a hand-over that hides this side's plan.
        let human = s.human();
        if let Some(next) = Side::BOTH.into_iter().find(|x| human[x.index()] && !s.done[x.index()]) {
            self.screen = Screen::Handover(next);
            return;
        }
        let report = s.play.step();
        s.events.extend(report.events.into_iter().map(|e| (report.day, e)));
        s.done = [false, false];
        for side in Side::BOTH {
            if human[side.index()] {
                s.unseen[side.index()] = Some(report.day);
            }
        }
        if s.hotseat() {
            self.screen = Screen::Handover(Side::Ru);
        } else {
            s.refresh();
            self.begin_resolution();
        }
        self.autosave_day();
    }

    /// Shows the viewer's unseen day phase by phase, if there is one.
    fn begin_resolution(&mut self) {
        let Some(s) = &mut self.session else { return };
        let Some(day) = s.unseen[s.viewer.index()].take() else { return };
        let phases = s.phases_of(day);
        s.resolution = Some(Resolution { day, phases, at: 0 });
        self.mode = Mode::Resolution;
        self.say("The day resolves: Enter next phase · ← previous · s or Esc skip to the report");
    }

    fn act_resolution(&mut self, a: Action) {
        let Some(s) = &mut self.session else { return };
        let Some(r) = &mut s.resolution else {
            self.mode = Mode::Report;
            return;
        };
        match a {
            Action::Next if r.at + 1 < r.phases.len() => r.at += 1,
            Action::Prev => r.at = r.at.saturating_sub(1),
            Action::Next | Action::Back => {
                self.mode = Mode::Report;
                self.say("Day report: Enter or Esc closes it; R shows it again.");
            }
            _ => {}
        }
    }

    fn close_report(&mut self) {
        self.mode = Mode::Normal;
        self.message = None;
        if self.game_over() {
            self.screen = Screen::Result;
        } else {
            self.open_lessons(true);
        }
    }

    // ----- lessons -----

    /// The day being planned and the indices of its lesson steps for the viewer.
    pub fn lessons_today(&self) -> (u32, Vec<usize>) {
        let Some(s) = &self.session else { return (0, Vec::new()) };
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
        self.game().is_some_and(|g| !g.scenario().lessons.is_empty())
    }

    /// Opens the day's lesson steps. `auto`: when a day begins, once per day and side, and
    /// silently if there are none.
    fn open_lessons(&mut self, auto: bool) -> bool {
        let Some(viewer) = self.session.as_ref().map(|s| s.viewer) else { return false };
        if self.game_over() || self.screen != Screen::Play || self.is_replay() {
            return false;
        }
        let (day, steps) = self.lessons_today();
        if auto && self.lesson_shown[viewer.index()] >= day {
            return false;
        }
        if steps.is_empty() {
            if !auto {
                if self.has_lessons() {
                    self.complain(format!("No lesson for day {day}."));
                } else {
                    self.complain("This scenario has no lessons (try the `tutorial` scenario).");
                }
            }
            return false;
        }
        self.lesson_shown[viewer.index()] = day;
        self.lesson = Some(LessonView { day, steps, at: 0, scroll: 0 });
        self.popup = Some(Popup::Lesson);
        self.mode = Mode::Normal;
        self.message = None;
        self.apply_lesson_step();
        true
    }

    /// The lesson step on screen.
    pub fn lesson_step(&self) -> Option<&crate::sim::scenario::Lesson> {
        let lv = self.lesson.as_ref()?;
        self.game()?.scenario().lessons.get(*lv.steps.get(lv.at)?)
    }

    /// Centres the map on the step's focus and switches on its overlay.
    fn apply_lesson_step(&mut self) {
        use crate::sim::scenario::LessonOverlay as LO;
        let Some(viewer) = self.session.as_ref().map(|s| s.viewer) else { return };
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
            self.overlays = ov;
        }
        if let Some(c) = focus {
            self.cursor = c;
            self.selected = None;
            self.centre_above_lesson();
        }
    }

    /// Centres the cursor in the part of the map the lesson panel leaves visible.
    fn centre_above_lesson(&mut self) {
        let l = self.layout();
        let panel = super::view::lesson::panel_rect(self, Rect::new(0, 0, self.size.0, self.size.1));
        let (vw, vh) = self.viewport_cells();
        let visible = match self.zoom {
            Zoom::Overview => vh,
            _ => (panel.y.saturating_sub(l.map.y).min(l.map.height) as i16).max(1),
        };
        self.scroll = (self.cursor.x - vw / 2, self.cursor.y - visible / 2);
        self.clamp_scroll();
    }

    fn act_lesson(&mut self, a: Action) {
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
            Action::Next => self.complain("That was the day's last step: Enter closes the lesson."),
            Action::Prev => self.complain("This is the day's first step."),
            Action::Move(0, dy) => {
                let max = super::view::lesson::max_scroll(self);
                if let Some(lv) = &mut self.lesson {
                    lv.scroll = (lv.scroll as i32 + dy as i32).clamp(0, max as i32) as u16;
                }
            }
            Action::Back => {
                self.popup = None;
                let key = keymap::hint(Ctx::Map, Action::Lesson);
                self.say(format!("Lesson closed: {key} shows it again."));
            }
            _ => {}
        }
    }

    /// The cells of the events in the phase being shown.
    pub fn resolution_cells(&self) -> Vec<Cell> {
        let Some(s) = &self.session else { return Vec::new() };
        let Some(r) = &s.resolution else { return Vec::new() };
        if self.mode != Mode::Resolution && !(s.replay.is_some() && self.mode == Mode::Normal) {
            return Vec::new();
        }
        r.phases
            .get(r.at)
            .map(|(_, v)| v.iter().filter_map(|i| ev::cell(&s.events[*i].1)).collect())
            .unwrap_or_default()
    }

    // ----- the replay viewer -----

    /// Opens a record in the replay viewer (`attrition replay FILE`), at day 0. The whole
    /// record is replayed first, so a diverging one is refused before anything is shown.
    pub fn new_replay(rec: RecordFile, file: &str, theme: Theme) -> Result<App, String> {
        let mut app = App::blank(theme);
        app.open_replay(rec, file)?;
        Ok(app)
    }

    /// Opens a record in the replay viewer in place of whatever is shown (nothing changes if
    /// the record does not replay).
    pub fn open_replay(&mut self, rec: RecordFile, file: &str) -> Result<(), String> {
        play::replay(&rec).map_err(|e| format!("{file}: {e}"))?;
        let game = Replay::of(&rec).map_err(|e| format!("{file}: {e}"))?.into_game();
        let watch = match (rec.players.hotseat, rec.players.human) {
            (false, Some(side)) => Watch::Side(side),
            _ => Watch::Both,
        };
        let side = match watch {
            Watch::Side(s) => s,
            Watch::Both => Side::Ru,
        };
        // Nobody plays in the viewer: its days come from the record.
        let mut session = Session::new(Match::new(game, rec.players.seats()), side);
        session.scenario_arg = rec.scenario.clone();
        session.settings = rec.settings.clone();
        session.omniscient = watch == Watch::Both;
        let annotations =
            rec.annotations_on(session.game().map()).map_err(|f| format!("{file}: {}: {}", f.item(), f.msg))?;
        session.replay = Some(ReplayView { record: rec, file: file.to_string(), watch, annotations });
        session.refresh();
        self.session = Some(session);
        self.open_session(false);
        self.say(format!(
            "Replay of {file}: ] next day · . next phase · s whose view ({}) · ? every key",
            watch.name()
        ));
        Ok(())
    }

    pub fn is_replay(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.replay.is_some())
    }

    /// Days in the record being viewed.
    pub fn replay_days(&self) -> u32 {
        self.session.as_ref().and_then(|s| s.replay.as_ref()).map(|r| r.record.days.len() as u32).unwrap_or(0)
    }

    /// Shows the record after `day` days (clamped), at the day's first phase (`last`: its last).
    /// The next day is one step of the engine; any other day is replayed from the start.
    fn goto_day(&mut self, day: u32, last: bool) {
        let total = self.replay_days();
        let day = day.min(total);
        let Some(s) = &mut self.session else { return };
        let Some(rv) = &s.replay else { return };
        let now = s.game().day();
        if day == now + 1 {
            match s.play.replay_day(&rv.record.days[now as usize]) {
                Ok(rep) => s.events.extend(rep.events.into_iter().map(|e| (rep.day, e))),
                Err(e) => {
                    let text = format!("{}: {e}", rv.file);
                    return self.complain(text);
                }
            }
        } else if day != now {
            let mut events = Vec::new();
            let replayed = Replay::of(&rv.record)
                .and_then(|r| r.run(day as usize, |_, r| events.extend(r.events.into_iter().map(|e| (r.day, e)))));
            match replayed {
                Ok(g) => {
                    s.play = Match::new(g, s.play.seats());
                    s.events = events;
                }
                Err(e) => {
                    let text = format!("{}: {e}", rv.file);
                    return self.complain(text);
                }
            }
        }
        s.refresh();
        s.resolution = if day > 0 {
            let phases = s.phases_of(day);
            let at = if last { phases.len().saturating_sub(1) } else { 0 };
            Some(Resolution { day, phases, at })
        } else {
            None
        };
        self.log_scroll = 0;
        let text = match &s.resolution {
            Some(r) => match r.phases.get(r.at) {
                Some((p, v)) => format!("Day {day}/{total}: {} ({} events)", p.name(), v.len()),
                None => format!("Day {day}/{total}: nothing seen from this side"),
            },
            None => format!("The start: day 0 of {total}. ] or . steps forward."),
        };
        self.say(text);
    }

    /// Shows a key event of the after-action report: its day (first phase), with the cursor
    /// on its cell when it has one.
    pub(super) fn goto_event(&mut self, e: &crate::study::report::KeyEvent) {
        self.goto_day(e.day, false);
        if let Some(c) = e.cell {
            self.cursor = c;
            self.centre();
        }
        self.say(format!("Day {}: {}", e.day, e.text));
    }

    fn replay_phase(&mut self, step: i32) {
        let total = self.replay_days();
        let Some(s) = &mut self.session else { return };
        let day = s.game().day();
        match &mut s.resolution {
            Some(r) if step > 0 && r.at + 1 < r.phases.len() => r.at += 1,
            Some(r) if step < 0 && r.at > 0 => r.at -= 1,
            _ if step > 0 => {
                if day >= total {
                    return self.complain(format!("That was the last day of the record ({total})."));
                }
                return self.goto_day(day + 1, false);
            }
            _ => {
                if day == 0 {
                    return self.complain("This is the start of the game.");
                }
                return self.goto_day(day - 1, true);
            }
        }
        if let Some(r) = &s.resolution {
            if let Some((p, v)) = r.phases.get(r.at) {
                let text = format!("Day {day}/{total}: {} ({} events)", p.name(), v.len());
                self.say(text);
            }
        }
    }

    fn act_viewer(&mut self, a: Action) {
        let day = self.game().map(|g| g.day()).unwrap_or(0);
        let notes_before = self.note_keys();
        if self.presenting() {
            match a {
                Action::Present | Action::Back => return self.leave_presenter(),
                Action::Log | Action::Report | Action::Legend => {
                    return self.complain("Presenter mode: p or Esc leaves it first.");
                }
                _ => {}
            }
        }
        // Esc with nothing selected goes back to the list the replay was opened from.
        if a == Action::Back && self.selected.is_none() && self.back_to_files() {
            return;
        }
        match a {
            Action::Present => return self.toggle_presenter(),
            Action::Next => self.replay_phase(1),
            Action::Prev => self.replay_phase(-1),
            Action::NextDay => self.goto_day(day + 1, false),
            Action::PrevDay => self.goto_day(day.saturating_sub(1), false),
            Action::FirstDay => self.goto_day(0, false),
            Action::LastDay => self.goto_day(self.replay_days(), false),
            Action::Watch => {
                let Some(s) = &mut self.session else { return };
                let Some(rv) = &mut s.replay else { return };
                rv.watch = rv.watch.next();
                let w = rv.watch;
                s.omniscient = w == Watch::Both;
                s.viewer = match w {
                    Watch::Side(x) => x,
                    Watch::Both => Side::Ru,
                };
                self.selected = None;
                if let Some(s) = &mut self.session {
                    s.refresh();
                    let at = s.resolution.as_ref().map(|r| r.at).unwrap_or(0);
                    let day = s.game().day();
                    if day > 0 {
                        let phases = s.phases_of(day);
                        let at = at.min(phases.len().saturating_sub(1));
                        s.resolution = Some(Resolution { day, phases, at });
                    }
                }
                if self.presenting() {
                    self.presenter_overlays();
                }
                self.say(format!("Viewing as {}", w.name()));
            }
            Action::Order(_)
            | Action::Hold { .. }
            | Action::CancelOrder
            | Action::CancelAll
            | Action::EndDay
            | Action::Save
            | Action::Lesson => self.complain("This is a replay: no orders can be given (] next day, . next phase)."),
            Action::Report => {
                if day > 0 {
                    self.mode = Mode::Report;
                } else {
                    self.complain("No day has been played yet: ] goes to day 1.");
                }
            }
            other => self.act_map(other),
        }
        if self.note_keys() != notes_before {
            self.follow_note();
        }
    }

    // ----- mouse -----

    /// The map cell under a screen position, if the map is there.
    pub fn cell_at_screen(&self, x: u16, y: u16) -> Option<Cell> {
        let g = self.game()?;
        let l = self.layout();
        let m = l.map;
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

    fn mouse(&mut self, m: MouseEvent) {
        if self.popup.is_some() || self.screen != Screen::Play {
            return;
        }
        let l = self.layout();
        let in_log = m.row >= l.log.y && m.row < l.log.y + l.log.height && l.log.height > 0;
        match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let Some(c) = self.cell_at_screen(m.column, m.row) else { return };
                match self.mode {
                    Mode::Normal => {
                        self.cursor = c;
                        if self.own_units_at(c).is_empty() {
                            self.selected = None;
                        }
                        self.select_at_cursor();
                    }
                    Mode::Target(v) => {
                        if self.cursor == c {
                            self.act_target(v, Action::Confirm);
                        } else {
                            self.cursor = c;
                            self.say("Target set: click it again or press Enter to give the order.");
                        }
                    }
                    _ => self.cursor = c,
                }
            }
            MouseEventKind::Down(MouseButton::Right) => self.act(Action::Back),
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
                let shift = m.modifiers.contains(crossterm::event::KeyModifiers::SHIFT);
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
    }
}

/// The route of a planned move in words: how far today, and whether it gets there.
pub fn route_words(route: &[Cell], today: usize, to: Cell) -> String {
    let arrives = route.last() == Some(&to);
    match (route.len(), today) {
        (0, _) => " (no way there from here today)".to_string(),
        (n, t) if t == n && arrives => format!(" ({n} cells, there today)"),
        (n, t) if arrives => format!(" ({t} of {n} cells today)"),
        (n, t) => format!(" ({t} of {n} cells today; the rest of the way is planned each morning)"),
    }
}

/// Cells per character in the overview (columns, rows) so the whole map fits `area`.
pub fn overview_scale(area: Rect, w: i16, h: i16) -> (u16, u16) {
    let kx = (w as u16).div_ceil(area.width.max(1)).max(1);
    let ky = (h as u16).div_ceil(area.height.max(1)).max(1);
    (kx, ky)
}

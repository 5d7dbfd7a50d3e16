//! A game being shown: the engine's `Game`, each side's planned orders, every event so far as
//! each side was told it, the names of units its viewer knows, and the viewing side's picture
//! of the map.
//!
//! Each side's log, resolution and day report are built from its own stream of events (the
//! engine's `DayReport::seen_by`), never from the truth: a side reads only what it was told,
//! naming only the enemy units it detected, and the same days give the same stream whether
//! they were played live or replayed from a save. Only an observer (a finished game's replay
//! in the both-sides view) reads the truth.
//!
//! The interface never changes the world: it keeps each side's planned orders, checks each
//! with [`Game::check`] before queuing it, and sends them all to [`Game::step`] at the end of
//! the day. What it draws comes from the viewing side's [`SideView`] (fog of war), the
//! engine's read accessors and the day's events. A record opened in the replay viewer is a
//! session too, whose game is the record replayed to the day shown.

use crate::ai::AiLevel;
use crate::data;
use crate::sim::components::{Task, UnitId};
use crate::sim::events::{Event, Phase};
use crate::sim::map::{Cell, Side};
use crate::sim::orders::{self, Order, OrderError, OrderKind};
use crate::sim::scenario::Annotation;
use crate::sim::view::{SeenUnit, SideView};
use crate::sim::{DayReport, DayStats, Game};
use crate::study::play::{self, Match, Replay, Seat};
use crate::study::record::RecordFile;
use crate::study::report;

use super::cells::{tally, CellUnits};
use super::event_words::{self as ev, Names};
use super::playback::{self, DayStart, PhaseFrame};

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
    /// A game against the baseline AI (the plainer one, whose games the interface's tests
    /// replay); the start screen and `attrition play` set `ai` themselves, the strong AI unless
    /// told otherwise.
    pub fn new(scenario: &str, side: Side, hotseat: bool, seed: u64) -> Launch {
        Launch { scenario: scenario.into(), side, hotseat, seed, ai: AiLevel::Baseline }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub phase: Option<Phase>,
    pub side: Option<Side>,
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
    /// Road cells cut by a scripted event (both sides know them; empty when none is).
    pub roads_cut: Vec<bool>,
}

impl Picture {
    /// `all`: the replay viewer's "both sides" view, every enemy unit shown as if detected.
    pub fn build(g: &Game, side: Side, all: bool) -> Picture {
        let mut view = g.view(side);
        if all {
            view.enemy = g.view(side.other()).own;
        }
        Picture::of_view(g, view)
    }

    /// What both sides know and nothing more (a seminar's observers): no units, no side's
    /// supply or observation ([`SideView::common`]).
    pub fn common(g: &Game) -> Picture {
        Picture::of_view(g, SideView::common(g))
    }

    fn of_view(g: &Game, view: SideView) -> Picture {
        let map = g.map();
        let side = view.side;
        let units = view.own.iter().map(|u| (u, true)).chain(view.enemy.iter().map(|u| (u, false)));
        let cells = tally(map, units, side);
        let front = map.front_line(g.control());
        let mx = |v: &[f32]| v.iter().copied().fold(0.0f32, f32::max).max(1e-6);
        let mut places = vec![None; map.len()];
        for (k, p) in map.places.iter().enumerate() {
            if map.in_bounds(p.cell) {
                places[map.idx(p.cell)].get_or_insert(k as u16);
            }
        }
        let mut places_by_size: Vec<u16> = (0..map.places.len() as u16).collect();
        places_by_size.sort_by_key(|k| std::cmp::Reverse(map.places[*k as usize].population));
        let cut = g.roads_cut();
        let mut roads_cut = if cut.is_empty() { Vec::new() } else { vec![false; map.len()] };
        for c in cut {
            roads_cut[map.idx(c)] = true;
        }
        Picture {
            places,
            places_by_size,
            roads_cut,
            cells,
            front,
            coverage_max: [mx(g.coverage(Side::Ru)), mx(g.coverage(Side::Ua))],
            observe_max: mx(&view.observation),
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
    /// The map after each phase of `phases` (empty when the day's start is not known).
    pub frames: Vec<PhaseFrame>,
    /// Lines scrolled down in the phase's events.
    pub scroll: usize,
}

/// Every event so far, with its day: the truth, and each side's stream of it; and each
/// side's figures day by day as it knows them (`report::known_day`).
#[derive(Clone, Debug, Default)]
pub struct Chronicle {
    truth: Vec<(u32, Event)>,
    sides: [Vec<(u32, Event)>; 2],
    known: [Vec<DayStats>; 2],
    /// The events both sides know alike (`DayReport::common`: ground changing hands, will,
    /// copied techniques, ceasefires, the end), and the figures both know (ground and will; the rest unknown): an observer's.
    public: Vec<(u32, Event)>,
    public_known: Vec<DayStats>,
}

/// A day's figures as both sides know them: ground and will; soldiers, losses and vehicles
/// unknown (0) and supply unknown (NaN).
fn public_day(g: &Game) -> DayStats {
    let mut d = report::known_day(g, Side::Ru, &[], None);
    d.personnel = [0; 2];
    d.losses = [0; 2];
    d.vehicles_lost = [0; 2];
    d.supply = [f64::NAN; 2];
    d
}

impl Chronicle {
    /// The chronicle of a game at its start (or wherever `g` stands: its figures then).
    pub fn new(g: &Game) -> Chronicle {
        let known = Side::BOTH.map(|s| vec![report::known_day(g, s, &[], None)]);
        Chronicle { known, public_known: vec![public_day(g)], ..Default::default() }
    }

    /// Adds a day (`g` is the game after it): its events, what each side was told of them,
    /// and each side's figures.
    pub fn push(&mut self, g: &Game, rep: &DayReport) {
        for s in Side::BOTH {
            let told = rep.seen_by(s);
            let k = s.index();
            let day = report::known_day(g, s, &told, self.known[k].last());
            self.known[k].push(day);
            self.sides[k].extend(told.into_iter().map(|e| (rep.day, e)));
        }
        self.truth.extend(rep.events.iter().map(|e| (rep.day, e.clone())));
        self.public.extend(rep.common().into_iter().map(|e| (rep.day, e)));
        self.public_known.push(public_day(g));
    }

    /// The stream and figures both sides know alike (an observer's).
    pub fn public(&self) -> (&[(u32, Event)], &[DayStats]) {
        (&self.public, &self.public_known)
    }

    /// Side `s`'s figures day by day as it knows them.
    pub fn known(&self, s: Side) -> &[DayStats] {
        &self.known[s.index()]
    }

    /// Side `s`'s stream, or the truth for an observer (`None`).
    pub fn of(&self, viewer: Option<Side>) -> &[(u32, Event)] {
        match viewer {
            Some(s) => &self.sides[s.index()],
            None => &self.truth,
        }
    }
}

/// Why a saved game could not be resumed, and whether it is only that it replays differently
/// here (a game made by another version of the rules or scenario, or an altered file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresumable {
    pub why: String,
    pub diverged: bool,
}

/// A game in progress and everything the interface keeps about it.
pub struct Session {
    /// The game, who plays each side and the orders planned for the coming day.
    pub play: Match,
    /// The side whose view is drawn and whose orders are being planned.
    pub viewer: Side,
    /// Sides that have finished planning today.
    pub done: [bool; 2],
    /// Every event so far, with its day, as each side was told it.
    pub chronicle: Chronicle,
    /// A day each side has not yet seen the resolution of.
    pub unseen: [Option<u32>; 2],
    pub names: Names,
    pub picture: Picture,
    pub resolution: Option<Resolution>,
    /// Each event's text for the viewer (rebuilt with the picture).
    pub texts: Vec<String>,
    /// Both sides' pictures before the last day was played (for the day's frames).
    pub day_start: Option<DayStart>,
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
    /// Changes made during the game (a white cell's, a branch's settings), each in force from
    /// its day, with what to build them from; and the record this game was branched from.
    pub injections: Vec<crate::study::record::Injection>,
    pub source: Option<play::Source>,
    pub parent: Option<crate::study::record::Parent>,
    /// The day is resolved elsewhere (a seminar's server): ending the day only says this
    /// side is done, and the day comes back through `PlayScreen::take_day`.
    pub remote: bool,
    /// Nobody plans here (a seminar's white cell and observers): order keys are refused.
    pub watching: bool,
    /// Only what both sides know is shown (a seminar's observer): no units, the public
    /// events and figures ([`Picture::common`], `DayReport::common`).
    pub public: bool,
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
    pub fn next(self) -> Watch {
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
    /// A game still going, shown as one side saw it: the view stays that side's.
    pub one_side: bool,
}

impl Session {
    pub fn new(play: Match, viewer: Side) -> Session {
        let picture = Picture::build(play.game(), viewer, false);
        let scenario_arg = play.game().scenario().id.clone();
        let chronicle = Chronicle::new(play.game());
        let mut s = Session {
            scenario_arg,
            settings: Vec::new(),
            replay: None,
            omniscient: false,
            play,
            viewer,
            done: [false, false],
            chronicle,
            unseen: [None, None],
            names: Names::default(),
            picture,
            resolution: None,
            texts: Vec::new(),
            day_start: None,
            notes: Vec::new(),
            save: crate::saves::Slot::new_game(),
            remote: false,
            watching: false,
            public: false,
            injections: Vec::new(),
            source: None,
            parent: None,
        };
        s.refresh_names();
        s
    }

    /// A new game (`attrition play …` or the start screen): the scenario loaded, the
    /// `--set KEY=VALUE` settings applied in order (and kept for the record).
    pub fn start(l: &Launch, settings: &[String]) -> Result<Session, String> {
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
        session.source = Some(play::Source { scenario: l.scenario.clone(), settings: settings.to_vec(), seed: l.seed });
        Ok(session)
    }

    /// A saved game loaded and continued ([`Session::resume`]); it goes on saving to that
    /// file when it is a game's own file in the saves folder (see [`crate::saves::Slot`]).
    pub fn resume_path(path: &std::path::Path) -> Result<Session, String> {
        Session::open_saved(path).map_err(|u| u.why)
    }

    /// [`Session::resume_path`], saying also whether the file only failed to replay the same
    /// way here (made by another version of the rules): such a game can be played again under
    /// this version's rules ([`Session::play_again_path`]).
    pub fn open_saved(path: &std::path::Path) -> Result<Session, Unresumable> {
        let rec = crate::study::record::load(path).map_err(|why| Unresumable { why, diverged: false })?;
        let slot = crate::saves::Slot::resumed(path);
        let mut s = Session::resume_checked(&rec)
            .map_err(|u| Unresumable { why: format!("{}: {}", path.display(), u.why), diverged: u.diverged })?;
        s.save = slot;
        Ok(s)
    }

    /// [`Session::replay_under_current_rules`] of a saved file: a new game, the file kept.
    pub fn play_again_path(path: &std::path::Path) -> Result<Session, String> {
        let rec = crate::study::record::load(path)?;
        Session::replay_under_current_rules(&rec).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// A record replayed and continued: the human plays the recorded side (Ukraine if the
    /// record has none), hot-seat stays hot-seat. A diverging record is an error.
    pub fn resume(rec: &RecordFile) -> Result<Session, String> {
        Session::resume_checked(rec).map_err(|u| u.why)
    }

    fn resume_checked(rec: &RecordFile) -> Result<Session, Unresumable> {
        let failed = |e: play::ReplayError| Unresumable {
            diverged: matches!(e, play::ReplayError::Diverged(_)),
            why: e.to_string(),
        };
        let replay = Replay::of(rec).map_err(failed)?;
        let mut chronicle = Chronicle::new(replay.game());
        let game = replay.run(usize::MAX, |g, r| chronicle.push(g, &r)).map_err(failed)?;
        Session::resumed(rec, game, chronicle).map_err(|why| Unresumable { why, diverged: false })
    }

    /// A saved game that no longer replays here (made by another version of the rules: see
    /// [`play::Divergence`]) played again from its first day under this version's rules: each
    /// day the people's recorded orders (one that no longer fits is refused, as any order is)
    /// and the computer's given afresh, and the changes made during the game in force from
    /// their days. The game it gives is this version's, not the one the file recorded: it is a
    /// new game, saved to a file of its own, and the old file is left as it was.
    pub fn replay_under_current_rules(rec: &RecordFile) -> Result<Session, String> {
        let l = rec.setup()?;
        let game = Game::new(l.setup)?;
        let seats = Session::seats_of(rec);
        let source = if rec.injections.is_empty() { None } else { Some(play::Source::of(rec)?) };
        let mut m = Match::new(game, seats);
        let mut chronicle = Chronicle::new(m.game());
        for day in &rec.days {
            if m.game().is_over() {
                break;
            }
            if let Some(src) = &source {
                m.inject_due(src, &rec.injections)?;
            }
            for side in Side::BOTH {
                if seats[side.index()].is_human() {
                    *m.plan(side) = match side {
                        Side::Ru => day.ru.clone(),
                        Side::Ua => day.ua.clone(),
                    };
                }
            }
            let rep = m.step();
            chronicle.push(m.game(), &rep);
        }
        let mut session = Session::resumed(rec, m.into_game(), chronicle)?;
        session.save = crate::saves::Slot::new_game();
        Ok(session)
    }

    /// Who plays each side of a resumed record: as recorded, and a record of the computer
    /// against itself with the human on Ukraine's side (or the recorded human's).
    fn seats_of(rec: &RecordFile) -> [Seat; 2] {
        let side = rec.players.human.unwrap_or(Side::Ua);
        let mut seats = rec.players.seats();
        if !seats.iter().any(|s| s.is_human()) {
            seats[side.index()] = Seat::Human;
        }
        seats
    }

    /// The session of a record's game, replayed up to its last day.
    fn resumed(rec: &RecordFile, game: Game, chronicle: Chronicle) -> Result<Session, String> {
        let hotseat = rec.players.hotseat;
        let side = rec.players.human.unwrap_or(Side::Ua);
        let viewer = if hotseat { Side::Ru } else { side };
        let mut session = Session::new(Match::new(game, Session::seats_of(rec)), viewer);
        session.scenario_arg = rec.scenario.clone();
        session.settings = rec.settings.clone();
        session.chronicle = chronicle;
        session.notes = rec.annotations.clone();
        session.injections = rec.injections.clone();
        session.parent = rec.parent.clone();
        // What a change made during the game is built from (a white cell's, a branch's).
        session.source = match rec.injections.is_empty() {
            true => play::Source::of(rec).ok(),
            false => Some(play::Source::of(rec)?),
        };
        session.refresh();
        Ok(session)
    }

    /// A new game branched from a record after `day` (`play --load FILE --from-day N`): the
    /// record's days up to then, `settings` in force from the next day; its record names
    /// `parent_file` and the day, and it saves to a file of its own.
    pub fn branch(rec: &RecordFile, parent_file: &str, day: u32, settings: &[String]) -> Result<Session, String> {
        let b = crate::study::record::branch(rec, parent_file, day, settings)?;
        let mut s = Session::resume(&b)?;
        // Its settings checked now, not on the day they come into force.
        if let Some(src) = &s.source {
            src.setup_on(&s.injections, day + 1)?;
        }
        s.save = crate::saves::Slot::new_game();
        Ok(s)
    }

    /// Puts in force the changes due at the start of the coming day, before it is played.
    pub fn inject_due(&mut self) -> Result<(), String> {
        match &self.source {
            Some(src) => self.play.inject_due(src, &self.injections),
            None => Ok(()),
        }
    }

    /// A record in the replay viewer, at day 0. The whole record is replayed first, so a
    /// diverging one is refused before anything is shown. A finished game (or one revealed on
    /// purpose) may be watched from either side or both; a game still going only as one side
    /// saw it (`side`, else its human player: `report::reader_of`).
    pub fn replay(rec: RecordFile, file: &str, side: Option<Side>, reveal: bool) -> Result<Session, String> {
        let end = play::replay(&rec).map_err(|e| format!("{file}: {e}"))?;
        let reader = report::reader_of(&rec, end.is_over(), side, reveal).map_err(|e| format!("{file}: {e}"))?;
        let game = Replay::of(&rec).map_err(|e| format!("{file}: {e}"))?.into_game();
        let watch = match (reader, rec.players.hotseat, rec.players.human) {
            (Some(s), _, _) => Watch::Side(s),
            (None, _, _) if side.is_some() => Watch::Side(side.unwrap_or(Side::Ru)),
            (None, false, Some(s)) => Watch::Side(s),
            (None, _, _) => Watch::Both,
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
        session.replay =
            Some(ReplayView { record: rec, file: file.to_string(), watch, annotations, one_side: reader.is_some() });
        session.refresh();
        Ok(session)
    }

    /// Days in the record being viewed (0 outside the replay viewer).
    pub fn replay_days(&self) -> u32 {
        self.replay.as_ref().map(|r| r.record.days.len() as u32).unwrap_or(0)
    }

    /// The notes for the day and phase the replay viewer shows: the scenario's, then the
    /// record's (none outside the viewer).
    pub fn annotations_now(&self) -> Vec<&Annotation> {
        let Some(rv) = &self.replay else { return Vec::new() };
        let day = self.game().day();
        let phases: Vec<Phase> =
            self.resolution.as_ref().map(|r| r.phases.iter().map(|(p, _)| *p).collect()).unwrap_or_default();
        let at = self.resolution.as_ref().map(|r| r.at);
        self.game()
            .scenario()
            .annotations
            .iter()
            .chain(&rv.annotations)
            .filter(|a| a.day == day && shown_at(a.phase, &phases, at))
            .collect()
    }

    pub fn game(&self) -> &Game {
        self.play.game()
    }

    /// Which sides a person plays.
    pub fn human(&self) -> [bool; 2] {
        self.play.seats().map(Seat::is_human)
    }

    /// Whose eyes the session reads with: the viewer's, or an observer's (None).
    pub fn reader(&self) -> Option<Side> {
        (!self.omniscient).then_some(self.viewer)
    }

    /// The events the viewer was told, with their day (every event for an observer).
    pub fn events(&self) -> &[(u32, Event)] {
        if self.public {
            return self.chronicle.public().0;
        }
        self.chronicle.of(self.reader())
    }

    /// Adds a day just played or replayed.
    pub fn record_day(&mut self, rep: &DayReport) {
        self.chronicle.push(self.play.game(), rep);
    }

    /// The figures day by day as the reader knows them: the viewer's own and the public ones
    /// exact, the enemy's its estimates (`report::known_day`); both sides' exact figures for an
    /// observer.
    pub fn timeline(&self) -> &[DayStats] {
        if self.public {
            return self.chronicle.public().1;
        }
        match self.reader() {
            Some(s) => self.chronicle.known(s),
            None => self.game().history(),
        }
    }

    fn refresh_names(&mut self) {
        self.names = if self.public { Names::default() } else { Names(self.game().names_known_to(self.reader())) };
    }

    /// Rebuilds the viewer's picture (after a day or a change of viewer).
    pub fn refresh(&mut self) {
        self.refresh_names();
        self.picture = if self.public {
            Picture::common(self.game())
        } else {
            Picture::build(self.game(), self.viewer, self.omniscient)
        };
        // Every event's text for this viewer, once a day rather than on every frame.
        self.texts = (0..self.events().len()).map(|i| self.make_text(i)).collect();
    }

    /// The phases of `day` with the events the viewer knows of (all of them if omniscient),
    /// each with indices into `events`.
    pub fn phases_of(&self, day: u32) -> Vec<(Phase, Vec<usize>)> {
        let mut phases: Vec<(Phase, Vec<usize>)> = Vec::new();
        for (i, (d, e)) in self.events().iter().enumerate() {
            if *d != day {
                continue;
            }
            let p = e.phase();
            match phases.iter_mut().find(|(x, _)| *x == p) {
                Some((_, v)) => v.push(i),
                None => phases.push((p, vec![i])),
            }
        }
        phases.sort_by_key(|(p, _)| *p);
        // The viewer's own side first in each phase, then the enemy's, then the rest.
        for (_, idx) in &mut phases {
            idx.sort_by_key(|i| match ev::actor(&self.events()[*i].1, &self.names) {
                Some(s) if s == self.viewer => 0,
                Some(_) => 1,
                None => 2,
            });
        }
        phases
    }

    /// Keeps both sides' pictures before the coming day is played.
    pub fn remember_day_start(&mut self) {
        let g = self.game();
        self.day_start = Some(DayStart { day: g.day() + 1, views: [g.view(Side::Ru), g.view(Side::Ua)] });
    }

    /// The viewer's resolution of `day` (the last day played), at its first phase or its last,
    /// with the map after each phase when the day's start is known.
    pub fn resolution_of(&self, day: u32, last: bool) -> Resolution {
        let phases = self.phases_of(day);
        let at = if last { phases.len().saturating_sub(1) } else { 0 };
        let frames = match &self.day_start {
            // An observer's day shows no units: nothing of the day's start is its to show.
            Some(start) if start.day == day && self.game().day() == day && !self.public => {
                let (v, o) = (self.viewer.index(), self.viewer.other().index());
                let before = playback::known_units(&start.views[v], &start.views[o], self.omniscient);
                let view = &self.picture.view;
                let after: Vec<(SeenUnit, bool)> = view
                    .own
                    .iter()
                    .map(|u| (u.clone(), true))
                    .chain(view.enemy.iter().map(|u| (u.clone(), false)))
                    .collect();
                // In the order they happened, not the order shown (own side first).
                let mut idx: Vec<(Phase, usize)> =
                    phases.iter().flat_map(|(p, v)| v.iter().map(move |i| (*p, *i))).collect();
                idx.sort_by_key(|(_, i)| *i);
                let ordered: Vec<(Phase, &Event)> = idx.iter().map(|(p, i)| (*p, &self.events()[*i].1)).collect();
                let shown: Vec<Phase> = phases.iter().map(|(p, _)| *p).collect();
                playback::frames(
                    self.game().map(),
                    self.viewer,
                    &before,
                    &after,
                    self.game().control(),
                    &ordered,
                    &shown,
                )
            }
            _ => Vec::new(),
        };
        Resolution { day, phases, at, frames, scroll: 0 }
    }

    /// The game's record as a file: scenario, settings, seed, who plays, every day's orders.
    pub fn record_file(&self) -> RecordFile {
        let mut rec = self.play.record_file(&self.scenario_arg, &self.settings);
        rec.annotations = self.notes.clone();
        rec.injections = self.injections.clone();
        rec.parent = self.parent.clone();
        rec
    }

    /// A move's (or withdrawal's) route as the viewer can plan it: around the enemy units it
    /// has detected (`Game::route_preview`).
    pub fn route(&self, unit: UnitId, to: Cell, withdraw: bool) -> Option<(Vec<Cell>, usize)> {
        let map = self.game().map();
        self.game().route_preview(unit, to, withdraw, |c| self.picture.cells[map.idx(c)].enemy > 0)
    }

    pub fn hotseat(&self) -> bool {
        !self.remote && self.play.seats().iter().all(|s| s.is_human())
    }

    pub fn orders(&self) -> &[Order] {
        self.play.planned(self.viewer)
    }

    pub fn planned_for(&self, id: UnitId) -> Option<&Order> {
        self.orders().iter().find(|o| o.unit() == id)
    }

    /// Own unit by id from the viewer's picture.
    /// Whether an own unit may take an order of `kind` at all, by the engine's table of
    /// orders (`check` then judges the target).
    pub fn fits(&self, u: &SeenUnit, kind: OrderKind) -> Result<(), OrderError> {
        let view = &self.picture.view;
        let t = view.template(&u.template).ok_or(OrderError::NoSuchUnit(u.id))?;
        orders::fits(kind, u.kind, t, u.placement())
    }

    pub fn own(&self, id: UnitId) -> Option<&SeenUnit> {
        self.picture.view.own_unit(id)
    }

    /// Indices of events the viewer knows of, passing the log filter, oldest first.
    pub fn log_lines(&self, f: LogFilter) -> Vec<usize> {
        self.events()
            .iter()
            .enumerate()
            .filter(|(_, (_, e))| f.phase.is_none_or(|p| e.phase() == p))
            .filter(|(_, (_, e))| f.side.is_none_or(|s| ev::actor(e, &self.names) == Some(s)))
            .map(|(i, _)| i)
            .collect()
    }

    /// Event `i`'s text wrapped to rows of `width` columns after a prefix of `prefix` columns
    /// (the side's tag, the day): every figure is kept, none cut.
    pub fn event_rows(&self, i: usize, width: usize, prefix: usize) -> Vec<String> {
        ev::wrap(&self.event_text(i), width.saturating_sub(prefix))
    }

    /// Event `i` in words, as the viewer knows it.
    pub fn event_text(&self, i: usize) -> String {
        match self.texts.get(i) {
            Some(t) => t.clone(),
            None => self.make_text(i),
        }
    }

    fn make_text(&self, i: usize) -> String {
        let (day, e) = &self.events()[i];
        ev::text(e, &self.names, self.game().map(), self.assault_outcome(*day, e))
    }

    /// How a won assault stood at the end of its day: the cell changed hands that day, or the
    /// control rule's contest kept it with its holder (with that contest's odds when this side
    /// saw it rolled).
    fn assault_outcome(&self, day: u32, e: &Event) -> Option<ev::AssaultOutcome> {
        let Event::Assault { side, target, taken: true, .. } = e else { return None };
        let taken = self.events().iter().any(|(d, x)| {
            *d == day && matches!(x, Event::CellCaptured { side: s, cell, .. } if s == side && cell == target)
        });
        if taken {
            return Some(ev::AssaultOutcome::Taken);
        }
        // The day is not over yet while it is being resolved: nothing to tell.
        if self.game().day() < day {
            return None;
        }
        let odds = self.events().iter().find_map(|(d, x)| match x {
            Event::ControlContested { side: s, cell, odds, .. } if *d == day && s == side && cell == target => {
                Some(odds.clone())
            }
            _ => None,
        });
        Some(ev::AssaultOutcome::Contested(odds))
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

/// Whether a note for `phase` shows while phase `at` of the day's `phases` is shown. A phase
/// in which nothing was seen that day has no step of its own, so its note shows with the next
/// phase that has one (or the day's last): a note is never skipped.
fn shown_at(phase: Option<Phase>, phases: &[Phase], at: Option<usize>) -> bool {
    let Some(p) = phase else { return true };
    if phases.is_empty() {
        return true;
    }
    let slot = phases.iter().position(|x| *x >= p).unwrap_or(phases.len() - 1);
    at == Some(slot)
}

//! The one place a match is played and the one place a record is replayed.
//!
//! A [`Match`] is a game with who plays each side (a person, or the computer at a level):
//! people's orders are planned into it, the computer's are asked of the AI when the day is
//! stepped. The command line's batches, the studies (`calibrate`, `whatif`), the interface
//! and the reports all play through it. [`Replay`] steps a record's days from a fresh game
//! and checks every day's state hash; a record that leaves its hashes is one
//! [`ReplayError`] with one message, wherever it was opened.

use crate::ai::{self, AiLevel};
use crate::sim::map::Side;
use crate::sim::orders::Order;
use crate::sim::{DayRecord, DayReport, Game, Setup};

use super::record::{Injection, Players, RecordFile};

/// Who gives a side's orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seat {
    /// A person, through the interface (or a script planning orders).
    Human,
    /// The computer, at this level.
    Computer(AiLevel),
}

impl Seat {
    pub fn is_human(self) -> bool {
        self == Seat::Human
    }
}

/// Hears each computer order with the AI's reason before the day is stepped.
pub type Explain<'a> = &'a mut dyn FnMut(&Game, Side, &Order, &str);

/// A game in progress with its players and the orders planned for the coming day.
pub struct Match {
    game: Game,
    seats: [Seat; 2],
    planned: [Vec<Order>; 2],
}

impl Match {
    pub fn new(game: Game, seats: [Seat; 2]) -> Match {
        Match { game, seats, planned: [Vec::new(), Vec::new()] }
    }

    /// The computer against itself, at a level per side (Russia, Ukraine).
    pub fn computers(game: Game, levels: [AiLevel; 2]) -> Match {
        Match::new(game, [Seat::Computer(levels[0]), Seat::Computer(levels[1])])
    }

    pub fn game(&self) -> &Game {
        &self.game
    }

    pub fn into_game(self) -> Game {
        self.game
    }

    pub fn seat(&self, side: Side) -> Seat {
        self.seats[side.index()]
    }

    pub fn seats(&self) -> [Seat; 2] {
        self.seats
    }

    /// The orders planned for `side` for the coming day.
    pub fn planned(&self, side: Side) -> &[Order] {
        &self.planned[side.index()]
    }

    /// The orders planned for `side`, to change (a person planning the day).
    pub fn plan(&mut self, side: Side) -> &mut Vec<Order> {
        &mut self.planned[side.index()]
    }

    /// Orders planned by both sides so far.
    pub fn planned_count(&self) -> usize {
        self.planned.iter().map(Vec::len).sum()
    }

    /// Resolves the coming day: the computer's sides get the AI's orders, people's sides
    /// keep what was planned; the plans are cleared for the next day.
    pub fn step(&mut self) -> DayReport {
        self.advance(None)
    }

    /// [`Match::step`], handing each computer order and the AI's reason for it to `explain`
    /// first (the `sim --explain` log).
    pub fn step_explained(&mut self, explain: Explain) -> DayReport {
        self.advance(Some(explain))
    }

    fn advance(&mut self, mut explain: Option<Explain>) -> DayReport {
        for side in Side::BOTH {
            let Seat::Computer(level) = self.seats[side.index()] else { continue };
            self.planned[side.index()] = match explain.as_mut() {
                None => computer_orders(&self.game, side, level),
                Some(f) => computer_orders_explained(&self.game, side, level)
                    .into_iter()
                    .map(|(o, why)| {
                        f(&self.game, side, &o, &why);
                        o
                    })
                    .collect(),
            };
        }
        let [ru, ua] = std::mem::take(&mut self.planned);
        self.game.step(&ru, &ua)
    }

    /// Plays day after day until the game is over or `limit` days have been played, handing
    /// each day's report to `each_day`.
    pub fn play_out(&mut self, limit: Option<u32>, mut each_day: impl FnMut(&Game, &DayReport)) {
        let limit = limit.unwrap_or(u32::MAX);
        while !self.game.is_over() && self.game.day() < limit {
            let rep = self.step();
            each_day(&self.game, &rep);
        }
    }

    /// Who played, as a record keeps it.
    pub fn players(&self) -> Players {
        Players::of_seats(self.seats)
    }

    /// The match's record: scenario (as loaded), settings, seed, players, every day's orders.
    pub fn record_file(&self, scenario: &str, settings: &[String]) -> RecordFile {
        RecordFile::of(&self.game, scenario, settings, self.players())
    }

    /// Puts in force the changes due at the start of the coming day ([`inject_due`]).
    pub fn inject_due(&mut self, from: &Source, injections: &[Injection]) -> Result<(), String> {
        inject_due(&mut self.game, from, injections)
    }

    /// Steps the next day of a record instead of planning it (the replay viewer moving on
    /// one day), checking its hash.
    pub fn replay_day(&mut self, day: &DayRecord) -> Result<DayReport, ReplayError> {
        replay_day(&mut self.game, day)
    }
}

/// The computer's orders for `side` for the coming day. The AI is handed the side's view and
/// referee, never the game.
pub fn computer_orders(game: &Game, side: Side, level: AiLevel) -> Vec<Order> {
    let view = game.view(side);
    ai::orders(&view, &game.referee(&view), level)
}

/// [`computer_orders`], each with the AI's reason for it.
pub fn computer_orders_explained(game: &Game, side: Side, level: AiLevel) -> Vec<(Order, String)> {
    let view = game.view(side);
    ai::orders_explained(&view, &game.referee(&view), level)
}

/// What a game was built from, to build again with changes: the scenario (as it loads),
/// the settings in order, the seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub scenario: String,
    pub settings: Vec<String>,
    pub seed: u64,
}

impl Source {
    /// A record's source (its scenario found beside it when it is a file).
    pub fn of(rec: &RecordFile) -> Result<Source, String> {
        Ok(Source { scenario: rec.scenario_source()?, settings: rec.settings.clone(), seed: rec.seed })
    }

    /// The setup with the settings and then every change made up to `day`, in order: the
    /// rules and scenario in force from that day on.
    pub fn setup_on(&self, injections: &[Injection], day: u32) -> Result<crate::sim::Setup, String> {
        let mut l = crate::data::load_scenario(&self.scenario, self.seed).map_err(|e| e.to_string())?;
        for kv in &self.settings {
            crate::data::settings::apply(&mut l, kv)?;
        }
        for i in injections.iter().filter(|i| i.day <= day && i.event.is_none()) {
            crate::data::settings::apply(&mut l, &i.setting)?;
        }
        l.setup.seed = self.seed;
        Ok(l.setup)
    }
}

/// Puts in force, in `game`, the changes of `injections` due at the start of its coming day
/// (`Game::inject`) and queues their scripted events for it (`Game::inject_event`), in the
/// order they were made.
pub fn inject_due(game: &mut Game, from: &Source, injections: &[Injection]) -> Result<(), String> {
    let day = game.day() + 1;
    if !injections.iter().any(|i| i.day == day) {
        return Ok(());
    }
    let setup = from.setup_on(injections, day)?;
    for i in injections.iter().filter(|i| i.day == day) {
        match &i.event {
            Some(e) => {
                let script = e.resolve(&setup.map, &setup.units).map_err(|(field, m)| {
                    format!("the event {} of day {day}{}: {m}", e.name(), if field.is_empty() { "" } else { field })
                })?;
                game.inject_event(script).map_err(|m| format!("the event {} of day {day}: {m}", e.name()))?;
            }
            None => game.inject(setup.rules.clone(), setup.scenario.clone(), &i.setting)?,
        }
    }
    Ok(())
}

/// Checks a change the white cell makes for the coming day of `game` (a setting or an event,
/// with the changes made before it) without making it: what the seminar's white cell and a
/// local instructor's both call before recording it.
pub fn check_injection(game: &Game, from: &Source, before: &[Injection], change: &Injection) -> Result<(), String> {
    let day = change.day;
    let mut trial = before.to_vec();
    trial.push(change.clone());
    let setup = from.setup_on(&trial, day)?;
    match &change.event {
        Some(e) => {
            let script =
                e.resolve(&setup.map, &setup.units).map_err(|(field, m)| format!("{}{field}: {m}", e.name()))?;
            game.check_script(&script)
        }
        None => {
            let g = game;
            if setup.scenario.units != g.scenario().units || setup.scenario.objectives != g.scenario().objectives {
                return Err(format!(
                    "{} changes the forces a game starts with: branch from day 0 with it (branch 0 {})",
                    change.setting, change.setting
                ));
            }
            Ok(())
        }
    }
}

/// Why a record could not be replayed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ReplayError {
    /// The record's scenario or settings do not load, or its world does not build.
    #[error("{0}")]
    Setup(String),
    #[error(transparent)]
    Diverged(Divergence),
    /// The record goes on after the game ended: days no game can have had.
    #[error("the record has {extra} day(s) after the game ended on day {ended}: it was altered or padded")]
    AfterTheEnd { ended: u32, extra: usize },
}

/// Where a replay first left its record.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error(
    "the record diverges on day {day} (state hash {got:016x}, recorded {expected:016x}): it was made by a \
     different version of the rules or scenario, or it was altered"
)]
pub struct Divergence {
    pub day: u32,
    pub expected: u64,
    pub got: u64,
}

/// Steps `game` through one recorded day and checks the state hash that followed.
fn replay_day(game: &mut Game, day: &DayRecord) -> Result<DayReport, ReplayError> {
    let rep = game.step(&day.ru, &day.ua);
    if rep.state_hash != day.state_hash {
        return Err(ReplayError::Diverged(Divergence { day: rep.day, expected: day.state_hash, got: rep.state_hash }));
    }
    Ok(rep)
}

/// A record being replayed from its first day, one day at a time.
pub struct Replay<'r> {
    game: Game,
    days: &'r [DayRecord],
    /// Days replayed so far.
    at: usize,
    /// The record's changes made during the game, and what to build them from.
    injections: &'r [Injection],
    source: Option<Source>,
}

impl<'r> Replay<'r> {
    /// A fresh game of the setup, before the first of `days`.
    pub fn new(setup: Setup, days: &'r [DayRecord]) -> Result<Replay<'r>, ReplayError> {
        Ok(Replay { game: Game::new(setup).map_err(ReplayError::Setup)?, days, at: 0, injections: &[], source: None })
    }

    /// A fresh game of the record's scenario with its settings and seed.
    pub fn of(rec: &'r RecordFile) -> Result<Replay<'r>, ReplayError> {
        let l = rec.setup().map_err(ReplayError::Setup)?;
        let mut r = Replay::new(l.setup, &rec.days)?;
        if !rec.injections.is_empty() {
            r.injections = &rec.injections;
            r.source = Some(Source::of(rec).map_err(ReplayError::Setup)?);
        }
        Ok(r)
    }

    /// The game as replayed so far.
    pub fn game(&self) -> &Game {
        &self.game
    }

    pub fn into_game(self) -> Game {
        self.game
    }

    /// Replays the next recorded day; None when the record has no more. A day after the game
    /// ended is an error (an ended game's days change nothing, so their hashes would match).
    pub fn next_day(&mut self) -> Option<Result<DayReport, ReplayError>> {
        let d = self.days.get(self.at)?;
        if self.game.is_over() {
            let extra = self.days.len() - self.at;
            return Some(Err(ReplayError::AfterTheEnd { ended: self.game.day(), extra }));
        }
        self.at += 1;
        if let Some(src) = &self.source {
            if let Err(e) = inject_due(&mut self.game, src, self.injections) {
                return Some(Err(ReplayError::Setup(e)));
            }
        }
        Some(replay_day(&mut self.game, d))
    }

    /// Replays up to `days` days (all of them if the record has fewer), handing each day's
    /// report to `each`; stops at the first day that differs.
    pub fn run(mut self, days: usize, mut each: impl FnMut(&Game, DayReport)) -> Result<Game, ReplayError> {
        while self.at < days {
            match self.next_day() {
                None => break,
                Some(rep) => each(&self.game, rep?),
            }
        }
        Ok(self.game)
    }
}

/// Replays a whole record, checking every day's hash.
pub fn replay(rec: &RecordFile) -> Result<Game, ReplayError> {
    Replay::of(rec)?.run(usize::MAX, |_, _| {})
}

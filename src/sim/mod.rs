//! The rules engine: a deterministic simulation of the front on a `hecs` world.
//!
//! A day runs in fixed phases (DESIGN §4), each a function in `phase/` over the world that
//! returns typed events. Nothing here touches the terminal, files or the clock, and every
//! random number comes from a seeded per-purpose stream (`rng`), so the same scenario,
//! seed and orders give the same game, bit for bit. The interface and the AI read a
//! side's [`SideView`] and change the world only by sending [`Order`]s to [`Game::step`].

pub mod bounds;
pub mod components;
pub mod events;
pub mod hash;
pub mod map;
pub mod orders;
mod phase;
pub mod rng;
pub mod rules;
pub mod scenario;
mod script;
pub mod spatial;
pub mod view;

use std::sync::Arc;

use hecs::{Entity, World};
use serde::{Deserialize, Serialize};

use components::*;
use events::{Audience, Event, Log, LossCause, Phase};
use map::{Cell, Map, Side};
use orders::{Order, OrderError};
use rules::{Rules, UnitBook, UnitKind, UnitTemplate};
use scenario::{Aid, Edge, Scenario};

pub use script::road_cells;
pub use view::{CommonView, Referee, SeenUnit, SideView, UnitName};

/// What a side saw of an enemy unit the last day it detected it (names come from the roll).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Sighting {
    id: UnitId,
    /// Its type's index in the unit book.
    template: u16,
    cell: Cell,
    personnel: u32,
    vehicles: u32,
    full_personnel: u32,
    dug_in: u8,
    seen_on: u32,
}

/// Personnel and vehicles lost, by cause.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Losses {
    pub personnel: [u32; 5],
    pub vehicles: [u32; 5],
}

impl Losses {
    pub fn personnel_total(&self) -> u32 {
        self.personnel.iter().sum()
    }
    pub fn vehicles_total(&self) -> u32 {
        self.vehicles.iter().sum()
    }
    pub fn add(&mut self, cause: LossCause, personnel: u32, vehicles: u32) {
        self.personnel[cause.index()] += personnel;
        self.vehicles[cause.index()] += vehicles;
    }
}

/// A side's state beside its units.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SideState {
    pub side: Side,
    pub manpower_pool: u32,
    /// Sector recruits per day after the sector share.
    pub recruits_per_day: f64,
    /// Fraction of a recruit carried to the next day.
    pub recruit_carry: f64,
    pub drones: u32,
    pub drones_per_day: f64,
    pub drone_carry: f64,
    pub shells: u32,
    pub shells_per_day: f64,
    pub shell_carry: f64,
    pub armor: u32,
    pub armor_per_day: f64,
    pub armor_carry: f64,
    /// Sector glide bombs per day.
    pub glide_bombs_per_day: f64,
    pub will: f64,
    /// Day each held edge was gained.
    pub edges: Vec<(Edge, i32)>,
    pub supply_entries: Vec<Cell>,
    pub losses: Losses,
    /// Replacements that joined units from the pool.
    pub arrivals: u32,
    /// Personnel returned to the pool from disbanded units.
    pub returned: u32,
    /// Personnel in units (on and off the map) at the start of the game.
    pub start_personnel: u32,
    /// Units (on and off the map) at the start of the game.
    pub start_units: u32,
}

impl SideState {
    pub fn has(&self, e: Edge) -> bool {
        self.edges.iter().any(|(x, _)| *x == e)
    }
}

/// An objective town as it stands: who holds it, and the day it last changed hands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Town {
    pub name: String,
    pub points: u32,
    /// Russia while it holds the rules' share of the town's built-up cells, else Ukraine.
    pub holder: Side,
    /// The day it last changed hands (None: never in this game).
    pub taken_day: Option<u32>,
    /// Russia's share of the town's built-up cells.
    pub ru_share: f64,
}

/// A ceasefire proposed on one day: each side's answer and whether it held.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CeasefireRecord {
    pub day: u32,
    pub ru_accepts: bool,
    pub ua_accepts: bool,
    pub ru_why: events::CeasefireWhy,
    pub ua_why: events::CeasefireWhy,
    /// Whether the truce held (None when a side refused: nothing to hold).
    pub held: Option<bool>,
}

/// How and why the game ended.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub winner: Option<Side>,
    pub reason: EndReason,
    pub day: u32,
}

/// Why the game ended (worded by `crate::words::end_reason`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EndReason {
    /// Both sides' will to fight broke on the same day.
    BothWillsBroke,
    /// This side's will to fight broke.
    WillBroke(Side),
    /// A ceasefire on current lines held; the objectives were scored as they stood.
    CeasefireHeld { score: Score, ceasefire: CeasefireRecord },
    /// The scenario's last day; the objectives were scored, after the ceasefires proposed
    /// before it (how many, and the last).
    TurnLimit { score: Score, ceasefires: u32, last_ceasefire: Option<CeasefireRecord> },
}

/// The scenario's objectives as scored at the end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Points of the objectives Russia holds, and of all of them.
    pub ru_points: u32,
    pub total: u32,
    /// Russia wins with this many points; Ukraine wins when Russia holds fewer than `ua_wins_below`.
    pub ru_needs: u32,
    pub ua_wins_below: u32,
    /// The objectives Russia holds, by name.
    pub held: Vec<String>,
}

/// Figures kept for every day (reports and charts). A side's report marks a figure it cannot
/// know NaN; two days are equal when every figure has the same bits (NaN equals NaN).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DayStats {
    pub day: u32,
    pub personnel: [u32; 2],
    pub losses: [u32; 2],
    pub vehicles_lost: [u32; 2],
    pub ground_km2: [f64; 2],
    pub supply: [f64; 2],
    pub will: [f64; 2],
    pub state_hash: u64,
}

impl PartialEq for DayStats {
    fn eq(&self, o: &DayStats) -> bool {
        let bits = |a: &[f64; 2], b: &[f64; 2]| a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
        self.day == o.day
            && self.personnel == o.personnel
            && self.losses == o.losses
            && self.vehicles_lost == o.vehicles_lost
            && bits(&self.ground_km2, &o.ground_km2)
            && bits(&self.supply, &o.supply)
            && bits(&self.will, &o.will)
            && self.state_hash == o.state_hash
    }
}

/// The orders both sides gave on one day and the state hash that followed: a game's record
/// is the scenario, the seed and these, from which the whole game can be replayed and checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayRecord {
    pub ru: Vec<Order>,
    pub ua: Vec<Order>,
    pub state_hash: u64,
}

/// What one call of [`Game::step`] produced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DayReport {
    pub day: u32,
    /// Everything that happened, in order: the truth, for observers and tests.
    pub events: Vec<Event>,
    /// Who was told each event (one per event, in the same order).
    pub audience: Vec<Audience>,
    /// The enemy units each side detected that day (sorted): what it could name.
    pub detected: [Vec<UnitId>; 2],
    pub state_hash: u64,
}

impl DayReport {
    /// Side `s`'s stream of the day: the events it was told, as it knows them.
    pub fn seen_by(&self, s: Side) -> Vec<Event> {
        let detected = &self.detected[s.index()];
        self.events
            .iter()
            .zip(&self.audience)
            .filter(|(_, a)| a.includes(s))
            .map(|(e, _)| e.as_known_by(s, detected))
            .collect()
    }

    /// What is common knowledge of the day: the events both sides were told that name no
    /// unit (ground taken, political will, ceasefires, the end of the game). The stream of an
    /// observer who may see neither side's view; a new kind of event is in it only once it is
    /// told to both sides and names no unit.
    pub fn common(&self) -> Vec<Event> {
        self.events
            .iter()
            .zip(&self.audience)
            // A control contest names no unit but tells of troops in a cell: the sides' business.
            .filter(|(e, a)| {
                a.includes(Side::Ru)
                    && a.includes(Side::Ua)
                    && e.units().is_empty()
                    && !matches!(e, Event::ControlContested { .. })
            })
            .map(|(e, _)| e.clone())
            .collect()
    }
}

/// Maps the phases derive from the state. Each is recomputed by its phase every day before
/// any rule reads it, except the supply field, which the next day's movement and collapses
/// read before the supply phase recomputes it: that one is hashed with the state.
struct Layers {
    /// Movement points to enter each cell (from the map and rules, once per game).
    enter_costs: Vec<f64>,
    /// Per side: expected strike sorties per cell per day (after the enemy's jamming).
    cover: [Vec<f32>; 2],
    /// Per side: chance per day of spotting a signature-1 unit per cell (drones and observers).
    observe: [Vec<f32>; 2],
    /// Per side: share of radio-drone hits its jammers prevent per cell.
    jam: [Vec<f32>; 2],
    /// Per side: supply throughput per cell (from its hubs), recomputed in the supply phase.
    supply_field: [Vec<f32>; 2],
    /// Per side: the route cost per cell `supply_field` was last computed from (a cache for
    /// the supply phase: the field is a function of it).
    supply_cost: [Vec<u32>; 2],
    /// Per cell: a road cut by a scripted event (from `Game::cuts`; empty while none is).
    road_cut: Vec<bool>,
}

/// Buffers kept only to spare allocations or to carry figures within one day: no rule reads
/// them across days, and none is hashed.
struct Scratch {
    /// Path search buffers reused by the movement phase from day to day (searches are
    /// stamped, so nothing carries over).
    path: Option<phase::movement::PathScratch>,
    /// Personnel of each unit (by id) at the start of the day, for loss shock.
    day_start: Vec<u32>,
    /// Each side's personnel losses and ground at the start of the day, for will.
    day_start_side: [(u32, f64); 2],
}

/// A game in progress: the setup it was built from (shared, never changed), the true state
/// (everything a day reads from the days before, all of it in the state hash), the layers
/// derived from it, the chronicle of what happened, and scratch buffers.
pub struct Game {
    // ----- the setup -----
    map: Arc<Map>,
    rules: Arc<Rules>,
    book: Arc<Vec<(Arc<str>, UnitTemplate)>>,
    scenario: Arc<Scenario>,
    seed: u64,
    // ----- the true state (hashed) -----
    world: World,
    day: u32,
    sides: [SideState; 2],
    control: Vec<Side>,
    /// Entity of each unit id (ids are dense from 0).
    index: Vec<Option<Entity>>,
    /// Per side: enemy units detected today, sorted (read by the next morning's orders).
    detected: [Vec<UnitId>; 2],
    /// Per side: the cells of those units as the day ended, sorted (what an order to fire on a
    /// detected enemy is checked against; derived from `detected` and the positions).
    detected_cells: [Vec<Cell>; 2],
    /// Per side: the enemy units it has ever detected, by id, as it last saw them.
    sightings: [Vec<Option<Sighting>>; 2],
    /// Per side: every enemy unit it ever detected, by id, gone ones too (what it may name in
    /// its history; read by no rule, so not hashed).
    identified: [Vec<bool>; 2],
    outcome: Option<Outcome>,
    /// The state hash after the previous day (0 before day 1): the days before in one number,
    /// so the hash covers the history the rules read (the ceasefire's trend of ground).
    past: u64,
    /// The changes injected and the scripted events applied so far, in one number (0: none),
    /// hashed with the state only once there is one, so games never changed keep their hashes.
    injected: u64,
    /// Roads cut by scripted events and still cut (a function of `injected` and the day).
    cuts: Vec<script::RoadCut>,
    /// Scripted events injected for the coming day (`Game::inject_event`), applied at its start.
    pending: Vec<scenario::Script>,
    // ----- derived layers and scratch -----
    layers: Layers,
    scratch: Scratch,
    // ----- the chronicle -----
    history: Vec<DayStats>,
    /// Every day's orders and resulting hash.
    record: Vec<DayRecord>,
    /// Every unit that ever stood in the game, by id: whose, what kind, its name.
    roll: Vec<UnitName>,
    /// Every ceasefire proposed: each side's answer and why, whether it held.
    ceasefire_records: Vec<CeasefireRecord>,
    /// Per objective (scenario order): its holder and the day it last changed hands. A record
    /// of the game read by no rule, like `history`, so not part of the state hash.
    towns: Vec<(Side, Option<u32>)>,
}

/// Everything needed to start a game (cheap to clone: the data is shared).
#[derive(Clone)]
pub struct Setup {
    pub map: Arc<Map>,
    pub rules: Arc<Rules>,
    pub units: Arc<UnitBook>,
    pub scenario: Arc<Scenario>,
    pub seed: u64,
}

impl Game {
    /// Builds the world of a scenario. The scenario must have been validated by the loader;
    /// anything still wrong is reported, not panicked on.
    pub fn new(setup: Setup) -> Result<Game, String> {
        check_bounds(&setup)?;
        // In the book's order, sorted by id (`book_entry` searches it).
        let book: Vec<(Arc<str>, UnitTemplate)> =
            setup.units.iter().map(|(k, v)| (Arc::from(k.as_str()), v.clone())).collect();
        let n = setup.map.len();
        let mk_side = |s: Side| -> SideState {
            let sc = setup.scenario.side(s);
            // Front-wide flows reach the sector at the scenario's intensity share.
            let share = setup.scenario.scale.intensity;
            SideState {
                side: s,
                manpower_pool: sc.manpower_pool,
                recruits_per_day: sc.recruits_per_day * share,
                recruit_carry: 0.0,
                drones: sc.drones,
                drones_per_day: sc.drones_per_day * share,
                drone_carry: 0.0,
                shells: sc.shells,
                shells_per_day: sc.shells_per_day * share,
                shell_carry: 0.0,
                armor: sc.armor,
                armor_per_day: sc.armor_per_day * share,
                glide_bombs_per_day: sc.glide_bombs_per_day * share,
                armor_carry: 0.0,
                will: sc.will,
                edges: sc.edges.clone(),
                supply_entries: sc.supply_entries.clone(),
                losses: Losses::default(),
                arrivals: 0,
                returned: 0,
                start_personnel: 0,
                start_units: 0,
            }
        };
        let sides = [mk_side(Side::Ru), mk_side(Side::Ua)];
        let enter_costs = phase::movement::enter_costs(&setup.map, &setup.rules, &[]);
        let mut g = Game {
            world: World::new(),
            control: setup.map.initial_control.clone(),
            map: setup.map,
            rules: setup.rules,
            book: Arc::new(book),
            seed: setup.seed,
            day: 0,
            sides,
            index: Vec::new(),
            layers: Layers {
                enter_costs,
                cover: [vec![0.0; n], vec![0.0; n]],
                observe: [vec![0.0; n], vec![0.0; n]],
                jam: [vec![0.0; n], vec![0.0; n]],
                supply_field: [vec![1.0; n], vec![1.0; n]],
                supply_cost: [Vec::new(), Vec::new()],
                road_cut: Vec::new(),
            },
            scratch: Scratch { path: None, day_start: Vec::new(), day_start_side: [(0, 0.0); 2] },
            detected: [Vec::new(), Vec::new()],
            detected_cells: [Vec::new(), Vec::new()],
            outcome: None,
            past: 0,
            injected: 0,
            cuts: Vec::new(),
            pending: Vec::new(),
            history: Vec::new(),
            record: Vec::new(),
            roll: Vec::new(),
            sightings: [Vec::new(), Vec::new()],
            identified: [Vec::new(), Vec::new()],
            ceasefire_records: Vec::new(),
            towns: Vec::new(),
            scenario: setup.scenario,
        };
        let spawns = g.scenario.units.clone();
        for (i, s) in spawns.iter().enumerate() {
            g.spawn(s).map_err(|e| format!("units[{i}] ({} {}): {e}", s.side, s.template))?;
        }
        for (i, e) in g.scenario.events.iter().enumerate() {
            g.check_script(&e.what).map_err(|m| format!("events[{i}] (day {}): {m}", e.day))?;
        }
        for s in Side::BOTH {
            g.sides[s.index()].start_personnel = g.personnel_of(s);
            g.sides[s.index()].start_units = g.world.query::<&Unit>().iter().filter(|u| u.side == s).count() as u32;
        }
        // Day 0's picture: coverage, detection and supply before the first orders.
        let mut ev = Log::default();
        phase::recon::run(&mut g, &mut ev);
        phase::supply::run(&mut g, &mut ev);
        // Day 0 sets the supply picture only; nobody has been cut off for a day yet.
        let full: Vec<(Entity, f64)> =
            g.world.query::<(Entity, &Unit)>().iter().map(|(e, u)| (e, g.template(u).stocks_days as f64)).collect();
        for (e, stocks) in full {
            if let Ok(mut sup) = g.world.get::<&mut Supply>(e) {
                sup.stocks = stocks;
            }
        }
        for (sup, coh) in g.world.query_mut::<(&mut Supply, &mut Cohesion)>() {
            sup.days_cut = 0;
            sup.days_empty = 0;
            coh.0 = 1.0;
        }
        g.towns = g
            .scenario
            .objectives
            .iter()
            .map(|o| (if phase::victory::ru_holds(&g, o) { Side::Ru } else { Side::Ua }, None))
            .collect();
        g.remember_sightings();
        let h = g.state_hash();
        g.history.push(g.day_stats(h));
        Ok(g)
    }

    fn spawn(&mut self, s: &scenario::UnitSpawn) -> Result<(), String> {
        let ti = self
            .book
            .iter()
            .position(|(k, _)| **k == *s.template)
            .ok_or_else(|| format!("unknown unit template `{}`", s.template))?;
        let t = &self.book[ti].1;
        let id = UnitId(self.index.len() as u32);
        let personnel = s.personnel.unwrap_or(t.personnel);
        let label = s.label.clone().unwrap_or_else(|| format!("{} {} {}", s.side.code().to_uppercase(), t.name, id.0));
        let unit = Unit { id, side: s.side, kind: t.kind, template: ti as u16, label: label.into() };
        let strength = Strength {
            personnel,
            vehicles: t.vehicles,
            full_personnel: personnel.max(t.personnel),
            full_vehicles: t.vehicles,
        };
        let task = s.task.unwrap_or(match t.kind {
            UnitKind::Position => Task::Hold { dig_in: true },
            _ => Task::Idle,
        });
        // Positions and the near rear's crews (drones, EW, guns) start dug in; fighting groups
        // dig in only when they hold.
        let dug = if matches!(t.kind, UnitKind::Position | UnitKind::Drone | UnitKind::Ew | UnitKind::Artillery) {
            t.max_dig_in
        } else {
            0
        };
        let e = self.world.spawn((
            unit,
            strength,
            Cohesion(1.0),
            Supply { level: 1.0, days_cut: 0, stocks: t.stocks_days as f64, days_empty: 0 },
            DugIn(dug),
            task,
            MovedToday(false),
        ));
        match s.cell {
            Some(c) => {
                if !self.map.passable(c) {
                    return Err(format!("cell {c} is off the map or in water"));
                }
                self.world.insert_one(e, Pos(c)).map_err(|e| e.to_string())?;
                if let (Some(d), Some(_)) = (&t.drone, t.drone.as_ref()) {
                    let centre = self.default_sector(s.side, c, d.range);
                    self.world.insert_one(e, DroneSector { centre, interdict: false }).map_err(|e| e.to_string())?;
                }
            }
            None => {
                if t.kind != UnitKind::Reserve {
                    return Err("only reserves may start off the map".into());
                }
                self.world
                    .insert_one(e, InReserve { arrives_on: None, destination: None })
                    .map_err(|e| e.to_string())?;
            }
        }
        self.index.push(Some(e));
        self.roll.push(UnitName { side: s.side, kind: t.kind, label: self.label_of(e) });
        Ok(())
    }

    /// A drone unit's first sector: straight toward the nearest enemy-held cell, a share of its range deep.
    fn default_sector(&self, side: Side, base: Cell, range: i32) -> Cell {
        let best = self.map.nearest(base, |i| self.control[i] != side);
        match best {
            None => base,
            Some(front) => {
                let reach = (range as f64 * self.rules.drones.sector_reach_share) as i32;
                self.clamp_toward(base, front, reach, true)
            }
        }
    }

    /// The cell `reach` cells from `from` in the direction of `to` (or beyond `to` when `extend`).
    fn clamp_toward(&self, from: Cell, to: Cell, reach: i32, extend: bool) -> Cell {
        let dx = (to.x - from.x) as f64;
        let dy = (to.y - from.y) as f64;
        let len = libm::sqrt(dx * dx + dy * dy);
        if len < 0.5 || (!extend && len <= reach as f64) {
            return to;
        }
        let k = reach as f64 / len;
        let c = Cell::new((from.x as f64 + dx * k).round() as i16, (from.y as f64 + dy * k).round() as i16);
        Cell::new(c.x.clamp(0, self.map.width - 1), c.y.clamp(0, self.map.height - 1))
    }

    // ----- read access -----

    pub fn map(&self) -> &Map {
        &self.map
    }
    pub fn rules(&self) -> &Rules {
        &self.rules
    }
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// Days completed so far (0 before the first step).
    pub fn day(&self) -> u32 {
        self.day
    }
    pub fn side(&self, s: Side) -> &SideState {
        &self.sides[s.index()]
    }
    pub fn control(&self) -> &[Side] {
        &self.control
    }
    pub fn control_at(&self, c: Cell) -> Side {
        self.control[self.map.idx(c)]
    }
    /// Expected enemy strike sorties per day over a cell, for side `s`'s drones.
    pub fn coverage(&self, s: Side) -> &[f32] {
        &self.layers.cover[s.index()]
    }
    pub fn observation(&self, s: Side) -> &[f32] {
        &self.layers.observe[s.index()]
    }
    pub fn jamming(&self, s: Side) -> &[f32] {
        &self.layers.jam[s.index()]
    }
    pub fn supply_field(&self, s: Side) -> &[f32] {
        &self.layers.supply_field[s.index()]
    }
    pub fn detected(&self, s: Side) -> &[UnitId] {
        &self.detected[s.index()]
    }
    /// Every ceasefire proposed so far: the day, each side's answer, whether it held.
    pub fn ceasefire_records(&self) -> &[CeasefireRecord] {
        &self.ceasefire_records
    }
    /// The scenario's objectives as they stand, in the scenario's order.
    pub fn towns(&self) -> Vec<Town> {
        self.scenario
            .objectives
            .iter()
            .zip(&self.towns)
            .map(|(o, (holder, day))| Town {
                name: o.name.clone(),
                points: o.points,
                holder: *holder,
                taken_day: *day,
                ru_share: phase::victory::ru_share(self, o),
            })
            .collect()
    }
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }
    pub fn is_over(&self) -> bool {
        self.outcome.is_some()
    }
    pub fn history(&self) -> &[DayStats] {
        &self.history
    }
    pub fn template(&self, u: &Unit) -> &UnitTemplate {
        &self.book[u.template as usize].1
    }
    /// A unit type by its id.
    pub fn scenario_template(&self, id: &str) -> Option<&UnitTemplate> {
        book_entry(&self.book, id)
    }
    pub fn template_id(&self, u: &Unit) -> &str {
        &self.book[u.template as usize].0
    }
    pub fn entity(&self, id: UnitId) -> Option<Entity> {
        self.index.get(id.0 as usize).copied().flatten()
    }
    pub fn unit_count(&self) -> usize {
        self.world.len() as usize
    }
    /// All units' ids, sorted.
    pub fn unit_ids(&self) -> Vec<UnitId> {
        let mut v: Vec<UnitId> = self.world.query::<&Unit>().iter().map(|u| u.id).collect();
        v.sort_unstable();
        v
    }
    pub fn unit(&self, id: UnitId) -> Option<hecs::Ref<'_, Unit>> {
        self.world.get::<&Unit>(self.entity(id)?).ok()
    }
    pub fn pos(&self, id: UnitId) -> Option<Cell> {
        self.world.get::<&Pos>(self.entity(id)?).ok().map(|p| p.0)
    }

    /// Russia's share of an objective's built-up cells, and whether that counts as held.
    pub fn objective_status(&self, o: &scenario::Objective) -> (f64, bool) {
        (phase::victory::ru_share(self, o), phase::victory::ru_holds(self, o))
    }

    /// The side's whole grouping in the sector: soldiers in units (on and off the map), in the
    /// pool, and in the rear services the scenario declares.
    pub fn grouping(&self, s: Side) -> u32 {
        self.personnel_of(s).saturating_add(self.side(s).manpower_pool).saturating_add(self.scenario.side(s).rear)
    }

    /// Personnel in a side's units, on and off the map.
    pub fn personnel_of(&self, s: Side) -> u32 {
        self.world.query::<(&Unit, &Strength)>().iter().filter(|(u, _)| u.side == s).map(|(_, st)| st.personnel).sum()
    }

    /// Personnel in a side's units on the map (uncommitted reserves, which have no `Pos`, left
    /// out): the soldiers at the front and in its near rear, as study rows report them.
    pub fn personnel_on_map(&self, s: Side) -> u32 {
        self.world
            .query::<(&Unit, &Strength, &Pos)>()
            .iter()
            .filter(|(u, _, _)| u.side == s)
            .map(|(_, st, _)| st.personnel)
            .sum()
    }

    /// Ground each side holds that the other held at the start, in km².
    pub fn ground_gained_km2(&self, s: Side) -> f64 {
        let cells = self
            .control
            .iter()
            .zip(&self.map.initial_control)
            .filter(|(now, start)| **now == s && **start != s)
            .count();
        cells as f64 * self.map.cell_km * self.map.cell_km
    }

    /// Mean supply level of a side's units on the map.
    pub fn mean_supply(&self, s: Side) -> f64 {
        let mut n = 0.0;
        let mut sum = 0.0;
        for (u, sup, _) in self.world.query::<(&Unit, &Supply, &Pos)>().iter() {
            if u.side == s && u.kind.holds_ground() {
                n += 1.0;
                sum += sup.level;
            }
        }
        if n > 0.0 {
            sum / n
        } else {
            1.0
        }
    }

    fn day_stats(&self, state_hash: u64) -> DayStats {
        let f = |s: Side| self.side(s);
        DayStats {
            day: self.day,
            personnel: [self.personnel_of(Side::Ru), self.personnel_of(Side::Ua)],
            losses: [f(Side::Ru).losses.personnel_total(), f(Side::Ua).losses.personnel_total()],
            vehicles_lost: [f(Side::Ru).losses.vehicles_total(), f(Side::Ua).losses.vehicles_total()],
            ground_km2: [self.ground_gained_km2(Side::Ru), self.ground_gained_km2(Side::Ua)],
            supply: [self.mean_supply(Side::Ru), self.mean_supply(Side::Ua)],
            will: [f(Side::Ru).will, f(Side::Ua).will],
            state_hash,
        }
    }

    /// What side `s` knows: its own units in full, the enemy units it has detected, and
    /// what both sides know.
    pub fn view(&self, s: Side) -> SideView {
        SideView::build(self, s)
    }

    /// What every side knows, and all an observer without a side's view may see.
    pub fn common_view(&self) -> CommonView {
        CommonView::build(self)
    }

    /// What the side of `view` may ask of the rules while it plans.
    pub fn referee<'a>(&'a self, view: &'a SideView) -> Referee<'a> {
        Referee::new(self, view)
    }

    /// The names a viewer may give units, by id: its own units' (gone ones too) and those of
    /// the enemy units it ever detected; every unit's for an observer (`None`).
    pub fn names_known_to(&self, viewer: Option<Side>) -> Vec<Option<UnitName>> {
        self.roll
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let known = match viewer {
                    None => true,
                    Some(v) => n.side == v || self.identified[v.index()].get(i).copied().unwrap_or(false),
                };
                known.then(|| n.clone())
            })
            .collect()
    }

    /// Whose a unit is (or was), for a unit a report or the interface was told of.
    pub fn unit_side(&self, id: UnitId) -> Option<Side> {
        self.roll.get(id.0 as usize).map(|n| n.side)
    }

    /// Side `s`'s enemy units seen on earlier days but not today, as it last saw them.
    fn last_seen(&self, s: Side) -> Vec<SeenUnit> {
        let today = &self.detected[s.index()];
        self.sightings[s.index()]
            .iter()
            .flatten()
            .filter(|u| u.seen_on < self.day && today.binary_search(&u.id).is_err())
            .filter_map(|u| {
                let name = self.roll.get(u.id.0 as usize)?;
                Some(SeenUnit {
                    id: u.id,
                    side: name.side,
                    kind: name.kind,
                    template: self.book[u.template as usize].0.clone(),
                    label: name.label.clone(),
                    cell: Some(u.cell),
                    personnel: u.personnel,
                    vehicles: u.vehicles,
                    full_personnel: u.full_personnel,
                    cohesion: 1.0,
                    supply: 1.0,
                    days_cut: 0,
                    stocks: 0.0,
                    dug_in: u.dug_in,
                    task: None,
                    sector: None,
                    reserve_arrives: None,
                    in_reserve: false,
                    seen_on: u.seen_on,
                })
            })
            .collect()
    }

    fn label_of(&self, e: Entity) -> Arc<str> {
        self.world.get::<&Unit>(e).map(|u| u.label.clone()).unwrap_or_else(|_| "".into())
    }

    /// Side `s`'s units in full, on and off the map, by id: what an observer (a report, a
    /// study, a finished game's replay) reads of the truth.
    pub fn roster(&self, s: Side) -> Vec<SeenUnit> {
        self.units_seen_by(s).0
    }

    /// Side `s`'s own units in full and the enemy units it detected today, each by id.
    fn units_seen_by(&self, side: Side) -> (Vec<SeenUnit>, Vec<SeenUnit>) {
        let detected = self.detected(side);
        let mut own = Vec::with_capacity(self.world.len() as usize);
        let mut enemy = Vec::with_capacity(detected.len());
        for (u, st, coh, sup, dug, task, pos, sector, res) in self
            .world
            .query::<(
                &Unit,
                &Strength,
                &Cohesion,
                &Supply,
                &DugIn,
                &Task,
                Option<&Pos>,
                Option<&DroneSector>,
                Option<&InReserve>,
            )>()
            .iter()
        {
            let mine = u.side == side;
            if !mine && (pos.is_none() || detected.binary_search(&u.id).is_err()) {
                continue;
            }
            let seen = SeenUnit {
                id: u.id,
                side: u.side,
                kind: u.kind,
                template: self.book[u.template as usize].0.clone(),
                label: u.label.clone(),
                cell: pos.map(|p| p.0),
                personnel: st.personnel,
                vehicles: st.vehicles,
                full_personnel: st.full_personnel,
                cohesion: if mine { coh.0 } else { 1.0 },
                supply: if mine { sup.level } else { 1.0 },
                days_cut: if mine { sup.days_cut } else { 0 },
                stocks: if mine { sup.stocks } else { 0.0 },
                dug_in: dug.0,
                task: if mine { Some(*task) } else { None },
                sector: if mine { sector.map(|s| s.centre) } else { None },
                reserve_arrives: if mine { res.and_then(|r| r.arrives_on) } else { None },
                in_reserve: res.is_some(),
                seen_on: self.day,
            };
            if mine {
                own.push(seen);
            } else {
                enemy.push(seen);
            }
        }
        own.sort_unstable_by_key(|u| u.id);
        enemy.sort_unstable_by_key(|u| u.id);
        (own, enemy)
    }

    /// Keeps each side's picture of the enemy units it detected today, as they stand at
    /// the day's end, over any older one (what [`SideView::last_seen`] shows once they are
    /// out of sight).
    fn remember_sightings(&mut self) {
        for s in Side::BOTH {
            let known = &mut self.identified[s.index()];
            for id in &self.detected[s.index()] {
                let i = id.0 as usize;
                if known.len() <= i {
                    known.resize(i + 1, false);
                }
                known[i] = true;
            }
            // Only the detected units' own components, looked up by id: no names copied.
            let mut seen = Vec::with_capacity(self.detected[s.index()].len());
            for &id in &self.detected[s.index()] {
                let Some(e) = self.entity(id) else { continue };
                // Read through one lookup of the entity (cheaper than a one-entity query).
                let Ok(e) = self.world.entity(e) else { continue };
                let (Some(u), Some(st), Some(dug), Some(pos)) =
                    (e.get::<&Unit>(), e.get::<&Strength>(), e.get::<&DugIn>(), e.get::<&Pos>())
                else {
                    continue;
                };
                seen.push(Sighting {
                    id,
                    template: u.template,
                    cell: pos.0,
                    personnel: st.personnel,
                    vehicles: st.vehicles,
                    full_personnel: st.full_personnel,
                    dug_in: dug.0,
                    seen_on: self.day,
                });
            }
            let mut cells: Vec<Cell> = seen.iter().map(|u| u.cell).collect();
            cells.sort_unstable();
            cells.dedup();
            self.detected_cells[s.index()] = cells;
            let book = &mut self.sightings[s.index()];
            for u in seen {
                let i = u.id.0 as usize;
                if book.len() <= i {
                    book.resize(i + 1, None);
                }
                book[i] = Some(u);
            }
        }
    }

    /// Checks an order against the current state without changing anything (the table of
    /// orders in [`orders`] says which unit may take it and what makes its target valid).
    pub fn check(&self, side: Side, order: &Order) -> Result<(), OrderError> {
        orders::check(self, side, order)
    }

    /// Resolves one day with both sides' orders (WEGO). Orders are checked; refused ones
    /// are reported in the events with their reason, never dropped silently.
    pub fn step(&mut self, ru: &[Order], ua: &[Order]) -> DayReport {
        let mut events = Log::default();
        if self.is_over() {
            for (side, orders) in [(Side::Ru, ru), (Side::Ua, ua)] {
                for o in orders {
                    let e = Event::OrderRejected { side, order: *o, reason: OrderError::GameOver };
                    events.push(e, Audience::only(side));
                }
            }
            let (events, audience) = events.into_parts();
            return DayReport {
                day: self.day,
                events,
                audience,
                detected: self.detected.clone(),
                state_hash: self.state_hash(),
            };
        }
        // The day before, in one number: the new day's hash covers all the days before it.
        self.past = self.history.last().map(|d| d.state_hash).unwrap_or(0);
        self.day += 1;
        self.scratch.day_start.clear();
        self.scratch.day_start.resize(self.index.len(), 0);
        for (u, st) in self.world.query::<(&Unit, &Strength)>().iter() {
            self.scratch.day_start[u.id.0 as usize] = st.personnel;
        }
        for s in Side::BOTH {
            self.scratch.day_start_side[s.index()] = (self.side(s).losses.personnel_total(), self.ground_gained_km2(s));
        }
        // Scripted events happen at daybreak, before the day's orders are carried out.
        self.run_scripts(&mut events);
        phase::orders::run(self, ru, ua, &mut events);
        phase::recon::run(self, &mut events);
        phase::drones::run(self, &mut events);
        phase::fires::run(self, &mut events);
        phase::movement::run(self, &mut events);
        phase::supply::run(self, &mut events);
        phase::reinforce::run(self, &mut events);
        phase::cohesion::run(self, &mut events);
        phase::victory::run(self, &mut events);
        self.remember_sightings();
        let h = self.state_hash();
        self.history.push(self.day_stats(h));
        self.record.push(DayRecord { ru: ru.to_vec(), ua: ua.to_vec(), state_hash: h });
        let (events, audience) = events.into_parts();
        DayReport { day: self.day, events, audience, detected: self.detected.clone(), state_hash: h }
    }

    /// The orders of every day so far, with the hash after each.
    pub fn record(&self) -> &[DayRecord] {
        &self.record
    }

    /// The way a move (or, with `withdraw`, a withdrawal) of `unit` to `to` would go, planned
    /// as its side can plan it: cells holding enemy units it has detected (`enemy_seen`) are
    /// avoided; enemies it has not seen may still stop the move on the day. Returns the route's
    /// cells in order and how many of them the unit covers today; the rest it walks on later
    /// days, planned again each morning. None for a unit that is gone or cannot move.
    pub fn route_preview(
        &self,
        unit: UnitId,
        to: Cell,
        withdraw: bool,
        enemy_seen: impl Fn(Cell) -> bool,
    ) -> Option<(Vec<Cell>, usize)> {
        let e = self.entity(unit)?;
        let u = self.world.get::<&Unit>(e).ok()?;
        let at = self.world.get::<&Pos>(e).ok()?.0;
        let t = self.template(&u);
        if t.speed <= 0.0 {
            return None;
        }
        let own_only = withdraw || !u.kind.is_manoeuvre();
        let mut scratch = phase::movement::PathScratch::new();
        let horizon = t.speed * self.rules.movement.path_horizon;
        let field = phase::movement::PathField::new(self, u.side, &enemy_seen);
        let route = phase::movement::path(self, &field, &mut scratch, at, to, own_only, horizon);
        // Contact as the side can foresee it: next to an enemy unit it has seen.
        let contact = |c: Cell| self.map.neighbours(c).any(&enemy_seen);
        let today = phase::movement::todays_leg(self, u.side, &route, t.speed, contact);
        Some((route, today))
    }

    /// A digest of the whole state, the same on every machine for the same game.
    pub fn state_hash(&self) -> u64 {
        hash::state_hash(self)
    }

    // ----- helpers shared by the phases -----

    /// Who knows of what a unit of `owner` did or suffered: its own side, and the enemy
    /// if it detected the unit today.
    fn audience(&self, owner: Side, unit: UnitId) -> Audience {
        let a = Audience::only(owner);
        if self.detected[owner.other().index()].binary_search(&unit).is_ok() {
            a.with(owner.other())
        } else {
            a
        }
    }

    fn rng(&self, phase: Phase, sub: u64) -> rng::Stream {
        rng::stream(self.seed, self.day, phase, sub)
    }

    /// Removes up to `personnel` and `vehicles` from a unit, books them as losses, and
    /// returns what was really lost.
    fn inflict(&mut self, e: Entity, cause: LossCause, personnel: u32, vehicles: u32) -> (u32, u32) {
        let (side, lost_p, lost_v) = {
            let Ok((u, st)) = self.world.query_one_mut::<(&Unit, &mut Strength)>(e) else {
                return (0, 0);
            };
            let p = personnel.min(st.personnel);
            let v = vehicles.min(st.vehicles);
            st.personnel -= p;
            st.vehicles -= v;
            (u.side, p, v)
        };
        self.sides[side.index()].losses.add(cause, lost_p, lost_v);
        (lost_p, lost_v)
    }

    fn aid(&self) -> Aid {
        self.scenario.aid
    }

    /// A change made to a game in progress (a seminar's white cell, a branch with changed
    /// settings), in force from the next day on: the rules and the scenario's running numbers
    /// are replaced (aid, turn limit, each side's recruits, production and edges it gains or
    /// loses, every rule value); the forces already on the map are not touched, so the
    /// scenario's units and objectives must be the game's own. `what` names the change (as
    /// `--set` writes it) and goes into the state hash, so a record replays only with the same
    /// changes on the same days. A game never changed hashes as before.
    pub fn inject(&mut self, rules: Arc<Rules>, scenario: Arc<Scenario>, what: &str) -> Result<(), String> {
        if scenario.units != self.scenario.units
            || scenario.objectives != self.scenario.objectives
            || scenario.scale != self.scenario.scale
        {
            return Err(format!(
                "{what}: changes the forces, objectives or scale a game starts with; branch from day 0 with it instead"
            ));
        }
        use bounds::{Bound, Bounded, GROUP};
        let mut bad = rules.out_of_range();
        {
            scenario.ru.check("ru", GROUP, &mut bad);
            scenario.ua.check("ua", GROUP, &mut bad);
            scenario.turn_limit.check("turn_limit", Bound::Num { lo: 1.0, hi: 2000.0 }, &mut bad);
        }
        if !bad.is_empty() {
            let list: Vec<String> = bad.iter().map(|e| e.to_string()).collect();
            return Err(format!("{what}: {}", list.join("; ")));
        }
        for side in Side::BOTH {
            let sc = scenario.side(side);
            let st = &mut self.sides[side.index()];
            // Front-wide flows reach the sector at the scenario's intensity share, as in `new`.
            let share = scenario.scale.intensity;
            st.recruits_per_day = sc.recruits_per_day * share;
            st.drones_per_day = sc.drones_per_day * share;
            st.shells_per_day = sc.shells_per_day * share;
            st.armor_per_day = sc.armor_per_day * share;
            st.glide_bombs_per_day = sc.glide_bombs_per_day * share;
            let before = self.scenario.side(side);
            for e in &sc.edges {
                if !st.edges.iter().any(|(x, _)| *x == e.0) {
                    // Gained now, whatever day the scenario file gives it.
                    st.edges.push((e.0, self.day as i32));
                }
            }
            // An edge the change takes away that the side had from the start.
            st.edges.retain(|(x, _)| sc.edges.iter().any(|(y, _)| y == x) || !before.edges.iter().any(|(y, _)| y == x));
        }
        self.rules = rules;
        self.refresh_roads();
        self.scenario = scenario;
        self.injected = hash::mix_injection(self.injected, self.day, what);
        Ok(())
    }
}

/// The unit type `id` in a book made from a [`UnitBook`] (sorted by id, each id once).
fn book_entry<'a>(book: &'a [(Arc<str>, UnitTemplate)], id: &str) -> Option<&'a UnitTemplate> {
    book.binary_search_by(|(k, _)| (**k).cmp(id)).ok().map(|i| &book[i].1)
}

/// Every rule, unit type and side's number of a setup in its declared range (`sim::bounds`),
/// so the engine never meets a value it was not written for (a negative cost, a chance of 7,
/// a flow of infinity), whoever built the setup.
fn check_bounds(setup: &Setup) -> Result<(), String> {
    use bounds::{Bound, Bounded, GROUP};
    let mut bad = setup.rules.out_of_range();
    setup.units.check("units", GROUP, &mut bad);
    setup.scenario.ru.check("ru", GROUP, &mut bad);
    setup.scenario.ua.check("ua", GROUP, &mut bad);
    setup.scenario.turn_limit.check("turn_limit", Bound::Num { lo: 1.0, hi: 2000.0 }, &mut bad);
    if bad.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = bad.iter().map(|e| e.to_string()).collect();
    Err(format!("out of range: {}", list.join("; ")))
}

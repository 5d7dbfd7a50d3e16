//! What happened during a day, with where, why and the odds used, and who may know of it.
//!
//! The event list of each day is the game's record: the interface shows it, reports and
//! replays are built from it, and tests read it to check the rules. Every event is told to
//! its [`Audience`] when a phase emits it, from that phase's detection: the list is the
//! truth, and [`DayReport::seen_by`](super::DayReport::seen_by) is one side's stream of it
//! (the events it was told, with the enemy units it did not identify left out). Visibility
//! fails closed: an event is only ever emitted with an audience, and the default audience is
//! nobody.

use serde::{Deserialize, Serialize};

use super::components::UnitId;
use super::map::{Cell, Side};
use super::orders::{Order, OrderError};

/// Which sides may know of an event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Audience {
    ru: bool,
    ua: bool,
}

impl Audience {
    /// Nobody: what an event nobody tagged would get (none is emitted so).
    pub const NOBODY: Audience = Audience { ru: false, ua: false };
    /// Public news: both sides.
    pub const BOTH: Audience = Audience { ru: true, ua: true };

    /// One side only.
    pub fn only(s: Side) -> Audience {
        Audience::NOBODY.with(s)
    }

    /// This audience and side `s`.
    pub fn with(self, s: Side) -> Audience {
        match s {
            Side::Ru => Audience { ru: true, ..self },
            Side::Ua => Audience { ua: true, ..self },
        }
    }

    pub fn includes(self, s: Side) -> bool {
        match s {
            Side::Ru => self.ru,
            Side::Ua => self.ua,
        }
    }
}

/// A day's events as the phases emit them, each with its audience.
#[derive(Clone, Debug, Default)]
pub struct Log {
    events: Vec<Event>,
    audience: Vec<Audience>,
}

impl Log {
    /// Tells `event` to `audience`.
    pub fn push(&mut self, event: Event, audience: Audience) {
        self.events.push(event);
        self.audience.push(audience);
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    pub fn into_parts(self) -> (Vec<Event>, Vec<Audience>) {
        (self.events, self.audience)
    }
}

/// The phase of the day an event belongs to (DESIGN §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Phase {
    Orders,
    Recon,
    Drones,
    Fires,
    Movement,
    Supply,
    Reinforcement,
    Cohesion,
    Victory,
}

impl Phase {
    pub const ALL: [Phase; 9] = [
        Phase::Orders,
        Phase::Recon,
        Phase::Drones,
        Phase::Fires,
        Phase::Movement,
        Phase::Supply,
        Phase::Reinforcement,
        Phase::Cohesion,
        Phase::Victory,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Phase::Orders => "orders",
            Phase::Recon => "reconnaissance",
            Phase::Drones => "drone strikes",
            Phase::Fires => "fires",
            Phase::Movement => "movement and assaults",
            Phase::Supply => "supply",
            Phase::Reinforcement => "reinforcement",
            Phase::Cohesion => "cohesion and control",
            Phase::Victory => "victory checks",
        }
    }
}

/// Why personnel or vehicles were lost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LossCause {
    /// Drone strikes on units in place.
    Drones,
    /// Drones and mines while crossing ground under coverage.
    Exposure,
    /// Artillery, glide bombs, rockets.
    Fires,
    /// Assaults, attacking or defending.
    Assault,
    /// Captured or scattered when a unit broke or was trapped.
    Collapse,
}

impl LossCause {
    pub const ALL: [LossCause; 5] =
        [LossCause::Drones, LossCause::Exposure, LossCause::Fires, LossCause::Assault, LossCause::Collapse];
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Why a unit broke.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum CollapseReason {
    /// Its cohesion fell below the rules' breaking point while it was cut off from supply (its
    /// stocks ran out, then its cohesion drained).
    CutOff { days: u32, cohesion: f64, threshold: f64 },
    /// Its cohesion fell below the rules' breaking point.
    Broke { cohesion: f64, threshold: f64 },
}

/// The engine's own breakdown of an assault's odds; the interface shows it as is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssaultOdds {
    pub attackers: Vec<UnitId>,
    pub defenders: Vec<UnitId>,
    /// Raw strength: personnel × combat power per soldier.
    pub attacker_base: f64,
    pub defender_base: f64,
    /// Multipliers on the defender.
    pub terrain: f64,
    pub fortification: f64,
    /// Multipliers on each side (1 = full supply / cohesion / no support).
    pub attacker_supply: f64,
    pub defender_supply: f64,
    pub attacker_cohesion: f64,
    pub defender_cohesion: f64,
    pub attacker_support: f64,
    pub defender_support: f64,
    /// Attacker's drone coverage over the target (part of its support).
    pub attacker_drone_coverage: f64,
    pub defender_drone_coverage: f64,
    pub attacker_strength: f64,
    pub defender_strength: f64,
    pub ratio: f64,
    /// Chance the assault takes the cell.
    pub success: f64,
}

/// The engine's reckoning of whether troops standing alone in an enemy-held cell take it at
/// nightfall (the control rule): their strength against what the holder can bring to bear on
/// the cell from its neighbouring troops and its drones; the interface shows it as is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ControlOdds {
    /// The troops in the cell that were there at daybreak: personnel × defence × supply ×
    /// cohesion. Troops who moved in today do not hold it yet (unless nobody contests it).
    pub holding: f64,
    /// The same for the troops who moved in today.
    pub arrived: f64,
    /// The holder's contest from its ground troops in the neighbouring cells.
    pub from_neighbours: f64,
    /// The ground's multiplier on that contest (towns are fought for block by block).
    pub terrain: f64,
    /// Chance the troops hold against the neighbours' fire (1 with no neighbours).
    pub ground_chance: f64,
    /// The holder's strike sorties expected over the cell today.
    pub coverage: f64,
    /// The chance the holder finds the troops in the cell (1 when it has detected them today).
    pub found: f64,
    /// Chance the holder's drones deny the cell: found, and under enough coverage.
    pub denial: f64,
    /// Chance the cell changes hands tonight: held against the neighbours, and not denied.
    pub chance: f64,
}

/// Why a side answered a ceasefire proposal as it did (worded by `crate::words::ceasefire_why`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum CeasefireWhy {
    /// Its will to fight is below the rules' threshold.
    WillSpent { will: f64, below: f64 },
    /// Russia: its gains across the front have stopped (km² a day, front-wide).
    FrontStalled { front_trend: f64 },
    /// Russia: its war aims are unmet and it is still gaining across the front.
    AimsUnmet { front_trend: f64, will: f64 },
    /// Ukraine: a freeze on the current lines is its own proposal of 2025.
    FreezeOffered { front_trend: f64 },
    /// Ukraine: it is winning ground back across the front and will not stop now.
    WinningBack { front_trend: f64, will: f64 },
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {
    OrderAccepted {
        side: Side,
        order: Order,
    },
    OrderRejected {
        side: Side,
        order: Order,
        reason: OrderError,
    },
    /// A side's reconnaissance summary for the day: how many enemy units it detected.
    Recon {
        side: Side,
        detected: u32,
    },
    /// One drone unit's strikes on one target unit.
    DroneStrike {
        /// The side whose drones struck.
        side: Side,
        /// None in the stream of the side struck when it did not identify the drone unit.
        drone: Option<UnitId>,
        target: UnitId,
        cell: Cell,
        sorties: u32,
        hits: u32,
        personnel: u32,
        vehicles: u32,
        /// Chance of a hit per sortie, after cover, digging in and jamming.
        hit_chance: f64,
        /// Share of the hit chance left by enemy jamming (1 = none, fiber-optic drones always 1).
        jamming: f64,
        /// Soldiers in the target's cell: the crowd that drew the strikes.
        crowd: u32,
    },
    ArtilleryFire {
        /// The side whose guns fired.
        side: Side,
        /// None in the stream of the side fired on when it did not identify the battery.
        battery: Option<UnitId>,
        target: UnitId,
        cell: Cell,
        shells: u32,
        personnel: u32,
        vehicles: u32,
        hit_chance: f64,
    },
    GlideBomb {
        side: Side,
        target: UnitId,
        cell: Cell,
        bombs: u32,
        personnel: u32,
        hit_chance: f64,
    },
    RocketStrike {
        side: Side,
        hub: UnitId,
        cell: Cell,
        damaged: bool,
        chance: f64,
    },
    Moved {
        unit: UnitId,
        from: Cell,
        to: Cell,
        cells: u32,
    },
    /// Hit while crossing a cell under enemy drone coverage.
    Exposed {
        unit: UnitId,
        cell: Cell,
        personnel: u32,
        vehicles: u32,
        /// The chance of a hit in that cell, and the coverage that caused it.
        chance: f64,
        coverage: f64,
    },
    Assault {
        side: Side,
        target: Cell,
        odds: AssaultOdds,
        roll: f64,
        taken: bool,
        attacker_losses: u32,
        defender_losses: u32,
        captured: u32,
    },
    CellCaptured {
        side: Side,
        cell: Cell,
        place: Option<String>,
    },
    /// Troops of `side` stood alone in an enemy-held cell the holder contested: the control
    /// rule's odds and the roll (`taken`: the cell is now `side`'s, and a CellCaptured follows).
    ControlContested {
        side: Side,
        cell: Cell,
        odds: ControlOdds,
        roll: f64,
        taken: bool,
    },
    SupplyCut {
        unit: UnitId,
        level: f64,
        days: u32,
    },
    SupplyRestored {
        unit: UnitId,
        level: f64,
    },
    HubCut {
        hub: UnitId,
        throughput: f64,
    },
    Collapsed {
        unit: UnitId,
        cell: Cell,
        /// Days cut off, when supply caused it.
        days_cut: u32,
        lost: u32,
        reason: CollapseReason,
    },
    FellBack {
        unit: UnitId,
        from: Cell,
        to: Cell,
    },
    Disbanded {
        unit: UnitId,
        returned: u32,
    },
    Recruitment {
        side: Side,
        recruits: u32,
        replacements: u32,
        pool: u32,
    },
    ReserveCommitted {
        unit: UnitId,
        to: Cell,
        arrives_on: u32,
    },
    ReserveArrived {
        unit: UnitId,
        cell: Cell,
    },
    /// Recruits from the pool formed into a new unit at a hub.
    UnitFormed {
        side: Side,
        unit: UnitId,
        cell: Cell,
        personnel: u32,
    },
    Production {
        side: Side,
        drones: u32,
        shells: u32,
        vehicles: u32,
    },
    TechCopied {
        side: Side,
        edge: String,
        after_days: u32,
    },
    Will {
        side: Side,
        will: f64,
        change: f64,
    },
    /// A ceasefire on current lines was proposed; `held` is None when a side refused.
    Ceasefire {
        ru_accepts: bool,
        ua_accepts: bool,
        ru_why: CeasefireWhy,
        ua_why: CeasefireWhy,
        held: Option<bool>,
    },
    GameOver {
        winner: Option<Side>,
        reason: super::EndReason,
    },
    /// A unit sent to the sector by a scripted event arrived (its side's news).
    Arrived {
        side: Side,
        unit: UnitId,
        cell: Cell,
    },
    /// A scripted arrival found no cell its side holds to arrive at: `count` units turned back.
    ArrivalTurnedBack {
        side: Side,
        count: u32,
    },
    /// Roads cut by a scripted event: `cells` road cells around `at`, cut to `last_day`
    /// (None: to the end). Both sides know.
    RoadCut {
        at: Cell,
        cells: u32,
        last_day: Option<u32>,
    },
    /// A cut road around `at` is open again.
    RoadReopened {
        at: Cell,
        cells: u32,
    },
}

impl Event {
    /// Every unit the event names, in whatever role (what a reader must have identified to be
    /// told the event as it is). Every kind is listed, so a new one must say whom it names.
    pub fn units(&self) -> Vec<UnitId> {
        match self {
            Event::OrderAccepted { order, .. } | Event::OrderRejected { order, .. } => vec![order.unit()],
            Event::DroneStrike { drone: by, target, .. } | Event::ArtilleryFire { battery: by, target, .. } => {
                by.iter().copied().chain([*target]).collect()
            }
            Event::GlideBomb { target: unit, .. }
            | Event::RocketStrike { hub: unit, .. }
            | Event::Moved { unit, .. }
            | Event::Exposed { unit, .. }
            | Event::SupplyCut { unit, .. }
            | Event::SupplyRestored { unit, .. }
            | Event::HubCut { hub: unit, .. }
            | Event::Collapsed { unit, .. }
            | Event::FellBack { unit, .. }
            | Event::Disbanded { unit, .. }
            | Event::ReserveCommitted { unit, .. }
            | Event::ReserveArrived { unit, .. }
            | Event::UnitFormed { unit, .. }
            | Event::Arrived { unit, .. } => vec![*unit],
            Event::Assault { odds, .. } => odds.attackers.iter().chain(&odds.defenders).copied().collect(),
            Event::Recon { .. }
            | Event::CellCaptured { .. }
            | Event::ControlContested { .. }
            | Event::Recruitment { .. }
            | Event::Production { .. }
            | Event::TechCopied { .. }
            | Event::Will { .. }
            | Event::Ceasefire { .. }
            | Event::GameOver { .. }
            | Event::ArrivalTurnedBack { .. }
            | Event::RoadCut { .. }
            | Event::RoadReopened { .. } => Vec::new(),
        }
    }

    /// The event as `viewer` knows it, given the enemy units it detected that day (sorted):
    /// enemy units it did not identify are left out. Every kind is listed, so a new one must
    /// say what it hides.
    pub fn as_known_by(&self, viewer: Side, detected: &[UnitId]) -> Event {
        let seen = |id: &UnitId| detected.binary_search(id).is_ok();
        let mut e = self.clone();
        match &mut e {
            Event::DroneStrike { side, drone: unit, .. } | Event::ArtilleryFire { side, battery: unit, .. } => {
                if *side != viewer && !unit.is_some_and(|u| seen(&u)) {
                    *unit = None;
                }
            }
            Event::Assault { side, odds, .. } => {
                if *side == viewer {
                    odds.defenders.retain(seen);
                } else {
                    odds.attackers.retain(seen);
                }
            }
            Event::OrderAccepted { .. }
            | Event::OrderRejected { .. }
            | Event::Recon { .. }
            | Event::GlideBomb { .. }
            | Event::RocketStrike { .. }
            | Event::Moved { .. }
            | Event::Exposed { .. }
            | Event::CellCaptured { .. }
            | Event::ControlContested { .. }
            | Event::SupplyCut { .. }
            | Event::SupplyRestored { .. }
            | Event::HubCut { .. }
            | Event::Collapsed { .. }
            | Event::FellBack { .. }
            | Event::Disbanded { .. }
            | Event::Recruitment { .. }
            | Event::ReserveCommitted { .. }
            | Event::ReserveArrived { .. }
            | Event::UnitFormed { .. }
            | Event::Production { .. }
            | Event::TechCopied { .. }
            | Event::Will { .. }
            | Event::Ceasefire { .. }
            | Event::GameOver { .. }
            | Event::Arrived { .. }
            | Event::ArrivalTurnedBack { .. }
            | Event::RoadCut { .. }
            | Event::RoadReopened { .. } => {}
        }
        e
    }

    pub fn phase(&self) -> Phase {
        match self {
            // Scripted events happen at daybreak, before the orders are carried out.
            Event::OrderAccepted { .. }
            | Event::OrderRejected { .. }
            | Event::Arrived { .. }
            | Event::ArrivalTurnedBack { .. }
            | Event::RoadCut { .. }
            | Event::RoadReopened { .. } => Phase::Orders,
            Event::Recon { .. } => Phase::Recon,
            Event::DroneStrike { .. } => Phase::Drones,
            Event::ArtilleryFire { .. } | Event::GlideBomb { .. } | Event::RocketStrike { .. } => Phase::Fires,
            Event::Moved { .. } | Event::Exposed { .. } | Event::Assault { .. } => Phase::Movement,
            Event::SupplyCut { .. } | Event::SupplyRestored { .. } | Event::HubCut { .. } => Phase::Supply,
            Event::Recruitment { .. }
            | Event::ReserveCommitted { .. }
            | Event::ReserveArrived { .. }
            | Event::UnitFormed { .. }
            | Event::Production { .. }
            | Event::TechCopied { .. } => Phase::Reinforcement,
            Event::CellCaptured { .. }
            | Event::ControlContested { .. }
            | Event::Collapsed { .. }
            | Event::FellBack { .. }
            | Event::Disbanded { .. }
            | Event::Will { .. } => Phase::Cohesion,
            Event::GameOver { .. } | Event::Ceasefire { .. } => Phase::Victory,
        }
    }
}

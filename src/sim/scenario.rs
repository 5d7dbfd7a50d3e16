//! A scenario as the engine takes it: resolved cells, template ids, side starting state.
//! (The RON form with place names and deployment groups lives in `data::scenario`.)

use serde::{Deserialize, Serialize};

use super::bounds::{within, FREE};
use super::components::Task;
use super::events::Phase;
use super::map::{Cell, Side};

/// The aid track (DESIGN §1: more, the same, or none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aid {
    #[serde(alias = "more")]
    More,
    #[serde(alias = "same")]
    Same,
    #[serde(alias = "cutoff")]
    Cutoff,
}

impl Aid {
    pub fn name(self) -> &'static str {
        match self {
            Aid::More => "more",
            Aid::Same => "same",
            Aid::Cutoff => "cutoff",
        }
    }
}

/// A technical edge a side can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Edge {
    /// Fiber-optic drones: immune to jamming.
    FiberOptic,
    /// Large drone units (regiments, Rubikon): more sorties.
    MassDroneUnits,
}

impl Edge {
    pub const ALL: [Edge; 2] = [Edge::FiberOptic, Edge::MassDroneUnits];
    pub fn name(self) -> &'static str {
        match self {
            Edge::FiberOptic => "fiber_optic",
            Edge::MassDroneUnits => "mass_drone_units",
        }
    }
}

crate::bounded! {
    /// What share of the whole front a scenario stands for (DESIGN §2: one declared scale). Every
    /// front-wide flow it names (recruits, drones, shells, vehicles, glide bombs, rockets) reaches
    /// the sector at the `intensity` share; the forces it places are sized by `forces`; its ground
    /// is compared with the front's at the `ground` share.
    #[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Scale {
        /// Share of the Russian force deployed in the war that stands in the sector.
        pub forces: f64 [within(0.001, 1.0)],
        /// Share of the front's fighting (attacks, losses, the flows that replace them) here.
        pub intensity: f64 [within(0.001, 1.0)],
        /// Share of the front's ground gains made here.
        pub ground: f64 [within(0.001, 1.0)],
        /// Russia's front-wide gain at the time, km² a day: the course of the war that both sides
        /// read beyond this sector (ceasefires, will).
        pub front_gain_km2_per_day: f64 [within(0.0, 1000.0)],
    }
}

crate::bounded! {
    /// A side's starting stocks in the sector and its front-wide flows (each with its range; a
    /// scenario file's `ru:` and `ua:` are checked against them).
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct SideSetup {
        /// Soldiers in the sector's rear (training, staging, rotation) ready to join units.
        pub manpower_pool: u32 [within(0.0, 10_000_000.0)],
        /// Front-wide recruits per day (the sector takes the scenario's intensity share).
        pub recruits_per_day: f64 [within(0.0, 1_000_000.0)],
        /// Stocks in the sector, and front-wide production per day (intensity share applies).
        pub drones: u32 [within(0.0, 100_000_000.0)],
        pub drones_per_day: f64 [within(0.0, 1_000_000.0)],
        pub shells: u32 [within(0.0, 100_000_000.0)],
        pub shells_per_day: f64 [within(0.0, 1_000_000.0)],
        pub armor: u32 [within(0.0, 1_000_000.0)],
        pub armor_per_day: f64 [within(0.0, 10_000.0)],
        /// Front-wide glide bombs dropped per day (intensity share applies).
        #[serde(default)]
        pub glide_bombs_per_day: f64 [within(0.0, 100_000.0)],
        /// Soldiers of the side's grouping in the sector not placed as units: staffs, logistics,
        /// repair, medical and signals troops in the rear. Counted in the grouping's size (the force
        /// ratio, losses as a share of strength); they never fight.
        #[serde(default)]
        pub rear: u32 [within(0.0, 10_000_000.0)],
        pub will: f64 [within(0.0, 100.0)],
        /// Edges held at the start, with the day each was gained (may be negative: before the game).
        pub edges: Vec<(Edge, i32)> [within(-10_000.0, 2000.0)],
        /// Cells on the map edge where this side's supply enters.
        pub supply_entries: Vec<Cell> [FREE],
    }
}

crate::unbounded!(Edge, Aid);

/// One unit to place at the start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitSpawn {
    pub side: Side,
    pub template: String,
    /// None for a reserve that starts off the map.
    pub cell: Option<Cell>,
    pub personnel: Option<u32>,
    pub task: Option<Task>,
    pub label: Option<String>,
}

/// A place that counts for victory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub name: String,
    pub cell: Cell,
    /// Its built-up cells (the centre cell at least): the objective is held by whoever holds
    /// the rules' share of them.
    pub cells: Vec<Cell>,
    pub points: u32,
}

crate::bounded! {
    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Victory {
        /// Russia wins at the turn limit holding objectives worth at least this.
        pub ru_points_to_win: u32 [within(0.0, 1_000_000.0)],
        /// Ukraine wins at the turn limit if Russia holds less than this.
        pub ua_wins_below: u32 [within(0.0, 1_000_000.0)],
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub briefing: String,
    pub start_date: String,
    pub turn_limit: u32,
    pub aid: Aid,
    pub scale: Scale,
    pub ru: SideSetup,
    pub ua: SideSetup,
    pub units: Vec<UnitSpawn>,
    pub objectives: Vec<Objective>,
    pub victory: Victory,
    pub sources: Vec<String>,
    /// Lesson steps for a guided scenario (the interface shows them; the engine never reads them).
    #[serde(default)]
    pub lessons: Vec<Lesson>,
    /// Instructors' notes for the replay viewer (the interface shows them; the engine never
    /// reads them, so they change no state hash).
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    /// Scripted events, each applied by the engine at the start of its day (`sim::script`).
    #[serde(default)]
    pub events: Vec<Scripted>,
}

/// A scripted event on its day: something the scenario (or a white cell) makes happen at the
/// start of that day, before the day's orders are carried out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scripted {
    /// The day it happens on (1 = the first day played).
    pub day: u32,
    pub what: Script,
}

/// What a scripted event does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Script {
    /// `count` units of type `template` join `side`, on the cells it holds nearest `at` with
    /// no enemy unit in them (the nearest first, one a cell, then round again).
    Arrive { side: Side, template: String, count: u32, at: Cell, label: Option<String> },
    /// Every road cell within `radius` cells of `at` is cut (a bridge down, a road cratered,
    /// mined or under fire control): supply and movement go through it as through the ground
    /// around, no faster, for `days` days (None: to the end of the game).
    CutRoad { at: Cell, radius: u16, days: Option<u32> },
}

/// Most units one arrival brings, and the widest road cut (cells), as scenario files and the
/// white cell are held to.
pub const MAX_ARRIVING: u32 = 1000;
pub const MAX_CUT_RADIUS: u16 = 20;

impl Script {
    /// The event in one canonical line, the same on every machine: what goes into the state
    /// hash when it is applied (so a record replays only with the same events on the same days).
    pub fn key(&self) -> String {
        match self {
            Script::Arrive { side, template, count, at, label } => {
                format!(
                    "arrive {} {template} x{count} at {},{} {}",
                    side.code(),
                    at.x,
                    at.y,
                    label.as_deref().unwrap_or("")
                )
            }
            Script::CutRoad { at, radius, days } => match days {
                Some(d) => format!("cut road at {},{} r{radius} for {d}", at.x, at.y),
                None => format!("cut road at {},{} r{radius} to the end", at.x, at.y),
            },
        }
    }
}

/// An instructor's note, shown in the replay viewer with its day (and phase, if given), with
/// its cell marked on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// The day whose resolution it belongs to (0: the start).
    pub day: u32,
    pub text: String,
    pub at: Option<Cell>,
    /// Shown only while this phase is shown; the whole day when None.
    pub phase: Option<Phase>,
}

/// An overlay a lesson step switches on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LessonOverlay {
    /// The viewing side's own drone coverage.
    Coverage,
    /// The other side's drone coverage.
    EnemyCoverage,
    /// One named side's drone coverage, whoever is viewing.
    SideCoverage(Side),
    Supply,
    Detection,
    Control,
    /// Every overlay off.
    Off,
}

impl LessonOverlay {
    /// The names a scenario file uses, with what each means.
    pub const NAMES: [(&'static str, LessonOverlay); 8] = [
        ("coverage", LessonOverlay::Coverage),
        ("enemy_coverage", LessonOverlay::EnemyCoverage),
        ("ru_coverage", LessonOverlay::SideCoverage(Side::Ru)),
        ("ua_coverage", LessonOverlay::SideCoverage(Side::Ua)),
        ("supply", LessonOverlay::Supply),
        ("detection", LessonOverlay::Detection),
        ("control", LessonOverlay::Control),
        ("off", LessonOverlay::Off),
    ];
    pub fn parse(name: &str) -> Option<LessonOverlay> {
        Self::NAMES.iter().find(|(n, _)| *n == name).map(|(_, o)| *o)
    }
}

/// One step of a guided lesson: shown at the start of its day, with the map centred on
/// `focus` and `overlay` switched on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// The day it is shown on (1 = the first day planned).
    pub day: u32,
    pub title: String,
    pub text: String,
    pub focus: Option<Cell>,
    pub overlay: Option<LessonOverlay>,
    /// Shown only to this side's player (None: to both).
    #[serde(default)]
    pub side: Option<Side>,
}

impl Scenario {
    pub fn side(&self, s: Side) -> &SideSetup {
        match s {
            Side::Ru => &self.ru,
            Side::Ua => &self.ua,
        }
    }
}

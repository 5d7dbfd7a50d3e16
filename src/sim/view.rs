//! What one side knows: the only picture of the war the AI and the interface read.
//!
//! Own units are seen in full. Enemy units appear as detected today, and those seen on
//! earlier days as they were last seen (fog of war is a filter on the one true world, not a
//! second game). What both sides know is here too: the map, the rules and the scenario, who
//! holds which ground (and so the objectives and the ground gained), where each side's drones
//! fly, and each side's political will; of the side's own state, its supply field,
//! observation and stocks. A [`Referee`] answers what a commander may ask of the rules
//! without seeing more: whether an order is allowed, the odds of an assault and the route of
//! a move as the side would estimate them. A [`CommonView`] is what every side knows, and all
//! an observer without a side's view may see: control, the front line, drone coverage, the
//! objectives, the ground gained and the political will, with no unit of either side.
//!
//! The AI receives only these two types, so it cannot read the true world: the `hecs` world
//! is a private field of `Game`, with no accessor outside `sim`, and neither type hands out
//! the `Game` it was made from.
//!
//! ```compile_fail,E0599
//! // The world is the engine's: there is no accessor for it outside `sim` (the AI included)…
//! fn peek(g: &attrition::sim::Game) -> u32 {
//!     g.world().len()
//! }
//! ```
//!
//! ```compile_fail,E0616
//! // …and its field is private.
//! fn peek(g: &attrition::sim::Game) -> u32 {
//!     g.world.len()
//! }
//! ```
//!
//! ```compile_fail,E0616
//! // Nor can the AI get the game back from its referee.
//! fn peek(r: &attrition::sim::Referee) -> u32 {
//!     r.game.day()
//! }
//! ```

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::components::*;
use super::events::AssaultOdds;
use super::map::{Cell, Map, Side};
use super::orders::{Order, OrderError, Placement};
use super::rules::{Rules, UnitKind, UnitTemplate};
use super::scenario::Scenario;
use super::Game;

/// One unit as a side sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeenUnit {
    pub id: UnitId,
    pub side: Side,
    pub kind: UnitKind,
    /// Its template id and log name, shared with the unit book and the unit (a side's view
    /// is rebuilt every day, so these are counted references, not copies).
    pub template: std::sync::Arc<str>,
    pub label: std::sync::Arc<str>,
    pub cell: Option<Cell>,
    pub personnel: u32,
    pub vehicles: u32,
    pub full_personnel: u32,
    /// Known only for own units (1.0 shown for enemies).
    pub cohesion: f64,
    pub supply: f64,
    pub days_cut: u32,
    /// Days of stocks the unit still carries (own units only; 0 for enemies).
    pub stocks: f64,
    pub dug_in: u8,
    pub task: Option<Task>,
    pub sector: Option<Cell>,
    pub reserve_arrives: Option<u32>,
    pub in_reserve: bool,
    /// The day this picture of the unit is from (today for own units and today's detections).
    pub seen_on: u32,
}

impl SeenUnit {
    /// Where the unit is, as the table of orders asks (see [`fits`](super::orders::fits)).
    pub fn placement(&self) -> Placement {
        match (self.cell, self.reserve_arrives) {
            (Some(_), _) => Placement::OnMap,
            (None, None) => Placement::InReserve,
            (None, Some(_)) => Placement::Committed,
        }
    }
}

/// What a side calls a unit: whose it is, its kind and its name (a unit's name and kind
/// never change, so what a side learnt of a unit once stays true of its history).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitName {
    pub side: Side,
    pub kind: UnitKind,
    pub label: std::sync::Arc<str>,
}

/// An objective and how it stands (from who holds its cells, which both sides know).
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveStatus {
    /// Russia's share of its built-up cells.
    pub ru_share: f64,
    /// Whether that share counts as Russia holding it.
    pub ru_holds: bool,
}

/// What every side knows on the current day, and all an observer may see without a side's
/// view: who holds the ground (and so the front line and how the objectives stand), where
/// each side's drones fly, the ground each side gained and each side's political will. No
/// unit of either side is in it, nor any side's supply, observation or stocks.
#[derive(Clone, Debug)]
pub struct CommonView {
    /// Days completed.
    pub day: u32,
    pub over: bool,
    /// Who holds each cell.
    pub control: Vec<Side>,
    /// Per side: expected drone strike sorties per cell per day (where its drones fly, which
    /// both sides see over the front).
    pub coverage: [Vec<f32>; 2],
    /// The scenario's objectives as they stand, in the scenario's order.
    pub objectives: Vec<ObjectiveStatus>,
    /// Ground each side holds that the other held at the start (km²).
    pub ground_gained_km2: [f64; 2],
    /// Each side's political will (public: polls, statements, desertion reports).
    pub will: [f64; 2],
    map: Arc<Map>,
    scenario: Arc<Scenario>,
}

impl CommonView {
    pub fn build(g: &Game) -> CommonView {
        let objectives = g
            .scenario
            .objectives
            .iter()
            .map(|o| {
                let (ru_share, ru_holds) = g.objective_status(o);
                ObjectiveStatus { ru_share, ru_holds }
            })
            .collect();
        CommonView {
            day: g.day,
            over: g.is_over(),
            control: g.control.clone(),
            coverage: g.layers.cover.clone(),
            objectives,
            ground_gained_km2: [g.ground_gained_km2(Side::Ru), g.ground_gained_km2(Side::Ua)],
            will: [g.side(Side::Ru).will, g.side(Side::Ua).will],
            map: g.map.clone(),
            scenario: g.scenario.clone(),
        }
    }

    pub fn map(&self) -> &Map {
        &self.map
    }
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    /// The cells on the front line (see [`Map::front_line`]).
    pub fn front_line(&self) -> Vec<bool> {
        self.map.front_line(&self.control)
    }
}

/// A side's picture of the war on the current day.
#[derive(Clone, Debug)]
pub struct SideView {
    pub side: Side,
    /// Days completed.
    pub day: u32,
    pub over: bool,
    pub own: Vec<SeenUnit>,
    /// Enemy units detected today, as they stand.
    pub enemy: Vec<SeenUnit>,
    /// Enemy units seen on earlier days but not today, as last seen (`seen_on`).
    pub last_seen: Vec<SeenUnit>,
    /// Who holds each cell.
    pub control: Vec<Side>,
    /// Per side: expected drone strike sorties per cell per day (where its drones fly).
    pub coverage: [Vec<f32>; 2],
    /// This side's chance per day of spotting a signature-1 unit per cell.
    pub observation: Vec<f32>,
    /// This side's supply throughput per cell.
    pub supply_field: Vec<f32>,
    /// The scenario's objectives as they stand, in the scenario's order.
    pub objectives: Vec<ObjectiveStatus>,
    /// Ground each side holds that the other held at the start (km²).
    pub ground_gained_km2: [f64; 2],
    /// Each side's political will (public: polls, statements, desertion reports).
    pub will: [f64; 2],
    /// This side's stocks.
    pub drones: u32,
    pub shells: u32,
    pub manpower_pool: u32,
    map: Arc<Map>,
    rules: Arc<Rules>,
    scenario: Arc<Scenario>,
    book: Arc<Vec<(Arc<str>, UnitTemplate)>>,
}

impl SideView {
    /// What both sides know (a seminar's observers) in the shape of a side's view, for an
    /// interface that draws views: the [`CommonView`]; no
    /// unit of either side, no side's supply, observation or stocks. `side` is Russia's only
    /// because a view names one; nothing in it is Russia's own. Every field is set here, so a
    /// new one must say what an observer gets.
    pub fn common(g: &Game) -> SideView {
        let CommonView { day, over, control, coverage, objectives, ground_gained_km2, will, map, scenario } =
            g.common_view();
        let none = vec![0.0; map.len()];
        SideView {
            side: Side::Ru,
            day,
            over,
            own: Vec::new(),
            enemy: Vec::new(),
            last_seen: Vec::new(),
            control,
            coverage,
            observation: none.clone(),
            supply_field: none,
            objectives,
            ground_gained_km2,
            will,
            drones: 0,
            shells: 0,
            manpower_pool: 0,
            map,
            rules: g.rules.clone(),
            scenario,
            book: g.book.clone(),
        }
    }

    pub fn build(g: &Game, side: Side) -> SideView {
        let (own, enemy) = g.units_seen_by(side);
        let last_seen = g.last_seen(side);
        let CommonView { day, over, control, coverage, objectives, ground_gained_km2, will, map, scenario } =
            g.common_view();
        let me = g.side(side);
        SideView {
            side,
            day,
            over,
            own,
            enemy,
            last_seen,
            control,
            coverage,
            observation: g.layers.observe[side.index()].clone(),
            supply_field: g.layers.supply_field[side.index()].clone(),
            objectives,
            ground_gained_km2,
            will,
            drones: me.drones,
            shells: me.shells,
            manpower_pool: me.manpower_pool,
            map,
            rules: g.rules.clone(),
            scenario,
            book: g.book.clone(),
        }
    }

    pub fn own_unit(&self, id: UnitId) -> Option<&SeenUnit> {
        self.own.binary_search_by_key(&id, |u| u.id).ok().map(|i| &self.own[i])
    }

    pub fn map(&self) -> &Map {
        &self.map
    }
    pub fn rules(&self) -> &Rules {
        &self.rules
    }
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    /// A unit type by its id.
    pub fn template(&self, id: &str) -> Option<&UnitTemplate> {
        super::book_entry(&self.book, id)
    }
    /// The type of each of `units`, in order. Units of one type often follow each other in id
    /// order, so the last type found is tried before the book is searched.
    pub fn templates(&self, units: &[SeenUnit]) -> Vec<Option<&UnitTemplate>> {
        let mut last: Option<(&str, Option<&UnitTemplate>)> = None;
        units
            .iter()
            .map(|u| match last {
                Some((id, t)) if id == &*u.template => t,
                _ => {
                    let t = self.template(&u.template);
                    last = Some((&u.template, t));
                    t
                }
            })
            .collect()
    }
    pub fn control_at(&self, c: Cell) -> Side {
        self.control[self.map.idx(c)]
    }
    /// The cells on the front line (see [`Map::front_line`]).
    pub fn front_line(&self) -> Vec<bool> {
        self.map.front_line(&self.control)
    }
}

/// What a side may ask of the rules while it plans: it answers from the side's own picture.
pub struct Referee<'a> {
    game: &'a Game,
    view: &'a SideView,
    /// What the view shows of batteries and enemies, listed at the first assault asked about.
    seen: std::sync::OnceLock<super::phase::movement::Sighted>,
}

impl<'a> Referee<'a> {
    /// The referee of the side `view` belongs to (a view of this very game and day).
    pub fn new(game: &'a Game, view: &'a SideView) -> Referee<'a> {
        Referee { game, view, seen: std::sync::OnceLock::new() }
    }

    pub fn side(&self) -> Side {
        self.view.side
    }

    /// Whether the engine would accept the order today (and why not).
    pub fn check(&self, order: &Order) -> Result<(), OrderError> {
        self.game.check(self.view.side, order)
    }

    /// The odds of an assault by `attackers` (own units next to `target`) as the side can
    /// estimate them: only the defenders and enemy guns it detected count, and what it cannot
    /// see of them (their supply, cohesion and shells) is taken at its best. The day's roll
    /// uses the true defenders.
    pub fn assault_odds(&self, attackers: &[UnitId], target: Cell) -> AssaultOdds {
        use super::phase::movement::{estimate, Sighted};
        estimate(self.view, self.seen.get_or_init(|| Sighted::of(self.view)), attackers, target)
    }

    /// The way a move (or, with `withdraw`, a withdrawal) of `unit` to `to` would go, planned
    /// around the enemy units the side detected: the route's cells and how many of them the
    /// unit covers today (see `Game::route_preview`).
    pub fn route(&self, unit: UnitId, to: Cell, withdraw: bool) -> Option<(Vec<Cell>, usize)> {
        let map = self.view.map();
        let mut enemy = vec![false; map.len()];
        for e in &self.view.enemy {
            if let Some(c) = e.cell {
                enemy[map.idx(c)] = true;
            }
        }
        self.game.route_preview(unit, to, withdraw, |c| enemy[map.idx(c)])
    }
}

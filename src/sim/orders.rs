//! Orders a side can give, the one table of which unit may take which order and what makes
//! its target valid, and the reasons an order is refused.
//!
//! Orders are plain data, so a day's orders can be saved, replayed and sent from any
//! player: the interface, the AI or a script. Every order passes through
//! [`Game::check`](super::Game::check) before it is carried out, and `check` reads the
//! [`TABLE`] below; the interface reads the same table for the orders it offers a unit and
//! shows `check`'s verdict on the cell under its cursor. An order that would change nothing
//! (a move to where the unit stands, fire on a cell with no enemy the side has seen,
//! interdiction of a cell with no road) is refused with its reason.

use serde::{Deserialize, Serialize};

use super::components::*;
use super::map::{feature, Cell, Side};
use super::rules::{UnitKind, UnitTemplate};
use super::Game;

/// One order to one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Order {
    /// Move toward a cell along the cheapest path (roads, cover).
    Move { unit: UnitId, to: Cell },
    /// Assault an adjacent enemy-held cell.
    Assault { unit: UnitId, target: Cell },
    /// Hold the current cell; with `dig_in`, improve its fortification each day.
    Hold { unit: UnitId, dig_in: bool },
    /// Set a drone unit's sector centre.
    SetDroneSector { unit: UnitId, centre: Cell },
    /// Set a drone unit on a route cell: it hunts traffic and supply there first.
    Interdict { unit: UnitId, route: Cell },
    /// Have an artillery battery fire on a cell.
    Fire { unit: UnitId, target: Cell },
    /// Send an off-map reserve to a cell held by its side (arrives after its delay).
    CommitReserve { unit: UnitId, to: Cell },
    /// Fall back to a cell held by its own side, breaking contact.
    Withdraw { unit: UnitId, to: Cell },
}

impl Order {
    pub fn unit(&self) -> UnitId {
        match *self {
            Order::Move { unit, .. }
            | Order::Assault { unit, .. }
            | Order::Hold { unit, .. }
            | Order::SetDroneSector { unit, .. }
            | Order::Interdict { unit, .. }
            | Order::Fire { unit, .. }
            | Order::CommitReserve { unit, .. }
            | Order::Withdraw { unit, .. } => unit,
        }
    }

    pub fn kind(&self) -> OrderKind {
        match self {
            Order::Move { .. } => OrderKind::Move,
            Order::Assault { .. } => OrderKind::Assault,
            Order::Hold { .. } => OrderKind::Hold,
            Order::SetDroneSector { .. } => OrderKind::DroneSector,
            Order::Interdict { .. } => OrderKind::Interdict,
            Order::Fire { .. } => OrderKind::Fire,
            Order::CommitReserve { .. } => OrderKind::CommitReserve,
            Order::Withdraw { .. } => OrderKind::Withdraw,
        }
    }

    /// The cell the order points at (None for hold).
    pub fn target(&self) -> Option<Cell> {
        match *self {
            Order::Move { to, .. } | Order::CommitReserve { to, .. } | Order::Withdraw { to, .. } => Some(to),
            Order::Assault { target, .. } | Order::Fire { target, .. } => Some(target),
            Order::SetDroneSector { centre, .. } => Some(centre),
            Order::Interdict { route, .. } => Some(route),
            Order::Hold { .. } => None,
        }
    }

    pub fn verb(&self) -> &'static str {
        self.kind().name()
    }
}

/// The kinds of order, without their unit and target: what a key or a menu picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OrderKind {
    Move,
    Assault,
    Hold,
    DroneSector,
    Interdict,
    Fire,
    CommitReserve,
    Withdraw,
}

impl OrderKind {
    pub const ALL: [OrderKind; 8] = [
        OrderKind::Move,
        OrderKind::Assault,
        OrderKind::Withdraw,
        OrderKind::Hold,
        OrderKind::DroneSector,
        OrderKind::Interdict,
        OrderKind::Fire,
        OrderKind::CommitReserve,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OrderKind::Move => "move",
            OrderKind::Assault => "assault",
            OrderKind::Hold => "hold",
            OrderKind::DroneSector => "drone sector",
            OrderKind::Interdict => "interdict",
            OrderKind::Fire => "fire",
            OrderKind::CommitReserve => "commit reserve",
            OrderKind::Withdraw => "withdraw",
        }
    }

    /// This order's row of the table.
    pub fn rule(self) -> &'static OrderRule {
        // The table has one row per kind, in `OrderKind` order (see the test below).
        &TABLE[self as usize]
    }

    /// The order of this kind for `unit` aimed at `c` (None for hold, which has no target).
    pub fn at(self, unit: UnitId, c: Cell) -> Option<Order> {
        Some(match self {
            OrderKind::Move => Order::Move { unit, to: c },
            OrderKind::Assault => Order::Assault { unit, target: c },
            OrderKind::Withdraw => Order::Withdraw { unit, to: c },
            OrderKind::DroneSector => Order::SetDroneSector { unit, centre: c },
            OrderKind::Interdict => Order::Interdict { unit, route: c },
            OrderKind::Fire => Order::Fire { unit, target: c },
            OrderKind::CommitReserve => Order::CommitReserve { unit, to: c },
            OrderKind::Hold => return None,
        })
    }
}

/// Which units may take an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takers {
    /// Units that fight for ground (assault teams, armored and motorcycle groups, reserves).
    Fighting,
    /// Fighting units, and the support units that move (drones, EW, artillery, HQs).
    FightingOrSupport,
    /// Units that hold ground (fighting units and positions).
    GroundHolding,
    /// Ground-holding units and the support units that move.
    GroundHoldingOrSupport,
    /// Units with drones.
    Drones,
    /// Units with guns.
    Guns,
    /// Off-map reserves not yet committed.
    WaitingReserves,
}

impl Takers {
    pub fn admit(self, kind: UnitKind, t: &UnitTemplate) -> bool {
        let support = matches!(kind, UnitKind::Drone | UnitKind::Ew | UnitKind::Artillery | UnitKind::Hq);
        match self {
            Takers::Fighting => kind.is_manoeuvre(),
            Takers::FightingOrSupport => kind.is_manoeuvre() || support,
            Takers::GroundHolding => kind.holds_ground(),
            Takers::GroundHoldingOrSupport => kind.holds_ground() || support,
            Takers::Drones => t.drone.is_some(),
            Takers::Guns => t.artillery.is_some(),
            Takers::WaitingReserves => kind == UnitKind::Reserve,
        }
    }
}

/// What makes an order's target valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetRule {
    /// No target (hold).
    None,
    /// A passable cell other than the unit's own; support units may not go into enemy ground.
    Reachable,
    /// A passable enemy-held cell next to the unit.
    AdjacentEnemy,
    /// A passable cell the side holds, other than the unit's own.
    OwnGround,
    /// A cell within the drone unit's range, not its current sector.
    InDroneRange,
    /// A road or railway cell within the drone unit's range.
    RouteInDroneRange,
    /// A cell within the battery's range holding an enemy unit the side detected.
    DetectedInGunRange,
}

/// One row of the table of orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrderRule {
    pub kind: OrderKind,
    pub takers: Takers,
    /// Whether the unit must stand on the map (all orders but committing a reserve).
    pub on_map: bool,
    pub target: TargetRule,
}

/// Which order fits which unit, and what makes its target valid: one row per kind, in
/// `OrderKind` order.
pub const TABLE: [OrderRule; 8] = [
    OrderRule { kind: OrderKind::Move, takers: Takers::FightingOrSupport, on_map: true, target: TargetRule::Reachable },
    OrderRule { kind: OrderKind::Assault, takers: Takers::Fighting, on_map: true, target: TargetRule::AdjacentEnemy },
    OrderRule { kind: OrderKind::Hold, takers: Takers::GroundHolding, on_map: true, target: TargetRule::None },
    OrderRule { kind: OrderKind::DroneSector, takers: Takers::Drones, on_map: true, target: TargetRule::InDroneRange },
    OrderRule {
        kind: OrderKind::Interdict,
        takers: Takers::Drones,
        on_map: true,
        target: TargetRule::RouteInDroneRange,
    },
    OrderRule { kind: OrderKind::Fire, takers: Takers::Guns, on_map: true, target: TargetRule::DetectedInGunRange },
    OrderRule {
        kind: OrderKind::CommitReserve,
        takers: Takers::WaitingReserves,
        on_map: false,
        target: TargetRule::OwnGround,
    },
    OrderRule {
        kind: OrderKind::Withdraw,
        takers: Takers::GroundHoldingOrSupport,
        on_map: true,
        target: TargetRule::OwnGround,
    },
];

/// Where a unit is, as far as orders care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    OnMap,
    /// Off the map, waiting to be committed.
    InReserve,
    /// Off the map, committed and on its way.
    Committed,
}

/// Whether a unit of this kind and type, standing there, may take an order of `kind` at
/// all (the target is checked by [`Game::check`](super::Game::check)).
pub fn fits(kind: OrderKind, unit: UnitKind, t: &UnitTemplate, at: Placement) -> Result<(), OrderError> {
    let rule = kind.rule();
    if !rule.takers.admit(unit, t) {
        return Err(OrderError::WrongKind { unit, order: kind });
    }
    match (rule.on_map, at) {
        (true, Placement::OnMap) | (false, Placement::InReserve) => Ok(()),
        (true, _) => Err(OrderError::NotOnMap),
        (false, Placement::Committed) => Err(OrderError::AlreadyCommitted),
        (false, Placement::OnMap) => Err(OrderError::WrongKind { unit, order: kind }),
    }
}

/// Why an order was refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum OrderError {
    #[error("no unit {0}")]
    NoSuchUnit(UnitId),
    #[error("unit {0} belongs to the other side")]
    NotYourUnit(UnitId),
    #[error("a {} cannot {}", unit.name(), order.name())]
    WrongKind { unit: UnitKind, order: OrderKind },
    #[error("cell {0} is off the map")]
    OffMap(Cell),
    #[error("cell {0} is impassable")]
    Impassable(Cell),
    #[error("target {target} is not adjacent to the unit at {at}")]
    NotAdjacent { at: Cell, target: Cell },
    #[error("target {0} is held by your own side")]
    OwnCell(Cell),
    #[error("{0} is not held by your side")]
    NotOwnCell(Cell),
    #[error("unit is out of supply (level {level:.2}, needs {needed:.2})")]
    OutOfSupply { level: f64, needed: f64 },
    #[error("unit's cohesion {level:.2} is too low (needs {needed:.2})")]
    TooShaken { level: f64, needed: f64 },
    #[error("target {target} is {dist} cells away; range is {range}")]
    OutOfRange { target: Cell, dist: i32, range: i32 },
    #[error("already there: the unit is at {0}")]
    AlreadyThere(Cell),
    #[error("no road here: {0} has no road or railway to interdict")]
    NoRoad(Cell),
    #[error("no target there: no enemy unit you have detected stands at {0}")]
    NoTarget(Cell),
    #[error("the reserve is already committed")]
    AlreadyCommitted,
    #[error("the unit is not on the map")]
    NotOnMap,
    #[error("the unit already has an order today")]
    DuplicateOrder,
    #[error("the game is over")]
    GameOver,
}

/// An order that was refused, with its reason (kept in the event log).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderRejected {
    pub order: Order,
    pub reason: OrderError,
}

/// [`Game::check`](super::Game::check): the order against the table and today's state.
pub(super) fn check(g: &Game, side: Side, order: &Order) -> Result<(), OrderError> {
    if g.is_over() {
        return Err(OrderError::GameOver);
    }
    let id = order.unit();
    let e = g.entity(id).ok_or(OrderError::NoSuchUnit(id))?;
    // The unit's components read through one lookup of the entity.
    let e = g.world.entity(e).map_err(|_| OrderError::NoSuchUnit(id))?;
    let u = e.get::<&Unit>().ok_or(OrderError::NoSuchUnit(id))?;
    if u.side != side {
        return Err(OrderError::NotYourUnit(id));
    }
    let t = g.template(&u);
    let pos = e.get::<&Pos>().map(|p| p.0);
    let placement = match (pos, e.get::<&InReserve>().map(|r| r.arrives_on)) {
        (Some(_), _) => Placement::OnMap,
        (None, Some(None)) => Placement::InReserve,
        (None, _) => Placement::Committed,
    };
    let kind = order.kind();
    fits(kind, u.kind, t, placement)?;
    let Some(target) = order.target() else { return Ok(()) };
    let in_bounds = |c: Cell| if g.map.in_bounds(c) { Ok(()) } else { Err(OrderError::OffMap(c)) };
    let passable = |c: Cell| {
        in_bounds(c)?;
        if g.map.passable(c) {
            Ok(())
        } else {
            Err(OrderError::Impassable(c))
        }
    };
    let own = |c: Cell| if g.control_at(c) == side { Ok(()) } else { Err(OrderError::NotOwnCell(c)) };
    let not_here = |c: Cell| if pos == Some(c) { Err(OrderError::AlreadyThere(c)) } else { Ok(()) };
    let in_range = |c: Cell, range: i32| {
        // Placement is on the map for every ranged order (the table says so).
        let at = pos.ok_or(OrderError::NotOnMap)?;
        let dist = libm::sqrt(at.dist2(c) as f64) as i32;
        if dist > range {
            Err(OrderError::OutOfRange { target: c, dist, range })
        } else {
            Ok(())
        }
    };
    let drone_range = || t.drone.as_ref().map(|d| d.range).ok_or(OrderError::WrongKind { unit: u.kind, order: kind });
    match kind.rule().target {
        TargetRule::None => {}
        TargetRule::Reachable => {
            passable(target)?;
            // Only fighting units may push into enemy ground; support units stay on their own side.
            if !u.kind.is_manoeuvre() {
                own(target)?;
            }
            not_here(target)?;
        }
        TargetRule::OwnGround => {
            passable(target)?;
            own(target)?;
            not_here(target)?;
        }
        TargetRule::AdjacentEnemy => {
            let at = pos.ok_or(OrderError::NotOnMap)?;
            passable(target)?;
            if at.dist(target) != 1 {
                return Err(OrderError::NotAdjacent { at, target });
            }
            if g.control_at(target) == side {
                return Err(OrderError::OwnCell(target));
            }
            let sup = e.get::<&Supply>().map(|s| s.level).unwrap_or(0.0);
            let need = g.rules.assault.min_supply_to_assault;
            if sup < need {
                return Err(OrderError::OutOfSupply { level: sup, needed: need });
            }
            let coh = e.get::<&Cohesion>().map(|c| c.0).unwrap_or(0.0);
            let need = g.rules.assault.min_cohesion_to_assault;
            if coh < need {
                return Err(OrderError::TooShaken { level: coh, needed: need });
            }
        }
        TargetRule::InDroneRange => {
            in_bounds(target)?;
            in_range(target, drone_range()?)?;
            let sector = e.get::<&DroneSector>().map(|s| *s);
            if sector.is_some_and(|s| s.centre == target && !s.interdict) {
                return Err(OrderError::AlreadyThere(target));
            }
        }
        TargetRule::RouteInDroneRange => {
            in_bounds(target)?;
            in_range(target, drone_range()?)?;
            if !g.map.has(target, feature::ANY_ROAD | feature::RAIL) {
                return Err(OrderError::NoRoad(target));
            }
            let sector = e.get::<&DroneSector>().map(|s| *s);
            if sector.is_some_and(|s| s.centre == target && s.interdict) {
                return Err(OrderError::AlreadyThere(target));
            }
        }
        TargetRule::DetectedInGunRange => {
            in_bounds(target)?;
            let range =
                t.artillery.as_ref().map(|a| a.range).ok_or(OrderError::WrongKind { unit: u.kind, order: kind })?;
            in_range(target, range)?;
            let seen = g.detected_cells[side.index()].binary_search(&target).is_ok();
            if !seen {
                return Err(OrderError::NoTarget(target));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_one_row_per_kind_in_order() {
        for (i, row) in TABLE.iter().enumerate() {
            assert_eq!(row.kind as usize, i, "{row:?}");
        }
        let mut kinds: Vec<OrderKind> = OrderKind::ALL.to_vec();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), TABLE.len(), "ALL lists every kind once");
    }
}

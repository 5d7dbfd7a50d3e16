//! Orders a side can give, and the reasons an order is refused.
//!
//! Orders are plain data, so a day's orders can be saved, replayed and sent from any
//! player: the interface, the AI or a script. Every order passes through
//! [`Game::check`](super::Game::check) before it is carried out.

use serde::{Deserialize, Serialize};

use super::components::UnitId;
use super::map::Cell;

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
    pub fn verb(&self) -> &'static str {
        match self {
            Order::Move { .. } => "move",
            Order::Assault { .. } => "assault",
            Order::Hold { .. } => "hold",
            Order::SetDroneSector { .. } => "drone sector",
            Order::Interdict { .. } => "interdict",
            Order::Fire { .. } => "fire",
            Order::CommitReserve { .. } => "commit reserve",
            Order::Withdraw { .. } => "withdraw",
        }
    }
}

/// Why an order was refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum OrderError {
    #[error("no unit {0}")]
    NoSuchUnit(UnitId),
    #[error("unit {0} belongs to the other side")]
    NotYourUnit(UnitId),
    #[error("a {kind} cannot {verb}")]
    WrongKind { kind: String, verb: String },
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

//! The components a unit entity is made of. Each is plain data; the phases give it behaviour.

use serde::{Deserialize, Serialize};

use super::map::{Cell, Side};
use super::rules::UnitKind;

/// A unit's stable identity: never reused, and the order in which units act when order matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnitId(pub u32);

impl std::fmt::Display for UnitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Who a unit is: identity, side, type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub side: Side,
    pub kind: UnitKind,
    /// Index of its template in the unit book (sorted by template id).
    pub template: u16,
    /// A name for the log ("RU assault team 12").
    pub label: std::sync::Arc<str>,
}

/// Where a unit is. Units off the map (uncommitted reserves) have no `Pos`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pos(pub Cell);

/// Personnel and vehicles now, and at full establishment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strength {
    pub personnel: u32,
    pub vehicles: u32,
    pub full_personnel: u32,
    pub full_vehicles: u32,
}

/// Will to fight and ability to act as a unit, 0..=1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Cohesion(pub f64);

/// Supply reaching the unit (0..=1), how many days in a row it has been cut off, the days of
/// stocks it still carries (up to its template's `stocks_days`) and how many days in a row
/// those have been empty.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Supply {
    pub level: f64,
    pub days_cut: u32,
    pub stocks: f64,
    pub days_empty: u32,
}

/// Levels of digging in (0 = in the open).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DugIn(pub u8);

/// The standing order a unit carries out each day until it is done or replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Task {
    Idle,
    Hold { dig_in: bool },
    Move { to: Cell },
    Assault { target: Cell },
    Withdraw { to: Cell },
    DroneSector { centre: Cell },
    FireAt { target: Cell },
}

/// A drone unit's current sector centre (its coverage is a disc around it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroneSector {
    pub centre: Cell,
    /// True when the sector was set to interdict a route: sorties go first to moving and supply targets.
    pub interdict: bool,
}

/// An uncommitted or arriving reserve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InReserve {
    /// Day it reaches the map, once committed.
    pub arrives_on: Option<u32>,
    /// Where it enters the map.
    pub destination: Option<Cell>,
}

/// Damage to a supply hub: it pushes no supply until the given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubDamaged {
    pub until_day: u32,
}

/// Set on a unit that moved this day (for signature and exposure).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedToday(pub bool);

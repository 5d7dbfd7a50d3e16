//! The units of each cell as the viewer sees them: how many of its own and of the enemy's
//! stand there and which one the map draws.

use crate::sim::map::{Map, Side};
use crate::sim::rules::UnitKind;
use crate::sim::view::SeenUnit;

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

/// Which unit kind is drawn first when several share a cell (and lists them first).
pub fn kind_rank(k: UnitKind) -> u8 {
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

/// The units of each cell as `viewer` sees them, from units flagged own or enemy.
pub fn tally<'a>(map: &Map, units: impl Iterator<Item = (&'a SeenUnit, bool)>, viewer: Side) -> Vec<CellUnits> {
    let mut cells = vec![CellUnits::default(); map.len()];
    for (u, own) in units {
        let Some(c) = u.cell.filter(|c| map.in_bounds(*c)) else { continue };
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
            Some((s, k)) => (s != viewer && own) || ((s == viewer) == own && kind_rank(u.kind) > kind_rank(k)),
        };
        if better {
            cu.top = Some((u.side, u.kind));
        }
    }
    cells
}

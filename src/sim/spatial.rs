//! A cell → units index, built once per phase that needs it and kept up to date as units
//! move within the phase, so that "who is near this cell" is a lookup over a few cells
//! instead of a scan over every unit.

use hecs::{Entity, World};

use super::components::{Pos, Unit, UnitId};
use super::map::{Cell, Map, Side};

/// Units by cell, each cell's list sorted by id.
#[derive(Clone, Debug, Default)]
pub struct Spatial {
    width: i16,
    height: i16,
    cells: Vec<Vec<(UnitId, Side, Entity)>>,
}

impl Spatial {
    pub fn build(map: &Map, world: &World) -> Spatial {
        let mut sp = Spatial { width: map.width, height: map.height, cells: vec![Vec::new(); map.len()] };
        for (e, u, p) in world.query::<(Entity, &Unit, &Pos)>().iter() {
            sp.cells[map.idx(p.0)].push((u.id, u.side, e));
        }
        for c in &mut sp.cells {
            if c.len() > 1 {
                c.sort_unstable_by_key(|x| x.0);
            }
        }
        sp
    }

    fn index(&self, c: Cell) -> Option<usize> {
        if c.x < 0 || c.y < 0 || c.x >= self.width || c.y >= self.height {
            None
        } else {
            Some(c.y as usize * self.width as usize + c.x as usize)
        }
    }

    /// Units in one cell, sorted by id.
    pub fn at(&self, c: Cell) -> &[(UnitId, Side, Entity)] {
        match self.index(c) {
            Some(i) => &self.cells[i],
            None => &[],
        }
    }

    /// Records that a unit moved (call whenever a phase changes a `Pos` it has indexed).
    pub fn relocate(&mut self, id: UnitId, from: Cell, to: Cell) {
        let (Some(a), Some(b)) = (self.index(from), self.index(to)) else { return };
        let Some(k) = self.cells[a].iter().position(|x| x.0 == id) else { return };
        let item = self.cells[a].remove(k);
        let dest = &mut self.cells[b];
        let at = dest.partition_point(|x| x.0 < id);
        dest.insert(at, item);
    }

    /// Drops a unit from the index (it left the map or was destroyed).
    pub fn remove(&mut self, id: UnitId, at: Cell) {
        if let Some(a) = self.index(at) {
            self.cells[a].retain(|x| x.0 != id);
        }
    }

    /// True if any unit of `side` is in the cell.
    pub fn has_side(&self, c: Cell, side: Side) -> bool {
        self.at(c).iter().any(|u| u.1 == side)
    }

    /// Cells within Chebyshev radius `r` of `c` that lie on the map, row by row.
    pub fn around(&self, c: Cell, r: i32) -> impl Iterator<Item = Cell> + '_ {
        let (w, h) = (self.width as i32, self.height as i32);
        let (x0, x1) = ((c.x as i32 - r).max(0), (c.x as i32 + r).min(w - 1));
        let (y0, y1) = ((c.y as i32 - r).max(0), (c.y as i32 + r).min(h - 1));
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| Cell::new(x as i16, y as i16)))
    }
}

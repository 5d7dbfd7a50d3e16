//! A cell → units index, rebuilt once per phase that needs it, so that "who is near this
//! cell" is a lookup over a few cells instead of a scan over every unit.

use hecs::{Entity, World};

use super::components::{Pos, Unit, UnitId};
use super::map::{Cell, Map, Side};

/// Units by cell, in compressed rows: the units of cell `i` are `items[starts[i]..starts[i+1]]`,
/// sorted by id.
#[derive(Clone, Debug, Default)]
pub struct Spatial {
    width: i16,
    height: i16,
    starts: Vec<u32>,
    items: Vec<(UnitId, Side, Entity)>,
}

impl Spatial {
    pub fn build(map: &Map, world: &World) -> Spatial {
        let n = map.len();
        let mut sp = Spatial { width: map.width, height: map.height, starts: vec![0; n + 1], items: Vec::new() };
        let mut rows: Vec<(u32, UnitId, Side, Entity)> = world
            .query::<(Entity, &Unit, &Pos)>()
            .iter()
            .map(|(e, u, p)| (map.idx(p.0) as u32, u.id, u.side, e))
            .collect();
        rows.sort_unstable_by_key(|r| (r.0, r.1));
        for r in &rows {
            sp.starts[r.0 as usize + 1] += 1;
        }
        for i in 0..n {
            sp.starts[i + 1] += sp.starts[i];
        }
        sp.items = rows.into_iter().map(|(_, id, s, e)| (id, s, e)).collect();
        sp
    }

    /// Units in one cell, sorted by id.
    pub fn at(&self, c: Cell) -> &[(UnitId, Side, Entity)] {
        if c.x < 0 || c.y < 0 || c.x >= self.width || c.y >= self.height {
            return &[];
        }
        let i = c.y as usize * self.width as usize + c.x as usize;
        &self.items[self.starts[i] as usize..self.starts[i + 1] as usize]
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

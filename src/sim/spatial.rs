//! A cell → units index, built once per phase that needs it and kept up to date as units
//! move within the phase, so that "who is near this cell" is a lookup over a few cells
//! instead of a scan over every unit.

use hecs::{Entity, World};

use super::components::{Pos, Unit, UnitId};
use super::map::{Cell, Map, Side};

/// Units by cell, each cell's list sorted by id.
///
/// Stored flat: all units sorted by (cell, id) in one list, with each cell's start in it
/// (cell `i` holds `units[start[i]..start[i + 1]]`), so a build is one sort of the units
/// and no allocation per cell.
#[derive(Clone, Debug, Default)]
pub struct Spatial {
    width: i16,
    height: i16,
    units: Vec<(UnitId, Side, Entity)>,
    start: Vec<u32>,
}

impl Spatial {
    pub fn build(map: &Map, world: &World) -> Spatial {
        let n = map.len();
        let mut keyed: Vec<(u32, UnitId, Side, Entity)> = world
            .query::<(Entity, &Unit, &Pos)>()
            .iter()
            .map(|(e, u, p)| {
                let i = map.idx(p.0);
                assert!(i < n, "unit {} off the map at {}", u.id.0, p.0);
                (i as u32, u.id, u.side, e)
            })
            .collect();
        keyed.sort_unstable_by_key(|x| (x.0, x.1));
        let mut start = vec![0u32; n + 1];
        for x in &keyed {
            start[x.0 as usize + 1] += 1;
        }
        // Running sum kept in a register (summing in place would chain every cell's store
        // into the next cell's load).
        let mut acc = 0;
        for s in &mut start {
            acc += *s;
            *s = acc;
        }
        let units = keyed.into_iter().map(|(_, id, side, e)| (id, side, e)).collect();
        Spatial { width: map.width, height: map.height, units, start }
    }

    #[inline]
    fn index(&self, c: Cell) -> Option<usize> {
        if c.x < 0 || c.y < 0 || c.x >= self.width || c.y >= self.height {
            None
        } else {
            Some(c.y as usize * self.width as usize + c.x as usize)
        }
    }

    #[inline]
    fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.start[i] as usize..self.start[i + 1] as usize
    }

    /// Units in one cell, sorted by id.
    #[inline]
    pub fn at(&self, c: Cell) -> &[(UnitId, Side, Entity)] {
        match self.index(c) {
            Some(i) => &self.units[self.range(i)],
            None => &[],
        }
    }

    /// Takes the unit at position `k` of the flat list, which lies in cell `cell`.
    fn take(&mut self, cell: usize, k: usize) -> (UnitId, Side, Entity) {
        let item = self.units.remove(k);
        self.start[cell + 1..].iter_mut().for_each(|s| *s -= 1);
        item
    }

    /// Records that a unit moved (call whenever a phase changes a `Pos` it has indexed).
    pub fn relocate(&mut self, id: UnitId, from: Cell, to: Cell) {
        let (Some(a), Some(b)) = (self.index(from), self.index(to)) else { return };
        let r = self.range(a);
        let Some(k) = self.units[r.clone()].iter().position(|x| x.0 == id) else { return };
        let item = self.take(a, r.start + k);
        let r = self.range(b);
        let at = r.start + self.units[r].partition_point(|x| x.0 < id);
        self.units.insert(at, item);
        self.start[b + 1..].iter_mut().for_each(|s| *s += 1);
    }

    /// Drops a unit from the index (it left the map or was destroyed).
    pub fn remove(&mut self, id: UnitId, at: Cell) {
        if let Some(a) = self.index(at) {
            while let Some(k) = self.units[self.range(a)].iter().position(|x| x.0 == id) {
                let k = self.range(a).start + k;
                self.take(a, k);
            }
        }
    }

    /// True if any unit of `side` is in the cell.
    #[inline]
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

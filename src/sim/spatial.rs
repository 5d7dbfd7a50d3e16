//! A cell → units index, built once per phase that needs it and kept up to date as units
//! move within the phase, so that "who is near this cell" is a lookup over a few cells
//! instead of a scan over every unit.

use hecs::{Entity, World};

use super::components::{Pos, Unit, UnitId};
use super::map::{Cell, Map, Side};

/// A unit as the index lists it.
type Entry = (UnitId, Side, Entity);

/// Units by cell, each cell's list sorted by id.
///
/// Stored flat: all units sorted by (cell, id) in one list, with each cell's start in it
/// (cell `i` holds `units[start[i]..start[i + 1]]`), so a build is one sort of the units
/// and no allocation per cell. A cell whose units change after the build gets a list of its
/// own (marked in `edited`, kept in `edits` by cell), so a move costs the two cells' lists,
/// not the whole index.
#[derive(Clone, Debug, Default)]
pub struct Spatial {
    width: i16,
    height: i16,
    units: Vec<Entry>,
    start: Vec<u32>,
    /// One bit per cell that has a list in `edits` (empty until the first change).
    edited: Vec<u64>,
    edits: Vec<(u32, Vec<Entry>)>,
}

impl Spatial {
    pub fn build(map: &Map, world: &World) -> Spatial {
        let n = map.len();
        let keyed: Vec<(u32, Entry)> = world
            .query::<(Entity, &Unit, &Pos)>()
            .iter()
            .map(|(e, u, p)| {
                let i = map.idx(p.0);
                assert!(i < n, "unit {} off the map at {}", u.id.0, p.0);
                (i as u32, (u.id, u.side, e))
            })
            .collect();
        // A counting sort by cell: each cell's count, then its end in the list (a running
        // sum kept in a register: summing in place would chain every cell's store into the
        // next cell's load); placing each unit just before its cell's end leaves `start` at
        // each cell's start.
        let mut start = vec![0u32; n + 1];
        for x in &keyed {
            start[x.0 as usize] += 1;
        }
        let mut acc = 0;
        for s in &mut start {
            acc += *s;
            *s = acc;
        }
        let mut units = vec![(UnitId(0), Side::Ru, Entity::DANGLING); keyed.len()];
        for (i, x) in keyed {
            start[i as usize] -= 1;
            units[start[i as usize] as usize] = x;
        }
        // Then each cell's few units by id.
        for i in 0..n {
            let (a, b) = (start[i] as usize, start[i + 1] as usize);
            if b - a > 1 {
                units[a..b].sort_unstable_by_key(|x| x.0);
            }
        }
        Spatial { width: map.width, height: map.height, units, start, edited: Vec::new(), edits: Vec::new() }
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

    #[inline]
    fn is_edited(&self, i: usize) -> bool {
        !self.edited.is_empty() && self.edited[i / 64] & (1 << (i % 64)) != 0
    }

    /// Units in one cell, sorted by id.
    #[inline]
    pub fn at(&self, c: Cell) -> &[Entry] {
        match self.index(c) {
            Some(i) if self.is_edited(i) => {
                let k = self.edits.binary_search_by_key(&(i as u32), |e| e.0).expect("an edited cell has a list");
                &self.edits[k].1
            }
            Some(i) => &self.units[self.range(i)],
            None => &[],
        }
    }

    /// The list of cell `i`, made its own (a copy of its part of the flat list) on first change.
    fn edit(&mut self, i: usize) -> &mut Vec<Entry> {
        if !self.is_edited(i) {
            if self.edited.is_empty() {
                self.edited = vec![0; self.start.len().div_ceil(64)];
            }
            self.edited[i / 64] |= 1 << (i % 64);
            let list = self.units[self.range(i)].to_vec();
            let k = self.edits.partition_point(|e| e.0 < i as u32);
            self.edits.insert(k, (i as u32, list));
        }
        let k = self.edits.binary_search_by_key(&(i as u32), |e| e.0).expect("an edited cell has a list");
        &mut self.edits[k].1
    }

    /// Records that a unit moved (call whenever a phase changes a `Pos` it has indexed).
    pub fn relocate(&mut self, id: UnitId, from: Cell, to: Cell) {
        let (Some(a), Some(b)) = (self.index(from), self.index(to)) else { return };
        let Some(k) = self.at(from).iter().position(|x| x.0 == id) else { return };
        let item = self.edit(a).remove(k);
        let list = self.edit(b);
        let at = list.partition_point(|x| x.0 < id);
        list.insert(at, item);
    }

    /// Drops a unit from the index (it left the map or was destroyed).
    pub fn remove(&mut self, id: UnitId, at: Cell) {
        if let Some(a) = self.index(at) {
            if self.at(at).iter().any(|x| x.0 == id) {
                self.edit(a).retain(|x| x.0 != id);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::map::blank_for_tests as map;
    use crate::sim::rules::UnitKind;
    use proptest::prelude::*;

    proptest! {
        /// An index kept up to date move by move lists every cell as a fresh build does.
        #[test]
        fn moves_keep_the_index_as_a_build_would(
            start in prop::collection::vec((0i16..9, 0i16..7, any::<bool>()), 1..40),
            moves in prop::collection::vec((any::<prop::sample::Index>(), 0i16..9, 0i16..7), 0..60),
        ) {
            let m = map(9, 7);
            let mut world = World::new();
            let mut units = Vec::new();
            for (k, &(x, y, ru)) in start.iter().enumerate() {
                let side = if ru { Side::Ru } else { Side::Ua };
                let u = Unit { id: UnitId(k as u32), side, kind: UnitKind::AssaultTeam, template: 0, label: "".into() };
                units.push(world.spawn((u, Pos(Cell::new(x, y)))));
            }
            let mut sp = Spatial::build(&m, &world);
            for (who, x, y) in moves {
                let k = who.index(units.len());
                let from = world.get::<&Pos>(units[k]).unwrap().0;
                let to = Cell::new(x, y);
                *world.get::<&mut Pos>(units[k]).unwrap() = Pos(to);
                sp.relocate(UnitId(k as u32), from, to);
            }
            let fresh = Spatial::build(&m, &world);
            for y in 0..7 {
                for x in 0..9 {
                    let c = Cell::new(x, y);
                    prop_assert_eq!(sp.at(c), fresh.at(c), "cell {}", c);
                }
            }
        }
    }
}

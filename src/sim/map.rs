//! The grid the war is fought on: terrain, linear features and named places per cell.
//!
//! The map is pure data for the engine: the loader in `data::mapfile` rasterises the
//! readable RON layers (areas, roads, rivers, places) into this grid once, at load time.

use serde::{Deserialize, Serialize};

use super::bounds::within;

/// A cell position: column from the west (`x`), row from the north (`y`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cell {
    pub x: i16,
    pub y: i16,
}

impl Cell {
    pub const fn new(x: i16, y: i16) -> Self {
        Cell { x, y }
    }
    /// Chebyshev distance in cells (diagonal moves count as one).
    pub fn dist(self, o: Cell) -> i32 {
        let dx = (self.x as i32 - o.x as i32).abs();
        let dy = (self.y as i32 - o.y as i32).abs();
        dx.max(dy)
    }
    /// Squared Euclidean distance in cells, for circular coverage tests without roots.
    pub fn dist2(self, o: Cell) -> i32 {
        let dx = self.x as i32 - o.x as i32;
        let dy = self.y as i32 - o.y as i32;
        dx * dx + dy * dy
    }
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({},{})", self.x, self.y)
    }
}

/// The ground a cell is mostly made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Terrain {
    /// Large open fields with little cover.
    Open,
    /// Farmland cut by Soviet-era shelterbelts (tree lines): the common ground of the sector.
    Farmland,
    /// Woods and wooded river valleys.
    Forest,
    /// Built-up area: towns, villages, industrial zones.
    Urban,
    /// Reservoirs and lakes: impassable.
    Water,
}

impl Terrain {
    pub const ALL: [Terrain; 5] = [Terrain::Open, Terrain::Farmland, Terrain::Forest, Terrain::Urban, Terrain::Water];
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn name(self) -> &'static str {
        match self {
            Terrain::Open => "open",
            Terrain::Farmland => "farmland",
            Terrain::Forest => "forest",
            Terrain::Urban => "urban",
            Terrain::Water => "water",
        }
    }
}

/// Linear and point features that share a cell with its terrain (bit flags).
pub mod feature {
    pub const HIGHWAY: u8 = 1;
    pub const ROAD: u8 = 2;
    pub const RAIL: u8 = 4;
    pub const RIVER: u8 = 8;
    pub const TREELINE: u8 = 16;
    pub const SPOIL_HEAP: u8 = 32;
    /// Any road a convoy can use.
    pub const ANY_ROAD: u8 = HIGHWAY | ROAD;
}

/// The two sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Side {
    #[serde(alias = "ru")]
    Ru,
    #[serde(alias = "ua")]
    Ua,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Ru, Side::Ua];
    pub fn other(self) -> Side {
        match self {
            Side::Ru => Side::Ua,
            Side::Ua => Side::Ru,
        }
    }
    pub fn index(self) -> usize {
        self as usize
    }
    pub fn code(self) -> &'static str {
        match self {
            Side::Ru => "ru",
            Side::Ua => "ua",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Side::Ru => "Russia",
            Side::Ua => "Ukraine",
        }
    }
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A named place on the map (town or village) at its projected cell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub cell: Cell,
    pub population: u32,
    /// True where the position was placed from a described location, not a surveyed coordinate.
    pub approximate: bool,
    /// Radius of its built-up area in km (0 for a named point).
    #[serde(default)]
    pub urban_km: f64,
}

/// The rasterised map.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Map {
    pub id: String,
    pub title: String,
    pub cell_km: f64,
    pub width: i16,
    pub height: i16,
    pub terrain: Vec<Terrain>,
    pub features: Vec<u8>,
    pub places: Vec<Place>,
    /// Which side holds each cell when the scenario starts.
    pub initial_control: Vec<Side>,
    /// How the map turns latitude/longitude into cells (for `attrition map --json`).
    pub projection: crate::sim::map::Projection,
}

crate::bounded! {
    /// Equirectangular projection anchored at the map's north-west corner.
    #[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
    pub struct Projection {
        /// Latitude of the northern edge (degrees).
        pub north: f64 [within(-90.0, 90.0)],
        /// Longitude of the western edge (degrees).
        pub west: f64 [within(-180.0, 180.0)],
        /// Latitude at which east-west distances are true (degrees).
        pub ref_lat: f64 [within(-85.0, 85.0)],
    }
}

/// Kilometres per degree of latitude (WGS84 mean); documented in the map files.
pub const KM_PER_DEG_LAT: f64 = 110.574;
/// Kilometres per degree of longitude at the equator (WGS84).
pub const KM_PER_DEG_LON_EQ: f64 = 111.320;

impl Projection {
    /// Fractional (x, y) in cells of a latitude/longitude.
    pub fn project(&self, lat: f64, lon: f64, cell_km: f64) -> (f64, f64) {
        let kx = KM_PER_DEG_LON_EQ * libm::cos(self.ref_lat.to_radians());
        let x = (lon - self.west) * kx / cell_km;
        let y = (self.north - lat) * KM_PER_DEG_LAT / cell_km;
        (x, y)
    }
    /// The cell containing a latitude/longitude (may be off the map).
    pub fn cell(&self, lat: f64, lon: f64, cell_km: f64) -> Cell {
        let (x, y) = self.project(lat, lon, cell_km);
        Cell::new(libm::floor(x) as i16, libm::floor(y) as i16)
    }
}

impl Map {
    pub fn in_bounds(&self, c: Cell) -> bool {
        c.x >= 0 && c.y >= 0 && c.x < self.width && c.y < self.height
    }
    pub fn idx(&self, c: Cell) -> usize {
        c.y as usize * self.width as usize + c.x as usize
    }
    pub fn cell_at(&self, i: usize) -> Cell {
        Cell::new((i % self.width as usize) as i16, (i / self.width as usize) as i16)
    }
    pub fn len(&self) -> usize {
        self.width as usize * self.height as usize
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn terrain(&self, c: Cell) -> Terrain {
        self.terrain[self.idx(c)]
    }
    pub fn features(&self, c: Cell) -> u8 {
        self.features[self.idx(c)]
    }
    pub fn has(&self, c: Cell, f: u8) -> bool {
        self.features(c) & f != 0
    }
    pub fn passable(&self, c: Cell) -> bool {
        self.in_bounds(c) && self.terrain(c) != Terrain::Water
    }
    pub fn place(&self, name: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }
    /// The place whose cell is `c`, if any.
    pub fn place_at(&self, c: Cell) -> Option<&Place> {
        self.places.iter().find(|p| p.cell == c)
    }
    /// Steps (8-neighbour moves) from every cell to the nearest cell where `source` holds;
    /// `i16::MAX` where no source can be reached.
    ///
    /// Every cell can be stepped into, so the fewest steps to a source is the Chebyshev
    /// distance to the nearest one: two raster passes over the grid (a chessboard distance
    /// transform) give exactly what a breadth-first search from the sources would.
    pub fn steps_from(&self, source: impl Fn(usize) -> bool) -> Vec<i16> {
        // Unreached cells hold `i16::MAX`, which a step does not leave (saturating).
        const FAR: i16 = i16::MAX;
        let (w, h) = (self.width as usize, self.height as usize);
        let mut d: Vec<i16> = (0..self.len()).map(|i| if source(i) { 0 } else { FAR }).collect();
        if w == 0 {
            return d;
        }
        // A cell from the three cells next to it in the row `near` (above or below).
        let from_row = |row: &mut [i16], near: &[i16]| {
            let step = |a: i16, b: i16, c: i16| a.min(b).min(c).saturating_add(1);
            let near = &near[..w];
            if w == 1 {
                row[0] = row[0].min(near[0].saturating_add(1));
                return;
            }
            row[0] = row[0].min(step(near[0], near[0], near[1]));
            row[w - 1] = row[w - 1].min(step(near[w - 2], near[w - 1], near[w - 1]));
            let inner = row[1..w - 1].iter_mut().zip(near[..w - 2].iter().zip(&near[1..w - 1]).zip(&near[2..]));
            for (r, ((a, b), c)) in inner {
                *r = (*r).min(step(*a, *b, *c));
            }
        };
        // Forward, row by row: from the north-west, north and north-east neighbours, then
        // from the west.
        for y in 0..h {
            let (above, row) = d.split_at_mut(y * w);
            let row = &mut row[..w];
            if y > 0 {
                from_row(row, &above[(y - 1) * w..]);
            }
            for x in 1..w {
                row[x] = row[x].min(row[x - 1].saturating_add(1));
            }
        }
        // Backward: from the south-east, south and south-west neighbours, then from the east.
        for y in (0..h).rev() {
            let (row, below) = d.split_at_mut((y + 1) * w);
            let row = &mut row[y * w..];
            if y + 1 < h {
                from_row(row, below);
            }
            for x in (1..w).rev() {
                row[x - 1] = row[x - 1].min(row[x].saturating_add(1));
            }
        }
        d
    }

    /// The cell nearest to `from` (straight-line) where `holds` (given a cell's index), the
    /// first by index among equally near ones: what a scan of every cell keeping the first
    /// strictly nearer one finds.
    ///
    /// Looked for in square rings around `from`: no cell of the ring `k` out is nearer than
    /// `k`, so once `k²` passes the best distance found no farther ring holds a nearer or
    /// equally near cell (a ring at exactly that distance is still read, for the tie).
    pub fn nearest(&self, from: Cell, holds: impl Fn(usize) -> bool) -> Option<Cell> {
        let mut best: Option<(i32, usize)> = None;
        let (w, h) = (self.width as i32, self.height as i32);
        let (fx, fy) = (from.x as i32, from.y as i32);
        for k in 0..w.max(h) {
            if best.is_some_and(|(bd, _)| k * k > bd) {
                break;
            }
            let mut consider = |x: i32, y: i32| {
                let i = (y * w + x) as usize;
                if holds(i) {
                    let d = (x - fx) * (x - fx) + (y - fy) * (y - fy);
                    if best.is_none_or(|b| (d, i) < b) {
                        best = Some((d, i));
                    }
                }
            };
            for y in (fy - k).max(0)..=(fy + k).min(h - 1) {
                if y == fy - k || y == fy + k {
                    for x in (fx - k).max(0)..=(fx + k).min(w - 1) {
                        consider(x, y);
                    }
                } else {
                    // Between its top and bottom rows only the ring's two ends are on it.
                    if fx - k >= 0 {
                        consider(fx - k, y);
                    }
                    if fx + k < w {
                        consider(fx + k, y);
                    }
                }
            }
        }
        best.map(|(_, i)| self.cell_at(i))
    }

    /// Cells that touch ground held by the other side across an edge (not only a corner):
    /// the front line, from who holds each cell (`control`, one per cell), which every side
    /// knows.
    pub fn front_line(&self, control: &[Side]) -> Vec<bool> {
        const EDGES: [(i16, i16); 4] = [(0, -1), (1, 0), (0, 1), (-1, 0)];
        (0..self.len())
            .map(|i| {
                let c = self.cell_at(i);
                EDGES
                    .iter()
                    .map(|&(dx, dy)| Cell::new(c.x + dx, c.y + dy))
                    .any(|n| self.in_bounds(n) && control[self.idx(n)] != control[i])
            })
            .collect()
    }

    /// The eight neighbours of a cell that lie on the map, in a fixed order.
    pub fn neighbours(&self, c: Cell) -> impl Iterator<Item = Cell> + '_ {
        const D: [(i16, i16); 8] = [(0, -1), (1, 0), (0, 1), (-1, 0), (1, -1), (1, 1), (-1, 1), (-1, -1)];
        D.iter().map(move |&(dx, dy)| Cell::new(c.x + dx, c.y + dy)).filter(move |n| self.in_bounds(*n))
    }
}

crate::unbounded!(Cell, Side, Terrain);

/// A blank farmland map held by Russia, for the unit tests of what is built on maps.
#[cfg(test)]
pub(crate) fn blank_for_tests(width: i16, height: i16) -> Map {
    let n = width as usize * height as usize;
    Map {
        id: "t".into(),
        title: "t".into(),
        cell_km: 1.0,
        width,
        height,
        terrain: vec![Terrain::Farmland; n],
        features: vec![0; n],
        places: Vec::new(),
        initial_control: vec![Side::Ru; n],
        projection: Projection { north: 49.0, west: 37.0, ref_lat: 48.5 },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::blank_for_tests as grid;

    /// Steps by breadth-first search over the eight neighbours, the definition.
    fn bfs(m: &Map, source: &[bool]) -> Vec<i16> {
        let mut d = vec![i16::MAX; m.len()];
        let mut queue = std::collections::VecDeque::new();
        for (i, &s) in source.iter().enumerate() {
            if s {
                d[i] = 0;
                queue.push_back(i);
            }
        }
        while let Some(i) = queue.pop_front() {
            for nb in m.neighbours(m.cell_at(i)) {
                let j = m.idx(nb);
                if d[j] == i16::MAX {
                    d[j] = d[i] + 1;
                    queue.push_back(j);
                }
            }
        }
        d
    }

    /// The ring search finds the cell a scan of every cell finds (the first strictly nearer),
    /// from inside and outside the held ground, with many ties and none.
    #[test]
    fn nearest_is_the_first_nearest_of_a_full_scan() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for case in 0..1200 {
            let (w, h) = (1 + (next() % 30) as i16, 1 + (next() % 30) as i16);
            let m = grid(w, h);
            let density = [0, 1, 5, 50, 100, 60][case % 6];
            let from = Cell::new((next() % w as u64) as i16, (next() % h as u64) as i16);
            let mut held: Vec<bool> = (0..m.len()).map(|_| density > 0 && next() % 100 < density).collect();
            if case % 6 == 5 {
                // Ties across rings: some of the cells at one distance that several rings
                // reach (25 = 5² = 3² + 4², 65 = 1² + 8² = 4² + 7², …), nothing nearer.
                let r = [25, 50, 65, 85, 100, 125][(next() % 6) as usize];
                for (i, h) in held.iter_mut().enumerate() {
                    let d = m.cell_at(i).dist2(from);
                    *h = d > r || (d == r && *h);
                }
            }
            let mut scan: Option<(i32, Cell)> = None;
            for (i, &h) in held.iter().enumerate() {
                let c = m.cell_at(i);
                if h && scan.is_none_or(|(d, _)| c.dist2(from) < d) {
                    scan = Some((c.dist2(from), c));
                }
            }
            assert_eq!(m.nearest(from, |i| held[i]), scan.map(|(_, c)| c), "{w}x{h} from {from}, {density}%");
        }
    }

    #[test]
    fn steps_from_is_the_breadth_first_distance() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for case in 0..200 {
            let (w, h) = (1 + (next() % 40) as i16, 1 + (next() % 40) as i16);
            let m = grid(w, h);
            // Sparse, dense and no sources at all.
            let density = [0, 1, 5, 50][case % 4];
            let source: Vec<bool> = (0..m.len()).map(|_| density > 0 && next() % 100 < density).collect();
            assert_eq!(m.steps_from(|i| source[i]), bfs(&m, &source), "{w}x{h}, {density}% sources");
        }
    }
}

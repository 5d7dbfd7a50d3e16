//! The readable map format (`maps/*.ron`) and its rasterisation into the engine's grid.
//!
//! A map file describes the ground the way a person reads a map: named places at their
//! real coordinates, areas (towns, woods, reservoirs), lines (roads, railways, rivers,
//! tree lines) and the area each side holds. Every layer is given in latitude/longitude,
//! so it can be checked against a real map; the loader projects and rasterises it.

use serde::Deserialize;

use crate::sim::bounds::{within, Bound, Bounded, OutOfRange, FREE, GROUP};
use crate::sim::map::{feature, Cell, Map, Place, Projection, Side, Terrain};

/// A point on the ground: coordinates, or the name of a place in the same file.
#[derive(Clone, Debug, Deserialize)]
pub enum Point {
    /// Latitude, longitude in degrees.
    P(f64, f64),
    /// The position of a place listed in `places`.
    At(String),
}

/// A coordinate's latitude and longitude are degrees (a place name is checked on the map).
impl Bounded for Point {
    fn check(&self, key: &str, _: Bound, out: &mut Vec<OutOfRange>) {
        if let Point::P(lat, lon) = self {
            lat.check(key, within(-90.0, 90.0), out);
            lon.check(key, within(-180.0, 180.0), out);
        }
    }
    fn keys(_: &str, _: Bound, _: &mut Vec<(String, Bound)>) {}
}

/// A disc's radius is at most 100 km; a polygon's corners are coordinates.
impl Bounded for Shape {
    fn check(&self, key: &str, _: Bound, out: &mut Vec<OutOfRange>) {
        match self {
            Shape::Circle { center, radius_km } => {
                center.check(&format!("{key}.center"), GROUP, out);
                radius_km.check(&format!("{key}.radius_km"), within(0.0, 100.0), out);
            }
            Shape::Polygon(points) => points.check(key, GROUP, out),
        }
    }
    fn keys(key: &str, _: Bound, out: &mut Vec<(String, Bound)>) {
        out.push((format!("{key}.radius_km"), within(0.0, 100.0)));
    }
}

crate::unbounded!(LineKind);

/// An area on the ground.
#[derive(Clone, Debug, Deserialize)]
pub enum Shape {
    /// A disc around a point.
    Circle { center: Point, radius_km: f64 },
    /// A polygon (closed automatically), points in order around its edge.
    Polygon(Vec<Point>),
}

crate::bounded! {
    #[derive(Clone, Debug, Deserialize)]
    pub struct PlaceDef {
        pub name: String [FREE],
        pub lat: f64 [within(-90.0, 90.0)],
        pub lon: f64 [within(-180.0, 180.0)],
        #[serde(default)]
        pub population: u32 [within(0.0, 100_000_000.0)],
        /// Radius of the built-up area in km; 0 draws no urban area (the place is still named).
        #[serde(default)]
        pub urban_km: f64 [within(0.0, 50.0)],
        /// True for places positioned from a description rather than a surveyed coordinate.
        #[serde(default)]
        pub approximate: bool [FREE],
        /// Where the coordinate comes from.
        #[serde(default)]
        pub source: String [FREE],
    }
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
pub enum LineKind {
    Highway,
    Road,
    Rail,
    River,
    Treeline,
}

crate::bounded! {
    #[derive(Clone, Debug, Deserialize)]
    pub struct LineDef {
        pub kind: LineKind [FREE],
        #[serde(default)]
        pub name: String [FREE],
        pub points: Vec<Point> [GROUP],
    }
}

crate::bounded! {
    #[derive(Clone, Debug, Deserialize)]
    pub struct AreaDef {
        pub terrain: Terrain [FREE],
        #[serde(default)]
        pub name: String [FREE],
        pub shape: Shape [GROUP],
    }
}

crate::bounded! {
    #[derive(Clone, Debug, Deserialize)]
    pub struct SpoilHeapDef {
        pub name: String [FREE],
        pub at: Point [GROUP],
    }
}

crate::bounded! {
    #[derive(Clone, Debug, Deserialize)]
    pub struct ControlDef {
        /// The side holding every cell not inside `areas`.
        pub default: Side [FREE],
        /// Areas held by the other side at the start.
        pub areas: Vec<Shape> [GROUP],
    }
}

crate::bounded! {
    #[derive(Clone, Debug, Deserialize)]
    pub struct MapFile {
        pub id: String [FREE],
        pub title: String [FREE],
        pub cell_km: f64 [within(0.1, 50.0)],
        pub projection: Projection [GROUP],
        pub width: i16 [within(4.0, MAX_MAP_SIDE as f64)],
        pub height: i16 [within(4.0, MAX_MAP_SIDE as f64)],
        /// Terrain of every cell no area covers.
        pub base: Terrain [FREE],
        #[serde(default)]
        pub places: Vec<PlaceDef> [GROUP],
        /// Areas are painted in order: later areas overwrite earlier ones (towns go last).
        #[serde(default)]
        pub areas: Vec<AreaDef> [GROUP],
        #[serde(default)]
        pub lines: Vec<LineDef> [GROUP],
        #[serde(default)]
        pub spoil_heaps: Vec<SpoilHeapDef> [GROUP],
        pub control: ControlDef [GROUP],
    }
}

/// The largest map the loader accepts, in cells per side.
pub const MAX_MAP_SIDE: i16 = 400;

/// The most points a map file may give in all (places, corners of areas, points of lines,
/// spoil heaps); the shipped maps have a few hundred. Checked before anything is rasterised,
/// so a file of a million points is refused at once rather than drawn for minutes.
pub const MAX_MAP_POINTS: usize = 100_000;

impl MapFile {
    fn resolve(&self, p: &Point) -> Result<(f64, f64), String> {
        match p {
            Point::P(lat, lon) => Ok((*lat, *lon)),
            Point::At(name) => self
                .places
                .iter()
                .find(|pl| pl.name == *name)
                .map(|pl| (pl.lat, pl.lon))
                .ok_or_else(|| format!("At(\"{name}\") names no place in `places`")),
        }
    }

    fn xy(&self, p: &Point) -> Result<(f64, f64), String> {
        let (lat, lon) = self.resolve(p)?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(format!("coordinate ({lat}, {lon}) is not a latitude/longitude"));
        }
        Ok(self.projection.project(lat, lon, self.cell_km))
    }

    /// Every point the file gives.
    fn points(&self) -> usize {
        let shape = |s: &Shape| match s {
            Shape::Circle { .. } => 1,
            Shape::Polygon(p) => p.len(),
        };
        self.places.len()
            + self.areas.iter().map(|a| shape(&a.shape)).sum::<usize>()
            + self.lines.iter().map(|l| l.points.len()).sum::<usize>()
            + self.spoil_heaps.len()
            + self.control.areas.iter().map(shape).sum::<usize>()
    }

    /// Checks the file's consistency and rasterises it. Errors name the item at fault.
    pub fn build(&self) -> Result<Map, String> {
        let points = self.points();
        if points > MAX_MAP_POINTS {
            return Err(format!(
                "map: {points} points in all (places, corners, line points); the limit is {MAX_MAP_POINTS} (oversized maps are refused)"
            ));
        }
        if !(self.cell_km > 0.0 && self.cell_km <= 50.0) {
            return Err(format!("cell_km: expected a size in km between 0 and 50, found {}", self.cell_km));
        }
        if self.width < 4 || self.height < 4 || self.width > MAX_MAP_SIDE || self.height > MAX_MAP_SIDE {
            return Err(format!(
                "width/height: expected 4..={MAX_MAP_SIDE} cells each, found {}x{} (oversized maps are refused)",
                self.width, self.height
            ));
        }
        if self.base == Terrain::Water {
            return Err("base: a map cannot be all water".into());
        }
        let n = self.width as usize * self.height as usize;
        let mut map = Map {
            id: self.id.clone(),
            title: self.title.clone(),
            cell_km: self.cell_km,
            width: self.width,
            height: self.height,
            terrain: vec![self.base; n],
            features: vec![0; n],
            places: Vec::new(),
            initial_control: vec![self.control.default; n],
            projection: self.projection,
        };
        let mut seen = std::collections::BTreeSet::new();
        for (i, a) in self.areas.iter().enumerate() {
            let what = format!("areas[{i}] ({})", a.name);
            let cells = self.shape_cells(&a.shape, &map).map_err(|e| format!("{what}: {e}"))?;
            for c in cells {
                let k = map.idx(c);
                map.terrain[k] = a.terrain;
            }
        }
        for (i, p) in self.places.iter().enumerate() {
            if !seen.insert(p.name.clone()) {
                return Err(format!("places[{i}] ({}): the name is listed twice", p.name));
            }
            let c = self.projection.cell(p.lat, p.lon, self.cell_km);
            if !map.in_bounds(c) {
                return Err(format!(
                    "places[{i}] ({}): ({}, {}) projects to cell {c}, outside the {}x{} map",
                    p.name, p.lat, p.lon, self.width, self.height
                ));
            }
            if p.urban_km > 0.0 {
                let shape = Shape::Circle { center: Point::P(p.lat, p.lon), radius_km: p.urban_km };
                for c in self.shape_cells(&shape, &map)? {
                    let k = map.idx(c);
                    map.terrain[k] = Terrain::Urban;
                }
            }
            let k = map.idx(c);
            if map.terrain[k] == Terrain::Water {
                return Err(format!("places[{i}] ({}): lies in water at cell {c}", p.name));
            }
            map.places.push(Place {
                name: p.name.clone(),
                lat: p.lat,
                lon: p.lon,
                cell: c,
                population: p.population,
                approximate: p.approximate,
                urban_km: p.urban_km,
            });
        }
        for (i, l) in self.lines.iter().enumerate() {
            let what = format!("lines[{i}] ({:?} {})", l.kind, l.name);
            if l.points.len() < 2 {
                return Err(format!("{what}: expected at least two points"));
            }
            let bit = match l.kind {
                LineKind::Highway => feature::HIGHWAY,
                LineKind::Road => feature::ROAD,
                LineKind::Rail => feature::RAIL,
                LineKind::River => feature::RIVER,
                LineKind::Treeline => feature::TREELINE,
            };
            let pts: Vec<(f64, f64)> =
                l.points.iter().map(|p| self.xy(p)).collect::<Result<_, _>>().map_err(|e| format!("{what}: {e}"))?;
            for w in pts.windows(2) {
                let Some((a, b)) = on_map(w[0], w[1], map.width, map.height) else { continue };
                for c in line_cells(a, b) {
                    if map.in_bounds(c) {
                        let k = map.idx(c);
                        map.features[k] |= bit;
                    }
                }
            }
        }
        for (i, s) in self.spoil_heaps.iter().enumerate() {
            let (x, y) = self.xy(&s.at).map_err(|e| format!("spoil_heaps[{i}] ({}): {e}", s.name))?;
            let c = Cell::new(libm::floor(x) as i16, libm::floor(y) as i16);
            if !map.in_bounds(c) {
                return Err(format!("spoil_heaps[{i}] ({}): outside the map at {c}", s.name));
            }
            let k = map.idx(c);
            map.features[k] |= feature::SPOIL_HEAP;
        }
        let other = self.control.default.other();
        for (i, s) in self.control.areas.iter().enumerate() {
            for c in self.shape_cells(s, &map).map_err(|e| format!("control.areas[{i}]: {e}"))? {
                let k = map.idx(c);
                map.initial_control[k] = other;
            }
        }
        Ok(map)
    }

    /// Cells whose centres fall inside a shape, clipped to the map.
    fn shape_cells(&self, s: &Shape, map: &Map) -> Result<Vec<Cell>, String> {
        let mut out = Vec::new();
        match s {
            Shape::Circle { center, radius_km } => {
                if !(*radius_km >= 0.0 && *radius_km <= 100.0) {
                    return Err(format!("radius_km: expected 0..=100, found {radius_km}"));
                }
                let (cx, cy) = self.xy(center)?;
                let r = radius_km / self.cell_km;
                // Always include the centre cell, so a small town still gets its block.
                let centre = Cell::new(libm::floor(cx) as i16, libm::floor(cy) as i16);
                if r > 0.0 && map.in_bounds(centre) {
                    out.push(centre);
                }
                let r2 = r * r;
                // Only the disc's bounding box can hold cells of it (the same cells, found
                // without visiting the whole map for every town).
                let span = |c: f64, n: i16| -> (i16, i16) {
                    let lo = libm::floor(c - r - 1.0).clamp(0.0, n as f64) as i16;
                    let hi = libm::ceil(c + r + 1.0).clamp(0.0, n as f64) as i16;
                    (lo, hi)
                };
                let ((x0, x1), (y0, y1)) = (span(cx, map.width), span(cy, map.height));
                for y in y0..y1 {
                    for x in x0..x1 {
                        let dx = x as f64 + 0.5 - cx;
                        let dy = y as f64 + 0.5 - cy;
                        if dx * dx + dy * dy <= r2 && Cell::new(x, y) != centre {
                            out.push(Cell::new(x, y));
                        }
                    }
                }
            }
            Shape::Polygon(pts) => {
                if pts.len() < 3 {
                    return Err("a polygon needs at least three points".into());
                }
                let poly: Vec<(f64, f64)> = pts.iter().map(|p| self.xy(p)).collect::<Result<_, _>>()?;
                let mut crossings = Vec::new();
                for y in 0..map.height {
                    row_crossings(y as f64 + 0.5, &poly, &mut crossings);
                    for x in 0..map.width {
                        if inside_row(x as f64 + 0.5, &crossings) {
                            out.push(Cell::new(x, y));
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Where the polygon's edges cross the row at height `py`, sorted: the even-odd rule's
/// crossings, computed once per row instead of once per cell (the same expression as the
/// point test it replaces, so the same cells are inside).
fn row_crossings(py: f64, poly: &[(f64, f64)], out: &mut Vec<f64>) {
    out.clear();
    let mut j = poly.len() - 1;
    for i in 0..poly.len() {
        let (xi, yi) = poly[i];
        let (xj, yj) = poly[j];
        if (yi > py) != (yj > py) {
            out.push((xj - xi) * (py - yi) / (yj - yi) + xi);
        }
        j = i;
    }
    out.sort_by(f64::total_cmp);
}

/// Even-odd rule: a point of the row is inside when an odd number of crossings lie to its right.
fn inside_row(px: f64, crossings: &[f64]) -> bool {
    let right = crossings.len() - crossings.partition_point(|c| *c <= px);
    right % 2 == 1
}

/// The part of segment `a`–`b` inside the rectangle `[lo, hi]` on both axes (Liang–Barsky),
/// or None if it misses it.
fn clip(a: (f64, f64), b: (f64, f64), lo: (f64, f64), hi: (f64, f64)) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - lo.0), (dx, hi.0 - a.0), (-dy, a.1 - lo.1), (dy, hi.1 - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some(((a.0 + dx * t0, a.1 + dy * t0), (a.0 + dx * t1, a.1 + dy * t1)))
}

/// A map's line segment ready to be stepped along: as given unless it is longer than four
/// times the map's width and height together and leaves the map, when it is cut to the map
/// and a margin of two cells (so a road to a point half the world away costs steps for the
/// cells it crosses, not for the whole distance; segments of a real map are never cut, so
/// they rasterise as they always did). None if it misses the map.
fn on_map(a: (f64, f64), b: (f64, f64), w: i16, h: i16) -> Option<((f64, f64), (f64, f64))> {
    let (lo, hi) = ((-2.0, -2.0), (w as f64 + 2.0, h as f64 + 2.0));
    let near = |p: (f64, f64)| p.0 >= lo.0 && p.0 <= hi.0 && p.1 >= lo.1 && p.1 <= hi.1;
    let long = libm::fabs(b.0 - a.0).max(libm::fabs(b.1 - a.1)) > 4.0 * (w as f64 + h as f64);
    if !long || (near(a) && near(b)) {
        Some((a, b))
    } else {
        clip(a, b, lo, hi)
    }
}

/// Cells a straight segment passes through, 4-connected so a road never skips a corner.
fn line_cells(a: (f64, f64), b: (f64, f64)) -> Vec<Cell> {
    let mut out = Vec::new();
    let steps = (libm::fabs(b.0 - a.0).max(libm::fabs(b.1 - a.1)) * 4.0).ceil().max(1.0) as i32;
    let mut last: Option<Cell> = None;
    for s in 0..=steps {
        let t = s as f64 / steps as f64;
        let x = a.0 + (b.0 - a.0) * t;
        let y = a.1 + (b.1 - a.1) * t;
        let c = Cell::new(libm::floor(x) as i16, libm::floor(y) as i16);
        if let Some(p) = last {
            if p == c {
                continue;
            }
            if p.x != c.x && p.y != c.y {
                // Fill the corner so the line is 4-connected.
                out.push(Cell::new(c.x, p.y));
            }
        }
        out.push(c);
        last = Some(c);
    }
    out
}

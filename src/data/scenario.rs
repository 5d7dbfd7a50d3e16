//! The scenario format (`scenarios/*.ron`): briefing, sides, deployments by place or along
//! the front, objectives, and its sources. `resolve` turns it into the engine's `Scenario`
//! on a given map, reporting any inconsistency with the item at fault.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::annotation::{self, AnnotationFile};
use super::event::{self, EventFile, EventKind};
use super::mapfile::Point;
use super::LoadError;
use crate::bounded;
use crate::sim::bounds::{within, Bound, Bounded, OutOfRange, DAYS, FREE, GROUP};
use crate::sim::map::{Cell, Map, Side};
use crate::sim::rules::{UnitBook, UnitKind};
use crate::sim::scenario::{
    Aid, Edge, Lesson, LessonOverlay, Objective, Scale, Scenario, SideSetup, UnitSpawn, Victory,
};

crate::unbounded!(AnnotationFile);

/// Most units a scenario may place (oversized inputs are refused).
pub const MAX_UNITS: u32 = 20_000;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SideFile {
    pub manpower_pool: u32,
    /// Front-wide recruits per day, or per month (give one).
    #[serde(default)]
    pub recruits_per_day: Option<f64>,
    #[serde(default)]
    pub recruits_per_month: Option<f64>,
    pub drones: u32,
    pub drones_per_day: f64,
    pub shells: u32,
    pub shells_per_day: f64,
    pub armor: u32,
    pub armor_per_day: f64,
    /// Front-wide glide bombs a day.
    #[serde(default)]
    pub glide_bombs_per_day: f64,
    /// The grouping's soldiers in the rear, not placed as units (see `sim::scenario::SideSetup`).
    #[serde(default)]
    pub rear: u32,
    pub will: f64,
    /// Edges held at the start: (edge, day gained; negative = before the game).
    #[serde(default)]
    pub edges: Vec<(Edge, i32)>,
    pub supply_entries: Vec<Point>,
}

/// A side's numbers have their ranges where the engine defines them (`SideSetup`); a file's
/// `recruits_per_month` is checked as the daily figure it gives.
impl Bounded for SideFile {
    fn check(&self, key: &str, _: Bound, out: &mut Vec<OutOfRange>) {
        let recruits = self.recruits_per_day.or(self.recruits_per_month.map(|m| m / 30.0)).unwrap_or(0.0);
        let as_setup = SideSetup {
            manpower_pool: self.manpower_pool,
            recruits_per_day: recruits,
            drones: self.drones,
            drones_per_day: self.drones_per_day,
            shells: self.shells,
            shells_per_day: self.shells_per_day,
            armor: self.armor,
            armor_per_day: self.armor_per_day,
            glide_bombs_per_day: self.glide_bombs_per_day,
            rear: self.rear,
            will: self.will,
            edges: self.edges.clone(),
            supply_entries: Vec::new(),
        };
        let mut found = Vec::new();
        as_setup.check(key, GROUP, &mut found);
        for mut e in found {
            if self.recruits_per_day.is_none() && e.key.ends_with(".recruits_per_day") {
                e.key = format!("{key}.recruits_per_month");
                e.value = format!("{} a month ({} a day)", self.recruits_per_month.unwrap_or(0.0), e.value);
            }
            out.push(e);
        }
        for (i, p) in self.supply_entries.iter().enumerate() {
            p.check(&format!("{key}.supply_entries[{i}]"), GROUP, out);
        }
    }
    fn keys(key: &str, b: Bound, out: &mut Vec<(String, Bound)>) {
        SideSetup::keys(key, b, out);
    }
}

/// How far from its point a group may spread, and how deep behind the front it may stand.
const SPREAD: Bound = within(0.0, 50.0);
const DEPTH: Bound = within(0.0, 60.0);

impl Bounded for Placement {
    fn check(&self, key: &str, _: Bound, out: &mut Vec<OutOfRange>) {
        match self {
            Placement::Near { at, spread } => {
                at.check(&format!("{key}.at"), GROUP, out);
                spread.check(&format!("{key}.spread"), SPREAD, out);
            }
            Placement::Front { from, to, depth } => {
                from.check(&format!("{key}.from"), GROUP, out);
                to.check(&format!("{key}.to"), GROUP, out);
                depth.check(&format!("{key}.depth"), DEPTH, out);
            }
            Placement::OffMap => {}
        }
    }
    fn keys(key: &str, _: Bound, out: &mut Vec<(String, Bound)>) {
        out.push((format!("{key}.spread"), SPREAD));
        out.push((format!("{key}.depth"), DEPTH));
    }
}

/// Where a deployment group goes.
#[derive(Clone, Debug, Deserialize)]
pub enum Placement {
    /// Around a point, within `spread` cells, on ground the side holds.
    Near { at: Point, spread: i32 },
    /// Evenly along the side's own front line between two points, `depth` cells behind it
    /// (0 = on the line itself).
    Front { from: Point, to: Point, depth: i32 },
    /// Off the map, as a reserve to be committed.
    OffMap,
}

bounded! {
    #[derive(Clone, Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Deploy {
        pub side: Side [FREE],
        pub unit: String [FREE],
        #[serde(default = "one")]
        pub count: u32 [within(1.0, MAX_UNITS as f64)],
        pub place: Placement [GROUP],
        #[serde(default)]
        pub label: Option<String> [FREE],
    }
}

fn one() -> u32 {
    1
}

bounded! {
    #[derive(Clone, Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ObjectiveFile {
        pub place: String [FREE],
        pub points: u32 [within(0.0, 10_000.0)],
    }
}

bounded! {
    /// One step of a guided lesson (the `tutorial` scenario): shown in the interface when its day
    /// begins, with the map centred on `focus` and `overlay` switched on.
    #[derive(Clone, Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct LessonFile {
        /// The day it is shown on: 1 is the first day planned, up to the turn limit.
        pub day: u32 [DAYS],
        pub title: String [FREE],
        pub text: String [FREE],
        /// Where to centre the map.
        #[serde(default)]
        pub focus: Option<Point> [GROUP],
        /// An overlay to switch on: coverage (the player's own drones), enemy_coverage, ru_coverage,
        /// ua_coverage, supply, detection, control, or off.
        #[serde(default)]
        pub overlay: Option<String> [FREE],
        /// Shown only to this side's player; both when absent.
        #[serde(default)]
        pub side: Option<Side> [FREE],
    }
}

/// Longest lesson text accepted (characters).
pub const MAX_LESSON_CHARS: usize = 4000;

bounded! {
    #[derive(Clone, Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct ScenarioFile {
        pub id: String [FREE],
        pub title: String [FREE],
        pub briefing: String [FREE],
        pub map: String [FREE],
        pub start_date: String [FREE],
        pub turn_limit: u32 [within(1.0, 2000.0)],
        pub aid: Aid [FREE],
        /// The share of the front the scenario stands for (see `sim::scenario::Scale`).
        pub scale: Scale [GROUP],
        #[serde(default)]
        pub sources: Vec<String> [FREE],
        pub ru: SideFile [GROUP],
        pub ua: SideFile [GROUP],
        pub deploy: Vec<Deploy> [GROUP],
        pub objectives: Vec<ObjectiveFile> [GROUP],
        pub victory: Victory [GROUP],
        /// Lesson steps for a guided scenario, in the order shown; none for the others.
        #[serde(default)]
        pub lessons: Vec<LessonFile> [GROUP],
        /// Instructors' notes shown in the replay viewer on their day (see `data::annotation`).
        #[serde(default)]
        pub annotations: Vec<AnnotationFile> [FREE],
        /// Scripted events, each at the start of its day (see `data::event`).
        #[serde(default)]
        pub events: Vec<EventFile> [GROUP],
    }
}

fn resolve_point(map: &Map, p: &Point) -> Result<Cell, String> {
    match p {
        Point::At(name) => map
            .place(name)
            .map(|pl| pl.cell)
            .ok_or_else(|| format!("At(\"{name}\") names no place on map `{}`", map.id)),
        Point::P(lat, lon) => {
            let c = map.projection.cell(*lat, *lon, map.cell_km);
            if map.in_bounds(c) {
                Ok(c)
            } else {
                Err(format!("P({lat}, {lon}) lies off map `{}` (cell {c})", map.id))
            }
        }
    }
}

/// A calendar date written `YYYY-MM-DD` (year 1900–2200), as (year, month, day); None for
/// anything else, such as `2025-13-45` or `27 May 2025`.
pub fn parse_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1900..=2200).contains(&y) && (1..=days).contains(&d)).then_some((y, m, d))
}

impl ScenarioFile {
    /// The engine's scenario on `map`, or every error found (a `LoadError::Many` for more than
    /// one), each naming the item at fault (`deploy[3] (ru assault_team)`, `objectives[0] (X)`)
    /// so the caller can point at it in the text (`data::locate_errors`).
    pub fn resolve(&self, file: &str, map: &Map, units: &UnitBook) -> Result<Scenario, LoadError> {
        let bad = |item: String, msg: String| LoadError::invalid(file, item, msg);
        let mut errs: Vec<LoadError> = Vec::new();
        // Every number in its range (`load_scenario` points at them in the text; this also
        // catches what `--set` changed). The checks below clamp what they use, so they go on.
        for e in self.out_of_range() {
            errs.push(bad(
                e.key,
                format!("{} is outside its range {}", e.value, crate::sim::bounds::range(e.lo, e.hi)),
            ));
        }
        if parse_date(&self.start_date).is_none() {
            errs.push(bad(
                "start_date".into(),
                format!(
                    "`{}` is not a date: expected YYYY-MM-DD (a month 01–12, a day that month has), such as 2025-05-27",
                    self.start_date
                ),
            ));
        }
        let mut side_setup = |s: &SideFile, name: &str| -> SideSetup {
            let per_day = match (s.recruits_per_day, s.recruits_per_month) {
                (Some(d), None) => d,
                (None, Some(m)) => m / 30.0,
                _ => {
                    errs.push(bad(name.into(), "give exactly one of recruits_per_day or recruits_per_month".into()));
                    0.0
                }
            };
            // Recruits and will have their ranges (`SideSetup`), reported above.
            let mut entries = Vec::new();
            for (i, p) in s.supply_entries.iter().enumerate() {
                match resolve_point(map, p) {
                    Ok(c) => entries.push((i, c)),
                    Err(m) => errs.push(bad(format!("{name}.supply_entries[{i}]"), m)),
                }
            }
            if s.supply_entries.is_empty() {
                errs.push(bad(format!("{name}.supply_entries"), "a side needs at least one supply entry".into()));
            }
            let side = if name == "ru" { Side::Ru } else { Side::Ua };
            for (i, c) in &entries {
                if map.initial_control[map.idx(*c)] != side {
                    errs.push(bad(
                        format!("{name}.supply_entries[{i}]"),
                        format!("cell {c} is not held by {} at the start", side.name()),
                    ));
                }
            }
            SideSetup {
                manpower_pool: s.manpower_pool,
                recruits_per_day: per_day,
                drones: s.drones,
                drones_per_day: s.drones_per_day,
                shells: s.shells,
                shells_per_day: s.shells_per_day,
                armor: s.armor,
                armor_per_day: s.armor_per_day,
                glide_bombs_per_day: s.glide_bombs_per_day,
                rear: s.rear,
                will: s.will,
                edges: s.edges.clone(),
                supply_entries: entries.into_iter().map(|(_, c)| c).collect(),
            }
        };
        let ru = side_setup(&self.ru, "ru");
        let ua = side_setup(&self.ua, "ua");
        let arriving: u64 = self
            .events
            .iter()
            .map(|e| match &e.event {
                EventKind::Arrive { count, .. } => *count as u64,
                EventKind::CutRoad { .. } => 0,
            })
            .sum();
        let total: u64 = self.deploy.iter().map(|d| d.count as u64).sum::<u64>() + arriving;
        if total > MAX_UNITS as u64 {
            // Refused before any unit is placed: oversized inputs never reach memory.
            errs.push(bad(
                "deploy".into(),
                format!("{total} units; the limit is {MAX_UNITS} (oversized inputs are refused)"),
            ));
            return Err(LoadError::all(errs).expect("at least one"));
        }
        // Steps from every cell to ground the other side holds (0 on enemy cells).
        let dist = Side::BOTH.map(|s| map.steps_from(|i| map.initial_control[i] != s));
        let mut spawns = Vec::new();
        for (i, d) in self.deploy.iter().enumerate() {
            let item = format!("deploy[{i}] ({} {})", d.side, d.unit);
            match self.place_group(map, units, d, &dist) {
                Ok(cells) => {
                    for (k, cell) in cells.into_iter().enumerate() {
                        spawns.push(UnitSpawn {
                            side: d.side,
                            template: d.unit.clone(),
                            cell,
                            personnel: None,
                            task: None,
                            label: d
                                .label
                                .as_ref()
                                .map(|l| if d.count > 1 { format!("{l} {}", k + 1) } else { l.clone() }),
                        });
                    }
                }
                Err((field, msg)) => errs.push(bad(format!("{item}{field}"), msg)),
            }
        }
        let mut objectives = Vec::new();
        let mut names = BTreeSet::new();
        for (i, o) in self.objectives.iter().enumerate() {
            let item = format!("objectives[{i}] ({})", o.place);
            let Some(p) = map.place(&o.place) else {
                errs.push(bad(
                    format!("{item}.place"),
                    format!(
                        "no place `{}` on map `{}` (`attrition map {}` lists every place)",
                        o.place, map.id, map.id
                    ),
                ));
                continue;
            };
            if !names.insert(o.place.clone()) {
                errs.push(bad(format!("{item}.place"), "listed twice".into()));
                continue;
            }
            let r = p.urban_km / map.cell_km;
            let (cx, cy) = map.projection.project(p.lat, p.lon, map.cell_km);
            let mut cells: Vec<Cell> = (0..map.len())
                .map(|k| map.cell_at(k))
                .filter(|c| {
                    let (dx, dy) = (c.x as f64 + 0.5 - cx, c.y as f64 + 0.5 - cy);
                    *c != p.cell && dx * dx + dy * dy <= r * r && map.passable(*c)
                })
                .collect();
            cells.insert(0, p.cell);
            objectives.push(Objective { name: p.name.clone(), cell: p.cell, cells, points: o.points });
        }
        let total: u32 = self.objectives.iter().map(|o| o.points).sum();
        if self.victory.ru_points_to_win > total {
            errs.push(bad(
                "victory.ru_points_to_win".into(),
                format!(
                    "ru_points_to_win {} exceeds the {total} points of all objectives",
                    self.victory.ru_points_to_win
                ),
            ));
        }
        if self.victory.ua_wins_below > self.victory.ru_points_to_win {
            errs.push(bad("victory.ua_wins_below".into(), "ua_wins_below must not exceed ru_points_to_win".into()));
        }
        let mut lessons = Vec::new();
        for (i, l) in self.lessons.iter().enumerate() {
            let item = format!("lessons[{i}] ({})", l.title);
            match self.lesson(map, l) {
                Ok(lesson) => lessons.push(lesson),
                Err((field, msg)) => errs.push(bad(format!("{item}{field}"), msg)),
            }
        }
        let days_are = format!("turn_limit is {}", self.turn_limit);
        let annotations = match annotation::resolve_all(&self.annotations, map, self.turn_limit, &days_are) {
            Ok(a) => a,
            Err(faults) => {
                errs.extend(faults.into_iter().map(|f| bad(f.item(), f.msg)));
                Vec::new()
            }
        };
        let events = match event::resolve_all(file, &self.events, map, units, self.turn_limit) {
            Ok(v) => v,
            Err(faults) => {
                errs.extend(faults);
                Vec::new()
            }
        };
        if let Some(e) = LoadError::all(errs) {
            return Err(e);
        }
        Ok(Scenario {
            id: self.id.clone(),
            title: self.title.clone(),
            briefing: self.briefing.clone(),
            start_date: self.start_date.clone(),
            turn_limit: self.turn_limit,
            aid: self.aid,
            scale: self.scale,
            ru,
            ua,
            units: spawns,
            objectives,
            victory: self.victory.clone(),
            sources: self.sources.clone(),
            lessons,
            annotations,
            events,
        })
    }

    /// The cells of one deployment group (None: off the map), or the field at fault (`""` for
    /// the group itself, `.unit`, `.place`) and why.
    fn place_group(
        &self,
        map: &Map,
        units: &UnitBook,
        d: &Deploy,
        dist: &[Vec<i16>; 2],
    ) -> Result<Vec<Option<Cell>>, (&'static str, String)> {
        let Some(t) = units.get(&d.unit) else {
            let ids: Vec<&str> = units.keys().map(|k| k.as_str()).collect();
            return Err((".unit", format!("unknown unit type `{}`; expected one of: {}", d.unit, ids.join(", "))));
        };
        if d.count == 0 {
            return Err((".count", "count must be at least 1".into()));
        }
        match &d.place {
            Placement::OffMap => {
                if t.kind != UnitKind::Reserve {
                    return Err((
                        ".place",
                        format!("only reserves can start off the map; `{}` is a {}", d.unit, t.kind.name()),
                    ));
                }
                Ok(vec![None; d.count as usize])
            }
            Placement::Near { at, spread } => {
                let c = resolve_point(map, at).map_err(|m| (".place", m))?;
                let spread = (*spread).clamp(0, 50);
                let mut options: Vec<Cell> = (-spread..=spread)
                    .flat_map(|dy| (-spread..=spread).map(move |dx| (dx, dy)))
                    .map(|(dx, dy)| Cell::new(c.x + dx as i16, c.y + dy as i16))
                    .filter(|n| map.passable(*n) && map.initial_control[map.idx(*n)] == d.side)
                    .collect();
                if options.is_empty() {
                    return Err((".place", format!("no cell held by {} within {spread} cells of {c}", d.side.name())));
                }
                options.sort_by_key(|n| (n.dist2(c), *n));
                Ok((0..d.count as usize).map(|k| Some(options[k % options.len()])).collect())
            }
            Placement::Front { from, to, depth } => {
                let a = resolve_point(map, from).map_err(|m| (".place", m))?;
                let b = resolve_point(map, to).map_err(|m| (".place", m))?;
                let want = (*depth).clamp(0, 60) + 1;
                let dd = &dist[d.side.index()];
                let (ax, ay, bx, by) = (a.x as f64, a.y as f64, b.x as f64, b.y as f64);
                let len2 = ((bx - ax).powi(2) + (by - ay).powi(2)).max(1.0);
                let corridor = 10.0 + want as f64;
                let mut line: Vec<(f64, Cell)> = (0..map.len())
                    .filter(|k| dd[*k] as i32 == want && map.terrain[*k] != crate::sim::map::Terrain::Water)
                    .filter_map(|k| {
                        let c = map.cell_at(k);
                        let t = ((c.x as f64 - ax) * (bx - ax) + (c.y as f64 - ay) * (by - ay)) / len2;
                        let px = ax + t * (bx - ax);
                        let py = ay + t * (by - ay);
                        let off = ((c.x as f64 - px).powi(2) + (c.y as f64 - py).powi(2)).sqrt();
                        ((0.0..=1.0).contains(&t) && off <= corridor).then_some((t, c))
                    })
                    .collect();
                if line.is_empty() {
                    return Err((
                        ".place",
                        format!("no {} front cells {} deep between {a} and {b}", d.side.name(), want - 1),
                    ));
                }
                line.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
                let n = d.count as usize;
                Ok((0..n)
                    .map(|k| {
                        let idx = ((k as f64 + 0.5) * line.len() as f64 / n as f64) as usize;
                        Some(line[idx.min(line.len() - 1)].1)
                    })
                    .collect())
            }
        }
    }

    /// One lesson step, or the field at fault (`""`, `.day`, `.focus`, `.overlay`) and why.
    fn lesson(&self, map: &Map, l: &LessonFile) -> Result<Lesson, (&'static str, String)> {
        if l.day == 0 || l.day > self.turn_limit {
            return Err((
                ".day",
                format!(
                    "day {} is outside the game: expected 1..={} (day 1 is the first day planned; turn_limit is {})",
                    l.day, self.turn_limit, self.turn_limit
                ),
            ));
        }
        if l.title.trim().is_empty() || l.text.trim().is_empty() {
            return Err(("", "a lesson needs a title and a text".into()));
        }
        if l.text.chars().count() > MAX_LESSON_CHARS || l.title.chars().count() > 120 {
            return Err(("", format!("too long: at most 120 characters of title and {MAX_LESSON_CHARS} of text")));
        }
        let focus = match &l.focus {
            Some(p) => Some(resolve_point(map, p).map_err(|m| (".focus", m))?),
            None => None,
        };
        let overlay = match &l.overlay {
            Some(name) => Some(LessonOverlay::parse(name).ok_or_else(|| {
                let names: Vec<&str> = LessonOverlay::NAMES.iter().map(|(n, _)| *n).collect();
                (".overlay", format!("unknown overlay `{name}`; expected one of: {}", names.join(", ")))
            })?),
            None => None,
        };
        Ok(Lesson { day: l.day, title: l.title.clone(), text: l.text.clone(), focus, overlay, side: l.side })
    }
}

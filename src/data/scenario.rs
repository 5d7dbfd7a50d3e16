//! The scenario format (`scenarios/*.ron`): briefing, sides, deployments by place or along
//! the front, objectives, and its sources. `resolve` turns it into the engine's `Scenario`
//! on a given map, reporting any inconsistency with the item at fault.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::annotation::{self, AnnotationFile};
use super::mapfile::Point;
use super::LoadError;
use crate::sim::map::{Cell, Map, Side};
use crate::sim::rules::{UnitBook, UnitKind};
use crate::sim::scenario::{Aid, Edge, Scale, Lesson, LessonOverlay, Objective, Scenario, SideSetup, UnitSpawn, Victory};

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

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deploy {
    pub side: Side,
    pub unit: String,
    #[serde(default = "one")]
    pub count: u32,
    pub place: Placement,
    #[serde(default)]
    pub label: Option<String>,
}

fn one() -> u32 {
    1
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveFile {
    pub place: String,
    pub points: u32,
}

/// One step of a guided lesson (the `tutorial` scenario): shown in the interface when its day
/// begins, with the map centred on `focus` and `overlay` switched on.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonFile {
    /// The day it is shown on: 1 is the first day planned, up to the turn limit.
    pub day: u32,
    pub title: String,
    pub text: String,
    /// Where to centre the map.
    #[serde(default)]
    pub focus: Option<Point>,
    /// An overlay to switch on: coverage (the player's own drones), enemy_coverage, ru_coverage,
    /// ua_coverage, supply, detection, control, or off.
    #[serde(default)]
    pub overlay: Option<String>,
    /// Shown only to this side's player; both when absent.
    #[serde(default)]
    pub side: Option<Side>,
}

/// Longest lesson text accepted (characters).
pub const MAX_LESSON_CHARS: usize = 4000;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    pub id: String,
    pub title: String,
    pub briefing: String,
    pub map: String,
    pub start_date: String,
    pub turn_limit: u32,
    pub aid: Aid,
    /// The share of the front the scenario stands for (see `sim::scenario::Scale`).
    pub scale: Scale,
    #[serde(default)]
    pub sources: Vec<String>,
    pub ru: SideFile,
    pub ua: SideFile,
    pub deploy: Vec<Deploy>,
    pub objectives: Vec<ObjectiveFile>,
    pub victory: Victory,
    /// Lesson steps for a guided scenario, in the order shown; none for the others.
    #[serde(default)]
    pub lessons: Vec<LessonFile>,
    /// Instructors' notes shown in the replay viewer on their day (see `data::annotation`).
    #[serde(default)]
    pub annotations: Vec<AnnotationFile>,
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

impl ScenarioFile {
    pub fn resolve(&self, file: &str, map: &Map, units: &UnitBook) -> Result<Scenario, LoadError> {
        let bad = |item: String, msg: String| LoadError::invalid(file, item, msg);
        if self.turn_limit == 0 || self.turn_limit > 2000 {
            return Err(bad("turn_limit".into(), format!("expected 1..=2000 days, found {}", self.turn_limit)));
        }
        let sc = &self.scale;
        for (key, v, lo) in [
            ("forces", sc.forces, 0.0),
            ("intensity", sc.intensity, 0.0),
            ("ground", sc.ground, 0.0),
        ] {
            if !(v > lo && v <= 1.0) {
                return Err(bad(format!("scale.{key}"), format!("expected a share in (0, 1], found {v}")));
            }
        }
        if !(0.0..=1000.0).contains(&sc.front_gain_km2_per_day) {
            return Err(bad(
                "scale.front_gain_km2_per_day".into(),
                format!("expected 0..=1000 km² a day, found {}", sc.front_gain_km2_per_day),
            ));
        }
        let side_setup = |s: &SideFile, name: &str| -> Result<SideSetup, LoadError> {
            let per_day = match (s.recruits_per_day, s.recruits_per_month) {
                (Some(d), None) => d,
                (None, Some(m)) => m / 30.0,
                _ => return Err(bad(name.into(), "give exactly one of recruits_per_day or recruits_per_month".into())),
            };
            if per_day < 0.0 || !per_day.is_finite() {
                return Err(bad(name.into(), "recruits must be zero or more".into()));
            }
            if !(0.0..=100.0).contains(&s.will) {
                return Err(bad(name.into(), format!("will: expected 0..=100, found {}", s.will)));
            }
            let mut entries = Vec::new();
            for (i, p) in s.supply_entries.iter().enumerate() {
                let c = resolve_point(map, p).map_err(|m| bad(format!("{name}.supply_entries[{i}]"), m))?;
                entries.push(c);
            }
            if entries.is_empty() {
                return Err(bad(format!("{name}.supply_entries"), "a side needs at least one supply entry".into()));
            }
            Ok(SideSetup {
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
                supply_entries: entries,
            })
        };
        let ru = side_setup(&self.ru, "ru")?;
        let ua = side_setup(&self.ua, "ua")?;
        for (si, (s, setup)) in [(Side::Ru, &ru), (Side::Ua, &ua)].into_iter().enumerate() {
            for (i, c) in setup.supply_entries.iter().enumerate() {
                if map.initial_control[map.idx(*c)] != s {
                    let name = ["ru", "ua"][si];
                    return Err(bad(
                        format!("{name}.supply_entries[{i}]"),
                        format!("cell {c} is not held by {} at the start", s.name()),
                    ));
                }
            }
        }
        let total: u64 = self.deploy.iter().map(|d| d.count as u64).sum();
        if total > MAX_UNITS as u64 {
            return Err(bad(
                "deploy".into(),
                format!("{total} units; the limit is {MAX_UNITS} (oversized inputs are refused)"),
            ));
        }
        // Steps from every cell to ground the other side holds (0 on enemy cells).
        let dist = Side::BOTH.map(|s| map.steps_from(|i| map.initial_control[i] != s));
        let mut spawns = Vec::new();
        for (i, d) in self.deploy.iter().enumerate() {
            let item = format!("deploy[{i}] ({} {})", d.side, d.unit);
            let Some(t) = units.get(&d.unit) else {
                let ids: Vec<&str> = units.keys().map(|k| k.as_str()).collect();
                return Err(bad(item, format!("unknown unit type `{}`; expected one of: {}", d.unit, ids.join(", "))));
            };
            if d.count == 0 {
                return Err(bad(item, "count must be at least 1".into()));
            }
            let cells: Vec<Option<Cell>> = match &d.place {
                Placement::OffMap => {
                    if t.kind != UnitKind::Reserve {
                        return Err(bad(
                            item,
                            format!("only reserves can start off the map; `{}` is a {}", d.unit, t.kind.name()),
                        ));
                    }
                    vec![None; d.count as usize]
                }
                Placement::Near { at, spread } => {
                    let c = resolve_point(map, at).map_err(|m| bad(item.clone(), m))?;
                    let spread = (*spread).clamp(0, 50);
                    let mut options: Vec<Cell> = (-spread..=spread)
                        .flat_map(|dy| (-spread..=spread).map(move |dx| (dx, dy)))
                        .map(|(dx, dy)| Cell::new(c.x + dx as i16, c.y + dy as i16))
                        .filter(|n| map.passable(*n) && map.initial_control[map.idx(*n)] == d.side)
                        .collect();
                    if options.is_empty() {
                        return Err(bad(
                            item,
                            format!("no cell held by {} within {spread} cells of {c}", d.side.name()),
                        ));
                    }
                    options.sort_by_key(|n| (n.dist2(c), *n));
                    (0..d.count as usize).map(|k| Some(options[k % options.len()])).collect()
                }
                Placement::Front { from, to, depth } => {
                    let a = resolve_point(map, from).map_err(|m| bad(item.clone(), m))?;
                    let b = resolve_point(map, to).map_err(|m| bad(item.clone(), m))?;
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
                        return Err(bad(
                            item,
                            format!("no {} front cells {} deep between {a} and {b}", d.side.name(), want - 1),
                        ));
                    }
                    line.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
                    let n = d.count as usize;
                    (0..n)
                        .map(|k| {
                            let idx = ((k as f64 + 0.5) * line.len() as f64 / n as f64) as usize;
                            Some(line[idx.min(line.len() - 1)].1)
                        })
                        .collect()
                }
            };
            for (k, cell) in cells.into_iter().enumerate() {
                spawns.push(UnitSpawn {
                    side: d.side,
                    template: d.unit.clone(),
                    cell,
                    personnel: None,
                    task: None,
                    label: d.label.as_ref().map(|l| if d.count > 1 { format!("{l} {}", k + 1) } else { l.clone() }),
                });
            }
        }
        let mut objectives = Vec::new();
        let mut names = BTreeSet::new();
        for (i, o) in self.objectives.iter().enumerate() {
            let item = format!("objectives[{i}] ({})", o.place);
            let p = map
                .place(&o.place)
                .ok_or_else(|| bad(item.clone(), format!("no place `{}` on map `{}`", o.place, map.id)))?;
            if !names.insert(o.place.clone()) {
                return Err(bad(item, "listed twice".into()));
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
        let total: u32 = objectives.iter().map(|o| o.points).sum();
        if self.victory.ru_points_to_win > total {
            return Err(bad(
                "victory".into(),
                format!(
                    "ru_points_to_win {} exceeds the {total} points of all objectives",
                    self.victory.ru_points_to_win
                ),
            ));
        }
        if self.victory.ua_wins_below > self.victory.ru_points_to_win {
            return Err(bad("victory".into(), "ua_wins_below must not exceed ru_points_to_win".into()));
        }
        let mut lessons = Vec::new();
        for (i, l) in self.lessons.iter().enumerate() {
            let item = format!("lessons[{i}] ({})", l.title);
            if l.day == 0 || l.day > self.turn_limit {
                return Err(bad(
                    item,
                    format!(
                        "day {} is outside the game: expected 1..={} (day 1 is the first day planned; turn_limit is {})",
                        l.day, self.turn_limit, self.turn_limit
                    ),
                ));
            }
            if l.title.trim().is_empty() || l.text.trim().is_empty() {
                return Err(bad(item, "a lesson needs a title and a text".into()));
            }
            if l.text.chars().count() > MAX_LESSON_CHARS || l.title.chars().count() > 120 {
                return Err(bad(
                    item,
                    format!("too long: at most 120 characters of title and {MAX_LESSON_CHARS} of text"),
                ));
            }
            let focus = match &l.focus {
                Some(p) => Some(resolve_point(map, p).map_err(|m| bad(format!("{item}.focus"), m))?),
                None => None,
            };
            let overlay = match &l.overlay {
                Some(name) => Some(LessonOverlay::parse(name).ok_or_else(|| {
                    let names: Vec<&str> = LessonOverlay::NAMES.iter().map(|(n, _)| *n).collect();
                    bad(
                        format!("{item}.overlay"),
                        format!("unknown overlay `{name}`; expected one of: {}", names.join(", ")),
                    )
                })?),
                None => None,
            };
            lessons.push(Lesson {
                day: l.day,
                title: l.title.clone(),
                text: l.text.clone(),
                focus,
                overlay,
                side: l.side,
            });
        }
        let annotations =
            annotation::resolve(&self.annotations, map, self.turn_limit, &format!("turn_limit is {}", self.turn_limit))
                .map_err(|f| bad(f.item(), f.msg))?;
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
        })
    }
}

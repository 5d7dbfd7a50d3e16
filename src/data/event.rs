//! Scripted events as a scenario file writes them (`events: [(day: 12, event: Arrive(…))]`)
//! and as a white cell types them (`:event CutRoad(at: "Myrnohrad", days: 5)`), and their
//! resolution on a map into the engine's [`Script`]. A place is written as annotations write
//! it: a place name on the map or a cell `(x, y)`.
//!
//! ```ron
//! events: [
//!     // A drone regiment reaches Pokrovsk on day 12.
//!     (day: 12, event: Arrive(side: Ru, unit: "drone_regiment", at: "Pokrovsk")),
//!     // The roads within 2 cells of cell (40, 31) are cut for 5 days.
//!     (day: 20, event: CutRoad(at: (40, 31), radius: 2, days: 5)),
//! ]
//! ```

use serde::{Deserialize, Serialize};

pub use super::annotation::Spot;
use super::LoadError;
use crate::sim::bounds::{within, Bound, Bounded, OutOfRange, DAYS};
use crate::sim::map::{Cell, Map, Side};
use crate::sim::rules::UnitBook;
use crate::sim::scenario::{Script, Scripted, MAX_ARRIVING, MAX_CUT_RADIUS};

/// What a scripted event does, as written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum EventKind {
    /// `count` units of type `unit` join `side` on the cells it holds nearest `at`.
    Arrive {
        side: Side,
        unit: String,
        #[serde(default = "one")]
        count: u32,
        at: Spot,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
    /// The roads within `radius` cells of `at` are cut for `days` days (to the end when absent).
    CutRoad {
        at: Spot,
        #[serde(default)]
        radius: u16,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        days: Option<u32>,
    },
}

fn one() -> u32 {
    1
}

/// One entry of a scenario's `events`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    /// The day it happens on, at its start: 1 (the first day played) to the turn limit.
    pub day: u32,
    pub event: EventKind,
}

const COUNT: Bound = within(1.0, MAX_ARRIVING as f64);
const RADIUS: Bound = within(0.0, MAX_CUT_RADIUS as f64);
const CUT_DAYS: Bound = within(1.0, 2000.0);

impl Bounded for EventKind {
    fn check(&self, key: &str, _: Bound, out: &mut Vec<OutOfRange>) {
        match self {
            // A place or cell is checked on the map when the event is resolved.
            EventKind::Arrive { count, .. } => count.check(&format!("{key}.count"), COUNT, out),
            EventKind::CutRoad { radius, days, .. } => {
                radius.check(&format!("{key}.radius"), RADIUS, out);
                days.check(&format!("{key}.days"), CUT_DAYS, out);
            }
        }
    }
    fn keys(key: &str, _: Bound, out: &mut Vec<(String, Bound)>) {
        out.push((format!("{key}.count"), COUNT));
        out.push((format!("{key}.radius"), RADIUS));
        out.push((format!("{key}.days"), CUT_DAYS));
    }
}

impl Bounded for EventFile {
    fn check(&self, key: &str, _: Bound, out: &mut Vec<OutOfRange>) {
        self.day.check(&format!("{key}.day"), DAYS, out);
        self.event.check(&format!("{key}.event"), Bound::Group, out);
    }
    fn keys(key: &str, _: Bound, out: &mut Vec<(String, Bound)>) {
        out.push((format!("{key}.day"), DAYS));
        EventKind::keys(&format!("{key}.event"), Bound::Group, out);
    }
}

impl EventKind {
    /// Its kind's name, for messages (`Arrive`, `CutRoad`).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Arrive { .. } => "Arrive",
            EventKind::CutRoad { .. } => "CutRoad",
        }
    }

    /// As a scenario file writes it, on one line (the white cell's answer, the after-action
    /// report): `CutRoad(at: "Myrnohrad", radius: 2, days: 3)`. [`EventKind::parse`] reads it back.
    pub fn to_ron(&self) -> String {
        let at = |a: &Spot| match a {
            Spot::Place(name) => format!("{name:?}"),
            Spot::Cell(x, y) => format!("({x}, {y})"),
        };
        match self {
            EventKind::Arrive { side, unit, count, at: a, label } => format!(
                "Arrive(side: {side:?}, unit: {unit:?}, count: {count}, at: {}{})",
                at(a),
                label.as_ref().map(|l| format!(", label: {l:?}")).unwrap_or_default()
            ),
            EventKind::CutRoad { at: a, radius, days } => format!(
                "CutRoad(at: {}, radius: {radius}{})",
                at(a),
                days.map(|d| format!(", days: {d}")).unwrap_or_default()
            ),
        }
    }

    /// An event typed on a white cell's command line (`Arrive(side: Ru, unit: "drone_regiment",
    /// at: "Pokrovsk")`), parsed and range-checked; an error says where in the text.
    pub fn parse(text: &str) -> Result<EventKind, String> {
        let ev: EventKind = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| format!("event:{}:{}: {}", e.span.start.line, e.span.start.col, e.code))?;
        let bad = ev.out_of_range();
        if let Some(e) = bad.first() {
            return Err(format!(
                "{} is {}, outside its range {}",
                e.key,
                e.value,
                crate::sim::bounds::range(e.lo, e.hi)
            ));
        }
        Ok(ev)
    }

    /// The engine's event on `map` with `units`, or the field at fault (`.at`, `.unit`) and why.
    pub fn resolve(&self, map: &Map, units: &UnitBook) -> Result<Script, (&'static str, String)> {
        match self {
            EventKind::Arrive { side, unit, count, at, label } => {
                if !units.contains_key(unit) {
                    let ids: Vec<&str> = units.keys().map(|k| k.as_str()).collect();
                    return Err((".unit", format!("unknown unit type `{unit}`; expected one of: {}", ids.join(", "))));
                }
                let at = resolve_at(map, at).map_err(|m| (".at", m))?;
                if !map.passable(at) {
                    return Err((".at", format!("cell {at} is water: units arrive on land")));
                }
                Ok(Script::Arrive { side: *side, template: unit.clone(), count: *count, at, label: label.clone() })
            }
            EventKind::CutRoad { at, radius, days } => {
                let at = resolve_at(map, at).map_err(|m| (".at", m))?;
                if crate::sim::road_cells(map, at, *radius).is_empty() {
                    return Err((
                        ".at",
                        format!("no road within {radius} cells of {at} to cut (a larger radius reaches further)"),
                    ));
                }
                Ok(Script::CutRoad { at, radius: *radius, days: *days })
            }
        }
    }
}

/// A cell on `map` for an event's place.
pub fn resolve_at(map: &Map, at: &Spot) -> Result<Cell, String> {
    let c = match at {
        Spot::Place(name) => {
            return map.place(name).map(|p| p.cell).ok_or_else(|| {
                format!("no place `{name}` on map `{}` (`attrition map {}` lists every place)", map.id, map.id)
            })
        }
        Spot::Cell(x, y) => Cell::new(*x, *y),
    };
    if map.in_bounds(c) {
        Ok(c)
    } else {
        Err(format!("cell {c} lies off map `{}` ({}×{} cells)", map.id, map.width, map.height))
    }
}

/// A scenario's events on its map, each checked (its day within the game, its place, unit type
/// and road), or every error with the item at fault (`events[1] (CutRoad).event.at`).
pub fn resolve_all(
    file: &str,
    events: &[EventFile],
    map: &Map,
    units: &UnitBook,
    turn_limit: u32,
) -> Result<Vec<Scripted>, Vec<LoadError>> {
    let mut out = Vec::new();
    let mut errs = Vec::new();
    for (i, e) in events.iter().enumerate() {
        let item = format!("events[{i}] ({})", e.event.name());
        if e.day == 0 || e.day > turn_limit {
            errs.push(LoadError::invalid(
                file,
                format!("{item}.day"),
                format!("day {} is outside the game: expected 1..={turn_limit} (turn_limit is {turn_limit})", e.day),
            ));
            continue;
        }
        match e.event.resolve(map, units) {
            Ok(what) => out.push(Scripted { day: e.day, what }),
            Err((field, msg)) => errs.push(LoadError::invalid(file, format!("{item}.event{field}"), msg)),
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

//! Events in words: whose each one is, where it happened, and one line of text for the log
//! and the phase-by-phase resolution.
//!
//! Which events a side reads is the engine's business (each event carries its audience, and
//! a side's stream names only the enemy units it detected): the interface words the stream
//! it is given, with the names its reader knows.

use crate::sim::components::UnitId;
use crate::sim::events::{ControlOdds, Event};
use crate::sim::map::{Cell, Map, Side};
use crate::sim::orders::Order;
use crate::sim::UnitName;
use crate::words;

/// The names the reader knows, by id (`Game::names_known_to`): its own units, gone ones
/// too, and the enemy units it ever detected.
#[derive(Clone, Debug, Default)]
pub struct Names(pub Vec<Option<UnitName>>);

impl Names {
    pub fn side(&self, id: UnitId) -> Option<Side> {
        self.0.get(id.0 as usize).and_then(|n| n.as_ref()).map(|n| n.side)
    }
    pub fn label(&self, id: UnitId) -> String {
        self.0
            .get(id.0 as usize)
            .and_then(|n| n.as_ref())
            .map(|n| n.label.to_string())
            // Never an id the reader has not been told of: a side's stream names none.
            .unwrap_or_else(|| "an unidentified unit".into())
    }
}

/// The side an event belongs to (its actor), for the log's side filter.
pub fn actor(e: &Event, names: &Names) -> Option<Side> {
    match e {
        Event::OrderAccepted { side, .. }
        | Event::OrderRejected { side, .. }
        | Event::Recon { side, .. }
        | Event::GlideBomb { side, .. }
        | Event::RocketStrike { side, .. }
        | Event::Assault { side, .. }
        | Event::CellCaptured { side, .. }
        | Event::ControlContested { side, .. }
        | Event::Recruitment { side, .. }
        | Event::Production { side, .. }
        | Event::TechCopied { side, .. }
        | Event::Will { side, .. } => Some(*side),
        Event::DroneStrike { side, .. } | Event::ArtilleryFire { side, .. } => Some(*side),
        Event::Moved { unit, .. }
        | Event::SupplyCut { unit, .. }
        | Event::SupplyRestored { unit, .. }
        | Event::Collapsed { unit, .. }
        | Event::FellBack { unit, .. }
        | Event::Disbanded { unit, .. }
        | Event::ReserveCommitted { unit, .. }
        | Event::ReserveArrived { unit, .. } => names.side(*unit),
        Event::Exposed { unit, .. } => names.side(*unit),
        Event::HubCut { hub, .. } => names.side(*hub),
        Event::UnitFormed { side, .. } | Event::Arrived { side, .. } | Event::ArrivalTurnedBack { side, .. } => {
            Some(*side)
        }
        Event::GameOver { winner, .. } => *winner,
        Event::Ceasefire { .. } | Event::RoadCut { .. } | Event::RoadReopened { .. } => None,
    }
}

/// The cell an event happened at, when it has one (for highlights and "centre on event").
pub fn cell(e: &Event) -> Option<Cell> {
    match e {
        Event::OrderAccepted { order, .. } | Event::OrderRejected { order, .. } => order.target(),
        Event::DroneStrike { cell, .. }
        | Event::ArtilleryFire { cell, .. }
        | Event::GlideBomb { cell, .. }
        | Event::RocketStrike { cell, .. }
        | Event::Exposed { cell, .. }
        | Event::CellCaptured { cell, .. }
        | Event::Collapsed { cell, .. }
        | Event::ReserveArrived { cell, .. }
        | Event::UnitFormed { cell, .. }
        | Event::Arrived { cell, .. } => Some(*cell),
        Event::RoadCut { at, .. } | Event::RoadReopened { at, .. } => Some(*at),
        Event::Moved { to, .. } | Event::FellBack { to, .. } | Event::ReserveCommitted { to, .. } => Some(*to),
        Event::Assault { target, .. } => Some(*target),
        _ => None,
    }
}

/// An order in words, without the unit ("assault (12,30)").
pub fn order_text(o: &Order, map: &Map) -> String {
    let at = |c: Cell| place_text(c, map);
    match *o {
        Order::Move { to, .. } => format!("move to {}", at(to)),
        Order::Assault { target, .. } => format!("assault {}", at(target)),
        Order::Hold { dig_in: true, .. } => "hold and dig in".into(),
        Order::Hold { dig_in: false, .. } => "hold".into(),
        Order::SetDroneSector { centre, .. } => format!("drone sector on {}", at(centre)),
        Order::Interdict { route, .. } => format!("interdict route at {}", at(route)),
        Order::Fire { target, .. } => format!("fire on {}", at(target)),
        Order::CommitReserve { to, .. } => format!("commit reserve to {}", at(to)),
        Order::Withdraw { to, .. } => format!("withdraw to {}", at(to)),
    }
}

/// Where a cell is, in words: the nearest place's name on its cell, else how far and which
/// way from it ("2 km NE of Popiv Yar"); the cell's coordinates on a map without places.
pub fn place_text(c: Cell, map: &Map) -> String {
    let nearest = map.places.iter().min_by_key(|p| (p.cell.dist2(c), std::cmp::Reverse(p.population)));
    let Some(p) = nearest else { return c.to_string() };
    if p.cell == c {
        return p.name.clone();
    }
    let (east, north) = ((c.x - p.cell.x) as f64, (p.cell.y - c.y) as f64);
    let km = (east * east + north * north).sqrt() * map.cell_km;
    // Eight points of the compass, north first, clockwise.
    const POINTS: [&str; 8] = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];
    let bearing = east.atan2(north).to_degrees().rem_euclid(360.0);
    let point = POINTS[((bearing + 22.5) / 45.0) as usize % 8];
    format!("{} km {point} of {}", km.round().max(1.0), p.name)
}

/// A cell's coordinates and where it is in words: "(66,14) 2 km NE of Popiv Yar".
pub fn cell_text(c: Cell, map: &Map) -> String {
    format!("{c} {}", place_text(c, map))
}

/// Text wrapped to `width` columns at spaces (a word longer than the line is cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let (n, w) = (line.chars().count(), word.chars().count());
        if n > 0 && n + 1 + w > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > width {
            let head: String = line.chars().take(width).collect();
            line = line.chars().skip(width).collect();
            lines.push(head);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// "2025-05-27" plus `days`, as "30 May 2025".
pub fn date_after(start: &str, days: u32) -> String {
    let parts: Vec<i64> = start.split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else { return format!("day {days}") };
    // Days from civil (H. Hinnant), and back.
    let days_from_civil = |y: i64, m: i64, d: i64| {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    };
    let z = days_from_civil(y, m, d) + days as i64 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let dd = doy - (153 * mp + 2) / 5 + 1;
    let mm = if mp < 10 { mp + 3 } else { mp - 9 };
    let yy = yoe + era * 400 + if mm <= 2 { 1 } else { 0 };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!("{dd} {} {yy}", MONTHS[(mm - 1) as usize])
}

/// The side's tag in text: never colour alone.
pub fn side_tag(side: Side) -> &'static str {
    match side {
        Side::Ru => "RU",
        Side::Ua => "UA",
    }
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// One line of text for the log.
/// How a won assault stood at the day's end, told by the day's later events: the attackers took
/// the cell, or they are in it and its holder still holds it, by the rule of control.
#[derive(Clone, Debug, PartialEq)]
pub enum AssaultOutcome {
    /// The cell changed hands the same day.
    Taken,
    /// The attackers entered but the cell did not change hands at the day's end: the control
    /// rule's reckoning when the holder contested it (troops next door, drones over it), or
    /// None when no contest was rolled (the cell touches none of the attackers' ground, or the
    /// holder's troops are still in it).
    Contested(Option<ControlOdds>),
}

/// "1 hit", "2 hits": a count with its noun.
pub fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A signed change to one decimal, without "-0.0".
pub fn signed(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        "±0.0".into()
    } else {
        format!("{r:+.1}")
    }
}

/// The control rule's reckoning in words: what held the cell against its takers tonight.
pub fn control_words(o: &ControlOdds) -> String {
    let mut parts = Vec::new();
    if o.from_neighbours > 0.0 {
        parts.push(format!(
            "held against the troops next door {} (theirs {:.0} × ground {:.2}, ours {:.0} since daybreak{})",
            pct(o.ground_chance),
            o.from_neighbours,
            o.terrain,
            o.holding,
            if o.arrived > 0.0 { format!(", {:.0} arrived today", o.arrived) } else { String::new() }
        ));
    }
    if o.coverage > 0.0 {
        parts.push(format!(
            "drones denied it {} ({:.1} sorties over it, found {})",
            pct(o.denial),
            o.coverage,
            pct(o.found)
        ));
    }
    if parts.is_empty() {
        parts.push("nobody contested it".into());
    }
    format!("chance to take it tonight {}: {}", pct(o.chance), parts.join("; "))
}

pub fn text(e: &Event, names: &Names, map: &Map, outcome: Option<AssaultOutcome>) -> String {
    let n = |id: &UnitId| names.label(*id);
    let at = |c: &Cell| place_text(*c, map);
    match e {
        Event::OrderAccepted { order, .. } => format!("Order: {} — {}", n(&order.unit()), order_text(order, map)),
        Event::OrderRejected { order, reason, .. } => {
            format!("REFUSED: {} — {}: {reason}", n(&order.unit()), order_text(order, map))
        }
        Event::Recon { side, detected: d } => {
            format!("{} recon: {d} enemy units detected", side.name())
        }
        Event::DroneStrike {
            drone,
            target,
            cell,
            sorties,
            hits,
            personnel,
            vehicles,
            hit_chance,
            jamming,
            crowd,
            ..
        } => {
            format!(
                "Drones: {} → {} at {}: {}, {} ({} each{}), {personnel} killed/wounded{}; crowd {crowd}",
                drone.as_ref().map(n).unwrap_or_else(|| "unseen enemy drones".into()),
                n(target),
                at(cell),
                count(*sorties, "sortie", "sorties"),
                count(*hits, "hit", "hits"),
                pct(*hit_chance),
                if *jamming < 1.0 { format!(", jamming left {}", pct(*jamming)) } else { String::new() },
                if *vehicles > 0 { format!(", {}", count(*vehicles, "vehicle", "vehicles")) } else { String::new() }
            )
        }
        Event::ArtilleryFire { battery, target, cell, shells, personnel, vehicles, hit_chance, .. } => format!(
            "Artillery: {} → {} at {}: {} ({} each), {personnel} lost{}",
            battery.as_ref().map(n).unwrap_or_else(|| "unseen enemy guns".into()),
            n(target),
            at(cell),
            count(*shells, "shell", "shells"),
            pct(*hit_chance),
            if *vehicles > 0 { format!(", {}", count(*vehicles, "vehicle", "vehicles")) } else { String::new() }
        ),
        Event::GlideBomb { side, target, cell, bombs, personnel, .. } => {
            format!("Glide bombs ({}): {bombs} on {} at {}, {personnel} lost", side.name(), n(target), at(cell))
        }
        Event::RocketStrike { side, hub, cell, damaged, chance } => format!(
            "Rockets ({}) on hub {} at {}: {} ({} chance)",
            side.name(),
            n(hub),
            at(cell),
            if *damaged { "damaged" } else { "missed" },
            pct(*chance)
        ),
        Event::Moved { unit, to, cells, .. } => {
            format!("{} moved {} to {}", n(unit), count(*cells, "cell", "cells"), at(to))
        }
        Event::Exposed { unit, cell, personnel, vehicles, chance, coverage } => format!(
            "Exposed: {} crossing {} under drones ({:.1} sorties, {} hit chance): {personnel} lost{}",
            n(unit),
            at(cell),
            coverage,
            pct(*chance),
            if *vehicles > 0 { format!(", {}", count(*vehicles, "vehicle", "vehicles")) } else { String::new() }
        ),
        Event::Assault { side, target, odds, roll, taken, attacker_losses, defender_losses, captured } => {
            let holder = side.other().name();
            let result = match (taken, outcome) {
                (false, _) => "repulsed".to_string(),
                (true, Some(AssaultOutcome::Contested(Some(o)))) => {
                    format!("entered, contested: {holder} still holds it ({})", control_words(&o))
                }
                (true, Some(AssaultOutcome::Contested(None))) => format!(
                    "entered, contested: {holder} still holds it (a cell changes hands only where it touches its \
                     taker's ground and none of its holder's troops are left in it)"
                ),
                (true, _) => format!("TAKEN: the cell is {}'s", side.name()),
            };
            let ratio = if odds.ratio.is_finite() { format!("ratio {:.2}", odds.ratio) } else { "no defender".into() };
            format!(
                "ASSAULT by {} on {}: {} odds ({ratio}), roll {:.2} — {result}; attackers lost {attacker_losses}, defenders {defender_losses}{}",
                side.name(),
                at(target),
                pct(odds.success),
                roll,
                if *captured > 0 { format!(", {captured} captured") } else { String::new() }
            )
        }
        Event::CellCaptured { side, cell, place } => match place {
            Some(p) => format!("{} takes {p} {cell}", side.name()),
            None => format!("{} takes {} {cell}", side.name(), at(cell)),
        },
        Event::SupplyCut { unit, level, days } => {
            format!("Supply cut: {} at {} ({})", n(unit), pct(*level), count(*days, "day", "days"))
        }
        Event::SupplyRestored { unit, level } => format!("Supply restored: {} at {}", n(unit), pct(*level)),
        Event::HubCut { hub, throughput } => format!("Hub {} cut: throughput {}", n(hub), pct(*throughput)),
        Event::Collapsed { unit, cell, days_cut, lost, reason } => format!(
            "COLLAPSE: {} at {}: {}{}, {lost} lost",
            n(unit),
            at(cell),
            words::collapse_reason(reason),
            if *days_cut > 0 { format!(" after {} cut off", count(*days_cut, "day", "days")) } else { String::new() }
        ),
        Event::FellBack { unit, to, .. } => format!("{} fell back to {}", n(unit), at(to)),
        Event::Disbanded { unit, returned } => format!("{} disbanded; {returned} back to the pool", n(unit)),
        Event::Recruitment { side, recruits, replacements, pool } => {
            format!("{}: {recruits} recruits, {replacements} replacements sent; pool {pool}", side.name())
        }
        Event::ReserveCommitted { unit, to, arrives_on } => {
            format!("{} committed to {}, arrives day {arrives_on}", n(unit), at(to))
        }
        Event::ReserveArrived { unit, cell } => format!("{} arrived at {}", n(unit), at(cell)),
        Event::Production { side, drones, shells, vehicles } => {
            format!("{} production: {drones} drones, {shells} shells, {vehicles} vehicles", side.name())
        }
        Event::TechCopied { side, edge, after_days } => {
            format!("{} copied the edge `{edge}` after {after_days} days", side.name())
        }
        Event::Will { side, will, change } => format!("{} political will {will:.1} ({})", side.name(), signed(*change)),
        Event::UnitFormed { side, unit, cell, personnel } => {
            format!("{}: {} formed at {} from {personnel} recruits", side.name(), n(unit), at(cell))
        }
        Event::ControlContested { side, cell, odds, roll, taken } => format!(
            "CONTROL of {}: {} troops in it — {}, roll {:.2}: {}",
            at(cell),
            side.name(),
            control_words(odds),
            roll,
            if *taken {
                format!("taken, the cell is {}'s", side.name())
            } else {
                format!("{} still holds it", side.other().name())
            }
        ),
        Event::Ceasefire { ru_accepts, ua_accepts, ru_why, ua_why, held } => {
            let yn = |b: &bool| if *b { "accepts" } else { "refuses" };
            format!(
                "CEASEFIRE proposed: Russia {} ({}); Ukraine {} ({}) — {}",
                yn(ru_accepts),
                words::ceasefire_why(ru_why),
                yn(ua_accepts),
                words::ceasefire_why(ua_why),
                match held {
                    Some(true) => "it holds",
                    Some(false) => "it breaks down",
                    None => "the war goes on",
                }
            )
        }
        Event::Arrived { side, unit, cell } => {
            format!("Reinforcements: {} sent to the sector reached {} ({})", n(unit), at(cell), side.name())
        }
        Event::ArrivalTurnedBack { side, count: k } => format!(
            "Reinforcements turned back: {} for {} found no ground of its own to arrive at",
            count(*k, "unit", "units"),
            side.name()
        ),
        Event::RoadCut { at: c, cells, last_day } => format!(
            "ROAD CUT at {}: {} of road carry no better than open ground{}",
            at(c),
            count(*cells, "cell", "cells"),
            match last_day {
                Some(d) => format!(", until the end of day {d}"),
                None => " for the rest of the war".into(),
            }
        ),
        Event::RoadReopened { at: c, cells } => {
            format!("Road open again at {}: {} cleared", at(c), count(*cells, "cell", "cells"))
        }
        Event::GameOver { winner, reason } => match winner {
            Some(w) => format!("GAME OVER — {} wins: {}", w.name(), words::end_reason(reason)),
            None => format!("GAME OVER — no winner: {}", words::end_reason(reason)),
        },
        #[allow(unreachable_patterns)]
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_count_forward() {
        assert_eq!(super::date_after("2025-05-27", 0), "27 May 2025");
        assert_eq!(super::date_after("2025-05-27", 5), "1 Jun 2025");
        assert_eq!(super::date_after("2024-12-31", 1), "1 Jan 2025");
    }
}

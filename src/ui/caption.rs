//! Presenter mode's caption in words: the day, the date and the phase shown with a sentence
//! on what it did, made from the phase's events (those the viewer saw), then the instructors'
//! notes; wrapped to the screen so its height is known before anything is drawn.

use crate::sim::events::{Event, Phase};
use crate::sim::map::{feature, Cell, Map, Side};

pub use super::event_words::wrap;
use super::event_words::{date_after, Names};
use super::session::Session;

/// The caption's first line: day, date and the phase shown, with its summary in words.
pub fn headline(s: &Session) -> String {
    let sc = s.game().scenario();
    let day = s.game().day();
    let total = s.replay_days();
    if day == 0 {
        return format!(
            "The start · {} — {}. Press . or ] to step through the days.",
            date_after(&sc.start_date, 0),
            sc.title
        );
    }
    // Dated as the day it was played, as the viewer's status bar and the game date it.
    let date = date_after(&sc.start_date, day - 1);
    let Some(r) = &s.resolution else { return format!("Day {day}/{total} · {date}") };
    match r.phases.get(r.at) {
        Some((p, idx)) => {
            let events: Vec<&Event> = idx.iter().map(|i| &s.events()[*i].1).collect();
            format!(
                "Day {day}/{total} · {date} · {} ({}/{}) — {}",
                capitalised(p.name()),
                r.at + 1,
                r.phases.len(),
                phase_summary(*p, &events, &s.names, s.game().map())
            )
        }
        None => format!("Day {day}/{total} · {date} — nothing seen from this side today."),
    }
}

/// The caption for a `width`×`height` screen: the headline's lines, then each note's. It
/// takes at most a quarter of the screen (the map stays the larger part); when both do not
/// fit, the notes keep their room and the headline is cut, to one line at the least.
pub fn lines(s: &Session, width: u16, height: u16) -> (Vec<String>, Vec<String>) {
    let w = width.saturating_sub(2) as usize;
    let room = ((height.saturating_sub(1) / 4) as usize).max(2);
    let mut notes: Vec<String> = Vec::new();
    for a in s.annotations_now() {
        for (k, l) in wrap(&format!("✎ {}", a.text), w.saturating_sub(2)).into_iter().enumerate() {
            notes.push(if k == 0 { l } else { format!("  {l}") });
        }
    }
    let head = wrap(&headline(s), w);
    let head = fit(head, room.saturating_sub(notes.len()).max(1), w);
    let notes = fit(notes, room - head.len(), w);
    (head, notes)
}

/// Rows the caption takes on a `width`×`height` screen: its rule and two lines or more.
pub fn height(s: &Session, width: u16, height: u16) -> u16 {
    let (head, notes) = lines(s, width, height);
    1 + ((head.len() + notes.len()) as u16).max(2)
}

/// Lines of `lines` that fit in `room`, the last one ending in "…" when some are left out.
pub fn fit(mut lines: Vec<String>, room: usize, width: usize) -> Vec<String> {
    if lines.len() > room {
        lines.truncate(room);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", keep.trim_end());
        }
    }
    lines
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn adjective(s: Side) -> &'static str {
    match s {
        Side::Ru => "Russian",
        Side::Ua => "Ukrainian",
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The place nearest to the most of `cells`, for "near Myrnohrad".
fn nearest_place(cells: &[Cell], map: &Map) -> Option<String> {
    let mut counts: Vec<(usize, u32)> = Vec::new();
    for c in cells {
        let Some((k, _)) = map.places.iter().enumerate().min_by_key(|(_, p)| p.cell.dist2(*c)) else { continue };
        match counts.iter_mut().find(|(i, _)| *i == k) {
            Some((_, n)) => *n += 1,
            None => counts.push((k, 1)),
        }
    }
    // Most cells first; the map's order breaks ties, so the text is the same on every run.
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts.first().map(|(k, _)| map.places[*k].name.clone())
}

/// What a phase did, in a sentence or two made from its events (those the viewer saw).
pub fn phase_summary(phase: Phase, events: &[&Event], names: &Names, map: &Map) -> String {
    let side_of = |id| names.side(id);
    let mut parts: Vec<String> = Vec::new();
    match phase {
        Phase::Orders => {
            // Daybreak's scripted news first: roads cut or open again, units sent to the sector.
            for e in events {
                match e {
                    Event::RoadCut { .. } => parts.push("a road is cut".to_string()),
                    Event::RoadReopened { .. } => parts.push("a cut road is open again".to_string()),
                    _ => {}
                }
            }
            for s in Side::BOTH {
                let arrived = events.iter().filter(|e| matches!(e, Event::Arrived { side, .. } if *side == s)).count();
                if arrived > 0 {
                    parts.push(format!(
                        "{} reinforcements reach the sector ({})",
                        adjective(s),
                        plural(arrived as u32, "unit", "units")
                    ));
                }
            }
            for s in Side::BOTH {
                let given =
                    events.iter().filter(|e| matches!(e, Event::OrderAccepted { side, .. } if *side == s)).count();
                let refused =
                    events.iter().filter(|e| matches!(e, Event::OrderRejected { side, .. } if *side == s)).count();
                if given + refused > 0 {
                    let r = if refused > 0 { format!(" ({refused} refused)") } else { String::new() };
                    parts.push(format!("{} gave {}{r}", s.name(), plural(given as u32, "order", "orders")));
                }
            }
        }
        Phase::Recon => {
            for e in events {
                if let Event::Recon { side, detected } = e {
                    parts.push(format!("{} detected {detected} {} units", side.name(), adjective(side.other())));
                }
            }
        }
        Phase::Drones => {
            // The side that struck more targets first: it is the story of the phase.
            let mut by_side: Vec<(usize, String)> = Vec::new();
            for s in Side::BOTH {
                let mut targets: Vec<(crate::sim::components::UnitId, Cell)> = Vec::new();
                let (mut sorties, mut killed, mut vehicles) = (0u32, 0u32, 0u32);
                for e in events {
                    if let Event::DroneStrike { side, target, cell, sorties: n, hits, personnel, vehicles: v, .. } = e {
                        if *side != s {
                            continue;
                        }
                        sorties += n;
                        killed += personnel;
                        vehicles += v;
                        if *hits > 0 && !targets.iter().any(|(t, _)| t == target) {
                            targets.push((*target, *cell));
                        }
                    }
                }
                if sorties == 0 {
                    continue;
                }
                let on_road: Vec<Cell> = targets
                    .iter()
                    .map(|(_, c)| *c)
                    .filter(|c| map.features[map.idx(*c)] & (feature::ROAD | feature::HIGHWAY) != 0)
                    .collect();
                let roads = match (on_road.len(), nearest_place(&on_road, map)) {
                    (0, _) => String::new(),
                    (n, Some(p)) => format!(", {n} on roads near {p}"),
                    (n, None) => format!(", {n} on roads"),
                };
                let lost = if vehicles > 0 {
                    format!("{}, {}", plural(killed, "soldier", "soldiers"), plural(vehicles, "vehicle", "vehicles"))
                } else {
                    plural(killed, "soldier", "soldiers")
                };
                by_side.push((
                    targets.len(),
                    format!(
                        "{}'s drones struck {}{roads}: {} lost {lost}",
                        s.name(),
                        plural(targets.len() as u32, "target", "targets"),
                        s.other().name()
                    ),
                ));
            }
            by_side.sort_by_key(|b| std::cmp::Reverse(b.0));
            parts.extend(by_side.into_iter().map(|(_, t)| t));
        }
        Phase::Fires => {
            for s in Side::BOTH {
                let (mut shells, mut bombs, mut killed, mut hubs) = (0u32, 0u32, 0u32, 0u32);
                for e in events {
                    match e {
                        Event::ArtilleryFire { side, shells: n, personnel, .. } if *side == s => {
                            shells += n;
                            killed += personnel;
                        }
                        Event::GlideBomb { side, bombs: n, personnel, .. } if *side == s => {
                            bombs += n;
                            killed += personnel;
                        }
                        Event::RocketStrike { side, damaged: true, .. } if *side == s => hubs += 1,
                        _ => {}
                    }
                }
                let mut what = Vec::new();
                if shells > 0 {
                    what.push(plural(shells, "shell", "shells"));
                }
                if bombs > 0 {
                    what.push(plural(bombs, "glide bomb", "glide bombs"));
                }
                if !what.is_empty() {
                    parts.push(format!(
                        "{} fired {}: {} lost {}",
                        s.name(),
                        what.join(" and "),
                        s.other().name(),
                        plural(killed, "soldier", "soldiers")
                    ));
                }
                if hubs > 0 {
                    parts.push(format!("{}'s rockets damaged {}", s.name(), plural(hubs, "hub", "hubs")));
                }
            }
        }
        Phase::Movement => {
            for s in Side::BOTH {
                let (mut assaults, mut taken, mut moved, mut exposed) = (0u32, 0u32, 0u32, 0u32);
                for e in events {
                    match e {
                        Event::Assault { side, taken: t, .. } if *side == s => {
                            assaults += 1;
                            taken += *t as u32;
                        }
                        Event::Moved { unit, .. } if side_of(*unit) == Some(s) => moved += 1,
                        Event::Exposed { unit, personnel, .. } if side_of(*unit) == Some(s) => exposed += personnel,
                        _ => {}
                    }
                }
                let mut bits = Vec::new();
                if assaults > 0 {
                    bits.push(format!("made {} ({taken} won the fight)", plural(assaults, "assault", "assaults")));
                }
                if moved > 0 {
                    bits.push(format!("moved {}", plural(moved, "unit", "units")));
                }
                if exposed > 0 {
                    bits.push(format!("lost {} crossing ground under drones", plural(exposed, "soldier", "soldiers")));
                }
                if !bits.is_empty() {
                    parts.push(format!("{} {}", s.name(), bits.join(", ")));
                }
            }
        }
        Phase::Supply => {
            for s in Side::BOTH {
                let (mut cut, mut long, mut restored, mut hubs) = (0u32, 0u32, 0u32, 0u32);
                for e in events {
                    match e {
                        Event::SupplyCut { unit, days, .. } if side_of(*unit) == Some(s) => {
                            cut += 1;
                            long += (*days >= 3) as u32;
                        }
                        Event::SupplyRestored { unit, .. } if side_of(*unit) == Some(s) => restored += 1,
                        Event::HubCut { hub, .. } if side_of(*hub) == Some(s) => hubs += 1,
                        _ => {}
                    }
                }
                let adj = adjective(s);
                let units = |n: u32| format!("{n} {adj} {}", if n == 1 { "unit" } else { "units" });
                if hubs > 0 {
                    let what = if hubs == 1 { "hub" } else { "hubs" };
                    parts.push(format!("{hubs} {adj} {what} cut off by drones on the roads"));
                }
                if cut > 0 {
                    let l = if long > 0 { format!(", {long} of them for 3 days or more") } else { String::new() };
                    parts.push(format!("{} short of supply{l}", units(cut)));
                }
                if restored > 0 {
                    parts.push(format!("{} resupplied", units(restored)));
                }
            }
        }
        Phase::Reinforcement => {
            for e in events {
                match e {
                    Event::Recruitment { side, recruits, replacements, .. } => parts.push(format!(
                        "{} took in {} and sent {replacements} forward",
                        side.name(),
                        plural(*recruits, "recruit", "recruits")
                    )),
                    Event::TechCopied { side, edge, after_days } => parts.push(format!(
                        "{} copies the edge `{edge}` after {}",
                        side.name(),
                        plural(*after_days, "day", "days")
                    )),
                    Event::ReserveArrived { unit, .. } => {
                        parts.push(format!("a {} reserve arrives", side_of(*unit).map(adjective).unwrap_or("new")))
                    }
                    _ => {}
                }
            }
        }
        Phase::Cohesion => {
            for s in Side::BOTH {
                let mut cells = 0u32;
                let mut places = Vec::new();
                let mut broke = 0u32;
                for e in events {
                    match e {
                        Event::CellCaptured { side, place, .. } if *side == s => {
                            cells += 1;
                            if let Some(p) = place {
                                places.push(p.clone());
                            }
                        }
                        Event::Collapsed { unit, .. } if side_of(*unit) == Some(s) => broke += 1,
                        _ => {}
                    }
                }
                if cells > 0 {
                    let p = if places.is_empty() { String::new() } else { format!(" ({})", places.join(", ")) };
                    parts.push(format!("{} took {}{p}", s.name(), plural(cells, "cell", "cells")));
                }
                if broke > 0 {
                    parts.push(format!("{broke} {} {} broke", adjective(s), if broke == 1 { "unit" } else { "units" }));
                }
            }
            let will: Vec<String> = events
                .iter()
                .filter_map(|e| match e {
                    Event::Will { side, will, .. } => Some(format!("{} {will:.0}", side.name())),
                    _ => None,
                })
                .collect();
            if !will.is_empty() {
                parts.push(format!("will: {}", will.join(", ")));
            }
        }
        Phase::Victory => {
            for e in events {
                match e {
                    Event::Ceasefire { ru_accepts, ua_accepts, held, .. } => {
                        let yes = |b: bool| if b { "accepts" } else { "refuses" };
                        let end = match held {
                            Some(true) => "it holds",
                            _ => "the war goes on",
                        };
                        parts.push(format!(
                            "a ceasefire is proposed: Russia {}, Ukraine {}; {end}",
                            yes(*ru_accepts),
                            yes(*ua_accepts)
                        ));
                    }
                    Event::GameOver { reason, .. } => {
                        parts.push(format!("the game ends: {}", crate::words::end_reason(reason)))
                    }
                    _ => {}
                }
            }
        }
    }
    if parts.is_empty() {
        return "Nothing of note seen.".into();
    }
    let mut text = parts.iter().map(|p| capitalised(p)).collect::<Vec<_>>().join(". ");
    text.push('.');
    text
}

//! Teaching aids in the replay viewer: instructors' annotations for the day and phase shown,
//! and the presenter mode (`p`), which gives the whole screen to the map with the drone
//! coverage and supply overlays on and a caption saying in plain words what the phase did.
//!
//! Presenter mode only changes how the viewer draws: stepping keys work as before, and
//! leaving it gives back the overlays, zoom and scroll the user had.

use crate::sim::events::{Event, Phase};
use crate::sim::map::{feature, Cell, Map, Side};
use crate::sim::scenario::Annotation;
use crate::ui::app::{overview_scale, App, Overlays, Watch, Zoom};
use crate::ui::events::Names;
use crate::ui::view::date_after;

/// What presenter mode keeps to give back when it ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Presenter {
    pub overlays: Overlays,
    pub zoom: Zoom,
    pub scroll: (i16, i16),
}

/// Whether a note for `phase` shows while phase `at` of the day's `phases` is shown. A phase
/// in which nothing was seen that day has no step of its own, so its note shows with the next
/// phase that has one (or the day's last): a note is never skipped.
fn shown_at(phase: Option<Phase>, phases: &[Phase], at: Option<usize>) -> bool {
    let Some(p) = phase else { return true };
    if phases.is_empty() {
        return true;
    }
    let slot = phases.iter().position(|x| *x >= p).unwrap_or(phases.len() - 1);
    at == Some(slot)
}

impl App {
    pub fn presenting(&self) -> bool {
        self.presenter.is_some()
    }

    /// The notes for the day and phase the viewer shows: the scenario's, then the record's.
    pub fn annotations_now(&self) -> Vec<&Annotation> {
        let Some(s) = &self.session else { return Vec::new() };
        let Some(rv) = &s.replay else { return Vec::new() };
        let day = s.game().day();
        let phases: Vec<Phase> =
            s.resolution.as_ref().map(|r| r.phases.iter().map(|(p, _)| *p).collect()).unwrap_or_default();
        let at = s.resolution.as_ref().map(|r| r.at);
        s.game()
            .scenario()
            .annotations
            .iter()
            .chain(&rv.annotations)
            .filter(|a| a.day == day && shown_at(a.phase, &phases, at))
            .collect()
    }

    /// `p`: into presenter mode, or out of it.
    pub(crate) fn toggle_presenter(&mut self) {
        if self.presenting() {
            return self.leave_presenter();
        }
        self.presenter = Some(Presenter { overlays: self.overlays, zoom: self.zoom, scroll: self.scroll });
        self.presenter_overlays();
        self.fit_presenter();
        self.follow_note();
        self.say("Presenter mode: . , phases · ] [ days · s whose view · p or Esc leaves");
    }

    /// Leaves presenter mode, giving back the user's overlays, zoom and scroll.
    pub(crate) fn leave_presenter(&mut self) {
        if let Some(p) = self.presenter.take() {
            self.overlays = p.overlays;
            self.zoom = p.zoom;
            self.scroll = p.scroll;
            self.clamp_scroll();
            self.say("Presenter mode off: your overlays and zoom are back.");
        }
    }

    /// The overlays a presentation shows: drone coverage of both sides (or of the side being
    /// watched) and supply; detection and control would crowd them out.
    pub(crate) fn presenter_overlays(&mut self) {
        let watch = self.session.as_ref().and_then(|s| s.replay.as_ref()).map(|r| r.watch);
        self.overlays = Overlays {
            coverage: match watch {
                Some(Watch::Side(x)) => Some(x),
                _ => None,
            },
            coverage_both: !matches!(watch, Some(Watch::Side(_))),
            supply: true,
            detection: false,
            control: false,
        };
    }

    /// Chooses the zoom that shows the most of the sector in the whole screen (the larger zoom
    /// when two show as much), and centres the view on the front.
    pub(crate) fn fit_presenter(&mut self) {
        let Some(g) = self.game() else { return };
        let (w, h) = (g.map().width as i32, g.map().height as i32);
        // The whole width: the layout narrows the map to the sector only once the zoom is known.
        let area = ratatui::layout::Rect { x: 0, width: self.size.0, ..self.layout().map };
        let (aw, ah) = (area.width as i32, area.height as i32);
        let shown = |z: Zoom| match z {
            Zoom::Near => w.min(aw / 2) * h.min(ah),
            Zoom::Cell => w.min(aw) * h.min(ah),
            Zoom::Overview => {
                // Several cells share a character: count characters, the detail actually seen.
                let (kx, ky) = overview_scale(area, w as i16, h as i16);
                (w + kx as i32 - 1) / kx as i32 * ((h + ky as i32 - 1) / ky as i32)
            }
        };
        let mut best = Zoom::Near;
        for z in [Zoom::Cell, Zoom::Overview] {
            if shown(z) > shown(best) {
                best = z;
            }
        }
        self.zoom = best;
        if let Some(c) = self.front_centre() {
            self.centre_view_on(c);
        }
    }

    /// The middle of the fighting: the mean cell of the units on the front line, else of the
    /// front line itself.
    fn front_centre(&self) -> Option<Cell> {
        let s = self.session.as_ref()?;
        let map = s.game().map();
        let pic = &s.picture;
        let mean = |cells: &mut dyn Iterator<Item = usize>| {
            let (mut n, mut sx, mut sy) = (0i64, 0i64, 0i64);
            for i in cells {
                let c = map.cell_at(i);
                n += 1;
                sx += c.x as i64;
                sy += c.y as i64;
            }
            (n > 0).then(|| Cell::new((sx / n) as i16, (sy / n) as i16))
        };
        mean(&mut (0..map.len()).filter(|&i| pic.front[i] && pic.cells[i].top.is_some()))
            .or_else(|| mean(&mut (0..map.len()).filter(|&i| pic.front[i])))
    }

    fn centre_view_on(&mut self, c: Cell) {
        let (vw, vh) = self.viewport_cells();
        self.scroll = (c.x - vw / 2, c.y - vh / 2);
        self.clamp_scroll();
    }

    /// What identifies the notes shown, to tell when a step brings new ones.
    pub(crate) fn note_keys(&self) -> Vec<(u32, String)> {
        self.annotations_now().iter().map(|a| (a.day, a.text.clone())).collect()
    }

    /// When a step brings a note, puts the cursor on the place the shown note marks (so the side panel
    /// describes it) and brings it into view: centred in presenter mode when it is off screen.
    pub(crate) fn follow_note(&mut self) {
        let Some(c) = self.annotations_now().iter().find_map(|a| a.at) else { return };
        self.cursor = c;
        if !self.presenting() {
            return self.keep_cursor_visible();
        }
        if self.zoom == Zoom::Overview {
            return;
        }
        let (vw, vh) = self.viewport_cells();
        let (x0, y0) = self.scroll;
        if c.x < x0 || c.y < y0 || c.x >= x0 + vw || c.y >= y0 + vh {
            self.centre_view_on(c);
        }
    }

    /// The caption's first line: day, date and the phase shown, with its summary in words.
    pub fn caption_headline(&self) -> String {
        let Some(s) = &self.session else { return String::new() };
        let sc = s.game().scenario();
        let day = s.game().day();
        let total = self.replay_days();
        if day == 0 {
            return format!(
                "The start · {} — {}. Press . or ] to step through the days.",
                date_after(&sc.start_date, 0),
                sc.title
            );
        }
        // Dated as the viewer's status bar dates the day, so the two modes agree.
        let date = date_after(&sc.start_date, day);
        let Some(r) = &s.resolution else { return format!("Day {day}/{total} · {date}") };
        match r.phases.get(r.at) {
            Some((p, idx)) => {
                let events: Vec<&Event> = idx.iter().map(|i| &s.events[*i].1).collect();
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
                    bits.push(format!("made {} ({taken} took ground)", plural(assaults, "assault", "assaults")));
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
                    Event::GameOver { reason, .. } => parts.push(format!("the game ends: {reason}")),
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

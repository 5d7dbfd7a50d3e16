//! Scripted events: what a scenario (or a white cell) makes happen at the start of a day —
//! units arriving in the sector, roads cut — applied by the engine before the day's orders are
//! carried out, the same on every machine, each in the state hash from the day it happens.
//!
//! A cut road is a stretch of the map's road cells that supply and movement treat as the
//! ground around them (no road bonus) until it reopens: a route through it loses what an
//! off-road route loses, so the supply beyond it falls, and convoys slow to a walk there.
//! Both sides learn of a cut (a blown bridge is no secret); an arrival is its own side's news.

use super::components::{Pos, Unit};
use super::events::{Audience, Event, Log};
use super::map::{feature, Cell, Map, Side};
use super::scenario::{Script, UnitSpawn, MAX_ARRIVING, MAX_CUT_RADIUS};
use super::{hash, phase, Game};

/// A stretch of road cut by a scripted event.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RoadCut {
    /// Where it was cut (for the reopening's news).
    pub at: Cell,
    /// Its road cells (map indices, ascending).
    pub cells: Vec<usize>,
    /// The last day it is cut (None: to the end of the game).
    pub last_day: Option<u32>,
}

/// The road cells within `radius` cells of `at` (map indices, ascending).
pub fn road_cells(map: &Map, at: Cell, radius: u16) -> Vec<usize> {
    let r = radius.min(MAX_CUT_RADIUS) as i32;
    let mut out = Vec::new();
    for dy in -r..=r {
        for dx in -r..=r {
            let c = Cell::new(at.x.saturating_add(dx as i16), at.y.saturating_add(dy as i16));
            if dx * dx + dy * dy <= r * r && map.in_bounds(c) && map.features(c) & feature::ANY_ROAD != 0 {
                out.push(map.idx(c));
            }
        }
    }
    out.sort_unstable();
    out
}

impl Game {
    /// A scripted event for the coming day (a white cell's `:event`), applied at its start
    /// after the scenario's own events of that day. Checked now: a bad one changes nothing.
    pub fn inject_event(&mut self, s: Script) -> Result<(), String> {
        self.check_script(&s)?;
        self.pending.push(s);
        Ok(())
    }

    /// Whether the engine can carry out `s` on this game's map with its unit types (the
    /// scenario loader says the same with the file's line and column).
    pub fn check_script(&self, s: &Script) -> Result<(), String> {
        match s {
            Script::Arrive { template, count, at, .. } => {
                if self.scenario_template(template).is_none() {
                    let ids: Vec<&str> = self.book.iter().map(|(k, _)| &**k).collect();
                    return Err(format!("unknown unit type `{template}`; expected one of: {}", ids.join(", ")));
                }
                if !(1..=MAX_ARRIVING).contains(count) {
                    return Err(format!("count {count} is outside its range 1..={MAX_ARRIVING}"));
                }
                if !self.map.in_bounds(*at) {
                    return Err(format!("cell {at} is off the map"));
                }
            }
            Script::CutRoad { at, radius, days } => {
                if !self.map.in_bounds(*at) {
                    return Err(format!("cell {at} is off the map"));
                }
                if *radius > MAX_CUT_RADIUS {
                    return Err(format!("radius {radius} is outside its range 0..={MAX_CUT_RADIUS}"));
                }
                if days.is_some_and(|d| !(1..=2000).contains(&d)) {
                    return Err(format!("days {} is outside its range 1..=2000", days.unwrap_or(0)));
                }
                if road_cells(&self.map, *at, *radius).is_empty() {
                    return Err(format!("no road within {radius} cells of {at} to cut"));
                }
            }
        }
        Ok(())
    }

    /// Roads cut today (cells), for the map.
    pub fn roads_cut(&self) -> Vec<Cell> {
        let mut v: Vec<Cell> = self.cuts.iter().flat_map(|c| c.cells.iter().map(|i| self.map.cell_at(*i))).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The start of a day (`self.day` is the new day): cuts that have run their days reopen,
    /// then the scenario's events of the day and the injected ones happen, in that order.
    pub(super) fn run_scripts(&mut self, ev: &mut Log) {
        let day = self.day;
        let before = self.cuts.len();
        let mut reopened = Vec::new();
        self.cuts.retain(|c| {
            let open = c.last_day.is_some_and(|d| d < day);
            if open {
                reopened.push((c.at, c.cells.len() as u32));
            }
            !open
        });
        for (at, cells) in reopened {
            ev.push(Event::RoadReopened { at, cells }, Audience::BOTH);
        }
        let mut due: Vec<Script> =
            self.scenario.events.iter().filter(|e| e.day == day).map(|e| e.what.clone()).collect();
        due.append(&mut self.pending);
        let mut roads_changed = self.cuts.len() != before;
        for s in due {
            // Checked when loaded or injected; one that cannot be carried out changes nothing.
            if self.check_script(&s).is_err() {
                continue;
            }
            self.injected = hash::mix_injection(self.injected, day, &s.key());
            match s {
                Script::Arrive { side, template, count, at, label } => {
                    self.arrive(side, &template, count, at, label.as_deref(), ev)
                }
                Script::CutRoad { at, radius, days } => {
                    let cells = road_cells(&self.map, at, radius);
                    let last_day = days.map(|d| day.saturating_add(d - 1));
                    ev.push(Event::RoadCut { at, cells: cells.len() as u32, last_day }, Audience::BOTH);
                    self.cuts.push(RoadCut { at, cells, last_day });
                    roads_changed = true;
                }
            }
        }
        if roads_changed {
            self.refresh_roads();
        }
    }

    /// The cut-road layer and the movement costs it changes, from the cuts in force.
    pub(super) fn refresh_roads(&mut self) {
        let n = self.map.len();
        self.layers.road_cut = if self.cuts.is_empty() {
            Vec::new()
        } else {
            let mut cut = vec![false; n];
            for c in &self.cuts {
                for &i in &c.cells {
                    cut[i] = true;
                }
            }
            cut
        };
        self.layers.enter_costs = phase::movement::enter_costs(&self.map, &self.rules, &self.layers.road_cut);
    }

    /// `count` units of `template` for `side`, on the cells it holds nearest `at` that are
    /// passable and free of enemy units, one a cell, nearest first (ties: the lower cell).
    fn arrive(&mut self, side: Side, template: &str, count: u32, at: Cell, label: Option<&str>, ev: &mut Log) {
        let n = self.map.len();
        let mut enemy = vec![false; n];
        for (u, p) in self.world.query::<(&Unit, &Pos)>().iter() {
            if u.side != side && self.map.in_bounds(p.0) {
                enemy[self.map.idx(p.0)] = true;
            }
        }
        let mut cells: Vec<Cell> = (0..n)
            .filter(|&i| self.control[i] == side && !enemy[i] && self.map.passable(self.map.cell_at(i)))
            .map(|i| self.map.cell_at(i))
            .collect();
        if cells.is_empty() {
            ev.push(Event::ArrivalTurnedBack { side, count }, Audience::only(side));
            return;
        }
        let want = (count as usize).min(cells.len());
        cells.select_nth_unstable_by_key(want - 1, |c| (c.dist2(at), *c));
        cells.truncate(want);
        cells.sort_unstable_by_key(|c| (c.dist2(at), *c));
        for k in 0..count as usize {
            let cell = cells[k % cells.len()];
            let unit = super::components::UnitId(self.index.len() as u32);
            let spawn = UnitSpawn {
                side,
                template: template.to_string(),
                cell: Some(cell),
                personnel: None,
                task: None,
                label: label.map(|l| if count > 1 { format!("{l} {}", k + 1) } else { l.to_string() }),
            };
            if self.spawn(&spawn).is_err() {
                ev.push(Event::ArrivalTurnedBack { side, count: count - k as u32 }, Audience::only(side));
                return;
            }
            ev.push(Event::Arrived { side, unit, cell }, Audience::only(side));
        }
    }
}

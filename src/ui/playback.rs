//! The day played out on the map: the viewer's picture after each phase of a resolved day, so
//! that units stand in the cells they stood in after that phase, struck cells and cells that
//! changed hands are marked, and the front line follows the ground.
//!
//! A frame is made from the viewer's picture before the day, its picture after it and the
//! day's events it was told, applied in order (as Zemeroth's screens animate the core's
//! events): moves and fall-backs put a unit in its new cell, arrivals and new units appear,
//! units destroyed or no longer seen go, captures turn a cell. Nothing here decides an
//! outcome: every change comes from an event the engine emitted.

use crate::sim::components::UnitId;
use crate::sim::events::{Event, Phase};
use crate::sim::map::{Cell, Map, Side};
use crate::sim::view::{SeenUnit, SideView};

use super::cells::{tally, CellUnits};

/// Both sides' pictures before a day was played: what the day's frames start from.
#[derive(Clone, Debug)]
pub struct DayStart {
    /// The day about to be played.
    pub day: u32,
    pub views: [SideView; 2],
}

/// The map as the viewer saw it after one phase.
#[derive(Clone, Debug, Default)]
pub struct PhaseFrame {
    pub cells: Vec<CellUnits>,
    pub control: Vec<Side>,
    pub front: Vec<bool>,
    /// Cells that changed hands in this phase, with the side that took them.
    pub taken: Vec<(Cell, Side)>,
    /// Cells struck in this phase: drones, guns, glide bombs, rockets, units hit crossing
    /// ground under drones, assaults.
    pub struck: Vec<Cell>,
    /// Cells units left in this phase (where a move or a fall-back began).
    pub trails: Vec<Cell>,
}

/// One unit's day as the viewer saw it.
struct Track<'a> {
    unit: &'a SeenUnit,
    own: bool,
    /// (phase, from, to) of each move, in order.
    moves: Vec<(Phase, Cell, Cell)>,
    /// Where it stood before any move, and after the last.
    start: Option<Cell>,
    end: Option<Cell>,
    /// It is on the map from this phase on (arrived, formed, newly detected).
    appears: Option<Phase>,
    /// It is gone from this phase on (destroyed, disbanded, no longer seen).
    gone: Option<Phase>,
    /// The last phase an event named it in.
    last_named: Option<Phase>,
}

impl Track<'_> {
    fn cell_at(&self, p: Phase) -> Option<Cell> {
        if self.appears.is_some_and(|a| p < a) || self.gone.is_some_and(|g| p >= g) {
            return None;
        }
        if let Some((_, _, to)) = self.moves.iter().rev().find(|(q, _, _)| *q <= p) {
            return Some(*to);
        }
        if let Some((_, from, _)) = self.moves.iter().find(|(q, _, _)| *q > p) {
            return Some(*from);
        }
        self.end.or(self.start)
    }
}

/// The frames of a day: one after each of `shown` (the phases the viewer saw, in order).
/// `before` and `after` are the units the viewer knew of before and after the day (own units
/// flagged), `control` who held each cell after it, `events` the day's events the viewer was
/// told, each with its phase, in the order they happened.
pub fn frames(
    map: &Map,
    viewer: Side,
    before: &[(SeenUnit, bool)],
    after: &[(SeenUnit, bool)],
    control: &[Side],
    events: &[(Phase, &Event)],
    shown: &[Phase],
) -> Vec<PhaseFrame> {
    let mut tracks: Vec<Track> = Vec::new();
    for (u, own) in after {
        let was = before.iter().find(|(b, _)| b.id == u.id);
        let appears = match was {
            Some(_) => None,
            // Newly detected enemies appear with the day's reconnaissance.
            None if !own => Some(Phase::Recon),
            // Own units new today appear when they arrive or form (found below).
            None => Some(Phase::Orders),
        };
        tracks.push(Track {
            unit: u,
            own: *own,
            moves: Vec::new(),
            start: was.and_then(|(b, _)| b.cell).or(u.cell),
            end: u.cell,
            appears,
            gone: None,
            last_named: None,
        });
    }
    for (u, own) in before {
        if after.iter().any(|(a, _)| a.id == u.id) {
            continue;
        }
        tracks.push(Track {
            unit: u,
            own: *own,
            moves: Vec::new(),
            start: u.cell,
            end: None,
            appears: None,
            gone: None,
            last_named: None,
        });
    }
    tracks.sort_by_key(|t| t.unit.id);
    let find = |tracks: &mut Vec<Track>, id: UnitId| tracks.iter().position(|t| t.unit.id == id);
    for (p, e) in events {
        match e {
            Event::Moved { unit, from, to, .. } | Event::FellBack { unit, from, to } => {
                if let Some(i) = find(&mut tracks, *unit) {
                    tracks[i].moves.push((*p, *from, *to));
                }
            }
            Event::ReserveArrived { unit, cell }
            | Event::UnitFormed { unit, cell, .. }
            | Event::Arrived { unit, cell, .. } => {
                if let Some(i) = find(&mut tracks, *unit) {
                    tracks[i].appears = Some(*p);
                    tracks[i].start = Some(*cell);
                }
            }
            _ => {}
        }
        for id in e.units() {
            if let Some(i) = find(&mut tracks, id) {
                tracks[i].last_named = Some(*p);
            }
        }
    }
    for t in &mut tracks {
        if t.end.is_some() {
            continue;
        }
        // Gone by the day's end: in the last phase that named it (destroyed, disbanded: the
        // frame is the map after the phase); an enemy no longer seen goes with the
        // reconnaissance at the latest.
        t.gone = Some(match (t.last_named, t.own) {
            (Some(g), true) => g,
            (None, true) => Phase::Orders,
            (g, false) => g.unwrap_or(Phase::Recon).max(Phase::Recon),
        });
    }
    shown
        .iter()
        .map(|&p| {
            let units: Vec<(SeenUnit, bool)> = tracks
                .iter()
                .filter_map(|t| t.cell_at(p).map(|c| (SeenUnit { cell: Some(c), ..t.unit.clone() }, t.own)))
                .collect();
            let mut ctl = control.to_vec();
            let mut taken = Vec::new();
            // Undo the captures after this phase, latest first.
            for (q, e) in events.iter().rev() {
                if let Event::CellCaptured { side, cell, .. } = e {
                    if *q > p && map.in_bounds(*cell) {
                        ctl[map.idx(*cell)] = side.other();
                    } else if *q == p {
                        taken.push((*cell, *side));
                    }
                }
            }
            let mut struck = Vec::new();
            let mut trails = Vec::new();
            for (q, e) in events {
                if *q != p {
                    continue;
                }
                match e {
                    Event::DroneStrike { cell, .. }
                    | Event::ArtilleryFire { cell, .. }
                    | Event::GlideBomb { cell, .. }
                    | Event::RocketStrike { cell, .. }
                    | Event::Exposed { cell, .. } => struck.push(*cell),
                    Event::Assault { target, .. } => struck.push(*target),
                    Event::Moved { from, .. } | Event::FellBack { from, .. } => trails.push(*from),
                    _ => {}
                }
            }
            let cells = tally(map, units.iter().map(|(u, own)| (u, *own)), viewer);
            let front = map.front_line(&ctl);
            PhaseFrame { cells, control: ctl, front, taken, struck, trails }
        })
        .collect()
}

/// The units a side knew of in a picture, own ones flagged; `all`: every unit of both sides
/// (the replay viewer's "both sides"), given the other side's picture.
pub fn known_units(view: &SideView, other: &SideView, all: bool) -> Vec<(SeenUnit, bool)> {
    let enemy = if all { &other.own } else { &view.enemy };
    view.own.iter().map(|u| (u.clone(), true)).chain(enemy.iter().map(|u| (u.clone(), false))).collect()
}

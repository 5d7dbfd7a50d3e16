//! Phase 2: reconnaissance. Paints each side's jamming, drone strike coverage and
//! observation over the map, then rolls which enemy units each side detects today.

use crate::sim::components::*;
use crate::sim::events::{Audience, Event, Log, Phase};
use crate::sim::map::{feature, Cell, Side};
use crate::sim::rng;
use crate::sim::rules::{DroneLink, DroneRole, UnitKind, UnitTemplate};
use crate::sim::scenario::Edge;
use crate::sim::spatial::Spatial;
use crate::sim::Game;

/// Paints `f(cell, old) -> new` over the disc of radius `r` around `c` (squared distance at
/// most r²), row by row, each row over its span.
fn paint_disc(g_w: i16, g_h: i16, grid: &mut [f32], c: Cell, r: i32, mut f: impl FnMut(usize, f32) -> f32) {
    let (cx, cy) = (c.x as i32, c.y as i32);
    for y in (cy - r).max(0)..=(cy + r).min(g_h as i32 - 1) {
        let left = r * r - (y - cy) * (y - cy);
        if left < 0 {
            continue;
        }
        // The row's half-width: the largest dx with dx² + dy² ≤ r².
        let span = left.isqrt();
        let (x0, x1) = ((cx - span).max(0), (cx + span).min(g_w as i32 - 1));
        if x1 < x0 {
            continue;
        }
        let row = y as usize * g_w as usize;
        let (a, b) = (row + x0 as usize, row + x1 as usize);
        for (i, v) in grid[a..=b].iter_mut().enumerate() {
            *v = f(a + i, *v);
        }
    }
}

/// Number of cells in a disc of radius r (for spreading sorties evenly).
fn disc_area(r: i32) -> f32 {
    let mut n = 0;
    for dy in -r..=r {
        for dx in -r..=r {
            if dx * dx + dy * dy <= r * r {
                n += 1;
            }
        }
    }
    n as f32
}

/// A drone unit's effective link: fiber-optic only if its side holds the edge.
pub fn effective_link(g: &Game, side: Side, link: DroneLink) -> DroneLink {
    if link == DroneLink::Fiber && g.side(side).has(Edge::FiberOptic) {
        DroneLink::Fiber
    } else {
        DroneLink::Radio
    }
}

/// Strike sorties a drone unit can fly today (before the side's stock is shared out).
pub fn sorties_today(g: &Game, u: &Unit, st: &Strength) -> f64 {
    sorties_of(g, u.side, g.template(u), st)
}

/// [`sorties_today`] of a unit of `side` and type `t`.
fn sorties_of(g: &Game, side: Side, t: &UnitTemplate, st: &Strength) -> f64 {
    let Some(d) = &t.drone else { return 0.0 };
    let manning = if st.full_personnel > 0 { st.personnel as f64 / st.full_personnel as f64 } else { 0.0 };
    let mut s = d.sorties as f64 * manning;
    if g.side(side).has(Edge::MassDroneUnits) {
        s *= g.rules.drones.mass_units_sortie_bonus;
    }
    s
}

/// Share of demanded sorties the side's drone stock can pay for today.
pub fn stock_factor(g: &Game, side: Side) -> f64 {
    let r = &g.rules.drones;
    // Summed in id order: float sums must not depend on the world's storage order.
    let mut demand: Vec<(UnitId, f64)> = Vec::new();
    for (u, st, _) in g.world.query::<(&Unit, &Strength, &Pos)>().iter() {
        if u.side != side || u.kind != UnitKind::Drone {
            continue;
        }
        let Some(d) = &g.template(u).drone else { continue };
        let per = match d.role {
            DroneRole::Recon => 0.0,
            DroneRole::Strike => r.drones_per_strike_sortie,
            DroneRole::Bomber => r.drones_per_bomber_sortie,
        };
        demand.push((u.id, sorties_today(g, u, st) * per));
    }
    demand.sort_unstable_by_key(|d| d.0);
    let need: f64 = demand.iter().map(|d| d.1).sum();
    if need <= 0.0 {
        1.0
    } else {
        (g.side(side).drones as f64 / need).min(1.0)
    }
}

/// The enemy units `side` detected today that stand in `sp`, with their entity and cell,
/// in id order: for phases that look for targets near a point without moving anyone.
pub fn detected_in(g: &Game, sp: &Spatial, side: Side) -> Vec<(UnitId, hecs::Entity, Cell)> {
    let mut out = Vec::new();
    for &id in g.detected(side) {
        let Some(e) = g.entity(id) else { continue };
        let Ok(c) = g.world.get::<&Pos>(e).map(|p| p.0) else { continue };
        if sp.at(c).iter().any(|x| x.0 == id && x.1 != side) {
            out.push((id, e, c));
        }
    }
    out
}

/// Chance that `side` finds a unit of signature `sig` (after movement, digging in and crowding)
/// in `cell` today: its observation there, the signature and the ground's concealment.
pub fn detect_chance(g: &Game, side: Side, cell: Cell, sig: f64) -> f64 {
    let o = g.layers.observe[side.index()][g.map.idx(cell)] as f64;
    if o >= 1.0 {
        return 1.0;
    }
    let te = g.rules.terrain.effect(g.map.terrain(cell));
    let mut conceal = te.concealment;
    if g.map.has(cell, feature::TREELINE) {
        conceal *= g.rules.terrain.treeline_concealment;
    }
    (o * sig * conceal).min(g.rules.recon.max_detect)
}

pub fn run(g: &mut Game, ev: &mut Log) {
    let (w, h) = (g.map.width, g.map.height);
    let n = g.map.len();
    // Jamming first: coverage and observation of radio drones depend on it.
    for s in Side::BOTH {
        let mut jam = std::mem::take(&mut g.layers.jam[s.index()]);
        jam.iter_mut().for_each(|v| *v = 0.0);
        for (u, p) in g.world.query::<(&Unit, &Pos)>().iter() {
            if u.side != s {
                continue;
            }
            if let Some(e) = &g.template(u).ew {
                let sup = e.suppression as f32;
                paint_disc(w, h, &mut jam, p.0, e.radius, |_, old| old.max(sup));
            }
        }
        g.layers.jam[s.index()] = jam;
    }
    for s in Side::BOTH {
        let enemy_jam = std::mem::take(&mut g.layers.jam[s.other().index()]);
        let mut cover = std::mem::take(&mut g.layers.cover[s.index()]);
        let mut obs = std::mem::take(&mut g.layers.observe[s.index()]);
        cover.iter_mut().for_each(|v| *v = 0.0);
        obs.iter_mut().for_each(|v| *v = 0.0);
        let stock = stock_factor(g, s) as f32;
        let rr = &g.rules.recon;
        // Each unit's type and strength taken with it (no lookup per unit), painted in id order.
        let mut units: Vec<(UnitId, Cell, Option<DroneSector>, u16, Strength)> = Vec::new();
        for (u, p, st, sec) in g.world.query::<(&Unit, &Pos, &Strength, Option<&DroneSector>)>().iter() {
            if u.side == s {
                units.push((u.id, p.0, sec.copied(), u.template, *st));
            }
        }
        units.sort_unstable_by_key(|u| u.0);
        for (_, at, sec, template, st) in &units {
            let t = &g.book[*template as usize].1;
            if let (Some(d), Some(sec)) = (&t.drone, sec) {
                let radio = effective_link(g, s, d.link) == DroneLink::Radio;
                match d.role {
                    DroneRole::Recon => {
                        let p = rr.recon_drone_detect as f32;
                        paint_disc(w, h, &mut obs, sec.centre, d.radius, |i, old| {
                            let j = if radio { 1.0 - enemy_jam[i] } else { 1.0 };
                            old.max(p * j)
                        });
                    }
                    DroneRole::Strike | DroneRole::Bomber => {
                        let r = g.rules.drones.sector_radius(d.radius, sec.interdict);
                        let per_cell = sorties_of(g, s, t, st) as f32 * stock / disc_area(r);
                        let p = rr.strike_drone_detect as f32;
                        paint_disc(w, h, &mut cover, sec.centre, r, |i, old| {
                            let j = if radio { 1.0 - enemy_jam[i] } else { 1.0 };
                            old + per_cell * j
                        });
                        paint_disc(w, h, &mut obs, sec.centre, r, |i, old| {
                            let j = if radio { 1.0 - enemy_jam[i] } else { 1.0 };
                            old.max(p * j)
                        });
                    }
                }
            }
            if t.sight > 0 {
                let bonus = if g.map.has(*at, feature::SPOIL_HEAP) { g.rules.terrain.spoil_heap_sight } else { 0 };
                let p = rr.ground_detect as f32;
                paint_disc(w, h, &mut obs, *at, t.sight + bonus, |_, old| old.max(p));
            }
            if t.kind.holds_ground() {
                paint_disc(w, h, &mut obs, *at, rr.contact_range, |_, _| 1.0);
            }
        }
        debug_assert_eq!(cover.len(), n);
        g.layers.jam[s.other().index()] = enemy_jam;
        g.layers.cover[s.index()] = cover;
        g.layers.observe[s.index()] = obs;
    }
    // Detection rolls. Soldiers per cell first: a crowd gives itself away.
    let mut crowd = vec![0u32; n];
    for (_, p, st) in g.world.query::<(&Unit, &Pos, &Strength)>().iter() {
        crowd[g.map.idx(p.0)] += st.personnel;
    }
    let crowd_sig = g.rules.recon.crowd_signature;
    let crowd_ref = g.rules.drones.crowd_reference;
    for s in Side::BOTH {
        let mut found = Vec::new();
        let mut targets: Vec<(UnitId, Cell, f64, bool)> = Vec::new();
        for (u, p, dug, moved) in g.world.query::<(&Unit, &Pos, &DugIn, &MovedToday)>().iter() {
            if u.side == s {
                continue;
            }
            let t = g.template(u);
            let mut sig = t.signature * (1.0 + crowd_sig * (crowd[g.map.idx(p.0)] as f64 / crowd_ref).min(1.0));
            if moved.0 {
                sig *= g.rules.recon.moving_signature;
            } else if dug.0 > 0 {
                sig *= g.rules.recon.dug_in_signature;
            }
            targets.push((u.id, p.0, sig, false));
        }
        targets.sort_unstable_by_key(|t| t.0);
        for (id, cell, sig, _) in targets {
            let o = g.layers.observe[s.index()][g.map.idx(cell)] as f64;
            if o <= 0.0 {
                continue;
            }
            let seen = if o >= 1.0 {
                true
            } else {
                let p = detect_chance(g, s, cell, sig);
                let mut r = g.rng(Phase::Recon, ((s as u64) << 32) | id.0 as u64);
                rng::chance(&mut r, p)
            };
            if seen {
                found.push(id);
            }
        }
        ev.push(Event::Recon { side: s, detected: found.len() as u32 }, Audience::only(s));
        g.detected[s.index()] = found;
    }
}

//! Phase 3: drone strikes. Each strike or bomber unit spends its sorties on detected enemy
//! units inside its sector. Density draws fire: a cell's pull on sorties grows faster than
//! the signature in it, and a hit on a crowded cell wounds more (massing is punished).
//! Enemy jamming degrades radio drones; fiber-optic drones ignore it.

use crate::sim::components::*;
use crate::sim::events::{Event, Log, LossCause, Phase};
use crate::sim::map::{feature, Cell, Side};
use crate::sim::phase::recon::{detected_in, effective_link, sorties_today, stock_factor};
use crate::sim::rng;
use crate::sim::rules::{DroneLink, DroneRole, UnitKind};
use crate::sim::spatial::Spatial;
use crate::sim::Game;

/// Chance that one sortie or shell hits a unit in `cell` with `dug` levels of digging in.
pub fn cover_factor(g: &Game, cell: Cell, dug: u8) -> f64 {
    let t = &g.rules.terrain;
    let mut f = t.effect(g.map.terrain(cell)).cover;
    if g.map.has(cell, feature::TREELINE) {
        f *= t.treeline_cover;
    }
    for _ in 0..dug {
        f *= g.rules.drones.dug_in_cover_per_level;
    }
    f
}

struct Target {
    id: UnitId,
    sig: f64,
    /// Most sorties this unit will spend on it today.
    cap: u32,
}

/// What strikes read of a unit on the map, gathered once for the phase by unit id (the
/// strikes' own losses are booked into it as they are inflicted: nothing else in the phase
/// changes a unit).
#[derive(Clone, Copy, Debug, Default)]
struct Present {
    personnel: u32,
    vehicles: u32,
    signature: f64,
    troops_per_vehicle: f64,
    dug: u8,
    moved: bool,
    hub: bool,
}

pub fn run(g: &mut Game, ev: &mut Log) {
    let sp = Spatial::build(&g.map, &g.world);
    let mut units = vec![Present::default(); g.index.len()];
    for (u, st, dug, moved, _) in
        g.world.query::<(&Unit, &Strength, Option<&DugIn>, Option<&MovedToday>, &Pos)>().iter()
    {
        let t = g.template(u);
        units[u.id.0 as usize] = Present {
            personnel: st.personnel,
            vehicles: st.vehicles,
            signature: t.signature,
            troops_per_vehicle: t.troops_per_vehicle,
            dug: dug.map(|d| d.0).unwrap_or(0),
            moved: moved.map(|m| m.0).unwrap_or(false),
            hub: u.kind == UnitKind::SupplyHub,
        };
    }
    for side in Side::BOTH {
        let stock = stock_factor(g, side);
        let mut drones: Vec<(UnitId, DroneSector)> = g
            .world
            .query::<(&Unit, &Pos, &DroneSector)>()
            .iter()
            .filter(|(u, _, _)| u.side == side && u.kind == UnitKind::Drone)
            .map(|(u, _, s)| (u.id, *s))
            .collect();
        drones.sort_unstable_by_key(|d| d.0);
        let seen = detected_in(g, &sp, side);
        for (id, sector) in drones {
            strike(g, &sp, &mut units, &seen, side, id, sector, stock, ev);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn strike(
    g: &mut Game,
    sp: &Spatial,
    units: &mut [Present],
    seen: &[(UnitId, hecs::Entity, Cell)],
    side: Side,
    id: UnitId,
    sector: DroneSector,
    stock: f64,
    ev: &mut Log,
) {
    let Some(e) = g.entity(id) else { return };
    let (d, sorties_f) = {
        let u = g.world.get::<&Unit>(e).expect("unit");
        let st = *g.world.get::<&Strength>(e).expect("strength");
        let Some(d) = g.template(&u).drone.clone() else { return };
        (d, sorties_today(g, &u, &st) * stock)
    };
    if d.role == DroneRole::Recon {
        return;
    }
    let mut r = g.rng(Phase::Drones, id.0 as u64);
    let sorties = rng::round_random(&mut r, sorties_f);
    if sorties == 0 {
        return;
    }
    let radius = g.rules.drones.sector_radius(d.radius, sector.interdict);
    let rules = g.rules.drones.clone();
    let enemy = side.other();
    let detected = g.detected(side);
    // Candidate cells with their pull, the range of their detected targets in `targets` and
    // the enemy personnel in them (one list of targets for all cells: no list per cell).
    let mut cells: Vec<(Cell, f64, std::ops::Range<usize>, u32)> = Vec::new();
    let mut targets: Vec<Target> = Vec::new();
    // Only cells holding a detected enemy unit can become candidates: when the detected
    // units are fewer than the disc's cells, find those cells from them, visited in the same
    // order as the disc scan (row by row, that is by cell index).
    let side_len = 2 * radius as i64 + 1;
    let near: Vec<usize> = if (seen.len() as i64) < side_len * side_len {
        let mut near: Vec<usize> =
            seen.iter().filter(|x| x.2.dist2(sector.centre) <= radius * radius).map(|x| g.map.idx(x.2)).collect();
        near.sort_unstable();
        near.dedup();
        near
    } else {
        sp.around(sector.centre, radius)
            .filter(|c| c.dist2(sector.centre) <= radius * radius)
            .map(|c| g.map.idx(c))
            .collect()
    };
    for c in near.into_iter().map(|i| g.map.cell_at(i)) {
        let first = targets.len();
        let mut sig_sum = 0.0;
        let mut crowd = 0;
        for &(uid, s, _) in sp.at(c) {
            if s != enemy {
                continue;
            }
            let t = units[uid.0 as usize];
            let st = t.personnel;
            crowd += st;
            if detected.binary_search(&uid).is_err() {
                continue;
            }
            let mut sig = t.signature;
            if sector.interdict && (t.moved || t.hub) {
                // Hunting a route: traffic and depots come first.
                sig *= rules.interdict_priority;
            }
            sig_sum += sig;
            let veh = t.vehicles;
            let cap = libm::ceil(st as f64 * rules.max_sorties_per_soldier + veh as f64 * rules.max_sorties_per_vehicle)
                as u32;
            targets.push(Target { id: uid, sig, cap: cap.max(1) });
        }
        if targets.len() > first {
            cells.push((c, libm::pow(sig_sum, rules.massing_exponent), first..targets.len(), crowd));
        }
    }
    if cells.is_empty() {
        return;
    }
    let per = match d.role {
        DroneRole::Bomber => rules.drones_per_bomber_sortie,
        _ => rules.drones_per_strike_sortie,
    };
    let link = effective_link(g, side, d.link);
    // Sorties per target, decided by weighted draws; a target that has drawn its cap drops out,
    // and sorties left when every target has are not flown. Counted per target (each target
    // is in one cell), then taken in id order.
    let mut drawn = vec![0u32; targets.len()];
    let mut total: f64 = cells.iter().map(|c| c.1).sum();
    let mut flown = 0;
    while flown < sorties && total > 0.0 {
        let mut x = rng::roll(&mut r) * total;
        let mut ci = cells.len() - 1;
        for (i, c) in cells.iter().enumerate() {
            if c.1 > 0.0 && x < c.1 {
                ci = i;
                break;
            }
            x -= c.1;
        }
        if cells[ci].1 <= 0.0 {
            break;
        }
        let range = cells[ci].2.clone();
        let ts = &mut targets[range.clone()];
        let ssum: f64 = ts.iter().map(|t| t.sig).sum();
        let mut y = rng::roll(&mut r) * ssum;
        let mut pick = ts.len() - 1;
        for (i, t) in ts.iter().enumerate() {
            if t.sig > 0.0 && y < t.sig {
                pick = i;
                break;
            }
            y -= t.sig;
        }
        let n = &mut drawn[range.start + pick];
        *n += 1;
        flown += 1;
        if *n >= ts[pick].cap {
            ts[pick].sig = 0.0;
            let left: f64 = ts.iter().map(|t| t.sig).sum();
            cells[ci].1 = if left > 0.0 { libm::pow(left, rules.massing_exponent) } else { 0.0 };
            total = cells.iter().map(|c| c.1).sum();
        }
    }
    let mut tally: Vec<(UnitId, usize, u32)> = Vec::new();
    for (ci, c) in cells.iter().enumerate() {
        for k in c.2.clone() {
            if drawn[k] > 0 {
                tally.push((targets[k].id, ci, drawn[k]));
            }
        }
    }
    tally.sort_unstable_by_key(|t| t.0);
    let sorties = flown;
    let spent = libm::ceil(sorties as f64 * per) as u32;
    let sd = &mut g.sides[side.index()];
    sd.drones = sd.drones.saturating_sub(spent);
    for (target, ci, n) in tally {
        let (cell, crowd) = (cells[ci].0, cells[ci].3);
        let Some(te) = g.entity(target) else { continue };
        let t = units[target.0 as usize];
        let (dug, tp, tv, per_vehicle) = (t.dug, t.personnel, t.vehicles, t.troops_per_vehicle);
        if tp == 0 && tv == 0 {
            continue;
        }
        let jamming =
            if link == DroneLink::Radio { 1.0 - g.layers.jam[enemy.index()][g.map.idx(cell)] as f64 } else { 1.0 };
        let mut p = rules.hit_chance * cover_factor(g, cell, dug) * jamming;
        let mut cas =
            rules.casualties_per_hit * (1.0 + rules.crowd_bonus * (crowd as f64 / rules.crowd_reference).min(1.0));
        if d.role == DroneRole::Bomber {
            p *= rules.bomber_hit_bonus;
            cas *= rules.bomber_casualty_bonus;
        }
        let p = p.min(rules.max_hit_chance);
        let hits = rng::binomial(&mut r, n, p);
        let mut personnel = 0;
        let mut vehicles = 0;
        for _ in 0..hits {
            if tv > vehicles && rng::chance(&mut r, rules.vehicle_hit_share) {
                if rng::chance(&mut r, rules.vehicle_kill_chance) {
                    vehicles += 1;
                    personnel = rng::round_random(&mut r, per_vehicle).saturating_add(personnel);
                }
            } else {
                personnel = rng::round_random(&mut r, cas).saturating_add(personnel);
            }
        }
        let (lp, lv) = g.inflict(te, LossCause::Drones, personnel, vehicles);
        let t = &mut units[target.0 as usize];
        t.personnel -= lp;
        t.vehicles -= lv;
        // The drone's side, and the side struck (the target was one it had detected).
        let audience = g.audience(side, id).with(enemy);
        let strike = Event::DroneStrike {
            side,
            drone: Some(id),
            target,
            cell,
            sorties: n,
            hits,
            personnel: lp,
            vehicles: lv,
            hit_chance: p,
            jamming,
            crowd,
        };
        ev.push(strike, audience);
    }
}

//! Phase 6: supply. Traced from each side's entry points to its hubs, and from hubs to
//! units, along the route that loses least: roads lose little, open tracks more, and every
//! cell under enemy drone coverage loses throughput (the drone line's purpose). Units
//! below the cut threshold count days cut off and lose cohesion faster each day.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::sim::components::*;
use crate::sim::events::{Audience, Event, Log};
use crate::sim::map::{feature, Side, Terrain};
use crate::sim::rules::UnitKind;
use crate::sim::Game;

/// Costs are −ln(share that gets through) in units of 1/10,000, so the route search runs on
/// integers (exact and the same on every machine).
const SCALE: f64 = 10_000.0;
const UNREACHABLE: u32 = u32::MAX;

fn to_units(x: f64) -> u32 {
    libm::round(x * SCALE).clamp(0.0, (UNREACHABLE - 1) as f64) as u32
}

/// Per-cell cost for `side`'s supply, written into `out`; unreachable where supply cannot
/// pass (water, enemy-held ground, cells with enemy units, marked in `enemy_here`).
fn cell_costs(g: &Game, enemy_here: &[bool], side: Side, out: &mut Vec<u32>) {
    let r = &g.rules.supply;
    let enemy_cover = &g.layers.cover[side.other().index()];
    let road = -libm::log(1.0 - r.loss_per_road_cell);
    let offroad = -libm::log(1.0 - r.loss_per_offroad_cell);
    // Neighbouring cells often carry the same coverage: the interdiction term is a pure
    // function of it, so the last one computed is reused when the coverage repeats.
    let mut last: Option<(u32, f64)> = None;
    // Off the drones' coverage a cell costs its ground alone (off road, on road).
    let plain = [to_units(offroad + 0.0).max(1), to_units(road + 0.0).max(1)];
    // Roads cut by a scripted event carry supply no better than the ground around them.
    let cut = &g.layers.road_cut;
    out.clear();
    out.extend((0..g.map.len()).map(|i| {
        if g.control[i] != side || g.map.terrain[i] == Terrain::Water || enemy_here[i] {
            return UNREACHABLE;
        }
        let on_road = g.map.features[i] & feature::ANY_ROAD != 0 && (cut.is_empty() || !cut[i]);
        let cov32 = enemy_cover[i];
        let cov = cov32 as f64;
        let base = if on_road { road } else { offroad };
        let inter = if cov > 0.0 {
            match last {
                Some((bits, v)) if bits == cov32.to_bits() => v,
                _ => {
                    let v = -libm::log(1.0 - (r.interdiction_per_coverage * cov).min(r.max_cell_loss).min(0.999));
                    last = Some((cov32.to_bits(), v));
                    v
                }
            }
        } else {
            return plain[on_road as usize];
        };
        to_units(base + inter).max(1)
    }));
}

/// Buffers for [`spread`], reused across the searches of one supply phase.
struct SpreadScratch {
    dist: Vec<u32>,
    steps_left: Vec<i32>,
    is_target: Vec<bool>,
    heap: BinaryHeap<Reverse<u64>>,
}

/// Multi-source shortest paths over 4-neighbours: sources are (cell index, starting cost,
/// steps allowed). With `targets`, the search stops once all of them are settled. Leaves
/// the cost per cell in `scratch.dist`.
fn spread(g: &Game, costs: &[u32], sources: &[(usize, u32, i32)], targets: &[usize], scratch: &mut SpreadScratch) {
    let n = g.map.len();
    let w = g.map.width as usize;
    let h = g.map.height as usize;
    let SpreadScratch { dist, steps_left, is_target, heap } = scratch;
    dist.clear();
    dist.resize(n, UNREACHABLE);
    steps_left.clear();
    steps_left.resize(n, 0);
    heap.clear();
    // Keys are (cost << 32 | cell), popped smallest first: one comparison orders both.
    let pack = |c: u32, i: usize| Reverse(((c as u64) << 32) | i as u64);
    for &(i, c, s) in sources {
        if c < dist[i] {
            dist[i] = c;
            steps_left[i] = s;
            heap.push(pack(c, i));
        }
    }
    let mut wanted = targets.len();
    is_target.clear();
    is_target.resize(if targets.is_empty() { 0 } else { n }, false);
    for &t in targets {
        is_target[t] = true;
    }
    while let Some(Reverse(k)) = heap.pop() {
        let (d, i) = ((k >> 32) as u32, (k & 0xffff_ffff) as usize);
        if d != dist[i] {
            continue;
        }
        if !targets.is_empty() && is_target[i] {
            is_target[i] = false;
            wanted -= 1;
            if wanted == 0 {
                break;
            }
        }
        if steps_left[i] <= 0 {
            continue;
        }
        let (x, y) = (i % w, i / w);
        // North, east, south, west (a plain loop, not a closure per neighbour: the search's
        // inner step stays inlined whatever else the compiler inlines).
        let next = [(y > 0, i.wrapping_sub(w)), (x + 1 < w, i + 1), (y + 1 < h, i + w), (x > 0, i.wrapping_sub(1))];
        for (on_map, j) in next {
            if !on_map {
                continue;
            }
            let cj = costs[j];
            if cj == UNREACHABLE {
                continue;
            }
            // Saturating: a sum past the largest cost is as good as unreachable.
            let c = d.saturating_add(cj);
            if c < dist[j] {
                dist[j] = c;
                steps_left[j] = steps_left[i] - 1;
                heap.push(pack(c, j));
            }
        }
    }
}

/// The share of supply that gets through a route of cost `d`.
fn throughput(d: u32) -> f64 {
    if d == UNREACHABLE {
        0.0
    } else {
        libm::exp(-(d as f64) / SCALE)
    }
}

pub fn run(g: &mut Game, ev: &mut Log) {
    let r = g.rules.supply.clone();
    let n = g.map.len();
    // Cells holding units of each side (what `Spatial::has_side` would say of them).
    let mut occupied = [vec![false; n], vec![false; n]];
    for (u, p) in g.world.query::<(&Unit, &Pos)>().iter() {
        if g.map.in_bounds(p.0) {
            occupied[u.side.index()][g.map.idx(p.0)] = true;
        }
    }
    let mut costs = Vec::with_capacity(n);
    let mut scratch = SpreadScratch {
        dist: Vec::new(),
        steps_left: Vec::new(),
        is_target: Vec::new(),
        heap: BinaryHeap::with_capacity(n / 2),
    };
    let mut from_rear = Vec::with_capacity(n);
    for side in Side::BOTH {
        cell_costs(g, &occupied[side.other().index()], side, &mut costs);
        let max_steps = (g.map.width as i32 + g.map.height as i32) * 2;
        let entries: Vec<(usize, u32, i32)> = g.sides[side.index()]
            .supply_entries
            .iter()
            .filter(|c| g.map.in_bounds(**c) && costs[g.map.idx(**c)] != UNREACHABLE)
            .map(|c| (g.map.idx(*c), 0, max_steps))
            .collect();
        // Hubs: their throughput is what reaches them from the rear.
        let mut hubs: Vec<(UnitId, usize, f64, i32, f64)> = Vec::new();
        let mut damaged = Vec::new();
        for (u, p, sup, dmg) in g.world.query::<(&Unit, &Pos, &Supply, Option<&HubDamaged>)>().iter() {
            if u.side != side || u.kind != UnitKind::SupplyHub {
                continue;
            }
            let reach = g.template(u).hub.as_ref().map(|h| h.reach).unwrap_or(0);
            hubs.push((u.id, g.map.idx(p.0), 0.0, reach, sup.level));
            damaged.push(dmg.is_some_and(|d| d.until_day > g.day));
        }
        let targets: Vec<usize> = hubs.iter().map(|h| h.1).collect();
        spread(g, &costs, &entries, &targets, &mut scratch);
        std::mem::swap(&mut from_rear, &mut scratch.dist);
        for (h, dmg) in hubs.iter_mut().zip(damaged) {
            h.2 = if dmg { 0.0 } else { throughput(from_rear[h.1]) };
        }
        hubs.sort_unstable_by_key(|h| h.0);
        let sources: Vec<(usize, u32, i32)> =
            hubs.iter().filter(|h| h.2 > 0.0).map(|h| (h.1, from_rear[h.1], h.3)).collect();
        spread(g, &costs, &sources, &[], &mut scratch);
        // The field is a pure function of each cell's route cost: only cells whose cost
        // changed since the last supply phase need the exponential again.
        let out = &mut g.layers.supply_field[side.index()];
        let last = &mut g.layers.supply_cost[side.index()];
        if last.len() != out.len() {
            last.clear();
            last.resize(out.len(), UNREACHABLE);
            for (o, d) in out.iter_mut().zip(&scratch.dist) {
                *o = throughput(*d) as f32;
            }
        } else {
            for ((o, d), l) in out.iter_mut().zip(&scratch.dist).zip(last.iter()) {
                if d != l {
                    *o = throughput(*d) as f32;
                }
            }
        }
        last.copy_from_slice(&scratch.dist);
        for (id, _, t, _, before) in &hubs {
            if let Some(e) = g.entity(*id) {
                if *t < r.cut_threshold && *before >= r.cut_threshold {
                    ev.push(Event::HubCut { hub: *id, throughput: *t }, Audience::only(side));
                }
                if let Ok(mut s) = g.world.get::<&mut Supply>(e) {
                    s.level = *t;
                }
            }
        }
        // Units draw from the field.
        let mut units: Vec<(UnitId, usize, hecs::Entity, u32)> = g
            .world
            .query::<(hecs::Entity, &Unit, &Pos)>()
            .iter()
            .filter(|(_, u, _)| u.side == side && u.kind != UnitKind::SupplyHub)
            .map(|(e, u, p)| (u.id, g.map.idx(p.0), e, g.template(u).stocks_days))
            .collect();
        units.sort_unstable_by_key(|u| u.0);
        for (id, i, e, stocks) in units {
            // A unit standing in ground not yet its side's (infiltrators, attackers who just
            // moved in) is supplied from the best neighbouring cell its side holds.
            let field = &g.layers.supply_field[side.index()];
            let here = g.map.cell_at(i);
            let from_next = g.map.neighbours(here).map(|n| field[g.map.idx(n)] as f64).fold(0.0, f64::max)
                * (1.0 - r.loss_per_offroad_cell);
            let level = (field[i] as f64).max(from_next);
            let Ok((sup, coh)) = g.world.query_one_mut::<(&mut Supply, &mut Cohesion)>(e) else { continue };
            sup.level = level;
            // Stocks: a unit lives on the cut threshold's share of full throughput; what comes on
            // top refills what it carries (up to its stocks' days), what is missing is eaten from it.
            let delivered = level / r.cut_threshold;
            let carried = sup.stocks;
            sup.stocks = (sup.stocks + delivered - 1.0).clamp(0.0, stocks as f64);
            if level < r.cut_threshold {
                sup.days_cut += 1;
                // Once what it carries is gone, cohesion drains faster each further day.
                if carried <= 0.0 {
                    sup.days_empty += 1;
                    coh.0 = (coh.0 - r.cohesion_loss_per_cut_day * sup.days_empty as f64).max(0.0);
                }
                if sup.days_cut == 1 || sup.days_cut % 3 == 0 {
                    ev.push(Event::SupplyCut { unit: id, level, days: sup.days_cut }, Audience::only(side));
                }
            } else {
                if sup.days_cut > 0 {
                    ev.push(Event::SupplyRestored { unit: id, level }, Audience::only(side));
                }
                sup.days_cut = 0;
                sup.days_empty = 0;
                coh.0 = (coh.0 + r.cohesion_regain * level).min(1.0);
            }
        }
    }
}

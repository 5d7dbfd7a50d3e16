//! Phase 6: supply. Traced from each side's entry points to its hubs, and from hubs to
//! units, along the route that loses least: roads lose little, open tracks more, and every
//! cell under enemy drone coverage loses throughput (the drone line's purpose). Units
//! below the cut threshold count days cut off and lose cohesion faster each day.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::sim::components::*;
use crate::sim::events::Event;
use crate::sim::map::{feature, Side};
use crate::sim::rules::UnitKind;
use crate::sim::spatial::Spatial;
use crate::sim::Game;

/// Per-cell cost (−ln of the share that gets through) for `side`'s supply; infinite where
/// supply cannot pass (water, enemy-held ground, cells with enemy units).
fn cell_costs(g: &Game, sp: &Spatial, side: Side) -> Vec<f64> {
    let r = &g.rules.supply;
    let enemy_cover = &g.cover[side.other().index()];
    (0..g.map.len())
        .map(|i| {
            let c = g.map.cell_at(i);
            if !g.map.passable(c) || g.control[i] != side || sp.has_side(c, side.other()) {
                return f64::INFINITY;
            }
            let base =
                if g.map.features[i] & feature::ANY_ROAD != 0 { r.loss_per_road_cell } else { r.loss_per_offroad_cell };
            let inter = (r.interdiction_per_coverage * enemy_cover[i] as f64).min(r.max_cell_loss);
            let keep = (1.0 - base) * (1.0 - inter);
            -libm::log(keep.max(1e-9))
        })
        .collect()
}

/// Multi-source Dijkstra over 4-neighbours: sources are (cell index, starting cost,
/// steps allowed). Returns the cost per cell (infinite where unreachable).
fn spread(g: &Game, costs: &[f64], sources: &[(usize, f64, i32)]) -> Vec<f64> {
    let n = g.map.len();
    let w = g.map.width as usize;
    let h = g.map.height as usize;
    let mut dist = vec![f64::INFINITY; n];
    let mut steps_left = vec![0i32; n];
    let mut heap = BinaryHeap::new();
    let key = |c: f64| (c * 1e9) as u64;
    for &(i, c, s) in sources {
        if c < dist[i] {
            dist[i] = c;
            steps_left[i] = s;
            heap.push(Reverse((key(c), i)));
        }
    }
    while let Some(Reverse((k, i))) = heap.pop() {
        if k > key(dist[i]) {
            continue;
        }
        if steps_left[i] <= 0 {
            continue;
        }
        let (x, y) = (i % w, i / w);
        let mut relax = |j: usize| {
            let c = dist[i] + costs[j];
            if c < dist[j] {
                dist[j] = c;
                steps_left[j] = steps_left[i] - 1;
                heap.push(Reverse((key(c), j)));
            }
        };
        if y > 0 {
            relax(i - w);
        }
        if x + 1 < w {
            relax(i + 1);
        }
        if y + 1 < h {
            relax(i + w);
        }
        if x > 0 {
            relax(i - 1);
        }
    }
    dist
}

pub fn run(g: &mut Game, ev: &mut Vec<Event>) {
    let sp = Spatial::build(&g.map, &g.world);
    let r = g.rules.supply.clone();
    for side in Side::BOTH {
        let costs = cell_costs(g, &sp, side);
        let max_steps = (g.map.width as i32 + g.map.height as i32) * 2;
        let entries: Vec<(usize, f64, i32)> = g.sides[side.index()]
            .supply_entries
            .iter()
            .filter(|c| g.map.in_bounds(**c) && costs[g.map.idx(**c)].is_finite())
            .map(|c| (g.map.idx(*c), 0.0, max_steps))
            .collect();
        let from_rear = spread(g, &costs, &entries);
        // Hubs: their throughput is what reaches them from the rear.
        let mut hubs: Vec<(UnitId, usize, f64, i32, f64)> = Vec::new();
        for (u, p, sup, dmg) in g.world.query::<(&Unit, &Pos, &Supply, Option<&HubDamaged>)>().iter() {
            if u.side != side || u.kind != UnitKind::SupplyHub {
                continue;
            }
            let i = g.map.idx(p.0);
            let damaged = dmg.is_some_and(|d| d.until_day > g.day);
            let t = if damaged { 0.0 } else { libm::exp(-from_rear[i]) };
            let reach = g.template(u).hub.as_ref().map(|h| h.reach).unwrap_or(0);
            hubs.push((u.id, i, t, reach, sup.level));
        }
        hubs.sort_unstable_by_key(|h| h.0);
        let sources: Vec<(usize, f64, i32)> =
            hubs.iter().filter(|h| h.2 > 0.0).map(|h| (h.1, -libm::log(h.2), h.3)).collect();
        let field = spread(g, &costs, &sources);
        let out = &mut g.supply_field[side.index()];
        for (o, d) in out.iter_mut().zip(&field) {
            *o = if d.is_finite() { libm::exp(-d) as f32 } else { 0.0 };
        }
        for (id, _, t, _, before) in &hubs {
            if let Some(e) = g.entity(*id) {
                if *t < r.cut_threshold && *before >= r.cut_threshold {
                    ev.push(Event::HubCut { hub: *id, throughput: *t });
                }
                if let Ok(mut s) = g.world.get::<&mut Supply>(e) {
                    s.level = *t;
                }
            }
        }
        // Units draw from the field.
        let mut units: Vec<(UnitId, usize)> = g
            .world
            .query::<(&Unit, &Pos)>()
            .iter()
            .filter(|(u, _)| u.side == side && u.kind != UnitKind::SupplyHub)
            .map(|(u, p)| (u.id, g.map.idx(p.0)))
            .collect();
        units.sort_unstable();
        for (id, i) in units {
            let Some(e) = g.entity(id) else { continue };
            let level = g.supply_field[side.index()][i] as f64;
            let Ok((sup, coh)) = g.world.query_one_mut::<(&mut Supply, &mut Cohesion)>(e) else { continue };
            sup.level = level;
            if level < r.cut_threshold {
                sup.days_cut += 1;
                coh.0 = (coh.0 - r.cohesion_loss_per_cut_day * sup.days_cut as f64).max(0.0);
                if sup.days_cut == 1 || sup.days_cut % 3 == 0 {
                    ev.push(Event::SupplyCut { unit: id, level, days: sup.days_cut });
                }
            } else {
                if sup.days_cut > 0 {
                    ev.push(Event::SupplyRestored { unit: id, level });
                }
                sup.days_cut = 0;
                coh.0 = (coh.0 + r.cohesion_regain * level).min(1.0);
            }
        }
    }
}

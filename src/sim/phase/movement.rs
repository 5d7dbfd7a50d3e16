//! Phase 5: movement and assaults. Units move along the cheapest path their movement
//! allows (roads are fast, kill zones are avoided where possible); every cell crossed under
//! enemy drone coverage is a roll to be hit, so open ground is deadly and fast, small
//! groups cross it best. Then assaults are resolved from the engine's odds with one roll.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

use hecs::Entity;

use crate::sim::components::*;
use crate::sim::events::{AssaultOdds, Audience, Event, Log, LossCause, Phase};
use crate::sim::map::{feature, Cell, Map, Side};
use crate::sim::phase::drones::cover_factor;
use crate::sim::rng;
use crate::sim::rules::{AssaultRules, Rules, UnitKind};
use crate::sim::spatial::Spatial;
use crate::sim::view::{SeenUnit, SideView};
use crate::sim::Game;

/// Movement points for `side` to enter a cell: ground the enemy holds is crossed carefully,
/// off the tracks and by night, at the rules' multiple of the cost.
pub fn step_cost(g: &Game, side: Side, c: Cell) -> f64 {
    let i = g.map.idx(c);
    let base = g.layers.enter_costs[i];
    if g.control[i] != side {
        base * g.rules.movement.enemy_ground_cost
    } else {
        base
    }
}

/// Chance that a unit moving through `cell` under `coverage` expected enemy sorties a day is
/// hit there: the hazard grows with the coverage, the share of the day it spends in the cell
/// (its cost over the unit's speed: fast groups are exposed for less time) and the unit's
/// signature (a crowd or a column is found and hit more than a few men), less the cover the
/// ground gives.
pub fn crossing_hit_chance(g: &Game, cell: Cell, coverage: f64, cost: f64, speed: f64, signature: f64) -> f64 {
    let mr = &g.rules.movement;
    if coverage <= 0.0 || speed <= 0.0 {
        return 0.0;
    }
    let hazard = mr.exposure_per_sortie_day
        * coverage.min(mr.coverage_cap)
        * (cost / speed)
        * signature
        * cover_factor(g, cell, 0);
    (1.0 - libm::exp(-hazard)).min(mr.max_exposure)
}

/// Movement points to enter each cell of the map (the table behind [`step_cost`]), from the
/// map, the rules and the roads cut (`road_cut`, per cell; empty for none): built again when
/// a change or a scripted event alters one of them.
pub fn enter_costs(map: &Map, rules: &Rules, road_cut: &[bool]) -> Vec<f64> {
    let t = &rules.terrain;
    (0..map.len())
        .map(|i| {
            let mut f = map.features[i];
            // A cut road is crossed like the ground around it.
            if road_cut.get(i).copied().unwrap_or(false) {
                f &= !feature::ANY_ROAD;
            }
            if f & feature::HIGHWAY != 0 {
                t.highway_move_cost
            } else if f & feature::ROAD != 0 {
                t.road_move_cost
            } else {
                let mut cost = t.effect(map.terrain[i]).move_cost;
                if f & feature::RIVER != 0 {
                    cost += t.river_extra_cost;
                }
                cost
            }
        })
        .collect()
}

/// Reusable buffers for path searches within one phase (no per-search allocation of a
/// map-sized table).
pub struct PathScratch {
    stamp: u32,
    seen: Vec<u32>,
    cost: Vec<f64>,
    parent: Vec<u32>,
    heap: BinaryHeap<Reverse<(u64, u32)>>,
}

impl PathScratch {
    pub fn new(cells: usize) -> PathScratch {
        PathScratch {
            stamp: 0,
            seen: vec![0; cells],
            cost: vec![0.0; cells],
            parent: vec![0; cells],
            heap: BinaryHeap::new(),
        }
    }
}

/// Cheapest path from `from` to `to` (excluding `from`), avoiding cells with enemy units
/// and, for support units, enemy-held cells. Bounded by the rules' search limit; if the goal
/// is not reached, the path to the explored cell nearest the goal is returned.
#[allow(clippy::too_many_arguments)]
pub fn path(
    g: &Game,
    sp: &Spatial,
    scratch: &mut PathScratch,
    side: Side,
    from: Cell,
    to: Cell,
    own_ground_only: bool,
    horizon: f64,
) -> Vec<Cell> {
    path_avoiding(g, scratch, side, from, to, own_ground_only, horizon, |c| sp.has_side(c, side.other()))
}

/// [`path`] with the cells held by enemy units given by `enemy_at`: the true positions on the
/// day, or only those a side has detected when it plans (see `Game::route_preview`).
#[allow(clippy::too_many_arguments)]
pub fn path_avoiding(
    g: &Game,
    scratch: &mut PathScratch,
    side: Side,
    from: Cell,
    to: Cell,
    own_ground_only: bool,
    horizon: f64,
    enemy_at: impl Fn(Cell) -> bool,
) -> Vec<Cell> {
    let m = &g.map;
    if from == to || !m.in_bounds(to) {
        return Vec::new();
    }
    scratch.stamp = scratch.stamp.wrapping_add(1);
    if scratch.stamp == 0 {
        scratch.seen.iter_mut().for_each(|s| *s = 0);
        scratch.stamp = 1;
    }
    let stamp = scratch.stamp;
    let enemy_cover = &g.layers.cover[side.other().index()];
    let penalty = g.rules.movement.coverage_path_penalty;
    let limit = g.rules.movement.path_search_limit as usize;
    let mut heap = std::mem::take(&mut scratch.heap);
    heap.clear();
    // Costs are ordered in 1/1000 movement points so the heap orders integers (deterministic).
    let key = |c: f64| (c * 1000.0) as u64;
    let h = |c: Cell| c.dist(to) as f64 * g.rules.terrain.road_move_cost;
    let fi = m.idx(from);
    scratch.seen[fi] = stamp;
    scratch.cost[fi] = 0.0;
    scratch.parent[fi] = fi as u32;
    heap.push(Reverse((key(h(from)), fi as u32)));
    let mut closest = (from.dist(to), fi);
    let mut expanded = 0;
    while let Some(Reverse((k, ci))) = heap.pop() {
        let ci = ci as usize;
        let c = m.cell_at(ci);
        let base = scratch.cost[ci];
        if k != key(base + h(c)) {
            continue; // a stale entry: a cheaper way here was found since
        }
        if c == to {
            closest = (0, ci);
            break;
        }
        expanded += 1;
        if expanded > limit {
            break;
        }
        // Beyond the horizon the unit could not get today anyway: do not plan further out
        // (the path is planned again tomorrow from where it stands).
        if base > horizon {
            continue;
        }
        for n in m.neighbours(c) {
            let ni = m.idx(n);
            if m.terrain[ni] == crate::sim::map::Terrain::Water {
                continue;
            }
            if n != to && enemy_at(n) {
                continue;
            }
            if own_ground_only && g.control[ni] != side {
                continue;
            }
            let cost = base + step_cost(g, side, n) + penalty * enemy_cover[ni] as f64;
            if scratch.seen[ni] != stamp || cost < scratch.cost[ni] {
                scratch.seen[ni] = stamp;
                scratch.cost[ni] = cost;
                scratch.parent[ni] = ci as u32;
                heap.push(Reverse((key(cost + h(n)), ni as u32)));
                let d = n.dist(to);
                if d < closest.0 {
                    closest = (d, ni);
                }
            }
        }
    }
    scratch.heap = heap;
    // A path visits each cell at most once, so it is never longer than the map: a walk back
    // that is (parents forming a loop, which only costs below zero could make) gives no path
    // rather than running until memory runs out.
    let mut out = Vec::new();
    let mut c = closest.1;
    while c != fi {
        if out.len() >= m.len() {
            return Vec::new();
        }
        out.push(m.cell_at(c));
        c = scratch.parent[c] as usize;
    }
    out.reverse();
    out
}

/// How many cells of `route` a unit with `speed` movement points covers in a day, stopping on
/// contact: on entering a cell next to an enemy ground unit (`contact` says which cells are),
/// as [`move_unit`] does, before any losses on the way.
pub fn todays_leg(g: &Game, side: Side, route: &[Cell], speed: f64, contact: impl Fn(Cell) -> bool) -> usize {
    let mut points = speed;
    for (k, &next) in route.iter().enumerate() {
        let cost = step_cost(g, side, next);
        if cost > points {
            return k;
        }
        points -= cost;
        if g.rules.movement.contact_stops_move && contact(next) {
            return k + 1;
        }
    }
    route.len()
}

/// Per cell: bit 0 (Russia) or 1 (Ukraine) set where a ground-holding unit of that side
/// stands or stands next to: where a move of the other side makes contact.
pub fn contact_flags(g: &Game) -> Vec<u8> {
    let mut here = vec![0u8; g.map.len()];
    for (u, p) in g.world.query::<(&Unit, &Pos)>().iter() {
        if u.kind.holds_ground() && g.map.in_bounds(p.0) {
            here[g.map.idx(p.0)] |= 1 << u.side.index();
        }
    }
    let mut near = here.clone();
    for (i, &h) in here.iter().enumerate() {
        if h != 0 {
            for nb in g.map.neighbours(g.map.cell_at(i)) {
                near[g.map.idx(nb)] |= h;
            }
        }
    }
    near
}

/// Strength multiplier for a level (supply or cohesion) with a given weight.
fn level_mult(weight: f64, level: f64) -> f64 {
    1.0 - weight * (1.0 - level.clamp(0.0, 1.0))
}

/// Each side's artillery: (position, range), for support in assaults.
pub type Guns = [Vec<(Cell, i32)>; 2];

pub fn guns(g: &Game) -> Guns {
    let mut out: Guns = [Vec::new(), Vec::new()];
    for (u, p) in g.world.query::<(&Unit, &Pos)>().iter() {
        if let Some(a) = &g.template(u).artillery {
            out[u.side.index()].push((p.0, a.range));
        }
    }
    out
}

/// Support from own drones over the target and own artillery in range of it: `cover` is the
/// side's drone coverage there, `guns` whether a battery reaches it with shells to fire.
fn support(a: &AssaultRules, cover: f64, guns: bool) -> f64 {
    let drones = (a.drone_support_per_coverage * cover).min(a.max_drone_support);
    1.0 + drones + if guns { a.artillery_support } else { 0.0 }
}

/// Whether one of a side's batteries reaches the target.
fn in_range(guns: &[(Cell, i32)], target: Cell) -> bool {
    guns.iter().any(|(c, r)| c.dist2(target) <= r * r)
}

/// One side's troops in an assault, summed in the order they are added: raw strength, and
/// supply and cohesion weighted by personnel.
#[derive(Default)]
struct Force {
    ids: Vec<UnitId>,
    base: f64,
    supply: f64,
    cohesion: f64,
    personnel: f64,
}

impl Force {
    fn add(&mut self, id: UnitId, personnel: u32, power: f64, supply: f64, cohesion: f64) {
        let p = personnel as f64;
        self.base += p * power;
        self.supply += supply * p;
        self.cohesion += cohesion * p;
        self.personnel += p;
        self.ids.push(id);
    }
}

/// Everything the odds are computed from, gathered from the truth or from a side's view.
struct OddsInput {
    attackers: Force,
    defenders: Force,
    /// Deepest digging-in among the defenders.
    dug: u8,
    /// Drone coverage over the target and guns in range: attacker, defender.
    cover: (f64, f64),
    guns: (bool, bool),
}

/// The assault formula (see [`AssaultOdds`]).
fn resolve_odds(map: &Map, rules: &Rules, target: Cell, i: OddsInput) -> AssaultOdds {
    let a = &rules.assault;
    let avg = |sum: f64, n: f64| if n > 0.0 { sum / n } else { 1.0 };
    let OddsInput { attackers: atk, defenders: def, dug, cover, guns } = i;
    let attacker_supply = level_mult(a.supply_weight, avg(atk.supply, atk.personnel));
    let attacker_cohesion = level_mult(a.cohesion_weight, avg(atk.cohesion, atk.personnel));
    let defender_supply = level_mult(a.supply_weight, avg(def.supply, def.personnel));
    let defender_cohesion = level_mult(a.cohesion_weight, avg(def.cohesion, def.personnel));
    let tr = &rules.terrain;
    let mut terrain = tr.effect(map.terrain(target)).defence;
    if map.has(target, feature::SPOIL_HEAP) {
        terrain *= tr.spoil_heap_defence;
    }
    let fortification = 1.0 + a.fort_per_level * dug as f64;
    let (attacker_drone_coverage, defender_drone_coverage) = cover;
    let attacker_support = support(a, attacker_drone_coverage, guns.0);
    let defender_support = support(a, defender_drone_coverage, guns.1);
    let attacker_strength = atk.base * attacker_supply * attacker_cohesion * attacker_support;
    let defender_strength = def.base * terrain * fortification * defender_supply * defender_cohesion * defender_support;
    let ratio = if defender_strength > 0.0 { attacker_strength / defender_strength } else { f64::INFINITY };
    let success = if !ratio.is_finite() {
        1.0
    } else if ratio <= 0.0 {
        0.0
    } else {
        let rk = libm::pow(ratio, a.odds_exponent);
        rk / (rk + libm::pow(a.even_odds_ratio, a.odds_exponent))
    };
    AssaultOdds {
        attackers: atk.ids,
        defenders: def.ids,
        attacker_base: atk.base,
        defender_base: def.base,
        terrain,
        fortification,
        attacker_supply,
        defender_supply,
        attacker_cohesion,
        defender_cohesion,
        attacker_support,
        defender_support,
        attacker_drone_coverage,
        defender_drone_coverage,
        attacker_strength,
        defender_strength,
        ratio,
        success,
    }
}

/// The true odds of an assault (the ones the day's roll uses): every defender in the cell.
fn odds(g: &Game, sp: &Spatial, guns: &Guns, side: Side, attackers: &[UnitId], target: Cell) -> AssaultOdds {
    let mut atk = Force::default();
    for id in attackers {
        let Some(e) = g.entity(*id) else { continue };
        let (Ok(u), Ok(st), Ok(sup), Ok(coh)) = (
            g.world.get::<&Unit>(e),
            g.world.get::<&Strength>(e),
            g.world.get::<&Supply>(e),
            g.world.get::<&Cohesion>(e),
        ) else {
            continue;
        };
        atk.add(*id, st.personnel, g.template(&u).attack, sup.level, coh.0);
    }
    let mut def = Force::default();
    let mut dug: u8 = 0;
    for &(id, s, e) in sp.at(target) {
        if s == side {
            continue;
        }
        let (Ok(u), Ok(st), Ok(sup), Ok(coh), Ok(d)) = (
            g.world.get::<&Unit>(e),
            g.world.get::<&Strength>(e),
            g.world.get::<&Supply>(e),
            g.world.get::<&Cohesion>(e),
            g.world.get::<&DugIn>(e),
        ) else {
            continue;
        };
        def.add(id, st.personnel, g.template(&u).defence, sup.level, coh.0);
        dug = dug.max(d.0);
    }
    let i = g.map.idx(target);
    let cover = (g.layers.cover[side.index()][i] as f64, g.layers.cover[side.other().index()][i] as f64);
    let fires = |s: Side| in_range(&guns[s.index()], target) && g.side(s).shells > 0;
    let input = OddsInput { attackers: atk, defenders: def, dug, cover, guns: (fires(side), fires(side.other())) };
    resolve_odds(&g.map, &g.rules, target, input)
}

/// The odds of an assault as the attacking side can estimate them from its view: the
/// defenders it detected, at the supply and cohesion it must assume (the best, as the view
/// shows enemies), and the enemy guns it detected, assumed to have shells.
pub fn estimate(v: &SideView, attackers: &[UnitId], target: Cell) -> AssaultOdds {
    if !v.map().in_bounds(target) {
        // Nothing to take off the map: no strength on either side and no chance.
        return AssaultOdds {
            attackers: attackers.to_vec(),
            defenders: Vec::new(),
            attacker_base: 0.0,
            defender_base: 0.0,
            terrain: 1.0,
            fortification: 1.0,
            attacker_supply: 1.0,
            defender_supply: 1.0,
            attacker_cohesion: 1.0,
            defender_cohesion: 1.0,
            attacker_support: 1.0,
            defender_support: 1.0,
            attacker_drone_coverage: 0.0,
            defender_drone_coverage: 0.0,
            attacker_strength: 0.0,
            defender_strength: 0.0,
            ratio: 0.0,
            success: 0.0,
        };
    }
    let side = v.side;
    let mut atk = Force::default();
    for id in attackers {
        let Some(u) = v.own_unit(*id) else { continue };
        let Some(t) = v.template(&u.template) else { continue };
        atk.add(*id, u.personnel, t.attack, u.supply, u.cohesion);
    }
    let mut def = Force::default();
    let mut dug: u8 = 0;
    for u in v.enemy.iter().filter(|u| u.cell == Some(target)) {
        let Some(t) = v.template(&u.template) else { continue };
        def.add(u.id, u.personnel, t.defence, u.supply, u.cohesion);
        dug = dug.max(u.dug_in);
    }
    let guns = |units: &[SeenUnit]| -> Vec<(Cell, i32)> {
        units.iter().filter_map(|u| Some((u.cell?, v.template(&u.template)?.artillery.as_ref()?.range))).collect()
    };
    let map = v.map();
    let i = map.idx(target);
    let cover = (v.coverage[side.index()][i] as f64, v.coverage[side.other().index()][i] as f64);
    let fires = (in_range(&guns(&v.own), target) && v.shells > 0, in_range(&guns(&v.enemy), target));
    resolve_odds(map, v.rules(), target, OddsInput { attackers: atk, defenders: def, dug, cover, guns: fires })
}

pub fn run(g: &mut Game, ev: &mut Log) {
    for m in g.world.query_mut::<&mut MovedToday>() {
        m.0 = false;
    }
    let sp = Spatial::build(&g.map, &g.world);
    let mut movers: Vec<(UnitId, Entity, Side, Cell, Task)> =
        g.world.query::<(Entity, &Unit, &Pos, &Task)>().iter().map(|(e, u, p, t)| (u.id, e, u.side, p.0, *t)).collect();
    movers.sort_unstable_by_key(|m| m.0);
    let mut assaults: BTreeMap<(Cell, Side), Vec<UnitId>> = BTreeMap::new();
    // The path buffers are kept in the game from day to day (searches stamp what they touch,
    // so nothing carries over from one search to the next).
    let n = g.map.len();
    let mut scratch = g.scratch.path.take().filter(|s| s.seen.len() == n).unwrap_or_else(|| PathScratch::new(n));
    let contact = contact_flags(g);
    for (id, e, side, at, task) in movers {
        match task {
            Task::Move { to } => move_unit(g, &sp, &contact, &mut scratch, ev, id, e, side, at, to, false),
            Task::Withdraw { to } => move_unit(g, &sp, &contact, &mut scratch, ev, id, e, side, at, to, true),
            Task::Assault { target } => assaults.entry((target, side)).or_default().push(id),
            Task::Hold { dig_in: true } => {
                let max = g.world.get::<&Unit>(e).map(|u| g.template(&u).max_dig_in).unwrap_or(0);
                if let Ok(mut d) = g.world.get::<&mut DugIn>(e) {
                    d.0 = (d.0 + 1).min(max);
                }
            }
            _ => {}
        }
    }
    g.scratch.path = Some(scratch);
    if assaults.is_empty() {
        return;
    }
    let mut sp = Spatial::build(&g.map, &g.world);
    let guns = guns(g);
    for ((target, side), ids) in assaults {
        assault(g, &mut sp, &guns, ev, side, target, &ids);
    }
}

#[allow(clippy::too_many_arguments)]
fn move_unit(
    g: &mut Game,
    sp: &Spatial,
    contact: &[u8],
    scratch: &mut PathScratch,
    ev: &mut Log,
    id: UnitId,
    e: Entity,
    side: Side,
    at: Cell,
    to: Cell,
    withdraw: bool,
) {
    let (speed, signature, per_vehicle, kind) = {
        let u = g.world.get::<&Unit>(e).expect("unit");
        let t = g.template(&u);
        (t.speed, t.signature * g.rules.recon.moving_signature, t.troops_per_vehicle, u.kind)
    };
    let enemy_bit = 1u8 << side.other().index();
    let own_only = withdraw || !kind.is_manoeuvre();
    let mr = g.rules.movement.clone();
    let route = path(g, sp, scratch, side, at, to, own_only, speed * mr.path_horizon);
    let mut points = speed;
    let mut cur = at;
    let mut cells = 0;
    let mut r = g.rng(Phase::Movement, id.0 as u64);
    let dr = g.rules.drones.clone();
    let enemy = side.other();
    for next in route {
        let cost = step_cost(g, side, next);
        if cost > points {
            break;
        }
        points -= cost;
        cur = next;
        cells += 1;
        let i = g.map.idx(next);
        let cov = g.layers.cover[enemy.index()][i] as f64;
        if cov > 0.0 {
            let p = crossing_hit_chance(g, next, cov, cost, speed, signature);
            if rng::chance(&mut r, p) {
                let (pers, veh) = {
                    let st = g.world.get::<&Strength>(e).expect("strength");
                    (st.personnel, st.vehicles)
                };
                let (mut lp, mut lv) = (0, 0);
                if veh > 0 && rng::chance(&mut r, dr.vehicle_hit_share) {
                    if rng::chance(&mut r, dr.vehicle_kill_chance) {
                        lv = 1;
                        lp = rng::round_random(&mut r, per_vehicle);
                    }
                } else if pers > 0 {
                    lp = rng::round_random(&mut r, dr.casualties_per_hit);
                }
                let (lp, lv) = g.inflict(e, LossCause::Exposure, lp, lv);
                let hit =
                    Event::Exposed { unit: id, cell: next, personnel: lp, vehicles: lv, chance: p, coverage: cov };
                ev.push(hit, g.audience(side, id));
                if g.world.get::<&Strength>(e).map(|s| s.personnel == 0).unwrap_or(true) {
                    break;
                }
            }
        }
        if mr.contact_stops_move && contact[i] & enemy_bit != 0 {
            break;
        }
    }
    if cur != at {
        let _ = g.world.insert_one(e, Pos(cur));
        if let Ok(mut d) = g.world.get::<&mut DugIn>(e) {
            d.0 = 0;
        }
        if let Ok(mut m) = g.world.get::<&mut MovedToday>(e) {
            m.0 = true;
        }
        ev.push(Event::Moved { unit: id, from: at, to: cur, cells }, g.audience(side, id));
    }
    if cur == to {
        if let Ok(mut t) = g.world.get::<&mut Task>(e) {
            *t = Task::Hold { dig_in: kind == UnitKind::Position || withdraw };
        }
    }
}

fn assault(g: &mut Game, sp: &mut Spatial, guns: &Guns, ev: &mut Log, side: Side, target: Cell, ids: &[UnitId]) {
    let a = g.rules.assault.clone();
    // Attackers still alive, adjacent, supplied and steady enough.
    let attackers: Vec<UnitId> = ids
        .iter()
        .copied()
        .filter(|id| {
            let Some(e) = g.entity(*id) else { return false };
            let ok_pos = g.world.get::<&Pos>(e).map(|p| p.0.dist(target) == 1).unwrap_or(false);
            let sup = g.world.get::<&Supply>(e).map(|s| s.level).unwrap_or(0.0);
            let coh = g.world.get::<&Cohesion>(e).map(|c| c.0).unwrap_or(0.0);
            let pers = g.world.get::<&Strength>(e).map(|s| s.personnel).unwrap_or(0);
            ok_pos && pers > 0 && sup >= a.min_supply_to_assault && coh >= a.min_cohesion_to_assault
        })
        .collect();
    for id in ids {
        if let Some(e) = g.entity(*id) {
            if let Ok(mut t) = g.world.get::<&mut Task>(e) {
                *t = Task::Hold { dig_in: false };
            }
        }
    }
    if attackers.is_empty() {
        return;
    }
    let o = odds(g, sp, guns, side, &attackers, target);
    let mut r = g.rng(Phase::Movement, (1u64 << 40) | ((side as u64) << 32) | g.map.idx(target) as u64);
    let roll = rng::roll(&mut r);
    let taken = roll < o.success;
    let mut attacker_losses = 0;
    let mut defender_losses = 0;
    let mut captured = 0;
    if !o.defenders.is_empty() {
        let (al, dl) = if taken {
            (a.attacker_loss_won, a.defender_loss_lost)
        } else {
            (a.attacker_loss_failed, a.defender_loss_held)
        };
        for id in &o.attackers {
            let Some(e) = g.entity(*id) else { continue };
            let st = *g.world.get::<&Strength>(e).expect("strength");
            let lp = rng::round_random(&mut r, st.personnel as f64 * al);
            let lv = rng::binomial(&mut r, st.vehicles, al);
            attacker_losses += g.inflict(e, LossCause::Assault, lp, lv).0;
            shake(g, e, if taken { a.cohesion_loss_winner } else { a.cohesion_loss_loser });
        }
        for id in &o.defenders {
            let Some(e) = g.entity(*id) else { continue };
            let st = *g.world.get::<&Strength>(e).expect("strength");
            let lp = rng::round_random(&mut r, st.personnel as f64 * dl);
            let lv = rng::binomial(&mut r, st.vehicles, dl);
            defender_losses += g.inflict(e, LossCause::Assault, lp, lv).0;
            shake(g, e, if taken { a.cohesion_loss_loser } else { a.cohesion_loss_winner });
        }
    }
    if taken {
        // Defenders fall back to a free cell of their own, or are trapped.
        for id in &o.defenders {
            let Some(e) = g.entity(*id) else { continue };
            match retreat_cell(g, sp, side.other(), target) {
                Some(to) => {
                    let _ = g.world.insert_one(e, Pos(to));
                    sp.relocate(*id, target, to);
                    if let Ok(mut d) = g.world.get::<&mut DugIn>(e) {
                        d.0 = 0;
                    }
                    if let Ok(mut t) = g.world.get::<&mut Task>(e) {
                        *t = Task::Hold { dig_in: true };
                    }
                    ev.push(Event::FellBack { unit: *id, from: target, to }, g.audience(side.other(), *id));
                }
                None => {
                    let left = g.world.get::<&Strength>(e).map(|s| s.personnel).unwrap_or(0);
                    let n = rng::round_random(&mut r, left as f64 * a.captured_if_trapped);
                    captured += g.inflict(e, LossCause::Collapse, n, u32::MAX).0;
                    let rest = left - n.min(left);
                    defender_losses += g.inflict(e, LossCause::Assault, rest, 0).0;
                }
            }
        }
        // Any other enemy unit in the cell (drones, guns, hubs) falls back or is lost.
        let others: Vec<(UnitId, Entity)> =
            sp.at(target).iter().filter(|x| x.1 != side && !o.defenders.contains(&x.0)).map(|x| (x.0, x.2)).collect();
        for (id, e) in others {
            match retreat_cell(g, sp, side.other(), target) {
                Some(to) => {
                    let _ = g.world.insert_one(e, Pos(to));
                    sp.relocate(id, target, to);
                    ev.push(Event::FellBack { unit: id, from: target, to }, g.audience(side.other(), id));
                }
                None => {
                    captured += g.inflict(e, LossCause::Collapse, u32::MAX, u32::MAX).0;
                }
            }
        }
        for id in &o.attackers {
            if let Some(e) = g.entity(*id) {
                if g.world.get::<&Strength>(e).map(|s| s.personnel > 0).unwrap_or(false) {
                    if let Ok(from) = g.world.get::<&Pos>(e).map(|p| p.0) {
                        sp.relocate(*id, from, target);
                    }
                    let _ = g.world.insert_one(e, Pos(target));
                    if let Ok(mut d) = g.world.get::<&mut DugIn>(e) {
                        d.0 = 0;
                    }
                }
            }
        }
    }
    // Both sides fought it; each names only the enemy units it identified (`Event::as_known_by`).
    let fight = Event::Assault { side, target, odds: o, roll, taken, attacker_losses, defender_losses, captured };
    ev.push(fight, Audience::BOTH);
}

fn shake(g: &mut Game, e: Entity, by: f64) {
    if let Ok(mut c) = g.world.get::<&mut Cohesion>(e) {
        c.0 = (c.0 - by).max(0.0);
    }
}

/// The best neighbouring cell for `side` to fall back to from `from`: held by `side`, free of
/// enemies, with the best supply; ties broken by position.
pub fn retreat_cell(g: &Game, sp: &Spatial, side: Side, from: Cell) -> Option<Cell> {
    let field = &g.layers.supply_field[side.index()];
    g.map
        .neighbours(from)
        .filter(|n| g.map.passable(*n) && g.control[g.map.idx(*n)] == side && !sp.has_side(*n, side.other()))
        .max_by(|a, b| field[g.map.idx(*a)].total_cmp(&field[g.map.idx(*b)]).then(b.cmp(a)))
}

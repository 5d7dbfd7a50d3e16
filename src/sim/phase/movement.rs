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
use crate::sim::rules::{AssaultRules, Rules, UnitKind, UnitTemplate};
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

const WATER: u8 = 1;
const ENEMY: u8 = 2;
const FOREIGN: u8 = 4;

/// What entering one cell costs a path search of one side.
#[derive(Clone, Copy, Debug)]
struct PathCell {
    /// Movement points to enter it ([`step_cost`]).
    step: f64,
    /// The rules' coverage penalty times the enemy's drone coverage over it.
    penalty: f64,
}

/// What path searches of one side read of the map, gathered once for all the searches of a
/// phase (nothing they read changes while units move: control, coverage, and the enemy units
/// as they stood when the phase began), so that a search reads a few tables instead of the
/// map, the control, the coverage and the units.
///
/// The tables have a border of impassable cells around the map, so a neighbour is never off
/// it: cell (x, y) is at `(y + 1) * (width + 2) + x + 1`, which orders cells as the map's own
/// index does (the searches break ties by it). Flags, costs and coordinates are apart: most
/// neighbours a search looks at are turned away on their flags or their cost alone.
pub struct PathField {
    side: Side,
    /// Width of a row of the table (the map's and the border's two cells).
    stride: usize,
    /// Per cell: `WATER` (or the border), `ENEMY` (enemy units the search must avoid stand in
    /// it), `FOREIGN` (held by the enemy).
    flags: Vec<u8>,
    cells: Vec<PathCell>,
    /// Per cell: its coordinates on the map (the border's are off it).
    at: Vec<(i16, i16)>,
    /// The largest cost of entering any cell (step plus penalty): with the horizon and the
    /// map's size it bounds the keys a search can push.
    max_enter: f64,
}

impl PathField {
    /// The field of `side`, avoiding the cells where `enemy_at` is true.
    pub fn new(g: &Game, side: Side, enemy_at: impl Fn(Cell) -> bool) -> PathField {
        let enemy_cover = &g.layers.cover[side.other().index()];
        let penalty = g.rules.movement.coverage_path_penalty;
        let stride = g.map.width as usize + 2;
        let len = stride * (g.map.height as usize + 2);
        let mut f = PathField {
            side,
            stride,
            flags: vec![WATER; len],
            cells: vec![PathCell { step: 0.0, penalty: 0.0 }; len],
            at: vec![(-1, -1); len],
            max_enter: 0.0,
        };
        let egc = g.rules.movement.enemy_ground_cost;
        let w = g.map.width as usize;
        let mut max_enter = 0.0f64;
        for y in 0..g.map.height {
            let row = y as usize * w..(y as usize + 1) * w;
            let k = (y as usize + 1) * stride + 1;
            let out = f.cells[k..k + w].iter_mut().zip(&mut f.flags[k..k + w]).zip(&mut f.at[k..k + w]);
            let from = g.map.terrain[row.clone()]
                .iter()
                .zip(&g.layers.enter_costs[row.clone()])
                .zip(&g.control[row.clone()])
                .zip(&enemy_cover[row]);
            for (x, (((cell, flags), at), (((terrain, enter), control), cover))) in out.zip(from).enumerate() {
                let x = x as i16;
                let mut fl = 0;
                if *terrain == crate::sim::map::Terrain::Water {
                    fl |= WATER;
                }
                if enemy_at(Cell::new(x, y)) {
                    fl |= ENEMY;
                }
                // As `step_cost` reckons it.
                let mut step = *enter;
                if *control != side {
                    fl |= FOREIGN;
                    step *= egc;
                }
                *cell = PathCell { step, penalty: penalty * *cover as f64 };
                max_enter = max_enter.max(cell.step + cell.penalty);
                *flags = fl;
                *at = (x, y);
            }
        }
        f.max_enter = max_enter;
        f
    }

    #[inline]
    fn index(&self, c: Cell) -> usize {
        (c.y as usize + 1) * self.stride + c.x as usize + 1
    }
}

/// The open list of a search: entries (key, cell) taken smallest key first, ties by the
/// smaller cell. Keys are costs plus the heuristic in 1/1000 movement points, so the order is
/// one of integers (deterministic), and any queue that gives it gives the same search.
trait Queue {
    /// A cost (plus heuristic) as a key.
    #[inline]
    fn key(c: f64) -> u64 {
        (c * 1000.0) as u64
    }
    fn reset(&mut self, first_key: u64);
    fn push(&mut self, key: u64, cell: u32);
    fn pop(&mut self) -> Option<(u64, u32)>;
}

/// The queue for keys below 2^32 (every search on a map of a sector's size): entries packed
/// as `key << 32 | cell` in buckets of 2^`SHIFT` key units, with a bit per non-empty bucket;
/// the smallest entry is the smallest of the lowest non-empty bucket. Keys below the first
/// bucket go into it and keys above the last into the last: the buckets still follow the
/// keys' order, which is all the queue needs (a bucket's entries are compared in full).
struct Buckets {
    /// The key at the bottom of the first bucket.
    base: u64,
    /// No bucket below this one holds an entry.
    lowest: usize,
    bits: Vec<u64>,
    lists: Vec<Vec<u64>>,
}

impl Buckets {
    const SHIFT: u32 = 6;
    const COUNT: usize = 2048;
    /// Room below the first key: the heuristic can overestimate (roads and highways cost less
    /// than the reckoning of a cell ahead), so keys can fall below the one the search started
    /// with (those further below share the first bucket, still in order).
    const BELOW: u64 = 8192;

    fn new() -> Buckets {
        Buckets { base: 0, lowest: Self::COUNT, bits: vec![0; Self::COUNT / 64], lists: vec![Vec::new(); Self::COUNT] }
    }
}

impl Queue for Buckets {
    /// The same as the default for every key it takes (below 2^32; and NaN or below zero
    /// gives zero), in fewer instructions.
    #[inline]
    fn key(c: f64) -> u64 {
        (c * 1000.0).max(0.0) as i64 as u64
    }
    fn reset(&mut self, first_key: u64) {
        for (w, word) in self.bits.iter_mut().enumerate() {
            while *word != 0 {
                self.lists[w * 64 + word.trailing_zeros() as usize].clear();
                *word &= *word - 1;
            }
        }
        self.base = first_key.saturating_sub(Self::BELOW);
        self.lowest = Self::COUNT;
    }
    #[inline]
    fn push(&mut self, key: u64, cell: u32) {
        let b = ((key.saturating_sub(self.base) >> Self::SHIFT) as usize).min(Self::COUNT - 1);
        self.lists[b].push((key << 32) | cell as u64);
        self.bits[b / 64] |= 1 << (b % 64);
        self.lowest = self.lowest.min(b);
    }
    #[inline]
    fn pop(&mut self) -> Option<(u64, u32)> {
        let mut w = self.lowest / 64;
        if w >= self.bits.len() {
            return None;
        }
        let mut word = self.bits[w] & (!0u64 << (self.lowest % 64));
        while word == 0 {
            w += 1;
            if w == self.bits.len() {
                self.lowest = Self::COUNT;
                return None;
            }
            word = self.bits[w];
        }
        let b = w * 64 + word.trailing_zeros() as usize;
        self.lowest = b;
        let list = &mut self.lists[b];
        let mut k = 0;
        for (j, e) in list.iter().enumerate().skip(1) {
            if *e < list[k] {
                k = j;
            }
        }
        let e = list.swap_remove(k);
        if list.is_empty() {
            self.bits[w] &= !(1 << (b % 64));
        }
        Some((e >> 32, e as u32))
    }
}

/// The queue for any key: a binary heap of `key << 32 | cell`.
impl Queue for BinaryHeap<Reverse<u128>> {
    fn reset(&mut self, _: u64) {
        self.clear();
    }
    fn push(&mut self, key: u64, cell: u32) {
        BinaryHeap::push(self, Reverse(((key as u128) << 32) | cell as u128));
    }
    fn pop(&mut self) -> Option<(u64, u32)> {
        BinaryHeap::pop(self).map(|Reverse(e)| ((e >> 32) as u64, e as u32))
    }
}

/// Reusable buffers for path searches (no per-search allocation of a map-sized table).
pub struct PathScratch {
    nodes: Nodes,
    buckets: Buckets,
    heap: BinaryHeap<Reverse<u128>>,
}

/// A search's record of one cell of the field: the search that last reached it (its stamp),
/// its cost, and the cell it was reached from; and apart, its key (the cost plus the
/// heuristic, as pushed).
#[derive(Clone, Copy, Debug, Default)]
struct Node {
    cost: f64,
    stamp: u32,
    parent: u32,
}

#[derive(Default)]
struct Nodes {
    stamp: u32,
    nodes: Vec<Node>,
    keys: Vec<u64>,
}

impl PathScratch {
    pub fn new() -> PathScratch {
        PathScratch { nodes: Nodes::default(), buckets: Buckets::new(), heap: BinaryHeap::new() }
    }
}

impl Default for PathScratch {
    fn default() -> PathScratch {
        PathScratch::new()
    }
}

/// The way from `from` toward `to` (excluding `from`) for the field's side, avoiding the
/// field's enemy cells (except `to` itself) and, with `own_ground_only` (support units and
/// withdrawals), enemy-held cells. A search of least cost so far plus the rules' reckoning of
/// each cell still ahead (`path_cost_ahead`): the whole way when the goal lies within the
/// horizon; otherwise the way to the first cell it takes beyond the horizon, the most promising
/// one. Bounded by the rules' search limit; if it is reached first (or the goal cannot be
/// reached), the path to the explored cell nearest the goal is returned.
pub fn path(
    g: &Game,
    field: &PathField,
    scratch: &mut PathScratch,
    from: Cell,
    to: Cell,
    own_ground_only: bool,
    horizon: f64,
) -> Vec<Cell> {
    let m = &g.map;
    if from == to || !m.in_bounds(to) {
        return Vec::new();
    }
    let len = field.cells.len();
    let nodes = &mut scratch.nodes;
    if nodes.nodes.len() != len {
        *nodes = Nodes { stamp: 0, nodes: vec![Node::default(); len], keys: vec![0; len] };
    }
    nodes.stamp = nodes.stamp.wrapping_add(1);
    if nodes.stamp == 0 {
        nodes.nodes.iter_mut().for_each(|s| s.stamp = 0);
        nodes.stamp = 1;
    }
    // Every key a search can push is at most this (the cost of a cell it expands is within
    // the horizon, plus one more cell, plus the heuristic across the map), with room to spare.
    let ahead = g.rules.movement.path_cost_ahead;
    let bound = (horizon + field.max_enter + (m.width.max(m.height) as f64 + 1.0) * ahead) * 1000.0 * 1.01 + 16.0;
    let route = if bound < (1u64 << 32) as f64 {
        search(g, field, nodes, &mut scratch.buckets, from, to, own_ground_only, horizon)
    } else {
        search(g, field, nodes, &mut scratch.heap, from, to, own_ground_only, horizon)
    };
    route.into_iter().map(|k| Cell::new(field.at[k].0, field.at[k].1)).collect()
}

/// The A* search behind [`path`]: entries taken smallest key first (ties: smaller cell); an
/// entry whose key is no longer its cell's is stale and skipped; the rules' limit counts the
/// entries taken that are not stale; the first cell taken beyond the horizon ends the search.
/// Returns the route as cells of the field.
#[allow(clippy::too_many_arguments)]
fn search<Q: Queue>(
    g: &Game,
    field: &PathField,
    nodes: &mut Nodes,
    queue: &mut Q,
    from: Cell,
    to: Cell,
    own_ground_only: bool,
    horizon: f64,
) -> Vec<usize> {
    let stride = field.stride as isize;
    // Every table cut to one length, so that one bounds check covers them all.
    let len = field.cells.len();
    let Nodes { stamp, nodes, keys } = nodes;
    let stamp = *stamp;
    let (flags, cells, at) = (&field.flags[..len], &field.cells[..len], &field.at[..len]);
    let (nodes, keys) = (&mut nodes[..len], &mut keys[..len]);
    let limit = g.rules.movement.path_search_limit as usize;
    // The reckoning of a cell still ahead (the search's heuristic).
    let ahead = g.rules.movement.path_cost_ahead;
    let mask = WATER | ENEMY | if own_ground_only { FOREIGN } else { 0 };
    let key = Q::key;
    let (tx, ty) = (to.x as i32, to.y as i32);
    let dist = |x: i16, y: i16| (x as i32 - tx).abs().max((y as i32 - ty).abs());
    let fi = field.index(from);
    let ti = field.index(to);
    let first = key(from.dist(to) as f64 * ahead);
    nodes[fi] = Node { cost: 0.0, stamp, parent: fi as u32 };
    keys[fi] = first;
    queue.reset(first);
    queue.push(first, fi as u32);
    let mut closest = (from.dist(to), fi);
    let mut expanded = 0;
    while let Some((k, ci)) = queue.pop() {
        let ci = ci as usize;
        if k != keys[ci] {
            continue; // a stale entry: a cheaper way here was found since
        }
        if ci == ti {
            closest = (0, ci);
            break;
        }
        expanded += 1;
        if expanded > limit {
            break;
        }
        // Beyond the horizon the unit could not get today anyway: the first cell taken beyond
        // it is the most promising way toward the goal (the least cost so far plus the reckoning
        // of the rest), and the plan ends there (it is planned again tomorrow from where the
        // unit stands).
        let base = nodes[ci].cost;
        if base > horizon {
            closest = (0, ci);
            break;
        }
        let (x, y) = at[ci];
        // The neighbours in the map's order (`Map::neighbours`).
        macro_rules! visit {
            ($dx:expr, $dy:expr) => {{
                #[allow(clippy::neg_multiply)]
                let ni = (ci as isize + $dy * stride + $dx) as usize;
                // Water and the border, enemy units (but the goal may hold them: it is what
                // an assault moves into), and enemy ground for those who keep to their own.
                let bad = flags[ni] & mask;
                if bad == 0 || (bad == ENEMY && ni == ti) {
                    let cell = cells[ni];
                    let cost = base + cell.step + cell.penalty;
                    let node = &mut nodes[ni];
                    if node.stamp != stamp || cost < node.cost {
                        let d = dist(x + $dx, y + $dy);
                        let key = key(cost + d as f64 * ahead);
                        *node = Node { cost, stamp, parent: ci as u32 };
                        keys[ni] = key;
                        queue.push(key, ni as u32);
                        if d < closest.0 {
                            closest = (d, ni);
                        }
                    }
                }
            }};
        }
        visit!(0, -1);
        visit!(1, 0);
        visit!(0, 1);
        visit!(-1, 0);
        visit!(1, -1);
        visit!(1, 1);
        visit!(-1, 1);
        visit!(-1, -1);
    }
    // A path visits each cell at most once, so it is never longer than the map: a walk back
    // that is (parents forming a loop, which only costs below zero could make) gives no path
    // rather than running until memory runs out.
    let mut out = Vec::new();
    let mut c = closest.1;
    while c != fi {
        if out.len() >= len {
            return Vec::new();
        }
        out.push(c);
        c = nodes[c].parent as usize;
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
/// `even` is `even_odds_ratio ^ odds_exponent` (the rules' own; a planner asking many times
/// works it out once).
fn resolve_odds(map: &Map, rules: &Rules, target: Cell, i: OddsInput, even: f64) -> AssaultOdds {
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
        rk / (rk + even)
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
    let a = &g.rules.assault;
    resolve_odds(&g.map, &g.rules, target, input, libm::pow(a.even_odds_ratio, a.odds_exponent))
}

/// What the odds of an assault read of a side's view beside the units it names, listed once
/// for a planner asking about many assaults on one view: the batteries it shows (its own, and
/// the enemy's it detected, with their ranges), its detected enemies by cell, each unit's
/// strength per soldier from its type (attack for its own, defence for the enemy's; None for a
/// type the view does not know), and the odds' even-strength term.
pub struct Sighted {
    own_guns: Vec<(Cell, i32)>,
    enemy_guns: Vec<(Cell, i32)>,
    /// (cell, index in the view's enemies), sorted: a cell's enemies in the view's order.
    enemy_at: Vec<(Cell, usize)>,
    /// By index in the view's own units and enemies.
    own_attack: Vec<Option<f64>>,
    enemy_defence: Vec<Option<f64>>,
    /// `even_odds_ratio ^ odds_exponent`.
    even: f64,
}

impl Sighted {
    pub fn of(v: &SideView) -> Sighted {
        let (own, enemy) = (v.templates(&v.own), v.templates(&v.enemy));
        let guns = |units: &[SeenUnit], types: &[Option<&UnitTemplate>]| -> Vec<(Cell, i32)> {
            units
                .iter()
                .zip(types)
                .filter_map(|(u, t)| Some((u.cell?, t.as_ref()?.artillery.as_ref()?.range)))
                .collect()
        };
        let mut enemy_at: Vec<(Cell, usize)> =
            v.enemy.iter().enumerate().filter_map(|(k, u)| Some((u.cell?, k))).collect();
        enemy_at.sort_unstable();
        let a = &v.rules().assault;
        Sighted {
            own_guns: guns(&v.own, &own),
            enemy_guns: guns(&v.enemy, &enemy),
            enemy_at,
            own_attack: own.iter().map(|t| t.map(|t| t.attack)).collect(),
            enemy_defence: enemy.iter().map(|t| t.map(|t| t.defence)).collect(),
            even: libm::pow(a.even_odds_ratio, a.odds_exponent),
        }
    }

    /// The view's detected enemies in `cell` (and their indices), in the view's order.
    fn enemies_in<'v>(&self, v: &'v SideView, cell: Cell) -> impl Iterator<Item = (usize, &'v SeenUnit)> + use<'_, 'v> {
        let from = self.enemy_at.partition_point(|x| x.0 < cell);
        self.enemy_at[from..].iter().take_while(move |x| x.0 == cell).map(move |x| (x.1, &v.enemy[x.1]))
    }
}

/// The odds of an assault as the attacking side can estimate them from its view: the
/// defenders it detected, at the supply and cohesion it must assume (the best, as the view
/// shows enemies), and the enemy guns it detected, assumed to have shells. `seen` is what
/// the view shows ([`Sighted::of`]).
pub fn estimate(v: &SideView, seen: &Sighted, attackers: &[UnitId], target: Cell) -> AssaultOdds {
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
        let Ok(k) = v.own.binary_search_by_key(id, |u| u.id) else { continue };
        let (u, Some(attack)) = (&v.own[k], seen.own_attack[k]) else { continue };
        atk.add(*id, u.personnel, attack, u.supply, u.cohesion);
    }
    let mut def = Force::default();
    let mut dug: u8 = 0;
    for (k, u) in seen.enemies_in(v, target) {
        let Some(defence) = seen.enemy_defence[k] else { continue };
        def.add(u.id, u.personnel, defence, u.supply, u.cohesion);
        dug = dug.max(u.dug_in);
    }
    let map = v.map();
    let i = map.idx(target);
    let cover = (v.coverage[side.index()][i] as f64, v.coverage[side.other().index()][i] as f64);
    let fires = (in_range(&seen.own_guns, target) && v.shells > 0, in_range(&seen.enemy_guns, target));
    resolve_odds(
        map,
        v.rules(),
        target,
        OddsInput { attackers: atk, defenders: def, dug, cover, guns: fires },
        seen.even,
    )
}

pub fn run(g: &mut Game, ev: &mut Log) {
    for m in g.world.query_mut::<&mut MovedToday>() {
        m.0 = false;
    }
    let mut movers: Vec<(UnitId, Entity, Side, Cell, Task)> =
        g.world.query::<(Entity, &Unit, &Pos, &Task)>().iter().map(|(e, u, p, t)| (u.id, e, u.side, p.0, *t)).collect();
    movers.sort_unstable_by_key(|m| m.0);
    let mut assaults: BTreeMap<(Cell, Side), Vec<UnitId>> = BTreeMap::new();
    // The path buffers are kept in the game from day to day (searches stamp what they touch,
    // so nothing carries over from one search to the next).
    let n = g.map.len();
    let mut scratch = g.scratch.path.take().unwrap_or_default();
    let contact = contact_flags(g);
    // Routes avoid the enemy units as they stood when the phase began (bit 0: Russian units
    // in the cell, bit 1: Ukrainian, as the index has them).
    let mut occupied = vec![0u8; n];
    for (u, p) in g.world.query::<(&Unit, &Pos)>().iter() {
        occupied[g.map.idx(p.0)] |= 1 << u.side.index();
    }
    let fields = Side::BOTH.map(|s| PathField::new(g, s, |c| occupied[g.map.idx(c)] & (1 << s.other().index()) != 0));
    // A route depends only on its side's field (fixed for the phase) and the search's own
    // terms: units sent from one cell to one cell alike share one search.
    let mut routes = Routes::new();
    for (id, e, side, at, task) in movers {
        let field = &fields[side.index()];
        let mut planner = Planner { field, scratch: &mut scratch, routes: &mut routes };
        match task {
            Task::Move { to } => move_unit(g, &mut planner, &contact, ev, id, e, at, to, false),
            Task::Withdraw { to } => move_unit(g, &mut planner, &contact, ev, id, e, at, to, true),
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

/// The routes searched in one movement phase, by side, start, goal, whether the search keeps
/// to own ground, and its horizon (as bits).
type Routes = BTreeMap<(Side, Cell, Cell, bool, u64), Vec<Cell>>;

/// What a move plans with: its side's field, the search buffers, the phase's routes so far.
struct Planner<'a> {
    field: &'a PathField,
    scratch: &'a mut PathScratch,
    routes: &'a mut Routes,
}

impl Planner<'_> {
    /// [`path`] on the field, searched once per phase for the same terms.
    fn route(&mut self, g: &Game, from: Cell, to: Cell, own_only: bool, horizon: f64) -> &[Cell] {
        let key = (self.field.side, from, to, own_only, horizon.to_bits());
        let (field, scratch) = (self.field, &mut *self.scratch);
        self.routes.entry(key).or_insert_with(|| path(g, field, scratch, from, to, own_only, horizon))
    }
}

#[allow(clippy::too_many_arguments)]
fn move_unit(
    g: &mut Game,
    planner: &mut Planner,
    contact: &[u8],
    ev: &mut Log,
    id: UnitId,
    e: Entity,
    at: Cell,
    to: Cell,
    withdraw: bool,
) {
    let (speed, signature, per_vehicle, kind) = {
        let u = g.world.get::<&Unit>(e).expect("unit");
        let t = g.template(&u);
        (t.speed, t.signature * g.rules.recon.moving_signature, t.troops_per_vehicle, u.kind)
    };
    let side = planner.field.side;
    let enemy_bit = 1u8 << side.other().index();
    let own_only = withdraw || !kind.is_manoeuvre();
    let mr = g.rules.movement.clone();
    let route = planner.route(g, at, to, own_only, speed * mr.path_horizon);
    let mut points = speed;
    let mut cur = at;
    let mut cells = 0;
    let mut r = g.rng(Phase::Movement, id.0 as u64);
    let dr = g.rules.drones.clone();
    let enemy = side.other();
    for &next in route {
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
        // A mover stands on the map (it was listed by its position): one lookup for the three.
        if let Ok((pos, dug, moved)) =
            g.world.query_one_mut::<(&mut Pos, Option<&mut DugIn>, Option<&mut MovedToday>)>(e)
        {
            pos.0 = cur;
            if let Some(d) = dug {
                d.0 = 0;
            }
            if let Some(m) = moved {
                m.0 = true;
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The bucket queue takes entries in the order a binary heap does, whatever the keys
        /// (below the first bucket, in it, past the last one), pushes and takes interleaved,
        /// and again after a reset with entries left in it.
        #[test]
        fn buckets_take_entries_as_a_heap_does(
            rounds in prop::collection::vec(
                (0u64..200_000, prop::collection::vec((any::<bool>(), 0u64..400_000, 0u32..6_000), 1..300)),
                1..4,
            ),
        ) {
            let mut buckets = Buckets::new();
            let mut heap: BinaryHeap<Reverse<u128>> = BinaryHeap::new();
            for (first, ops) in rounds {
                buckets.reset(first);
                Queue::reset(&mut heap, first);
                for (push, key, cell) in ops {
                    if push {
                        buckets.push(key, cell);
                        Queue::push(&mut heap, key, cell);
                    } else {
                        prop_assert_eq!(buckets.pop(), Queue::pop(&mut heap));
                    }
                }
                // Leave some in the queue for the next round's reset to clear.
                for _ in 0..3 {
                    prop_assert_eq!(buckets.pop(), Queue::pop(&mut heap));
                }
            }
        }
    }

    #[test]
    fn bucket_keys_as_the_default_for_keys_below_two_to_the_32() {
        for c in [0.0, 0.0004, 0.5, 1.0, 12.3456, 4_294_967.295, -3.0, f64::NAN] {
            assert_eq!(<Buckets as Queue>::key(c), (c * 1000.0) as u64, "{c}");
        }
    }
}

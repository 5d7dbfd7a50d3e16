//! The strong AI: plays the war the sources describe, from its side's view only, and says why.
//!
//! - Its drone line interdicts the enemy's roads 5–12 km behind the front and its detected
//!   hubs, while the rest of the strike drones hunt detected troops near the front and recon
//!   drones watch where they hunt.
//! - Ground is taken by infiltration: every fighting unit gets its own empty enemy cell (one
//!   team a cell: massing is punished), preferring cells no enemy troops stand next to (they
//!   change hands that night), tree lines and low enemy coverage; motorcycles reach gaps further
//!   off; armored groups stay back unless the odds are high on open ground.
//! - Assaults go in only grouped and at good odds, as the side can know them.
//! - Defence: cells the enemy has infiltrated are blocked, threatened front cells filled, towns
//!   and tree lines held; positions about to be cut off fall back toward supply.
//! - Reserves go where the line bends: where enemy ground presses closest on the side's
//!   objectives, or, attacking, where the line is nearest the next objective.
//!
//! It keeps no memory between days: every order is a function of the game as the side sees it.
//! Every order comes with a one-line reason.

use crate::sim::components::{Task, UnitId};
use crate::sim::map::{feature, Cell, Map, Side, Terrain};
use crate::sim::orders::Order;
use crate::sim::rules::{DroneRole, UnitKind};
use crate::sim::view::{Referee, SeenUnit, SideView};

use super::Sat;

/// What the strong AI works from: its side's view and public knowledge, as per-cell grids.
struct Picture<'a> {
    referee: &'a Referee<'a>,
    map: &'a Map,
    side: Side,
    view: &'a SideView,
    control: &'a [Side],
    /// Enemy strike sorties expected per cell (where the enemy's drones fly).
    enemy_cover: &'a [f32],
    field: &'a [f32],
    /// Detected enemy personnel per cell: ground-holding units, and all units.
    enemy_ground: Vec<u32>,
    enemy_any: Vec<u32>,
    /// Detected enemy ground units in the cell or a neighbour.
    enemy_near: Vec<u8>,
    /// Own ground-holding units per cell.
    own_ground: Vec<u16>,
    /// Steps from the nearest own-held cell (0 on own ground) and from the nearest enemy-held cell.
    from_own: Vec<i16>,
    from_enemy: Vec<i16>,
    /// Per cell: points of the objective it belongs to that this side still has to take (or to keep).
    objective: Vec<f64>,
    /// Per cell: its [`cell_value`] once worked out (NaN before).
    values: Vec<std::cell::Cell<f64>>,
    /// Cells a fall-back search reached, by the search's stamp (reused by every search).
    marks: std::cell::RefCell<(u32, Vec<u32>)>,
    /// Per cell: steps through ground a fall-back may cross to the nearest cell supplied well
    /// enough to fall back to (worked out at the first fall-back search).
    fallback_steps: std::cell::OnceCell<Vec<u16>>,
}

impl<'a> Picture<'a> {
    fn new(view: &'a SideView, referee: &'a Referee<'a>) -> Picture<'a> {
        let map = view.map();
        let side = view.side;
        let n = map.len();
        let control = &view.control;
        let mut enemy_ground = vec![0u32; n];
        let mut enemy_any = vec![0u32; n];
        for e in &view.enemy {
            if let Some(c) = e.cell {
                let i = map.idx(c);
                enemy_any[i] += e.personnel.max(1);
                if e.kind.holds_ground() {
                    enemy_ground[i] += e.personnel.max(1);
                }
            }
        }
        let mut enemy_near = vec![0u8; n];
        for i in 0..n {
            if enemy_ground[i] > 0 {
                let c = map.cell_at(i);
                enemy_near[i] = enemy_near[i].saturating_add(1);
                for nb in map.neighbours(c) {
                    let j = map.idx(nb);
                    enemy_near[j] = enemy_near[j].saturating_add(1);
                }
            }
        }
        let mut own_ground = vec![0u16; n];
        for u in &view.own {
            if let (Some(c), true) = (u.cell, u.kind.holds_ground()) {
                own_ground[map.idx(c)] += 1;
            }
        }
        let from_own = map.steps_from(|i| control[i] == side);
        let from_enemy = map.steps_from(|i| control[i] != side);
        let mut objective = vec![0.0f64; n];
        for (o, status) in view.scenario().objectives.iter().zip(&view.objectives) {
            let ru_share = status.ru_share;
            let share = if side == Side::Ru { ru_share } else { 1.0 - ru_share };
            // Taking matters until the town counts as held; keeping matters always.
            let weight = o.points as f64 * if share < view.rules().victory.town_share { 1.0 } else { 0.5 };
            for c in &o.cells {
                if map.in_bounds(*c) {
                    let i = map.idx(*c);
                    objective[i] = objective[i].max(weight);
                }
            }
        }
        Picture {
            referee,
            map,
            side,
            view,
            control,
            enemy_cover: &view.coverage[side.other().index()],
            field: &view.supply_field,
            enemy_ground,
            enemy_any,
            enemy_near,
            own_ground,
            from_own,
            from_enemy,
            objective,
            values: vec![std::cell::Cell::new(f64::NAN); n],
            marks: std::cell::RefCell::new((0, vec![0; n])),
            fallback_steps: std::cell::OnceCell::new(),
        }
    }
    fn own(&self, c: Cell) -> bool {
        self.control[self.map.idx(c)] == self.side
    }
    fn attacking(&self) -> bool {
        self.side == Side::Ru
    }
}

/// Orders with their reasons. The reasons are worded only when someone will read them
/// (`sim --explain`, the interface's explanations): a batch of games never formats them.
struct Plan {
    explain: bool,
    orders: Vec<(Order, String)>,
}

impl Plan {
    fn give(&mut self, order: Order, why: impl FnOnce() -> String) {
        let why = if self.explain { why() } else { String::new() };
        self.orders.push((order, why));
    }
}

/// The strong AI's orders for one side, each with the reason it was given (with `explain`;
/// else an empty one).
pub fn orders(view: &SideView, referee: &Referee, explain: bool) -> Vec<(Order, String)> {
    if view.over {
        return Vec::new();
    }
    let p = Picture::new(view, referee);
    let mut out = Plan { explain, orders: Vec::new() };
    drone_orders(&p, &mut out);
    artillery_orders(&p, &mut out);
    support_orders(&p, &mut out);
    ground_orders(&p, &mut out);
    reserve_orders(&p, &mut out);
    // One order per unit a day: a unit told to withdraw does only that.
    let withdrawing: Vec<UnitId> =
        out.orders.iter().filter(|(o, _)| matches!(o, Order::Withdraw { .. })).map(|(o, _)| o.unit()).collect();
    out.orders.retain(|(o, _)| matches!(o, Order::Withdraw { .. }) || !withdrawing.contains(&o.unit()));
    out.orders.retain(|(o, _)| referee.check(o).is_ok());
    out.orders
}

// ----- drones -----

/// Share of strike drone units (by sorties) that interdict routes rather than hunt troops.
const INTERDICT_SHARE: f64 = 0.4;

fn drone_orders(p: &Picture, out: &mut Plan) {
    let v = p.view;
    let map = p.map;
    let n = map.len();
    let enemy = p.side.other();
    // What is worth hunting: detected enemy troops, more near the front and in our ground,
    // vehicles and hubs most.
    let mut hunt = vec![0.0f64; n];
    // What is worth cutting: enemy roads 5–12 km behind its front, its detected hubs.
    let route_at = |i: usize| {
        if p.control[i] == enemy && (5..=12).contains(&p.from_own[i]) && map.features[i] & feature::ANY_ROAD != 0 {
            if map.features[i] & feature::HIGHWAY != 0 {
                1.5
            } else {
                1.0
            }
        } else {
            0.0
        }
    };
    let mut route: Vec<f64> = (0..n).map(route_at).collect();
    for e in &p.view.enemy {
        let Some(c) = e.cell else { continue };
        let i = map.idx(c);
        let near_front = p.from_own[i].max(p.from_enemy[i]) <= 3;
        let mut v = e.personnel as f64 + 6.0 * e.vehicles as f64;
        if e.kind.holds_ground() && near_front {
            v *= 2.0;
        }
        if p.control[i] == p.side {
            // Infiltrators in our ground: the first to kill.
            v *= 1.5;
        }
        if e.kind == UnitKind::SupplyHub {
            route[i] += 12.0;
            v += 20.0;
        }
        if matches!(e.kind, UnitKind::Drone | UnitKind::Artillery | UnitKind::Ew) {
            v += 10.0;
        }
        hunt[i] += v;
    }
    let mut strike: Vec<(&SeenUnit, Cell, crate::sim::rules::DroneStats)> = Vec::new();
    let mut recon: Vec<(&SeenUnit, Cell, crate::sim::rules::DroneStats)> = Vec::new();
    for u in p.view.own.iter().filter(|u| u.kind == UnitKind::Drone) {
        let (Some(at), Some(d)) = (u.cell, v.template(&u.template).and_then(|t| t.drone.clone())) else {
            continue;
        };
        if d.role == DroneRole::Recon {
            recon.push((u, at, d));
        } else {
            strike.push((u, at, d));
        }
    }
    // The biggest units pick first; the line's regiments interdict.
    strike.sort_by_key(|(u, _, d)| (std::cmp::Reverse(d.sorties * u.personnel), u.id));
    let total: f64 = strike.iter().map(|(_, _, d)| d.sorties as f64).sum();
    let mut interdicting = 0.0;
    let mut hunt_sat = Sat::new(map, |i| hunt[i]);
    let mut route_sat = Sat::new(map, |i| route[i]);
    // Cells with a route worth cutting (the decay below keeps count).
    let mut routes_left = route.iter().filter(|v| **v > 0.0).count();
    let mut chosen: Vec<(Cell, i32)> = Vec::new();
    for (u, at, d) in &strike {
        let interdict = interdicting < INTERDICT_SHARE * total && routes_left > 0;
        let r = if interdict { v.rules().drones.sector_radius(d.radius, true) } else { d.radius };
        // Every window this unit's search reads ends above this row.
        let reach = at.y as i32 + d.range + r + 1;
        hunt_sat.ensure(reach, |i| hunt[i]);
        route_sat.ensure(reach, |i| route[i]);
        let (hunt_slack, route_slack) = (hunt_sat.slack(), route_sat.slack());
        let score = |c: Cell| {
            // Interdiction is aimed at a road or railway cell (the engine refuses any other).
            if interdict && map.features[map.idx(c)] & (feature::ANY_ROAD | feature::RAIL) == 0 {
                f64::NEG_INFINITY
            } else if interdict {
                route_sat.around(c, r) * 3.0 + hunt_sat.around(c, r) * 0.3
            } else {
                hunt_sat.around(c, r) + route_sat.around(c, r) * 0.3
            }
        };
        // No cell of the box scores more: its windows lie inside the box grown by the radius.
        let bound = |lo: Cell, hi: Cell| {
            let (x0, y0, x1, y1) = (lo.x as i32 - r, lo.y as i32 - r, hi.x as i32 + r, hi.y as i32 + r);
            let h = hunt_sat.rect(x0, y0, x1, y1) + 2.0 * hunt_slack;
            let rt = route_sat.rect(x0, y0, x1, y1) + 2.0 * route_slack;
            rounded_up(if interdict { rt * 3.0 + h * 0.3 } else { h + rt * 0.3 })
        };
        let best = best_centre_bounded(map, *at, d.range, score, bound);
        let Some((score, c)) = best else { continue };
        if score <= 0.0 {
            // Nothing seen in reach: cover the enemy's near rear in front of the unit.
            continue;
        }
        if interdict {
            interdicting += d.sorties as f64;
        }
        // Diminishing returns: the next unit looks elsewhere.
        if interdict {
            routes_left -= decay_disc(map, &mut route, c, r + 1, 0.1);
            route_sat.stale_from(c.y as i32 - r - 1);
        } else {
            decay_disc(map, &mut hunt, c, r, 0.35);
            hunt_sat.stale_from(c.y as i32 - r);
        }
        chosen.push((c, r));
        if interdict {
            // Always given: the view does not say whether the current sector already interdicts.
            out.give(Order::Interdict { unit: u.id, route: c }, || {
                format!("interdict the enemy's roads and hubs around {c}, 5–12 km behind its front")
            });
        } else {
            out.give(Order::SetDroneSector { unit: u.id, centre: c }, || {
                format!("hunt detected enemy troops around {c} (value {score:.0})")
            });
        }
    }
    // Recon drones watch where the front is and where the strike drones hunt.
    let mut watch: Vec<f64> = (0..n)
        .map(|i| {
            if p.control[i] == enemy && p.from_own[i] <= 6 {
                1.0
            } else if p.control[i] == p.side && p.from_enemy[i] <= 2 {
                0.5
            } else {
                0.0
            }
        })
        .collect();
    for (c, r) in &chosen {
        for y in (c.y as i32 - r)..=(c.y as i32 + r) {
            for x in (c.x as i32 - r)..=(c.x as i32 + r) {
                let cc = Cell::new(x as i16, y as i16);
                if map.in_bounds(cc) {
                    watch[map.idx(cc)] += 0.5;
                }
            }
        }
    }
    recon.sort_by_key(|(u, _, _)| u.id);
    let mut sat = Sat::new(map, |i| watch[i]);
    for (u, at, d) in &recon {
        sat.ensure(at.y as i32 + d.range + d.radius + 1, |i| watch[i]);
        let slack = sat.slack();
        let bound = |lo: Cell, hi: Cell| {
            let r = d.radius;
            rounded_up(sat.rect(lo.x as i32 - r, lo.y as i32 - r, hi.x as i32 + r, hi.y as i32 + r) + 2.0 * slack)
        };
        let Some((_, c)) = best_centre_bounded(map, *at, d.range, |c| sat.around(c, d.radius), bound) else {
            continue;
        };
        decay_disc(map, &mut watch, c, d.radius, 0.2);
        sat.stale_from(c.y as i32 - d.radius);
        if u.sector != Some(c) {
            out.give(Order::SetDroneSector { unit: u.id, centre: c }, || {
                format!("watch the front and the strike drones' hunting grounds around {c}")
            });
        }
    }
}

/// The sector centre in range of `at` (squared distance at most range², one cell inside the
/// range: the engine's check measures the rounded-down distance) with the highest score, ties:
/// the first row by row from the north, each row from the west.
///
/// The cells are taken in tiles, the tiles with the highest `bound` first, where `bound(lo, hi)`
/// is at least the score of every cell of the box `lo..=hi`: once a tile's bound is below the
/// best score found, neither it nor any tile after it can hold the answer.
fn best_centre_bounded(
    map: &Map,
    at: Cell,
    range: i32,
    score: impl Fn(Cell) -> f64,
    bound: impl Fn(Cell, Cell) -> f64,
) -> Option<(f64, Cell)> {
    const TILE: i32 = 8;
    let (ax, ay) = (at.x as i32, at.y as i32);
    let (y0, y1) = ((ay - range).max(0), (ay + range).min(map.height as i32 - 1));
    let (x0, x1) = ((ax - range).max(0), (ax + range).min(map.width as i32 - 1));
    let mut tiles: Vec<(f64, i32, i32, i32, i32)> = Vec::new();
    for ty in (y0..=y1).step_by(TILE as usize) {
        let ty1 = (ty + TILE - 1).min(y1);
        for tx in (x0..=x1).step_by(TILE as usize) {
            let tx1 = (tx + TILE - 1).min(x1);
            // Only tiles with a cell in the disc: the tile's nearest point to `at` is.
            let (dx, dy) = (ax.clamp(tx, tx1) - ax, ay.clamp(ty, ty1) - ay);
            if dx * dx + dy * dy <= range * range {
                let b = bound(Cell::new(tx as i16, ty as i16), Cell::new(tx1 as i16, ty1 as i16));
                tiles.push((b, ty, tx, ty1, tx1));
            }
        }
    }
    tiles.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut best: Option<(f64, Cell)> = None;
    for (b, ty, tx, ty1, tx1) in tiles {
        if best.is_some_and(|(s, _)| b < s) {
            break;
        }
        for y in ty..=ty1 {
            let left = range * range - (y - ay) * (y - ay);
            if left < 0 {
                continue;
            }
            let span = left.isqrt();
            for x in (ax - span).max(tx)..=(ax + span).min(tx1) {
                let c = Cell::new(x as i16, y as i16);
                let s = score(c);
                if best.is_none_or(|(bs, bc)| s > bs || (s == bs && (c.y, c.x) < (bc.y, bc.x))) {
                    best = Some((s, c));
                }
            }
        }
    }
    best
}

/// `x` made a little larger than any rounding of a sum of terms at least zero could have
/// left it below the exact sum.
fn rounded_up(x: f64) -> f64 {
    x * (1.0 + 16.0 * f64::EPSILON) + f64::MIN_POSITIVE
}

/// Calls `f` on the cells of the map within Euclidean distance `r` of `c` (squared distance
/// at most r²), row by row from the north, each row from the west.
fn each_in_disc(map: &Map, c: Cell, r: i32, mut f: impl FnMut(Cell)) {
    let (cx, cy) = (c.x as i32, c.y as i32);
    for y in (cy - r).max(0)..=(cy + r).min(map.height as i32 - 1) {
        // The row's half-width: the largest dx with dx² + dy² ≤ r².
        let span = (r * r - (y - cy) * (y - cy)).isqrt();
        for x in (cx - span).max(0)..=(cx + span).min(map.width as i32 - 1) {
            f(Cell::new(x as i16, y as i16));
        }
    }
}

/// Scales the values in the disc of radius `r` around `c` by `keep`; returns how many of them
/// were above zero and no longer are.
fn decay_disc(map: &Map, grid: &mut [f64], c: Cell, r: i32, keep: f64) -> usize {
    let mut gone = 0;
    each_in_disc(map, c, r, |cc| {
        let v = &mut grid[map.idx(cc)];
        let was = *v > 0.0;
        *v *= keep;
        if was && (*v).partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            gone += 1;
        }
    });
    gone
}

// ----- guns and support units -----

fn artillery_orders(p: &Picture, out: &mut Plan) {
    let v = p.view;
    for u in p.view.own.iter().filter(|u| u.kind == UnitKind::Artillery) {
        let Some(at) = u.cell else { continue };
        let Some(a) = v.template(&u.template).and_then(|t| t.artillery.clone()) else { continue };
        // Fire on the detected troops that press on our line: those in or next to our ground first.
        let best = p
            .view
            .enemy
            .iter()
            .filter_map(|e| e.cell.map(|c| (e, c)))
            .filter(|(_, c)| c.dist2(at) <= (a.range - 1).max(0).pow(2))
            .map(|(e, c)| {
                let i = p.map.idx(c);
                let near = if p.from_own[i] <= 1 { 3 } else { 1 };
                (e.personnel as i64 * near + e.vehicles as i64 * 10, c)
            })
            .max_by_key(|(v, c)| (*v, std::cmp::Reverse(*c)));
        if let Some((_, c)) = best {
            out.give(Order::Fire { unit: u.id, target: c }, || format!("fire on detected enemy troops at {c}"));
        }
    }
}

/// EW stations move behind the densest part of the own front to shield it from radio drones.
fn support_orders(p: &Picture, out: &mut Plan) {
    let map = p.map;
    let n = map.len();
    let mut mass: Vec<f64> = (0..n).map(|i| if p.from_enemy[i] <= 2 { p.own_ground[i] as f64 } else { 0.0 }).collect();
    let mut claimed: Vec<Cell> = Vec::new();
    let mut sat = Sat::new(map, |i| mass[i]);
    for u in p.view.own.iter().filter(|u| u.kind == UnitKind::Ew) {
        let Some(at) = u.cell else { continue };
        let Some(ew) = p.view.template(&u.template).and_then(|t| t.ew.clone()) else { continue };
        sat.ensure(at.y as i32 + 6 + ew.radius + 1, |i| mass[i]);
        let mut best: Option<(f64, Cell)> = None;
        for c in cells_within(map, at, 6) {
            let i = map.idx(c);
            if p.control[i] != p.side || !map.passable(c) || p.from_enemy[i] < 3 || claimed.contains(&c) {
                continue;
            }
            let s = sat.around(c, ew.radius) - 0.1 * c.dist(at) as f64 - p.enemy_cover[i] as f64;
            if best.is_none_or(|b| s > b.0) {
                best = Some((s, c));
            }
        }
        if let Some((_, c)) = best {
            decay_disc(map, &mut mass, c, ew.radius, 0.3);
            sat.stale_from(c.y as i32 - ew.radius);
            claimed.push(c);
            if c != at && u.task != Some(Task::Move { to: c }) {
                out.give(Order::Move { unit: u.id, to: c }, || format!("jam radio drones over our troops around {c}"));
            }
        }
    }
}

/// The cells on the map within Chebyshev distance `r` of `c`, row by row from the north, each
/// row from the west.
pub(super) fn cells_within(map: &Map, c: Cell, r: i32) -> Square {
    let (x0, x1) = ((c.x as i32 - r).max(0), (c.x as i32 + r).min(map.width as i32 - 1));
    let (y0, y1) = ((c.y as i32 - r).max(0), (c.y as i32 + r).min(map.height as i32 - 1));
    Square { x0, x1, y1, x: x0, y: if x1 < x0 { y1 + 1 } else { y0 } }
}

/// The iterator of [`cells_within`] (a plain walk: cheaper than nested ranges flattened).
pub(super) struct Square {
    x0: i32,
    x1: i32,
    y1: i32,
    x: i32,
    y: i32,
}

impl Iterator for Square {
    type Item = Cell;
    #[inline]
    fn next(&mut self) -> Option<Cell> {
        if self.y > self.y1 {
            return None;
        }
        let c = Cell::new(self.x as i16, self.y as i16);
        if self.x == self.x1 {
            self.x = self.x0;
            self.y += 1;
        } else {
            self.x += 1;
        }
        Some(c)
    }
}

// ----- ground -----

/// Days of stocks left at which a cut-off unit falls back rather than be starved in place.
const WITHDRAW_STOCKS: f64 = 2.0;

/// Enemy coverage above which more than two fighting units in one cell draw too many drones.
const CROWD_COVER: f32 = 0.3;

/// How a unit would take or keep a cell: its value to the side, before the unit's own costs
/// (worked out once per cell and picture).
fn cell_value(p: &Picture, c: Cell) -> f64 {
    let i = p.map.idx(c);
    let known = p.values[i].get();
    if !known.is_nan() {
        return known;
    }
    let v = work_out_value(p, c);
    p.values[i].set(v);
    v
}

fn work_out_value(p: &Picture, c: Cell) -> f64 {
    let map = p.map;
    let i = map.idx(c);
    let mut v = 1.0;
    // Cells no enemy troops stand next to change hands that night; contested ones only some days.
    if p.enemy_near[i] == 0 {
        v += 1.2;
    }
    match map.terrain[i] {
        Terrain::Urban => v -= 0.5,
        Terrain::Forest => v += 0.2,
        _ => {}
    }
    if map.features[i] & feature::TREELINE != 0 {
        v += 0.3;
    }
    v += 0.6 * p.objective[i];
    // Cells pressed between own ground consolidate the line and close pockets.
    let own_nb = map.neighbours(c).filter(|nb| p.own(*nb)).count() as f64;
    v += 0.15 * own_nb;
    v
}

struct Mover<'u> {
    u: &'u SeenUnit,
    at: Cell,
    speed: f64,
    exposure: f64,
    /// Supplied and steady enough to assault (infiltrating needs neither).
    can_assault: bool,
}

fn ground_orders(p: &Picture, out: &mut Plan) {
    let v = p.view;
    let map = p.map;
    let n = map.len();
    let rules = v.rules();
    // Units already given their order (by id).
    let mut busy = vec![false; p.view.own.iter().map(|u| u.id.0 as usize + 1).max().unwrap_or(0)];
    let mut movers: Vec<Mover> = Vec::new();
    let types = v.templates(&p.view.own);
    for (u, &t) in p.view.own.iter().zip(&types) {
        let Some(at) = u.cell else { continue };
        let i = map.idx(at);
        match u.kind {
            UnitKind::Position => {
                let cut = rules.supply.cut_threshold;
                // Hold while the position's own stocks last; fall back before they run out.
                if u.supply < cut && u.stocks <= WITHDRAW_STOCKS {
                    if let Some(to) = fallback_far(p, at) {
                        out.give(Order::Withdraw { unit: u.id, to }, || {
                            format!(
                                "cut off {} days (supply {:.2}, {:.0} days of stocks left): fall back to {to} before the position collapses",
                                u.days_cut, u.supply, u.stocks
                            )
                        });
                        continue;
                    }
                }
                if u.task != Some(Task::Hold { dig_in: true }) {
                    out.give(Order::Hold { unit: u.id, dig_in: true }, || "hold the position and dig in".into());
                }
            }
            UnitKind::Drone | UnitKind::Artillery | UnitKind::Ew
                if u.supply < rules.supply.cut_threshold && u.stocks <= WITHDRAW_STOCKS =>
            {
                // Crews carry little: cut off, they move back to where supply reaches.
                if let Some(to) = fallback_far(p, at).filter(|to| p.field[map.idx(*to)] > p.field[i]) {
                    out.give(Order::Withdraw { unit: u.id, to }, || {
                        format!("supply {:.2}: move the crews back to supplied ground at {to}", u.supply)
                    });
                }
            }
            k if k.is_manoeuvre() => {
                let speed = t.map(|t| t.speed).unwrap_or(1.0);
                // How exposed it is crossing coverage, against a foot team: its signature over its
                // speed (the engine's crossing hazard grows with both).
                let exposure = t.map(|t| (t.signature / t.speed.max(1.0)) / (0.6 / 10.0)).unwrap_or(1.0);
                let can_assault = u.supply >= rules.assault.min_supply_to_assault
                    && u.cohesion >= rules.assault.min_cohesion_to_assault + 0.05;
                // Moving needs no supply, only troops steady enough not to break on the way.
                let can_move = u.cohesion >= rules.cohesion.break_threshold + 0.15;
                if !can_move {
                    busy[u.id.0 as usize] = true;
                    if let Some(to) = fallback(p, at).filter(|to| p.field[map.idx(*to)] > p.field[i]) {
                        out.give(Order::Withdraw { unit: u.id, to }, || {
                            format!(
                                "cohesion {:.2}, supply {:.2}: pull back toward supply at {to}",
                                u.cohesion, u.supply
                            )
                        });
                        continue;
                    }
                    out.give(Order::Hold { unit: u.id, dig_in: true }, || {
                        format!("cohesion {:.2}: too shaken to move on, hold and recover", u.cohesion)
                    });
                    continue;
                }
                movers.push(Mover { u, at, speed, exposure, can_assault });
            }
            _ => {}
        }
    }
    assaults(p, &movers, &mut busy, out);
    movers.retain(|m| !busy[m.u.id.0 as usize]);

    // Infiltration and blocking: every free unit gets its own cell.
    let mut claims = vec![0u16; n];
    let mut pairs: Vec<(i64, usize, Cell, &'static str)> = Vec::new();
    for (k, m) in movers.iter().enumerate() {
        let u = m.u;
        let i = map.idx(m.at);
        if u.kind == UnitKind::ArmoredGroup {
            continue;
        }
        // Already in enemy ground, not yet taken: stay until it changes hands.
        if p.control[i] != p.side {
            let v = cell_value(p, m.at) + 1.0;
            pairs.push(((v * 1000.0) as i64, k, m.at, "stay"));
        }
        // Own cell the enemy has infiltrated: block it.
        if p.control[i] == p.side && p.enemy_ground[i] > 0 {
            pairs.push((4000, k, m.at, "block"));
        }
        let reach = if u.kind == UnitKind::MotorGroup { 6 } else { (m.speed as i32).clamp(1, 3) };
        let from_enemy_ground = p.control[i] != p.side;
        let r = if from_enemy_ground { 1 } else { reach };
        // The square of cells within `r`, row by row (as `cells_within`), by index.
        let (ax, ay) = (m.at.x as i32, m.at.y as i32);
        let (x0, x1) = ((ax - r).max(0), (ax + r).min(map.width as i32 - 1));
        let (y0, y1) = ((ay - r).max(0), (ay + r).min(map.height as i32 - 1));
        for (y, x) in (y0..=y1).flat_map(|y| (x0..=x1).map(move |x| (y, x))) {
            let j = y as usize * map.width as usize + x as usize;
            if (x == ax && y == ay) || map.terrain[j] == Terrain::Water {
                continue;
            }
            let c = Cell::new(x as i16, y as i16);
            let d = (x - ax).abs().max((y - ay).abs()) as f64;
            let cover = p.enemy_cover[j] as f64 * m.exposure;
            if p.control[j] != p.side {
                // Infiltrate an empty enemy cell on the edge of our ground.
                if p.enemy_any[j] > 0 || (p.from_own[j] > 1 && d > 1.0) {
                    continue;
                }
                let mut v = cell_value(p, c) - 0.25 * (d - 1.0) - 0.6 * cover.min(3.0);
                if u.kind == UnitKind::MotorGroup && cover < 0.5 {
                    v += 0.3;
                }
                if !p.attacking() {
                    v -= 0.4;
                }
                pairs.push(((v * 1000.0) as i64, k, c, "infiltrate"));
            } else if p.enemy_ground[j] > 0 && p.own_ground[j] == 0 {
                // Our cell with enemy troops in it and none of ours: block it before it falls.
                let v = 3.5 - 0.2 * d - 0.3 * cover.min(3.0) + 0.5 * p.objective[j];
                pairs.push(((v * 1000.0) as i64, k, c, "block"));
            } else if !p.attacking() && p.from_enemy[j] == 1 && p.own_ground[j] == 0 && p.enemy_near[j] > 0 {
                // Defending: fill a threatened front cell nobody holds.
                let v = 1.5 + 0.3 * p.enemy_near[j] as f64 + 0.5 * p.objective[j] - 0.2 * d - 0.3 * cover.min(3.0)
                    + if map.terrain[j] == Terrain::Urban || map.features[j] & feature::TREELINE != 0 {
                        0.3
                    } else {
                        0.0
                    };
                pairs.push(((v * 1000.0) as i64, k, c, "fill"));
            }
        }
    }
    // Only pairs of some value are ever taken: best value first, then by unit, then by cell.
    let mut sorted: Vec<u128> =
        pairs.iter().filter(|x| x.0 > 0).map(|&(v, k, c, why)| pack_pair(v, k, c, why)).collect();
    sorted.sort_unstable();
    let mut done = vec![false; movers.len()];
    for (v, k, c, why) in sorted.into_iter().map(unpack_pair) {
        if done[k] || v <= 0 {
            continue;
        }
        let j = map.idx(c);
        let m = &movers[k];
        if why != "stay" && why != "block" && claims[j] > 0 {
            continue;
        }
        if why == "block" && claims[j] > 1 {
            continue;
        }
        done[k] = true;
        claims[j] += 1;
        let id = m.u.id;
        match why {
            "stay" => out.give(Order::Hold { unit: id, dig_in: true }, || {
                format!("stay in {c} until it changes hands (enemy troops next to it: {})", p.enemy_near[j])
            }),
            "block" if c == m.at => out.give(Order::Hold { unit: id, dig_in: true }, || {
                format!("hold {c}: enemy infiltrators are in it, and our troops here keep it ours")
            }),
            "block" => {
                out.give(Order::Move { unit: id, to: c }, || format!("block enemy infiltrators in our cell {c}"))
            }
            "fill" => out.give(Order::Move { unit: id, to: c }, || {
                format!("man the threatened front cell {c} ({} enemy units near)", p.enemy_near[j])
            }),
            _ => out.give(Order::Move { unit: id, to: c }, || {
                format!(
                    "infiltrate the empty enemy cell {c} ({}, enemy coverage {:.1}{})",
                    map.terrain[j].name(),
                    p.enemy_cover[j],
                    if p.enemy_near[j] == 0 { ", no enemy troops next to it" } else { "" }
                )
            }),
        }
    }
    // Units with nothing in reach: march to the part of the front that needs them, spread out.
    let mut need = vec![0.0f64; n];
    for i in 0..n {
        let c = map.cell_at(i);
        if !map.passable(c) {
            continue;
        }
        if p.attacking() {
            if p.control[i] != p.side && p.from_own[i] == 1 && p.enemy_any[i] == 0 {
                need[i] = cell_value(p, c);
            }
        } else if p.control[i] == p.side && p.from_enemy[i] == 1 {
            need[i] = 0.5 + 0.4 * p.enemy_near[i] as f64 + 0.8 * p.objective[i];
        } else if p.control[i] != p.side && p.from_own[i] == 1 && p.enemy_any[i] == 0 {
            need[i] = 0.5 * cell_value(p, c);
        }
        if claims[i] > 0 || (p.own_ground[i] > 0 && p.from_enemy[i] <= 1 && !p.attacking()) {
            need[i] *= 0.2;
        }
    }
    let front = Front::new(map, &need);
    for (k, m) in movers.iter().enumerate() {
        if done[k] {
            continue;
        }
        let u = m.u;
        let i = map.idx(m.at);
        if u.kind == UnitKind::ArmoredGroup {
            // Armor stays back, out of the drones' reach, until an assault is worth it.
            let best = map
                .neighbours(m.at)
                .chain(std::iter::once(m.at))
                .filter(|c| {
                    p.own(*c) && map.passable(*c) && p.from_enemy[map.idx(*c)] >= 2 && p.own_ground[map.idx(*c)] <= 1
                })
                .min_by(|a, b| p.enemy_cover[map.idx(*a)].total_cmp(&p.enemy_cover[map.idx(*b)]).then(a.cmp(b)));
            match best {
                Some(c) if c != m.at && p.enemy_cover[map.idx(c)] + 0.2 < p.enemy_cover[i] => out
                    .give(Order::Move { unit: u.id, to: c }, || {
                        format!("armor kept back: move to {c}, under less drone coverage")
                    }),
                _ => out.give(Order::Hold { unit: u.id, dig_in: true }, || {
                    "armor kept back until an assault on open ground has good odds".into()
                }),
            }
            continue;
        }
        match front.best(&need, m.at) {
            Some((_, c)) if c != m.at => {
                need[map.idx(c)] *= 0.3;
                out.give(Order::Move { unit: u.id, to: c }, || {
                    format!("move up to the front at {c}, where troops are needed")
                });
            }
            _ => {
                let crowded = p.own_ground[i] > 2 && p.enemy_cover[i] > CROWD_COVER;
                if crowded {
                    if let Some(c) = disperse(p, m.at) {
                        out.give(Order::Move { unit: u.id, to: c }, || {
                            format!("disperse: {} units in one cell under enemy drones; move to {c}", p.own_ground[i])
                        });
                        continue;
                    }
                }
                if u.task != Some(Task::Hold { dig_in: true }) {
                    out.give(Order::Hold { unit: u.id, dig_in: true }, || "hold and dig in".into());
                }
            }
        }
    }
}

/// What a unit may do with a cell, in the pairs of `ground_orders`.
const WHYS: [&str; 4] = ["stay", "block", "infiltrate", "fill"];

/// A pair of `ground_orders` (value above zero, unit, cell, why) as one integer that sorts as
/// the pairs are taken: value first (highest first), then the unit, then the cell (by x, then
/// y, as cells compare), the why in the lowest bits (a unit has one pair per cell, so no two
/// pairs share the bits above).
fn pack_pair(v: i64, k: usize, c: Cell, why: &str) -> u128 {
    debug_assert!(v > 0 && k < 1 << 30 && c.x >= 0 && c.y >= 0);
    let why = WHYS.iter().position(|w| *w == why).expect("a known why") as u128;
    ((i64::MAX - v) as u128) << 64 | (k as u128) << 34 | (c.x as u128) << 18 | (c.y as u128) << 2 | why
}

fn unpack_pair(x: u128) -> (i64, usize, Cell, &'static str) {
    let v = i64::MAX - (x >> 64) as i64;
    let k = ((x >> 34) as u64 & ((1 << 30) - 1)) as usize;
    let c = Cell::new(((x >> 18) & 0xffff) as i16, ((x >> 2) & 0xffff) as i16);
    (v, k, c, WHYS[(x & 3) as usize])
}

/// The cells of the front that need troops (need above zero when the march orders begin), in
/// blocks of the map, for finding the one a unit should march to: the most need less 0.08 a
/// cell of distance (ties: the smaller cell). A block whose most need at its least distance
/// is below the best found so far cannot hold the answer, and is not searched; need only
/// falls as units are sent, so a block's most need stays a bound.
struct Front {
    cells: Vec<(usize, Cell)>,
    /// Per block: the corners of its front cells' box, its most need, and its cells in `cells`.
    blocks: Vec<(Cell, Cell, f64, std::ops::Range<usize>)>,
}

impl Front {
    const BLOCK: i16 = 8;

    fn new(map: &Map, need: &[f64]) -> Front {
        let mut cells: Vec<(usize, Cell)> =
            (0..map.len()).filter(|i| need[*i] > 0.0).map(|i| (i, map.cell_at(i))).collect();
        let block = |c: Cell| (c.y / Self::BLOCK, c.x / Self::BLOCK);
        cells.sort_by_key(|&(i, c)| (block(c), i));
        let mut blocks = Vec::new();
        let mut k = 0;
        while k < cells.len() {
            let b = block(cells[k].1);
            let end = k + cells[k..].iter().take_while(|(_, c)| block(*c) == b).count();
            let part = &cells[k..end];
            let lo =
                Cell::new(part.iter().map(|x| x.1.x).min().unwrap_or(0), part.iter().map(|x| x.1.y).min().unwrap_or(0));
            let hi =
                Cell::new(part.iter().map(|x| x.1.x).max().unwrap_or(0), part.iter().map(|x| x.1.y).max().unwrap_or(0));
            let most = part.iter().map(|x| need[x.0]).fold(f64::NEG_INFINITY, f64::max);
            blocks.push((lo, hi, most, k..end));
            k = end;
        }
        Front { cells, blocks }
    }

    /// The best front cell for a unit at `at` (as a scan of every front cell would find it).
    ///
    /// The answer is the greatest value over all front cells in one total order (value, then
    /// the smaller cell), so the blocks may be searched in any order as long as only blocks
    /// that cannot hold it are skipped: first the block with the highest bound (a good first
    /// best), then every other block, in index order, whose bound is not below the best found.
    /// No sorting of the blocks per unit, so a unit's search grows with the front's blocks,
    /// not with their sorting.
    fn best(&self, need: &[f64], at: Cell) -> Option<(f64, Cell)> {
        let better = |a: (f64, Cell), b: (f64, Cell)| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)).is_gt();
        // No cell of a block is worth more than its most need at the block's least distance.
        let bound = |(lo, hi, most, _): &(Cell, Cell, f64, std::ops::Range<usize>)| {
            let dx = (lo.x - at.x).max(at.x - hi.x).max(0);
            let dy = (lo.y - at.y).max(at.y - hi.y).max(0);
            most - 0.08 * dx.max(dy) as f64
        };
        let first = self
            .blocks
            .iter()
            .enumerate()
            .map(|(k, b)| (bound(b), k))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))?
            .1;
        let mut best: Option<(f64, Cell)> = None;
        let search = |k: usize, best: &mut Option<(f64, Cell)>| {
            for &(j, c) in &self.cells[self.blocks[k].3.clone()] {
                let v = (need[j] - 0.08 * c.dist(at) as f64, c);
                if best.is_none_or(|b| better(v, b)) {
                    *best = Some(v);
                }
            }
        };
        search(first, &mut best);
        for (k, b) in self.blocks.iter().enumerate() {
            if k == first || best.is_some_and(|x| bound(b).total_cmp(&x.0).is_lt()) {
                continue;
            }
            search(k, &mut best);
        }
        best
    }
}

/// A neighbouring own cell with fewer own troops and less enemy coverage.
fn disperse(p: &Picture, at: Cell) -> Option<Cell> {
    let map = p.map;
    map.neighbours(at)
        .filter(|c| map.passable(*c) && p.own(*c) && p.own_ground[map.idx(*c)] < 2)
        .min_by(|a, b| p.enemy_cover[map.idx(*a)].total_cmp(&p.enemy_cover[map.idx(*b)]).then(a.cmp(b)))
}

/// Grouped assaults at good odds on detected enemies next to our fighting units.
fn assaults(p: &Picture, movers: &[Mover], busy: &mut [bool], out: &mut Plan) {
    let map = p.map;
    let n = map.len();
    // Per cell: the free units in it (indices into `movers`, chained from the last) and
    // their personnel.
    const END: u32 = u32::MAX;
    let mut first = vec![END; n];
    let mut next = vec![END; movers.len()];
    let mut personnel = vec![0u64; n];
    for (k, m) in movers.iter().enumerate() {
        let i = map.idx(m.at);
        next[k] = first[i];
        first[i] = k as u32;
        personnel[i] += m.u.personnel as u64;
    }
    // Targets: enemy-held cells with detected enemies, next to at least one free unit.
    let mut targets: Vec<(i64, Cell)> = Vec::new();
    let mut seen = vec![false; n];
    for m in movers {
        for c in map.neighbours(m.at) {
            let i = map.idx(c);
            if p.control[i] != p.side && p.enemy_any[i] > 0 && map.passable(c) && !seen[i] {
                seen[i] = true;
                // A rough prior: our strength next to it over its troops (whole numbers, so
                // the sum is exact in any order).
                let ours = map.neighbours(c).map(|nb| personnel[map.idx(nb)]).sum::<u64>() as f64;
                targets.push((((ours / p.enemy_any[i] as f64) * 1000.0) as i64, c));
            }
        }
    }
    if targets.is_empty() {
        return;
    }
    targets.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut next_to: Vec<usize> = Vec::new();
    for (_, target) in targets {
        let ti = map.idx(target);
        let open = matches!(map.terrain[ti], Terrain::Open | Terrain::Farmland);
        // The free units next to it, in the movers' order.
        next_to.clear();
        for nb in map.neighbours(target) {
            let mut k = first[map.idx(nb)];
            while k != END {
                next_to.push(k as usize);
                k = next[k as usize];
            }
        }
        next_to.sort_unstable();
        let group: Vec<&Mover> = next_to
            .iter()
            .map(|&k| &movers[k])
            .filter(|m| m.can_assault && !busy[m.u.id.0 as usize])
            .filter(|m| m.u.kind != UnitKind::ArmoredGroup || open)
            .collect();
        if group.is_empty() {
            continue;
        }
        let ids: Vec<UnitId> = group.iter().map(|m| m.u.id).collect();
        let odds = p.referee.assault_odds(&ids, target);
        let has_armor = group.iter().any(|m| m.u.kind == UnitKind::ArmoredGroup);
        let mut need: f64 = if p.attacking() { 0.6 } else { 0.65 };
        if map.terrain[ti] == Terrain::Urban {
            need = need.max(0.75);
        }
        if has_armor {
            need = need.max(0.7);
        }
        if odds.success < need {
            // Try without the armor: it should not go in at lower odds.
            continue;
        }
        for m in &group {
            busy[m.u.id.0 as usize] = true;
            out.give(Order::Assault { unit: m.u.id, target }, || {
                format!(
                    "grouped assault by {} units on {target} ({}): odds {:.0}% (strength ratio {:.1})",
                    ids.len(),
                    map.terrain[ti].name(),
                    odds.success * 100.0,
                    odds.ratio
                )
            });
        }
    }
}

/// The neighbouring own cell with the best supply, for a unit falling back.
/// Where a cut-off unit withdraws to: the nearest own cell, through own ground free of enemy
/// troops, that is supplied well enough to live on (half again the cut threshold), within a
/// few days' walk; else the best supplied neighbour.
fn fallback_far(p: &Picture, at: Cell) -> Option<Cell> {
    let map = p.map;
    let want = (p.view.rules().supply.cut_threshold * 1.5) as f32;
    // A fall-back crosses own ground free of enemy troops.
    let open = |c: Cell| map.passable(c) && p.own(c) && p.enemy_ground[map.idx(c)] == 0;
    // The search below finds its cell in the layer as many steps out as the nearest supplied
    // cell is: none within its reach, and it would only end where this does.
    let steps = p.fallback_steps.get_or_init(|| steps_to(map, open, |c| p.field[map.idx(c)] >= want));
    let nearest = map.neighbours(at).filter(|c| open(*c)).map(|c| steps[map.idx(c)]).min().unwrap_or(u16::MAX);
    if nearest as usize >= FALLBACK_STEPS {
        return fallback(p, at);
    }
    // Cells reached, marked with this search's stamp (one table for the picture's searches).
    let mut marks = p.marks.borrow_mut();
    let (stamp, seen) = &mut *marks;
    *stamp = stamp.wrapping_add(1);
    if *stamp == 0 {
        seen.iter_mut().for_each(|s| *s = 0);
        *stamp = 1;
    }
    let stamp = *stamp;
    let mut frontier = vec![at];
    seen[map.idx(at)] = stamp;
    for _ in 0..FALLBACK_STEPS {
        let mut next = Vec::new();
        for c in frontier {
            for nb in map.neighbours(c) {
                let i = map.idx(nb);
                if seen[i] == stamp || !map.passable(nb) || !p.own(nb) || p.enemy_ground[i] != 0 {
                    continue;
                }
                seen[i] = stamp;
                next.push(nb);
            }
        }
        // The best of the layer in one total order (supply, then the smaller cell): the
        // layer's order does not matter.
        if let Some(c) = next
            .iter()
            .copied()
            .filter(|c| p.field[map.idx(*c)] >= want)
            .max_by(|a, b| p.field[map.idx(*a)].total_cmp(&p.field[map.idx(*b)]).then(b.cmp(a)))
        {
            return Some(c);
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    fallback(p, at)
}

/// Per cell: the fewest steps (to any of the eight neighbours, each step into a cell where
/// `open` holds) from it to a cell where `open` and `goal` hold; 0 on those, `u16::MAX` where
/// none can be reached or the cell is not open. A breadth-first search from all the goals
/// at once (steps between open cells go either way).
fn steps_to(map: &Map, open: impl Fn(Cell) -> bool, goal: impl Fn(Cell) -> bool) -> Vec<u16> {
    let (w, h) = (map.width as usize, map.height as usize);
    // The search runs on tables with a border of closed cells (index (y + 1)·(w + 2) + x + 1),
    // so a cell's eight neighbours are fixed offsets; each cell's openness is asked once. One
    // queue, layer after layer: a cell's steps are its layer's, whichever order a layer is
    // walked in.
    let pw = w + 2;
    let mut d = vec![u16::MAX; pw * (h + 2)];
    let mut is_open = vec![false; pw * (h + 2)];
    let mut queue: Vec<u32> = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let c = Cell::new(x as i16, y as i16);
            let k = (y + 1) * pw + x + 1;
            is_open[k] = open(c);
            if is_open[k] && goal(c) {
                d[k] = 0;
                queue.push(k as u32);
            }
        }
    }
    let offsets = [pw + 1, pw, pw - 1, 1];
    let mut head = 0;
    while head < queue.len() {
        let i = queue[head] as usize;
        head += 1;
        let k = d[i];
        if k >= u16::MAX - 1 {
            break;
        }
        for o in offsets {
            for j in [i - o, i + o] {
                if d[j] == u16::MAX && is_open[j] {
                    d[j] = k + 1;
                    queue.push(j as u32);
                }
            }
        }
    }
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        out.extend_from_slice(&d[(y + 1) * pw + 1..][..w]);
    }
    out
}

/// How far (cells) a cut-off unit looks for supplied ground to fall back to.
const FALLBACK_STEPS: usize = 20;

fn fallback(p: &Picture, at: Cell) -> Option<Cell> {
    let map = p.map;
    map.neighbours(at)
        .filter(|n| map.passable(*n) && p.own(*n) && p.enemy_ground[map.idx(*n)] == 0)
        .max_by(|a, b| p.field[map.idx(*a)].total_cmp(&p.field[map.idx(*b)]).then(b.cmp(a)))
}

// ----- reserves -----

fn reserve_orders(p: &Picture, out: &mut Plan) {
    let v = p.view;
    let map = p.map;
    let waiting: Vec<&SeenUnit> = p.view.own.iter().filter(|u| u.in_reserve && u.reserve_arrives.is_none()).collect();
    let Some(first) = waiting.first() else { return };
    let day = v.day;
    // Per cell: the most an objective cell within 4 cells (Chebyshev) is worth, painted from
    // the objective cells (few) rather than gathered over each front cell's square (the same
    // maximum: the maximum of the same values in any order).
    let mut near_objective = vec![0.0f64; map.len()];
    for (i, &w) in p.objective.iter().enumerate() {
        if w > 0.0 {
            for cc in cells_within(map, map.cell_at(i), 4) {
                let k = map.idx(cc);
                near_objective[k] = near_objective[k].max(w);
            }
        }
    }
    // Where the line bends: own front cells with the most enemy ground around them, near
    // objectives (to keep, or to take).
    let mut best: Option<(f64, Cell)> = None;
    for (i, &obj) in near_objective.iter().enumerate() {
        if p.control[i] != p.side || p.from_enemy[i] != 1 {
            continue;
        }
        let c = map.cell_at(i);
        if !map.passable(c) {
            continue;
        }
        let enemy_nb = map.neighbours(c).filter(|nb| !p.own(*nb)).count() as f64;
        let s = enemy_nb + 2.0 * obj + 0.5 * p.enemy_near[i] as f64 - p.enemy_cover[i] as f64;
        if best.is_none_or(|b| s > b.0) {
            best = Some((s, c));
        }
    }
    let Some((_, to)) = best else { return };
    let commit = if p.attacking() {
        // The attacker feeds its reserves in early, a few days apart, where the push is.
        day >= 1 && (day - 1).is_multiple_of(4)
    } else {
        // The defender commits one for every 6 km² lost, where the line bends most.
        let lost = v.ground_gained_km2[p.side.other().index()] - v.ground_gained_km2[p.side.index()];
        let committed =
            p.view.own.iter().filter(|u| u.kind == UnitKind::Reserve && !waiting.iter().any(|w| w.id == u.id)).count();
        lost >= 6.0 * (committed as f64 + 1.0)
    };
    if commit {
        out.give(Order::CommitReserve { unit: first.id, to }, || {
            format!("commit the reserve where the line bends, at {to}")
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::map::blank_for_tests as map;
    use proptest::prelude::*;

    /// The definition: every cell of the disc, row by row, the first of the highest scores.
    fn scan(map: &Map, at: Cell, range: i32, score: impl Fn(Cell) -> f64) -> Option<(f64, Cell)> {
        let mut best: Option<(f64, Cell)> = None;
        for y in (at.y as i32 - range)..=(at.y as i32 + range) {
            for x in (at.x as i32 - range)..=(at.x as i32 + range) {
                let c = Cell::new(x as i16, y as i16);
                if !map.in_bounds(c) || c.dist2(at) > range * range {
                    continue;
                }
                let s = score(c);
                if best.is_none_or(|b| s > b.0) {
                    best = Some((s, c));
                }
            }
        }
        best
    }

    /// Values at least zero with many zeros and repeats (ties), and fractions that round.
    fn grid() -> impl Strategy<Value = (i16, i16, Vec<f64>)> {
        (3i16..30, 3i16..30).prop_flat_map(|(w, h)| {
            let cell = prop_oneof![3 => Just(0.0), 2 => (1u32..4).prop_map(|k| k as f64), 2 => 0.0f64..50.0];
            (Just(w), Just(h), prop::collection::vec(cell, (w as usize) * (h as usize)))
        })
    }

    proptest! {
        /// The tiled search finds what a scan of the whole disc finds, bit for bit, for scores
        /// made of two summed-area windows as the drone orders make them.
        #[test]
        fn tiled_sector_search_is_the_scan(
            (w, h, a) in grid(),
            b_seed in any::<u64>(),
            at in (0i16..30, 0i16..30),
            range in 0i32..22,
            r in 0i32..9,
            weight in prop_oneof![Just(0.3), Just(3.0), Just(1.0)],
        ) {
            let m = map(w, h);
            let at = Cell::new(at.0 % w, at.1 % h);
            // A second grid from the first, shifted (its own zeros and ties).
            let b: Vec<f64> = (0..a.len()).map(|i| a[(i + (b_seed % 7) as usize) % a.len()] * 0.35).collect();
            let (sa, sb) = (Sat::new(&m, |i| a[i]), Sat::new(&m, |i| b[i]));
            let score = |c: Cell| sa.around(c, r) + sb.around(c, r) * weight;
            let (ka, kb) = (sa.slack(), sb.slack());
            let bound = |lo: Cell, hi: Cell| {
                let (x0, y0, x1, y1) = (lo.x as i32 - r, lo.y as i32 - r, hi.x as i32 + r, hi.y as i32 + r);
                rounded_up((sa.rect(x0, y0, x1, y1) + 2.0 * ka) + (sb.rect(x0, y0, x1, y1) + 2.0 * kb) * weight)
            };
            let tiled = best_centre_bounded(&m, at, range, score, bound);
            let scanned = scan(&m, at, range, score);
            prop_assert_eq!(tiled.map(|(s, c)| (s.to_bits(), c)), scanned.map(|(s, c)| (s.to_bits(), c)));
        }

        /// The front's blocks find the cell a scan of every front cell finds, as need falls
        /// where units are sent.
        #[test]
        fn front_blocks_find_what_a_scan_finds(
            (w, h, need) in grid(),
            units in prop::collection::vec((0i16..30, 0i16..30), 1..20),
        ) {
            let m = map(w, h);
            let mut need = need;
            let front = Front::new(&m, &need);
            let cells: Vec<usize> = (0..m.len()).filter(|i| need[*i] > 0.0).collect();
            for (x, y) in units {
                let at = Cell::new(x % w, y % h);
                let scanned = cells
                    .iter()
                    .map(|&j| {
                        let c = m.cell_at(j);
                        (need[j] - 0.08 * c.dist(at) as f64, c)
                    })
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
                let found = front.best(&need, at);
                prop_assert_eq!(found.map(|(v, c)| (v.to_bits(), c)), scanned.map(|(v, c)| (v.to_bits(), c)));
                if let Some((_, c)) = found {
                    need[m.idx(c)] *= 0.3;
                }
            }
        }

        /// The steps to the nearest goal are the steps a search from each open cell takes to
        /// its first goal.
        #[test]
        fn steps_to_is_each_cells_own_search(
            (w, h, v) in grid(),
        ) {
            let m = map(w, h);
            let open = |c: Cell| v[m.idx(c)] > 0.2;
            let goal = |c: Cell| v[m.idx(c)] > 30.0;
            let steps = steps_to(&m, open, goal);
            for i in 0..m.len() {
                let from = m.cell_at(i);
                let mut seen = vec![false; m.len()];
                seen[i] = true;
                let mut layer = vec![from];
                let mut found = if open(from) && goal(from) { Some(0u16) } else { None };
                let mut k = 0;
                while found.is_none() && !layer.is_empty() && open(from) {
                    k += 1;
                    let mut next = Vec::new();
                    for c in layer {
                        for nb in m.neighbours(c) {
                            if !seen[m.idx(nb)] && open(nb) {
                                seen[m.idx(nb)] = true;
                                next.push(nb);
                                if goal(nb) {
                                    found = Some(k);
                                }
                            }
                        }
                    }
                    layer = next;
                }
                prop_assert_eq!(steps[i], found.unwrap_or(u16::MAX), "from {}", from);
            }
        }

        /// Packed pairs sort as the pairs themselves do (value highest first, then unit, then
        /// cell) and unpack to what was packed.
        #[test]
        fn packed_pairs_sort_as_pairs(
            pairs in prop::collection::vec((1i64..100_000, 0usize..2_000, 0i16..400, 0i16..400, 0usize..4), 1..60),
        ) {
            let pairs: Vec<(i64, usize, Cell, &str)> =
                pairs.into_iter().map(|(v, k, x, y, w)| (v, k, Cell::new(x, y), WHYS[w])).collect();
            let mut by_key: Vec<u128> = pairs.iter().map(|&(v, k, c, w)| pack_pair(v, k, c, w)).collect();
            by_key.sort_unstable();
            let mut sorted = pairs.clone();
            sorted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let unpacked: Vec<(i64, usize, Cell)> = by_key.into_iter().map(unpack_pair).map(|(v, k, c, _)| (v, k, c)).collect();
            let expected: Vec<(i64, usize, Cell)> = sorted.iter().map(|&(v, k, c, _)| (v, k, c)).collect();
            prop_assert_eq!(unpacked, expected);
            for &(v, k, c, w) in &pairs {
                prop_assert_eq!(unpack_pair(pack_pair(v, k, c, w)), (v, k, c, w));
            }
        }
    }
}

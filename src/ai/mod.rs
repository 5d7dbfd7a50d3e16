//! Opponents. An AI is handed only its side's [`SideView`] (its own units, the enemy units
//! it detected, and what both sides know: the map, who holds which ground, where each
//! side's drones fly) and a [`Referee`] to ask the rules (is this order allowed, what odds
//! would this assault have, as the side can estimate them); it never sees the `Game`. It gives
//! only orders a player could give: each passes the engine's own `check` first.
//!
//! The baseline AI plays the sources' war plainly: drone units cover the enemy's near rear
//! and half of them hunt its roads; assault groups infiltrate empty ground and assault only
//! at fair odds; positions dig in; cut-off units fall back; a reserve is committed where the
//! line bends most.

mod strong;

use crate::sim::components::{Task, UnitId};
use crate::sim::map::{feature, Cell, Map, Side};
use crate::sim::orders::Order;
use crate::sim::rules::{DroneRole, UnitKind};
use crate::sim::view::{Referee, SeenUnit, SideView};

/// Which AI plays a side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AiLevel {
    #[default]
    Baseline,
    /// Sees the same, plays the sources' war harder, and explains each order (`strong.rs`).
    Strong,
}

/// A summed-area table over the map for fast sums over square windows.
///
/// After values change, [`Sat::stale_from`] marks the rows from the first changed one on as
/// out of date, and [`Sat::ensure`] brings rows up to date only as far as a query will read:
/// each row's sums follow from the row above and the current values, so a row brought up to
/// date later is the same, bit for bit, as one brought up to date at once.
struct Sat {
    w: usize,
    h: usize,
    s: Vec<f64>,
    /// Rows of values `0..fresh` are summed in the table.
    fresh: usize,
}

impl Sat {
    fn new(map: &Map, v: impl Fn(usize) -> f64) -> Sat {
        let (w, h) = (map.width as usize, map.height as usize);
        let mut sat = Sat { w, h, s: vec![0.0; (w + 1) * (h + 1)], fresh: 0 };
        sat.ensure(h as i32, v);
        sat
    }
    /// Values in rows `y0..` changed.
    fn stale_from(&mut self, y0: i32) {
        self.fresh = self.fresh.min(y0.max(0) as usize);
    }
    /// Sums the rows of values below `rows` that are out of date (a window reaching down to
    /// row y reads the sums of rows `..=y`: ensure `y + 1`).
    fn ensure(&mut self, rows: i32, v: impl Fn(usize) -> f64) {
        let (w, s) = (self.w, &mut self.s);
        let rows = (rows.max(0) as usize).min(self.h);
        for y in self.fresh..rows {
            // This row's sums from the row above (tables apart, so no bounds checks).
            let (above, below) = s.split_at_mut((y + 1) * (w + 1));
            let (above, here) = (&above[y * (w + 1) + 1..][..w], &mut below[1..][..w]);
            let mut row = 0.0;
            for (x, (out, up)) in here.iter_mut().zip(above).enumerate() {
                row += v(y * w + x);
                *out = *up + row;
            }
        }
        self.fresh = self.fresh.max(rows);
    }
    /// Sum over the square of half-size `r` around `c`.
    fn around(&self, c: Cell, r: i32) -> f64 {
        let x0 = (c.x as i32 - r).max(0) as usize;
        let y0 = (c.y as i32 - r).max(0) as usize;
        let x1 = ((c.x as i32 + r + 1).max(0) as usize).min(self.w);
        let y1 = ((c.y as i32 + r + 1).max(0) as usize).min(self.h);
        if x1 <= x0 || y1 <= y0 {
            return 0.0;
        }
        debug_assert!(y1 <= self.fresh, "summed-area table read below its fresh rows");
        let w = self.w + 1;
        self.s[y1 * w + x1] - self.s[y0 * w + x1] - self.s[y1 * w + x0] + self.s[y0 * w + x0]
    }
    /// Sum over the cells `x0..=x1`, `y0..=y1` (the part on the map).
    fn rect(&self, x0: i32, y0: i32, x1: i32, y1: i32) -> f64 {
        let (x0, y0) = (x0.max(0) as usize, y0.max(0) as usize);
        let x1 = ((x1 + 1).max(0) as usize).min(self.w);
        let y1 = ((y1 + 1).max(0) as usize).min(self.h);
        if x1 <= x0 || y1 <= y0 {
            return 0.0;
        }
        debug_assert!(y1 <= self.fresh, "summed-area table read below its fresh rows");
        let w = self.w + 1;
        self.s[y1 * w + x1] - self.s[y0 * w + x1] - self.s[y1 * w + x0] + self.s[y0 * w + x0]
    }
    /// How far any window sum of the table, as computed, can be from the exact sum of its
    /// values, for values of at least zero: each entry is a sum of at most width + height
    /// roundings of partial sums no greater than the table's total, and a window adds three
    /// more; this is eight times the bound that follows.
    /// The total is read from the last row summed, which no later row can exceed in a
    /// table of values at least zero.
    fn slack(&self) -> f64 {
        32.0 * (self.w + self.h + 8) as f64 * f64::EPSILON * self.s[self.fresh * (self.w + 1) + self.w].abs()
    }
}

/// What the AI works from: its side's view and referee, and grids made from the view.
struct Picture<'a> {
    referee: &'a Referee<'a>,
    side: Side,
    view: &'a SideView,
    /// Detected enemy personnel per cell.
    enemy_at: Vec<u32>,
    /// Cells held by own side that touch enemy-held ground.
    front: Vec<Cell>,
}

impl<'a> Picture<'a> {
    fn new(view: &'a SideView, referee: &'a Referee<'a>) -> Picture<'a> {
        let map = view.map();
        let side = view.side;
        let mut enemy_at = vec![0u32; map.len()];
        for e in &view.enemy {
            if let Some(c) = e.cell {
                enemy_at[map.idx(c)] += e.personnel.max(1);
            }
        }
        let control = &view.control;
        let front = (0..map.len())
            .filter(|i| control[*i] == side)
            .map(|i| map.cell_at(i))
            .filter(|c| map.neighbours(*c).any(|n| control[map.idx(n)] != side))
            .collect();
        Picture { referee, side, view, enemy_at, front }
    }
    fn held_by(&self, c: Cell) -> Side {
        self.view.control_at(c)
    }
}

impl AiLevel {
    /// Every level, the reference (strong) first: the order the interface and `--help` offer.
    pub const ALL: [AiLevel; 2] = [AiLevel::Strong, AiLevel::Baseline];

    pub fn name(self) -> &'static str {
        match self {
            AiLevel::Baseline => "baseline",
            AiLevel::Strong => "strong",
        }
    }

    /// The level of this name (`baseline`, `strong`), as command lines and config files write it.
    pub fn parse(name: &str) -> Option<AiLevel> {
        AiLevel::ALL.into_iter().find(|l| l.name() == name)
    }
}

/// The orders of the view's side for the coming day.
pub fn orders(view: &SideView, referee: &Referee, level: AiLevel) -> Vec<Order> {
    match level {
        AiLevel::Baseline => baseline(view, referee),
        AiLevel::Strong => strong::orders(view, referee, false).into_iter().map(|(o, _)| o).collect(),
    }
}

/// The same orders, each with the reason it was given (for a debug view or log).
pub fn orders_explained(view: &SideView, referee: &Referee, level: AiLevel) -> Vec<(Order, String)> {
    match level {
        AiLevel::Baseline => {
            baseline(view, referee).into_iter().map(|o| (o, format!("baseline AI: {}", o.verb()))).collect()
        }
        AiLevel::Strong => strong::orders(view, referee, true),
    }
}

fn baseline(view: &SideView, referee: &Referee) -> Vec<Order> {
    if view.over {
        return Vec::new();
    }
    let pic = Picture::new(view, referee);
    let mut out = Vec::new();
    drone_orders(&pic, &mut out);
    artillery_orders(&pic, &mut out);
    ground_orders(&pic, &mut out);
    reserve_orders(&pic, &mut out);
    // Only orders the engine accepts (the AI never relies on a refusal).
    out.retain(|o| referee.check(o).is_ok());
    out
}

fn drone_orders(p: &Picture, out: &mut Vec<Order>) {
    let v = p.view;
    let map = v.map();
    let control = &v.control;
    let enemy = p.side.other();
    let targets = Sat::new(map, |i| p.enemy_at[i] as f64);
    let roads =
        Sat::new(map, |i| if control[i] == enemy && map.features[i] & feature::ANY_ROAD != 0 { 1.0 } else { 0.0 });
    // The ground on both sides of the line, where infiltrators come through.
    let mut line = vec![0.0; map.len()];
    for c in &p.front {
        line[map.idx(*c)] = 1.0;
        for n in map.neighbours(*c) {
            line[map.idx(n)] = 1.0;
        }
    }
    let mut line_sat = Sat::new(map, |i| line[i]);
    for (k, u) in p.view.own.iter().filter(|u| u.kind == UnitKind::Drone).enumerate() {
        let Some(at) = u.cell else { continue };
        let Some(t) = v.template(&u.template) else { continue };
        let Some(d) = &t.drone else { continue };
        let interdict = d.role != DroneRole::Recon && k % 2 == 1;
        let mut best: Option<(f64, Cell)> = None;
        let r = d.radius;
        let step = 2;
        let mut y = at.y as i32 - d.range;
        while y <= at.y as i32 + d.range {
            let mut x = at.x as i32 - d.range;
            while x <= at.x as i32 + d.range {
                let c = Cell::new(x as i16, y as i16);
                // Interdiction is aimed at a road or railway cell (the engine refuses any other).
                let route = |c: Cell| map.features[map.idx(c)] & (feature::ANY_ROAD | feature::RAIL) != 0;
                // Hunting drones may also cover our own ground, where infiltrators are.
                let hunting = !interdict;
                if map.in_bounds(c)
                    && c.dist2(at) <= d.range * d.range
                    && (control[map.idx(c)] == enemy || hunting)
                    && (!interdict || route(c))
                {
                    let score = match d.role {
                        DroneRole::Recon => roads.around(c, r) + targets.around(c, r) * 0.2 + line_sat.around(c, r),
                        _ if interdict => roads.around(c, r / 2 + 1) * 5.0 + targets.around(c, r / 2 + 1),
                        _ => targets.around(c, r) * 0.05 + roads.around(c, r) * 0.1 + line_sat.around(c, r),
                    };
                    if best.is_none_or(|b| score > b.0) {
                        best = Some((score, c));
                    }
                }
                x += step;
            }
            y += step;
        }
        if let Some((_, c)) = best {
            if !interdict {
                // The next hunting unit covers another stretch of the line.
                for (i, v) in line.iter_mut().enumerate() {
                    if map.cell_at(i).dist2(c) <= r * r {
                        *v = 0.0;
                    }
                }
                line_sat = Sat::new(map, |i| line[i]);
            }
            if u.sector != Some(c) {
                out.push(if interdict {
                    Order::Interdict { unit: u.id, route: c }
                } else {
                    Order::SetDroneSector { unit: u.id, centre: c }
                });
            }
        }
    }
}

fn artillery_orders(p: &Picture, out: &mut Vec<Order>) {
    for u in p.view.own.iter().filter(|u| u.kind == UnitKind::Artillery) {
        let Some(at) = u.cell else { continue };
        let Some(a) = p.view.template(&u.template).and_then(|t| t.artillery.clone()) else { continue };
        let best = p
            .view
            .enemy
            .iter()
            .filter_map(|e| e.cell.map(|c| (e, c)))
            .filter(|(_, c)| c.dist2(at) <= a.range * a.range)
            .max_by_key(|(e, c)| (e.personnel, std::cmp::Reverse(*c)));
        if let Some((_, c)) = best {
            out.push(Order::Fire { unit: u.id, target: c });
        }
    }
}

/// The objective this side should push toward (`held_by_enemy`) or guard nearest to `from`,
/// as the cell to head for. An objective counts as the victory rules count it (a share of its
/// built-up cells), so an attacker keeps pushing into a town until it is taken, heading for
/// the nearest of its cells still held by the enemy.
fn nearest_objective(p: &Picture, from: Cell, held_by_enemy: bool) -> Option<Cell> {
    p.view
        .scenario()
        .objectives
        .iter()
        .zip(&p.view.objectives)
        .filter(|(_, status)| {
            let ru_holds = status.ru_holds;
            let enemy_holds = if p.side == Side::Ru { !ru_holds } else { ru_holds };
            enemy_holds == held_by_enemy
        })
        .map(|(o, _)| {
            if held_by_enemy {
                o.cells
                    .iter()
                    .copied()
                    .filter(|c| p.held_by(*c) != p.side)
                    .min_by_key(|c| (c.dist2(from), *c))
                    .unwrap_or(o.cell)
            } else {
                o.cell
            }
        })
        .min_by_key(|c| (c.dist2(from), *c))
}

fn ground_orders(p: &Picture, out: &mut Vec<Order>) {
    let map = p.view.map();
    let side = p.side;
    let attacking = side == Side::Ru;
    let mut committed: Vec<(Cell, Vec<UnitId>)> = Vec::new();
    // Front cells, and own cells with enemy troops in them, already given to a unit this turn.
    let mut claimed: Vec<Cell> = Vec::new();
    // Cells with an own ground-holding unit in them, as the side planned from (orders given
    // this turn do not move anyone until the day resolves).
    let mut manned_cells = vec![false; map.len()];
    for o in p.view.own.iter().filter(|o| o.kind.holds_ground()) {
        if let Some(c) = o.cell {
            manned_cells[map.idx(c)] = true;
        }
    }
    for u in &p.view.own {
        let Some(at) = u.cell else { continue };
        match u.kind {
            UnitKind::Position => {
                if u.days_cut >= 8 && u.cohesion < 0.4 {
                    if let Some(to) = fallback(p, at) {
                        out.push(Order::Withdraw { unit: u.id, to });
                    }
                } else if u.task != Some(Task::Hold { dig_in: true }) {
                    out.push(Order::Hold { unit: u.id, dig_in: true });
                }
            }
            k if k.is_manoeuvre() => {
                if u.supply < 0.3 || u.cohesion < 0.35 {
                    if let Some(to) = fallback(p, at) {
                        out.push(Order::Withdraw { unit: u.id, to });
                    } else {
                        out.push(Order::Hold { unit: u.id, dig_in: true });
                    }
                    continue;
                }
                // In enemy-held ground: stay until it is ours (it must be held a day), unless
                // enemy troops next to it keep it from changing hands and a gap is open nearby.
                if p.held_by(at) != side {
                    if attacking
                        && watched(p, at)
                        && to_gap(p, u.id, at, nearest_objective(p, at, true), &mut claimed, out)
                    {
                        continue;
                    }
                    if u.task != Some(Task::Hold { dig_in: true }) {
                        out.push(Order::Hold { unit: u.id, dig_in: true });
                    }
                    continue;
                }
                // Enemy troops in our ground nearby: go and block them before the cell falls,
                // one unit to each such cell (the rest stay where they are needed).
                let infiltrated = p
                    .view
                    .enemy
                    .iter()
                    .filter(|e| e.kind.holds_ground())
                    .filter_map(|e| e.cell)
                    .filter(|c| p.held_by(*c) == side && c.dist(at) <= 3)
                    .filter(|c| *c == at || !claimed.contains(c))
                    .min_by_key(|c| (c.dist2(at), *c));
                if let Some(c) = infiltrated {
                    claimed.push(c);
                    if c != at {
                        out.push(Order::Move { unit: u.id, to: c });
                    } else if u.task != Some(Task::Hold { dig_in: true }) {
                        out.push(Order::Hold { unit: u.id, dig_in: true });
                    }
                    continue;
                }
                // Enemy-held neighbours: empty ones are infiltrated, held ones assaulted at fair odds.
                let goal = nearest_objective(p, at, true);
                let mut options: Vec<(i64, Cell)> = map
                    .neighbours(at)
                    .filter(|n| map.passable(*n) && p.held_by(*n) != side)
                    .map(|n| {
                        let toward = goal.map(|gc| -(n.dist2(gc) as i64)).unwrap_or(0);
                        let enemy = p.enemy_at[map.idx(n)] as i64;
                        (toward - enemy * 50, n)
                    })
                    .collect();
                options.sort_by(|a, b| b.cmp(a));
                if let Some(&(_, n)) = options.first() {
                    if p.enemy_at[map.idx(n)] == 0 {
                        // An empty cell next to enemy troops it can see does not change hands
                        // while they stand there: the attacker tries a gap first.
                        if attacking && watched(p, n) && to_gap(p, u.id, at, goal, &mut claimed, out) {
                            continue;
                        }
                        if attacking || u.kind == UnitKind::MotorGroup || u.id.0 % 3 == 0 {
                            out.push(Order::Move { unit: u.id, to: n });
                            continue;
                        }
                    } else {
                        // The attacker looks along the line for a gap before it assaults: an
                        // enemy-held cell nobody is seen in, a few cells off, that no other unit
                        // has been sent to (one team a gap).
                        if attacking && to_gap(p, u.id, at, goal, &mut claimed, out) {
                            continue;
                        }
                        match committed.iter_mut().find(|(c, _)| *c == n) {
                            Some((_, ids)) => ids.push(u.id),
                            None => committed.push((n, vec![u.id])),
                        }
                        continue;
                    }
                }
                if attacking && !options.is_empty() {
                    if let Some(gc) = goal {
                        out.push(Order::Move { unit: u.id, to: gc });
                        continue;
                    }
                } else if options.is_empty() {
                    // Units not in contact man the nearest stretch of the front nobody holds yet,
                    // leaning toward the objective they push for or guard: the attacker presses
                    // along the whole line rather than streaming to one objective and leaving its
                    // own ground empty behind it.
                    let guard = nearest_objective(p, at, attacking).unwrap_or(at);
                    let manned = |f: &Cell| manned_cells[map.idx(*f)];
                    let pick = p
                        .front
                        .iter()
                        .filter(|f| !manned(f) && !claimed.contains(*f))
                        .min_by_key(|f| (f.dist2(at) + f.dist2(guard) / 8, **f))
                        .copied();
                    if let Some(f) = pick {
                        if f != at {
                            claimed.push(f);
                            out.push(Order::Move { unit: u.id, to: f });
                            continue;
                        }
                    }
                }
                if u.task.is_none_or(|t| !matches!(t, Task::Hold { .. })) {
                    out.push(Order::Hold { unit: u.id, dig_in: true });
                }
            }
            _ => {}
        }
    }
    // Grouped assaults go in only at fair odds, as far as the side can tell.
    for (target, ids) in committed {
        let odds = p.referee.assault_odds(&ids, target);
        let enough = if attacking { 0.4 } else { 0.5 };
        for id in ids {
            if odds.success >= enough {
                out.push(Order::Assault { unit: id, target });
            } else {
                out.push(Order::Hold { unit: id, dig_in: true });
            }
        }
    }
}

/// How far off (in cells) the baseline attacker looks for a gap in the enemy's line.
const GAP_SEARCH: i32 = 3;

/// The enemy-held cell within [`GAP_SEARCH`] of `at` with no enemy troops seen in it, next to
/// ground the side holds and not yet given to a unit this turn: the nearest, then the one
/// nearest the goal (ties: the smaller cell).
fn gap_near(p: &Picture, at: Cell, goal: Option<Cell>, claimed: &[Cell]) -> Option<Cell> {
    let map = p.view.map();
    let mut best: Option<((i32, i32, Cell), Cell)> = None;
    for c in strong::cells_within(map, at, GAP_SEARCH) {
        if !map.passable(c) || p.held_by(c) == p.side || p.enemy_at[map.idx(c)] > 0 {
            continue;
        }
        if claimed.contains(&c) || !map.neighbours(c).any(|n| p.held_by(n) == p.side) {
            continue;
        }
        // No enemy seen next to it either: a gap, not the flank of a held cell.
        if watched(p, c) {
            continue;
        }
        let key = (c.dist(at), goal.map(|g| c.dist2(g)).unwrap_or(0), c);
        if best.is_none_or(|(k, _)| key < k) {
            best = Some((key, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Whether enemy troops the side can see stand in an enemy-held cell next to `c` (such a
/// cell does not change hands while they are there).
fn watched(p: &Picture, c: Cell) -> bool {
    let map = p.view.map();
    map.neighbours(c).any(|n| p.held_by(n) != p.side && p.enemy_at[map.idx(n)] > 0)
}

/// Sends the unit to the gap [`gap_near`] finds, claiming it; false if there is none.
fn to_gap(
    p: &Picture,
    unit: UnitId,
    at: Cell,
    goal: Option<Cell>,
    claimed: &mut Vec<Cell>,
    out: &mut Vec<Order>,
) -> bool {
    let Some(gap) = gap_near(p, at, goal, claimed) else { return false };
    claimed.push(gap);
    out.push(Order::Move { unit, to: gap });
    true
}

/// The attacker feeds its reserves in one at a time, a week apart, behind the front cell
/// nearest the objective it is pushing for.
fn attacker_reserves(p: &Picture, out: &mut Vec<Order>) {
    let day = p.view.day;
    if day < 3 || !(day - 3).is_multiple_of(7) {
        return;
    }
    let Some(first) = p.view.own.iter().find(|u| u.in_reserve && u.reserve_arrives.is_none()) else { return };
    let Some(front) = p.front.first().copied() else { return };
    let goal = nearest_objective(p, front, true).unwrap_or(front);
    if let Some(to) = p.front.iter().min_by_key(|f| (f.dist2(goal), **f)) {
        out.push(Order::CommitReserve { unit: first.id, to: *to });
    }
}

/// The neighbouring own cell with the best supply, for a unit falling back.
fn fallback(p: &Picture, at: Cell) -> Option<Cell> {
    let map = p.view.map();
    let field = &p.view.supply_field;
    map.neighbours(at)
        .filter(|n| map.passable(*n) && p.held_by(*n) == p.side)
        .max_by(|a, b| field[map.idx(*a)].total_cmp(&field[map.idx(*b)]).then(b.cmp(a)))
}

fn reserve_orders(p: &Picture, out: &mut Vec<Order>) {
    if p.side == Side::Ru {
        attacker_reserves(p, out);
        return;
    }
    let lost = p.view.ground_gained_km2[p.side.other().index()];
    let reserves: Vec<&SeenUnit> = p.view.own.iter().filter(|u| u.in_reserve && u.reserve_arrives.is_none()).collect();
    let Some(first) = reserves.first() else { return };
    // Commit one reserve for every 8 km² lost, where the enemy is deepest toward an objective.
    let committed = p
        .view
        .own
        .iter()
        .filter(|u| u.kind == UnitKind::Reserve && !(u.in_reserve && u.reserve_arrives.is_none()))
        .count();
    if lost < 8.0 * (committed as f64 + 1.0) {
        return;
    }
    let objective = p
        .view
        .scenario()
        .objectives
        .iter()
        .filter(|o| p.held_by(o.cell) == p.side)
        .map(|o| o.cell)
        .min_by_key(|c| (p.front.iter().map(|f| f.dist2(*c)).min().unwrap_or(i32::MAX), *c));
    let Some(obj) = objective else { return };
    if let Some(to) = p.front.iter().min_by_key(|f| (f.dist2(obj), **f)) {
        out.push(Order::CommitReserve { unit: first.id, to: *to });
    }
}

//! Phase 4: fires. Artillery batteries shell detected units in range (an ordered cell
//! first), limited by the side's daily ration of shells; Russian glide bombs fall on detected defended
//! positions; Ukrainian long-range rockets, by aid track, strike Russian supply hubs.

use crate::sim::components::*;
use crate::sim::events::{Audience, Event, Log, LossCause, Phase};
use crate::sim::map::{Cell, Side};
use crate::sim::phase::drones::cover_factor;
use crate::sim::phase::recon::detected_in;
use crate::sim::phase::reinforce::shell_output;
use crate::sim::rng;
use crate::sim::rules::UnitKind;
use crate::sim::scenario::Aid;
use crate::sim::spatial::Spatial;
use crate::sim::Game;

pub fn run(g: &mut Game, ev: &mut Log) {
    let sp = Spatial::build(&g.map, &g.world);
    let seen = [detected_in(g, &sp, Side::Ru), detected_in(g, &sp, Side::Ua)];
    artillery(g, &sp, &seen, ev);
    glide_bombs(g, ev);
    rockets(g, ev);
}

/// The detected enemy unit a battery at `at` with `range` should fire on (highest signature
/// × personnel in the ordered cell if any, else in range), ties broken by id.
#[allow(clippy::too_many_arguments)]
fn pick_target(
    g: &Game,
    sp: &Spatial,
    seen: &[(UnitId, hecs::Entity, Cell)],
    side: Side,
    at: Cell,
    range: i32,
    ordered: Option<Cell>,
) -> Option<(UnitId, Cell)> {
    let detected = g.detected(side);
    let mut best: Option<(f64, UnitId, Cell)> = None;
    let mut consider_unit = |id: UnitId, e: hecs::Entity, c: Cell| -> bool {
        let (Ok(u), Ok(st)) = (g.world.get::<&Unit>(e), g.world.get::<&Strength>(e)) else { return false };
        let val = g.template(&u).signature * (1.0 + st.personnel as f64);
        if best.as_ref().is_none_or(|b| val > b.0 || (val == b.0 && id < b.1)) {
            best = Some((val, id, c));
        }
        true
    };
    let mut found_ordered = false;
    if let Some(c) = ordered {
        for &(id, s, e) in sp.at(c) {
            if s == side || detected.binary_search(&id).is_err() {
                continue;
            }
            found_ordered |= consider_unit(id, e, c);
        }
    }
    if !found_ordered {
        // Every detected enemy unit within range. The best is the highest value, ties to the
        // lowest id, so the order units are looked at in does not matter: visit whichever is
        // fewer, the detected units or the cells of the range's square.
        let side_len = 2 * range as i64 + 1;
        if (seen.len() as i64) < side_len * side_len {
            for &(id, e, c) in seen {
                if c.dist2(at) <= range * range {
                    consider_unit(id, e, c);
                }
            }
        } else {
            for c in sp.around(at, range) {
                if c.dist2(at) <= range * range {
                    for &(id, s, e) in sp.at(c) {
                        if s == side || detected.binary_search(&id).is_err() {
                            continue;
                        }
                        consider_unit(id, e, c);
                    }
                }
            }
        }
    }
    best.map(|b| (b.1, b.2))
}

fn artillery(g: &mut Game, sp: &Spatial, seen: &[Vec<(UnitId, hecs::Entity, Cell)>; 2], ev: &mut Log) {
    let mut batteries: Vec<(UnitId, Side, Cell, Task)> = g
        .world
        .query::<(&Unit, &Pos, &Task)>()
        .iter()
        .filter(|(u, _, _)| u.kind == UnitKind::Artillery)
        .map(|(u, p, t)| (u.id, u.side, p.0, *t))
        .collect();
    batteries.sort_unstable_by_key(|b| b.0);
    let rules = g.rules.fires.clone();
    // Each side's shells for the day: what reaches the sector plus its ration of the stock.
    let mut allowance = Side::BOTH.map(|side| {
        let stock = g.sides[side.index()].shells;
        let ration = libm::ceil(stock as f64 / rules.ration_days + shell_output(g, side));
        (ration.min(stock as f64)) as u32
    });
    for (id, side, at, task) in batteries {
        let Some(e) = g.entity(id) else { continue };
        let (range, per_day) = {
            let u = g.world.get::<&Unit>(e).expect("unit");
            let Some(a) = g.template(&u).artillery.clone() else { continue };
            (a.range, a.shells_per_day)
        };
        let ordered = match task {
            Task::FireAt { target } => Some(target),
            _ => None,
        };
        let Some((target, cell)) = pick_target(g, sp, &seen[side.index()], side, at, range, ordered) else { continue };
        let shells = per_day.min(allowance[side.index()]);
        if shells == 0 {
            continue;
        }
        allowance[side.index()] -= shells;
        g.sides[side.index()].shells -= shells;
        let Some(te) = g.entity(target) else { continue };
        let dug = g.world.get::<&DugIn>(te).map(|d| d.0).unwrap_or(0);
        let p = (rules.shell_accuracy * cover_factor(g, cell, dug)).min(g.rules.drones.max_hit_chance);
        let mut r = g.rng(Phase::Fires, id.0 as u64);
        let hits = rng::binomial(&mut r, shells, p);
        let personnel = rng::round_random(&mut r, hits as f64 * rules.casualties_per_shell);
        let vehicles = {
            let st = g.world.get::<&Strength>(te).expect("strength");
            if st.vehicles > 0 {
                rng::binomial(&mut r, hits.min(st.vehicles), rules.vehicle_kill_per_shell_hit)
            } else {
                0
            }
        };
        let (lp, lv) = g.inflict(te, LossCause::Fires, personnel, vehicles);
        // The battery's side, and the side fired on (the target was one it had detected).
        let fire = Event::ArtilleryFire {
            side,
            battery: Some(id),
            target,
            cell,
            shells,
            personnel: lp,
            vehicles: lv,
            hit_chance: p,
        };
        ev.push(fire, g.audience(side, id).with(side.other()));
    }
}

fn glide_bombs(g: &mut Game, ev: &mut Log) {
    for side in Side::BOTH {
        glide_bombs_of(g, side, ev);
    }
}

/// One side's glide bombs: its sector share of the front's bombing, less what the enemy's air
/// defence keeps off (Ukraine's depends on the aid track: interceptors keep the carriers back).
fn glide_bombs_of(g: &mut Game, side: Side, ev: &mut Log) {
    let rules = g.rules.fires.clone();
    let per_day = g.sides[side.index()].glide_bombs_per_day;
    if per_day <= 0.0 {
        return;
    }
    let through = match (side, g.aid()) {
        (Side::Ua, _) => 1.0,
        (Side::Ru, Aid::More) => rules.glide_bombs_through_more,
        (Side::Ru, Aid::Same) => rules.glide_bombs_through_same,
        (Side::Ru, Aid::Cutoff) => rules.glide_bombs_through_cutoff,
    };
    let mut r = g.rng(Phase::Fires, if side == Side::Ru { u64::MAX } else { u64::MAX - 2 });
    let bombs = rng::round_random(&mut r, per_day * through);
    if bombs == 0 {
        return;
    }
    // The largest detected Ukrainian positions take the bombs, one bomb each, largest first.
    let detected = g.detected(side).to_vec();
    let mut targets: Vec<(u32, UnitId, Cell)> = detected
        .iter()
        .filter_map(|id| {
            let e = g.entity(*id)?;
            let u = g.world.get::<&Unit>(e).ok()?;
            let p = g.world.get::<&Pos>(e).ok()?;
            let st = g.world.get::<&Strength>(e).ok()?;
            (u.kind == UnitKind::Position || u.kind == UnitKind::SupplyHub).then_some((st.personnel, *id, p.0))
        })
        .collect();
    targets.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    if targets.is_empty() {
        return;
    }
    let mut per_target = vec![0u32; targets.len()];
    for i in 0..bombs as usize {
        per_target[i % targets.len()] += 1;
    }
    for ((_, id, cell), n) in targets.into_iter().zip(per_target) {
        if n == 0 {
            continue;
        }
        let Some(e) = g.entity(id) else { continue };
        let hits = rng::binomial(&mut r, n, rules.glide_bomb_accuracy);
        let personnel = rng::round_random(&mut r, hits as f64 * rules.casualties_per_glide_bomb);
        if hits > 0 {
            if let Ok(mut d) = g.world.get::<&mut DugIn>(e) {
                d.0 = d.0.saturating_sub(rules.glide_bomb_fort_damage * hits.min(255) as u8);
            }
        }
        let (lp, _) = g.inflict(e, LossCause::Fires, personnel, 0);
        // The bombs fall in plain sight: both sides know of them.
        let bomb =
            Event::GlideBomb { side, target: id, cell, bombs: n, personnel: lp, hit_chance: rules.glide_bomb_accuracy };
        ev.push(bomb, Audience::BOTH);
    }
}

fn rockets(g: &mut Game, ev: &mut Log) {
    let rules = g.rules.fires.clone();
    let side = Side::Ua;
    let per_day = g.scenario.scale.intensity
        * match g.aid() {
            Aid::More => rules.rockets_per_day_more,
            Aid::Same => rules.rockets_per_day_same,
            Aid::Cutoff => rules.rockets_per_day_cutoff,
        };
    let mut r = g.rng(Phase::Fires, u64::MAX - 1);
    let n = rng::round_random(&mut r, per_day);
    if n == 0 {
        return;
    }
    let mut hubs: Vec<(UnitId, Cell)> = g
        .detected(side)
        .iter()
        .filter_map(|id| {
            let e = g.entity(*id)?;
            let u = g.world.get::<&Unit>(e).ok()?;
            let p = g.world.get::<&Pos>(e).ok()?;
            (u.kind == UnitKind::SupplyHub && g.world.get::<&HubDamaged>(e).is_err()).then_some((*id, p.0))
        })
        .collect();
    hubs.sort_unstable_by_key(|h| h.0);
    for (id, cell) in hubs.into_iter().take(n as usize) {
        let damaged = rng::chance(&mut r, rules.rocket_hub_damage);
        if damaged {
            if let Some(e) = g.entity(id) {
                let until_day = g.day + rules.hub_repair_days;
                let _ = g.world.insert_one(e, HubDamaged { until_day });
            }
        }
        // The side that fired and the hub's side (the hub was one it had detected).
        let strike = Event::RocketStrike { side, hub: id, cell, damaged, chance: rules.rocket_hub_damage };
        ev.push(strike, Audience::BOTH);
    }
}

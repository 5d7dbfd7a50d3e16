//! Phase 7: reinforcement and recruitment. Recruits join the sector's pool each day and
//! flow to supplied units as replacements; drones, shells and vehicles are produced;
//! committed reserves arrive; a side's technical edge is copied by the other after a while.

use crate::sim::components::*;
use crate::sim::events::{Audience, Event, Log, Phase};
use crate::sim::map::Side;
use crate::sim::rng;
use crate::sim::rules::UnitKind;
use crate::sim::scenario::{Aid, Edge};
use crate::sim::Game;

/// Adds a fractional daily flow to a stock, carrying the fraction to the next day.
fn accrue(stock: &mut u32, carry: &mut f64, per_day: f64) -> u32 {
    let total = *carry + per_day.max(0.0);
    let whole = libm::floor(total);
    *carry = total - whole;
    *stock = stock.saturating_add(whole as u32);
    whole as u32
}

/// The multipliers the aid track puts on a side's shell and armour output (Russia's: none).
fn aid_multipliers(g: &Game, side: Side) -> (f64, f64) {
    let ar = &g.rules.aid;
    match (side, g.aid()) {
        (Side::Ru, _) => (1.0, 1.0),
        (Side::Ua, Aid::More) => (ar.shells_more, ar.armor_more),
        (Side::Ua, Aid::Same) => (ar.shells_same, ar.armor_same),
        (Side::Ua, Aid::Cutoff) => (ar.shells_cutoff, ar.armor_cutoff),
    }
}

/// Shells reaching the side's sector stock in a day, after the aid track.
pub fn shell_output(g: &Game, side: Side) -> f64 {
    g.sides[side.index()].shells_per_day.max(0.0) * aid_multipliers(g, side).0
}

pub fn run(g: &mut Game, ev: &mut Log) {
    for side in Side::BOTH {
        let (shell_mult, armor_mult) = aid_multipliers(g, side);
        let s = &mut g.sides[side.index()];
        let recruits = {
            let (mut pool, mut carry) = (s.manpower_pool, s.recruit_carry);
            let n = accrue(&mut pool, &mut carry, s.recruits_per_day);
            s.manpower_pool = pool;
            s.recruit_carry = carry;
            n
        };
        let drones = accrue(&mut s.drones, &mut s.drone_carry, s.drones_per_day);
        let shells = accrue(&mut s.shells, &mut s.shell_carry, s.shells_per_day * shell_mult);
        let vehicles = accrue(&mut s.armor, &mut s.armor_carry, s.armor_per_day * armor_mult);
        ev.push(Event::Production { side, drones, shells, vehicles }, Audience::only(side));
        let replacements = replace(g, side);
        form_units(g, side, ev);
        let pool = g.sides[side.index()].manpower_pool;
        ev.push(Event::Recruitment { side, recruits, replacements, pool }, Audience::only(side));
    }
    arrive_reserves(g, ev);
    copy_edges(g, ev);
}

/// Replacements to supplied units below establishment, in id order, capped per unit per day.
fn replace(g: &mut Game, side: Side) -> u32 {
    let rr = g.rules.recruitment.clone();
    let mut units: Vec<(UnitId, hecs::Entity)> = g
        .world
        .query::<(hecs::Entity, &Unit, &Pos)>()
        .iter()
        .filter(|(_, u, _)| u.side == side)
        .map(|(e, u, _)| (u.id, e))
        .collect();
    units.sort_unstable_by_key(|u| u.0);
    let mut given = 0;
    for (_, e) in units {
        let pool = g.sides[side.index()].manpower_pool;
        let armor = g.sides[side.index()].armor;
        let Ok((u, st, sup)) = g.world.query_one_mut::<(&Unit, &mut Strength, &Supply)>(e) else { continue };
        // Short of supply, the unit still gets men who walk in by night in twos and threes,
        // but no vehicles: the road is under drones.
        let supplied = sup.level >= rr.min_supply_for_replacements;
        let share = if supplied { 1.0 } else { rr.cut_off_replacement_share };
        let cap = libm::ceil(st.full_personnel as f64 * rr.replacement_share_per_day * share) as u32;
        let n = (st.full_personnel.saturating_sub(st.personnel)).min(cap).min(pool);
        st.personnel += n;
        given += n;
        let v = if supplied && (u.kind == UnitKind::ArmoredGroup || u.kind == UnitKind::MotorGroup) {
            st.full_vehicles.saturating_sub(st.vehicles).min(armor).min(1)
        } else {
            0
        };
        st.vehicles += v;
        let s = &mut g.sides[side.index()];
        s.manpower_pool -= n;
        s.armor -= v;
        s.arrivals += n;
    }
    given
}

/// Soldiers the units could not absorb are formed into new units at supplied hubs: each day a
/// share of the pool (one over the rules' days from arrival to the front) is equipped and sent
/// off as teams, spread over the hubs in id order, more at the better-supplied. No cap on how
/// many: twice the recruits make twice the new teams. The only bound is the game's size: a side
/// keeps at most `max_units_factor` times the units it started with.
fn form_units(g: &mut Game, side: Side, ev: &mut Log) {
    let rr = g.rules.recruitment.clone();
    let Some(size) = g.scenario_template(&rr.new_unit_template).map(|t| t.personnel) else { return };
    if size == 0 || rr.formation_days <= 0.0 {
        return;
    }
    let cut = g.rules.supply.cut_threshold;
    let mut hubs: Vec<(UnitId, crate::sim::map::Cell, f64)> = g
        .world
        .query::<(&Unit, &Pos, &Supply)>()
        .iter()
        .filter(|(u, _, s)| u.side == side && u.kind == UnitKind::SupplyHub && s.level >= cut)
        .map(|(u, p, s)| (u.id, p.0, s.level))
        .collect();
    if hubs.is_empty() {
        return;
    }
    hubs.sort_unstable_by_key(|h| h.0);
    // Hubs share the day's teams by their supply: what gets through to a hub equips teams there.
    let supply: f64 = hubs.iter().map(|h| h.2).sum();
    let pool = g.sides[side.index()].manpower_pool as f64;
    let today = libm::floor(pool / rr.formation_days / size as f64) as u32;
    let alive = g.world.query::<&Unit>().iter().filter(|u| u.side == side).count() as f64;
    let start = g.sides[side.index()].start_units as f64;
    let room = ((rr.max_units_factor * start).floor() - alive).max(0.0) as u32;
    let mut left = today.min(room);
    let mut share: Vec<f64> = hubs.iter().map(|h| today as f64 * h.2 / supply).collect();
    while left > 0 {
        // The hub with the most still owed (ties: the lower id), one team at a time.
        let (i, _) =
            share.iter().enumerate().fold((0usize, f64::MIN), |best, (i, v)| if *v > best.1 { (i, *v) } else { best });
        share[i] -= 1.0;
        let cell = hubs[i].1;
        let unit = UnitId(g.index.len() as u32);
        let spawn = crate::sim::scenario::UnitSpawn {
            side,
            template: rr.new_unit_template.clone(),
            cell: Some(cell),
            personnel: None,
            task: None,
            label: None,
        };
        if g.sides[side.index()].manpower_pool < size || g.spawn(&spawn).is_err() {
            return;
        }
        let s = &mut g.sides[side.index()];
        s.manpower_pool -= size;
        s.arrivals += size;
        ev.push(Event::UnitFormed { side, unit, cell, personnel: size }, Audience::only(side));
        left -= 1;
    }
}

fn arrive_reserves(g: &mut Game, ev: &mut Log) {
    let mut due: Vec<(UnitId, hecs::Entity, Side, crate::sim::map::Cell)> = g
        .world
        .query::<(hecs::Entity, &Unit, &InReserve)>()
        .iter()
        .filter_map(|(e, u, r)| match (r.arrives_on, r.destination) {
            (Some(d), Some(c)) if d <= g.day => Some((u.id, e, u.side, c)),
            _ => None,
        })
        .collect();
    due.sort_unstable_by_key(|d| d.0);
    for (id, e, side, dest) in due {
        // Reserves come up from the rear: they reach the side's hub nearest their destination
        // and march on from there, through whatever drones cover the way (massing is punished
        // on the march too). With no hub, they arrive at the nearest cell still held.
        let hub = g
            .world
            .query::<(&Unit, &Pos)>()
            .iter()
            .filter(|(u, p)| u.side == side && u.kind == UnitKind::SupplyHub && g.control[g.map.idx(p.0)] == side)
            .map(|(_, p)| p.0)
            .min_by_key(|c| (c.dist2(dest), *c));
        let cell = match hub {
            Some(h) => h,
            None if g.control[g.map.idx(dest)] == side => dest,
            None => (0..g.map.len())
                .filter(|i| g.control[*i] == side && g.map.terrain[*i] != crate::sim::map::Terrain::Water)
                .map(|i| g.map.cell_at(i))
                .min_by_key(|c| (c.dist2(dest), *c))
                .unwrap_or(dest),
        };
        let _ = g.world.remove_one::<InReserve>(e);
        let _ = g.world.insert_one(e, Pos(cell));
        if cell != dest {
            if let Ok(mut t) = g.world.get::<&mut Task>(e) {
                *t = Task::Move { to: dest };
            }
        }
        ev.push(Event::ReserveArrived { unit: id, cell }, Audience::only(side));
    }
}

fn copy_edges(g: &mut Game, ev: &mut Log) {
    for side in Side::BOTH {
        for edge in Edge::ALL {
            if g.sides[side.index()].has(edge) {
                continue;
            }
            let Some(&(_, since)) = g.sides[side.other().index()].edges.iter().find(|(e, _)| *e == edge) else {
                continue;
            };
            let tr = match edge {
                Edge::FiberOptic => &g.rules.tech.fiber_optic,
                Edge::MassDroneUnits => &g.rules.tech.mass_drone_units,
            };
            let held = g.day as i32 - since;
            if held < tr.copy_after_days as i32 {
                continue;
            }
            let mut r = g.rng(Phase::Reinforcement, ((side as u64) << 8) | edge as u64);
            if rng::chance(&mut r, tr.copy_daily_chance) {
                g.sides[side.index()].edges.push((edge, g.day as i32));
                // A copied edge shows at the front at once: public news.
                let copied = Event::TechCopied { side, edge: edge.name().into(), after_days: held.max(0) as u32 };
                ev.push(copied, Audience::BOTH);
            }
        }
    }
}

//! Phase 8: cohesion, collapse and control. Heavy losses shake units; units that break (a
//! cut-off position's cohesion drains day by day) lose part of their troops and fall back
//! toward supply, or surrender when they cannot; spent units are disbanded; cells change hands
//! where one side's troops stand alone, unless the holder contests them from next door and
//! with the drones that have found them (the control rule); political will moves with
//! losses, ground and aid.

use hecs::Entity;

use crate::sim::components::*;
use crate::sim::events::{Audience, CollapseReason, ControlOdds, Event, Log, LossCause, Phase};
use crate::sim::map::{feature, Cell, Side, Terrain};
use crate::sim::phase::movement::retreat_cell;
use crate::sim::phase::recon::detect_chance;
use crate::sim::rng;
use crate::sim::rules::UnitKind;
use crate::sim::scenario::Aid;
use crate::sim::spatial::Spatial;
use crate::sim::Game;

pub fn run(g: &mut Game, ev: &mut Log) {
    shock_and_break(g, ev);
    disband(g, ev);
    control(g, ev);
    will(g, ev);
}

fn shock_and_break(g: &mut Game, ev: &mut Log) {
    let cr = g.rules.cohesion.clone();
    // Losses shake each ground unit by its own losses alone, so every unit's shock is taken
    // in one pass; the units that break then collapse one by one in id order (a collapse
    // touches only the unit and where it falls back to).
    let day_start = &g.scratch.day_start;
    let mut broken: Vec<(UnitId, Entity, u32, Side, Cell, u32, f64)> = Vec::new();
    for (e, u, st, p, sup, c) in g.world.query_mut::<(Entity, &Unit, &Strength, &Pos, &Supply, &mut Cohesion)>() {
        if !u.kind.holds_ground() {
            continue;
        }
        let start = day_start.get(u.id.0 as usize).copied().unwrap_or(0);
        let pers = st.personnel;
        if pers == 0 {
            continue;
        }
        if start > pers {
            let lost_pct = 100.0 * (start - pers) as f64 / start as f64;
            c.0 = (c.0 - cr.loss_shock * lost_pct).max(0.0);
        }
        if c.0 < cr.break_threshold {
            broken.push((u.id, e, pers, u.side, p.0, sup.days_cut, c.0));
        }
    }
    if broken.is_empty() {
        return;
    }
    broken.sort_unstable_by_key(|u| u.0);
    let mut sp = Spatial::build(&g.map, &g.world);
    for (id, e, pers, side, cell, days_cut, coh) in broken {
        let mut r = g.rng(Phase::Cohesion, id.0 as u64);
        let lost = rng::round_random(&mut r, pers as f64 * cr.break_losses);
        let (lost, _) = g.inflict(e, LossCause::Collapse, lost, 0);
        let reason = if days_cut > 0 {
            CollapseReason::CutOff { days: days_cut, cohesion: coh, threshold: cr.break_threshold }
        } else {
            CollapseReason::Broke { cohesion: coh, threshold: cr.break_threshold }
        };
        ev.push(Event::Collapsed { unit: id, cell, days_cut, lost, reason }, g.audience(side, id));
        match retreat_cell(g, &sp, side, cell) {
            Some(to) => {
                let _ = g.world.insert_one(e, Pos(to));
                if let Ok(mut c) = g.world.get::<&mut Cohesion>(e) {
                    c.0 = cr.rally_cohesion;
                }
                if let Ok(mut t) = g.world.get::<&mut Task>(e) {
                    *t = Task::Hold { dig_in: true };
                }
                if let Ok(mut d) = g.world.get::<&mut DugIn>(e) {
                    d.0 = 0;
                }
                ev.push(Event::FellBack { unit: id, from: cell, to }, g.audience(side, id));
                sp.relocate(id, cell, to);
            }
            None => {
                // Nowhere to go: the rest surrender or scatter.
                g.inflict(e, LossCause::Collapse, u32::MAX, u32::MAX);
            }
        }
    }
}

fn disband(g: &mut Game, ev: &mut Log) {
    let below = g.rules.cohesion.disband_below;
    let mut gone: Vec<(UnitId, Entity, Side, u32)> = g
        .world
        .query::<(Entity, &Unit, &Strength)>()
        .iter()
        .filter(|(_, u, st)| {
            st.personnel == 0
                || (u.kind.holds_ground()
                    && u.kind != UnitKind::Reserve
                    && (st.personnel as f64) < below * st.full_personnel as f64)
        })
        .map(|(e, u, st)| (u.id, e, u.side, st.personnel))
        .collect();
    gone.sort_unstable_by_key(|x| x.0);
    for (id, e, side, left) in gone {
        let s = &mut g.sides[side.index()];
        s.manpower_pool += left;
        s.returned += left;
        let _ = g.world.despawn(e);
        g.index[id.0 as usize] = None;
        ev.push(Event::Disbanded { unit: id, returned: left }, Audience::only(side));
    }
}

/// Strength multiplier for a level (supply or cohesion) with a given weight.
fn level_mult(weight: f64, level: f64) -> f64 {
    1.0 - weight * (1.0 - level.clamp(0.0, 1.0))
}

/// The control rule for troops of `side` standing alone in the enemy-held `cell`: their
/// strength against the holder's contest, from its ground troops next door and from its strike
/// drones over the cell if it has found them there. None when `side` has no ground troops in
/// the cell.
pub fn control_odds(g: &Game, sp: &Spatial, side: Side, cell: Cell) -> Option<ControlOdds> {
    let a = &g.rules.assault;
    let cr = &g.rules.control;
    let holder = side.other();
    let detected = g.detected(holder);
    let mut holding = 0.0;
    let mut arrived = 0.0;
    let mut found: f64 = 0.0;
    let mut any = false;
    for &(id, s, e) in sp.at(cell) {
        if s != side {
            continue;
        }
        let (Ok(u), Ok(st), Ok(sup), Ok(coh)) = (
            g.world.get::<&Unit>(e),
            g.world.get::<&Strength>(e),
            g.world.get::<&Supply>(e),
            g.world.get::<&Cohesion>(e),
        ) else {
            continue;
        };
        if !u.kind.holds_ground() || st.personnel == 0 {
            continue;
        }
        any = true;
        let moved = g.world.get::<&MovedToday>(e).map(|m| m.0).unwrap_or(false);
        let strength = st.personnel as f64
            * g.template(&u).defence
            * level_mult(a.supply_weight, sup.level)
            * level_mult(a.cohesion_weight, coh.0);
        if moved {
            arrived += strength;
        } else {
            holding += strength;
        }
        found = found.max(if detected.binary_search(&id).is_ok() {
            1.0
        } else {
            let sig = g.template(&u).signature * if moved { g.rules.recon.moving_signature } else { 1.0 };
            detect_chance(g, holder, cell, sig)
        });
    }
    if !any {
        return None;
    }
    let mut from_neighbours = 0.0;
    for nb in g.map.neighbours(cell) {
        for &(_, s, e) in sp.at(nb) {
            if s != holder {
                continue;
            }
            let (Ok(u), Ok(st), Ok(coh)) =
                (g.world.get::<&Unit>(e), g.world.get::<&Strength>(e), g.world.get::<&Cohesion>(e))
            else {
                continue;
            };
            if u.kind.holds_ground() {
                from_neighbours += cr.contest_per_neighbour
                    * st.personnel as f64
                    * g.template(&u).defence
                    * level_mult(a.cohesion_weight, coh.0);
            }
        }
    }
    let coverage = g.layers.cover[holder.index()][g.map.idx(cell)] as f64;
    let denial = if coverage > 0.0 { found * coverage / (coverage + cr.denial_half_sorties) } else { 0.0 };
    let tr = &g.rules.terrain;
    let mut terrain = tr.effect(g.map.terrain(cell)).defence;
    if g.map.has(cell, feature::SPOIL_HEAP) {
        terrain *= tr.spoil_heap_defence;
    }
    let contest = from_neighbours * terrain;
    // Nobody contests it: whoever stands there takes it, even troops passing through a gap
    // today. Contested, it must be held from one daybreak to the next.
    let contested = contest > 0.0 || denial > 0.0;
    let ground_chance = if contest <= 0.0 {
        1.0
    } else if holding <= 0.0 {
        0.0
    } else {
        let rk = libm::pow(holding / contest, cr.exponent);
        rk / (rk + libm::pow(cr.even_ratio, cr.exponent))
    };
    let chance = if contested && holding <= 0.0 { 0.0 } else { ground_chance * (1.0 - denial) };
    Some(ControlOdds { holding, arrived, from_neighbours, terrain, ground_chance, coverage, found, denial, chance })
}

fn control(g: &mut Game, ev: &mut Log) {
    let n = g.map.len();
    // Per cell: bit 0/1 set when a ground-holding unit of Russia/Ukraine stands there,
    // bit 2 when any unit does.
    const ANY: u8 = 4;
    let mut here_flags = vec![0u8; n];
    for (u, p) in g.world.query::<(&Unit, &Pos)>().iter() {
        let i = g.map.idx(p.0);
        here_flags[i] |= ANY;
        if u.kind.holds_ground() {
            here_flags[i] |= 1 << u.side.index();
        }
    }
    let ground = |i: usize, s: Side| here_flags[i] & (1 << s.index()) != 0;
    let occupied = |i: usize| here_flags[i] & ANY != 0;
    let mut sp: Option<Spatial> = None;
    let mut flips = Vec::new();
    for i in 0..n {
        let c = g.map.cell_at(i);
        let holder = g.control[i];
        let other = holder.other();
        if ground(i, other) && !ground(i, holder) {
            // Ground is held only where it touches ground its taker already holds (as the
            // night began): infiltrators deep in the enemy's rear hold nothing, though they
            // still block its roads.
            if !g.map.neighbours(c).any(|nb| g.control[g.map.idx(nb)] == other) {
                continue;
            }
            let sp = sp.get_or_insert_with(|| Spatial::build(&g.map, &g.world));
            let Some(odds) = control_odds(g, sp, other, c) else { continue };
            if odds.chance < 1.0 {
                let mut r = g.rng(Phase::Cohesion, (1u64 << 40) | i as u64);
                let roll = rng::roll(&mut r);
                let taken = roll < odds.chance;
                // The troops' side knows; the holder, if it has found them there.
                let audience = if odds.found >= 1.0 { Audience::BOTH } else { Audience::only(other) };
                ev.push(Event::ControlContested { side: other, cell: c, odds, roll, taken }, audience);
                if !taken {
                    continue;
                }
            }
            flips.push((i, other));
        } else if !occupied(i) && g.map.terrain[i] != Terrain::Water {
            // An empty pocket surrounded by the other side falls to it.
            let mut all = true;
            let mut any = false;
            for nb in g.map.neighbours(c) {
                let j = g.map.idx(nb);
                if g.map.terrain[j] == Terrain::Water {
                    continue;
                }
                any = true;
                if g.control[j] != other {
                    all = false;
                    break;
                }
            }
            if any && all {
                flips.push((i, other));
            }
        }
    }
    for (i, side) in flips {
        g.control[i] = side;
        let cell = g.map.cell_at(i);
        let place = g.map.place_at(cell).map(|p| p.name.clone());
        // Who holds which ground is known to both sides.
        ev.push(Event::CellCaptured { side, cell, place }, Audience::BOTH);
    }
}

fn will(g: &mut Game, ev: &mut Log) {
    let wr = g.rules.will.clone();
    for side in Side::BOTH {
        let (loss0, ground0) = g.scratch.day_start_side[side.index()];
        let lost = g.side(side).losses.personnel_total() - loss0;
        let ground = g.ground_gained_km2(side) - g.ground_gained_km2(side.other());
        let ground_before = ground0 - g.scratch.day_start_side[side.other().index()].1;
        let mut change = -wr.per_thousand_losses * lost as f64 / 1000.0
            + wr.per_10_km2 * (ground - ground_before) / 10.0
            - wr.weariness;
        if side == Side::Ua {
            change += match g.aid() {
                Aid::More => wr.aid_more,
                Aid::Same => wr.aid_same,
                Aid::Cutoff => wr.aid_cutoff,
            };
        }
        let s = &mut g.sides[side.index()];
        s.will = (s.will + change).clamp(0.0, 100.0);
        // Political will is public: polls, statements, desertion reports.
        ev.push(Event::Will { side, will: s.will, change }, Audience::BOTH);
    }
}

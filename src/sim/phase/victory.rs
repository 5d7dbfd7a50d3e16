//! Phase 9: victory and end checks: a side's will breaking, or the turn limit with the
//! scenario's objectives scored.

use crate::sim::events::{Audience, CeasefireWhy, Event, Log, Phase};
use crate::sim::map::Side;
use crate::sim::rng;
use crate::sim::scenario::Objective;
use crate::sim::{CeasefireRecord, EndReason, Game, Outcome, Score};

/// Share of an objective's built-up cells Russia holds.
pub fn ru_share(g: &Game, o: &Objective) -> f64 {
    let held = o.cells.iter().filter(|c| g.control[g.map.idx(**c)] == Side::Ru).count();
    held as f64 / o.cells.len().max(1) as f64
}

/// True when Russia holds the objective (the rules' share of its cells).
pub fn ru_holds(g: &Game, o: &Objective) -> bool {
    ru_share(g, o) >= g.rules.victory.town_share
}

/// Points of the scenario's objectives held by Russia now.
pub fn ru_points(g: &Game) -> u32 {
    g.scenario.objectives.iter().filter(|o| ru_holds(g, o)).map(|o| o.points).sum()
}

/// The objectives score as it stands, and the winner it gives.
fn score(g: &Game) -> (Option<Side>, Score) {
    let v = &g.scenario.victory;
    let score = Score {
        ru_points: ru_points(g),
        total: g.scenario.objectives.iter().map(|o| o.points).sum(),
        ru_needs: v.ru_points_to_win,
        ua_wins_below: v.ua_wins_below,
        held: g.scenario.objectives.iter().filter(|o| ru_holds(g, o)).map(|o| o.name.clone()).collect(),
    };
    let winner = if score.ru_points >= v.ru_points_to_win {
        Some(Side::Ru)
    } else if score.ru_points < v.ua_wins_below {
        Some(Side::Ua)
    } else {
        None
    };
    (winner, score)
}

/// Russia's net ground gained per day over the rules' trend window (negative when losing ground).
fn ru_trend(g: &Game, days: u32) -> f64 {
    let net_now = g.ground_gained_km2(Side::Ru) - g.ground_gained_km2(Side::Ua);
    let since = g.day.saturating_sub(days);
    let past = g.history.iter().rev().find(|d| d.day <= since).or(g.history.first());
    match past {
        Some(p) if g.day > p.day => (net_now - (p.ground_km2[0] - p.ground_km2[1])) / (g.day - p.day) as f64,
        _ => 0.0,
    }
}

/// Russia's front-wide gain a day as both capitals read it: the rest of the front goes on at
/// the scenario's declared pace (its share of the front's gains taken out), plus this sector's
/// own course. A lull in one sector does not change a war's course.
pub fn front_trend(g: &Game, sector_trend: f64) -> f64 {
    let sc = &g.scenario.scale;
    sc.front_gain_km2_per_day * (1.0 - sc.ground) + sector_trend
}

/// A ceasefire on current lines, proposed at the rules' interval (DESIGN §5, after Reiter):
/// Russia, whose aims (all of four regions: Meduza) are far from met, accepts only when its
/// will is spent or its gains across the whole front have stopped; Ukraine, which offered a
/// freeze on the current lines and accepted the 30-day truce at Jeddah (FACTS: Ceasefire,
/// spring 2025), accepts unless it is winning ground back. Both must accept, and even then it
/// holds only if the terms can be trusted.
fn ceasefire(g: &mut Game, ev: &mut Log) -> Option<(Option<Side>, EndReason)> {
    let c = g.rules.ceasefire.clone();
    if c.interval_days == 0 || g.day < c.first_day || !(g.day - c.first_day).is_multiple_of(c.interval_days) {
        return None;
    }
    let front = front_trend(g, ru_trend(g, c.trend_days));
    let (ru_will, ua_will) = (g.side(Side::Ru).will, g.side(Side::Ua).will);
    let ru = if ru_will < c.ru_accepts_below_will {
        (true, CeasefireWhy::WillSpent { will: ru_will, below: c.ru_accepts_below_will })
    } else if front < c.ru_accepts_if_front_gain_below {
        (true, CeasefireWhy::FrontStalled { front_trend: front })
    } else {
        (false, CeasefireWhy::AimsUnmet { front_trend: front, will: ru_will })
    };
    let ua = if ua_will < c.ua_accepts_below_will {
        (true, CeasefireWhy::WillSpent { will: ua_will, below: c.ua_accepts_below_will })
    } else if -front > c.ua_refuses_if_winning_above {
        (false, CeasefireWhy::WinningBack { front_trend: front, will: ua_will })
    } else {
        (true, CeasefireWhy::FreezeOffered { front_trend: front })
    };
    let held = if ru.0 && ua.0 {
        let mut r = g.rng(Phase::Victory, 0);
        Some(rng::chance(&mut r, c.guarantee_chance))
    } else {
        None
    };
    ev.push(Event::Ceasefire { ru_accepts: ru.0, ua_accepts: ua.0, ru_why: ru.1, ua_why: ua.1, held }, Audience::BOTH);
    let record = CeasefireRecord { day: g.day, ru_accepts: ru.0, ua_accepts: ua.0, ru_why: ru.1, ua_why: ua.1, held };
    g.ceasefire_records.push(record);
    if held == Some(true) {
        let (winner, score) = score(g);
        return Some((winner, EndReason::CeasefireHeld { score, ceasefire: record }));
    }
    None
}

/// Notes the day each objective changes hands.
fn towns(g: &mut Game) {
    for i in 0..g.scenario.objectives.len() {
        let holder = if ru_holds(g, &g.scenario.objectives[i]) { Side::Ru } else { Side::Ua };
        if let Some(t) = g.towns.get_mut(i) {
            if t.0 != holder {
                *t = (holder, Some(g.day));
            }
        }
    }
}

pub fn run(g: &mut Game, ev: &mut Log) {
    towns(g);
    let broken: Vec<Side> = Side::BOTH.into_iter().filter(|s| g.side(*s).will <= 0.0).collect();
    let outcome = if broken.len() == 2 {
        Some((None, EndReason::BothWillsBroke))
    } else if let Some(s) = broken.first() {
        Some((Some(s.other()), EndReason::WillBroke(*s)))
    } else if let Some(o) = ceasefire(g, ev) {
        Some(o)
    } else if g.day >= g.scenario.turn_limit {
        let (winner, score) = score(g);
        let ceasefires = g.ceasefire_records.len() as u32;
        Some((winner, EndReason::TurnLimit { score, ceasefires, last_ceasefire: g.ceasefire_records.last().copied() }))
    } else {
        None
    };
    if let Some((winner, reason)) = outcome {
        ev.push(Event::GameOver { winner, reason: reason.clone() }, Audience::BOTH);
        g.outcome = Some(Outcome { winner, reason, day: g.day });
    }
}

//! Phase 9: victory and end checks: a side's will breaking, or the turn limit with the
//! scenario's objectives scored.

use crate::sim::events::Event;
use crate::sim::map::Side;
use crate::sim::scenario::Objective;
use crate::sim::{Game, Outcome};

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

pub fn run(g: &mut Game, ev: &mut Vec<Event>) {
    let broken: Vec<Side> = Side::BOTH.into_iter().filter(|s| g.side(*s).will <= 0.0).collect();
    let outcome = if broken.len() == 2 {
        Some((None, "both sides' will to fight broke on the same day".to_string()))
    } else if let Some(s) = broken.first() {
        Some((Some(s.other()), format!("{}'s will to fight broke", s.name())))
    } else if g.day >= g.scenario.turn_limit {
        let pts = ru_points(g);
        let v = &g.scenario.victory;
        let total: u32 = g.scenario.objectives.iter().map(|o| o.points).sum();
        let held = g
            .scenario
            .objectives
            .iter()
            .filter(|o| ru_holds(g, o))
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let held = if held.is_empty() { "none".to_string() } else { held };
        if pts >= v.ru_points_to_win {
            Some((
                Some(Side::Ru),
                format!(
                    "turn limit: Russia holds objectives worth {pts} of {total} (needed {}): {held}",
                    v.ru_points_to_win
                ),
            ))
        } else if pts < v.ua_wins_below {
            Some((
                Some(Side::Ua),
                format!(
                    "turn limit: Russia holds objectives worth only {pts} of {total} (below {}): {held}",
                    v.ua_wins_below
                ),
            ))
        } else {
            Some((
                None,
                format!("turn limit: neither side's aims met; Russia holds objectives worth {pts} of {total}: {held}"),
            ))
        }
    } else {
        None
    };
    if let Some((winner, reason)) = outcome {
        ev.push(Event::GameOver { winner, reason: reason.clone() });
        g.outcome = Some(Outcome { winner, reason, day: g.day });
    }
}

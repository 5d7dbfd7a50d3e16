//! The engine's reasons in words: how the interface, the command line and the reports say
//! the values the engine gives (the engine writes no sentences of its own; tests compare the
//! values).

use crate::sim::events::{CeasefireWhy, CollapseReason};
use crate::sim::{CeasefireRecord, EndReason, Score};

/// Why the game ended, in one sentence.
pub fn end_reason(r: &EndReason) -> String {
    match r {
        EndReason::BothWillsBroke => "both sides' will to fight broke on the same day".into(),
        EndReason::WillBroke(s) => format!("{}'s will to fight broke", s.name()),
        EndReason::CeasefireHeld { score: s, ceasefire: c } => {
            format!("{}. {}", score(&format!("ceasefire on current lines, day {}", c.day), s), ceasefire(c))
        }
        EndReason::TurnLimit { score: s, ceasefires, last_ceasefire } => {
            let mut why = score("turn limit", s);
            if let Some(c) = last_ceasefire {
                why.push_str(&format!(". The war went on: {ceasefires} ceasefire(s) proposed; last: {}", ceasefire(c)));
            }
            why
        }
    }
}

/// The objectives' score, on an occasion (`when`).
fn score(when: &str, s: &Score) -> String {
    let held = if s.held.is_empty() { "none".to_string() } else { s.held.join(", ") };
    let (pts, total) = (s.ru_points, s.total);
    if pts >= s.ru_needs {
        format!("{when}: Russia holds objectives worth {pts} of {total} (needed {}): {held}", s.ru_needs)
    } else if pts < s.ua_wins_below {
        format!("{when}: Russia holds objectives worth only {pts} of {total} (below {}): {held}", s.ua_wins_below)
    } else {
        format!("{when}: neither side's aims met; Russia holds objectives worth {pts} of {total}: {held}")
    }
}

/// Why a side answered a ceasefire proposal as it did.
pub fn ceasefire_why(w: &CeasefireWhy) -> String {
    match *w {
        CeasefireWhy::WillSpent { will, below } => format!("its will is spent ({will:.0} < {below:.0})"),
        CeasefireWhy::FrontStalled { front_trend } => {
            format!("its advance across the front has stalled ({front_trend:.1} km²/day)")
        }
        CeasefireWhy::AimsUnmet { front_trend, will } => format!(
            "its war aims are unmet and it is still gaining across the front ({front_trend:.1} km²/day; will {will:.0})"
        ),
        CeasefireWhy::FreezeOffered { front_trend } => {
            format!("a freeze on the current lines is what it offered ({front_trend:.1} km²/day across the front)")
        }
        CeasefireWhy::WinningBack { front_trend, will } => {
            format!("it is winning ground back ({:.1} km²/day; will {will:.0})", -front_trend)
        }
    }
}

/// A ceasefire proposal, each side's answer and why, and its fate.
pub fn ceasefire(c: &CeasefireRecord) -> String {
    let answer = |yes: bool| if yes { "accepted" } else { "refused" };
    format!(
        "day {}: Russia {} ({}); Ukraine {} ({}){}",
        c.day,
        answer(c.ru_accepts),
        ceasefire_why(&c.ru_why),
        answer(c.ua_accepts),
        ceasefire_why(&c.ua_why),
        match c.held {
            Some(true) => "; it held",
            Some(false) => "; it collapsed within days: neither side could trust the other's word",
            None => "",
        }
    )
}

/// Why a unit broke.
pub fn collapse_reason(r: &CollapseReason) -> String {
    match r {
        CollapseReason::CutOff { days, cohesion, threshold } => {
            format!("cut off for {days} days, cohesion {cohesion:.2} below {threshold:.2}")
        }
        CollapseReason::Broke { cohesion, threshold } => format!("cohesion {cohesion:.2} below {threshold:.2}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::map::Side;

    #[test]
    fn reasons_read_as_sentences() {
        let s = Score { ru_points: 4, total: 11, ru_needs: 3, ua_wins_below: 1, held: vec!["Pokrovsk".into()] };
        let c = CeasefireRecord {
            day: 28,
            ru_accepts: false,
            ua_accepts: true,
            ru_why: CeasefireWhy::AimsUnmet { front_trend: 14.2, will: 61.0 },
            ua_why: CeasefireWhy::FreezeOffered { front_trend: 14.2 },
            held: None,
        };
        let t = end_reason(&EndReason::TurnLimit { score: s.clone(), ceasefires: 2, last_ceasefire: Some(c) });
        assert_eq!(
            t,
            "turn limit: Russia holds objectives worth 4 of 11 (needed 3): Pokrovsk. The war went on: 2 ceasefire(s) \
             proposed; last: day 28: Russia refused (its war aims are unmet and it is still gaining across the front \
             (14.2 km²/day; will 61)); Ukraine accepted (a freeze on the current lines is what it offered (14.2 \
             km²/day across the front))"
        );
        let spent = CeasefireWhy::WillSpent { will: 18.0, below: 20.0 };
        let held = CeasefireRecord {
            day: 14,
            ru_accepts: true,
            ua_accepts: true,
            ru_why: spent,
            ua_why: spent,
            held: Some(true),
        };
        let t = end_reason(&EndReason::CeasefireHeld { score: s, ceasefire: held });
        assert!(t.starts_with("ceasefire on current lines, day 14: Russia holds") && t.ends_with("it held"), "{t}");
        assert_eq!(end_reason(&EndReason::WillBroke(Side::Ua)), "Ukraine's will to fight broke");
        assert_eq!(
            collapse_reason(&CollapseReason::CutOff { days: 9, cohesion: 0.2, threshold: 0.25 }),
            "cut off for 9 days, cohesion 0.20 below 0.25"
        );
    }
}

//! The odds panel: the engine's own breakdown of an assault (`Game::assault_odds`), shown as
//! is before the player commits. Nothing here computes odds.

use ratatui::text::{Line, Span};

use crate::sim::events::AssaultOdds;
use crate::sim::map::Cell;
use crate::ui::session::Session;
use crate::ui::theme::Theme;

use super::{gauge, quality, side_tag};

fn mult(x: f64) -> String {
    format!("×{x:.2}")
}

/// Lines of the odds breakdown, for the side panel.
/// `target`: the cell assaulted (how well the viewer observes it bounds what the odds rest on).
pub fn lines(t: &Theme, s: &Session, o: &AssaultOdds, target: Cell, out: &mut Vec<Line<'static>>) {
    let me = s.viewer;
    let foe = me.other();
    out.push(Line::styled("ASSAULT ODDS (the engine's)", t.title));
    out.push(Line::from(vec![
        Span::raw(format!("{:<13}", "")),
        Span::styled(format!("{:>8}", format!("att {}", side_tag(me))), t.side_style(me)),
        Span::styled(format!("{:>8}", format!("def {}", side_tag(foe))), t.side_style(foe)),
    ]));
    let row = |name: &str, a: String, d: String| Line::raw(format!("{name:<13}{a:>8}{d:>8}"));
    out.push(row("units", o.attackers.len().to_string(), format!("{} seen", o.defenders.len())));
    out.push(row("strength", format!("{:.0}", o.attacker_base), format!("{:.0}", o.defender_base)));
    out.push(row("terrain", "".into(), mult(o.terrain)));
    out.push(row("fortification", "".into(), mult(o.fortification)));
    out.push(row("supply", mult(o.attacker_supply), mult(o.defender_supply)));
    out.push(row("support", mult(o.attacker_support), mult(o.defender_support)));
    out.push(row(
        "drone cover",
        format!("{:.1}", o.attacker_drone_coverage),
        format!("{:.1}", o.defender_drone_coverage),
    ));
    out.push(row("cohesion", mult(o.attacker_cohesion), mult(o.defender_cohesion)));
    out.push(row("= strength", format!("{:.0}", o.attacker_strength), format!("{:.0}", o.defender_strength)));
    // The odds count only the defenders the viewer detected: where it sees the cell poorly or
    // saw none, they are an upper bound, and the panel says so.
    let map = s.game().map();
    let observed = if map.in_bounds(target) { s.picture.view.observation[map.idx(target)].min(1.0) } else { 0.0 };
    let unsure = o.defenders.is_empty() || observed < 0.9;
    out.push(Line::from(vec![
        Span::raw(if o.ratio.is_finite() {
            format!("ratio {:.2}  success ", o.ratio)
        } else {
            "ratio — (no defender seen)  success ".to_string()
        }),
        Span::styled(format!("{}{:.0}%", if unsure { "0–" } else { "" }, o.success * 100.0), quality(t, o.success)),
    ]));
    if unsure {
        let seen = if o.defenders.is_empty() { "none seen".to_string() } else { format!("{} seen", o.defenders.len()) };
        out.push(Line::styled(
            format!("At most: rests on unseen defenders ({seen}, cell observed {:.0}%)", observed * 100.0),
            t.warn,
        ));
    }
    out.push(Line::styled(gauge(o.success, 24), quality(t, o.success)));
    if !unsure {
        out.push(Line::styled("Counts the defenders you have detected (the cell is well observed).", t.dim));
    }
}

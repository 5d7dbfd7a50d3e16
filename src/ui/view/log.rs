//! The event log (scrollable, filtered by kind and side) and the phase-by-phase resolution of
//! a day, both drawn in the bottom panel from the events the viewer knows of.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::sim::events::Phase;
use crate::ui::board::{Board, Mode};
use crate::ui::events::actor;
use crate::ui::session::Session;
use crate::ui::shared::Ui;

use super::side_tag;

fn phase_tag(p: Phase) -> &'static str {
    match p {
        Phase::Orders => "ord",
        Phase::Recon => "rcn",
        Phase::Drones => "drn",
        Phase::Fires => "fir",
        Phase::Movement => "mov",
        Phase::Supply => "sup",
        Phase::Reinforcement => "rnf",
        Phase::Cohesion => "coh",
        Phase::Victory => "end",
    }
}

fn short_phase(p: Phase) -> &'static str {
    match p {
        Phase::Orders => "orders",
        Phase::Recon => "recon",
        Phase::Drones => "drones",
        Phase::Fires => "fires",
        Phase::Movement => "movement",
        Phase::Supply => "supply",
        Phase::Reinforcement => "reinforce",
        Phase::Cohesion => "control",
        Phase::Victory => "end",
    }
}

fn event_line(ui: &Ui, s: &Session, i: usize, with_day: bool) -> Line<'static> {
    let t = &ui.theme;
    let (day, e) = &s.events[i];
    let mut sp = Vec::new();
    if with_day {
        sp.push(Span::styled(format!("d{day:<2} {} ", phase_tag(e.phase())), t.dim));
    }
    match actor(e, &s.names) {
        Some(side) => sp.push(Span::styled(format!("{} ", side_tag(side)), t.side_style(side))),
        None => sp.push(Span::raw("   ")),
    }
    sp.push(Span::raw(s.event_text(i)));
    Line::from(sp)
}

pub fn draw(ui: &Ui, b: &Board, f: &mut Frame, area: Rect) {
    let s = &b.session;
    let t = &ui.theme;
    let lines = s.log_lines(b.log_filter);
    let inner_h = area.height.saturating_sub(2) as usize;
    let end = lines.len().saturating_sub(b.log_scroll.min(lines.len().saturating_sub(1)));
    let start = end.saturating_sub(inner_h);
    let text: Vec<Line> = lines[start..end].iter().map(|i| event_line(ui, s, *i, true)).collect();
    let kind = b.log_filter.phase.map(|p| p.name()).unwrap_or("all kinds");
    let side = b.log_filter.side.map(|s| s.name()).unwrap_or("both sides");
    let focus = b.mode == Mode::Log;
    let title = if focus {
        format!(
            " Log: {kind}, {side} · {}-{} of {} · ↑↓ PgUp/PgDn scroll · t kind · s side · Esc close ",
            start + 1,
            end,
            lines.len()
        )
    } else {
        format!(" Log: {kind}, {side} · {} events · v opens ", lines.len())
    };
    let block =
        Block::bordered().title(Line::styled(title, t.title)).border_style(if focus { t.key } else { t.border });
    let body = if text.is_empty() {
        vec![Line::styled("Nothing yet: plan your orders and end the day with e.", t.dim)]
    } else {
        text
    };
    f.render_widget(Paragraph::new(body).block(block), area);
}

pub fn draw_resolution(ui: &Ui, b: &Board, f: &mut Frame, area: Rect) {
    let s = &b.session;
    let Some(r) = &s.resolution else { return };
    let t = &ui.theme;
    let mut lines: Vec<Line> = Vec::new();
    let mut tabs = vec![Span::raw(" ")];
    for (k, (p, v)) in r.phases.iter().enumerate() {
        let st = if k == r.at { t.selected } else { t.dim };
        tabs.push(Span::styled(format!(" {} {} ", short_phase(*p), v.len()), st));
    }
    lines.push(Line::from(tabs));
    let inner_h = area.height.saturating_sub(3) as usize;
    match r.phases.get(r.at) {
        Some((_, v)) => {
            for i in v.iter().take(inner_h.saturating_sub(1).max(1)) {
                lines.push(event_line(ui, s, *i, false));
            }
            if v.len() > inner_h.saturating_sub(1) {
                lines.push(Line::styled(
                    format!("… and {} more: the log (v) has them all", v.len() - inner_h.saturating_sub(1)),
                    t.dim,
                ));
            }
        }
        None => lines.push(Line::raw("Nothing your side saw happened today.")),
    }
    let (name, n) = r.phases.get(r.at).map(|(p, _)| (p.name(), r.phases.len())).unwrap_or(("—", 0));
    let keys = if b.is_replay() {
        ". next · , back · ] next day · [ day before"
    } else {
        "Enter next · ← back · s skip"
    };
    let title = format!(" Day {} resolved — phase {}/{}: {name} · {keys} ", r.day, (r.at + 1).min(n.max(1)), n.max(1));
    let block = Block::bordered().title(Line::styled(title, t.title)).border_style(t.key);
    f.render_widget(Paragraph::new(lines).block(block), area);
}

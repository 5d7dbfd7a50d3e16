//! The event log (scrollable, filtered by kind and side) and the phase-by-phase resolution of
//! a day, both drawn in the bottom panel from the events the viewer knows of.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use crate::sim::events::Phase;
use crate::ui::board::{Board, Mode};
use crate::ui::event_words::actor;
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

/// An event as lines of at most `width` columns: the day and phase (`with_day`), the acting
/// side's tag, and the whole text wrapped under it, so no figure is ever cut off.
fn event_lines(ui: &Ui, s: &Session, i: usize, with_day: bool, width: usize) -> Vec<Line<'static>> {
    let t = &ui.theme;
    let (day, e) = &s.events()[i];
    let mut head = Vec::new();
    if with_day {
        head.push(Span::styled(format!("d{day:<2} {} ", phase_tag(e.phase())), t.dim));
    }
    match actor(e, &s.names) {
        Some(side) => head.push(Span::styled(format!("{} ", side_tag(side)), t.side_style(side))),
        None => head.push(Span::raw("   ")),
    }
    let prefix: usize = head.iter().map(|sp| sp.content.chars().count()).sum();
    let mut rows = s.event_rows(i, width, prefix).into_iter();
    let mut first = head;
    first.push(Span::raw(rows.next().unwrap_or_default()));
    let mut out = vec![Line::from(first)];
    out.extend(rows.map(|r| Line::raw(format!("{:prefix$}{r}", ""))));
    out
}

pub fn draw(ui: &Ui, b: &Board, f: &mut Frame, area: Rect) {
    let s = &b.session;
    let t = &ui.theme;
    let entries = s.log_lines(b.log_filter);
    let inner_h = area.height.saturating_sub(2) as usize;
    let width = area.width.saturating_sub(2) as usize;
    let focus = b.mode == Mode::Log;
    // The chosen entry (counted back from the newest) is the bottom one; the entries before
    // it fill the panel upwards, the top one cut at its top if it does not fit.
    let chosen = entries.len().saturating_sub(1 + b.log_scroll.min(entries.len().saturating_sub(1)));
    let mut body: Vec<Line> = Vec::new();
    let mut first = chosen + 1;
    for k in (0..=chosen).rev() {
        if body.len() >= inner_h {
            break;
        }
        let Some(i) = entries.get(k) else { break };
        let mut lines = event_lines(ui, s, *i, true, width);
        if focus && k == chosen {
            lines = lines.into_iter().map(|l| l.patch_style(t.selected)).collect();
        }
        let room = inner_h - body.len();
        let skip = lines.len().saturating_sub(room);
        body.splice(0..0, lines.into_iter().skip(skip));
        first = k;
    }
    let kind = b.log_filter.phase.map(|p| p.name()).unwrap_or("all kinds");
    let side = b.log_filter.side.map(|s| s.name()).unwrap_or("both sides");
    let title = if focus {
        format!(
            " Log: {kind}, {side} · {}-{} of {} · ↑↓ choose · Enter go there · t kind · s side · Esc close ",
            (first + 1).min(entries.len()),
            (chosen + 1).min(entries.len()),
            entries.len()
        )
    } else {
        format!(" Log: {kind}, {side} · {} events · v opens ", entries.len())
    };
    let block =
        Block::bordered().title(Line::styled(title, t.title)).border_style(if focus { t.key } else { t.border });
    if entries.is_empty() {
        let filtered = b.log_filter.phase.is_some() || b.log_filter.side.is_some();
        let text = if filtered {
            format!("No events of {kind} from {side}: t or s changes the filter.")
        } else if b.is_replay() {
            "No events yet: ] or . steps into the record.".to_string()
        } else {
            "Nothing yet: plan your orders and end the day with e.".to_string()
        };
        body = vec![Line::styled(text, t.dim)];
    }
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
    if b.autoplay.on {
        tabs.push(Span::styled(format!(" ▶ {} s ", b.autoplay.seconds()), t.key));
    }
    lines.push(Line::from(tabs));
    let inner_h = area.height.saturating_sub(3) as usize;
    let width = area.width.saturating_sub(2) as usize;
    let mut more = String::new();
    match r.phases.get(r.at) {
        Some((_, v)) => {
            // Every event of the phase, the viewer's side first; the panel scrolls through them.
            let rows: Vec<Line> = v.iter().flat_map(|i| event_lines(ui, s, *i, false, width)).collect();
            let scroll = r.scroll.min(rows.len().saturating_sub(inner_h));
            let below = rows.len().saturating_sub(scroll + inner_h);
            if scroll > 0 || below > 0 {
                more = format!(" · rows {}-{} of {}", scroll + 1, (scroll + inner_h).min(rows.len()), rows.len());
            }
            lines.extend(rows.into_iter().skip(scroll).take(inner_h));
        }
        None => lines.push(Line::raw("Nothing your side saw happened today.")),
    }
    let (name, n) = r.phases.get(r.at).map(|(p, _)| (p.name(), r.phases.len())).unwrap_or(("—", 0));
    let keys = if b.is_replay() {
        ". next · , back · ] next day · a autoplay"
    } else {
        "Enter next · ← back · ↑↓ scroll · a autoplay · s skip"
    };
    let title =
        format!(" Day {} resolved — phase {}/{}: {name}{more} · {keys} ", r.day, (r.at + 1).min(n.max(1)), n.max(1));
    let block = Block::bordered().title(Line::styled(title, t.title)).border_style(t.key);
    f.render_widget(Paragraph::new(lines).block(block), area);
}

//! The after-action report screen: the result and the last day's totals, the timeline as
//! charts (losses, ground, supply, will) and the key events as a list to choose from. Wide
//! screens show charts and events side by side; narrow ones one at a time (Tab switches).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::sim::map::Side;
use crate::ui::screen::aar::{AarPane, AarScreen as AarView};
use crate::ui::shared::Ui;
use crate::ui::theme::Theme;

use super::report::draw_timeline;
use super::side_tag;

/// Screens at least this wide show the charts and the key events side by side.
const SIDE_BY_SIDE: u16 = 120;

pub fn draw(ui: &Ui, v: &AarView, f: &mut Frame, area: Rect) {
    let t = &ui.theme;
    let r = &v.report;
    let block = Block::bordered()
        .title(Line::styled(format!(" After-action report: {} ", r.title), t.title))
        .title_bottom(Line::styled(
            " ↑↓ choose · t filter · Enter go there (replay) · x export · Tab charts/events · Esc close ",
            t.dim,
        ))
        .border_style(t.key);
    let inner = block.inner(area);
    f.render_widget(block, area);
    // The result sentence may wrap on a narrow screen; the totals below it never do.
    let result_rows = (result_text(v).chars().count() as u16).div_ceil(inner.width.max(1)).clamp(1, 3);
    let [head, body, note] =
        Layout::vertical([Constraint::Length(4 + result_rows), Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    // The last message (an export's file names, a refused key) on the bottom line.
    if let Some(m) = &ui.message {
        f.render_widget(Paragraph::new(Line::styled(m.text.clone(), if m.error { t.bad } else { t.dim })), note);
    }
    draw_head(t, v, f, head);
    if area.width >= SIDE_BY_SIDE {
        let [charts, events] = Layout::horizontal([Constraint::Percentage(58), Constraint::Min(0)]).areas(body);
        draw_timeline(t, f, charts, &r.timeline);
        draw_events(t, v, f, events);
    } else {
        match v.pane {
            AarPane::Charts => draw_timeline(t, f, body, &r.timeline),
            AarPane::Events => draw_events(t, v, f, body),
        }
    }
}

fn winner(v: &AarView) -> Option<Side> {
    v.report.winner.map(|w| if w == Side::Ru.code() { Side::Ru } else { Side::Ua })
}

/// How the game ended, in a sentence (the winner's part is coloured when drawn).
fn result_text(v: &AarView) -> String {
    let r = &v.report;
    match (&r.outcome, winner(v)) {
        (Some(o), Some(w)) => format!("{} [{}] wins after {} days: {o}", w.name(), side_tag(w), r.days),
        (Some(o), None) => format!("No winner after {} days: {o}", r.days),
        (None, _) => format!("{} days played; the game goes on.", r.days),
    }
}

/// The result in a sentence and the totals at the end, per side.
fn draw_head(t: &Theme, v: &AarView, f: &mut Frame, area: Rect) {
    let r = &v.report;
    let text = result_text(v);
    let result = match winner(v) {
        Some(w) => {
            let tag = format!("{} [{}] wins", w.name(), side_tag(w));
            let rest = text[tag.len()..].to_string();
            Line::from(vec![Span::styled(tag, t.side_style(w)), Span::raw(rest)])
        }
        None => Line::raw(text),
    };
    let mut lines = vec![
        result,
        Line::styled(format!("Scenario {} · seed {} · {} key events", r.scenario, r.seed, r.key_events.len()), t.dim),
    ];
    if let Some(last) = r.timeline.last() {
        lines.push(Line::styled(
            format!(
                "{:<13}{:>10}{:>10}{:>10}{:>12}{:>9}{:>7}",
                "", "soldiers", "lost", "vehicles", "ground km²", "supply", "will"
            ),
            t.title,
        ));
        // A side's report: the enemy's figures are its estimates (~), its supply unknown (—).
        let guessed = r.viewer.map(Side::other);
        for side in Side::BOTH {
            let k = side.index();
            let n = |v: u32| if guessed == Some(side) { format!("~{v}") } else { v.to_string() };
            let supply =
                if last.supply[k].is_nan() { "—".to_string() } else { format!("{:.0}%", last.supply[k] * 100.0) };
            lines.push(Line::from(vec![
                Span::styled(format!("{:<13}", format!("{} [{}]", side.name(), side_tag(side))), t.side_style(side)),
                Span::raw(format!(
                    "{:>10}{:>10}{:>10}{:>12.0}{:>9}{:>7.1}",
                    n(last.personnel[k]),
                    n(last.losses[k]),
                    n(last.vehicles_lost[k]),
                    last.ground_km2[k],
                    supply,
                    last.will[k]
                )),
            ]));
        }
        if let (Some(e), Some(v)) = (guessed, r.viewer) {
            lines.push(Line::styled(
                format!(
                    "~ {}: {}'s estimates (soldiers seen, losses it caused or saw) · — not known",
                    e.name(),
                    v.name()
                ),
                t.dim,
            ));
        }
    }
    let result_rows = area.height.saturating_sub(4);
    let [top, rest] = Layout::vertical([Constraint::Length(result_rows), Constraint::Min(0)]).areas(area);
    f.render_widget(Paragraph::new(lines.remove(0)).wrap(Wrap { trim: true }), top);
    f.render_widget(Paragraph::new(lines), rest);
}

/// A style per kind of key event, so a glance at the list shows where the war turned.
fn kind_style(t: &Theme, kind: &str) -> Style {
    match kind {
        "ground" => t.title,
        "collapse" | "end" => t.bad,
        "supply" => t.warn,
        "reserve" | "edge" => t.key,
        _ => t.base,
    }
}

fn draw_events(t: &Theme, v: &AarView, f: &mut Frame, area: Rect) {
    let events = v.events();
    let title = format!(
        " Key events: {} ({}{}) ",
        v.filter.unwrap_or("all"),
        if events.is_empty() { 0 } else { v.at + 1 },
        format_args!("/{}", events.len())
    );
    let block = Block::bordered().title(Line::styled(title, t.title)).border_style(t.border);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if events.is_empty() {
        let text = if v.filter.is_some() { "None of this kind: t shows the next kind." } else { "None." };
        f.render_widget(Paragraph::new(Line::styled(text, t.dim)), inner);
        return;
    }
    // The chosen event in full at the foot of the box (list rows are cut at the box's edge).
    let [list, detail] = Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
    if let Some(e) = events.get(v.at) {
        let line = Line::from(vec![
            Span::styled(format!("Day {} · {}: ", e.day, e.kind), kind_style(t, e.kind)),
            Span::raw(e.text.clone()),
        ]);
        f.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }).style(t.title), detail);
    }
    // Each event takes one line; the chosen one is kept in view, a third of the way down.
    let inner = list;
    let rows = inner.height as usize;
    let first = v.at.saturating_sub(rows / 3).min(events.len().saturating_sub(rows));
    let lines: Vec<Line> = events
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, e)| {
            let mut line = Line::from(vec![
                Span::styled(format!("d{:<3}", e.day), t.dim),
                Span::styled(format!("{:<10}", e.kind), kind_style(t, e.kind)),
                Span::raw(e.text.clone()),
            ]);
            if i == v.at {
                line = line.patch_style(t.selected);
            }
            line
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

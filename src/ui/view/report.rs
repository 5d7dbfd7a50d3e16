//! The day report: the day's figures and charts over the game so far, as the reader knows
//! them (`Session::timeline`): losses (bars per day), ground gained, supply (sparklines) and
//! political will (lines). A side sees its own figures and the public ones (ground, will)
//! exact, the enemy's as its estimates (said so on screen), and not the enemy's supply; an
//! observer sees both sides' exact figures.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Bar, BarChart, BarGroup, Block, Chart, Clear, Dataset, GraphType, Paragraph, Sparkline};
use ratatui::Frame;

use crate::sim::events::Event;
use crate::sim::map::Side;
use crate::sim::DayStats;
use crate::ui::session::Session;
use crate::ui::shared::Ui;
use crate::ui::theme::Theme;

use super::side_tag;

/// The report as a popup over `area`.
pub fn draw_popup(ui: &Ui, s: &Session, f: &mut Frame, area: Rect, title: &str) {
    let t = &ui.theme;
    f.render_widget(Clear, area);
    let block = Block::bordered().title(Line::styled(title.to_string(), t.title)).border_style(t.key);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [figures, causes, charts] =
        Layout::vertical([Constraint::Length(6), Constraint::Length(7), Constraint::Min(0)]).areas(inner);
    draw_figures(t, s, f, figures);
    draw_causes(t, s, f, causes);
    draw_charts(t, s, f, charts);
}

/// The last day's figures per side, as a small table.
pub fn draw_figures(t: &Theme, s: &Session, f: &mut Frame, area: Rect) {
    let h = s.timeline();
    let Some(last) = h.last() else { return };
    let prev = if h.len() >= 2 { &h[h.len() - 2] } else { last };
    let day = last.day;
    let taken = |side: Side| {
        s.events()
            .iter()
            .filter(|(d, e)| *d == day && matches!(e, Event::CellCaptured { side: x, .. } if *x == side))
            .count()
    };
    let assaults = |side: Side| {
        s.events()
            .iter()
            .filter(|(d, e)| *d == day && matches!(e, Event::Assault { side: x, .. } if *x == side))
            .count()
    };
    // The enemy of the reader, whose figures are estimates (none for an observer).
    let estimated = s.reader().map(Side::other);
    let mut lines = vec![Line::styled(
        format!(
            "{:<10}{:>9}{:>12}{:>9}{:>11}{:>11}{:>8}{:>7}",
            "", "soldiers", "lost today", "vehicles", "assaults", "cells won", "supply", "will"
        ),
        t.title,
    )];
    for side in Side::BOTH {
        let k = side.index();
        let guess = estimated == Some(side);
        // An estimate is marked `~`; what the reader cannot know, `—`.
        let n = |v: u32| if guess { format!("~{v}") } else { v.to_string() };
        let supply =
            if last.supply[k].is_nan() { "—".to_string() } else { format!("{:.0}%", last.supply[k] * 100.0) };
        lines.push(Line::from(vec![
            Span::styled(format!("{:<13}", format!("{} [{}]", side.name(), side_tag(side))), t.side_style(side)),
            Span::raw(format!(
                "{:>9}{:>12}{:>9}{:>10}{:>10}{:>8}{:>7.1}",
                n(last.personnel[k]),
                n(last.losses[k].saturating_sub(prev.losses[k])),
                n(last.vehicles_lost[k].saturating_sub(prev.vehicles_lost[k])),
                assaults(side),
                taken(side),
                supply,
                last.will[k]
            )),
        ]));
    }
    let total = |k: usize| {
        if estimated.is_some_and(|e| e.index() == k) {
            format!("~{}", last.losses[k])
        } else {
            last.losses[k].to_string()
        }
    };
    let foot = format!(
        "Ground gained since the start: Russia {:.0} km², Ukraine {:.0} km². Total lost: Russia {}, Ukraine {}.",
        last.ground_km2[0],
        last.ground_km2[1],
        total(0),
        total(1)
    );
    lines.push(Line::styled(foot, t.dim));
    if let (Some(e), Some(v)) = (estimated, s.reader()) {
        lines.push(Line::styled(
            format!("~ {}: {}'s estimates (soldiers seen, losses it caused or saw) · — not known", e.name(), v.name()),
            t.dim,
        ));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// The losses of the whole game by cause, per side, as bars on one scale: what killed whom.
pub fn draw_causes(t: &Theme, s: &Session, f: &mut Frame, area: Rect) {
    use crate::sim::events::LossCause;
    let g = s.game();
    // A side does not know what killed the enemy's soldiers: only its own column is shown.
    let unknown = s.reader().map(Side::other);
    let losses = Side::BOTH.map(|side| if unknown == Some(side) { [0; 5] } else { g.side(side).losses.personnel });
    let most = losses.iter().flatten().copied().max().unwrap_or(0).max(1);
    let name = |c: LossCause| match c {
        LossCause::Drones => "drone strikes",
        LossCause::Exposure => "on the move",
        LossCause::Fires => "guns, bombs",
        LossCause::Assault => "assaults",
        LossCause::Collapse => "collapse",
    };
    let half = (area.width.saturating_sub(2 + 14 + 2 * 8) / 2).max(4) as usize;
    let bar = |n: u32| {
        let k = ((n as f64 / most as f64) * half as f64).round() as usize;
        format!("{}{}", "█".repeat(k), " ".repeat(half - k.min(half)))
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{:<14}", "Lost, by cause"), t.title),
        Span::styled(format!("{:<w$}", " RU", w = half + 8), t.side[0]),
        Span::styled(" UA", t.side[1]),
        Span::styled(format!("  (a full bar: {most} soldiers)"), t.dim),
    ])];
    for c in LossCause::ALL {
        let k = c.index();
        let column = |side: Side| -> [Span<'static>; 2] {
            let n = losses[side.index()][k];
            if unknown == Some(side) {
                [Span::styled(format!(" {:<half$}", "not known"), t.dim), Span::raw(format!("{:>7}", "—"))]
            } else {
                [
                    Span::styled(format!(" {}", bar(n)), Style::new().fg(t.side_color[side.index()])),
                    Span::raw(format!("{n:>7}")),
                ]
            }
        };
        let [a, b] = column(Side::Ru);
        let [c2, d] = column(Side::Ua);
        lines.push(Line::from(vec![Span::raw(format!("{:<14}", name(c))), a, b, c2, d]));
    }
    let block = Block::new().borders(ratatui::widgets::Borders::TOP).border_style(t.border);
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn series(h: &[DayStats], f: impl Fn(&DayStats) -> f64) -> Vec<(f64, f64)> {
    h.iter().map(|d| (d.day as f64, f(d))).collect()
}

fn line_chart<'a>(t: &Theme, title: &'a str, data: &'a [Vec<(f64, f64)>; 2], days: f64, from_zero: bool) -> Chart<'a> {
    let hi = data.iter().flatten().map(|p| p.1).fold(f64::MIN, f64::max).max(1.0);
    let lo = if from_zero { 0.0 } else { data.iter().flatten().map(|p| p.1).fold(f64::MAX, f64::min).min(hi) };
    let pad = ((hi - lo) * 0.1).max(1.0);
    let (min, max) = (if from_zero { 0.0 } else { (lo - pad).max(0.0).floor() }, (hi + pad).ceil());
    let ds = Side::BOTH
        .iter()
        .map(|s| {
            Dataset::default()
                .name(format!("{} {}", side_tag(*s), if *s == Side::Ru { "•" } else { "◆" }))
                .marker(if *s == Side::Ru { Marker::Dot } else { Marker::Braille })
                .graph_type(GraphType::Line)
                .style(Style::new().fg(t.side_color[s.index()]))
                .data(&data[s.index()])
        })
        .collect();
    Chart::new(ds)
        .block(Block::bordered().title(Line::styled(title, t.title)).border_style(t.border))
        .x_axis(
            Axis::default()
                .bounds([0.0, days.max(1.0)])
                .labels(vec![Line::raw("0"), Line::raw(format!("day {}", days as u32))])
                .style(t.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([min, max])
                .labels(vec![Line::raw(format!("{min:.0}")), Line::raw(format!("{max:.0}"))])
                .style(t.dim),
        )
}

/// Four charts of the game so far: daily losses, ground, supply, will.
pub fn draw_charts(t: &Theme, s: &Session, f: &mut Frame, area: Rect) {
    draw_timeline(t, f, area, s.timeline());
}

/// Four charts of a timeline (one entry per day from day 0): daily losses, ground, supply, will.
pub fn draw_timeline(t: &Theme, f: &mut Frame, area: Rect, h: &[DayStats]) {
    let days = h.last().map(|d| d.day).unwrap_or(0) as f64;
    let [top, bottom] = Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(area);
    let [losses_a, ground_a] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let [supply_a, will_a] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);

    // Daily losses: a pair of bars (RU, UA) per day, the most recent days that fit.
    let fit = (losses_a.width.saturating_sub(2) / 5).max(1) as usize;
    let groups: Vec<BarGroup> = h
        .windows(2)
        .rev()
        .take(fit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|w| {
            let bars: Vec<Bar> = Side::BOTH
                .iter()
                .map(|side| {
                    let k = side.index();
                    Bar::default()
                        .value(w[1].losses[k].saturating_sub(w[0].losses[k]) as u64)
                        .style(Style::new().fg(t.side_color[k]))
                        .text_value(String::new())
                })
                .collect();
            BarGroup::default().label(Line::raw(format!("{}", w[1].day))).bars(&bars)
        })
        .collect();
    let peak = h
        .windows(2)
        .rev()
        .take(fit)
        .flat_map(|w| Side::BOTH.map(|side| w[1].losses[side.index()].saturating_sub(w[0].losses[side.index()])))
        .max()
        .unwrap_or(0);
    let mut bc = BarChart::default()
        .block(
            Block::bordered()
                .title(Line::from(vec![
                    Span::styled(" Losses per day ", t.title),
                    Span::styled("RU", t.side[0]),
                    Span::raw("|"),
                    Span::styled("UA ", t.side[1]),
                    // BarChart draws no axis: the scale is the tallest bar's value.
                    Span::styled(format!("· tallest {peak} "), t.dim),
                ]))
                .border_style(t.border),
        )
        .bar_width(2)
        .bar_gap(0)
        .group_gap(1);
    for g in groups {
        bc = bc.data(g);
    }
    f.render_widget(bc, losses_a);

    let ground = [series(h, |d| d.ground_km2[0]), series(h, |d| d.ground_km2[1])];
    f.render_widget(line_chart(t, " Ground gained (km²) ", &ground, days, true), ground_a);

    // Supply: one sparkline per side.
    let sb = Block::bordered().title(Line::styled(" Mean supply of units (0–100%) ", t.title)).border_style(t.border);
    let inner = sb.inner(supply_a);
    f.render_widget(sb, supply_a);
    let [ru_a, ua_a] = Layout::vertical([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    for (side, a) in [(Side::Ru, ru_a), (Side::Ua, ua_a)] {
        let k = side.index();
        let [label, spark] = Layout::horizontal([Constraint::Length(8), Constraint::Min(0)]).areas(a);
        let now = h.last().map(|d| d.supply[k]).unwrap_or(1.0);
        // A side's report does not know the enemy's supply (NaN): no line for it.
        let known = !now.is_nan();
        f.render_widget(
            Paragraph::new(vec![
                Line::styled(side_tag(side), t.side_style(side)),
                Line::raw(if known { format!("{:.0}%", now * 100.0) } else { "unknown".into() }),
            ]),
            label,
        );
        if !known {
            continue;
        }
        let w = spark.width as usize;
        let data: Vec<u64> = h.iter().rev().take(w).rev().map(|d| (d.supply[k] * 100.0).round() as u64).collect();
        f.render_widget(Sparkline::default().data(&data).max(100).style(Style::new().fg(t.side_color[k])), spark);
    }

    let will = [series(h, |d| d.will[0]), series(h, |d| d.will[1])];
    f.render_widget(line_chart(t, " Political will ", &will, days, false), will_a);
}

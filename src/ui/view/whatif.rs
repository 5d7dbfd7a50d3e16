//! The what-if screen: the form, the running study's progress, and the results as box plots
//! and a table, all drawn from the study's [`Summary`] (the numbers `attrition whatif` prints).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph};
use ratatui::Frame;

use crate::sim::map::Side;
use crate::study::whatif::{words, MeasureId, Stats, Summary};
use crate::ui::app::App;
use crate::ui::keymap::{self, Action, Ctx};
use crate::ui::whatif::{clock, Job, Origin, Results, ResultsPage, Stage, WhatIfField, WhatIfState, SWITCHES};

use super::side_tag;

/// Wide enough for the results in two columns.
const TWO_COLUMNS: u16 = 150;
/// Charts drawn in one column, top to bottom; in two columns Russia's go left, Ukraine's right.
const CHARTS: [MeasureId; 6] = [
    MeasureId::GroundRu,
    MeasureId::GroundUa,
    MeasureId::PersonnelRu,
    MeasureId::PersonnelUa,
    MeasureId::VehiclesRu,
    MeasureId::VehiclesUa,
];
/// A box's fill per variant, so variants differ without colour too.
const FILLS: [char; 3] = ['▒', '▓', '░'];

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let Some(w) = &app.whatif else { return };
    let [head, body, keys, msg] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    heading(app, w, f, head);
    match &w.stage {
        Stage::Form => form(app, w, f, body),
        Stage::Running(job) => running(app, w, job, f, body),
        Stage::Results(r) => results(app, w, r, f, body),
    }
    key_line(app, w, f, keys);
    super::hint_bar(app, f, msg);
}

fn heading(app: &App, w: &WhatIfState, f: &mut Frame, r: Rect) {
    let t = &app.theme;
    let mut spans = vec![Span::styled(" WHAT IF… ", t.title.patch(t.selected)), Span::raw(" ")];
    if let Stage::Results(r) = &w.stage {
        // The results need every row: the study in brief, the scenario by its id.
        let s = &r.study;
        spans.extend([
            Span::styled(w.scenario.clone(), t.dim),
            Span::raw(" · "),
            Span::styled(format!("{} = {}", s.key, s.values.join(" | ")), t.title),
            Span::raw(format!(" · {} seeds each", s.runs)),
        ]);
    } else {
        spans.extend([Span::styled(w.title.clone(), t.title), Span::styled(format!(" ({})", w.scenario), t.dim)]);
    }
    if !w.base.is_empty() {
        spans.push(Span::raw(format!(" │ settings: {}", w.base.join(" "))));
    }
    if w.origin == Origin::Game {
        spans.push(Span::styled(" │ your game waits", t.dim));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

fn key_line(app: &App, w: &WhatIfState, f: &mut Frame, r: Rect) {
    let t = &app.theme;
    let key = |a: Action| keymap::hint(Ctx::WhatIf, a);
    let wanted: Vec<(String, &str)> = match &w.stage {
        Stage::Form => vec![
            (key(Action::Confirm), "run"),
            ("↑↓".into(), "field"),
            ("←→".into(), "change"),
            (key(Action::Back), "back"),
            (key(Action::Help), "keys"),
        ],
        Stage::Running(_) => {
            vec![(format!("{} or {}", key(Action::Back), key(Action::CancelStudy)), "cancel the study")]
        }
        Stage::Results(_) => vec![
            (key(Action::Page), "charts ⇄ table"),
            ("↑↓".into(), "scroll"),
            (key(Action::Export), "export CSV"),
            (key(Action::Back), "the form"),
            (key(Action::Help), "keys"),
        ],
    };
    let mut spans = vec![Span::raw(" ")];
    for (k, what) in wanted {
        spans.push(Span::styled(k, t.key));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

// ----- the form -----

fn form(app: &App, w: &WhatIfState, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let sw = w.chosen();
    let field = |fl: WhatIfField, name: &str, value: Vec<Span<'static>>| {
        let focus = w.field == fl;
        let mut sp = vec![
            Span::styled(if focus { " ▶ " } else { "   " }, t.key),
            Span::styled(format!("{name:<8}"), if focus { t.title } else { t.base }),
            Span::raw(if focus { "◀ " } else { "  " }),
        ];
        sp.extend(value);
        if focus {
            sp.push(Span::raw(" ▶"));
        }
        Line::from(sp)
    };
    let study = w.study();
    let days = match w.days {
        None => format!("the scenario's own: {} days", w.turn_limit),
        Some(d) => format!("{d} days"),
    };
    let mut estimate = vec![
        Span::raw("   "),
        Span::styled(format!("≈ {} runs", study.total()), t.title),
        Span::raw(format!(
            ": {} values × {} seeds, up to {} days each",
            study.values.len(),
            study.runs,
            w.days_per_game()
        )),
    ];
    if let Some(d) = w.estimate() {
        estimate.push(Span::styled(format!(" · about {} at the last study's pace", clock(d)), t.dim));
    }
    let lines = vec![
        Line::raw(""),
        field(
            WhatIfField::Switch,
            "Vary",
            vec![Span::styled(format!("{} = {}", sw.key, sw.values.join(" | ")), t.title)],
        ),
        Line::styled(format!("             {}", sw.about), t.dim),
        field(WhatIfField::Runs, "Runs", vec![Span::raw(format!("{} seeds for each value", w.runs))]),
        field(WhatIfField::Days, "Days", vec![Span::raw(days)]),
        Line::raw(""),
        Line::from(estimate),
        Line::raw(""),
    ];
    let [top, list, _] = Layout::vertical([
        Constraint::Length(lines.len() as u16),
        Constraint::Length(SWITCHES.len() as u16 + 2),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(lines), top);
    // Written as `attrition whatif --vary` takes them, so the list teaches the command too.
    let width = SWITCHES.iter().map(|s| s.key.len() + 1 + s.values.join(",").len()).max().unwrap_or(20);
    let rows: Vec<Line> = SWITCHES
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let chosen = i == w.switch;
            let setting = format!("{}={}", s.key, s.values.join(","));
            Line::from(vec![
                Span::styled(if chosen { "▶ " } else { "  " }, t.key),
                Span::styled(format!("{setting:<width$}  "), if chosen { t.title.patch(t.selected) } else { t.base }),
                Span::styled(s.about, t.dim),
            ])
        })
        .collect();
    let block = Block::bordered()
        .title(Line::styled(" Settings to vary — the first value is the reference ", t.title))
        .border_style(t.border);
    f.render_widget(Paragraph::new(rows).block(block), list);
}

// ----- running -----

fn running(app: &App, w: &WhatIfState, job: &Job, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let s = &job.study;
    let (done, total) = (job.done(), s.total());
    let ratio = if total == 0 { 0.0 } else { done as f64 / total as f64 };
    let [_, about, _, bar, _, times, note] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw("   Playing "),
            Span::styled(format!("{} = {}", s.key, s.values.join(" | ")), t.title),
            Span::raw(format!(" · seeds 1–{} each · up to {} days", s.runs, w.days_per_game())),
        ])),
        about,
    );
    let [_, bar, _] =
        Layout::horizontal([Constraint::Length(3), Constraint::Min(10), Constraint::Length(3)]).areas(bar);
    f.render_widget(
        LineGauge::default()
            .ratio(ratio)
            .label(Line::styled(format!("{done}/{total} runs {:>3.0}% ", ratio * 100.0), t.title))
            .filled_symbol("█")
            .unfilled_symbol("░")
            .filled_style(t.key)
            .unfilled_style(t.dim),
        bar,
    );
    let left = match job.eta() {
        Some(d) => format!("about {} left", clock(d)),
        None => "estimating the time left…".into(),
    };
    f.render_widget(Paragraph::new(format!("   elapsed {} · {left}", clock(job.elapsed))), times);
    let text = if job.cancelling() {
        Line::styled("   Cancelling: the runs under way finish first…", t.warn)
    } else {
        Line::styled("   Every value plays the same seeds: the same wars, with one thing changed.", t.dim)
    };
    f.render_widget(Paragraph::new(vec![Line::raw(""), text]), note);
}

// ----- results -----

/// The number in a chart or table: whole above a hundred, one decimal below.
fn num(x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// A difference with its sign, rounded as [`num`] rounds.
fn signed(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:+.0}")
    } else {
        format!("{x:+.1}")
    }
}

/// The value part of a variant's label ("off" of "ua.drone_line=off").
fn value_of(label: &str) -> &str {
    label.split_once('=').map(|(_, v)| v).unwrap_or(label)
}

/// A variant's style: the reference plain, the others in colours no side uses (a side's
/// colour on a Russian chart would read as Ukraine's); without colour the fills tell them apart.
fn variant_style(app: &App, i: usize) -> Style {
    let t = &app.theme;
    match i % 3 {
        0 => t.base.add_modifier(Modifier::BOLD),
        1 => t.key,
        _ => t.rail.add_modifier(Modifier::BOLD),
    }
}

/// A round step near `x` (1, 2 or 5 times a power of ten).
fn nice_step(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    p * if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    }
}

/// The shared axis of a chart: every variant's smallest to largest value, widened to round numbers.
fn axis(stats: &[Stats]) -> (f64, f64) {
    let lo = stats.iter().map(|s| s.min).filter(|x| x.is_finite()).fold(f64::MAX, f64::min);
    let hi = stats.iter().map(|s| s.max).filter(|x| x.is_finite()).fold(f64::MIN, f64::max);
    if lo > hi {
        return (0.0, 1.0);
    }
    let step = nice_step((hi - lo).max(1.0) / 4.0);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    if hi > lo {
        (lo, hi)
    } else {
        (lo, lo + step)
    }
}

/// One box-plot row: whiskers 10–90%, box 25–75%, the median, and the extremes beyond the whiskers.
fn box_row(s: &Stats, lo: f64, hi: f64, width: usize, fill: char) -> String {
    let width = width.max(2);
    let col = |x: f64| (((x - lo) / (hi - lo)).clamp(0.0, 1.0) * (width - 1) as f64).round() as usize;
    let mut row = vec![' '; width];
    if !s.mean.is_finite() {
        return row.into_iter().collect();
    }
    let (a, b) = (col(s.p10), col(s.p90));
    for c in row.iter_mut().take(b + 1).skip(a) {
        *c = '─';
    }
    row[a] = '├';
    row[b] = '┤';
    let (q1, q3) = (col(s.p25), col(s.p75));
    for c in row.iter_mut().take(q3 + 1).skip(q1) {
        *c = fill;
    }
    for x in [s.min, s.max] {
        let c = col(x);
        if c < a || c > b {
            row[c] = '·';
        }
    }
    row[col(s.median)] = '┃';
    row.into_iter().collect()
}

/// The axis under a chart: its ends and middle, labelled.
fn axis_row(lo: f64, hi: f64, width: usize) -> String {
    let mut row = vec![' '; width];
    let mut put = |text: String, at: usize| {
        for (i, ch) in text.chars().enumerate() {
            if let Some(c) = row.get_mut(at + i) {
                *c = ch;
            }
        }
    };
    let (l, m, h) = (num(lo), num((lo + hi) / 2.0), num(hi));
    put(l, 0);
    let mid = width / 2;
    put(m.clone(), mid.saturating_sub(m.chars().count() / 2));
    put(h.clone(), width.saturating_sub(h.chars().count()));
    row.into_iter().collect()
}

/// A chart of one measure over the variants, `width` columns wide.
fn chart(app: &App, sum: &Summary, id: MeasureId, width: u16) -> Vec<Line<'static>> {
    let t = &app.theme;
    let m = sum.measure(id);
    let lw = sum.labels.iter().map(|l| value_of(l).chars().count()).max().unwrap_or(3).max(3);
    // Label, a space, the plot, then the median.
    let plot = (width as usize).saturating_sub(lw + 14).max(10);
    let (lo, hi) = axis(&m.stats);
    let name = id.name();
    let mut title = vec![Span::styled(format!(" {}{}", name[..1].to_uppercase(), &name[1..]), t.title)];
    if let Some(s) = id.side() {
        title.push(Span::styled(format!(" [{}]", side_tag(s)), t.side_style(s)));
    }
    // "median" over the column of medians at the row's right end.
    let row = lw + plot + 12;
    let used = 1 + name.chars().count() + if id.side().is_some() { 5 } else { 0 };
    title.push(Span::styled(format!("{:>w$}", "median", w = row.saturating_sub(used).max(7)), t.dim));
    let mut lines = vec![Line::from(title)];
    for (i, (label, st)) in sum.labels.iter().zip(&m.stats).enumerate() {
        let style = variant_style(app, i);
        lines.push(Line::from(vec![
            Span::styled(format!(" {:>lw$} ", value_of(label)), style),
            Span::styled(box_row(st, lo, hi, plot, FILLS[i % FILLS.len()]), style),
            Span::styled(format!(" {:>9}", num(st.median)), style),
        ]));
    }
    lines.push(Line::styled(format!(" {:lw$} {}", "", axis_row(lo, hi, plot)), t.dim));
    for d in &m.differences {
        let real = d.real();
        let noise = if d.se.is_finite() { format!(" ±{}", num(2.0 * d.se)) } else { String::new() };
        let verdict = match real {
            Some(true) => "larger than the noise: a real difference",
            Some(false) => "within the noise: no clear difference",
            None => "too few runs to judge",
        };
        lines.push(Line::from(vec![
            Span::raw(format!(" {:>lw$} ", format!("{}−{}", value_of(&d.variant), value_of(&d.reference)))),
            Span::raw(format!("{}{noise} · ", signed(d.mean))),
            Span::styled(verdict, if real == Some(true) { t.good } else { t.dim }),
        ]));
    }
    lines
}

/// The share of wins per variant as a stacked bar: Russia, Ukraine, neither.
fn wins_chart(app: &App, sum: &Summary, width: u16) -> Vec<Line<'static>> {
    let t = &app.theme;
    let lw = sum.labels.iter().map(|l| value_of(l).chars().count()).max().unwrap_or(3).max(3);
    let bar = (width as usize).saturating_sub(lw + 36).max(10);
    let mut lines = vec![Line::styled(" Share of wins (Russia █, Ukraine ▓, neither ░)", t.title)];
    for (i, (label, ws)) in sum.labels.iter().zip(&sum.wins).enumerate() {
        let ru = (ws.ru / 100.0 * bar as f64).round() as usize;
        let ua = ((ws.ua / 100.0 * bar as f64).round() as usize).min(bar - ru.min(bar));
        let rest = bar.saturating_sub(ru + ua);
        lines.push(Line::from(vec![
            Span::styled(format!(" {:>lw$} ", value_of(label)), variant_style(app, i)),
            Span::styled("█".repeat(ru), t.side[Side::Ru.index()]),
            Span::styled("▓".repeat(ua), t.side[Side::Ua.index()]),
            Span::styled("░".repeat(rest), t.dim),
            Span::raw(format!(" RU {:>3.0}% UA {:>3.0}% neither {:>3.0}%", ws.ru, ws.ua, ws.neither)),
        ]));
    }
    lines.push(Line::raw(""));
    lines
}

/// The charts page's columns at `width`.
fn chart_columns(app: &App, sum: &Summary, width: u16) -> Vec<Vec<Line<'static>>> {
    if width >= TWO_COLUMNS {
        let half = width / 2;
        let mut left = Vec::new();
        let mut right = Vec::new();
        for id in CHARTS {
            let col = if id.side() == Some(Side::Ru) { &mut left } else { &mut right };
            col.extend(chart(app, sum, id, half));
        }
        left.extend(wins_chart(app, sum, half));
        right.extend(chart(app, sum, MeasureId::Days, half));
        vec![left, right]
    } else {
        let mut lines = Vec::new();
        for id in &CHARTS[..4] {
            lines.extend(chart(app, sum, *id, width));
        }
        lines.extend(wins_chart(app, sum, width));
        for id in &CHARTS[4..] {
            lines.extend(chart(app, sum, *id, width));
        }
        vec![lines]
    }
}

/// The table page's columns at `width`: every measure, then wins and objectives.
fn table_columns(app: &App, sum: &Summary, width: u16) -> Vec<Vec<Line<'static>>> {
    let t = &app.theme;
    let lw = sum.labels.iter().map(|l| value_of(l).chars().count()).max().unwrap_or(3).max(3);
    let mut measures = vec![Line::styled(
        format!(" {} runs per value (seeds 1–{}): mean, median, 10–90% range", sum.runs, sum.runs),
        t.dim,
    )];
    for m in &sum.measures {
        measures.push(Line::styled(format!(" {}", m.id.name()), t.title));
        for (i, (label, st)) in sum.labels.iter().zip(&m.stats).enumerate() {
            measures.push(Line::styled(
                format!(
                    "   {:<lw$}  mean {:>8.1}  median {:>8.1}  range {:>8.1} – {:<8.1}",
                    value_of(label),
                    st.mean,
                    st.median,
                    st.p10,
                    st.p90
                ),
                variant_style(app, i),
            ));
        }
        for d in &m.differences {
            let noise = if d.se.is_finite() { format!(" (±{:.1} at ~95%)", 2.0 * d.se) } else { String::new() };
            measures.push(Line::raw(format!(
                "   {} vs {}: {:+.1}{noise}",
                value_of(&d.variant),
                value_of(&d.reference),
                d.mean
            )));
            let real = d.real();
            measures
                .push(Line::styled(format!("     {}", words(real)), if real == Some(true) { t.good } else { t.dim }));
        }
        measures.push(Line::raw(""));
    }
    let mut rest = vec![Line::styled(" share of wins", t.title)];
    for (i, (label, ws)) in sum.labels.iter().zip(&sum.wins).enumerate() {
        rest.push(Line::styled(
            format!(
                "   {:<lw$}  Russia {:>5.1}%  Ukraine {:>5.1}%  neither {:>5.1}%",
                value_of(label),
                ws.ru,
                ws.ua,
                ws.neither
            ),
            variant_style(app, i),
        ));
    }
    rest.push(Line::raw(""));
    rest.push(Line::styled(" days until Russia holds each objective", t.title));
    rest.push(Line::styled("   (mean and median over the runs where it did; share of runs)", t.dim));
    for o in &sum.objectives {
        rest.push(Line::raw(format!("   {}", o.name)));
        for (i, (label, taken)) in sum.labels.iter().zip(&o.taken).enumerate() {
            let text = match taken {
                None => "never taken".to_string(),
                Some((st, share)) => format!("day {:>5.1} (median {:>5.1}; {share:.0}% of runs)", st.mean, st.median),
            };
            rest.push(Line::styled(format!("     {:<lw$}  {text}", value_of(label)), variant_style(app, i)));
        }
    }
    if width >= TWO_COLUMNS {
        vec![measures, rest]
    } else {
        measures.extend(rest);
        vec![measures]
    }
}

fn page_columns(app: &App, w: &WhatIfState, r: &Results, width: u16) -> Vec<Vec<Line<'static>>> {
    match w.page {
        ResultsPage::Charts => chart_columns(app, &r.summary, width),
        ResultsPage::Table => table_columns(app, &r.summary, width),
    }
}

/// Rows above and below the scrolled results: heading, tabs; keys and message.
const RESULTS_CHROME: u16 = 4;

/// How far the results page can scroll at the app's size.
pub fn max_scroll(app: &App) -> u16 {
    let Some(w) = &app.whatif else { return 0 };
    let Stage::Results(r) = &w.stage else { return 0 };
    let longest = page_columns(app, w, r, app.size.0).iter().map(Vec::len).max().unwrap_or(0);
    (longest as u16).saturating_sub(app.size.1.saturating_sub(RESULTS_CHROME))
}

fn results(app: &App, w: &WhatIfState, r: &Results, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let cols = page_columns(app, w, r, body.width);
    let longest = cols.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let scroll = w.scroll.min(longest.saturating_sub(body.height));
    let tab = |p: ResultsPage, name: &'static str| {
        if w.page == p {
            Span::styled(format!(" {name} "), t.title.patch(t.selected))
        } else {
            Span::styled(format!(" {name} "), t.dim)
        }
    };
    let mut spans =
        vec![Span::raw(" "), tab(ResultsPage::Charts, "Charts"), Span::raw(" "), tab(ResultsPage::Table, "Table")];
    spans.push(Span::styled(
        match w.page {
            ResultsPage::Charts => "  ├─┤ 10–90%  ▒ 25–75%  ┃ median  · min/max",
            ResultsPage::Table => "  the numbers `attrition whatif` prints",
        },
        t.dim,
    ));
    if longest > body.height {
        let last = (scroll + body.height).min(longest);
        spans.push(Span::styled(format!("  ↕ {}–{last}/{longest}", scroll + 1), t.key));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), tabs);
    let areas = Layout::horizontal(vec![Constraint::Ratio(1, cols.len().max(1) as u32); cols.len()]).split(body);
    for (lines, a) in cols.into_iter().zip(areas.iter()) {
        f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), *a);
    }
}

//! The what-if screen: the form, the running study's progress, and the results as box plots
//! and a table, all drawn from the study's [`Summary`] (the numbers `attrition whatif` prints).

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, LineGauge, Paragraph};
use ratatui::Frame;

use crate::ui::keymap::{Action, Ctx};
use crate::ui::screen::whatif::{clock, Job, Origin, Results, ResultsPage, Stage, WhatIfField, WhatIfState, SWITCHES};
use crate::ui::screen::whatif_pages::page_columns;
use crate::ui::shared::Ui;
use crate::ui::theme::Theme;

pub fn draw(ui: &Ui, w: &WhatIfState, ctx: Ctx, f: &mut Frame, area: Rect) {
    let t = &ui.theme;
    let [head, body, keys, msg] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0), Constraint::Length(1), Constraint::Length(1)])
            .areas(area);
    heading(t, w, f, head);
    match &w.stage {
        Stage::Form => form(t, w, f, body),
        Stage::Running(job) => running(t, w, job, f, body),
        Stage::Results(r) => results(t, w, r, f, body),
    }
    key_line(ui, w, f, keys);
    super::hint_bar(ui, ctx, false, f, msg);
}

fn heading(t: &Theme, w: &WhatIfState, f: &mut Frame, r: Rect) {
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

fn key_line(ui: &Ui, w: &WhatIfState, f: &mut Frame, r: Rect) {
    let t = &ui.theme;
    let key = |a: Action| ui.keys.hint(Ctx::WhatIf, a);
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

fn form(t: &Theme, w: &WhatIfState, f: &mut Frame, area: Rect) {
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

fn running(t: &Theme, w: &WhatIfState, job: &Job, f: &mut Frame, area: Rect) {
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

fn results(t: &Theme, w: &WhatIfState, r: &Results, f: &mut Frame, area: Rect) {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let cols = page_columns(t, w.page, &r.summary, body.width);
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

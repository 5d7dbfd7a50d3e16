//! Drawing: one function per screen and panel, each reading the state and never changing it.

pub mod aar;
pub mod files;
pub mod handover;
pub mod help;
pub mod lesson;
pub mod log;
pub mod map;
pub mod odds;
pub mod orders;
pub mod present;
pub mod report;
pub mod result;
pub mod side;
pub mod start;
pub mod whatif;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::app::App;
use super::board::{Board, Mode, Zoom};
use super::event_words::date_after;
use super::keymap::{Action, Ctx};
use super::layout::{centred, MIN_SIZE};
use super::screen::play::{PlayScreen, Stage};
use super::screen::Screen;
use super::session::Watch;
use super::shared::{Popup, Ui};
use super::theme::Theme;
use crate::sim::map::Side;
use crate::sim::rules::UnitKind;

/// Draws the whole screen: the screen on top of the stack, then any popup over it.
pub fn draw(app: &App, f: &mut Frame) {
    draw_in(app, f, f.area());
}

/// Draws the app in `area` of the frame (a seminar's client keeps a row of the screen for
/// the seminar's own bar).
pub fn draw_in(app: &App, f: &mut Frame, area: Rect) {
    let ui = &app.ui;
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        too_small(ui, app.popup() == Some(Popup::ConfirmQuit), f, area);
        return;
    }
    let ctx = app.ctx();
    match app.top() {
        Screen::Start(s) => start::draw(ui, s, f, area),
        Screen::Play(p) => play(ui, p, ctx, f, area),
        Screen::Replay(r) => board(ui, &r.board, ctx, false, f, area),
        Screen::Present(p) => present::draw(ui, &p.replay.board, f),
        Screen::Aar(r) => aar::draw(ui, r, f, area),
        Screen::Files(l) => {
            files::draw(ui, l, f, area);
            if l.popup == Some(Popup::ConfirmDelete) {
                let text = match l.chosen() {
                    Some(e) => match &e.info {
                        Ok(i) => format!(
                            "Delete {}? ({}, {} days, {}) It cannot be undone.",
                            e.name,
                            i.scenario,
                            i.days,
                            files::who(i)
                        ),
                        Err(_) => format!("Delete {} (it does not load)? It cannot be undone.", e.name),
                    },
                    None => "Delete it?".into(),
                };
                confirm(&ui.theme, f, area, "Delete a saved game", &text, ("y/Enter", "n/Esc"));
            }
        }
        Screen::WhatIf(w) => whatif::draw(ui, w, ctx, f, area),
    }
    match app.popup() {
        Some(Popup::Help) => help::draw(ui, app.help_scroll, f, area),
        Some(Popup::ConfirmQuit) => {
            let text = match app.session() {
                Some(s) if s.replay.is_none() && ui.autosave && ui.save_dir.is_some() && ui.save_error.is_none() => {
                    "Every completed day is autosaved; today's planned orders are not. Quit now?"
                }
                Some(s) if s.replay.is_none() => "The game is not saved. Quit now?",
                _ => "Quit now?",
            };
            confirm(&ui.theme, f, area, "Quit attrition?", text, ("y", "n/Esc"))
        }
        // The play screen's own popups are drawn with it.
        _ => {}
    }
}

fn too_small(ui: &Ui, asking: bool, f: &mut Frame, area: Rect) {
    let t = &ui.theme;
    let mut lines = vec![
        Line::styled("Terminal too small", t.bad),
        Line::raw(format!("This window is {}×{}.", area.width, area.height)),
        Line::raw(format!("attrition needs at least {}×{}:", MIN_SIZE.0, MIN_SIZE.1)),
        Line::raw("please enlarge the window."),
        Line::raw(""),
    ];
    // Keys reach nothing hidden behind this screen: only the quit question, drawn here.
    if asking {
        lines.push(Line::styled("Quit attrition? y quits · n stays", t.warn));
    } else {
        lines.push(Line::styled("q quits", t.dim));
    }
    let h = (lines.len() as u16).min(area.height);
    let r = Rect::new(area.x, area.y + area.height.saturating_sub(h) / 2, area.width, h);
    f.render_widget(Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center).wrap(Wrap { trim: true }), r);
}

/// A question in a box: `keys` are the yes and the no keys as the box writes them.
fn confirm(t: &Theme, f: &mut Frame, area: Rect, title: &str, text: &str, keys: (&str, &str)) {
    let r = centred(area, 48, 6);
    f.render_widget(Clear, r);
    let body = vec![
        Line::raw(text.to_string()),
        Line::raw(""),
        Line::from(vec![
            Span::styled(keys.0.to_string(), t.key),
            Span::raw(" yes    "),
            Span::styled(keys.1.to_string(), t.key),
            Span::raw(" no"),
        ]),
    ];
    let block = Block::bordered().title(Line::styled(format!(" {title} "), t.title)).border_style(t.warn);
    f.render_widget(Paragraph::new(body).block(block).wrap(Wrap { trim: true }), r);
}

/// The letter of a unit kind (upper case; Russian units are drawn in lower case).
pub fn kind_glyph(k: UnitKind) -> char {
    match k {
        UnitKind::AssaultTeam => 'A',
        UnitKind::Position => 'P',
        UnitKind::ArmoredGroup => 'T',
        UnitKind::MotorGroup => 'M',
        UnitKind::Drone => 'D',
        UnitKind::Ew => 'E',
        UnitKind::Artillery => 'G',
        UnitKind::Reserve => 'R',
        UnitKind::SupplyHub => 'H',
        UnitKind::Hq => 'Q',
    }
}

/// A unit's glyph with its side: lower case for Russia, upper case for Ukraine.
pub fn unit_glyph(side: Side, k: UnitKind) -> char {
    let c = kind_glyph(k);
    match side {
        Side::Ru => c.to_ascii_lowercase(),
        Side::Ua => c,
    }
}

pub use crate::ui::event_words::side_tag;

/// The play screen at its stage: the hand-over, the result, or the board with its popups.
fn play(ui: &Ui, p: &PlayScreen, ctx: Ctx, f: &mut Frame, area: Rect) {
    match p.stage {
        Stage::Handover(side) => handover::draw(ui, p.session(), f, area, side),
        Stage::Result => result::draw(ui, p.session(), f, area),
        Stage::Map => board(ui, &p.board, ctx, p.has_lessons(), f, area),
    }
    match p.popup {
        Some(Popup::Lesson) => lesson::draw(ui, p, f, area),
        Some(Popup::ConfirmCancelAll) => {
            let n = p.session().orders().len();
            let text = format!("Cancel all {n} planned order{}? (U undoes it)", if n == 1 { "" } else { "s" });
            confirm(&ui.theme, f, area, "Cancel every order", &text, ("y/Enter", "n/Esc"))
        }
        Some(Popup::ConfirmEndDay) => {
            let n = p.session().orders().len();
            let text = format!("End the day with {n} planned order{}?", if n == 1 { "" } else { "s" });
            confirm(&ui.theme, f, area, "End the day", &text, ("y/Enter", "n/Esc"))
        }
        _ => {}
    }
}

/// The map and its panels (the play screen's and the replay viewer's).
fn board(ui: &Ui, b: &Board, ctx: Ctx, lessons: bool, f: &mut Frame, area: Rect) {
    let l = b.layout();
    status_bar(ui, b, f, l.status);
    let notes = b.session.annotations_now();
    map::draw(ui, b, &notes, f, l.map);
    let side_area = present::annotation_box(ui, b, &notes, f, l.side);
    side::draw(ui, b, f, side_area);
    let replay_phases = b.is_replay() && b.mode == Mode::Normal;
    if let Mode::Orders(at) = b.mode {
        orders::draw(ui, b, at, f, l.log);
    } else if b.mode == Mode::Resolution || (replay_phases && b.session.resolution.is_some()) {
        log::draw_resolution(ui, b, f, l.log);
    } else {
        log::draw(ui, b, f, l.log);
    }
    hint_bar(ui, ctx, lessons, f, l.hint);
    if b.mode == Mode::Report {
        let r = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
        let day = b.game().day();
        report::draw_popup(ui, &b.session, f, r, &format!(" Day {day} report — Enter or Esc closes "));
    }
}

fn status_bar(ui: &Ui, b: &Board, f: &mut Frame, r: Rect) {
    let t = &ui.theme;
    let s = &b.session;
    let g = s.game();
    let sc = g.scenario();
    if let Some(rv) = &s.replay {
        let total = rv.record.days.len();
        let mut spans = vec![
            Span::styled(" REPLAY ", t.title.patch(t.selected)),
            Span::raw(" "),
            Span::styled(format!("Day {}/{total}", g.day()), t.title),
            // Day d is dated as the day it was played, the game's "Day d" (day 0: the start).
            Span::styled(format!(" {} ", date_after(&sc.start_date, g.day().saturating_sub(1))), t.dim),
            Span::raw("│ view: "),
        ];
        match rv.watch {
            Watch::Side(x) => spans.push(Span::styled(format!("{} [{}]", x.name(), side_tag(x)), t.side_style(x))),
            Watch::Both => spans.push(Span::styled("both [RU+UA]", t.warn)),
        }
        spans.push(Span::raw(" │ "));
        spans.push(Span::raw(zoom_name(b.zoom)));
        overlay_spans(t, b, &mut spans);
        f.render_widget(Paragraph::new(Line::from(spans)), r);
        return;
    }
    let day = g.day() + if g.is_over() { 0 } else { 1 };
    // Who is looking: a side planning, or (a seminar's white cell and observers) a watcher.
    let who = match (s.watching, s.public) {
        (false, _) => Span::styled(format!("{} [{}]", s.viewer.name(), side_tag(s.viewer)), t.side_style(s.viewer)),
        (true, false) => Span::styled("white cell [RU+UA]", t.warn),
        (true, true) => Span::styled("observer: common knowledge", t.warn),
    };
    let doing = match (g.is_over(), s.watching) {
        (true, _) => " game over ",
        (false, true) => " watching ",
        (false, false) => " planning ",
    };
    let mut spans = vec![
        Span::styled(" ATTRITION ", t.title.patch(t.selected)),
        Span::raw(" "),
        Span::styled(format!("Day {}/{}", day.min(sc.turn_limit), sc.turn_limit), t.title),
        Span::styled(format!(" {} ", date_after(&sc.start_date, day.saturating_sub(1))), t.dim),
        Span::raw("│ "),
        who,
        Span::raw(doing),
        Span::raw("│ "),
        Span::raw(format!("orders: {} ", s.orders().len())),
        Span::raw("│ "),
        Span::raw(zoom_name(b.zoom)),
    ];
    overlay_spans(t, b, &mut spans);
    if ui.save_error.is_some() {
        spans.push(Span::raw("│ "));
        spans.push(Span::styled("NOT SAVED", t.bad));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

fn zoom_name(z: Zoom) -> &'static str {
    match z {
        Zoom::Near => "zoom 2:1 ",
        Zoom::Cell => "zoom 1:1 ",
        Zoom::Overview => "overview ",
    }
}

fn overlay_spans(t: &Theme, b: &Board, spans: &mut Vec<Span<'static>>) {
    let ov = b.overlays;
    let mut ovs = Vec::new();
    if ov.coverage_both {
        ovs.push("1:drn-RU+UA".into());
    } else if let Some(c) = ov.coverage {
        ovs.push(format!("1:drn-{}", side_tag(c)));
    }
    if ov.supply {
        ovs.push("2:sup".into());
    }
    if ov.detection {
        ovs.push("3:det".into());
    }
    if ov.control {
        ovs.push("4:ctl".into());
    }
    if !ovs.is_empty() {
        spans.push(Span::raw("│ "));
        spans.push(Span::styled(ovs.join(" "), t.warn));
    }
}

/// The message, or the main keys of `ctx` when there is none.
pub fn hint_bar(ui: &Ui, ctx: Ctx, lessons: bool, f: &mut Frame, r: Rect) {
    let t = &ui.theme;
    if let Some(p) = &ui.prompt {
        // The end of what is typed shows when the line is longer than the bar; the question
        // gives way to it down to 30 columns of typing.
        let width = r.width as usize;
        let label = fit_words(&p.label, width.saturating_sub(33).max(8));
        let room = width.saturating_sub(label.chars().count() + 3);
        let n = p.line.chars().count();
        let shown: String = p.line.chars().skip(n.saturating_sub(room)).collect();
        let line =
            Line::from(vec![Span::styled(format!(" {label} "), t.key), Span::styled(format!("{shown}█"), t.base)]);
        f.render_widget(Paragraph::new(line), r);
        return;
    }
    let line = match &ui.message {
        Some(m) => Line::styled(
            format!(" {}", fit_words(&m.text, r.width.saturating_sub(1) as usize)),
            if m.error { t.bad } else { t.base },
        ),
        None => hints(ui, ctx, lessons),
    };
    f.render_widget(Paragraph::new(line), r);
}

/// The main keys of a context as "key action · key action" (`lessons`: the scenario has some).
pub fn hints(ui: &Ui, ctx: Ctx, lessons: bool) -> Line<'static> {
    let t = &ui.theme;
    let wanted: &[(Action, &str)] = match ctx {
        // Guided scenarios: the lesson key takes the zoom key's place (80 columns hold seven).
        Ctx::Map if lessons => &[
            (Action::NextUnit, "next unit"),
            (Action::Select, "select"),
            (Action::EndDay, "end day"),
            (Action::Log, "log"),
            (Action::Lesson, "lesson"),
            (Action::Help, "keys"),
            (Action::Quit, "quit"),
        ],
        Ctx::Map => &[
            (Action::NextUnit, "next unit"),
            (Action::Select, "select"),
            (Action::EndDay, "end day"),
            (Action::Log, "log"),
            (Action::Zoom, "zoom"),
            (Action::Help, "keys"),
            (Action::Quit, "quit"),
        ],
        Ctx::Target => &[(Action::Confirm, "give order"), (Action::Back, "cancel"), (Action::Help, "keys")],
        // 80 columns hold these eight.
        Ctx::Viewer => &[
            (Action::Next, "next phase"),
            (Action::NextDay, "next day"),
            (Action::Watch, "side"),
            (Action::Present, "present"),
            (Action::Branch, "branch"),
            (Action::Log, "log"),
            (Action::Help, "keys"),
            (Action::Quit, "quit"),
        ],
        Ctx::Lesson => &[
            (Action::Next, "next step"),
            (Action::Prev, "previous step"),
            (Action::Back, "close"),
            (Action::Help, "keys"),
            (Action::Quit, "quit"),
        ],
        _ => &[(Action::Back, "back"), (Action::Help, "keys"), (Action::Quit, "quit")],
    };
    let mut spans = vec![Span::raw(" ")];
    for (a, name) in wanted {
        spans.push(Span::styled(ui.keys.hint(ctx, *a), t.key));
        spans.push(Span::raw(format!(" {name}  ")));
    }
    Line::from(spans)
}

/// Styled lines wrapped at spaces to `width` columns, keeping each span's style (what
/// `Paragraph::wrap` does, without its cost on every frame: the side panel is redrawn often).
/// A word longer than the line is cut.
pub fn wrap_lines(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let total: usize = line.spans.iter().map(|s| s.content.chars().count()).sum();
        if total <= width {
            out.push(line);
            continue;
        }
        let style = line.style;
        let mut row: Vec<Span<'static>> = Vec::new();
        let mut used = 0;
        for span in line.spans {
            let st = span.style;
            // Words with the spaces before them, so the spacing inside a span is kept.
            let mut piece = String::new();
            let flush =
                |piece: &mut String, row: &mut Vec<Span<'static>>, used: &mut usize, out: &mut Vec<Line<'static>>| {
                    let mut w = piece.chars().count();
                    if *used + w > width && *used > 0 {
                        out.push(Line::from(std::mem::take(row)).style(style));
                        *used = 0;
                        let trimmed = piece.trim_start().to_string();
                        *piece = trimmed;
                        w = piece.chars().count();
                    }
                    while w > width {
                        let head: String = piece.chars().take(width - *used).collect();
                        let rest: String = piece.chars().skip(width - *used).collect();
                        row.push(Span::styled(head, st));
                        out.push(Line::from(std::mem::take(row)).style(style));
                        *used = 0;
                        *piece = rest;
                        w = piece.chars().count();
                    }
                    if !piece.is_empty() {
                        row.push(Span::styled(std::mem::take(piece), st));
                        *used += w;
                    }
                };
            for ch in span.content.chars() {
                if ch == ' ' && !piece.trim().is_empty() {
                    flush(&mut piece, &mut row, &mut used, &mut out);
                }
                piece.push(ch);
            }
            flush(&mut piece, &mut row, &mut used, &mut out);
        }
        if !row.is_empty() {
            out.push(Line::from(row).style(style));
        }
    }
    out
}

/// `text` cut to `width` columns at a word, with "…", when it is longer (never mid-word).
pub fn fit_words(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for w in text.split(' ') {
        if out.chars().count() + w.chars().count() + 2 > width {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// A bar of `width` cells filled to `x` (0..=1), for text panels.
pub fn gauge(x: f64, width: usize) -> String {
    let n = ((x.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(n), "░".repeat(width - n))
}

/// A style for a 0..=1 quality: good, middling, bad.
pub fn quality(t: &Theme, x: f64) -> Style {
    if x >= 0.7 {
        t.good
    } else if x >= 0.4 {
        t.warn
    } else {
        t.bad
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styled_lines_wrap_as_plain_text_does() {
        let text = "Planned orders: 3 (o lists, x cancels, X all, U undoes) and a word-that-is-far-too-long-to-fit";
        for w in [12, 20, 31, 80] {
            let line = Line::from(vec![
                Span::raw("Planned "),
                Span::styled(&text[8..20], Style::new()),
                Span::raw(&text[20..]),
            ]);
            let got: Vec<String> = wrap_lines(vec![line], w)
                .iter()
                .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect::<String>().trim_end().to_string())
                .collect();
            assert!(got.iter().all(|l| l.chars().count() <= w), "{w}: {got:?}");
            assert_eq!(
                got.join(" ").split_whitespace().collect::<String>(),
                text.split_whitespace().collect::<String>()
            );
        }
    }
}

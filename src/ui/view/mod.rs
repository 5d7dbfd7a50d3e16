//! Drawing: one function per panel, each reading the `App` and never changing it.

pub mod aar;
pub mod files;
pub mod handover;
pub mod help;
pub mod layout;
pub mod lesson;
pub mod log;
pub mod map;
pub mod odds;
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

use super::app::{App, Mode, Popup, Screen, Zoom, MIN_SIZE};
use super::keymap::{self, Action, Ctx};
use crate::sim::map::Side;
use crate::sim::rules::UnitKind;
use layout::centred;

/// Draws the whole screen.
pub fn draw(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        too_small(app, f, area);
        return;
    }
    match app.screen {
        Screen::Start => start::draw(app, f, area),
        Screen::Handover(side) => handover::draw(app, f, area, side),
        Screen::Result => result::draw(app, f, area),
        Screen::AfterAction => aar::draw(app, f, area),
        Screen::Files => files::draw(app, f, area),
        Screen::Play => play(app, f, area),
        Screen::WhatIf => whatif::draw(app, f, area),
    }
    match app.popup {
        Some(Popup::Help) => help::draw(app, f, area),
        Some(Popup::Lesson) => lesson::draw(app, f, area),
        Some(Popup::ConfirmQuit) => {
            let text = match &app.session {
                Some(s) if s.replay.is_none() && app.autosave && app.save_dir.is_some() && app.save_error.is_none() => {
                    "Every completed day is autosaved; today's planned orders are not. Quit now?"
                }
                Some(s) if s.replay.is_none() => "The game is not saved. Quit now?",
                _ => "Quit now?",
            };
            confirm(app, f, area, "Quit attrition?", text)
        }
        Some(Popup::ConfirmEndDay) => {
            let n = app.session.as_ref().map(|s| s.orders().len()).unwrap_or(0);
            let text = format!("End the day with {n} planned order{}?", if n == 1 { "" } else { "s" });
            confirm(app, f, area, "End the day", &text)
        }
        Some(Popup::ConfirmDelete) => {
            let text = match app.chosen_file() {
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
            confirm(app, f, area, "Delete a saved game", &text)
        }
        None => {}
    }
}

fn too_small(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let lines = vec![
        Line::styled("Terminal too small", t.bad),
        Line::raw(format!("This window is {}×{}.", area.width, area.height)),
        Line::raw(format!("attrition needs at least {}×{}:", MIN_SIZE.0, MIN_SIZE.1)),
        Line::raw("please enlarge the window."),
        Line::raw(""),
        Line::styled("q quits", t.dim),
    ];
    let h = (lines.len() as u16).min(area.height);
    let r = Rect::new(area.x, area.y + area.height.saturating_sub(h) / 2, area.width, h);
    f.render_widget(Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center).wrap(Wrap { trim: true }), r);
}

fn confirm(app: &App, f: &mut Frame, area: Rect, title: &str, text: &str) {
    let t = &app.theme;
    let r = centred(area, 48, 6);
    f.render_widget(Clear, r);
    let body = vec![
        Line::raw(text.to_string()),
        Line::raw(""),
        Line::from(vec![
            Span::styled("y", t.key),
            Span::raw("/"),
            Span::styled("Enter", t.key),
            Span::raw(" yes    "),
            Span::styled("n", t.key),
            Span::raw("/"),
            Span::styled("Esc", t.key),
            Span::raw(" no"),
        ]),
    ];
    let block = Block::bordered().title(Line::styled(format!(" {title} "), t.title)).border_style(t.warn);
    f.render_widget(Paragraph::new(body).block(block).wrap(Wrap { trim: true }), r);
}

/// "2025-05-27" plus `days`, as "30 May 2025".
pub fn date_after(start: &str, days: u32) -> String {
    let parts: Vec<i64> = start.split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else { return format!("day {days}") };
    // Days from civil (H. Hinnant), and back.
    let days_from_civil = |y: i64, m: i64, d: i64| {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    };
    let z = days_from_civil(y, m, d) + days as i64 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let dd = doy - (153 * mp + 2) / 5 + 1;
    let mm = if mp < 10 { mp + 3 } else { mp - 9 };
    let yy = yoe + era * 400 + if mm <= 2 { 1 } else { 0 };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!("{dd} {} {yy}", MONTHS[(mm - 1) as usize])
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

/// The side's tag in text: never colour alone.
pub fn side_tag(side: Side) -> &'static str {
    match side {
        Side::Ru => "RU",
        Side::Ua => "UA",
    }
}

fn play(app: &App, f: &mut Frame, area: Rect) {
    if app.presenting() && app.mode == Mode::Normal {
        return present::draw(app, f);
    }
    let l = app.layout();
    status_bar(app, f, l.status);
    map::draw(app, f, l.map);
    let side_area = present::annotation_box(app, f, l.side);
    side::draw(app, f, side_area);
    let replay_phases = app.is_replay() && app.mode == Mode::Normal;
    if app.mode == Mode::Resolution || (replay_phases && app.session.as_ref().is_some_and(|s| s.resolution.is_some())) {
        log::draw_resolution(app, f, l.log);
    } else {
        log::draw(app, f, l.log);
    }
    hint_bar(app, f, l.hint);
    if app.mode == Mode::Report {
        let r = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
        let day = app.game().map(|g| g.day()).unwrap_or(0);
        report::draw_popup(app, f, r, &format!(" Day {day} report — Enter or Esc closes "));
    }
}

fn status_bar(app: &App, f: &mut Frame, r: Rect) {
    let t = &app.theme;
    let Some(s) = &app.session else { return };
    let g = s.game();
    let sc = g.scenario();
    if let Some(rv) = &s.replay {
        let total = rv.record.days.len();
        let mut spans = vec![
            Span::styled(" REPLAY ", t.title.patch(t.selected)),
            Span::raw(" "),
            Span::styled(format!("Day {}/{total}", g.day()), t.title),
            Span::styled(format!(" {} ", date_after(&sc.start_date, g.day())), t.dim),
            Span::raw("│ view: "),
        ];
        match rv.watch {
            super::app::Watch::Side(x) => {
                spans.push(Span::styled(format!("{} [{}]", x.name(), side_tag(x)), t.side_style(x)))
            }
            super::app::Watch::Both => spans.push(Span::styled("both [RU+UA]", t.warn)),
        }
        spans.push(Span::raw(" │ "));
        spans.push(Span::raw(match app.zoom {
            Zoom::Near => "zoom 2:1 ",
            Zoom::Cell => "zoom 1:1 ",
            Zoom::Overview => "overview ",
        }));
        overlay_spans(app, &mut spans);
        f.render_widget(Paragraph::new(Line::from(spans)), r);
        return;
    }
    let day = g.day() + if g.is_over() { 0 } else { 1 };
    let mut spans = vec![
        Span::styled(" ATTRITION ", t.title.patch(t.selected)),
        Span::raw(" "),
        Span::styled(format!("Day {}/{}", day.min(sc.turn_limit), sc.turn_limit), t.title),
        Span::styled(format!(" {} ", date_after(&sc.start_date, day.saturating_sub(1))), t.dim),
        Span::raw("│ "),
        Span::styled(format!("{} [{}]", s.viewer.name(), side_tag(s.viewer)), t.side_style(s.viewer)),
        Span::raw(if g.is_over() { " game over " } else { " planning " }),
        Span::raw("│ "),
        Span::raw(format!("orders: {} ", s.orders().len())),
        Span::raw("│ "),
        Span::raw(match app.zoom {
            Zoom::Near => "zoom 2:1 ",
            Zoom::Cell => "zoom 1:1 ",
            Zoom::Overview => "overview ",
        }),
    ];
    overlay_spans(app, &mut spans);
    if app.save_error.is_some() {
        spans.push(Span::raw("│ "));
        spans.push(Span::styled("NOT SAVED", t.bad));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), r);
}

fn overlay_spans(app: &App, spans: &mut Vec<Span<'static>>) {
    let t = &app.theme;
    let ov = app.overlays;
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

fn hint_bar(app: &App, f: &mut Frame, r: Rect) {
    let t = &app.theme;
    let line = match &app.message {
        Some(m) => Line::styled(format!(" {}", m.text), if m.error { t.bad } else { t.base }),
        None => hints(app, app.ctx()),
    };
    f.render_widget(Paragraph::new(line), r);
}

/// The main keys of a context as "key action · key action".
pub fn hints(app: &App, ctx: Ctx) -> Line<'static> {
    let t = &app.theme;
    let wanted: &[(Action, &str)] = match ctx {
        // Guided scenarios: the lesson key takes the zoom key's place (80 columns hold seven).
        Ctx::Map if app.has_lessons() => &[
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
        Ctx::Viewer => &[
            (Action::Next, "next phase"),
            (Action::NextDay, "next day"),
            (Action::Watch, "whose view"),
            (Action::Present, "present"),
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
        spans.push(Span::styled(keymap::hint(ctx, *a), t.key));
        spans.push(Span::raw(format!(" {name}  ")));
    }
    Line::from(spans)
}

/// A bar of `width` cells filled to `x` (0..=1), for text panels.
pub fn gauge(x: f64, width: usize) -> String {
    let n = ((x.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(n), "░".repeat(width - n))
}

/// A style for a 0..=1 quality: good, middling, bad.
pub fn quality(app: &App, x: f64) -> Style {
    if x >= 0.7 {
        app.theme.good
    } else if x >= 0.4 {
        app.theme.warn
    } else {
        app.theme.bad
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_count_forward() {
        assert_eq!(super::date_after("2025-05-27", 0), "27 May 2025");
        assert_eq!(super::date_after("2025-05-27", 5), "1 Jun 2025");
        assert_eq!(super::date_after("2024-12-31", 1), "1 Jan 2025");
    }
}

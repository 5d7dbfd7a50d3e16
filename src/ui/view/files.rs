//! The saved games and records list: one row per file (name, scenario, days, who played,
//! notes, age), the chosen one's details below, damaged files with the loader's message.

use std::time::SystemTime;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;

use crate::ui::screen::files::{FileEntry, FileInfo, FilesScreen};
use crate::ui::shared::Ui;
use crate::ui::theme::Theme;

use super::side_tag;

pub fn draw(ui: &Ui, v: &FilesScreen, f: &mut Frame, area: Rect) {
    let t = &ui.theme;
    let block = Block::bordered()
        .title(Line::styled(format!(" Saved games and records — {} ", v.dir.display()), t.title))
        .title_bottom(Line::styled(
            " Enter watch · c play on · A after-action report · D delete · Esc back · ? keys ",
            t.dim,
        ))
        .border_style(t.key);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [list, detail, hint] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(4), Constraint::Length(1)]).areas(inner);
    if v.entries.is_empty() {
        let lines = vec![
            Line::raw("No saved games or records here yet."),
            Line::raw(""),
            Line::styled("Games are autosaved after every day; Ctrl-S saves one by hand.", t.dim),
            Line::styled("`attrition sim --record DIR` writes AI-vs-AI records: copy them here to open them.", t.dim),
        ];
        f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), list);
    } else {
        draw_list(t, v, f, list);
        if let Some(e) = v.entries.get(v.at) {
            draw_detail(t, v, f, detail, e);
        }
    }
    if let Some(m) = &ui.message {
        f.render_widget(Paragraph::new(Line::styled(m.text.clone(), if m.error { t.bad } else { t.dim })), hint);
    }
}

pub fn who(info: &FileInfo) -> String {
    match (info.players.hotseat, info.players.human) {
        (true, _) => "hot-seat".into(),
        (false, Some(s)) => format!("{} vs AI", side_tag(s)),
        (false, None) => "AI vs AI".into(),
    }
}

/// "3 min ago", "2 h ago", "4 days ago".
pub fn age(modified: Option<SystemTime>) -> String {
    let Some(secs) = modified.and_then(|m| SystemTime::now().duration_since(m).ok()).map(|d| d.as_secs()) else {
        return String::new();
    };
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86_399 => format!("{} h ago", secs / 3600),
        _ => format!("{} days ago", secs / 86_400),
    }
}

fn draw_list(t: &Theme, v: &FilesScreen, f: &mut Frame, area: Rect) {
    let name_w = v.entries.iter().map(|e| e.name.chars().count()).max().unwrap_or(10).clamp(10, 36);
    let mut lines = vec![Line::styled(
        format!(
            "  {:<name_w$}  {:<22} {:>5}  {:<10} {:>5}  {}",
            "file", "scenario", "days", "players", "notes", "saved"
        ),
        t.title,
    )];
    let rows = area.height.saturating_sub(1) as usize;
    let first = v.at.saturating_sub(rows.saturating_sub(1));
    for (i, e) in v.entries.iter().enumerate().skip(first).take(rows) {
        let name: String = e.name.chars().take(name_w).collect();
        let mut line = match &e.info {
            Ok(info) => Line::raw(format!(
                "  {name:<name_w$}  {:<22} {:>5}  {:<10} {:>5}  {}",
                info.scenario.chars().take(22).collect::<String>(),
                info.days,
                who(info),
                if info.notes > 0 { info.notes.to_string() } else { String::new() },
                age(e.modified)
            )),
            Err(_) => Line::from(vec![
                Span::raw(format!("  {name:<name_w$}  ")),
                Span::styled("does not load (see below)", t.bad),
            ]),
        };
        if i == v.at {
            line = line.patch_style(t.selected);
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), area);
}

fn draw_detail(t: &Theme, v: &FilesScreen, f: &mut Frame, area: Rect, e: &FileEntry) {
    let lines = match &e.info {
        Ok(info) => {
            let title = v.title_of(&info.scenario);
            vec![
                Line::styled(title, t.title),
                Line::raw(format!(
                    "{} days played · seed {} · {} · {}",
                    info.days,
                    info.seed,
                    who(info),
                    match info.notes {
                        0 => "no instructor's notes".to_string(),
                        1 => "1 instructor's note".to_string(),
                        n => format!("{n} instructor's notes"),
                    }
                )),
                Line::styled(e.path.display().to_string(), t.dim),
            ]
        }
        Err(why) => vec![Line::styled(why.clone(), t.bad)],
    };
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(Block::new().borders(ratatui::widgets::Borders::TOP)),
        area,
    );
}

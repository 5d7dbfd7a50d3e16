//! The lesson panel of guided scenarios (`tutorial`): the day's steps one at a time, docked
//! at the bottom of the screen so the map above it shows the step's focus and overlay.
//!
//! Lesson text is wrapped here, word by word, so the panel's height is exact; text between
//! backticks (`1`, `i`) is drawn as a key. While the panel is open, a map key it does not use
//! (`1`, `e`, `Tab`, …) closes it and acts on the map.

use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::sim::scenario::LessonOverlay;
use crate::ui::app::App;
use crate::ui::keymap::{self, Action, Ctx};

use super::side_tag;

/// Widest the panel gets (columns).
const MAX_W: u16 = 100;

/// Splits `text` into lines of at most `width` characters, breaking at spaces (and at `\n`);
/// a word longer than the line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    // Backticks mark keys and are not drawn: they take no room.
    let shown = |w: &[char]| w.iter().filter(|c| **c != '`').count();
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in para.split_whitespace() {
            let mut w: Vec<char> = word.chars().collect();
            while shown(&w) > width {
                if len > 0 {
                    out.push(std::mem::take(&mut line));
                    len = 0;
                }
                out.push(w[..width].iter().collect());
                w.drain(..width);
            }
            if w.is_empty() {
                continue;
            }
            let n = shown(&w);
            if len > 0 && len + 1 + n > width {
                out.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.extend(w.iter());
            len += n;
        }
        out.push(line);
    }
    out
}

/// The inner text width for a panel of width `w`.
fn text_width(w: u16) -> usize {
    w.saturating_sub(4).max(8) as usize
}

/// The step's text and its footnote (focus and overlay), wrapped to `width`.
fn body(app: &App, width: usize) -> Vec<String> {
    let Some(step) = app.lesson_step() else { return Vec::new() };
    let mut lines = wrap(&step.text, width);
    let mut notes = Vec::new();
    if let (Some(c), Some(g)) = (step.focus, app.game()) {
        let map = g.map();
        let name =
            map.places.iter().filter(|p| p.cell.dist(c) <= 1).min_by_key(|p| p.cell.dist(c)).map(|p| p.name.clone());
        notes.push(match name {
            Some(n) => format!("map centred on {n}"),
            None => format!("map centred on cell {c}"),
        });
    }
    if let Some(o) = step.overlay {
        let viewer = app.session.as_ref().map(|s| s.viewer);
        let text = match o {
            LessonOverlay::Coverage => format!("overlay: your drone coverage ({})", viewer.map(side_tag).unwrap_or("")),
            LessonOverlay::EnemyCoverage => {
                format!("overlay: the enemy's drone coverage ({})", viewer.map(|v| side_tag(v.other())).unwrap_or(""))
            }
            LessonOverlay::SideCoverage(s) => format!("overlay: drone coverage ({})", side_tag(s)),
            LessonOverlay::Supply => "overlay: supply".into(),
            LessonOverlay::Detection => "overlay: detection".into(),
            LessonOverlay::Control => "overlay: control".into(),
            LessonOverlay::Off => "overlays off".into(),
        };
        notes.push(text);
    }
    if !notes.is_empty() {
        lines.push(String::new());
        lines.extend(wrap(&format!("({})", notes.join("; ")), width));
    }
    lines
}

/// Where the panel goes on a screen of `area`: the full width up to `MAX_W`, at the bottom
/// above the hint bar, as tall as the step needs up to three-fifths of the screen.
pub fn panel_rect(app: &App, area: Rect) -> Rect {
    let w = area.width.min(MAX_W);
    let n = body(app, text_width(w)).len() as u16;
    let max_h = (area.height.saturating_sub(2) * 3 / 5).max(6);
    let h = (n + 2).clamp(5, max_h).min(area.height.saturating_sub(2));
    let y = area.y + area.height.saturating_sub(1 + h);
    Rect::new(area.x, y, w, h)
}

/// How far a long step can scroll.
pub fn max_scroll(app: &App) -> u16 {
    let area = Rect::new(0, 0, app.size.0, app.size.1);
    let r = panel_rect(app, area);
    let n = body(app, text_width(r.width)).len() as u16;
    n.saturating_sub(r.height.saturating_sub(2))
}

/// A line with `backticked` words drawn as keys; `in_key` carries an open backtick across lines.
fn styled(line: &str, base: Style, key: Style, in_key: &mut bool) -> Line<'static> {
    let mut spans = vec![Span::raw(" ")];
    for (i, part) in line.split('`').enumerate() {
        if i > 0 {
            *in_key = !*in_key;
        }
        if !part.is_empty() {
            spans.push(Span::styled(part.to_string(), if *in_key { key } else { base }));
        }
    }
    Line::from(spans)
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let t = &app.theme;
    let (Some(lv), Some(step)) = (&app.lesson, app.lesson_step()) else { return };
    let r = panel_rect(app, area);
    f.render_widget(Clear, r);
    let lines = body(app, text_width(r.width));
    let inner_h = r.height.saturating_sub(2) as usize;
    let scroll = (lv.scroll as usize).min(lines.len().saturating_sub(inner_h));
    let mut in_key = false;
    let mut out: Vec<Line> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let line = styled(l, t.base, t.key, &mut in_key);
        if i >= scroll && out.len() < inner_h {
            out.push(line);
        }
    }
    let more = scroll + inner_h < lines.len();
    let n = lv.steps.len();
    let title = format!(" Lesson · day {} · step {}/{}: {} ", lv.day, lv.at + 1, n, step.title);
    let k = |a: Action| keymap::hint(Ctx::Lesson, a);
    let mut keys = Vec::new();
    if more {
        keys.push(Span::styled(format!(" {} ", k(Action::Move(0, 1))), t.key));
        keys.push(Span::raw("more "));
    }
    if n > 1 {
        keys.push(Span::styled(format!(" {} {} ", k(Action::Prev), k(Action::Next)), t.key));
        keys.push(Span::raw("steps "));
    }
    keys.push(Span::styled(" Enter ", t.key));
    keys.push(Span::raw("close "));
    keys.push(Span::styled(format!(" {} ", keymap::hint(Ctx::Map, Action::Lesson)), t.key));
    keys.push(Span::raw("again "));
    let block = Block::bordered()
        .title(Line::styled(title, t.title))
        .title_bottom(Line::from(keys).alignment(Alignment::Right))
        .border_style(t.key);
    f.render_widget(Paragraph::new(out).block(block), r);
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_breaks_at_spaces_and_keeps_paragraphs() {
        let w = wrap("one two three four\nfive", 9);
        assert_eq!(w, vec!["one two", "three", "four", "five"]);
        assert_eq!(wrap("abcdefghijkl", 8), vec!["abcdefgh", "ijkl"]);
        assert!(wrap("a b c", 8).iter().all(|l| l.chars().count() <= 8));
        assert_eq!(wrap("press `e` now", 11), vec!["press `e` now"], "backticks take no room");
    }
}

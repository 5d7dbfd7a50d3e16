//! The lesson panel of guided scenarios (`tutorial`): the day's steps one at a time, docked
//! at the bottom of the screen so the map above it shows the step's focus and overlay.
//!
//! The text is wrapped by the screen's lesson module, so the panel's height is exact; text
//! between backticks (`1`, `i`) is drawn as a key. While the panel is open, a map key it does
//! not use (`1`, `e`, `Tab`, …) closes it and acts on the map.

use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use crate::ui::keymap::{Action, Ctx};
use crate::ui::screen::lesson::{body, text_width};
use crate::ui::screen::play::PlayScreen;
use crate::ui::shared::Ui;

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

pub fn draw(ui: &Ui, p: &PlayScreen, f: &mut Frame, area: Rect) {
    let t = &ui.theme;
    let (Some(lv), Some(step), Some(r)) = (&p.lesson, p.lesson_step(), p.lesson_rect()) else { return };
    let r = Rect { x: area.x + r.x, y: area.y + r.y, ..r };
    f.render_widget(Clear, r);
    let lines = body(step, p.board.game().map(), p.session().viewer, text_width(r.width));
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
    let k = |a: Action| ui.keys.hint(Ctx::Lesson, a);
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
    keys.push(Span::styled(format!(" {} ", ui.keys.hint(Ctx::Map, Action::Lesson)), t.key));
    keys.push(Span::raw("again "));
    let block = Block::bordered()
        .title(Line::styled(title, t.title))
        .title_bottom(Line::from(keys).alignment(Alignment::Right))
        .border_style(t.key);
    f.render_widget(Paragraph::new(out).block(block), r);
}

//! Presenter mode's screen (the map on all of it, a caption at the bottom) and the box that
//! shows instructors' notes in the replay viewer's side panel.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::sim::map::Side;
use crate::ui::app::App;

use super::{map, side_tag};

/// Text wrapped to `width` columns at spaces (a word longer than the line is cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let (n, w) = (line.chars().count(), word.chars().count());
        if n > 0 && n + 1 + w > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.chars().count() > width {
            let head: String = line.chars().take(width).collect();
            line = line.chars().skip(width).collect();
            lines.push(head);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lines of `lines` that fit in `room`, the last one ending in "…" when some are left out.
fn fit(mut lines: Vec<String>, room: usize, width: usize) -> Vec<String> {
    if lines.len() > room {
        lines.truncate(room);
        if let Some(last) = lines.last_mut() {
            let keep: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", keep.trim_end());
        }
    }
    lines
}

/// The caption's lines for a `width`×`height` screen: the headline, then each note. It takes
/// at most a quarter of the screen (the map stays the larger part); when both do not fit, the
/// notes keep their room and the headline is cut, to one line at the least.
fn caption_lines(app: &App, width: u16, height: u16) -> Vec<Line<'static>> {
    let t = &app.theme;
    let w = width.saturating_sub(2) as usize;
    let room = ((height.saturating_sub(1) / 4) as usize).max(2);
    let mut notes: Vec<String> = Vec::new();
    for a in app.annotations_now() {
        for (k, l) in wrap(&format!("✎ {}", a.text), w.saturating_sub(2)).into_iter().enumerate() {
            notes.push(if k == 0 { l } else { format!("  {l}") });
        }
    }
    let head = wrap(&app.caption_headline(), w);
    let head = fit(head, room.saturating_sub(notes.len()).max(1), w);
    let notes = fit(notes, room - head.len(), w);
    let mut out: Vec<Line> = head.into_iter().map(|l| Line::styled(format!(" {l}"), t.title)).collect();
    out.extend(notes.into_iter().map(|l| Line::from(vec![Span::raw(" "), Span::styled(l, t.note)])));
    out
}

/// Rows the caption takes on a `width`×`height` screen: its rule and two lines or more.
pub fn caption_height(app: &App, width: u16, height: u16) -> u16 {
    1 + (caption_lines(app, width, height).len() as u16).max(2)
}

/// The overlays' key for the caption's rule: which shade is whose.
fn legend(app: &App) -> Vec<Span<'static>> {
    let t = &app.theme;
    let ov = app.overlays;
    let mono = t.is_mono();
    let mut sides: Vec<Side> = Vec::new();
    if ov.coverage_both {
        sides.extend(Side::BOTH);
    } else if let Some(s) = ov.coverage {
        sides.push(s);
    }
    let mut spans = Vec::new();
    for s in &sides {
        if mono {
            let glyphs = if *s == Side::Ua && sides.len() == 2 { "·:⋮" } else { "░▒▓" };
            spans.push(Span::styled(glyphs, Style::new().add_modifier(Modifier::BOLD)));
        } else {
            spans.push(Span::styled("  ", Style::new().bg(t.coverage_ramp[s.index()][3])));
        }
        spans.push(Span::raw(format!(" {} drones  ", side_tag(*s))));
    }
    if ov.supply {
        if mono {
            spans.push(Span::styled("!", t.bad));
            spans.push(Span::raw(" short of supply "));
        } else {
            spans.push(Span::styled("  ", Style::new().bg(t.supply_ramp[0])));
            spans.push(Span::raw(" no supply "));
        }
    }
    spans
}

/// Presenter mode: the map over the screen and the caption under it.
pub fn draw(app: &App, f: &mut Frame) {
    let t = &app.theme;
    let l = app.layout();
    map::draw(app, f, l.map);
    let mut title = vec![Span::styled(" PRESENTER ", t.title.patch(t.selected))];
    match &app.message {
        Some(m) if m.error => title.push(Span::styled(format!(" {} ", m.text), t.bad)),
        // The keys, where the legend leaves room for them.
        _ if l.log.width >= 100 => title.push(Span::styled(" . , ] [ step · p leaves ", t.dim)),
        _ => {}
    }
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title_top(Line::from(title))
        .title_top(Line::from(legend(app)).right_aligned());
    f.render_widget(Paragraph::new(caption_lines(app, l.log.width, app.size.1)).block(block), l.log);
}

/// The replay viewer's box of notes at the top of the side panel, when the day and phase shown
/// have any; returns the rest of the panel.
pub fn annotation_box(app: &App, f: &mut Frame, area: Rect) -> Rect {
    let notes = app.annotations_now();
    if notes.is_empty() || area.height < 8 {
        return area;
    }
    let t = &app.theme;
    let w = area.width.saturating_sub(2) as usize;
    let mut text: Vec<String> = Vec::new();
    for (k, a) in notes.iter().enumerate() {
        if k > 0 {
            text.push(String::new());
        }
        text.extend(wrap(&a.text, w));
    }
    // At most half the panel: the cell and unit details stay in view (presenter mode, `p`,
    // has room for a long note).
    let h = (text.len() as u16 + 2).min(area.height / 2);
    let lines: Vec<Line> = fit(text, h as usize - 2, w).into_iter().map(|l| Line::styled(l, t.note)).collect();
    let r = Rect::new(area.x, area.y, area.width, h);
    let place = match (notes.iter().find_map(|a| a.at), app.game()) {
        (Some(c), Some(g)) => format!("— {} ", g.map().place_at(c).map(|p| p.name.clone()).unwrap_or(c.to_string())),
        _ => String::new(),
    };
    let block = Block::bordered()
        .title(Line::styled(format!(" ✎ Instructor's note {place}"), t.title.patch(t.note)))
        .border_style(t.note.remove_modifier(Modifier::REVERSED));
    f.render_widget(Paragraph::new(lines).block(block), r);
    Rect::new(area.x, area.y + h, area.width, area.height - h)
}

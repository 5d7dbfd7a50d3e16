//! Presenter mode's screen (the map on all of it, a caption at the bottom) and the box that
//! shows instructors' notes in the replay viewer's side panel.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::sim::map::Side;
use crate::sim::scenario::Annotation;
use crate::ui::board::Board;
use crate::ui::caption::{self, fit, wrap};
use crate::ui::shared::Ui;
use crate::ui::theme::Theme;

use super::{map, side_tag};

/// The caption's lines, styled: the headline, then each note.
fn caption_lines(t: &Theme, b: &Board, width: u16, height: u16) -> Vec<Line<'static>> {
    let (head, notes) = caption::lines(&b.session, width, height);
    let mut out: Vec<Line> = head.into_iter().map(|l| Line::styled(format!(" {l}"), t.title)).collect();
    out.extend(notes.into_iter().map(|l| Line::from(vec![Span::raw(" "), Span::styled(l, t.note)])));
    out
}

/// The overlays' key for the caption's rule: which shade is whose.
fn legend(t: &Theme, b: &Board) -> Vec<Span<'static>> {
    let ov = b.overlays;
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
            let glyphs: String = map::MONO_COVERAGE[s.index()][1..].iter().collect();
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
pub fn draw(ui: &Ui, b: &Board, f: &mut Frame) {
    let t = &ui.theme;
    let l = b.layout();
    let notes = b.session.annotations_now();
    map::draw(ui, b, &notes, f, l.map);
    let mut title = vec![Span::styled(" PRESENTER ", t.title.patch(t.selected))];
    match &ui.message {
        Some(m) if m.error => title.push(Span::styled(format!(" {} ", m.text), t.bad)),
        // The keys, where the legend leaves room for them.
        _ if l.log.width >= 100 => title.push(Span::styled(" . , ] [ step · p leaves ", t.dim)),
        _ => {}
    }
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(t.border)
        .title_top(Line::from(title))
        .title_top(Line::from(legend(t, b)).right_aligned());
    f.render_widget(Paragraph::new(caption_lines(t, b, l.log.width, b.size.1)).block(block), l.log);
}

/// The replay viewer's box of notes at the top of the side panel, when the day and phase shown
/// have any; returns the rest of the panel.
pub fn annotation_box(ui: &Ui, b: &Board, notes: &[&Annotation], f: &mut Frame, area: Rect) -> Rect {
    if notes.is_empty() || area.height < 8 {
        return area;
    }
    let t = &ui.theme;
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
    let place = match notes.iter().find_map(|a| a.at) {
        Some(c) => format!("— {} ", b.game().map().place_at(c).map(|p| p.name.clone()).unwrap_or(c.to_string())),
        None => String::new(),
    };
    let block = Block::bordered()
        .title(Line::styled(format!(" ✎ Instructor's note {place}"), t.title.patch(t.note)))
        .border_style(t.note.remove_modifier(Modifier::REVERSED));
    f.render_widget(Paragraph::new(lines).block(block), r);
    Rect::new(area.x, area.y + h, area.width, area.height - h)
}

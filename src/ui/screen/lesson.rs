//! The lesson panel of guided scenarios (`tutorial`): which steps the day has, and the
//! panel's text wrapped word by word so its height is known before it is drawn. Text between
//! backticks (`1`, `i`) is a key and takes no room (the view draws it as a key).

use ratatui::layout::Rect;

use crate::sim::map::{Map, Side};
use crate::sim::scenario::{Lesson, LessonOverlay};

use super::super::event_words::side_tag;

/// The lesson steps being shown: the day's steps for the viewer, one at a time.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LessonView {
    pub day: u32,
    /// Indices into the scenario's `lessons`.
    pub steps: Vec<usize>,
    pub at: usize,
    /// Lines scrolled down in a long step.
    pub scroll: u16,
}

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
pub fn text_width(w: u16) -> usize {
    w.saturating_sub(4).max(8) as usize
}

/// The step's text and its footnote (focus and overlay), wrapped to `width`.
pub fn body(step: &Lesson, map: &Map, viewer: Side, width: usize) -> Vec<String> {
    let mut lines = wrap(&step.text, width);
    let mut notes = Vec::new();
    if let Some(c) = step.focus {
        let name =
            map.places.iter().filter(|p| p.cell.dist(c) <= 1).min_by_key(|p| p.cell.dist(c)).map(|p| p.name.clone());
        notes.push(match name {
            Some(n) => format!("map centred on {n}"),
            None => format!("map centred on cell {c}"),
        });
    }
    if let Some(o) = step.overlay {
        let text = match o {
            LessonOverlay::Coverage => format!("overlay: your drone coverage ({})", side_tag(viewer)),
            LessonOverlay::EnemyCoverage => {
                format!("overlay: the enemy's drone coverage ({})", side_tag(viewer.other()))
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
pub fn panel_rect(step: &Lesson, map: &Map, viewer: Side, area: Rect) -> Rect {
    let w = area.width.min(MAX_W);
    let n = body(step, map, viewer, text_width(w)).len() as u16;
    let max_h = (area.height.saturating_sub(2) * 3 / 5).max(6);
    let h = (n + 2).clamp(5, max_h).min(area.height.saturating_sub(2));
    let y = area.y + area.height.saturating_sub(1 + h);
    Rect::new(area.x, y, w, h)
}

/// How far a long step can scroll on a screen of `size`.
pub fn max_scroll(step: &Lesson, map: &Map, viewer: Side, size: (u16, u16)) -> u16 {
    let r = panel_rect(step, map, viewer, Rect::new(0, 0, size.0, size.1));
    let n = body(step, map, viewer, text_width(r.width)).len() as u16;
    n.saturating_sub(r.height.saturating_sub(2))
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

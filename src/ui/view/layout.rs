//! Where each panel goes for a terminal size and mode: computed in one place, so drawing and
//! mouse hits agree (the layout cache lives on the interface side, never in the game).

use ratatui::layout::Rect;

use crate::ui::app::{App, Mode, Zoom, MIN_SIZE};

/// The panels of the play screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScreenLayout {
    pub too_small: bool,
    pub status: Rect,
    pub map: Rect,
    pub side: Rect,
    pub log: Rect,
    pub hint: Rect,
}

impl ScreenLayout {
    pub fn compute(area: Rect, app: &App) -> ScreenLayout {
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            return ScreenLayout { too_small: true, ..Default::default() };
        }
        let (w, h) = (area.width, area.height);
        if app.presenting() && app.mode == Mode::Normal {
            // Presenter mode: the map on the whole screen, the caption (in `log`) under it.
            let cap = super::present::caption_height(app, w, h);
            // A sector narrower than the screen sits in its middle.
            let cols = app.game().map(|g| g.map().width as u16).unwrap_or(w);
            let map_w = match app.zoom {
                Zoom::Near => cols.saturating_mul(2),
                Zoom::Cell => cols,
                Zoom::Overview => w,
            }
            .min(w);
            return ScreenLayout {
                too_small: false,
                map: Rect::new(area.x + (w - map_w) / 2, area.y, map_w, h - cap),
                log: Rect::new(area.x, area.y + h - cap, w, cap),
                ..Default::default()
            };
        }
        let status = Rect::new(area.x, area.y, w, 1);
        let hint = Rect::new(area.x, area.y + h - 1, w, 1);
        let middle_h = h - 2;
        let log_h = match app.mode {
            Mode::Log | Mode::Resolution => (middle_h * 11 / 20).max(8),
            _ if h >= 48 => 12,
            _ if h >= 36 => 9,
            _ if h >= 30 => 7,
            _ => 5,
        };
        let side_w = if w >= 170 {
            52
        } else if w >= 130 {
            44
        } else if w >= 100 {
            36
        } else {
            30
        };
        let top_h = middle_h - log_h;
        let map = Rect::new(area.x, area.y + 1, w - side_w, top_h);
        let side = Rect::new(area.x + w - side_w, area.y + 1, side_w, top_h);
        let log = Rect::new(area.x, area.y + 1 + top_h, w, log_h);
        ScreenLayout { too_small: false, status, map, side, log, hint }
    }
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(area.x + (area.width - w) / 2, area.y + (area.height - h) / 2, w, h)
}

//! Where each panel goes for a terminal size: computed in one place from plain numbers, so
//! drawing, scrolling and mouse hits agree. It knows nothing of the screens' state (the layout
//! cache lives on the interface side, never in the game).

use ratatui::layout::Rect;

/// The smallest terminal the interface is laid out for.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// How a screen with a map arranges it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrangement {
    /// Status bar, map, side panel, log (`tall_log`: the log or the day's resolution has the
    /// focus and more rows), hint bar.
    Panels { tall_log: bool },
    /// Presenter mode: the map on the whole screen, `map_cols` wide at most (a sector narrower
    /// than the screen sits in its middle), and a caption of `caption` rows under it.
    Presenter { map_cols: u16, caption: u16 },
}

/// The panels of the play screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScreenLayout {
    pub too_small: bool,
    pub status: Rect,
    pub map: Rect,
    pub side: Rect,
    /// The log, the resolution, or presenter mode's caption.
    pub log: Rect,
    pub hint: Rect,
}

impl ScreenLayout {
    pub fn compute(area: Rect, arrangement: Arrangement) -> ScreenLayout {
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            return ScreenLayout { too_small: true, ..Default::default() };
        }
        let (w, h) = (area.width, area.height);
        let tall_log = match arrangement {
            Arrangement::Presenter { map_cols, caption } => {
                let map_w = map_cols.min(w);
                return ScreenLayout {
                    too_small: false,
                    map: Rect::new(area.x + (w - map_w) / 2, area.y, map_w, h - caption),
                    log: Rect::new(area.x, area.y + h - caption, w, caption),
                    ..Default::default()
                };
            }
            Arrangement::Panels { tall_log } => tall_log,
        };
        let status = Rect::new(area.x, area.y, w, 1);
        let hint = Rect::new(area.x, area.y + h - 1, w, 1);
        let middle_h = h - 2;
        let log_h = match () {
            _ if tall_log => (middle_h * 11 / 20).max(8),
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

/// Cells per character in the overview (columns, rows) so the whole map fits `area`.
pub fn overview_scale(area: Rect, w: i16, h: i16) -> (u16, u16) {
    let kx = (w as u16).div_ceil(area.width.max(1)).max(1);
    let ky = (h as u16).div_ceil(area.height.max(1)).max(1);
    (kx, ky)
}

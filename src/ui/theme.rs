//! Colours and styles of the interface, as one struct of styles chosen once at start.
//!
//! Three palettes: the standard one (red for Russia, blue for Ukraine), a colour-blind-safe
//! one (Okabe–Ito orange and sky blue, which differ in lightness too) and a monochrome one
//! used when `NO_COLOR` is set. Every colour is given as RGB and lowered to the 256- or
//! 16-colour palette when `COLORTERM` does not announce true colour. A side is never told
//! by colour alone: the map writes Russian units in lower case and Ukrainian ones in upper
//! case, and the interface always names the side in text.

use ratatui::style::{Color, Modifier, Style};

use crate::sim::map::{Side, Terrain};

/// How many colours the terminal can show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorDepth {
    TrueColor,
    Ansi256,
    Ansi16,
    /// `NO_COLOR`: attributes (bold, reverse, underline) and glyphs only.
    None,
}

impl ColorDepth {
    /// Reads `NO_COLOR`, `COLORTERM` and `TERM` as the conventions say.
    pub fn detect() -> ColorDepth {
        Self::from_env(
            std::env::var("NO_COLOR").ok().as_deref(),
            std::env::var("COLORTERM").ok().as_deref(),
            std::env::var("TERM").ok().as_deref(),
        )
    }
    pub fn from_env(no_color: Option<&str>, colorterm: Option<&str>, term: Option<&str>) -> ColorDepth {
        if no_color.is_some_and(|v| !v.is_empty()) {
            return ColorDepth::None;
        }
        let ct = colorterm.unwrap_or("").to_ascii_lowercase();
        if ct.contains("truecolor") || ct.contains("24bit") {
            return ColorDepth::TrueColor;
        }
        let t = term.unwrap_or("").to_ascii_lowercase();
        if t.contains("256") {
            ColorDepth::Ansi256
        } else {
            ColorDepth::Ansi16
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            ColorDepth::TrueColor => "true colour",
            ColorDepth::Ansi256 => "256 colours",
            ColorDepth::Ansi16 => "16 colours",
            ColorDepth::None => "no colour",
        }
    }
}

/// Which palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    Standard,
    ColourBlind,
    Mono,
}

impl Palette {
    pub fn name(self) -> &'static str {
        match self {
            Palette::Standard => "standard",
            Palette::ColourBlind => "colour-blind safe",
            Palette::Mono => "monochrome",
        }
    }
}

/// Every style the views use.
#[derive(Clone, Debug)]
pub struct Theme {
    pub palette: Palette,
    pub depth: ColorDepth,
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub border: Style,
    pub key: Style,
    pub selected: Style,
    pub good: Style,
    pub bad: Style,
    pub warn: Style,
    /// Unit glyphs of each side (index by `Side::index`).
    pub side: [Style; 2],
    pub side_color: [Color; 2],
    pub terrain: [Style; 5],
    pub road: Style,
    pub highway: Style,
    pub rail: Style,
    pub river: Style,
    pub treeline: Style,
    pub spoil: Style,
    pub town: Style,
    pub front: Style,
    pub cursor: Style,
    pub planned: Style,
    pub event: Style,
    /// Instructors' notes: their box, caption line and mark on the map.
    pub note: Style,
    /// The tint of the cells a drone sector or interdiction being chosen would cover.
    pub preview: Color,
    /// Background tint of ground held by each side (control overlay).
    pub control: [Color; 2],
    /// Low → high intensity ramps for the overlays.
    pub coverage_ramp: [[Color; 4]; 2],
    pub supply_ramp: [Color; 4],
    pub sight_ramp: [Color; 4],
}

fn rgb_to_256(r: u8, g: u8, b: u8) -> u8 {
    // Greys get the grey ramp; everything else the 6x6x6 cube.
    if r.abs_diff(g) < 10 && g.abs_diff(b) < 10 {
        let v = (r as u16 + g as u16 + b as u16) / 3;
        if v < 8 {
            return 16;
        }
        if v > 238 {
            return 231;
        }
        return 232 + ((v - 8) * 24 / 231) as u8;
    }
    let q = |c: u8| -> u8 {
        if c < 48 {
            0
        } else if c < 115 {
            1
        } else {
            (c - 35) / 40
        }
    };
    16 + 36 * q(r) + 6 * q(g) + q(b)
}

/// A colour at the terminal's depth: `rgb` where it can, else the nearest 256 index, else `ansi`.
fn col(depth: ColorDepth, rgb: (u8, u8, u8), ansi: Color) -> Color {
    match depth {
        ColorDepth::TrueColor => Color::Rgb(rgb.0, rgb.1, rgb.2),
        ColorDepth::Ansi256 => Color::Indexed(rgb_to_256(rgb.0, rgb.1, rgb.2)),
        ColorDepth::Ansi16 => ansi,
        ColorDepth::None => Color::Reset,
    }
}

impl Theme {
    /// The theme for this terminal: monochrome under `NO_COLOR`, else the standard palette.
    pub fn detect() -> Theme {
        let depth = ColorDepth::detect();
        Theme::new(if depth == ColorDepth::None { Palette::Mono } else { Palette::Standard }, depth)
    }

    pub fn new(palette: Palette, depth: ColorDepth) -> Theme {
        let depth = if palette == Palette::Mono { ColorDepth::None } else { depth };
        let c = |rgb: (u8, u8, u8), ansi: Color| col(depth, rgb, ansi);
        let fg = |rgb, ansi| Style::new().fg(c(rgb, ansi));
        let bold = Modifier::BOLD;
        let (ru, ua) = match palette {
            Palette::ColourBlind => (c((230, 159, 0), Color::Yellow), c((86, 180, 233), Color::LightCyan)),
            _ => (c((255, 95, 95), Color::LightRed), c((110, 160, 255), Color::LightBlue)),
        };
        let (ru_bg, ua_bg) = match palette {
            Palette::ColourBlind => (c((70, 50, 10), Color::Yellow), c((15, 45, 75), Color::Cyan)),
            _ => (c((70, 20, 20), Color::Red), c((20, 30, 80), Color::Blue)),
        };
        let terrain_bg = |t: Terrain| match t {
            Terrain::Open => c((52, 50, 34), Color::Reset),
            Terrain::Farmland => c((34, 44, 26), Color::Reset),
            Terrain::Forest => c((16, 50, 22), Color::Green),
            Terrain::Urban => c((58, 58, 62), Color::DarkGray),
            Terrain::Water => c((18, 40, 90), Color::Blue),
        };
        let terrain_fg = |t: Terrain| match t {
            Terrain::Open => c((120, 115, 80), Color::Yellow),
            Terrain::Farmland => c((90, 110, 70), Color::Green),
            Terrain::Forest => c((60, 140, 70), Color::LightGreen),
            Terrain::Urban => c((170, 170, 175), Color::Gray),
            Terrain::Water => c((110, 150, 230), Color::LightBlue),
        };
        let terrain = Terrain::ALL.map(|t| Style::new().fg(terrain_fg(t)).bg(terrain_bg(t)));
        let mono = depth == ColorDepth::None;
        let ramp = |a: (u8, u8, u8), b: (u8, u8, u8), ansi: [Color; 4]| -> [Color; 4] {
            let mix = |k: f32| {
                let m = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * k) as u8;
                (m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
            };
            [c(mix(0.0), ansi[0]), c(mix(0.33), ansi[1]), c(mix(0.66), ansi[2]), c(mix(1.0), ansi[3])]
        };
        let cov_ru = match palette {
            Palette::ColourBlind => {
                ramp((60, 40, 0), (200, 120, 0), [Color::DarkGray, Color::Yellow, Color::Yellow, Color::LightYellow])
            }
            _ => ramp((60, 10, 10), (190, 30, 30), [Color::DarkGray, Color::Red, Color::Red, Color::LightRed]),
        };
        let cov_ua = match palette {
            Palette::ColourBlind => {
                ramp((10, 40, 70), (40, 130, 220), [Color::DarkGray, Color::Cyan, Color::Cyan, Color::LightCyan])
            }
            _ => ramp((15, 20, 70), (40, 70, 220), [Color::DarkGray, Color::Blue, Color::Blue, Color::LightBlue]),
        };
        let supply_ramp = match palette {
            // Cut (dark magenta) to full (teal): no red/green pair.
            Palette::ColourBlind => {
                ramp((90, 0, 70), (0, 120, 110), [Color::Magenta, Color::Magenta, Color::Cyan, Color::Cyan])
            }
            _ => ramp((110, 20, 20), (20, 100, 40), [Color::Red, Color::Yellow, Color::Green, Color::Green]),
        };
        let sight_ramp =
            ramp((20, 20, 20), (90, 90, 60), [Color::Black, Color::DarkGray, Color::DarkGray, Color::Gray]);
        Theme {
            palette,
            depth,
            base: Style::new(),
            dim: if mono { Style::new().add_modifier(Modifier::DIM) } else { fg((140, 140, 140), Color::DarkGray) },
            title: Style::new().add_modifier(bold),
            border: fg((100, 100, 110), Color::DarkGray),
            key: fg((255, 215, 95), Color::Yellow).add_modifier(bold),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            good: fg((120, 210, 120), Color::Green).add_modifier(if mono { Modifier::empty() } else { bold }),
            bad: fg((255, 110, 110), Color::LightRed).add_modifier(bold),
            warn: fg((255, 200, 80), Color::Yellow),
            side: [Style::new().fg(ru).add_modifier(bold), Style::new().fg(ua).add_modifier(bold)],
            side_color: [if mono { Color::Reset } else { ru }, if mono { Color::Reset } else { ua }],
            terrain,
            road: fg((200, 180, 140), Color::Gray),
            highway: fg((240, 220, 160), Color::White).add_modifier(bold),
            rail: fg((180, 160, 200), Color::Magenta),
            river: fg((100, 170, 255), Color::LightBlue),
            treeline: fg((80, 160, 80), Color::Green),
            spoil: fg((200, 170, 120), Color::Yellow).add_modifier(bold),
            town: fg((255, 255, 255), Color::White).add_modifier(bold),
            front: Style::new().fg(c((255, 200, 60), Color::Yellow)).bg(c((90, 70, 20), Color::Reset)),
            cursor: Style::new().add_modifier(Modifier::REVERSED | bold),
            planned: Style::new().fg(c((255, 255, 120), Color::LightYellow)).add_modifier(bold | Modifier::UNDERLINED),
            event: Style::new()
                .fg(c((255, 255, 255), Color::White))
                .bg(c((150, 0, 150), Color::Magenta))
                .add_modifier(bold),
            note: Style::new()
                .fg(c((20, 20, 20), Color::Black))
                .bg(c((255, 215, 95), Color::Yellow))
                .add_modifier(bold | if mono { Modifier::REVERSED } else { Modifier::empty() }),
            preview: c((70, 70, 110), Color::DarkGray),
            control: [ru_bg, ua_bg],
            coverage_ramp: [cov_ru, cov_ua],
            supply_ramp,
            sight_ramp,
        }
    }

    pub fn is_mono(&self) -> bool {
        self.depth == ColorDepth::None
    }

    /// The next palette in the `T` cycle (monochrome stays monochrome under `NO_COLOR`).
    pub fn cycled(&self, no_color: bool) -> Theme {
        if no_color {
            return self.clone();
        }
        let depth = if self.depth == ColorDepth::None { ColorDepth::detect() } else { self.depth };
        let depth = if depth == ColorDepth::None { ColorDepth::Ansi16 } else { depth };
        let next = match self.palette {
            Palette::Standard => Palette::ColourBlind,
            Palette::ColourBlind => Palette::Mono,
            Palette::Mono => Palette::Standard,
        };
        Theme::new(next, depth)
    }

    pub fn side_style(&self, s: Side) -> Style {
        self.side[s.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_depth_follows_the_conventions() {
        assert_eq!(ColorDepth::from_env(Some("1"), Some("truecolor"), None), ColorDepth::None);
        assert_eq!(ColorDepth::from_env(Some(""), Some("truecolor"), None), ColorDepth::TrueColor);
        assert_eq!(ColorDepth::from_env(None, Some("24bit"), Some("xterm")), ColorDepth::TrueColor);
        assert_eq!(ColorDepth::from_env(None, None, Some("screen-256color")), ColorDepth::Ansi256);
        assert_eq!(ColorDepth::from_env(None, None, Some("xterm")), ColorDepth::Ansi16);
    }

    #[test]
    fn greys_and_colours_map_into_the_256_palette() {
        assert_eq!(rgb_to_256(0, 0, 0), 16);
        assert_eq!(rgb_to_256(255, 0, 0), 196);
        assert!((232..=255).contains(&rgb_to_256(128, 128, 128)));
    }
}

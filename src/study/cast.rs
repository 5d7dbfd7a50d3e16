//! A replay as an asciicast (asciinema's v2 format): the record is opened in the interface's
//! replay viewer on a headless `TestBackend`, stepped a day at a time as a person would with
//! `]`, and each screen is written as one frame of ANSI output, so asciinema's player shows
//! exactly what the viewer shows.
//!
//! The file is a JSON header line (`version`, `width`, `height`, `title`, `env`) and one
//! `[seconds, "o", text]` line per frame: day 0, then every day of the record.

use std::fmt::Write as _;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;

use crate::study::record::RecordFile;
use crate::ui::app::{App, Msg};
use crate::ui::theme::{ColorDepth, Palette, Theme};

/// How the cast is drawn and paced.
#[derive(Clone, Copy, Debug)]
pub struct CastOptions {
    pub width: u16,
    pub height: u16,
    /// Seconds each day stays on screen.
    pub seconds_per_day: f64,
    /// A game still going is cast as one side saw it: this side (default: its human player),
    /// unless `reveal` (see `report::reader_of`).
    pub side: Option<crate::sim::map::Side>,
    pub reveal: bool,
}

impl Default for CastOptions {
    fn default() -> Self {
        CastOptions { width: 120, height: 36, seconds_per_day: 1.5, side: None, reveal: false }
    }
}

/// The asciicast of a record (`file` is how the viewer names it).
pub fn cast(rec: RecordFile, file: &str, o: CastOptions) -> Result<String, String> {
    if o.width < 80 || o.height < 24 {
        return Err(format!("a cast needs at least 80×24 cells (the viewer's smallest), not {}×{}", o.width, o.height));
    }
    let days = rec.days.len();
    let title = format!("attrition: {} (seed {}), {days} days", rec.scenario, rec.seed);
    let mut app = App::new_replay(rec, file, o.side, o.reveal, Theme::new(Palette::Standard, ColorDepth::TrueColor))?;
    app.update(Msg::Resize(o.width, o.height));
    let mut term = Terminal::new(TestBackend::new(o.width, o.height)).map_err(|e| e.to_string())?;
    let header = serde_json::json!({
        "version": 2,
        "width": o.width,
        "height": o.height,
        "title": title,
        "env": {"TERM": "xterm-256color", "SHELL": "/bin/sh"},
    });
    let mut out = format!("{header}\n");
    for day in 0..=days {
        if day > 0 {
            app.update(Msg::Key(crossterm::event::KeyEvent::new(
                crossterm::event::KeyCode::Char(']'),
                crossterm::event::KeyModifiers::NONE,
            )));
        }
        term.draw(|f| crate::ui::view::draw(&app, f)).map_err(|e| e.to_string())?;
        let mut frame = String::from(if day == 0 { "\u{1b}[2J\u{1b}[H" } else { "\u{1b}[H" });
        frame.push_str(&ansi(term.backend().buffer()));
        let event = serde_json::json!([day as f64 * o.seconds_per_day, "o", frame]);
        out.push_str(&event.to_string());
        out.push('\n');
    }
    Ok(out)
}

/// A colour as the SGR parameters that set it (foreground, or background with `bg`).
fn sgr_colour(c: Color, bg: bool) -> String {
    let base = if bg { 40 } else { 30 };
    let bright = if bg { 100 } else { 90 };
    match c {
        Color::Reset => format!("{}", base + 9),
        Color::Black => format!("{base}"),
        Color::Red => format!("{}", base + 1),
        Color::Green => format!("{}", base + 2),
        Color::Yellow => format!("{}", base + 3),
        Color::Blue => format!("{}", base + 4),
        Color::Magenta => format!("{}", base + 5),
        Color::Cyan => format!("{}", base + 6),
        Color::Gray => format!("{}", base + 7),
        Color::DarkGray => format!("{bright}"),
        Color::LightRed => format!("{}", bright + 1),
        Color::LightGreen => format!("{}", bright + 2),
        Color::LightYellow => format!("{}", bright + 3),
        Color::LightBlue => format!("{}", bright + 4),
        Color::LightMagenta => format!("{}", bright + 5),
        Color::LightCyan => format!("{}", bright + 6),
        Color::White => format!("{}", bright + 7),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
    }
}

/// A screen as ANSI text: rows joined by CR LF, a style change only where the style changes.
pub fn ansi(buf: &Buffer) -> String {
    let mut s = String::new();
    let area = buf.area;
    for y in 0..area.height {
        if y > 0 {
            s.push_str("\r\n");
        }
        let mut last = None;
        let mut skip = 0usize;
        for x in 0..area.width {
            let c = &buf[(area.x + x, area.y + y)];
            if skip > 0 {
                // The cells a wide character covers.
                skip -= 1;
                continue;
            }
            let style = (c.fg, c.bg, c.modifier);
            if last != Some(style) {
                let mut p = vec!["0".to_string()];
                for (m, code) in [
                    (Modifier::BOLD, "1"),
                    (Modifier::DIM, "2"),
                    (Modifier::ITALIC, "3"),
                    (Modifier::UNDERLINED, "4"),
                    (Modifier::REVERSED, "7"),
                ] {
                    if c.modifier.contains(m) {
                        p.push(code.into());
                    }
                }
                p.push(sgr_colour(c.fg, false));
                p.push(sgr_colour(c.bg, true));
                let _ = write!(s, "\u{1b}[{}m", p.join(";"));
                last = Some(style);
            }
            let sym = c.symbol();
            s.push_str(if sym.is_empty() { " " } else { sym });
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
    }
    s.push_str("\u{1b}[0m");
    s
}

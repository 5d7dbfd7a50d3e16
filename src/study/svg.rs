//! Pictures for slides: a what-if's box plots and shares of wins, a day report's charts, and
//! any screen of the interface, as SVG files that stay readable when projected (large type,
//! a title, named axes with units, each side told apart by its line's dash as well as colour).
//!
//! The interface calls [`whatif_charts`], [`report_charts`] and [`terminal`] (a ratatui
//! `Buffer`, e.g. the presenter view, drawn as a grid of coloured monospaced cells); the
//! command line writes them with [`write_all`].

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use super::report::Report;
use super::whatif::{MeasureId, Summary};

/// One SVG file: its name (no folder) and its text.
pub type Picture = (String, String);

const W: f64 = 1280.0;
const FONT: &str = "DejaVu Sans, Verdana, Arial, sans-serif";
const MONO: &str = "DejaVu Sans Mono, Menlo, Consolas, monospace";
/// Russia and Ukraine: colour-blind safe (Okabe–Ito vermillion and blue); Ukraine's lines are
/// also dashed, so a grey-scale projector still tells them apart.
const RU: &str = "#D55E00";
const UA: &str = "#0072B2";
const INK: &str = "#222222";
const GRID: &str = "#CCCCCC";

/// Text made safe for XML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A file name made of letters, digits, `-`, `_` and `.`.
fn file_name(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || "-_.".contains(c) { c } else { '_' }).collect()
}

/// Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10ⁿ, about `n` of them.
pub fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if !lo.is_finite() || !hi.is_finite() {
        return vec![0.0, 1.0];
    }
    let (lo, hi) = if hi - lo < 1e-9 { (lo - 1.0, hi + 1.0) } else { (lo, hi) };
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let first = (lo / step).floor() * step;
    let mut t = Vec::new();
    let mut x = first;
    while x <= hi + step * 0.5 && t.len() < 50 {
        t.push(if x.abs() < step * 1e-9 { 0.0 } else { x });
        x += step;
    }
    t
}

fn num(x: f64) -> String {
    if x.abs() >= 100.0 || x.fract().abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The opening of an SVG document with a white page and a title.
fn open(h: f64, title: &str, subtitle: &str) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{h}\" viewBox=\"0 0 {W} {h}\" font-family=\"{FONT}\">\n<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
        escape(title)
    );
    let _ = writeln!(
        s,
        "<text x=\"40\" y=\"52\" font-size=\"34\" font-weight=\"bold\" fill=\"{INK}\">{}</text>",
        escape(title)
    );
    if !subtitle.is_empty() {
        let _ = writeln!(s, "<text x=\"40\" y=\"88\" font-size=\"20\" fill=\"#555555\">{}</text>", escape(subtitle));
    }
    s
}

/// A horizontal value axis from `x0` to `x1` at height `y`, with ticks and a label.
fn x_axis(s: &mut String, ticks: &[f64], scale: &dyn Fn(f64) -> f64, y: f64, top: f64, label: &str) {
    for &t in ticks {
        let x = scale(t);
        let _ = writeln!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{top:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>"
        );
        let _ = writeln!(
            s,
            "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"20\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
            y + 26.0,
            num(t)
        );
    }
    let (a, b) = (scale(ticks[0]), scale(*ticks.last().unwrap_or(&ticks[0])));
    let _ = writeln!(
        s,
        "<line x1=\"{a:.1}\" y1=\"{y:.1}\" x2=\"{b:.1}\" y2=\"{y:.1}\" stroke=\"{INK}\" stroke-width=\"2\"/>"
    );
    let _ = writeln!(
        s,
        "<text class=\"axis-x\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"22\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
        (a + b) / 2.0,
        y + 56.0,
        escape(label)
    );
}

/// A measure's axis: its name with its unit (once; a name ending in brackets has it).
fn axis_label(m: MeasureId) -> String {
    if m.name().ends_with(')') {
        m.name().to_string()
    } else {
        format!("{} ({})", m.name(), unit(m))
    }
}

/// A row's name, right-aligned before its bars.
fn row_label(s: &mut String, x: f64, y: f64, text: &str) {
    let _ = writeln!(
        s,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"24\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
        escape(text)
    );
}

/// The unit a what-if measure is counted in.
fn unit(m: MeasureId) -> &'static str {
    match m {
        MeasureId::GroundRu | MeasureId::GroundUa => "km²",
        MeasureId::PersonnelRu
        | MeasureId::PersonnelUa
        | MeasureId::DronesRu
        | MeasureId::DronesUa
        | MeasureId::FiresRu
        | MeasureId::FiresUa
        | MeasureId::AssaultRu
        | MeasureId::AssaultUa
        | MeasureId::CollapseRu
        | MeasureId::CollapseUa => "soldiers",
        MeasureId::VehiclesRu | MeasureId::VehiclesUa => "vehicles",
        MeasureId::Days => "days",
    }
}

/// A what-if study as pictures: one box plot per measure (whiskers 10–90%, box 25–75%, the
/// median marked, min and max as dots, the paired difference and its 95% interval beneath),
/// and the share of wins.
pub fn whatif_charts(sum: &Summary, scenario: &str) -> Vec<Picture> {
    let mut out = Vec::new();
    let key = sum.labels.first().and_then(|l| l.split_once('=')).map(|l| l.0).unwrap_or("");
    let subtitle = format!(
        "{scenario} · varying {key} · {} seeds per value (from seed {}) · percentiles type 7",
        sum.runs, sum.first_seed
    );
    for m in &sum.measures {
        let rows = sum.labels.len() as f64;
        let (left, right, top) = (300.0, W - 60.0, 130.0);
        let row_h = 70.0;
        let axis_y = top + rows * row_h + 10.0;
        // Each difference takes two lines: the figures, then the verdict (one line of both runs
        // past the page's width at 20 px).
        let h = axis_y + 80.0 + 64.0 * m.differences.len() as f64 + 20.0;
        let lo = m.stats.iter().map(|s| s.min).fold(f64::INFINITY, f64::min);
        let hi = m.stats.iter().map(|s| s.max).fold(f64::NEG_INFINITY, f64::max);
        let t = ticks(lo, hi, 6);
        let (t0, t1) = (t[0], *t.last().unwrap_or(&t[0]));
        let span = if t1 > t0 { t1 - t0 } else { 1.0 };
        let scale = move |v: f64| left + (v - t0) / span * (right - left);
        // The axis names a cause in full; the title stays short enough for the page.
        let title = format!("{} — by value of {key}", m.id.short_name());
        let mut s = open(h, &title, &subtitle);
        x_axis(&mut s, &t, &scale, axis_y, top - 10.0, &axis_label(m.id));
        for (i, (label, st)) in sum.labels.iter().zip(&m.stats).enumerate() {
            let cy = top + i as f64 * row_h + row_h / 2.0;
            let colour = if i == 0 { "#777777" } else { "#009E73" };
            row_label(&mut s, left - 20.0, cy + 8.0, label.split_once('=').map(|l| l.1).unwrap_or(label));
            if st.n == 0 {
                continue;
            }
            let _ = writeln!(
                s,
                "<line x1=\"{:.1}\" y1=\"{cy:.1}\" x2=\"{:.1}\" y2=\"{cy:.1}\" stroke=\"{INK}\" stroke-width=\"3\"/>",
                scale(st.p10),
                scale(st.p90)
            );
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"40\" fill=\"{colour}\" fill-opacity=\"0.45\" stroke=\"{INK}\" stroke-width=\"2\"/>",
                scale(st.p25),
                cy - 20.0,
                (scale(st.p75) - scale(st.p25)).max(2.0)
            );
            let _ = writeln!(
                s,
                "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"{INK}\" stroke-width=\"5\"/>",
                cy - 24.0,
                cy + 24.0,
                x = scale(st.median)
            );
            for v in [st.min, st.max] {
                let _ = writeln!(s, "<circle cx=\"{:.1}\" cy=\"{cy:.1}\" r=\"5\" fill=\"{INK}\"/>", scale(v));
            }
        }
        for (k, d) in m.differences.iter().enumerate() {
            let text = d.verdict();
            // "… seeds): the interval …" splits after the figures' bracket.
            let lines: Vec<&str> = match text.rsplit_once("): ") {
                Some((figures, words)) => vec![figures, words],
                None => vec![text.as_str()],
            };
            for (l, line) in lines.iter().enumerate() {
                let line = match (l, lines.len()) {
                    (0, 1) => line.to_string(),
                    (0, _) => format!("{line}):"),
                    _ => format!("  {line}"),
                };
                let _ = writeln!(
                    s,
                    "<text x=\"40\" y=\"{:.1}\" font-size=\"20\" fill=\"{INK}\">{}</text>",
                    axis_y + 90.0 + 64.0 * k as f64 + 28.0 * l as f64,
                    escape(line.trim_end())
                );
            }
        }
        s.push_str("</svg>\n");
        out.push((file_name(&format!("whatif-{}.svg", slug(m.id))), s));
    }
    // Shares of wins: a stacked bar per value.
    let (left, right, top, row_h) = (300.0, W - 60.0, 160.0, 70.0);
    let axis_y = top + sum.labels.len() as f64 * row_h;
    let h = axis_y + 90.0;
    let mut s = open(h, &format!("Share of wins — by value of {key}"), &subtitle);
    let scale = |v: f64| left + v / 100.0 * (right - left);
    let legend = [("Russia", RU), ("Ukraine", UA), ("neither", "#BBBBBB")];
    for (i, (name, c)) in legend.iter().enumerate() {
        let x = left + i as f64 * 220.0;
        let _ = writeln!(s, "<rect x=\"{x:.1}\" y=\"112\" width=\"26\" height=\"22\" fill=\"{c}\"/>");
        let _ = writeln!(s, "<text x=\"{:.1}\" y=\"131\" font-size=\"22\" fill=\"{INK}\">{name}</text>", x + 34.0);
    }
    x_axis(&mut s, &[0.0, 20.0, 40.0, 60.0, 80.0, 100.0], &scale, axis_y, top - 10.0, "share of runs (%)");
    for (i, (label, w)) in sum.labels.iter().zip(&sum.wins).enumerate() {
        let cy = top + i as f64 * row_h + row_h / 2.0;
        row_label(&mut s, left - 20.0, cy + 8.0, label.split_once('=').map(|l| l.1).unwrap_or(label));
        let mut at = 0.0;
        for (share, (name, c)) in [w.ru, w.ua, w.neither].into_iter().zip(legend) {
            let _ = writeln!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"44\" fill=\"{c}\"><title>{name} {share:.1}%</title></rect>",
                scale(at),
                cy - 22.0,
                scale(at + share) - scale(at)
            );
            at += share;
        }
    }
    s.push_str("</svg>\n");
    out.push(("whatif-wins.svg".into(), s));
    out
}

fn slug(m: MeasureId) -> &'static str {
    match m {
        MeasureId::GroundRu => "ground-ru",
        MeasureId::GroundUa => "ground-ua",
        MeasureId::PersonnelRu => "personnel-lost-ru",
        MeasureId::PersonnelUa => "personnel-lost-ua",
        MeasureId::DronesRu => "personnel-lost-drones-ru",
        MeasureId::DronesUa => "personnel-lost-drones-ua",
        MeasureId::FiresRu => "personnel-lost-fires-ru",
        MeasureId::FiresUa => "personnel-lost-fires-ua",
        MeasureId::AssaultRu => "personnel-lost-assault-ru",
        MeasureId::AssaultUa => "personnel-lost-assault-ua",
        MeasureId::CollapseRu => "personnel-lost-collapse-ru",
        MeasureId::CollapseUa => "personnel-lost-collapse-ua",
        MeasureId::VehiclesRu => "vehicles-lost-ru",
        MeasureId::VehiclesUa => "vehicles-lost-ua",
        MeasureId::Days => "days",
    }
}

/// A line chart of one figure per side over the days.
fn timeline(title: &str, subtitle: &str, y_label: &str, days: &[u32], series: [Vec<f64>; 2]) -> String {
    let (left, right, top, bottom) = (140.0, W - 60.0, 150.0, 620.0);
    let h = bottom + 100.0;
    let mut s = open(h, title, subtitle);
    let dmax = days.last().copied().unwrap_or(1).max(1) as f64;
    let lo = series.iter().flatten().copied().fold(f64::INFINITY, f64::min).min(0.0);
    let hi = series.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
    let yt = ticks(lo, if hi > lo { hi } else { lo + 1.0 }, 5);
    let (y0, y1) = (yt[0], *yt.last().unwrap_or(&yt[0]));
    let ys = |v: f64| bottom - (v - y0) / (y1 - y0).max(1e-9) * (bottom - top);
    let xt = ticks(0.0, dmax, 8);
    let xs = |d: f64| left + d / xt.last().copied().unwrap_or(dmax).max(1.0) * (right - left);
    x_axis(&mut s, &xt, &xs, bottom, top, "day");
    for &t in &yt {
        let y = ys(t);
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{y:.1}\" x2=\"{right}\" y2=\"{y:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>"
        );
        let _ = writeln!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"20\" text-anchor=\"end\" fill=\"{INK}\">{}</text>",
            left - 12.0,
            y + 7.0,
            num(t)
        );
    }
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"{INK}\" stroke-width=\"2\"/>"
    );
    let _ = writeln!(
        s,
        "<text class=\"axis-y\" x=\"34\" y=\"{:.1}\" font-size=\"22\" text-anchor=\"middle\" fill=\"{INK}\" transform=\"rotate(-90 34 {:.1})\">{}</text>",
        (top + bottom) / 2.0,
        (top + bottom) / 2.0,
        escape(y_label)
    );
    for (k, (name, colour, dash)) in
        [("Russia", RU, ""), ("Ukraine", UA, " stroke-dasharray=\"14 8\"")].iter().enumerate()
    {
        let pts: Vec<String> =
            days.iter().zip(&series[k]).map(|(d, v)| format!("{:.1},{:.1}", xs(*d as f64), ys(*v))).collect();
        let _ = writeln!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"4\"{dash}/>",
            pts.join(" ")
        );
        let lx = left + 20.0 + k as f64 * 220.0;
        let _ = writeln!(
            s,
            "<line x1=\"{lx:.1}\" y1=\"116\" x2=\"{:.1}\" y2=\"116\" stroke=\"{colour}\" stroke-width=\"4\"{dash}/>",
            lx + 50.0
        );
        let _ = writeln!(s, "<text x=\"{:.1}\" y=\"124\" font-size=\"22\" fill=\"{INK}\">{name}</text>", lx + 60.0);
    }
    s.push_str("</svg>\n");
    s
}

/// A day report's charts: ground, losses, supply and will over the days, and the losses by
/// cause of each side.
pub fn report_charts(r: &Report) -> Vec<Picture> {
    let days: Vec<u32> = r.timeline.iter().map(|d| d.day).collect();
    let sub = format!("{} · seed {} · {} days", r.title, r.seed, r.days);
    let pick = |f: &dyn Fn(&crate::sim::DayStats, usize) -> f64| -> [Vec<f64>; 2] {
        [0, 1].map(|i| r.timeline.iter().map(|d| f(d, i)).collect())
    };
    let mut out = vec![
        (
            "report-ground.svg".to_string(),
            timeline("Ground gained", &sub, "ground gained (km²)", &days, pick(&|d, i| d.ground_km2[i])),
        ),
        (
            "report-losses.svg".to_string(),
            timeline(
                "Personnel lost, so far",
                &sub,
                "personnel lost (soldiers)",
                &days,
                pick(&|d, i| d.losses[i] as f64),
            ),
        ),
        (
            "report-supply.svg".to_string(),
            timeline("Supply reaching the units", &sub, "mean supply (%)", &days, pick(&|d, i| d.supply[i] * 100.0)),
        ),
        (
            "report-will.svg".to_string(),
            timeline("Will to fight", &sub, "will (0–100)", &days, pick(&|d, i| d.will[i])),
        ),
    ];
    // Losses by cause: a pair of bars per cause.
    let causes = ["drones", "exposure", "fires", "assault", "collapse"];
    let by = |l: &super::rows::ByCause| [l.drones, l.exposure, l.fires, l.assault, l.collapse];
    let (ru, ua) = (by(&r.losses.ru.by_cause), by(&r.losses.ua.by_cause));
    // Room at the right for the longest bar's figure ("RU 12345").
    let (left, right, top, group) = (220.0, W - 120.0, 150.0, 90.0);
    let axis_y = top + causes.len() as f64 * group;
    let mut s = open(axis_y + 90.0, "Personnel lost by cause", &sub);
    let hi = ru.iter().chain(&ua).copied().max().unwrap_or(0).max(1) as f64;
    let t = ticks(0.0, hi, 6);
    let tmax = *t.last().unwrap_or(&hi);
    let scale = |v: f64| left + v / tmax.max(1.0) * (right - left);
    x_axis(&mut s, &t, &scale, axis_y, top - 10.0, "personnel lost (soldiers)");
    for (i, c) in causes.iter().enumerate() {
        let y = top + i as f64 * group;
        row_label(&mut s, left - 16.0, y + 48.0, c);
        for (k, (v, colour, pattern)) in [(ru[i], RU, ""), (ua[i], UA, " stroke-dasharray=\"8 5\"")].iter().enumerate()
        {
            let by = y + 12.0 + k as f64 * 34.0;
            let _ = writeln!(
                s,
                "<rect x=\"{left}\" y=\"{by:.1}\" width=\"{:.1}\" height=\"30\" fill=\"{colour}\" stroke=\"{INK}\" stroke-width=\"2\"{pattern}/>",
                scale(*v as f64) - left
            );
            let _ = writeln!(
                s,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"20\" fill=\"{INK}\">{} {v}</text>",
                scale(*v as f64) + 8.0,
                by + 23.0,
                if k == 0 { "RU" } else { "UA" }
            );
        }
    }
    s.push_str("</svg>\n");
    out.push(("report-losses-by-cause.svg".to_string(), s));
    out
}

/// A colour of the terminal as an SVG colour (`Reset` is the given default).
fn hex(c: Color, default: &str) -> String {
    // The xterm palette for the 16 named colours.
    const BASE: [&str; 16] = [
        "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5", "#7f7f7f", "#ff0000",
        "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
    ];
    match c {
        Color::Reset => default.to_string(),
        Color::Black => BASE[0].into(),
        Color::Red => BASE[1].into(),
        Color::Green => BASE[2].into(),
        Color::Yellow => BASE[3].into(),
        Color::Blue => BASE[4].into(),
        Color::Magenta => BASE[5].into(),
        Color::Cyan => BASE[6].into(),
        Color::Gray => BASE[7].into(),
        Color::DarkGray => BASE[8].into(),
        Color::LightRed => BASE[9].into(),
        Color::LightGreen => BASE[10].into(),
        Color::LightYellow => BASE[11].into(),
        Color::LightBlue => BASE[12].into(),
        Color::LightMagenta => BASE[13].into(),
        Color::LightCyan => BASE[14].into(),
        Color::White => BASE[15].into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) if i < 16 => BASE[i as usize].into(),
        Color::Indexed(i) if i < 232 => {
            // The 6×6×6 cube.
            let i = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            format!("#{:02x}{:02x}{:02x}", level(i / 36), level((i / 6) % 6), level(i % 6))
        }
        Color::Indexed(i) => {
            let v = 8 + 10 * (i - 232);
            format!("#{v:02x}{v:02x}{v:02x}")
        }
    }
}

/// A terminal screen (any ratatui `Buffer`: the presenter view, the map, a report) as an SVG
/// picture of its cells: each run of cells with one style is one `<text>` over its background.
pub fn terminal(buf: &Buffer, title: &str) -> String {
    let (cw, ch) = (12.0, 24.0);
    let (fg0, bg0) = ("#e8e8e8", "#111111");
    let area = buf.area;
    let (w, h) = (area.width as f64 * cw, area.height as f64 * ch);
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{MONO}\" font-size=\"20\">\n<title>{}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"{bg0}\"/>\n",
        escape(title)
    );
    for y in 0..area.height {
        let mut x = 0u16;
        while x < area.width {
            let cell = &buf[(area.x + x, area.y + y)];
            let style = (cell.fg, cell.bg, cell.modifier);
            let start = x;
            let mut text = String::new();
            while x < area.width {
                let c = &buf[(area.x + x, area.y + y)];
                if (c.fg, c.bg, c.modifier) != style {
                    break;
                }
                text.push_str(c.symbol());
                x += 1;
            }
            let reversed = style.2.contains(Modifier::REVERSED);
            let (mut fg, mut bg) = (hex(style.0, fg0), hex(style.1, bg0));
            if reversed {
                std::mem::swap(&mut fg, &mut bg);
            }
            let (px, py) = (start as f64 * cw, y as f64 * ch);
            let width = (x - start) as f64 * cw;
            if bg != bg0 {
                let _ = writeln!(s, "<rect x=\"{px}\" y=\"{py}\" width=\"{width}\" height=\"{ch}\" fill=\"{bg}\"/>");
            }
            if text.trim().is_empty() {
                continue;
            }
            let mut attrs = String::new();
            if style.2.contains(Modifier::BOLD) {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if style.2.contains(Modifier::UNDERLINED) {
                attrs.push_str(" text-decoration=\"underline\"");
            }
            if style.2.contains(Modifier::DIM) {
                attrs.push_str(" fill-opacity=\"0.6\"");
            }
            // textLength keeps every cell on the grid whatever the font's own widths.
            let _ = writeln!(
                s,
                "<text x=\"{px}\" y=\"{:.1}\" fill=\"{fg}\" xml:space=\"preserve\" textLength=\"{width}\" lengthAdjust=\"spacingAndGlyphs\"{attrs}>{}</text>",
                py + ch * 0.78,
                escape(&text)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

/// Writes pictures into `dir` (created if need be), each atomically; returns their paths.
pub fn write_all(dir: &Path, pictures: &[Picture]) -> Result<Vec<PathBuf>, String> {
    pictures
        .iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            super::record::write_atomic(&p, text)?;
            Ok(p)
        })
        .collect()
}

//! The what-if results' two pages as lines — box-plot charts and the table of the command's
//! numbers — built in one place so the screen can tell how far they scroll and the view can
//! draw them.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::sim::map::Side;
use crate::study::whatif::{words, MeasureId, Stats, Summary};
use crate::ui::event_words::side_tag;
use crate::ui::theme::Theme;

/// Which page of the results is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultsPage {
    Charts,
    Table,
}

/// Wide enough for the results in two columns.
pub const TWO_COLUMNS: u16 = 150;
/// Charts drawn in one column, top to bottom (the share of wins after the first four, the
/// personnel lost by cause last); in two columns Russia's go left, Ukraine's right.
const CHARTS: [MeasureId; 14] = [
    MeasureId::GroundRu,
    MeasureId::GroundUa,
    MeasureId::PersonnelRu,
    MeasureId::PersonnelUa,
    MeasureId::VehiclesRu,
    MeasureId::VehiclesUa,
    MeasureId::DronesRu,
    MeasureId::DronesUa,
    MeasureId::FiresRu,
    MeasureId::FiresUa,
    MeasureId::AssaultRu,
    MeasureId::AssaultUa,
    MeasureId::CollapseRu,
    MeasureId::CollapseUa,
];
/// A box's fill per variant, so variants differ without colour too.
pub const FILLS: [char; 3] = ['▒', '▓', '░'];

/// The number in a chart or table: whole above a hundred, one decimal below.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        "–".into()
    } else if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// A difference with its sign, rounded as [`num`] rounds.
fn signed(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:+.0}")
    } else {
        format!("{x:+.1}")
    }
}

/// The value part of a variant's label ("off" of "ua.drone_line=off").
fn value_of(label: &str) -> &str {
    label.split_once('=').map(|(_, v)| v).unwrap_or(label)
}

/// A variant's style: the reference plain, the others in colours no side uses (a side's
/// colour on a Russian chart would read as Ukraine's); without colour the fills tell them apart.
fn variant_style(t: &Theme, i: usize) -> Style {
    match i % 3 {
        0 => t.base.add_modifier(Modifier::BOLD),
        1 => t.key,
        _ => t.rail.add_modifier(Modifier::BOLD),
    }
}

/// A round step near `x` (1, 2 or 5 times a power of ten).
fn nice_step(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    let m = x / p;
    p * if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    }
}

/// The shared axis of a chart: every variant's smallest to largest value, widened to round numbers.
fn axis(stats: &[Stats]) -> (f64, f64) {
    let lo = stats.iter().map(|s| s.min).filter(|x| x.is_finite()).fold(f64::MAX, f64::min);
    let hi = stats.iter().map(|s| s.max).filter(|x| x.is_finite()).fold(f64::MIN, f64::max);
    if lo > hi {
        return (0.0, 1.0);
    }
    let step = nice_step((hi - lo).max(1.0) / 4.0);
    let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
    if hi > lo {
        (lo, hi)
    } else {
        (lo, lo + step)
    }
}

/// One box-plot row: whiskers 10–90%, box 25–75%, the median, and the extremes beyond the whiskers.
fn box_row(s: &Stats, lo: f64, hi: f64, width: usize, fill: char) -> String {
    let width = width.max(2);
    let col = |x: f64| (((x - lo) / (hi - lo)).clamp(0.0, 1.0) * (width - 1) as f64).round() as usize;
    let mut row = vec![' '; width];
    if !s.mean.is_finite() {
        return row.into_iter().collect();
    }
    let (a, b) = (col(s.p10), col(s.p90));
    for c in row.iter_mut().take(b + 1).skip(a) {
        *c = '─';
    }
    row[a] = '├';
    row[b] = '┤';
    let (q1, q3) = (col(s.p25), col(s.p75));
    for c in row.iter_mut().take(q3 + 1).skip(q1) {
        *c = fill;
    }
    for x in [s.min, s.max] {
        let c = col(x);
        if c < a || c > b {
            row[c] = '·';
        }
    }
    row[col(s.median)] = '┃';
    row.into_iter().collect()
}

/// The axis under a chart: its ends and middle, labelled.
fn axis_row(lo: f64, hi: f64, width: usize) -> String {
    let mut row = vec![' '; width];
    let mut put = |text: String, at: usize| {
        for (i, ch) in text.chars().enumerate() {
            if let Some(c) = row.get_mut(at + i) {
                *c = ch;
            }
        }
    };
    let (l, m, h) = (num(lo), num((lo + hi) / 2.0), num(hi));
    put(l, 0);
    let mid = width / 2;
    put(m.clone(), mid.saturating_sub(m.chars().count() / 2));
    put(h.clone(), width.saturating_sub(h.chars().count()));
    row.into_iter().collect()
}

/// A chart of one measure over the variants, `width` columns wide.
fn chart(t: &Theme, sum: &Summary, id: MeasureId, width: u16) -> Vec<Line<'static>> {
    let m = sum.measure(id);
    let lw = sum.labels.iter().map(|l| value_of(l).chars().count()).max().unwrap_or(3).max(3);
    // Label, a space, the plot, then the median.
    let plot = (width as usize).saturating_sub(lw + 14).max(10);
    let (lo, hi) = axis(&m.stats);
    let name = id.name();
    let mut title = vec![Span::styled(format!(" {}{}", name[..1].to_uppercase(), &name[1..]), t.title)];
    if let Some(s) = id.side() {
        title.push(Span::styled(format!(" [{}]", side_tag(s)), t.side_style(s)));
    }
    // "median" over the column of medians at the row's right end.
    let row = lw + plot + 12;
    let used = 1 + name.chars().count() + if id.side().is_some() { 5 } else { 0 };
    title.push(Span::styled(format!("{:>w$}", "median", w = row.saturating_sub(used).max(7)), t.dim));
    let mut lines = vec![Line::from(title)];
    for (i, (label, st)) in sum.labels.iter().zip(&m.stats).enumerate() {
        let style = variant_style(t, i);
        lines.push(Line::from(vec![
            Span::styled(format!(" {:>lw$} ", value_of(label)), style),
            Span::styled(box_row(st, lo, hi, plot, FILLS[i % FILLS.len()]), style),
            Span::styled(format!(" {:>9}", num(st.median)), style),
        ]));
    }
    lines.push(Line::styled(format!(" {:lw$} {}", "", axis_row(lo, hi, plot)), t.dim));
    for d in &m.differences {
        let real = d.real();
        // The 95% interval by Student's t for the number of seeds (see `study::stats`).
        let noise = if d.lo.is_finite() { format!(" [{} to {}]", signed(d.lo), signed(d.hi)) } else { String::new() };
        let verdict = match real {
            Some(true) => "interval excludes 0: a clear difference",
            Some(false) => "interval includes 0: no clear difference",
            None => "too few runs to judge",
        };
        lines.push(Line::from(vec![
            Span::raw(format!(" {:>lw$} ", format!("{}−{}", value_of(&d.variant), value_of(&d.reference)))),
            Span::raw(format!("{}{noise} · ", signed(d.mean))),
            Span::styled(verdict, if real == Some(true) { t.good } else { t.dim }),
        ]));
    }
    lines
}

/// The share of wins per variant as a stacked bar: Russia, Ukraine, neither.
fn wins_chart(t: &Theme, sum: &Summary, width: u16) -> Vec<Line<'static>> {
    let lw = sum.labels.iter().map(|l| value_of(l).chars().count()).max().unwrap_or(3).max(3);
    let bar = (width as usize).saturating_sub(lw + 36).max(10);
    let mut lines = vec![Line::styled(" Share of wins (Russia █, Ukraine ▓, neither ░)", t.title)];
    for (i, (label, ws)) in sum.labels.iter().zip(&sum.wins).enumerate() {
        let ru = (ws.ru / 100.0 * bar as f64).round() as usize;
        let ua = ((ws.ua / 100.0 * bar as f64).round() as usize).min(bar - ru.min(bar));
        let rest = bar.saturating_sub(ru + ua);
        lines.push(Line::from(vec![
            Span::styled(format!(" {:>lw$} ", value_of(label)), variant_style(t, i)),
            Span::styled("█".repeat(ru), t.side[Side::Ru.index()]),
            Span::styled("▓".repeat(ua), t.side[Side::Ua.index()]),
            Span::styled("░".repeat(rest), t.dim),
            Span::raw(format!(" RU {:>3.0}% UA {:>3.0}% neither {:>3.0}%", ws.ru, ws.ua, ws.neither)),
        ]));
    }
    lines.push(Line::raw(""));
    lines
}

/// The charts page's columns at `width`.
fn chart_columns(t: &Theme, sum: &Summary, width: u16) -> Vec<Vec<Line<'static>>> {
    if width >= TWO_COLUMNS {
        let half = width / 2;
        let mut left = Vec::new();
        let mut right = Vec::new();
        for id in CHARTS {
            let col = if id.side() == Some(Side::Ru) { &mut left } else { &mut right };
            col.extend(chart(t, sum, id, half));
        }
        left.extend(wins_chart(t, sum, half));
        right.extend(chart(t, sum, MeasureId::Days, half));
        vec![left, right]
    } else {
        let mut lines = Vec::new();
        for id in &CHARTS[..4] {
            lines.extend(chart(t, sum, *id, width));
        }
        lines.extend(wins_chart(t, sum, width));
        for id in &CHARTS[4..] {
            lines.extend(chart(t, sum, *id, width));
        }
        // The days played, as in the two-column layout.
        lines.extend(chart(t, sum, MeasureId::Days, width));
        vec![lines]
    }
}

/// A difference in a few words for the table's rows of losses by cause: the mean, its 95%
/// interval and whether it is clear.
fn brief(d: &crate::study::whatif::Difference) -> (String, &'static str) {
    let noise = if d.lo.is_finite() { format!(" [{:+.1} to {:+.1}]", d.lo, d.hi) } else { String::new() };
    let verdict = match d.real() {
        Some(true) => "clear",
        Some(false) => "not clear",
        None => "too few runs",
    };
    (format!("{:+.1}{noise}", d.mean), verdict)
}

/// The table page's block of personnel lost by cause, `width` columns wide: a line per cause
/// and side with each value's mean and the paired difference (its own line under the means for
/// each difference when they do not fit beside them).
fn cause_rows(t: &Theme, sum: &Summary, width: u16) -> Vec<Line<'static>> {
    let measures: Vec<_> = sum.measures.iter().filter(|m| m.id.causes().is_some()).collect();
    let mw: Vec<usize> = sum.labels.iter().map(|l| value_of(l).chars().count().max(7)).collect();
    // "   collapse UA": the cause and the side.
    const LABEL: usize = 14;
    let means_w = LABEL + mw.iter().map(|w| w + 2).sum::<usize>();
    let texts: Vec<Vec<(String, &'static str)>> =
        measures.iter().map(|m| m.differences.iter().map(brief).collect()).collect();
    let dw: Vec<usize> = (0..sum.labels.len().saturating_sub(1))
        .map(|k| texts.iter().filter_map(|d| d.get(k)).map(|(a, b)| a.chars().count() + 1 + b.len()).max().unwrap_or(0))
        .collect();
    let one_line = means_w + dw.iter().map(|w| w + 2).sum::<usize>() <= width as usize;
    let versus =
        |d: &crate::study::whatif::Difference| format!("{} vs {}", value_of(&d.variant), value_of(&d.reference));
    let mut lines = vec![
        Line::styled(" personnel lost by cause: mean per value; paired difference, 95% interval", t.title),
        Line::styled("   drones: strikes and crossing · fires: artillery, glide bombs, rockets", t.dim),
        Line::styled("   collapse: broken or cut off · clear: the 95% interval excludes 0", t.dim),
    ];
    let mut head = vec![Span::raw(format!("{:LABEL$}", ""))];
    for (i, (label, w)) in sum.labels.iter().zip(&mw).enumerate() {
        head.push(Span::styled(format!("  {:>w$}", value_of(label)), variant_style(t, i)));
    }
    if one_line {
        if let Some(m) = measures.first() {
            for (d, w) in m.differences.iter().zip(&dw) {
                head.push(Span::styled(format!("  {:<w$}", versus(d)), t.dim));
            }
        }
    }
    lines.push(Line::from(head));
    for (m, texts) in measures.iter().zip(&texts) {
        let (Some(word), Some(side)) = (m.id.cause_word(), m.id.side()) else { continue };
        let mut row = vec![Span::raw(format!("   {word:<8} ")), Span::styled(side_tag(side), t.side_style(side))];
        for (i, (st, w)) in m.stats.iter().zip(&mw).enumerate() {
            row.push(Span::styled(format!("  {:>w$.1}", st.mean), variant_style(t, i)));
        }
        let verdict = |d: &crate::study::whatif::Difference, word: &'static str| {
            Span::styled(word, if d.real() == Some(true) { t.good } else { t.dim })
        };
        if one_line {
            for (k, ((d, (text, word)), w)) in m.differences.iter().zip(texts).zip(&dw).enumerate() {
                row.push(Span::raw(format!("  {text} ")));
                row.push(verdict(d, word));
                // Padded to the column's width when another difference follows.
                let pad = w.saturating_sub(text.chars().count() + 1 + word.len());
                if k + 1 < dw.len() && pad > 0 {
                    row.push(Span::raw(" ".repeat(pad)));
                }
            }
            lines.push(Line::from(row));
        } else {
            lines.push(Line::from(row));
            for (d, (text, word)) in m.differences.iter().zip(texts) {
                lines.push(Line::from(vec![Span::raw(format!("     {}: {text} ", versus(d))), verdict(d, word)]));
            }
        }
    }
    lines.push(Line::raw(""));
    lines
}

/// The table page's columns at `width`: every measure, then wins and objectives.
fn table_columns(t: &Theme, sum: &Summary, width: u16) -> Vec<Vec<Line<'static>>> {
    let lw = sum.labels.iter().map(|l| value_of(l).chars().count()).max().unwrap_or(3).max(3);
    let mut measures = vec![Line::styled(
        format!(" {} runs per value (seeds 1–{}): mean, median, 10–90% range", sum.runs, sum.runs),
        t.dim,
    )];
    let mut by_cause = false;
    for m in &sum.measures {
        if m.id.causes().is_some() {
            // The losses by cause, a line each, where their first measure stands.
            if !by_cause {
                by_cause = true;
                let col = if width >= TWO_COLUMNS { width / 2 } else { width };
                measures.extend(cause_rows(t, sum, col));
            }
            continue;
        }
        measures.push(Line::styled(format!(" {}", m.id.name()), t.title));
        for (i, (label, st)) in sum.labels.iter().zip(&m.stats).enumerate() {
            measures.push(Line::styled(
                format!(
                    "   {:<lw$}  mean {:>8.1}  median {:>8.1}  range {:>8.1} – {:<8.1}",
                    value_of(label),
                    st.mean,
                    st.median,
                    st.p10,
                    st.p90
                ),
                variant_style(t, i),
            ));
        }
        for d in &m.differences {
            let noise = if d.lo.is_finite() {
                format!(" (95% interval {:+.1} to {:+.1}, Student's t)", d.lo, d.hi)
            } else {
                String::new()
            };
            measures.push(Line::raw(format!(
                "   {} vs {}: {:+.1}{noise}",
                value_of(&d.variant),
                value_of(&d.reference),
                d.mean
            )));
            let real = d.real();
            measures
                .push(Line::styled(format!("     {}", words(real)), if real == Some(true) { t.good } else { t.dim }));
        }
        measures.push(Line::raw(""));
    }
    let mut rest = vec![Line::styled(" share of wins", t.title)];
    for (i, (label, ws)) in sum.labels.iter().zip(&sum.wins).enumerate() {
        rest.push(Line::styled(
            format!(
                "   {:<lw$}  Russia {:>5.1}%  Ukraine {:>5.1}%  neither {:>5.1}%",
                value_of(label),
                ws.ru,
                ws.ua,
                ws.neither
            ),
            variant_style(t, i),
        ));
    }
    rest.push(Line::raw(""));
    rest.push(Line::styled(" days until Russia holds each objective", t.title));
    rest.push(Line::styled("   (mean and median over the runs where it did; share of runs)", t.dim));
    for o in &sum.objectives {
        rest.push(Line::raw(format!("   {}", o.name)));
        for (i, (label, taken)) in sum.labels.iter().zip(&o.taken).enumerate() {
            let text = match taken {
                None => "never taken".to_string(),
                Some((st, share)) => format!("day {:>5.1} (median {:>5.1}; {share:.0}% of runs)", st.mean, st.median),
            };
            rest.push(Line::styled(format!("     {:<lw$}  {text}", value_of(label)), variant_style(t, i)));
        }
    }
    if width >= TWO_COLUMNS {
        vec![measures, rest]
    } else {
        measures.extend(rest);
        vec![measures]
    }
}

pub fn page_columns(t: &Theme, page: ResultsPage, sum: &Summary, width: u16) -> Vec<Vec<Line<'static>>> {
    match page {
        ResultsPage::Charts => chart_columns(t, sum, width),
        ResultsPage::Table => table_columns(t, sum, width),
    }
}

/// Rows above and below the scrolled results: heading, tabs; keys and message.
pub const RESULTS_CHROME: u16 = 4;

/// How far the results page can scroll on a screen of `size`.
pub fn max_scroll(t: &Theme, page: ResultsPage, sum: &Summary, size: (u16, u16)) -> u16 {
    let longest = page_columns(t, page, sum, size.0).iter().map(Vec::len).max().unwrap_or(0);
    (longest as u16).saturating_sub(size.1.saturating_sub(RESULTS_CHROME))
}

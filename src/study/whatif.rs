//! `attrition whatif`: the same battle over the same seeds for each value of one setting, and
//! the difference between them set against the seed-to-seed noise.
//!
//! Every variant plays the same seeds, so runs are paired by seed: the difference for a seed is
//! the effect of the setting on that very war, and the spread of those differences says how
//! sure the comparison is: a difference is called clear when the 95% interval of the mean
//! paired difference by Student's t (n − 1 degrees of freedom) excludes zero. Percentiles and
//! medians are type 7 (numpy's and R's defaults; see `study::stats`).
//!
//! The numbers are computed once into a [`Summary`]; the command's table and the interface's
//! what-if screen both read it, so they cannot disagree.

use crate::ai::AiLevel;
use crate::sim::events::LossCause;
use crate::sim::map::Side;
use crate::study::calibrate::RunFacts;
use crate::study::stats::{quantile_sorted, MeanInterval};
use crate::study::{output, rows::Row, Plan};

/// One value of the varied setting and the runs played with it.
#[derive(Clone, Debug)]
pub struct Variant {
    pub label: String,
    pub runs: Vec<RunFacts>,
}

/// Plays seeds 1..=`runs` for each value of `key`, strong AI against strong AI, on all cores;
/// `tick` is called after each run (see [`run_rows`] for the rows themselves).
pub fn run(
    scenario: &str,
    base: &[String],
    key: &str,
    values: &[String],
    runs: u32,
    cancel: &std::sync::atomic::AtomicBool,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Variant>, String> {
    let rows = run_rows(scenario, base, key, values, runs, [AiLevel::Strong; 2], cancel, tick)?;
    Ok(variants(key, values, &rows))
}

/// The rows of a what-if study played in this process (in seed order, each seed's variants
/// in the given order); an error if it was cancelled.
#[allow(clippy::too_many_arguments)]
pub fn run_rows(
    scenario: &str,
    base: &[String],
    key: &str,
    values: &[String],
    runs: u32,
    ai: [AiLevel; 2],
    cancel: &std::sync::atomic::AtomicBool,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Row>, String> {
    if values.len() < 2 {
        return Err(format!("--vary {key}=...: give at least two values, separated by commas"));
    }
    let vary = format!("{key}={}", values.join(","));
    let plan = Plan::new(scenario, base, Some(&vary), 1, runs as u64, None, ai)?;
    let mut out = Vec::new();
    match plan.run(cancel, tick, |r| {
        out.push(r);
        Ok(())
    })? {
        crate::study::batch::Ended::Complete => Ok(out),
        crate::study::batch::Ended::Stopped { .. } => Err("cancelled".into()),
    }
}

/// Rows grouped by variant, in the values' order, each variant's runs by seed.
pub fn variants(key: &str, values: &[String], rows: &[Row]) -> Vec<Variant> {
    let mut out: Vec<Variant> =
        values.iter().map(|v| Variant { label: format!("{key}={v}"), runs: Vec::new() }).collect();
    for r in rows {
        if let Some(v) = out.iter_mut().find(|v| Some(&v.label) == r.variant.as_ref()) {
            v.runs.push(output::facts(r));
        }
    }
    for v in &mut out {
        v.runs.sort_by_key(|f| f.seed);
    }
    out
}

/// The numbers of one measure over one variant's runs: what the table prints and what a box
/// plot draws.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stats {
    pub n: usize,
    pub mean: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// 10th and 90th percentiles (the table's range, a box plot's whiskers).
    pub p10: f64,
    pub p90: f64,
    /// Quartiles (a box plot's box).
    pub p25: f64,
    pub p75: f64,
}

impl Stats {
    /// Percentiles and the median by type 7 (linear between order statistics, as numpy's
    /// `percentile` and R's `quantile` by default).
    pub fn of(v: &[f64]) -> Stats {
        let mut s = v.to_vec();
        s.sort_by(|a, b| a.total_cmp(b));
        let q = |p: f64| quantile_sorted(&s, p);
        let mean = if s.is_empty() { f64::NAN } else { s.iter().sum::<f64>() / s.len() as f64 };
        Stats {
            n: s.len(),
            mean,
            median: q(0.5),
            min: s.first().copied().unwrap_or(f64::NAN),
            max: s.last().copied().unwrap_or(f64::NAN),
            p10: q(0.1),
            p90: q(0.9),
            p25: q(0.25),
            p75: q(0.75),
        }
    }
}

/// Which measure of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeasureId {
    GroundRu,
    GroundUa,
    PersonnelRu,
    PersonnelUa,
    /// Personnel lost to drones: strikes on units in place and hits while crossing ground
    /// under enemy drones (`LossCause::Drones` and `Exposure`).
    DronesRu,
    DronesUa,
    /// Personnel lost to artillery, glide bombs and rockets (`LossCause::Fires`).
    FiresRu,
    FiresUa,
    /// Personnel lost in assaults, attacking or defending (`LossCause::Assault`).
    AssaultRu,
    AssaultUa,
    /// Personnel captured or scattered when a unit broke or was cut off (`LossCause::Collapse`).
    CollapseRu,
    CollapseUa,
    VehiclesRu,
    VehiclesUa,
    Days,
}

impl MeasureId {
    /// In the order the table prints them.
    pub const ALL: [MeasureId; 15] = [
        MeasureId::GroundRu,
        MeasureId::GroundUa,
        MeasureId::PersonnelRu,
        MeasureId::PersonnelUa,
        MeasureId::DronesRu,
        MeasureId::DronesUa,
        MeasureId::FiresRu,
        MeasureId::FiresUa,
        MeasureId::AssaultRu,
        MeasureId::AssaultUa,
        MeasureId::CollapseRu,
        MeasureId::CollapseUa,
        MeasureId::VehiclesRu,
        MeasureId::VehiclesUa,
        MeasureId::Days,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MeasureId::GroundRu => "ground gained, Russia (km²)",
            MeasureId::GroundUa => "ground gained, Ukraine (km²)",
            MeasureId::PersonnelRu => "personnel lost, Russia",
            MeasureId::PersonnelUa => "personnel lost, Ukraine",
            MeasureId::DronesRu => "lost to drones (strikes and crossing), Russia",
            MeasureId::DronesUa => "lost to drones (strikes and crossing), Ukraine",
            MeasureId::FiresRu => "lost to fires (artillery, glide bombs, rockets), Russia",
            MeasureId::FiresUa => "lost to fires (artillery, glide bombs, rockets), Ukraine",
            MeasureId::AssaultRu => "lost in assaults, Russia",
            MeasureId::AssaultUa => "lost in assaults, Ukraine",
            MeasureId::CollapseRu => "lost when broken or cut off (collapse), Russia",
            MeasureId::CollapseUa => "lost when broken or cut off (collapse), Ukraine",
            MeasureId::VehiclesRu => "vehicles lost, Russia",
            MeasureId::VehiclesUa => "vehicles lost, Ukraine",
            MeasureId::Days => "days played",
        }
    }

    /// The name without the brackets that explain a cause ("lost to fires, Russia"), for
    /// titles that must stay short; the same as [`MeasureId::name`] for the other measures.
    pub fn short_name(self) -> &'static str {
        match self {
            MeasureId::DronesRu => "lost to drones, Russia",
            MeasureId::DronesUa => "lost to drones, Ukraine",
            MeasureId::FiresRu => "lost to fires, Russia",
            MeasureId::FiresUa => "lost to fires, Ukraine",
            MeasureId::CollapseRu => "lost in collapse, Russia",
            MeasureId::CollapseUa => "lost in collapse, Ukraine",
            m => m.name(),
        }
    }

    /// For a measure of personnel lost by cause, the causes it counts (`LossCause`), else None.
    pub fn causes(self) -> Option<&'static [LossCause]> {
        match self {
            MeasureId::DronesRu | MeasureId::DronesUa => Some(&[LossCause::Drones, LossCause::Exposure]),
            MeasureId::FiresRu | MeasureId::FiresUa => Some(&[LossCause::Fires]),
            MeasureId::AssaultRu | MeasureId::AssaultUa => Some(&[LossCause::Assault]),
            MeasureId::CollapseRu | MeasureId::CollapseUa => Some(&[LossCause::Collapse]),
            _ => None,
        }
    }

    /// The cause of a by-cause measure in a word ("drones", "fires", "assaults", "collapse"),
    /// for rows that name the side apart.
    pub fn cause_word(self) -> Option<&'static str> {
        match self {
            MeasureId::DronesRu | MeasureId::DronesUa => Some("drones"),
            MeasureId::FiresRu | MeasureId::FiresUa => Some("fires"),
            MeasureId::AssaultRu | MeasureId::AssaultUa => Some("assaults"),
            MeasureId::CollapseRu | MeasureId::CollapseUa => Some("collapse"),
            _ => None,
        }
    }

    /// The side a measure belongs to, if it belongs to one.
    pub fn side(self) -> Option<Side> {
        match self {
            MeasureId::GroundRu
            | MeasureId::PersonnelRu
            | MeasureId::DronesRu
            | MeasureId::FiresRu
            | MeasureId::AssaultRu
            | MeasureId::CollapseRu
            | MeasureId::VehiclesRu => Some(Side::Ru),
            MeasureId::GroundUa
            | MeasureId::PersonnelUa
            | MeasureId::DronesUa
            | MeasureId::FiresUa
            | MeasureId::AssaultUa
            | MeasureId::CollapseUa
            | MeasureId::VehiclesUa => Some(Side::Ua),
            MeasureId::Days => None,
        }
    }

    pub fn of(self, r: &RunFacts) -> f64 {
        let lost = |s: Side| -> f64 {
            self.causes().unwrap_or(&[]).iter().map(|c| r.by_cause[s.index()][c.index()] as f64).sum()
        };
        match self {
            MeasureId::GroundRu => r.ground_km2[0],
            MeasureId::GroundUa => r.ground_km2[1],
            MeasureId::PersonnelRu => r.personnel_lost[0] as f64,
            MeasureId::PersonnelUa => r.personnel_lost[1] as f64,
            MeasureId::DronesRu | MeasureId::FiresRu | MeasureId::AssaultRu | MeasureId::CollapseRu => lost(Side::Ru),
            MeasureId::DronesUa | MeasureId::FiresUa | MeasureId::AssaultUa | MeasureId::CollapseUa => lost(Side::Ua),
            MeasureId::VehiclesRu => r.vehicles_lost[0] as f64,
            MeasureId::VehiclesUa => r.vehicles_lost[1] as f64,
            MeasureId::Days => r.days as f64,
        }
    }
}

/// The paired difference of a measure between a variant and the first one: the mean of the
/// per-seed differences, its standard error and its 95% interval by Student's t with n − 1
/// degrees of freedom (NaN with fewer than two seeds).
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// The first variant's label (the reference).
    pub reference: String,
    pub variant: String,
    pub mean: f64,
    pub se: f64,
    /// Seeds paired.
    pub n: usize,
    /// The 95% interval of the mean difference.
    pub lo: f64,
    pub hi: f64,
}

impl Difference {
    fn paired(reference: &Variant, v: &Variant, m: MeasureId) -> Difference {
        let d: Vec<f64> = reference.runs.iter().zip(&v.runs).map(|(x, y)| m.of(y) - m.of(x)).collect();
        let ci = MeanInterval::of(&d, 0.95);
        Difference {
            reference: reference.label.clone(),
            variant: v.label.clone(),
            mean: if d.is_empty() { 0.0 } else { ci.mean },
            se: ci.se,
            n: ci.n,
            lo: ci.lo,
            hi: ci.hi,
        }
    }

    /// Whether the difference is clear: its 95% interval (Student's t) excludes zero; None
    /// when there are too few runs to judge.
    pub fn real(&self) -> Option<bool> {
        crate::study::stats::excludes_zero(self.n, self.lo, self.hi)
    }

    /// The difference in a few words, as the rows of the losses by cause print it: the mean,
    /// its 95% interval and whether it is clear.
    pub fn brief(&self) -> String {
        match self.real() {
            None => format!("{:+.1} (too few runs to judge the noise)", self.mean),
            Some(clear) => format!(
                "{:+.1} ({:+.1} to {:+.1}): {}",
                self.mean,
                self.lo,
                self.hi,
                if clear { "a clear difference" } else { "no clear difference" }
            ),
        }
    }

    /// The plain-words line the table prints.
    pub fn verdict(&self) -> String {
        let (a, b, d) = (&self.reference, &self.variant, self.mean);
        match self.real() {
            None => format!("{b} vs {a}: {d:+.1} ({})", words(None)),
            Some(clear) => format!(
                "{b} vs {a}: {d:+.1} (95% interval {:+.1} to {:+.1}, Student's t, {} seeds): {}",
                self.lo,
                self.hi,
                self.n,
                words(Some(clear))
            ),
        }
    }
}

/// One measure over every variant.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureSummary {
    pub id: MeasureId,
    /// Per variant, in the variants' order.
    pub stats: Vec<Stats>,
    /// Each variant after the first against the first.
    pub differences: Vec<Difference>,
}

/// How often each side won, as percentages of a variant's runs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WinShare {
    pub ru: f64,
    pub ua: f64,
    pub neither: f64,
}

/// When Russia first held an objective, per variant.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveSummary {
    pub name: String,
    /// Per variant: the days over the runs where it was taken and the share of runs (%), or
    /// None when it was never taken.
    pub taken: Vec<Option<(Stats, f64)>>,
}

/// Every number of a what-if study, computed once: the command's table and the interface's
/// charts and table all read this, so they cannot disagree.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Runs per variant (seeds first_seed .. first_seed + runs).
    pub runs: usize,
    pub first_seed: u64,
    pub labels: Vec<String>,
    pub measures: Vec<MeasureSummary>,
    pub wins: Vec<WinShare>,
    pub objectives: Vec<ObjectiveSummary>,
}

impl Summary {
    pub fn of(vs: &[Variant]) -> Summary {
        let measures = MeasureId::ALL
            .iter()
            .map(|&id| MeasureSummary {
                id,
                stats: vs.iter().map(|v| Stats::of(&v.runs.iter().map(|r| id.of(r)).collect::<Vec<_>>())).collect(),
                differences: vs.iter().skip(1).map(|v| Difference::paired(&vs[0], v, id)).collect(),
            })
            .collect();
        let wins = vs
            .iter()
            .map(|v| {
                let n = v.runs.len().max(1) as f64;
                let share = |w: Option<Side>| 100.0 * v.runs.iter().filter(|r| r.winner == w).count() as f64 / n;
                WinShare { ru: share(Some(Side::Ru)), ua: share(Some(Side::Ua)), neither: share(None) }
            })
            .collect();
        let names: Vec<String> = vs
            .first()
            .and_then(|v| v.runs.first())
            .map(|r| r.objective_days.iter().map(|o| o.0.clone()).collect())
            .unwrap_or_default();
        let objectives = names
            .into_iter()
            .enumerate()
            .map(|(k, name)| ObjectiveSummary {
                name,
                taken: vs
                    .iter()
                    .map(|v| {
                        let days: Vec<f64> = v
                            .runs
                            .iter()
                            .filter_map(|r| r.objective_days.get(k).and_then(|o| o.1))
                            .map(|d| d as f64)
                            .collect();
                        let share = 100.0 * days.len() as f64 / v.runs.len().max(1) as f64;
                        (!days.is_empty()).then(|| (Stats::of(&days), share))
                    })
                    .collect(),
            })
            .collect();
        Summary {
            runs: vs.first().map(|v| v.runs.len()).unwrap_or(0),
            first_seed: vs.first().and_then(|v| v.runs.first()).map(|r| r.seed).unwrap_or(1),
            labels: vs.iter().map(|v| v.label.clone()).collect(),
            measures,
            wins,
            objectives,
        }
    }

    pub fn measure(&self, id: MeasureId) -> &MeasureSummary {
        // Every summary holds every measure, in `MeasureId::ALL` order.
        &self.measures[MeasureId::ALL.iter().position(|m| *m == id).unwrap_or(0)]
    }

    /// The comparison table, for people.
    pub fn table(&self) -> String {
        let mut s = String::new();
        let n = self.runs;
        let (a, b) = (self.first_seed, self.first_seed + n as u64 - 1);
        s.push_str(&format!(
            "{n} runs per variant (seeds {a}–{b}); mean, median, 10–90% range (percentiles: type 7, as numpy and R)\n\n"
        ));
        let w = self.labels.iter().map(|l| l.len()).max().unwrap_or(10).max(28);
        let mut by_cause = false;
        for m in &self.measures {
            if m.id.causes().is_some() {
                // The losses by cause, one line each, where their first measure stands.
                if !by_cause {
                    by_cause = true;
                    s.push_str(&self.by_cause_table());
                }
                continue;
            }
            s.push_str(&format!("{}\n", m.id.name()));
            for (label, st) in self.labels.iter().zip(&m.stats) {
                s.push_str(&format!(
                    "  {:<w$}  mean {:>8.1}  median {:>8.1}  range {:>8.1} – {:<8.1}\n",
                    label, st.mean, st.median, st.p10, st.p90
                ));
            }
            for d in &m.differences {
                s.push_str(&format!("  {}\n", d.verdict()));
            }
            s.push('\n');
        }
        s.push_str("share of wins\n");
        for (label, ws) in self.labels.iter().zip(&self.wins) {
            s.push_str(&format!(
                "  {:<w$}  Russia {:>5.1}%  Ukraine {:>5.1}%  neither {:>5.1}%\n",
                label, ws.ru, ws.ua, ws.neither
            ));
        }
        s.push_str("\ndays until Russia holds each objective (runs where it did; share of runs)\n");
        for o in &self.objectives {
            s.push_str(&format!("  {}\n", o.name));
            for (label, taken) in self.labels.iter().zip(&o.taken) {
                match taken {
                    None => s.push_str(&format!("    {label:<w$}  never taken\n")),
                    Some((st, share)) => s.push_str(&format!(
                        "    {:<w$}  day {:>5.1} (median {:>5.1}; {:.0}% of runs)\n",
                        label, st.mean, st.median, share
                    )),
                }
            }
        }
        s
    }
}

impl Summary {
    /// The table's block of personnel lost by cause: a line per cause and side with each
    /// variant's mean and each paired difference (from the same [`MeasureSummary`] the charts
    /// draw), its 95% interval and whether it is clear. The block keeps within
    /// [`TABLE_WIDTH`] columns: when the means and every difference do not fit on one line,
    /// the means come first and then a block for each difference.
    fn by_cause_table(&self) -> String {
        let reference = self.labels.first().map(String::as_str).unwrap_or("");
        let mut s = format!(
            "personnel lost by cause: each variant's mean; paired differences from {reference}\n\
             (95% interval, Student's t), clear when the interval excludes zero. Drones: strikes and\n\
             crossing under them; fires: artillery, glide bombs, rockets; collapse: broken or cut off.\n"
        );
        let measures: Vec<&MeasureSummary> = self.measures.iter().filter(|m| m.id.causes().is_some()).collect();
        let nw = measures.iter().map(|m| m.id.short_name().chars().count()).max().unwrap_or(0);
        let mw: Vec<usize> = self.labels.iter().map(|l| l.chars().count().max(8)).collect();
        let heads: Vec<String> = measures
            .first()
            .map(|m| m.differences.iter().map(|d| format!("{} vs {}", d.variant, d.reference)).collect())
            .unwrap_or_default();
        // Each difference's column as wide as its widest entry, so the columns line up.
        let dw: Vec<usize> = (0..heads.len())
            .map(|k| {
                measures
                    .iter()
                    .filter_map(|m| m.differences.get(k))
                    .map(|d| d.brief().chars().count())
                    .chain(std::iter::once(heads[k].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |name: &str, means: &[String], mw: &[usize], diffs: &[String], dw: &[usize]| {
            let mut l = format!("  {name:<nw$}");
            for (m, w) in means.iter().zip(mw) {
                l.push_str(&format!("  {m:>w$}"));
            }
            for (d, w) in diffs.iter().zip(dw) {
                l.push_str(&format!("  {d:<w$}"));
            }
            l.trim_end().to_string() + "\n"
        };
        let means =
            |m: &MeasureSummary| -> Vec<String> { m.stats.iter().map(|st| format!("{:.1}", st.mean)).collect() };
        let briefs = |m: &MeasureSummary| -> Vec<String> { m.differences.iter().map(Difference::brief).collect() };
        // A line's width: the names' column and, for each column, two spaces and its width.
        let width = |ws: &[usize]| 2 + nw + ws.iter().map(|w| w + 2).sum::<usize>();
        if width(&[mw.as_slice(), dw.as_slice()].concat()) <= TABLE_WIDTH {
            s.push_str(&line("", &self.labels, &mw, &heads, &dw));
            for m in &measures {
                s.push_str(&line(m.id.short_name(), &means(m), &mw, &briefs(m), &dw));
            }
        } else {
            // The means in as many tables as it takes to keep within the width, then the
            // differences, a block each.
            let mut from = 0;
            while from < mw.len() {
                let mut to = from + 1;
                while to < mw.len() && width(&mw[from..=to]) <= TABLE_WIDTH {
                    to += 1;
                }
                s.push_str(&line("", &self.labels[from..to], &mw[from..to], &[], &[]));
                for m in &measures {
                    s.push_str(&line(m.id.short_name(), &means(m)[from..to], &mw[from..to], &[], &[]));
                }
                from = to;
            }
            for (k, head) in heads.iter().enumerate() {
                s.push_str(&format!("  {head}\n"));
                for m in &measures {
                    let d = m.differences.get(k).map(Difference::brief).unwrap_or_default();
                    s.push_str(&line(m.id.short_name(), &[], &[], &[d], &[dw[k]]));
                }
            }
        }
        s.push('\n');
        s
    }
}

/// The widest a line of the comparison table's blocks of columns may be, in characters.
pub const TABLE_WIDTH: usize = 100;

/// The comparison table, for people (see [`Summary::table`]).
pub fn table(vs: &[Variant]) -> String {
    Summary::of(vs).table()
}

/// What a difference amounts to: larger than the noise (`Some(true)`), within it, or unknown.
pub fn words(real: Option<bool>) -> &'static str {
    match real {
        Some(true) => "the interval excludes zero — a clear difference",
        Some(false) => "the interval includes zero — no clear difference",
        None => "too few runs to judge the noise",
    }
}

/// The columns of [`csv`]: the study rows' names (`attrition whatif --format csv`) of the
/// figures a what-if's runs keep (the personnel lost by cause last, in `LossCause` order).
pub const CSV_COLUMNS: [&str; 22] = [
    "variant",
    "seed",
    "turns",
    "winner",
    "end_reason",
    "losses.ru.personnel",
    "losses.ru.vehicles",
    "losses.ua.personnel",
    "losses.ua.vehicles",
    "ground_km2.ru",
    "ground_km2.ua",
    "state_hash",
    "losses.ru.by_cause.drones",
    "losses.ru.by_cause.exposure",
    "losses.ru.by_cause.fires",
    "losses.ru.by_cause.assault",
    "losses.ru.by_cause.collapse",
    "losses.ua.by_cause.drones",
    "losses.ua.by_cause.exposure",
    "losses.ua.by_cause.fires",
    "losses.ua.by_cause.assault",
    "losses.ua.by_cause.collapse",
];

/// A what-if's runs as CSV (through the `csv` crate) with the columns of [`CSV_COLUMNS`].
pub fn csv(vs: &[Variant]) -> String {
    let mut buf = Vec::new();
    {
        let mut w = csv::Writer::from_writer(&mut buf);
        let _ = w.write_record(CSV_COLUMNS);
        for v in vs {
            for r in &v.runs {
                let num = |x: f64| serde_json::to_string(&x).unwrap_or_default();
                let fixed = [
                    v.label.clone(),
                    r.seed.to_string(),
                    r.days.to_string(),
                    r.winner.map(|s| s.code().to_string()).unwrap_or_default(),
                    r.end_reason.clone(),
                    r.personnel_lost[0].to_string(),
                    r.vehicles_lost[0].to_string(),
                    r.personnel_lost[1].to_string(),
                    r.vehicles_lost[1].to_string(),
                    num(r.ground_km2[0]),
                    num(r.ground_km2[1]),
                    format!("{:016x}", r.state_hash),
                ];
                let by_cause = r.by_cause.iter().flat_map(|side| side.iter().map(u32::to_string));
                let _ = w.write_record(fixed.into_iter().chain(by_cause));
            }
        }
        let _ = w.flush();
    }
    String::from_utf8(buf).unwrap_or_default()
}

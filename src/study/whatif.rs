//! `attrition whatif`: the same battle over the same seeds for each value of one setting, and
//! the difference between them set against the seed-to-seed noise.
//!
//! Every variant plays seeds 1..=N, so runs are paired by seed: the difference for a seed is
//! the effect of the setting on that very war, and the spread of those differences says how
//! sure the comparison is (a difference counts as real when it is more than twice its
//! standard error, about 95%).
//!
//! The numbers are computed once into a [`Summary`]; the command's table and the interface's
//! what-if screen both read it, so they cannot disagree.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::data;
use crate::sim::map::Side;
use crate::study::calibrate::{play, RunFacts, Spread};

/// One value of the varied setting and the runs played with it.
#[derive(Clone, Debug)]
pub struct Variant {
    pub label: String,
    pub runs: Vec<RunFacts>,
}

/// Plays `runs` seeds for each value of `key`, on all cores; `tick` is called after each run.
pub fn run(
    scenario: &str,
    base: &[String],
    key: &str,
    values: &[String],
    runs: u32,
    cancel: &std::sync::atomic::AtomicBool,
    tick: &(dyn Fn() + Sync),
) -> Result<Vec<Variant>, String> {
    if values.len() < 2 {
        return Err(format!("--vary {key}=...: give at least two values, separated by commas"));
    }
    let mut loaded = Vec::new();
    for v in values {
        let mut l = data::load_scenario(scenario, 0).map_err(|e| e.to_string())?;
        for kv in base {
            data::settings::apply(&mut l, kv)?;
        }
        data::settings::apply(&mut l, &format!("{key}={v}"))?;
        loaded.push(l);
    }
    let jobs: Vec<(usize, u64)> = (0..values.len()).flat_map(|i| (1..=runs as u64).map(move |s| (i, s))).collect();
    let done = AtomicUsize::new(0);
    let results: Vec<Result<(usize, RunFacts), String>> = jobs
        .par_iter()
        .map(|&(i, seed)| {
            if cancel.load(Ordering::Relaxed) {
                return Err("cancelled".to_string());
            }
            let f = play(&loaded[i], seed, None)?;
            done.fetch_add(1, Ordering::Relaxed);
            tick();
            Ok((i, f))
        })
        .collect();
    let mut out: Vec<Variant> =
        values.iter().map(|v| Variant { label: format!("{key}={v}"), runs: Vec::new() }).collect();
    for r in results {
        let (i, f) = r?;
        out[i].runs.push(f);
    }
    for v in &mut out {
        v.runs.sort_by_key(|f| f.seed);
    }
    Ok(out)
}

/// The upper median (the middle value of an odd sample, the upper of the two middle ones of an
/// even one), as the table has always printed it.
fn median(sorted: &[f64]) -> f64 {
    if sorted.is_empty() {
        f64::NAN
    } else {
        sorted[sorted.len() / 2]
    }
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
    /// Percentiles are the nearest sample to the rank, the same rule as [`Spread`].
    pub fn of(v: &[f64]) -> Stats {
        let sp = Spread::of(v);
        let mut s = v.to_vec();
        s.sort_by(|a, b| a.total_cmp(b));
        let q = |p: f64| if s.is_empty() { f64::NAN } else { s[((s.len() - 1) as f64 * p).round() as usize] };
        Stats {
            n: s.len(),
            mean: sp.mean,
            median: median(&s),
            min: s.first().copied().unwrap_or(f64::NAN),
            max: s.last().copied().unwrap_or(f64::NAN),
            p10: sp.p10,
            p90: sp.p90,
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
    VehiclesRu,
    VehiclesUa,
    Days,
}

impl MeasureId {
    /// In the order the table prints them.
    pub const ALL: [MeasureId; 7] = [
        MeasureId::GroundRu,
        MeasureId::GroundUa,
        MeasureId::PersonnelRu,
        MeasureId::PersonnelUa,
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
            MeasureId::VehiclesRu => "vehicles lost, Russia",
            MeasureId::VehiclesUa => "vehicles lost, Ukraine",
            MeasureId::Days => "days played",
        }
    }

    /// The side a measure belongs to, if it belongs to one.
    pub fn side(self) -> Option<Side> {
        match self {
            MeasureId::GroundRu | MeasureId::PersonnelRu | MeasureId::VehiclesRu => Some(Side::Ru),
            MeasureId::GroundUa | MeasureId::PersonnelUa | MeasureId::VehiclesUa => Some(Side::Ua),
            MeasureId::Days => None,
        }
    }

    pub fn of(self, r: &RunFacts) -> f64 {
        match self {
            MeasureId::GroundRu => r.ground_km2[0],
            MeasureId::GroundUa => r.ground_km2[1],
            MeasureId::PersonnelRu => r.personnel_lost[0] as f64,
            MeasureId::PersonnelUa => r.personnel_lost[1] as f64,
            MeasureId::VehiclesRu => r.vehicles_lost[0] as f64,
            MeasureId::VehiclesUa => r.vehicles_lost[1] as f64,
            MeasureId::Days => r.days as f64,
        }
    }
}

/// The paired difference of a measure between a variant and the first one: the mean of the
/// per-seed differences and its standard error (NaN with fewer than two seeds).
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// The first variant's label (the reference).
    pub reference: String,
    pub variant: String,
    pub mean: f64,
    pub se: f64,
}

impl Difference {
    fn paired(reference: &Variant, v: &Variant, m: MeasureId) -> Difference {
        let d: Vec<f64> = reference.runs.iter().zip(&v.runs).map(|(x, y)| m.of(y) - m.of(x)).collect();
        let n = d.len() as f64;
        let (mean, se) = if n < 2.0 {
            (d.first().copied().unwrap_or(0.0), f64::NAN)
        } else {
            let mean = d.iter().sum::<f64>() / n;
            let var = d.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
            (mean, libm::sqrt(var / n))
        };
        Difference { reference: reference.label.clone(), variant: v.label.clone(), mean, se }
    }

    /// Whether the difference is larger than the seed-to-seed noise (more than twice its
    /// standard error); None when there are too few runs to judge.
    pub fn real(&self) -> Option<bool> {
        self.se.is_finite().then(|| self.mean.abs() > 2.0 * self.se)
    }

    /// The plain-words line the table prints.
    pub fn verdict(&self) -> String {
        verdict(&self.reference, &self.variant, self.mean, self.se)
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
    /// Runs per variant (seeds 1..=runs).
    pub runs: usize,
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
        s.push_str(&format!("{n} runs per variant (seeds 1–{n}); mean, median, 10–90% range\n\n"));
        let w = self.labels.iter().map(|l| l.len()).max().unwrap_or(10).max(28);
        for m in &self.measures {
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

/// The comparison table, for people (see [`Summary::table`]).
pub fn table(vs: &[Variant]) -> String {
    Summary::of(vs).table()
}

/// Plain words on a paired difference.
pub fn verdict(a: &str, b: &str, d: f64, se: f64) -> String {
    if !se.is_finite() {
        return format!("{b} vs {a}: {d:+.1} ({})", words(None));
    }
    format!("{b} vs {a}: {d:+.1} (±{:.1} at ~95%): {}", 2.0 * se, words(Some(d.abs() > 2.0 * se)))
}

/// What a difference amounts to: larger than the noise (`Some(true)`), within it, or unknown.
pub fn words(real: Option<bool>) -> &'static str {
    match real {
        Some(true) => "larger than the seed-to-seed noise — a real difference",
        Some(false) => "within the seed-to-seed noise — no clear difference",
        None => "too few runs to judge the noise",
    }
}

/// One row per run, for the user's own analysis.
#[derive(Serialize)]
pub struct Row<'a> {
    pub variant: &'a str,
    pub seed: u64,
    pub days: u32,
    pub winner: Option<&'static str>,
    pub ru_ground_km2: f64,
    pub ua_ground_km2: f64,
    pub ru_personnel_lost: u32,
    pub ua_personnel_lost: u32,
    pub ru_vehicles_lost: u32,
    pub ua_vehicles_lost: u32,
    pub end_reason: &'a str,
}

pub fn rows(vs: &[Variant]) -> Vec<Row<'_>> {
    vs.iter()
        .flat_map(|v| {
            v.runs.iter().map(move |r| Row {
                variant: &v.label,
                seed: r.seed,
                days: r.days,
                winner: r.winner.map(|s| s.code()),
                ru_ground_km2: r.ground_km2[0],
                ua_ground_km2: r.ground_km2[1],
                ru_personnel_lost: r.personnel_lost[0],
                ua_personnel_lost: r.personnel_lost[1],
                ru_vehicles_lost: r.vehicles_lost[0],
                ua_vehicles_lost: r.vehicles_lost[1],
                end_reason: &r.end_reason,
            })
        })
        .collect()
}

/// The CSV header matching [`Row`].
pub const CSV_HEADER: &str = "variant,seed,days,winner,ru_ground_km2,ua_ground_km2,ru_personnel_lost,ua_personnel_lost,ru_vehicles_lost,ua_vehicles_lost,end_reason";

pub fn csv_line(r: &Row) -> String {
    format!(
        "{},{},{},{},{:.1},{:.1},{},{},{},{},\"{}\"",
        r.variant,
        r.seed,
        r.days,
        r.winner.unwrap_or(""),
        r.ru_ground_km2,
        r.ua_ground_km2,
        r.ru_personnel_lost,
        r.ua_personnel_lost,
        r.ru_vehicles_lost,
        r.ua_vehicles_lost,
        r.end_reason.replace('"', "'")
    )
}

//! `attrition whatif`: the same battle over the same seeds for each value of one setting, and
//! the difference between them set against the seed-to-seed noise.
//!
//! Every variant plays seeds 1..=N, so runs are paired by seed: the difference for a seed is
//! the effect of the setting on that very war, and the spread of those differences says how
//! sure the comparison is (a difference counts as real when it is more than twice its
//! standard error, about 95%).

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::calibrate::{play, RunFacts, Spread};
use crate::data;
use crate::sim::map::Side;

/// One value of the varied setting and the runs played with it.
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

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    if s.is_empty() {
        f64::NAN
    } else {
        s[s.len() / 2]
    }
}

/// A measure taken from each run.
struct Measure {
    name: &'static str,
    get: fn(&RunFacts) -> f64,
}

const MEASURES: &[Measure] = &[
    Measure { name: "ground gained, Russia (km²)", get: |r| r.ground_km2[0] },
    Measure { name: "ground gained, Ukraine (km²)", get: |r| r.ground_km2[1] },
    Measure { name: "personnel lost, Russia", get: |r| r.personnel_lost[0] as f64 },
    Measure { name: "personnel lost, Ukraine", get: |r| r.personnel_lost[1] as f64 },
    Measure { name: "vehicles lost, Russia", get: |r| r.vehicles_lost[0] as f64 },
    Measure { name: "vehicles lost, Ukraine", get: |r| r.vehicles_lost[1] as f64 },
    Measure { name: "days played", get: |r| r.days as f64 },
];

/// The paired difference of a measure between two variants: mean and its standard error.
fn paired(a: &[RunFacts], b: &[RunFacts], get: fn(&RunFacts) -> f64) -> (f64, f64) {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| get(y) - get(x)).collect();
    let n = d.len() as f64;
    if n < 2.0 {
        return (d.first().copied().unwrap_or(0.0), f64::NAN);
    }
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, libm::sqrt(var / n))
}

/// The comparison table, for people.
pub fn table(vs: &[Variant]) -> String {
    let mut s = String::new();
    let n = vs.first().map(|v| v.runs.len()).unwrap_or(0);
    s.push_str(&format!("{n} runs per variant (seeds 1–{n}); mean, median, 10–90% range\n\n"));
    let w = vs.iter().map(|v| v.label.len()).max().unwrap_or(10).max(28);
    for m in MEASURES {
        s.push_str(&format!("{}\n", m.name));
        for v in vs {
            let x: Vec<f64> = v.runs.iter().map(m.get).collect();
            let sp = Spread::of(&x);
            s.push_str(&format!(
                "  {:<w$}  mean {:>8.1}  median {:>8.1}  range {:>8.1} – {:<8.1}\n",
                v.label,
                sp.mean,
                median(&x),
                sp.p10,
                sp.p90
            ));
        }
        for v in &vs[1..] {
            let (d, se) = paired(&vs[0].runs, &v.runs, m.get);
            s.push_str(&format!("  {}\n", verdict(&vs[0].label, &v.label, d, se)));
        }
        s.push('\n');
    }
    s.push_str("share of wins\n");
    for v in vs {
        let n = v.runs.len().max(1) as f64;
        let share = |w: Option<Side>| 100.0 * v.runs.iter().filter(|r| r.winner == w).count() as f64 / n;
        s.push_str(&format!(
            "  {:<w$}  Russia {:>5.1}%  Ukraine {:>5.1}%  neither {:>5.1}%\n",
            v.label,
            share(Some(Side::Ru)),
            share(Some(Side::Ua)),
            share(None)
        ));
    }
    s.push_str("\ndays until Russia holds each objective (runs where it did; share of runs)\n");
    let names: Vec<String> = vs
        .first()
        .map(|v| v.runs.first().map(|r| r.objective_days.iter().map(|o| o.0.clone()).collect()).unwrap_or_default())
        .unwrap_or_default();
    for (k, name) in names.iter().enumerate() {
        s.push_str(&format!("  {name}\n"));
        for v in vs {
            let days: Vec<f64> =
                v.runs.iter().filter_map(|r| r.objective_days.get(k).and_then(|o| o.1)).map(|d| d as f64).collect();
            let share = 100.0 * days.len() as f64 / v.runs.len().max(1) as f64;
            if days.is_empty() {
                s.push_str(&format!("    {:<w$}  never taken\n", v.label));
            } else {
                let sp = Spread::of(&days);
                s.push_str(&format!(
                    "    {:<w$}  day {:>5.1} (median {:>5.1}; {:.0}% of runs)\n",
                    v.label,
                    sp.mean,
                    median(&days),
                    share
                ));
            }
        }
    }
    s
}

/// Plain words on a paired difference.
pub fn verdict(a: &str, b: &str, d: f64, se: f64) -> String {
    if !se.is_finite() {
        return format!("{b} vs {a}: {d:+.1} (too few runs to judge the noise)");
    }
    let real = d.abs() > 2.0 * se;
    format!(
        "{b} vs {a}: {d:+.1} (±{:.1} at ~95%): {}",
        2.0 * se,
        if real {
            "larger than the seed-to-seed noise — a real difference"
        } else {
            "within the seed-to-seed noise — no clear difference"
        }
    )
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

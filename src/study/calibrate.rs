//! `attrition calibrate`: the model against the reporting, claim by claim, over many seeds.
//!
//! Every claim compares the model with the source's own figure or band, scaled to the scenario
//! by its declared share of the front (`scale` in the scenario file; the scaling is printed),
//! played at the reference pairing: the strong AI on both sides. A claim holds only inside its
//! band (the tolerance, where there is one, is printed with it). Totals that would mislead are
//! normalised: armored losses per vehicle-day fielded, drone losses per person-day exposed.
//!
//! Each claim says what kind of evidence it is ([`Basis`]): a test of numbers that were not set
//! from the same event, a target the rules were designed to meet (reported, but no evidence),
//! or a check that the scenario's inputs are what the sources say.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::ai::AiLevel;
use crate::data::{self, Loaded};
use crate::sim::components::UnitId;
use crate::sim::events::{Event, LossCause};
use crate::sim::map::Side;
use crate::sim::rules::UnitKind;
use crate::sim::{CeasefireRecord, Game};

use super::play::Match;
use super::stats::{quantile, MeanInterval};

/// Mean and 10–90% range of a sample (type-7 percentiles, as `whatif`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Spread {
    pub mean: f64,
    pub p10: f64,
    pub p90: f64,
}

impl Spread {
    pub fn of(v: &[f64]) -> Spread {
        if v.is_empty() {
            return Spread { mean: f64::NAN, p10: f64::NAN, p90: f64::NAN };
        }
        Spread { mean: v.iter().sum::<f64>() / v.len() as f64, p10: quantile(v, 0.1), p90: quantile(v, 0.9) }
    }
}

impl std::fmt::Display for Spread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.mean.abs() >= 100.0 {
            write!(f, "{:.0} ({:.0}–{:.0})", self.mean, self.p10, self.p90)
        } else {
            write!(f, "{:.2} ({:.2}–{:.2})", self.mean, self.p10, self.p90)
        }
    }
}

/// What kind of evidence a claim is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// No number in the rules or scenarios was set from this event: the model could fail it.
    Tested,
    /// The rules were designed to meet it (the issue or the source asked for it): shown so a
    /// change that breaks it is seen, but it is not evidence for the model.
    Target,
    /// The scenario's inputs, checked against the source (forces, densities).
    Input,
}

impl Basis {
    pub fn name(self) -> &'static str {
        match self {
            Basis::Tested => "tested",
            Basis::Target => "design target",
            Basis::Input => "input check",
        }
    }
}

/// One row of the calibration table.
#[derive(Clone, Debug, Serialize)]
pub struct Claim {
    pub id: &'static str,
    pub claim: &'static str,
    pub source: &'static str,
    /// The source's figure or band, as reported.
    pub reported: String,
    /// How it was scaled to the scenario (empty when no scaling applies).
    pub scaling: String,
    /// The model's figure in words, with its 10–90% range.
    pub model: String,
    /// The figure the band is judged on, and the band (after scaling and tolerance).
    pub value: f64,
    pub band: (f64, f64),
    pub holds: bool,
    pub basis: Basis,
    /// A directional test whose 95% interval includes zero: at this many seeds the model neither
    /// shows the effect nor contradicts it (it does not hold; more seeds would decide).
    pub undecided: bool,
}

impl Claim {
    /// HOLDS, FAILS, or UNDECIDED (a difference not resolved at this many seeds).
    pub fn verdict(&self) -> &'static str {
        match (self.holds, self.undecided) {
            (true, _) => "HOLDS",
            (false, true) => "UNDECIDED",
            (false, false) => "FAILS",
        }
    }
}

/// What one run of a case measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunFacts {
    pub seed: u64,
    pub days: u32,
    /// The final world's digest (the same as `sim` reports for this seed and settings).
    pub state_hash: u64,
    pub winner: Option<Side>,
    pub end_reason: String,
    /// Ground each side gained (km²).
    pub ground_km2: [f64; 2],
    /// Russia's net ground gained (km²).
    pub ru_net_km2: f64,
    pub personnel_lost: [u32; 2],
    pub vehicles_lost: [u32; 2],
    /// Personnel lost by cause (indexed by `LossCause`), per side.
    pub by_cause: [[u32; 5]; 2],
    /// Each side's grouping (units, pool and rear) at the start and at the end.
    pub grouping: [(u32, u32); 2],
    /// Ukrainian infantry on the line at the start, per km of front.
    pub ua_line_per_km: f64,
    /// Per unit kind: soldiers lost to drones (strikes and crossing), and person-days the
    /// kind's units spent under enemy drone coverage (ending the day in it, or hit crossing it).
    pub exposure: BTreeMap<UnitKind, (u64, u64)>,
    /// Vehicles lost by armored groups and vehicle-days they fielded on the map, per side.
    pub armor_lost: [u32; 2],
    pub armor_days: [u64; 2],
    /// Every objective with the first day Russia held it (None: never).
    pub objective_days: Vec<(String, Option<u32>)>,
    /// Every ceasefire proposed, with the answers.
    pub ceasefires: Vec<CeasefireRecord>,
}

/// Ukrainian infantry (positions and fighting groups) standing on or next to the line, per km of
/// the front (own cells touching enemy-held ground, one km each per cell side).
fn line_density(g: &Game, side: Side) -> f64 {
    let map = g.map();
    let control = g.control();
    let front = |i: usize| map.neighbours(map.cell_at(i)).any(|n| control[map.idx(n)] != side);
    let front_cells =
        (0..map.len()).filter(|i| control[*i] == side && map.passable(map.cell_at(*i)) && front(*i)).count();
    let near_line = |c: crate::sim::map::Cell| {
        let i = map.idx(c);
        control[i] == side && (front(i) || map.neighbours(c).any(|n| front(map.idx(n)) && control[map.idx(n)] == side))
    };
    let infantry: u32 = g
        .roster(side)
        .iter()
        .filter(|u| u.kind.holds_ground() && u.kind != UnitKind::Reserve)
        .filter(|u| u.cell.is_some_and(near_line))
        .map(|u| u.personnel)
        .sum();
    infantry as f64 / (front_cells.max(1) as f64 * map.cell_km)
}

/// Plays one game at the given pairing and measures it.
pub fn play(loaded: &Loaded, seed: u64, ai: [AiLevel; 2]) -> Result<RunFacts, String> {
    let g = loaded.new_game(seed)?;
    let mut f = RunFacts {
        grouping: [(g.grouping(Side::Ru), 0), (g.grouping(Side::Ua), 0)],
        ua_line_per_km: line_density(&g, Side::Ua),
        ..Default::default()
    };
    f.objective_days = g.scenario().objectives.iter().map(|o| (o.name.clone(), None)).collect();
    // Each unit's kind, strength, vehicles and side in the morning.
    let kinds_of = |g: &Game| -> BTreeMap<UnitId, (UnitKind, u32, u32, Side)> {
        Side::BOTH
            .into_iter()
            .flat_map(|s| g.roster(s))
            .map(|u| (u.id, (u.kind, u.personnel, u.vehicles, u.side)))
            .collect()
    };
    let mut kinds = kinds_of(&g);
    let mut m = Match::computers(g, ai);
    m.play_out(None, |g, rep| {
        let evening = kinds_of(g);
        let mut exposed_today: BTreeMap<UnitId, ()> = BTreeMap::new();
        for e in &rep.events {
            let hit = match e {
                Event::DroneStrike { target, personnel, .. } => Some((*target, *personnel)),
                Event::Exposed { unit, personnel, .. } => {
                    exposed_today.insert(*unit, ());
                    Some((*unit, *personnel))
                }
                _ => None,
            };
            if let Some((u, p)) = hit {
                if let Some((k, ..)) = kinds.get(&u) {
                    f.exposure.entry(*k).or_default().0 += p as u64;
                }
            }
        }
        // Person-days under the enemy's drones: units that ended the day under its coverage or
        // were hit crossing it, counted with their morning strength.
        for s in Side::BOTH {
            let cover = g.coverage(s.other());
            for u in g.roster(s) {
                let Some((k, p, v, _)) = kinds.get(&u.id) else { continue };
                let covered = u.cell.is_some_and(|c| cover[g.map().idx(c)] > 0.0);
                if covered || exposed_today.contains_key(&u.id) {
                    f.exposure.entry(*k).or_default().1 += *p as u64;
                }
                if *k == UnitKind::ArmoredGroup && u.cell.is_some() {
                    f.armor_days[s.index()] += *v as u64;
                }
            }
        }
        // Armored vehicles lost today: what armored groups had this morning and no longer have.
        for (id, (k, _, v, side)) in &kinds {
            if *k == UnitKind::ArmoredGroup {
                let now = evening.get(id).map(|u| u.2).unwrap_or(0);
                f.armor_lost[side.index()] += v.saturating_sub(now);
            }
        }
        for (o, (_, day)) in g.scenario().objectives.iter().zip(f.objective_days.iter_mut()) {
            if day.is_none() && g.objective_status(o).1 {
                *day = Some(g.day());
            }
        }
        kinds = evening;
    });
    let g = m.into_game();
    f.seed = seed;
    f.state_hash = g.state_hash();
    f.days = g.day();
    f.winner = g.outcome().and_then(|o| o.winner);
    f.end_reason = g.outcome().map(|o| crate::words::end_reason(&o.reason)).unwrap_or_default();
    f.ground_km2 = [g.ground_gained_km2(Side::Ru), g.ground_gained_km2(Side::Ua)];
    f.ru_net_km2 = f.ground_km2[0] - f.ground_km2[1];
    f.ceasefires = g.ceasefire_records().to_vec();
    for s in Side::BOTH {
        let l = &g.side(s).losses;
        f.personnel_lost[s.index()] = l.personnel_total();
        f.vehicles_lost[s.index()] = l.vehicles_total();
        f.by_cause[s.index()] = l.personnel;
        f.grouping[s.index()].1 = g.grouping(s);
    }
    Ok(f)
}

/// One scenario with its settings, played over the same seeds as every other case.
#[derive(Clone, Debug)]
pub struct Case {
    pub scenario: &'static str,
    pub settings: &'static [&'static str],
}

/// Runs a case over seeds 1..=runs at the pairing, on all cores; `tick` after each run.
pub fn case(case: &Case, runs: u32, ai: [AiLevel; 2], tick: &(dyn Fn() + Sync)) -> Result<Vec<RunFacts>, String> {
    let mut l = data::load_scenario(case.scenario, 0).map_err(|e| e.to_string())?;
    for kv in case.settings {
        data::settings::apply(&mut l, kv)?;
    }
    (1..=runs as u64)
        .into_par_iter()
        .map(|seed| {
            let r = play(&l, seed, ai);
            tick();
            r
        })
        .collect()
}

/// The scenario's declared scale (for scaling the sources' front-wide figures).
fn scale_of(id: &str) -> Result<crate::sim::scenario::Scale, String> {
    Ok(data::load_scenario(id, 0).map_err(|e| e.to_string())?.setup.scenario.scale)
}

fn values(r: &[RunFacts], f: impl Fn(&RunFacts) -> f64) -> Vec<f64> {
    r.iter().map(f).collect()
}

/// Paired differences b − a by seed (the cases play the same seeds).
fn paired(a: &[RunFacts], b: &[RunFacts], f: impl Fn(&RunFacts) -> f64) -> MeanInterval {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| f(y) - f(x)).collect();
    MeanInterval::of(&d, 0.95)
}

fn within(v: f64, band: (f64, f64)) -> bool {
    v >= band.0 && v <= band.1
}

/// The cases every claim draws on.
pub const DEFAULT: &str = data::DEFAULT_SCENARIO;
pub const CASES: [(&str, Case); 9] = [
    ("base", Case { scenario: DEFAULT, settings: &[] }),
    ("lines_off", Case { scenario: DEFAULT, settings: &["ru.drone_line=off", "ua.drone_line=off"] }),
    ("recruits_x2", Case { scenario: DEFAULT, settings: &["ru.recruits_per_day=2320"] }),
    ("aid_cutoff", Case { scenario: DEFAULT, settings: &["aid=cutoff"] }),
    ("armor_heavy", Case { scenario: DEFAULT, settings: &["ru.armor=heavy"] }),
    ("spring", Case { scenario: "pokrovsk-drone-line", settings: &[] }),
    ("spring_no_line", Case { scenario: "pokrovsk-drone-line", settings: &["ua.drone_line=off"] }),
    ("sudzha", Case { scenario: "sudzha", settings: &[] }),
    ("sudzha_no_line", Case { scenario: "sudzha", settings: &["ru.drone_line=off"] }),
];

/// A claim that a change gives Russia more ground: the paired difference by seed, holding when
/// its 95% interval lies above zero.
fn more_ground(
    (id, claim): (&'static str, &'static str),
    source: &'static str,
    reported: &str,
    scaling: String,
    [(a_name, a), (b_name, b)]: [(&str, &[RunFacts]); 2],
) -> Claim {
    let d = paired(a, b, |f| f.ru_net_km2);
    // Neither shown nor contradicted: the interval straddles zero (or, with one seed, there is no
    // interval). The seeds that would show a true difference of this size four times in five: the
    // half-width shrinks as one over the root of the seeds, and 80% power asks for
    // ((1.96 + 0.84) / 1.96)² ≈ 2.04 times the seeds that put the interval's end at zero.
    let (above, below) = (d.lo > 0.0, d.hi < 0.0);
    let undecided = !above && !below;
    let half = (d.hi - d.lo) / 2.0;
    let seeds = a.len().min(b.len());
    let resolve = if undecided && d.mean > 0.0 && half.is_finite() {
        let n = seeds as f64 * (half / d.mean).powi(2) * 2.04;
        format!(
            "; not resolved at {seeds} seed{} (about {:.0} would show a difference this size: --runs)",
            if seeds == 1 { "" } else { "s" },
            (n / 50.0).ceil() * 50.0
        )
    } else if undecided {
        format!("; not resolved at {seeds} seed{}", if seeds == 1 { "" } else { "s" })
    } else {
        String::new()
    };
    Claim {
        id,
        claim,
        source,
        reported: reported.into(),
        scaling,
        model: format!(
            "RU net km²: {a_name} {}; {b_name} {}; difference {:+.0} ({})",
            Spread::of(&values(a, |f| f.ru_net_km2)),
            Spread::of(&values(b, |f| f.ru_net_km2)),
            d.mean,
            if half.is_finite() { format!("95% {:+.0} to {:+.0}", d.lo, d.hi) } else { "no interval".into() }
        ) + &resolve,
        value: d.mean,
        band: (0.0, f64::INFINITY),
        holds: above,
        basis: Basis::Tested,
        undecided,
    }
}

/// All claims, each measured over `runs` seeds at the pairing; `tick` after each game played
/// (there are `CASES.len() × runs`).
pub fn claims(runs: u32, ai: [AiLevel; 2], tick: &(dyn Fn() + Sync)) -> Result<Vec<Claim>, String> {
    let mut r: BTreeMap<&str, Vec<RunFacts>> = BTreeMap::new();
    for (name, c) in &CASES {
        r.insert(name, case(c, runs, ai, tick)?);
    }
    let base = &r["base"];
    let sc = scale_of(DEFAULT)?;
    let mut out = Vec::new();

    // Ground: DeepState's monthly figures, May–August 2025, at the sector's share of the ground.
    let per_day = Spread::of(&values(base, |f| f.ru_net_km2 / f.days.max(1) as f64));
    let band = (449.0 / 31.0 * sc.ground * 0.7, 564.0 / 31.0 * sc.ground * 1.3);
    out.push(Claim {
        id: "ground",
        claim: "Russia's advance in the sector, km² a day",
        source: "FACTS: Ground (DeepState: 449 km² in May 2025, about 200 of them on this breakthrough; 556, 564, 464 in Jun–Aug)",
        reported: "449–564 km² a month front-wide".into(),
        scaling: format!("× ground share {} ÷ 31 days, ±30%", sc.ground),
        model: format!("RU net km²/day {per_day} [{DEFAULT}]"),
        value: per_day.mean,
        band,
        holds: within(per_day.mean, band),
        basis: Basis::Tested,
        undecided: false,
    });

    // Losses per day, and as a share of strength.
    let ru_day = Spread::of(&values(base, |f| f.personnel_lost[0] as f64 / f.days.max(1) as f64));
    let ua_day = Spread::of(&values(base, |f| f.personnel_lost[1] as f64 / f.days.max(1) as f64));
    let band = (500.0 * sc.intensity * 0.85, 1110.0 * sc.intensity * 1.15);
    out.push(Claim {
        id: "losses",
        claim: "Russian losses a day in the sector",
        source: "FACTS: Losses (UK MoD: ~1,110 a day front-wide, May 2025); Meduza/Mediazona: 500–750 a day, H2 2024",
        reported: "500–1,110 a day front-wide".into(),
        scaling: format!("× intensity share {}, ±15%", sc.intensity),
        model: format!("RU {ru_day}/day; UA {ua_day}/day (no source figure for Ukraine's)"),
        value: ru_day.mean,
        band,
        holds: within(ru_day.mean, band),
        basis: Basis::Tested,
        undecided: false,
    });
    let rate = Spread::of(&values(base, |f| {
        100.0 * f.personnel_lost[0] as f64 / f.days.max(1) as f64 / f.grouping[0].0.max(1) as f64
    }));
    let expect = 0.16 * sc.intensity / sc.forces;
    let band = (expect * 0.6, expect * 1.4);
    out.push(Claim {
        id: "loss_rate",
        claim: "Russian losses a day as a share of the grouping",
        source: "FACTS: Losses (about 0.16% of the deployed force a day, May 2025)",
        reported: "0.16% a day front-wide".into(),
        scaling: format!("× intensity share {} ÷ forces share {} = {expect:.2}%, ±40%", sc.intensity, sc.forces),
        model: format!("{rate}% a day"),
        value: rate.mean,
        band,
        holds: within(rate.mean, band),
        basis: Basis::Tested,
        undecided: false,
    });

    // Drones' share of casualties (strikes and crossing), each side.
    let share = |s: usize| {
        Spread::of(&values(base, |f| {
            let c = &f.by_cause[s];
            let tot: u32 = c.iter().sum();
            100.0 * (c[LossCause::Drones.index()] + c[LossCause::Exposure.index()]) as f64 / tot.max(1) as f64
        }))
    };
    let (ru_s, ua_s) = (share(0), share(1));
    let band = (60.0, 80.0);
    out.push(Claim {
        id: "drone_share",
        claim: "Drones cause most casualties",
        source: "FACTS: Drones' share of casualties in 2025 (The Times: ~70%; Zaluzhnyi: up to 80%; RUSI: 60–70% of equipment)",
        reported: "60–80% of casualties".into(),
        scaling: String::new(),
        model: format!("share of losses to drones: RU {ru_s}%; UA {ua_s}%"),
        value: ru_s.mean.min(ua_s.mean),
        band,
        holds: within(ru_s.mean, band) && within(ua_s.mean, band),
        basis: Basis::Tested,
        undecided: false,
    });

    // The stillness comes from the drones.
    let off = &r["lines_off"];
    let (g_on, g_off) = (Spread::of(&values(base, |f| f.ru_net_km2)), Spread::of(&values(off, |f| f.ru_net_km2)));
    let ratio = g_off.mean / g_on.mean.max(0.1);
    out.push(Claim {
        id: "drones_off",
        claim: "Without both drone lines the front moves at least twice as far",
        source:
            "issue 10 (the stillness must come from the drones); Meduza: drones \"prevent either side from massing\"",
        reported: "RU net ground with both lines off ≥ 2× with them on".into(),
        scaling: String::new(),
        model: format!("RU net km² in {:.0} days: on {g_on}; off {g_off}; {ratio:.2}×", mean_days(base)),
        value: ratio,
        band: (2.0, f64::INFINITY),
        holds: ratio >= 2.0,
        basis: Basis::Target,
        undecided: false,
    });

    // The drone line near Pokrovsk in the spring.
    let (s_on, s_off) = (&r["spring"], &r["spring_no_line"]);
    let (a, b) = (Spread::of(&values(s_on, |f| f.ru_net_km2)), Spread::of(&values(s_off, |f| f.ru_net_km2)));
    let ratio = b.mean / a.mean.max(0.1);
    out.push(Claim {
        id: "drone_line",
        claim: "Ukraine's drone line stalls the Russian advance on Pokrovsk",
        source: "Meduza 2025-05 (\"temporarily stalled Russia's advance toward Pokrovsk\")",
        reported: "the advance stalls with the line and resumes without it (≥ 1.5× the ground)".into(),
        scaling: String::new(),
        model: format!("RU net km² [pokrovsk-drone-line]: line on {a}; off {b}; {ratio:.2}×"),
        value: ratio,
        band: (1.5, f64::INFINITY),
        holds: ratio >= 1.5,
        basis: Basis::Tested,
        undecided: false,
    });

    // Recruitment shows in the result.
    let x2 = &r["recruits_x2"];
    out.push(more_ground(
        ("recruitment", "With technology matched, numbers decide: doubling Russia's recruits moves the front"),
        "Meduza (\"numerical advantage becomes decisive\"); FACTS: Manpower (~1,160 a day in 2025)",
        "more Russian ground with 2,320 recruits a day than with 1,160",
        format!("recruits × intensity share {}", sc.intensity),
        [("1,160/day", base), ("2,320/day", x2)],
    ));

    // Forces: Russia holds the numbers; Ukraine's line is thin.
    let ratio = Spread::of(&values(base, |f| f.grouping[0].0 as f64 / f.grouping[1].0.max(1) as f64));
    let density = Spread::of(&values(base, |f| f.ua_line_per_km));
    out.push(Claim {
        id: "forces",
        claim: "Russia holds the numbers; Ukraine's infantry line is thin",
        source:
            "FACTS: Scale (~111,000 Russian troops on the Pokrovsk axis; Ukrainian infantry 4–7 per km of front, FT)",
        reported: "RU:UA > 1; Ukrainian infantry 4–7 per km".into(),
        scaling: format!("forces share {}", sc.forces),
        model: format!("grouping RU:UA {ratio}; Ukrainian infantry on the line {density} per km"),
        value: density.mean,
        band: (4.0, 7.0),
        holds: ratio.mean > 1.0 && within(density.mean, (4.0, 7.0)),
        basis: Basis::Input,
        undecided: false,
    });

    // Sudzha.
    let sz = scale_of("sudzha")?;
    let fell = |runs: &[RunFacts]| -> (f64, Spread) {
        let days: Vec<f64> = runs
            .iter()
            .filter_map(|f| f.objective_days.iter().find(|o| o.0 == "Sudzha").and_then(|o| o.1))
            .map(|d| d as f64)
            .collect();
        (days.len() as f64 / runs.len().max(1) as f64, Spread::of(&days))
    };
    let (on_share, on_days) = fell(&r["sudzha"]);
    let (off_share, off_days) = fell(&r["sudzha_no_line"]);
    let band = (14.0, 28.0);
    out.push(Claim {
        id: "sudzha_timeline",
        claim: "Russian drones on the Sumy road collapse the Sudzha defence on the reported timeline",
        source: "FACTS: Sudzha (road under drone fire by 25 Feb; Sudzha claimed 13 Mar: day 21 from the 20 Feb start); Meduza",
        reported: "Sudzha lost about day 21 (2–4 weeks)".into(),
        scaling: String::new(),
        model: format!("Sudzha fell in {:.0}% of runs, on day {on_days}", 100.0 * on_share),
        value: on_days.mean,
        band,
        holds: on_share >= 0.6 && within(on_days.mean, band),
        basis: Basis::Tested,
        undecided: false,
    });
    // Without the line it holds clearly longer: it falls in fewer runs or later.
    let later = off_share < on_share - 0.2 || (off_share > 0.0 && off_days.mean > on_days.mean + 5.0);
    out.push(Claim {
        id: "sudzha_no_line",
        claim: "Without the drones on the road, Sudzha holds clearly longer",
        source: "Meduza (\"Russian drones had severed supply lines ... leading to the collapse\")",
        reported: "falls in fewer runs (−20 points) or later (+5 days)".into(),
        scaling: String::new(),
        model: format!(
            "with the line: fell in {:.0}% (day {on_days}); without: {:.0}% (day {off_days})",
            100.0 * on_share,
            100.0 * off_share
        ),
        value: off_share - on_share,
        band: (f64::NEG_INFINITY, -0.2),
        holds: later,
        basis: Basis::Tested,
        undecided: false,
    });
    let lost =
        Spread::of(&values(&r["sudzha"], |f| 100.0 * f.personnel_lost[1] as f64 / f.grouping[1].0.max(1) as f64));
    out.push(Claim {
        id: "sudzha_withdrawal",
        claim: "Ukraine withdraws from Sudzha under drone fire; it is not annihilated",
        source: "FACTS: Sudzha, March 2025 (NYT and Black Bird Group: an orderly withdrawal, no mass encirclement)",
        reported: "Ukrainian losses well below half the grouping (~12,000)".into(),
        scaling: format!("Kursk front: forces share {}", sz.forces),
        model: format!("Ukraine lost {lost}% of its grouping in 30 days"),
        value: lost.mean,
        band: (0.0, 35.0),
        holds: lost.mean < 35.0,
        basis: Basis::Tested,
        undecided: false,
    });

    // Ceasefire, spring 2025.
    let records: Vec<&CeasefireRecord> = r["spring"].iter().flat_map(|f| f.ceasefires.iter()).collect();
    let n = records.len().max(1) as f64;
    let ru_refused = records.iter().filter(|c| !c.ru_accepts).count() as f64 / n;
    let ua_accepted = records.iter().filter(|c| c.ua_accepts).count() as f64 / n;
    out.push(Claim {
        id: "ceasefire_spring",
        claim: "In spring 2025 Russia refuses a truce Ukraine accepts",
        source: "FACTS: Ceasefire, spring 2025 (Jeddah 11 Mar: Ukraine accepted; 13 Mar: Putin's conditions amounted to a refusal)",
        reported: "Russia refuses, Ukraine accepts".into(),
        scaling: String::new(),
        model: format!(
            "{} proposals [pokrovsk-drone-line]: Russia refused {:.0}%, Ukraine accepted {:.0}%",
            records.len(),
            100.0 * ru_refused,
            100.0 * ua_accepted
        ),
        value: ru_refused.min(ua_accepted),
        band: (0.8, 1.0),
        holds: !records.is_empty() && ru_refused >= 0.8 && ua_accepted >= 0.8,
        basis: Basis::Target,
        undecided: false,
    });

    // Motorcycles against armored groups, per person-day exposed.
    let per = |k: UnitKind| -> f64 {
        let (lost, days) = base.iter().fold((0u64, 0u64), |a, f| {
            let (l, d) = f.exposure.get(&k).copied().unwrap_or((0, 0));
            (a.0 + l, a.1 + d)
        });
        1000.0 * lost as f64 / days.max(1) as f64
    };
    let (moto, armor) = (per(UnitKind::MotorGroup), per(UnitKind::ArmoredGroup));
    out.push(Claim {
        id: "motorcycles",
        claim: "Motorcycle groups lose less to drones than armored groups packed with troops",
        source: "Meduza (\"surprisingly, are less vulnerable to drones\"); contested: \"statistically no advantage\" (Tregubov; FACTS: Motorcycles)",
        reported: "less, per person-day under enemy drones (contested)".into(),
        scaling: String::new(),
        model: format!(
            "lost to drones per 1,000 person-days under enemy coverage: motorcycles {moto:.1}; armored groups {armor:.1}; ratio {:.2}",
            moto / armor.max(1e-9)
        ),
        value: moto / armor.max(1e-9),
        band: (0.0, 1.0),
        holds: moto < armor,
        basis: Basis::Tested,
        undecided: false,
    });

    // Armor used sparingly: totals and per vehicle-day.
    let heavy = &r["armor_heavy"];
    let tot = |rs: &[RunFacts]| rs.iter().map(|f| f.armor_lost[0] as f64).sum::<f64>() / rs.len().max(1) as f64;
    let rate = |rs: &[RunFacts]| {
        let (l, d) = rs.iter().fold((0.0, 0.0), |a, f| (a.0 + f.armor_lost[0] as f64, a.1 + f.armor_days[0] as f64));
        100.0 * l / d.max(1.0)
    };
    let (t_s, t_h, r_s, r_h) = (tot(base), tot(heavy), rate(base), rate(heavy));
    out.push(Claim {
        id: "armor",
        claim: "Armor used sparingly loses less than half as much, and less per vehicle fielded",
        source: "Meduza/warspotting (Russian armored losses Jan–May 2025 less than half of Jan–May 2024)",
        reported: "sparing total < ½ of heavy; loss rate per vehicle-day lower".into(),
        scaling: String::new(),
        model: format!(
            "RU armored vehicles lost in {:.0} days: sparing {t_s:.0}, heavy {t_h:.0} ({:.2}×); per 100 vehicle-days fielded: {r_s:.1} against {r_h:.1}",
            mean_days(base),
            t_s / t_h.max(1e-9)
        ),
        value: t_s / t_h.max(1e-9),
        band: (0.0, 0.5),
        holds: t_s < 0.5 * t_h && r_s < r_h,
        basis: Basis::Tested,
        undecided: false,
    });

    // Vehicle losses, Russia against Ukraine.
    let vr = Spread::of(&values(base, |f| f.vehicles_lost[0] as f64 / f.vehicles_lost[1].max(1) as f64));
    let band = (2.5, 7.0);
    out.push(Claim {
        id: "vehicle_ratio",
        claim: "Russia loses several vehicles for each Ukrainian one",
        source: "FACTS: Vehicle losses (CSIS, Jun 2025: up to about 5 Russian for each Ukrainian)",
        reported: "up to about 5:1".into(),
        scaling: String::new(),
        model: format!("RU:UA vehicles lost {vr}"),
        value: vr.mean,
        band,
        holds: within(vr.mean, band),
        basis: Basis::Tested,
        undecided: false,
    });

    // Aid.
    let cut = &r["aid_cutoff"];
    let mut aid = more_ground(
        ("aid", "Cutting off aid costs Ukraine ground"),
        "Meduza (aid shapes the supply of air-defence missiles, rockets, shells and armored vehicles)",
        "more Russian ground with aid cut off than at current levels",
        String::new(),
        [("aid same", base), ("cut off", cut)],
    );
    // What aid reaches on the battlefield: the losses each side takes to the other's fires.
    let fires = |rs: &[RunFacts], side: usize| {
        rs.iter().map(|f| f.by_cause[side][LossCause::Fires as usize] as f64 / f.days.max(1) as f64).sum::<f64>()
            / rs.len().max(1) as f64
    };
    aid.model.push_str(&format!(
        "; lost to fires a day: RU {:.1} → {:.1}, UA {:.1} → {:.1}",
        fires(base, 0),
        fires(cut, 0),
        fires(base, 1),
        fires(cut, 1)
    ));
    out.push(aid);

    // The manpower edge.
    let edge = Spread::of(&values(base, |f| {
        f.grouping[0].1 as f64 / f.grouping[1].1.max(1) as f64 - f.grouping[0].0 as f64 / f.grouping[1].0.max(1) as f64
    }));
    out.push(Claim {
        id: "manpower",
        claim: "Russia's manpower edge grows",
        source: "Meduza (\"Russia appears to be expanding its manpower edge\"); FACTS: Manpower",
        reported: "the RU:UA grouping ratio rises".into(),
        scaling: format!("recruits × intensity share {}", sc.intensity),
        model: {
            // The flows behind the ratio: each side's grouping at the start and end, and its losses.
            let mean = |f: &dyn Fn(&RunFacts) -> f64| base.iter().map(f).sum::<f64>() / base.len().max(1) as f64;
            let days = mean_days(base).max(1.0);
            let side = |i: usize| {
                format!(
                    "{} {:.0} → {:.0} (lost {:.0} a day)",
                    if i == 0 { "RU" } else { "UA" },
                    mean(&|f| f.grouping[i].0 as f64),
                    mean(&|f| f.grouping[i].1 as f64),
                    mean(&|f| f.personnel_lost[i] as f64) / days
                )
            };
            format!(
                "change in the RU:UA ratio over {:.0} days: {edge}; grouping {}, {}",
                mean_days(base),
                side(0),
                side(1)
            )
        },
        value: edge.mean,
        band: (0.0, f64::INFINITY),
        holds: edge.mean > 0.0,
        basis: Basis::Tested,
        undecided: false,
    });
    Ok(out)
}

fn mean_days(r: &[RunFacts]) -> f64 {
    r.iter().map(|f| f.days as f64).sum::<f64>() / r.len().max(1) as f64
}

/// The table for people.
pub fn table(claims: &[Claim]) -> String {
    let mut s = String::new();
    for (i, c) in claims.iter().enumerate() {
        s.push_str(&format!(
            "{}. {} — {} ({})\n   source:   {}\n   reported: {}{}\n   model:    {}\n",
            i + 1,
            c.claim,
            c.verdict(),
            c.basis.name(),
            c.source,
            c.reported,
            if c.scaling.is_empty() { String::new() } else { format!("; scaled {}", c.scaling) },
            c.model
        ));
    }
    let tested: Vec<&Claim> = claims.iter().filter(|c| c.basis == Basis::Tested).collect();
    let undecided = claims.iter().filter(|c| c.undecided && !c.holds).count();
    s.push_str(&format!(
        "{} of {} claims hold{}; of the {} tested ones, {} hold.\n",
        claims.iter().filter(|c| c.holds).count(),
        claims.len(),
        if undecided > 0 { format!(" ({undecided} undecided at this many seeds)") } else { String::new() },
        tested.len(),
        tested.iter().filter(|c| c.holds).count()
    ));
    s
}

/// Every claim as JSON (an array).
pub fn json(claims: &[Claim]) -> String {
    let rows: Vec<serde_json::Value> = claims
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id, "claim": c.claim, "source": c.source, "reported": c.reported,
                "scaling": c.scaling, "model": c.model, "value": finite(c.value),
                "band": [finite(c.band.0), finite(c.band.1)], "holds": c.holds, "basis": c.basis,
                "verdict": c.verdict().to_lowercase(),
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}

/// JSON has no infinities: an open end of a band is null.
fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// Every claim as CSV rows (through the `csv` crate).
pub fn csv(claims: &[Claim]) -> Result<String, String> {
    let mut out = super::rows::CsvOut::new(Vec::new(), false)?;
    out.plain([
        "id",
        "claim",
        "holds",
        "basis",
        "value",
        "band_low",
        "band_high",
        "reported",
        "scaling",
        "model",
        "source",
        "verdict",
    ])?;
    for c in claims {
        let num = |v: f64| if v.is_finite() { format!("{v}") } else { String::new() };
        out.plain([
            c.id.to_string(),
            c.claim.to_string(),
            c.holds.to_string(),
            c.basis.name().to_string(),
            num(c.value),
            num(c.band.0),
            num(c.band.1),
            c.reported.clone(),
            c.scaling.clone(),
            c.model.clone(),
            c.source.to_string(),
            c.verdict().to_lowercase(),
        ])?;
    }
    let bytes = out.into_inner()?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs whose Russian net ground is the given km², seed by seed.
    fn ground(km2: &[f64]) -> Vec<RunFacts> {
        km2.iter().map(|&k| RunFacts { ru_net_km2: k, ..Default::default() }).collect()
    }

    fn verdict(a: &[f64], b: &[f64]) -> Claim {
        more_ground(("t", "t"), "s", "r", String::new(), [("a", &ground(a)), ("b", &ground(b))])
    }

    #[test]
    fn a_directional_claim_holds_fails_or_is_undecided_by_its_interval() {
        let a = [100.0, 120.0, 90.0, 110.0, 105.0, 95.0];
        // Each seed gains 8–12 km²: the interval is above zero.
        let up = verdict(&a, &[110.0, 130.0, 100.0, 122.0, 113.0, 106.0]);
        assert_eq!((up.verdict(), up.holds, up.undecided), ("HOLDS", true, false));
        // Each seed loses ground: the model contradicts the claim.
        let down = verdict(&a, &[90.0, 108.0, 80.0, 99.0, 96.0, 84.0]);
        assert_eq!((down.verdict(), down.holds, down.undecided), ("FAILS", false, false));
        // A small mean gain with seeds either side of zero: not resolved, and it says how many seeds would.
        let unclear = verdict(&a, &[108.0, 112.0, 95.0, 104.0, 111.0, 93.0]);
        assert_eq!((unclear.verdict(), unclear.holds, unclear.undecided), ("UNDECIDED", false, true));
        assert!(unclear.model.contains("not resolved at 6 seeds (about "), "{}", unclear.model);
        // Undecided is counted apart in the summary, never as holding.
        let t = table(&[up, down, unclear]);
        assert!(
            t.ends_with("1 of 3 claims hold (1 undecided at this many seeds); of the 3 tested ones, 1 hold.\n"),
            "{t}"
        );
        assert!(json(&[verdict(&a, &a)]).contains("\"verdict\": \"undecided\""));
        // One seed gives no interval: undecided, not failed.
        let one = verdict(&[100.0], &[90.0]);
        assert_eq!((one.verdict(), one.holds), ("UNDECIDED", false), "{}", one.model);
        assert!(one.model.contains("(no interval); not resolved at 1 seed"), "{}", one.model);
    }
}

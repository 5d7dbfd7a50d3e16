//! What-if studies: their numbers are exactly those of separate `sim` runs with the same seeds,
//! and their CSV and JSON rows carry the documented columns.

use std::sync::atomic::AtomicBool;

use attrition::ai::AiLevel;
use attrition::study::whatif;
use attrition::{cli, data};

#[test]
fn whatif_runs_equal_separate_sim_runs_with_the_same_seeds() {
    let never = AtomicBool::new(false);
    let base = vec!["turn_limit=8".to_string()];
    let values = vec!["same".to_string(), "cutoff".to_string()];
    let vs = whatif::run(data::DEFAULT_SCENARIO, &base, "aid", &values, 3, &never, &|| {}).unwrap();
    assert_eq!(vs.len(), 2);
    for (v, value) in vs.iter().zip(&values) {
        assert_eq!(v.label, format!("aid={value}"));
        assert_eq!(
            v.runs.iter().map(|r| r.seed).collect::<Vec<_>>(),
            vec![1, 2, 3],
            "the same seeds for every variant"
        );
        let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 0).unwrap();
        for kv in base.iter().chain(std::iter::once(&format!("aid={value}"))) {
            cli::apply_setting(&mut l, kv).unwrap();
        }
        for r in &v.runs {
            // What-if studies play the strong AI on both sides, like `sim` by default.
            let (g, _) = cli::run_one_with(&l, r.seed, None, [AiLevel::Strong; 2], |_| {}).unwrap();
            assert_eq!(g.state_hash(), r.state_hash, "{} seed {}", v.label, r.seed);
            assert_eq!(g.day(), r.days);
            assert_eq!(g.side(attrition::sim::map::Side::Ru).losses.personnel_total(), r.personnel_lost[0]);
        }
    }
}

#[test]
fn csv_and_json_rows_have_the_documented_columns() {
    let never = AtomicBool::new(false);
    let vs = whatif::run(
        data::DEFAULT_SCENARIO,
        &["turn_limit=3".into()],
        "ua.drone_line",
        &["on".into(), "off".into()],
        2,
        &never,
        &|| {},
    )
    .unwrap();
    let text = whatif::csv(&vs);
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, whatif::CSV_COLUMNS);
    let records: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    for r in &records {
        assert!(r[0].starts_with("ua.drone_line="));
        assert!(r[1].parse::<u64>().is_ok());
        assert!(r[9].parse::<f64>().is_ok());
    }
    // The personnel lost by cause, last, add up to each side's personnel lost.
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&header[12..], &whatif::CSV_COLUMNS[12..]);
    for r in &records {
        for side in ["ru", "ua"] {
            let causes = ["drones", "exposure", "fires", "assault", "collapse"];
            let sum: u32 =
                causes.iter().map(|c| r[at(&format!("losses.{side}.by_cause.{c}"))].parse::<u32>().unwrap()).sum();
            assert_eq!(sum, r[at(&format!("losses.{side}.personnel"))].parse::<u32>().unwrap(), "{side}: {r:?}");
        }
    }
    let t = whatif::table(&vs);
    assert!(t.contains("ground gained, Russia") && t.contains("share of wins"), "{t}");
    assert!(t.contains("lost to drones, Ukraine") && t.contains("Drones: strikes and\ncrossing"), "{t}");
}

#[test]
fn cutting_off_aid_leaves_russia_fewer_losses_to_ukrainian_fires() {
    use whatif::MeasureId;
    let never = AtomicBool::new(false);
    let values = ["same".to_string(), "cutoff".to_string()];
    let vs = whatif::run(data::DEFAULT_SCENARIO, &["turn_limit=10".into()], "aid", &values, 5, &never, &|| {}).unwrap();
    for v in &vs {
        for r in &v.runs {
            for side in 0..2 {
                assert_eq!(r.by_cause[side].iter().sum::<u32>(), r.personnel_lost[side], "{} seed {}", v.label, r.seed);
            }
        }
    }
    let s = whatif::Summary::of(&vs);
    // Fewer shells for Ukraine's guns: Russia loses fewer soldiers to fires, clearly.
    let fires = s.measure(MeasureId::FiresRu);
    let d = &fires.differences[0];
    assert!(fires.stats[1].mean < fires.stats[0].mean, "{fires:?}");
    assert!(d.mean < 0.0 && d.hi < 0.0 && d.real() == Some(true), "{d:?}");
    assert_eq!((d.n, d.reference.as_str(), d.variant.as_str()), (5, "aid=same", "aid=cutoff"));
    // The table reports each variant's mean and the paired difference on the measure's own line
    // (the labels are short: one line holds them all).
    let t = s.table();
    let line = t
        .lines()
        .find(|l| l.trim_start().starts_with("lost to fires, Russia"))
        .unwrap_or_else(|| panic!("no line for Russia's losses to fires in\n{t}"));
    assert!(
        line.contains(&format!("{:.1}", fires.stats[0].mean)) && line.contains(&format!("{:.1}", fires.stats[1].mean)),
        "{line}"
    );
    assert!(line.contains(&d.brief()) && line.ends_with("a clear difference"), "{line}");
    // Ukraine's losses to fires, for the record (they rise, but not clearly over 5 seeds of 10 days).
    let ua = &s.measure(MeasureId::FiresUa).differences[0];
    assert!(ua.mean.is_finite() && ua.n == 5, "{ua:?}");
    eprintln!("lost to fires, Russia: {}; Ukraine: {}", d.brief(), ua.brief());
}

#[test]
fn a_verdict_says_whether_the_interval_excludes_zero() {
    let d = |lo: f64, hi: f64| whatif::Difference {
        reference: "a".into(),
        variant: "b".into(),
        mean: (lo + hi) / 2.0,
        se: 1.0,
        n: 10,
        lo,
        hi,
    };
    assert!(d(1.0, 3.0).verdict().contains("a clear difference"));
    assert!(d(-3.0, -1.0).verdict().contains("a clear difference"));
    assert!(d(-1.0, 3.0).verdict().contains("no clear difference"));
    assert!(d(-1.0, 3.0).verdict().contains("95% interval -1.0 to +3.0"));
}

/// Hand-made runs with known numbers: the table and the summary need no simulation to check.
fn made_up_variants() -> Vec<whatif::Variant> {
    use attrition::sim::map::Side;
    use attrition::study::calibrate::RunFacts;
    // Personnel lost by cause (drones, exposure, fires, assault, collapse), adding up to the total.
    let split = |p: u32, fires: u32| {
        let (drones, exposure, assault) = (p / 2, p / 10, p / 8);
        [drones, exposure, fires, assault, p - drones - exposure - fires - assault]
    };
    let run =
        |seed: u64, ground: [f64; 2], lost: [u32; 2], fires: [u32; 2], winner: Option<Side>, took: Option<u32>| {
            RunFacts {
                seed,
                days: 30,
                winner,
                end_reason: "turn limit".into(),
                ground_km2: ground,
                personnel_lost: lost,
                vehicles_lost: [lost[0] / 100, lost[1] / 120],
                by_cause: [split(lost[0], fires[0]), split(lost[1], fires[1])],
                objective_days: vec![("Pokrovsk".into(), took), ("Myrnohrad".into(), None)],
                ..Default::default()
            }
        };
    let on: Vec<RunFacts> = (1..=5u64)
        .map(|s| {
            let x = s as f64;
            let fires = [150 + 5 * s as u32, 100 + 4 * s as u32];
            run(s, [10.0 + 3.0 * x, 2.0 + x], [1200 + 40 * s as u32, 900 + 25 * s as u32], fires, None, None)
        })
        .collect();
    let off: Vec<RunFacts> = (1..=5u64)
        .map(|s| {
            let x = s as f64;
            let winner = if s % 2 == 0 { Some(Side::Ru) } else { None };
            let took = if s <= 3 { Some(20 + s as u32) } else { None };
            let fires = [120 + 3 * s as u32, 140 + 9 * s as u32];
            run(s, [25.0 + 5.0 * x * x, 1.0], [1000 + 35 * s as u32, 1100 + 60 * s as u32], fires, winner, took)
        })
        .collect();
    vec![
        whatif::Variant { label: "ua.drone_line=on".into(), runs: on },
        whatif::Variant { label: "ua.drone_line=off".into(), runs: off },
    ]
}

#[test]
fn the_table_for_people_keeps_its_wording_and_numbers() {
    insta::assert_snapshot!("table", whatif::table(&made_up_variants()));
}

#[test]
fn the_summary_holds_the_numbers_of_the_runs() {
    let vs = made_up_variants();
    let s = whatif::Summary::of(&vs);
    assert_eq!(s.runs, 5);
    assert_eq!(s.labels, vec!["ua.drone_line=on", "ua.drone_line=off"]);
    // Russia's ground with the line off: 30, 45, 70, 105, 150.
    let g = &s.measure(whatif::MeasureId::GroundRu).stats[1];
    // Type 7 (numpy's default): p10 = 30 + 0.4·15, p90 = 105 + 0.6·45.
    assert_eq!((g.min, g.p25, g.median, g.p75, g.max), (30.0, 45.0, 70.0, 105.0, 150.0));
    assert!((g.p10 - 36.0).abs() < 1e-9 && (g.p90 - 132.0).abs() < 1e-9, "{g:?}");
    assert_eq!(g.mean, 80.0);
    // With the line on: 13, 16, 19, 22, 25; the paired differences (off − on): 17, 29, 51, 83, 125.
    let d = &s.measure(whatif::MeasureId::GroundRu).differences[0];
    assert!((d.mean - 61.0).abs() < 1e-9, "{d:?}");
    let diffs = [17.0, 29.0, 51.0, 83.0, 125.0];
    let var = diffs.iter().map(|x| (x - 61.0f64).powi(2)).sum::<f64>() / 4.0;
    assert!((d.se - (var / 5.0).sqrt()).abs() < 1e-9);
    // Student's t with 4 degrees of freedom: t(0.975) = 2.7764451 (tables; scipy.stats.t.ppf).
    assert!((d.hi - d.mean - 2.7764451 * d.se).abs() < 1e-5, "{d:?}");
    assert!((d.mean - d.lo - 2.7764451 * d.se).abs() < 1e-5, "{d:?}");
    assert_eq!(d.real(), Some(true));
    assert_eq!((s.wins[1].ru, s.wins[1].ua, s.wins[1].neither), (40.0, 0.0, 60.0));
    let pokrovsk = &s.objectives[0];
    assert_eq!(pokrovsk.name, "Pokrovsk");
    assert!(pokrovsk.taken[0].is_none());
    let (days, share) = pokrovsk.taken[1].unwrap();
    assert_eq!((days.mean, share), (22.0, 60.0));
    // The table prints these very numbers.
    assert!(s.table().contains(&d.verdict()));
}

#[test]
fn the_losses_by_cause_follow_personnel_lost_and_add_up_to_it() {
    use whatif::MeasureId;
    let vs = made_up_variants();
    let s = whatif::Summary::of(&vs);
    let ids: Vec<MeasureId> = s.measures.iter().map(|m| m.id).collect();
    assert_eq!(ids, MeasureId::ALL);
    assert_eq!(&ids[2..13], {
        let mut after = vec![MeasureId::PersonnelRu, MeasureId::PersonnelUa];
        after.extend([
            MeasureId::DronesRu,
            MeasureId::DronesUa,
            MeasureId::FiresRu,
            MeasureId::FiresUa,
            MeasureId::AssaultRu,
            MeasureId::AssaultUa,
            MeasureId::CollapseRu,
            MeasureId::CollapseUa,
        ]);
        after.push(MeasureId::VehiclesRu);
        after
    });
    for v in &vs {
        for r in &v.runs {
            // Drones count strikes and crossing; the four causes make up the side's losses.
            assert_eq!(MeasureId::DronesRu.of(r), (r.by_cause[0][0] + r.by_cause[0][1]) as f64);
            let ua: f64 = [MeasureId::DronesUa, MeasureId::FiresUa, MeasureId::AssaultUa, MeasureId::CollapseUa]
                .iter()
                .map(|m| m.of(r))
                .sum();
            assert_eq!(ua, MeasureId::PersonnelUa.of(r));
        }
    }
    // Russia's losses to fires: 155..175 with the line on, 123..135 off; per seed off − on = −32 − 2s.
    let fires = s.measure(MeasureId::FiresRu);
    assert_eq!((fires.stats[0].mean, fires.stats[1].mean), (165.0, 129.0));
    let d = &fires.differences[0];
    assert!((d.mean + 36.0).abs() < 1e-9 && d.real() == Some(true), "{d:?}");
    assert_eq!(d.brief(), format!("-36.0 ({:+.1} to {:+.1}): a clear difference", d.lo, d.hi));
}

#[test]
fn the_losses_by_cause_keep_within_the_table_width_for_any_number_of_variants() {
    use whatif::{MeasureId, TABLE_WIDTH};
    let mut vs = made_up_variants();
    for n in 2..=6 {
        if n > 2 {
            // One more variant: the second one's runs with Russia's losses to fires halved.
            let mut v = vs[1].clone();
            v.label = format!("variant.number={n}");
            for r in &mut v.runs {
                r.by_cause[0][2] /= 2;
                r.personnel_lost[0] = r.by_cause[0].iter().sum();
            }
            vs.push(v);
        }
        let s = whatif::Summary::of(&vs);
        let table = s.table();
        let block: Vec<&str> = table
            .lines()
            .skip_while(|l| !l.starts_with("personnel lost by cause"))
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(block.len() > 8, "{n} variants: no block of losses by cause in\n{table}");
        for l in &block {
            assert!(l.chars().count() <= TABLE_WIDTH, "{n} variants: {} columns: {l}", l.chars().count());
        }
        // Every variant's mean and every paired difference is in the block, whatever its layout.
        let text = block.join("\n");
        for m in s.measures.iter().filter(|m| m.id.causes().is_some()) {
            assert!(text.contains(m.id.short_name()), "{n} variants: {}", m.id.short_name());
            for st in &m.stats {
                assert!(
                    text.contains(&format!("{:.1}", st.mean)),
                    "{n} variants: {} mean {}",
                    m.id.short_name(),
                    st.mean
                );
            }
            for d in &m.differences {
                assert!(text.contains(&d.brief()), "{n} variants: {}", d.brief());
            }
        }
        assert_eq!(s.measure(MeasureId::FiresRu).differences.len(), n - 1);
    }
}

//! Studies at scale: shards merged equal one run byte for byte, gaps and repeats are reported,
//! rows have one schema in JSON and CSV, CSV round-trips awkward text, percentiles are numpy's,
//! and batches stream with bounded memory whatever `--runs` says.

use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use attrition::ai::AiLevel;
use attrition::study::batch::{self, Ended, Shard};
use attrition::study::merge::MergeBuilder;
use attrition::study::output::{Format, Sink};
use attrition::study::rows::{CsvOut, Row};
use attrition::study::stats::{quantile, t_quantile, MeanInterval};
use attrition::study::Plan;

fn plan(shard: Shard) -> Plan {
    let mut p = Plan::new(
        attrition::data::DEFAULT_SCENARIO,
        &["aid=same".to_string()],
        Some("ua.drone_line=on,off"),
        3,
        7,
        Some(2),
        [AiLevel::Strong, AiLevel::Baseline],
    )
    .unwrap();
    p.shard = shard;
    p.jobs = Some(2);
    p
}

/// The rows of one process, and its output in a format.
fn play(p: &Plan) -> Vec<Row> {
    let never = AtomicBool::new(false);
    let mut rows = Vec::new();
    let ended = p
        .run(&never, &|| {}, |r| {
            rows.push(r);
            Ok(())
        })
        .unwrap();
    assert_eq!(ended, Ended::Complete);
    rows
}

fn write(rows: &[Row], format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    let mut sink = Sink::new(&mut out, format, false, &rows[0].study, false).unwrap();
    for r in rows {
        sink.row(r).unwrap();
    }
    sink.finish().unwrap();
    out
}

fn jsonl(rows: &[Row]) -> String {
    String::from_utf8(write(rows, Format::Json)).unwrap()
}

#[test]
fn three_shards_merged_equal_one_run_byte_for_byte() {
    let one = play(&plan(Shard::WHOLE));
    assert_eq!(one.len(), 14, "7 seeds × 2 variants");
    // In seed order, each seed's variants in the order given.
    let order: Vec<(u64, &str)> = one.iter().map(|r| (r.seed, r.variant.as_deref().unwrap())).collect();
    assert_eq!(order[0], (3, "ua.drone_line=on"));
    assert_eq!(order[1], (3, "ua.drone_line=off"));
    assert_eq!(order[13], (9, "ua.drone_line=off"));
    let shards: Vec<String> = (0..3).map(|k| jsonl(&play(&plan(Shard { index: k, count: 3 })))).collect();
    // Contiguous slices of the 7 seeds: 3–4, 5–6, 7–9.
    let seeds =
        |s: &str| -> Vec<u64> { s.lines().map(|l| serde_json::from_str::<Row>(l).unwrap().seed).collect::<Vec<_>>() };
    assert_eq!(seeds(&shards[0]), vec![3, 3, 4, 4]);
    assert_eq!(seeds(&shards[2]), vec![7, 7, 8, 8, 9, 9]);
    for format in [Format::Json, Format::Csv, Format::Table] {
        let mut m = MergeBuilder::default();
        // Any order of files.
        for k in [2, 0, 1] {
            m.read(&format!("part-{k}.jsonl"), shards[k].as_bytes()).unwrap();
        }
        let merged = m.finish().unwrap();
        assert_eq!(merged.check.missing_count(), 0);
        assert!(merged.check.duplicates.is_empty());
        let mut out = Vec::new();
        merged.write(&mut out, format, false, false).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(write(&one, format)).unwrap(), "{format:?}");
    }
}

#[test]
fn a_missing_and_a_duplicated_seed_are_reported() {
    let one = jsonl(&play(&plan(Shard::WHOLE)));
    let lines: Vec<&str> = one.lines().collect();
    // Seed 5 (both variants) lost; seed 8's first variant delivered twice.
    let kept: Vec<&str> = lines.iter().copied().filter(|l| serde_json::from_str::<Row>(l).unwrap().seed != 5).collect();
    let again = lines.iter().copied().find(|l| serde_json::from_str::<Row>(l).unwrap().seed == 8).unwrap();
    let mut m = MergeBuilder::default();
    m.read("a.jsonl", kept.join("\n").as_bytes()).unwrap();
    m.read("b.jsonl", again.as_bytes()).unwrap();
    let merged = m.finish().unwrap();
    assert_eq!(merged.check.missing_count(), 2);
    assert_eq!(
        merged.check.missing,
        vec![
            (Some("ua.drone_line=on".to_string()), vec![(5, 5)]),
            (Some("ua.drone_line=off".to_string()), vec![(5, 5)])
        ]
    );
    assert_eq!(merged.check.duplicates.len(), 1);
    assert_eq!(merged.check.duplicates[0].1, 8);
    let report = merged.check.report();
    assert!(report.contains("missing: 1 seeds of ua.drone_line=on: 5"), "{report}");
    assert!(report.contains("duplicate: seed 8 of ua.drone_line=on in a.jsonl:"), "{report}");
    assert!(report.contains("and b.jsonl:1"), "{report}");
}

#[test]
fn merge_refuses_rows_of_another_study_or_a_conflicting_row() {
    let one = jsonl(&play(&plan(Shard::WHOLE)));
    let first = one.lines().next().unwrap();
    let mut other: Row = serde_json::from_str(first).unwrap();
    other.study.settings = vec!["aid=cutoff".into()];
    let mut m = MergeBuilder::default();
    m.read("a.jsonl", first.as_bytes()).unwrap();
    let e = m.read("b.jsonl", other.json().as_bytes()).unwrap_err();
    assert!(e.contains("b.jsonl:1") && e.contains("another study") && e.contains("settings"), "{e}");
    let mut changed: Row = serde_json::from_str(first).unwrap();
    changed.state_hash = "0000000000000000".into();
    let e = m.read("c.jsonl", changed.json().as_bytes()).unwrap_err();
    assert!(e.contains("c.jsonl:1") && e.contains("differs from the row in a.jsonl:1"), "{e}");
    let e = MergeBuilder::default().read("d.jsonl", &b"{not json\n"[..]).unwrap_err();
    assert!(e.starts_with("d.jsonl:1:"), "{e}");
}

#[test]
fn json_and_csv_rows_have_the_same_field_names() {
    let rows = play(&plan(Shard { index: 0, count: 3 }));
    let csv_text = String::from_utf8(write(&rows, Format::Csv)).unwrap();
    let mut rd = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
    let json: serde_json::Value = serde_json::from_str(&rows[0].json()).unwrap();
    for col in &header {
        // Every column is a JSON path (towns by name).
        let mut at = &json;
        let mut parts = col.split('.').peekable();
        while let Some(p) = parts.next() {
            at = match at {
                serde_json::Value::Array(items) => {
                    items.iter().find(|t| t["name"] == *p).unwrap_or_else(|| panic!("{col}: no `{p}`"))
                }
                v => v.get(p).unwrap_or_else(|| panic!("CSV column `{col}` is not a JSON field")),
            };
            let _ = parts.peek();
        }
    }
    for want in [
        "tool",
        "version",
        "scenario",
        "scenario_hash",
        "settings",
        "vary",
        "first_seed",
        "runs",
        "max_turns",
        "ai.ru",
        "ai.ua",
        "variant",
        "seed",
        "turns",
        "winner",
        "end_reason",
        "losses.ru.personnel",
        "losses.ru.by_cause.drones",
        "losses.ua.by_cause.collapse",
        "ground_km2.ru",
        "personnel.ua.start",
        "personnel.ru.pool_end",
        "towns.Pokrovsk.holder",
        "towns.Pokrovsk.taken_day",
        "state_hash",
    ] {
        assert!(header.iter().any(|h| h == want), "no column `{want}` in {header:?}");
    }
    assert_eq!(json["ai"]["ru"], "strong");
    assert_eq!(json["ai"]["ua"], "baseline");
    assert_eq!(json["settings"][0], "aid=same");
    // By cause adds up to the total.
    for r in &rows {
        let b = r.losses.ru.by_cause;
        assert_eq!(b.drones + b.exposure + b.fires + b.assault + b.collapse, r.losses.ru.personnel);
    }
    assert_eq!(rd.records().count(), rows.len());
}

#[test]
fn csv_round_trips_quotes_and_commas() {
    let mut row = play(&plan(Shard { index: 0, count: 7 })).remove(0);
    let awkward = "Russia \"wins\", at last; the line, broken\nand a new line";
    row.end_reason = awkward.into();
    row.study.settings = vec!["a=1".into(), "b=\"x,y\"".into()];
    let mut buf = Vec::new();
    {
        let mut w = CsvOut::new(&mut buf, false).unwrap();
        w.record(&row.columns()).unwrap();
        w.flush().unwrap();
    }
    let mut rd = csv::Reader::from_reader(buf.as_slice());
    let header = rd.headers().unwrap().clone();
    let rec = rd.records().next().unwrap().unwrap();
    let at = |name: &str| rec.get(header.iter().position(|h| h == name).unwrap()).unwrap().to_string();
    assert_eq!(at("end_reason"), awkward);
    let settings: Vec<String> = serde_json::from_str(&at("settings")).unwrap();
    assert_eq!(settings, row.study.settings);
    // The Excel flavour: a byte-order mark and CRLF, same fields.
    let mut xl = Vec::new();
    {
        let mut w = CsvOut::new(&mut xl, true).unwrap();
        w.record(&row.columns()).unwrap();
        w.flush().unwrap();
    }
    assert!(xl.starts_with("\u{feff}".as_bytes()));
    assert!(xl.windows(2).any(|w| w == b"\r\n"));
    let mut rd = csv::Reader::from_reader(&xl[3..]);
    let rec = rd.records().next().unwrap().unwrap();
    assert!(rec.iter().any(|f| f == awkward));
}

#[test]
fn percentiles_are_numpys_type_7() {
    // numpy.percentile(x, p) with numpy's default method ("linear", type 7), computed with
    // numpy 2 outside this program.
    let x = [3.7, -1.2, 15.0, 8.25, 0.0, 42.5, 7.1, 7.1, 19.9, -6.4, 11.3];
    let numpy = [
        (0.0, -6.4),
        (5.0, -3.8),
        (10.0, -1.2),
        (25.0, 1.85),
        (50.0, 7.1),
        (75.0, 13.15),
        (90.0, 19.9),
        (95.0, 31.2),
        (100.0, 42.5),
    ];
    for (p, want) in numpy {
        let got = quantile(&x, p / 100.0);
        assert!((got - want).abs() < 1e-9, "p{p}: {got} against numpy's {want}");
    }
    let y = [4.0, 1.0, 3.0, 2.0];
    for (p, want) in [(10.0, 1.3), (25.0, 1.75), (50.0, 2.5), (75.0, 3.25), (90.0, 3.7)] {
        assert!((quantile(&y, p / 100.0) - want).abs() < 1e-9, "p{p}");
    }
    assert!(quantile(&[], 0.5).is_nan());
}

#[test]
fn the_interval_is_students_t_for_the_number_of_seeds() {
    // Two-sided 95% quantiles of Student's t (printed tables): df 1, 4, 9, 29, 99.
    for (df, want) in [(1.0, 12.706205), (4.0, 2.776445), (9.0, 2.262157), (29.0, 2.045230), (99.0, 1.984217)] {
        assert!((t_quantile(0.975, df) - want).abs() < 1e-5, "df {df}");
    }
    // Ten differences: mean 1.5, sample sd 1.0801..., t(0.975, 9) = 2.262157.
    let d = [1.0, 2.0, 3.0, 1.0, 2.0, 0.0, 1.0, 3.0, 1.0, 1.0];
    let ci = MeanInterval::of(&d, 0.95);
    let sd = (d.iter().map(|x| (x - 1.5f64).powi(2)).sum::<f64>() / 9.0).sqrt();
    assert!((ci.mean - 1.5).abs() < 1e-12);
    assert!((ci.hi - (1.5 + 2.262157 * sd / 10f64.sqrt())).abs() < 1e-5, "{ci:?}");
    assert_eq!(ci.excludes_zero(), Some(true));
    assert_eq!(MeanInterval::of(&[1.0, -1.0, 2.0, -2.0], 0.95).excludes_zero(), Some(false));
    assert_eq!(MeanInterval::of(&[1.0], 0.95).excludes_zero(), None);
}

#[test]
fn shards_partition_the_seeds_contiguously() {
    for runs in [1u64, 7, 10, 1000] {
        for n in 1..=5u64 {
            let mut next = 100;
            for k in 0..n {
                let (first, count) = Shard { index: k, count: n }.seeds(100, runs);
                assert_eq!(first, next, "runs {runs}, shard {k}/{n}");
                next = first + count;
            }
            assert_eq!(next, 100 + runs);
        }
    }
    assert_eq!(Shard::parse("2/4").unwrap(), Shard { index: 2, count: 4 });
    for bad in ["4/4", "1/0", "x/2", "3", "-1/2"] {
        assert!(Shard::parse(bad).unwrap_err().contains("K/N"), "{bad}");
    }
}

#[test]
fn a_batch_of_four_billion_streams_in_order_with_bounded_memory_and_stops_cleanly() {
    let stop = AtomicBool::new(false);
    let running = AtomicU64::new(0);
    let most = AtomicU64::new(0);
    let mut seen = 0u64;
    let ended = batch::run(
        u32::MAX as u64,
        4,
        &stop,
        |i| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            Ok(i * 2)
        },
        |i, v| {
            assert_eq!(i, seen, "in order");
            assert_eq!(v, i * 2);
            running.fetch_sub(1, Ordering::SeqCst);
            seen += 1;
            if seen == 20_000 {
                stop.store(true, Ordering::SeqCst);
            }
            Ok(())
        },
    )
    .unwrap();
    let Ended::Stopped { done } = ended else { panic!("{ended:?}") };
    assert!((20_000..20_000 + 64).contains(&done), "{done}");
    assert_eq!(done, seen);
    // Finished but not yet handed back: never more than the window (4 per thread) plus those running.
    assert!(most.load(Ordering::SeqCst) <= 4 * 4 + 4, "{}", most.load(Ordering::SeqCst));
}

#[test]
fn an_error_in_one_run_stops_the_batch_with_that_error() {
    let never = AtomicBool::new(false);
    let mut got = Vec::new();
    let e = batch::run(
        1000,
        3,
        &never,
        |i| if i == 17 { Err("seed 17 failed".to_string()) } else { Ok(i) },
        |i, _| {
            got.push(i);
            Ok(())
        },
    )
    .unwrap_err();
    assert_eq!(e, "seed 17 failed");
    assert_eq!(got, (0..17).collect::<Vec<_>>());
}

fn attrition(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_attrition")).args(args).output().unwrap()
}

#[test]
fn an_absurd_run_count_is_refused_with_the_maximum() {
    for cmd in [&["sim", "--runs", "4294967295"][..], &["whatif", "--vary", "aid=same,cutoff", "--runs", "100000000"]] {
        let out = attrition(cmd);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("at most 1000000 runs"), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn the_command_line_shards_and_merges_through_files() {
    let dir = std::env::temp_dir().join(format!("attrition-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = ["sim", "--turns", "2", "--runs", "4", "--seed", "10", "--format", "json", "--jobs", "2"];
    let one = attrition(&base);
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    let mut files = Vec::new();
    for k in 0..2 {
        let shard = format!("{k}/2");
        let out = attrition(&[&base[..], &["--shard", &shard]].concat());
        let f = dir.join(format!("part-{k}.jsonl"));
        std::fs::write(&f, &out.stdout).unwrap();
        files.push(f.display().to_string());
    }
    let merged = attrition(&[&["merge", "--format", "json"][..], &[files[1].as_str(), files[0].as_str()]].concat());
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    assert_eq!(merged.stdout, one.stdout);
    // Only one shard: the gap is named, nothing is printed, the exit is non-zero.
    let part = attrition(&["merge", files[0].as_str()]);
    assert!(!part.status.success());
    assert!(part.stdout.is_empty());
    let err = String::from_utf8_lossy(&part.stderr);
    assert!(err.contains("missing: 2 seeds: 12–13"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn completions_and_the_man_page_are_printed() {
    for shell in ["bash", "zsh", "fish"] {
        let out = attrition(&["completions", shell]);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("whatif") && text.contains("merge"), "{shell}");
    }
    let man = attrition(&["man"]);
    assert!(man.status.success());
    assert!(String::from_utf8_lossy(&man.stdout).contains(".TH attrition"));
}

#[test]
fn scenarios_json_lists_every_built_in_scenario() {
    let out = attrition(&["scenarios", "--json"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let ids: Vec<String> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = attrition::data::SCENARIOS.iter().map(|s| s.0.to_string()).collect();
    assert_eq!(ids, want);
}

/// A record of a `days`-day strong-against-strong game.
fn record(days: u32) -> attrition::study::record::RecordFile {
    let l = attrition::data::load_scenario(attrition::data::DEFAULT_SCENARIO, 2).unwrap();
    let mut m = attrition::study::play::Match::computers(l.new_game(2).unwrap(), [AiLevel::Strong; 2]);
    m.play_out(Some(days), |_, _| {});
    m.record_file(attrition::data::DEFAULT_SCENARIO, &[])
}

/// Parses an SVG document and returns its texts.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text") || n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .map(str::to_string)
        .collect()
}

/// The left-anchored texts of a picture that run past its right edge, in its monospace font
/// (DejaVu Sans Mono's advance is 0.602 em).
fn svg_overflows(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let root = doc.root_element();
    let width: f64 = root.attribute("width").and_then(|w| w.parse().ok()).unwrap();
    let base: f64 = root.attribute("font-size").and_then(|w| w.parse().ok()).unwrap_or(20.0);
    doc.descendants()
        .filter(|n| {
            n.has_tag_name("text") && n.attribute("text-anchor").is_none() && n.attribute("transform").is_none()
        })
        .filter_map(|n| {
            let x: f64 = n.attribute("x")?.parse().ok()?;
            let size: f64 = n.attribute("font-size").and_then(|f| f.parse().ok()).unwrap_or(base);
            let text = n.text()?;
            let end = x + 0.602 * size * text.chars().count() as f64;
            (end > width).then(|| format!("{text:?} ends at {end:.0} px of {width}"))
        })
        .collect()
}

#[test]
fn svg_charts_parse_as_xml_with_titles_and_named_axes() {
    let rows = play(&plan(Shard::WHOLE));
    let mut out = Vec::new();
    let mut sink = Sink::new(&mut out, Format::Json, false, &rows[0].study, true).unwrap();
    for r in &rows {
        sink.row(r).unwrap();
    }
    let summary = sink.finish().unwrap().expect("a what-if keeps its summary");
    let pictures = attrition::study::svg::whatif_charts(&summary, "pokrovsk-toretsk");
    assert!(
        pictures.iter().any(|p| p.0 == "whatif-ground-ru.svg") && pictures.iter().any(|p| p.0 == "whatif-wins.svg")
    );
    for (name, svg) in &pictures {
        let texts = svg_texts(svg);
        assert!(texts.iter().any(|t| t.contains("by value of ua.drone_line")), "{name}: no title");
        assert_eq!(svg_overflows(svg), Vec::<String>::new(), "{name}: text past the page's edge");
        assert!(
            texts.iter().any(|t| t.ends_with("(km²)")
                || t.ends_with("(soldiers)")
                || t.ends_with("(vehicles)")
                || t.ends_with("(days)")
                || t.ends_with("(%)")),
            "{name}: no axis with its unit in {texts:?}"
        );
    }
    let ground = svg_texts(&pictures.iter().find(|p| p.0 == "whatif-ground-ru.svg").unwrap().1);
    assert!(ground.iter().any(|t| t == "ground gained, Russia (km²)"), "{ground:?}");
    assert!(ground.iter().any(|t| t.contains("95% interval") || t.contains("too few")), "{ground:?}");
    // The personnel lost by cause, a picture per cause and side, the cause named in full on the axis.
    for cause in ["drones", "fires", "assault", "collapse"] {
        for side in ["ru", "ua"] {
            let name = format!("whatif-personnel-lost-{cause}-{side}.svg");
            assert!(pictures.iter().any(|p| p.0 == name), "{name}");
        }
    }
    let fires = svg_texts(&pictures.iter().find(|p| p.0 == "whatif-personnel-lost-fires-ru.svg").unwrap().1);
    assert!(
        fires.iter().any(|t| t == "lost to fires (artillery, glide bombs, rockets), Russia (soldiers)"),
        "{fires:?}"
    );
    assert!(fires.iter().any(|t| t.starts_with("lost to fires, Russia — by value of")), "{fires:?}");

    let rec = record(3);
    let report = attrition::study::report::from_record(&rec, None).unwrap();
    for (name, svg) in attrition::study::svg::report_charts(&report) {
        let texts = svg_texts(&svg);
        assert_eq!(svg_overflows(&svg), Vec::<String>::new(), "{name}: text past the page's edge");
        if name == "report-losses-by-cause.svg" {
            for cause in ["drones", "exposure", "fires", "assault", "collapse", "personnel lost (soldiers)"] {
                assert!(texts.iter().any(|t| t == cause), "{name}: {cause} in {texts:?}");
            }
        } else {
            assert!(texts.iter().any(|t| t == "day"), "{name}: no x axis");
            assert!(texts.iter().any(|t| t.contains('(') && t.ends_with(')')), "{name}: no y axis with a unit");
            assert!(texts.iter().any(|t| t == "Russia") && texts.iter().any(|t| t == "Ukraine"), "{name}: no legend");
        }
    }
    // Any screen: the presenter view, the map, a report.
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 30, 3));
    buf.set_string(0, 0, "Day 3 <Pokrovsk> & \"co\"", ratatui::style::Style::default().fg(ratatui::style::Color::Red));
    let texts = svg_texts(&attrition::study::svg::terminal(&buf, "presenter"));
    assert!(texts.iter().any(|t| t.starts_with("Day 3 <Pokrovsk> & \"co")), "{texts:?}");
}

#[test]
fn an_asciicast_of_a_three_day_record_has_its_header_and_a_frame_a_day() {
    let rec = record(3);
    assert_eq!(rec.days.len(), 3);
    // A computer game still going: cast as an observer, on purpose.
    let o = attrition::study::cast::CastOptions {
        width: 100,
        height: 30,
        seconds_per_day: 2.0,
        reveal: true,
        ..Default::default()
    };
    let cast = attrition::study::cast::cast(rec, "game.ron", o).unwrap();
    let lines: Vec<&str> = cast.lines().collect();
    let header: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(header["version"], 2);
    assert_eq!((header["width"].as_u64(), header["height"].as_u64()), (Some(100), Some(30)));
    assert!(header["title"].as_str().unwrap().contains("3 days"));
    let frames: Vec<serde_json::Value> = lines[1..].iter().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(frames.len(), 4, "day 0 and each of the 3 days");
    for (k, f) in frames.iter().enumerate() {
        assert_eq!(f[0].as_f64(), Some(2.0 * k as f64));
        assert_eq!(f[1], "o");
        let text = f[2].as_str().unwrap();
        // Every row of the screen, and the day the viewer shows.
        assert_eq!(text.matches("\r\n").count(), 29);
        assert!(text.contains(&format!("Day {k}/3")), "frame {k}");
    }
    let small =
        attrition::study::cast::CastOptions { width: 60, height: 20, seconds_per_day: 1.0, ..Default::default() };
    assert!(attrition::study::cast::cast(record(1), "g.ron", small).unwrap_err().contains("80×24"));
}

/// A million-run batch streams from the start, and Ctrl-C (SIGINT) ends it cleanly: every line
/// printed is a whole row, in seed order, and the end says how far it got.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_million_run_batch_cleanly() {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_attrition"))
        .args(["sim", "--runs", "1000000", "--turns", "1", "--format", "json", "--jobs", "2"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..3 {
        let mut l = String::new();
        out.read_line(&mut l).unwrap();
        lines.push(l);
    }
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(!status.success());
    assert!(err.contains("stopped by Ctrl-C after") && err.contains("of 1000000 runs"), "{err}");
    lines.extend(rest.lines().map(|l| format!("{l}\n")));
    for (k, l) in lines.iter().enumerate() {
        assert!(l.ends_with('\n'), "a cut line: {l}");
        let r: Row = serde_json::from_str(l.trim()).unwrap();
        assert_eq!(r.seed, 1 + k as u64, "in seed order");
    }
}

#[test]
fn a_bad_value_to_vary_is_named_as_varied_and_a_bad_setting_as_set() {
    let out = attrition(&["whatif", "--vary", "aid=same,lots", "--runs", "2"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--vary aid: expected more, same or cutoff, found `lots`"), "{err}");
    let out = attrition(&["whatif", "--vary", "no_such=1,2", "--runs", "2"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--vary: unknown key `no_such`"));
    // The same value given with --set is named as set.
    let out = attrition(&["whatif", "--vary", "aid=same,cutoff", "--set", "ru.armor=lots", "--runs", "2"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--set ru.armor: expected sparing or heavy, found `lots`"), "{err}");
    assert!(out.stdout.is_empty());
}

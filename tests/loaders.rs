//! Loaders are bounded before they parse (issue 15, findings 3 and 7): the size comes from the
//! file's metadata (and a limited reader), anything that is not a regular file is refused at
//! once, a record is read in a compact form that keeps the longest game under its limit and
//! still reads version 1, it names only a built-in scenario or a file beside it, and its
//! errors never quote an unexpected file.

use std::path::{Path, PathBuf};

use attrition::ai::AiLevel;
use attrition::data;
use attrition::data::read::Kind;
use attrition::sim::components::UnitId;
use attrition::sim::map::{Cell, Side};
use attrition::sim::orders::Order;
use attrition::sim::DayRecord;
use attrition::study::play;
use attrition::study::record::{self, Players, RecordFile};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("attrition-loaders-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn players() -> Players {
    Players { human: Some(Side::Ua), hotseat: false, ai: AiLevel::Baseline, ua_ai: None }
}

/// A short real game's record.
fn short_record(days: u32) -> RecordFile {
    let mut g = data::load_scenario(data::DEFAULT_SCENARIO, 2).unwrap().new_game(2).unwrap();
    for _ in 0..days {
        let ru = play::computer_orders(&g, Side::Ru, AiLevel::Baseline);
        let ua = play::computer_orders(&g, Side::Ua, AiLevel::Baseline);
        g.step(&ru, &ua);
    }
    RecordFile::of(&g, data::DEFAULT_SCENARIO, &[], players())
}

#[test]
fn a_60_mb_record_is_refused_from_its_size_alone() {
    let d = dir("big");
    let path = d.join("big.ron");
    // Sparse: 60 MB by its metadata, nothing on disk; refused before a byte is read.
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(60 * 1024 * 1024).unwrap();
    let e = record::load(&path).unwrap_err();
    assert!(e.contains("60 MB is more than a record may be (16 MB"), "{e}");
    // Every kind has its limit, stated in words.
    for k in [Kind::Rules, Kind::Units, Kind::Map, Kind::Scenario, Kind::Record, Kind::Annotations, Kind::Config] {
        let e = data::read::text(&path, k).unwrap_err().to_string();
        assert!(e.contains(&data::read::size(k.limit())), "{k:?}: {e}");
    }
    std::fs::remove_dir_all(d).ok();
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_are_refused_at_once() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        let e = record::load(Path::new(dev)).unwrap_err();
        assert!(e.contains("not a regular file"), "{dev}: {e}");
        let e = data::load_scenario(dev, 1).err().expect("refused").to_string();
        assert!(e.contains("not a regular file"), "{dev}: {e}");
    }
    let d = dir("fifo");
    let fifo = d.join("pipe.ron");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // Nothing ever writes to it: reading it would block for ever.
    let e = record::load(&fifo).unwrap_err();
    assert!(e.contains("not a regular file"), "{e}");
    let e = data::load_scenario(fifo.to_str().unwrap(), 1).err().expect("refused").to_string();
    assert!(e.contains("not a regular file"), "{e}");
    let e = record::load(&d).unwrap_err();
    assert!(e.contains("a folder"), "{e}");
    std::fs::remove_dir_all(d).ok();
}

/// The longest game the program can write (2,000 days, 250 orders a side each day: more than
/// the strong AI gives, about 110 a side a day on the default scenario) fits the record limit
/// and reads back exactly.
#[test]
fn the_longest_record_round_trips() {
    let orders = |side: u32, day: u32| -> Vec<Order> {
        (0..250u32)
            .map(|k| {
                let unit = UnitId(side * 1000 + k);
                let c = Cell::new(((k + day) % 400) as i16, ((k * 7 + day) % 400) as i16);
                match k % 9 {
                    0 => Order::Move { unit, to: c },
                    1 => Order::Assault { unit, target: c },
                    2 => Order::Hold { unit, dig_in: day.is_multiple_of(2) },
                    3 => Order::SetDroneSector { unit, centre: c },
                    4 => Order::Interdict { unit, route: c },
                    5 => Order::Fire { unit, target: c },
                    6 => Order::CommitReserve { unit, to: c },
                    7 => Order::Withdraw { unit, to: c },
                    _ => Order::Hold { unit, dig_in: false },
                }
            })
            .collect()
    };
    let mut rec = short_record(0);
    rec.days = (0..2000u32)
        .map(|d| DayRecord { ru: orders(0, d), ua: orders(1, d), state_hash: u64::MAX - d as u64 * 7_919 })
        .collect();
    let d = dir("long");
    let path = d.join("long.ron");
    record::save(&path, &rec).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < Kind::Record.limit(), "{size} bytes");
    let back = record::load(&path).unwrap();
    assert_eq!(back, RecordFile { version: record::VERSION, ..rec });
    std::fs::remove_dir_all(d).ok();
}

/// Version 1 records (every order a struct) still load, and replay.
#[test]
fn version_1_records_still_load() {
    let rec = short_record(3);
    let days: Vec<String> = rec.days.iter().map(|d| ron::to_string(d).unwrap()).collect();
    let text = format!(
        "// attrition game record (format 1)\n(\n    format: \"attrition-record\",\n    version: 1,\n    scenario: \"{}\",\n    \
         seed: {},\n    players: (human: Some(Ua), hotseat: false, ai: Baseline),\n    days: [\n        {}\n    ],\n)\n",
        rec.scenario,
        rec.seed,
        days.join(",\n        ")
    );
    let d = dir("v1");
    let path = d.join("old.ron");
    std::fs::write(&path, text).unwrap();
    let back = record::load(&path).unwrap();
    assert_eq!(back.version, 1);
    assert_eq!(back.days, rec.days);
    play::replay(&back).expect("replays");
    std::fs::remove_dir_all(d).ok();
}

/// A record may name a built-in scenario or a file beside it: not `/etc/passwd`, and the
/// error does not quote whatever file it named.
#[test]
fn a_record_names_only_a_scenario_id_or_a_file_beside_it() {
    let d = dir("paths");
    let secret = d.join("secret.txt");
    std::fs::write(&secret, "root:x:0:0:SECRET-TOKEN:/root:/bin/sh\n").unwrap();
    for named in ["/etc/passwd", &secret.display().to_string(), "../secret.txt", "sub/x.ron"] {
        let mut rec = short_record(0);
        rec.scenario = named.into();
        let text = record::to_text(&rec).unwrap();
        let path = d.join("r.ron");
        std::fs::write(&path, text).unwrap();
        let back = record::load(&path).unwrap();
        let e = play::replay(&back).err().expect("refused").to_string();
        assert!(e.contains("a record may name a built-in scenario"), "{named}: {e}");
        assert!(!e.contains("SECRET") && !e.contains("root:x"), "{named}: {e}");
    }
    // A file beside it that is not a scenario is refused without quoting it.
    let mut rec = short_record(0);
    rec.scenario = "secret.txt".into();
    std::fs::write(d.join("r.ron"), record::to_text(&rec).unwrap()).unwrap();
    let e = play::replay(&record::load(&d.join("r.ron")).unwrap()).err().expect("refused").to_string();
    assert!(e.contains("not a RON data file") && !e.contains("SECRET") && !e.contains("root"), "{e}");
    // A record of a scenario file elsewhere is saved with the scenario copied beside it.
    let elsewhere = dir("paths-src");
    let (_, _, text) = data::SCENARIOS[0];
    let scen = elsewhere.join("mine.ron");
    std::fs::write(&scen, text).unwrap();
    let l = data::load_scenario(scen.to_str().unwrap(), 4).unwrap();
    let g = l.new_game(4).unwrap();
    let rec = RecordFile::of(&g, scen.to_str().unwrap(), &[], players());
    record::save(&d.join("mine-game.ron"), &rec).unwrap();
    assert!(d.join("mine.ron").exists(), "the scenario is copied beside the record");
    let back = record::load(&d.join("mine-game.ron")).unwrap();
    assert_eq!(back.scenario, "mine.ron");
    play::replay(&back).expect("loads beside the record");
    std::fs::remove_dir_all(d).ok();
    std::fs::remove_dir_all(elsewhere).ok();
}

/// Finding 7: `--verify` accepted empty days padded after the game ended.
#[test]
fn days_after_the_end_are_refused() {
    let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 2).unwrap();
    data::settings::apply(&mut l, "turn_limit=2").unwrap();
    let mut g = l.new_game(2).unwrap();
    while !g.is_over() {
        g.step(&[], &[]);
    }
    let mut rec = RecordFile::of(&g, data::DEFAULT_SCENARIO, &["turn_limit=2".into()], players());
    play::replay(&rec).expect("the game as played replays");
    let last = rec.days.last().unwrap().clone();
    rec.days.extend(std::iter::repeat_n(DayRecord { ru: vec![], ua: vec![], ..last }, 5));
    let e = play::replay(&rec).err().expect("refused").to_string();
    assert!(e.contains("5 day(s) after the game ended on day 2"), "{e}");
}

/// Item 6: `check` of a record replays it. A record whose hashes are those of another game (or
/// that runs on after its end) used to be called ok from its syntax alone.
#[test]
fn check_replays_a_record_and_refuses_one_that_diverges() {
    let check = |path: &Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_attrition")).arg("check").arg(path).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let d = dir("check");
    let mut rec = short_record(3);
    let good = d.join("good.ron");
    record::save(&good, &rec).unwrap();
    let (ok, said) = check(&good);
    assert!(ok && said.contains("3 days replayed, every state hash matches"), "{said}");
    rec.days[1].state_hash ^= 1;
    let bad = d.join("altered.ron");
    record::save(&bad, &rec).unwrap();
    let (ok, said) = check(&bad);
    assert!(!ok && said.contains("the record diverges on day 2"), "{said}");
    std::fs::remove_dir_all(d).ok();
}

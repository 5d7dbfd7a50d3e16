//! Records on disk: a saved game loads and continues exactly as if it had never stopped; damaged,
//! newer and truncated files are refused with a message; writes are atomic.

use attrition::ai::AiLevel;
use attrition::data;
use attrition::sim::map::Side;
use attrition::sim::Game;
use attrition::study::play;
use attrition::study::record::{self, Players, RecordFile};

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("attrition-record-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ai_day(g: &mut Game) {
    let ru = play::computer_orders(g, Side::Ru, AiLevel::Baseline);
    let ua = play::computer_orders(g, Side::Ua, AiLevel::Baseline);
    g.step(&ru, &ua);
}

fn new_game(settings: &[&str]) -> Game {
    let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 5).unwrap();
    for kv in settings {
        data::settings::apply(&mut l, kv).unwrap();
    }
    Game::new(l.setup).unwrap()
}

#[test]
fn save_load_continue_equals_playing_on() {
    let d = dir("continue");
    let settings = ["ua.drone_line=off", "aid=cutoff"];
    let mut a = new_game(&settings);
    for _ in 0..5 {
        ai_day(&mut a);
    }
    let owned: Vec<String> = settings.iter().map(|s| s.to_string()).collect();
    let rec = RecordFile::of(
        &a,
        data::DEFAULT_SCENARIO,
        &owned,
        Players { human: Some(Side::Ua), hotseat: false, ai: attrition::ai::AiLevel::Baseline, ua_ai: None },
    );
    let path = d.join("save.ron");
    record::save(&path, &rec).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(&d).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind: {leftovers:?}");
    let back = record::load(&path).unwrap();
    assert_eq!(back, rec);
    let mut b = play::replay(&back).unwrap();
    assert_eq!(b.state_hash(), a.state_hash());
    for _ in 0..4 {
        ai_day(&mut a);
        ai_day(&mut b);
        assert_eq!(a.state_hash(), b.state_hash());
    }
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn damaged_truncated_and_newer_records_are_refused() {
    let d = dir("bad");
    let mut g = new_game(&[]);
    for _ in 0..3 {
        ai_day(&mut g);
    }
    let rec = RecordFile::of(
        &g,
        data::DEFAULT_SCENARIO,
        &[],
        Players { human: None, hotseat: false, ai: attrition::ai::AiLevel::Baseline, ua_ai: None },
    );
    let path = d.join("r.ron");
    record::save(&path, &rec).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();

    let cut = d.join("cut.ron");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    let e = record::load(&cut).unwrap_err();
    assert!(e.starts_with(&format!("{}:", cut.display())) && e.contains("damaged"), "{e}");

    let newer = d.join("newer.ron");
    std::fs::write(&newer, text.replacen("version: 2,", "version: 3,", 1)).unwrap();
    let e = record::load(&newer).unwrap_err();
    assert!(e.contains("newer"), "{e}");

    let other = d.join("other.ron");
    std::fs::write(&other, text.replacen("attrition-record", "something-else", 1)).unwrap();
    assert!(record::load(&other).unwrap_err().contains("not an attrition record"));

    // An altered order is caught by the day's hash.
    let mut altered = rec.clone();
    altered.days[1].ua.clear();
    altered.days[1].ru.clear();
    let e = play::replay(&altered).err().expect("diverges").to_string();
    assert!(e.contains("day 2"), "{e}");
    std::fs::remove_dir_all(d).ok();
}

/// A saved record's text with `entries` added by hand as its `annotations` field (before the
/// closing parenthesis), and the line of the first entry.
fn annotate(text: &str, entries: &str) -> (String, usize) {
    let end = text.rfind(')').unwrap();
    let line = text[..end].lines().count() + 2;
    (format!("{}    annotations: [\n{entries}\n    ],\n{}", &text[..end], &text[end..]), line)
}

#[test]
fn annotations_added_by_hand_load_and_verify_and_older_records_still_load() {
    let d = dir("notes");
    let mut g = new_game(&[]);
    for _ in 0..3 {
        ai_day(&mut g);
    }
    let rec = RecordFile::of(
        &g,
        data::DEFAULT_SCENARIO,
        &[],
        Players { human: None, hotseat: false, ai: AiLevel::Baseline, ua_ai: None },
    );
    let path = d.join("r.ron");
    record::save(&path, &rec).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // A record without notes is written as before: older builds read it, this one too.
    assert!(!text.contains("annotations"), "no empty field is written");
    assert_eq!(record::load(&path).unwrap(), rec);

    let (noted, _) = annotate(
        &text,
        "        (day: 2, text: \"Look at the hub.\", at: \"Pokrovsk\"),\n        (day: 1, phase: Drones, at: (14, 52), text: \"The first strikes.\"),",
    );
    let path2 = d.join("noted.ron");
    std::fs::write(&path2, noted).unwrap();
    let back = record::load(&path2).unwrap();
    assert_eq!(back.annotations.len(), 2);
    assert_eq!(back.days, rec.days);
    // Notes change nothing in the game: the replay verifies, to the same hash.
    assert_eq!(play::replay(&back).unwrap().state_hash(), g.state_hash());
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn a_bad_annotation_in_a_record_is_refused_with_its_line_and_column() {
    let d = dir("badnote");
    let mut g = new_game(&[]);
    ai_day(&mut g);
    ai_day(&mut g);
    let rec = RecordFile::of(
        &g,
        data::DEFAULT_SCENARIO,
        &[],
        Players { human: None, hotseat: false, ai: AiLevel::Baseline, ua_ai: None },
    );
    let path = d.join("r.ron");
    record::save(&path, &rec).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    for (entry, expected) in [
        (
            "        (day: 3, text: \"After the end.\"),",
            "annotations[0].day: day 3 is after the last day: expected 0..=2 (the record has 2 days",
        ),
        ("        (day: 1, text: \"x\", at: \"Nowhere\"),", "annotations[0].at: no place `Nowhere`"),
    ] {
        let (bad, line) = annotate(&text, entry);
        let p = d.join("bad.ron");
        std::fs::write(&p, bad).unwrap();
        let e = record::load(&p).unwrap_err();
        assert!(e.starts_with(&format!("{}:{line}:", p.display())), "{e}");
        assert!(e.contains(expected), "{e}");
    }
    std::fs::remove_dir_all(d).ok();
}

/// A record keeps who played each side: both computer levels of an AI-vs-AI game (`sim
/// --record --ai ru=strong,ua=baseline`), the human's side, hot-seat; and it says so again
/// after a round trip through the file.
#[test]
fn a_record_keeps_every_seat_and_both_computer_levels() {
    use attrition::study::play::{self, Match, Seat};
    let (b, s) = (AiLevel::Baseline, AiLevel::Strong);
    let cases = [
        [Seat::Computer(s), Seat::Computer(b)],
        [Seat::Computer(b), Seat::Computer(s)],
        [Seat::Computer(s), Seat::Computer(s)],
        [Seat::Human, Seat::Computer(s)],
        [Seat::Computer(s), Seat::Human],
        [Seat::Human, Seat::Human],
    ];
    let d = std::env::temp_dir().join(format!("attrition-seats-{}", std::process::id()));
    for seats in cases {
        let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 3).unwrap();
        data::settings::apply(&mut l, "turn_limit=2").unwrap();
        let mut m = Match::new(l.new_game(3).unwrap(), seats);
        m.step();
        let path = d.join("seats.ron");
        record::save(&path, &m.record_file(data::DEFAULT_SCENARIO, &["turn_limit=2".into()])).unwrap();
        let back = record::load(&path).unwrap();
        assert_eq!(back.players.seats(), seats, "{:?}", back.players);
        assert_eq!(play::replay(&back).unwrap().state_hash(), m.game().state_hash());
    }
    // An older record, written before Ukraine's level was kept, reads as one level for both.
    let old = Players { human: None, hotseat: false, ai: s, ua_ai: None };
    assert_eq!(old.seats(), [Seat::Computer(s), Seat::Computer(s)]);
    std::fs::remove_dir_all(d).ok();
}

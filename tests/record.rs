//! Records on disk: a saved game loads and continues exactly as if it had never stopped; damaged,
//! newer and truncated files are refused with a message; writes are atomic.

use attrition::ai::{self, AiLevel};
use attrition::data;
use attrition::record::{self, Players, RecordFile};
use attrition::sim::map::Side;
use attrition::sim::Game;

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("attrition-record-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn ai_day(g: &mut Game) {
    let ru = ai::orders(g, Side::Ru, AiLevel::Baseline);
    let ua = ai::orders(g, Side::Ua, AiLevel::Baseline);
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
        Players { human: Some(Side::Ua), hotseat: false, ai: attrition::ai::AiLevel::Baseline },
    );
    let path = d.join("save.ron");
    record::save(&path, &rec).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(&d).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind: {leftovers:?}");
    let back = record::load(&path).unwrap();
    assert_eq!(back, rec);
    let mut b = back.replay().unwrap();
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
        Players { human: None, hotseat: false, ai: attrition::ai::AiLevel::Baseline },
    );
    let path = d.join("r.ron");
    record::save(&path, &rec).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();

    let cut = d.join("cut.ron");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    let e = record::load(&cut).unwrap_err();
    assert!(e.starts_with(&format!("{}:", cut.display())) && e.contains("damaged"), "{e}");

    let newer = d.join("newer.ron");
    std::fs::write(&newer, text.replacen("version: 1,", "version: 2,", 1)).unwrap();
    let e = record::load(&newer).unwrap_err();
    assert!(e.contains("newer"), "{e}");

    let other = d.join("other.ron");
    std::fs::write(&other, text.replacen("attrition-record", "something-else", 1)).unwrap();
    assert!(record::load(&other).unwrap_err().contains("not an attrition record"));

    // An altered order is caught by the day's hash.
    let mut altered = rec.clone();
    altered.days[1].ua.clear();
    altered.days[1].ru.clear();
    let e = altered.replay().err().expect("diverges");
    assert!(e.contains("day 2"), "{e}");
    std::fs::remove_dir_all(d).ok();
}

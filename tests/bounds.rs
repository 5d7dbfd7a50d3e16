//! Every number has a range (issue 15, finding 2): each rule key set to −1, 0, 1e308, NaN and
//! the ends of its range is either refused with the key and its range named, or the game
//! plays a day. Out-of-range values used to hang the path search (`road_move_cost=-1`), take
//! minutes a day (`glide_bombs_per_day=1e308`) or run with chances of 7; records, scenario
//! files and `Game::new` are held to the same ranges.

mod common;

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use attrition::ai::AiLevel;
use attrition::data;
use attrition::sim::bounds::{self, Bound, Bounded};
use attrition::sim::map::{Side, Terrain};
use attrition::sim::rules::Rules;
use attrition::sim::scenario::UnitSpawn;
use attrition::sim::{Game, Setup};
use attrition::study::play;
use proptest::prelude::*;

/// Plays one day of `g` with both sides on the baseline AI, on a thread of its own; a day
/// that does not end within a minute is a hang, and fails the test.
fn plays_a_day(mut g: Game, what: &str) {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let ru = play::computer_orders(&g, Side::Ru, AiLevel::Baseline);
        let ua = play::computer_orders(&g, Side::Ua, AiLevel::Baseline);
        let r = g.step(&ru, &ua);
        let _ = tx.send(r.day);
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(day) => assert_eq!(day, 1, "{what}"),
        Err(_) => panic!("{what}: the day did not end within a minute"),
    }
}

/// A small sector with a unit of every kind on each side: one day on it is quick, and every
/// phase has something to do.
fn small_setup(rules: Arc<Rules>) -> Setup {
    let (_, units) = data::default_rules().unwrap();
    let mut spawns = Vec::new();
    for (side, x0, dir) in [(Side::Ua, 14i16, -1i16), (Side::Ru, 15, 1)] {
        for (t, depth, dy) in [
            ("assault_team", 0, 0),
            ("motorcycle_group", 0, 2),
            ("armored_group", 1, -2),
            ("position", 0, 4),
            ("fpv_unit", 4, 0),
            ("drone_regiment", 5, 2),
            ("bomber_unit", 5, -2),
            ("recon_unit", 6, 0),
            ("ew_station", 3, 1),
            ("artillery_battery", 7, 3),
            ("supply_hub", 10, 0),
            ("hq", 9, -3),
        ] {
            spawns.push(common::spawn(side, t, x0 + dir * depth, 10 + dy));
        }
        spawns.push(UnitSpawn { cell: None, ..common::spawn(side, "reserve_battalion", 0, 0) });
    }
    Setup {
        map: Arc::new(common::test_map(Terrain::Farmland)),
        rules,
        units: Arc::new(units),
        scenario: Arc::new(common::scenario(spawns)),
        seed: 3,
    }
}

/// The values tried for a key: the four and both ends of the range.
fn edges(lo: f64, hi: f64) -> Vec<String> {
    vec!["-1".into(), "0".into(), "1e308".into(), "NaN".into(), bounds::number(lo), bounds::number(hi)]
}

#[test]
fn every_rule_key_at_its_edges_is_refused_or_plays_a_day() {
    let keys = Rules::bounds();
    assert!(keys.len() > 100, "every rule number has a range: {}", keys.len());
    let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 3).unwrap();
    let base = l.setup.rules.clone();
    for (key, bound) in &keys {
        let Bound::Num { lo, hi } = *bound else { continue };
        for v in edges(lo, hi) {
            let kv = format!("rules.{key}={v}");
            // Shown with the failure, so the last line names the setting at fault.
            println!("{kv}");
            let x: f64 = v.parse().unwrap();
            l.setup.rules = base.clone();
            match data::settings::apply(&mut l, &kv) {
                Err(e) => {
                    assert!(!bound.admits(x), "{kv}: refused although in range: {e}");
                    assert!(e.contains(key.as_str()), "{kv}: the error names the key: {e}");
                    assert!(e.contains(&bounds::range(lo, hi)), "{kv}: and its range: {e}");
                }
                Ok(()) => {
                    assert!(bound.admits(x), "{kv}: accepted although out of range");
                    let g = Game::new(small_setup(l.setup.rules.clone())).expect("an accepted value builds");
                    plays_a_day(g, &kv);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// The same on the real sector, for a sample of keys and edge values each run.
    #[test]
    fn rule_edges_on_the_default_scenario(k in 0usize..1000, v in 0usize..6) {
        let keys: Vec<(String, f64, f64)> =
            Rules::bounds().into_iter().filter_map(|(k, b)| b.range().map(|(lo, hi)| (k, lo, hi))).collect();
        let (key, lo, hi) = &keys[k % keys.len()];
        let kv = format!("rules.{key}={}", edges(*lo, *hi)[v]);
        let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 3).unwrap();
        if data::settings::apply(&mut l, &kv).is_ok() {
            plays_a_day(l.new_game(3).unwrap(), &kv);
        }
    }
}

#[test]
fn game_new_refuses_out_of_range_rules_units_and_stocks() {
    let l = data::load_scenario(data::DEFAULT_SCENARIO, 3).unwrap();
    let mut rules = (*l.setup.rules).clone();
    rules.terrain.road_move_cost = -1.0;
    rules.drones.hit_chance = 7.0;
    let e = Game::new(Setup { rules: Arc::new(rules), ..l.setup.clone() }).err().expect("refused");
    assert!(e.contains("`terrain.road_move_cost` is -1; allowed 0.05..=1000"), "{e}");
    assert!(e.contains("`drones.hit_chance` is 7; allowed 0..=1"), "{e}");
    let mut sc = (*l.setup.scenario).clone();
    sc.ru.drones_per_day = f64::INFINITY;
    sc.ua.shells_per_day = -5.0;
    let e = Game::new(Setup { scenario: Arc::new(sc), ..l.setup.clone() }).err().expect("refused");
    assert!(e.contains("`ru.drones_per_day` is inf") && e.contains("`ua.shells_per_day` is -5"), "{e}");
    let mut units = (*l.setup.units).clone();
    units.get_mut("fpv_unit").unwrap().drone.as_mut().unwrap().range = 100_000;
    let e = Game::new(Setup { units: Arc::new(units), ..l.setup.clone() }).err().expect("refused");
    assert!(e.contains("`units.fpv_unit.drone.range` is 100000; allowed 0..=100"), "{e}");
}

#[test]
fn every_shipped_number_is_in_range() {
    let (rules, units) = data::default_rules().expect("the shipped rules and units are in range");
    assert!(rules.out_of_range().is_empty() && units.out_of_range().is_empty());
    for (id, _, _) in data::SCENARIOS {
        data::load_scenario(id, 1).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
}

/// Finding 7: the odds of an assault on a cell off the map used to panic (index out of range).
#[test]
fn assault_odds_off_the_map_are_nil() {
    let g = common::default_game(1);
    let view = g.view(Side::Ua);
    let own: Vec<_> = view.own.iter().map(|u| u.id).take(1).collect();
    for c in [attrition::sim::map::Cell::new(-1, 5), attrition::sim::map::Cell::new(5, 30_000)] {
        let odds = g.referee(&view).assault_odds(&own, c);
        assert_eq!((odds.success, odds.defenders.len()), (0.0, 0), "{c}");
        assert!(g.referee(&view).route(own[0], c, false).is_none_or(|(r, _)| r.is_empty()));
    }
}

/// A temporary folder of the test's own.
fn temp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("attrition-bounds-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Finding 2: a 243-byte record carrying `rules.terrain.road_move_cost=-1` made `replay
/// --verify` and `report` take 2 GB and abort; it is refused, naming the key and its range.
#[test]
fn a_record_with_an_out_of_range_setting_is_refused() {
    use attrition::study::record::{self, Players, RecordFile};
    let g = common::default_game(1);
    let players = Players { human: None, hotseat: false, ai: AiLevel::Baseline, ua_ai: None };
    let mut rec = RecordFile::of(&g, data::DEFAULT_SCENARIO, &[], players);
    rec.settings = vec!["rules.terrain.road_move_cost=-1".into()];
    let d = temp("record");
    let path = d.join("crafted.ron");
    record::save(&path, &rec).unwrap();
    let back = record::load(&path).expect("the file itself is well formed");
    let e = play::replay(&back).err().expect("refused").to_string();
    assert!(e.contains("rules.terrain.road_move_cost") && e.contains("0.05..=1000"), "{e}");
    std::fs::remove_dir_all(d).ok();
}

/// Finding 4: scenario stocks and flows accepted `inf`, `NaN` and negatives; every one is an
/// error at its line and column, all of them reported.
#[test]
fn scenario_numbers_out_of_range_are_each_refused_at_their_place() {
    let (_, file, text) = data::SCENARIOS[0];
    let bad = text
        .replacen("drones_per_day: 3000,", "drones_per_day: inf,", 1)
        .replacen("shells_per_day: 1000,", "shells_per_day: -5,", 1)
        .replacen("will: ", "will: 1e9, // was ", 1);
    let d = temp("scenario");
    let path = d.join("bad.ron");
    std::fs::write(&path, &bad).unwrap();
    let e = data::load_scenario(path.to_str().unwrap(), 1).err().expect("refused");
    let errors: Vec<String> = e.each().iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let line_of = |needle: &str| bad.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (needle, key) in [
        ("drones_per_day: inf", "ru.drones_per_day"),
        ("shells_per_day: -5", "ua.shells_per_day"),
        ("will: 1e9", "ru.will"),
    ] {
        let at = format!("bad.ron:{}:", line_of(needle));
        assert!(errors.iter().any(|e| e.contains(&at) && e.contains(key)), "{needle}: {errors:#?}");
    }
    let _ = file;
    std::fs::remove_dir_all(d).ok();
}

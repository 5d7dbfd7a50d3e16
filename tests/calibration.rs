//! Calibration at a few seeds: each claim of the reporting (DESIGN §1) must keep its direction
//! and rough size, so a rules change that breaks the history fails here. The full table, at
//! 100 seeds a case, is `attrition calibrate`.

use attrition::data;
use attrition::sim::map::Side;
use attrition::study::calibrate::{case, RunFacts, Spread};

fn mean(r: &[RunFacts], f: impl Fn(&RunFacts) -> f64) -> f64 {
    Spread::of(&r.iter().map(f).collect::<Vec<_>>()).mean
}

#[test]
fn without_the_drone_line_russia_gains_at_least_half_again_as_much_ground() {
    let on = case("pokrovsk-drone-line", &["ua.drone_line=on"], 6, None).unwrap();
    let off = case("pokrovsk-drone-line", &["ua.drone_line=off"], 6, None).unwrap();
    let (a, b) = (mean(&on, |r| r.ru_net_km2), mean(&off, |r| r.ru_net_km2));
    assert!(b > 0.0, "without the line Russia advances: {b}");
    assert!(b >= 1.5 * a.max(0.0) && b - a >= 10.0, "line off {b:.1} km² vs on {a:.1} km²");
}

#[test]
fn drones_on_its_road_bring_sudzha_down_sooner() {
    let with = case("sudzha", &["ru.drone_line=on"], 4, Some("Sudzha")).unwrap();
    let without = case("sudzha", &["ru.drone_line=off"], 4, Some("Sudzha")).unwrap();
    let day = |r: &RunFacts| r.objective_taken_on.map(|d| d as f64).unwrap_or(r.days as f64 + 1.0);
    let (a, b) = (mean(&with, day), mean(&without, day));
    assert!(a <= 30.0 && a < b, "with the drone line Sudzha falls on day {a:.1}, without on {b:.1}");
}

#[test]
fn armor_heavy_tactics_lose_at_least_twice_the_armor() {
    let sparing = case(data::DEFAULT_SCENARIO, &[], 4, None).unwrap();
    let heavy = case(data::DEFAULT_SCENARIO, &["ru.armor=heavy"], 4, None).unwrap();
    let (a, b) = (mean(&sparing, |r| r.armor_lost[0] as f64), mean(&heavy, |r| r.armor_lost[0] as f64));
    assert!(b >= 2.0 * a, "heavy {b:.1} vs sparing {a:.1} armored vehicles lost");
}

#[test]
fn russian_daily_losses_sit_in_the_reported_range_scaled_to_the_sector() {
    let share = data::default_rules().unwrap().0.recruitment.sector_share;
    let runs = case(data::DEFAULT_SCENARIO, &[], 4, None).unwrap();
    let ru = mean(&runs, |r| r.personnel_lost[Side::Ru.index()] as f64 / r.days as f64);
    // Meduza: 500–750 a day front-wide in the second half of 2024; a quarter's slack either way.
    assert!(ru >= 500.0 * share * 0.75 && ru <= 750.0 * share * 1.25, "RU {ru:.0}/day at share {share}");
}

#[test]
fn russia_outgrows_ukraine_in_manpower_over_a_long_game() {
    let runs = case(data::DEFAULT_SCENARIO, &["turn_limit=60"], 2, None).unwrap();
    let growth = |s: Side| mean(&runs, |r| r.manpower[s.index()].1 as f64 - r.manpower[s.index()].0 as f64);
    assert!(growth(Side::Ru) > growth(Side::Ua), "RU {} vs UA {}", growth(Side::Ru), growth(Side::Ua));
}

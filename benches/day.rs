//! Criterion benchmarks: one simulated day of the default scenario with and without the
//! baseline AI, the AI alone, and a stress variant with 10× the cells and units.

use std::sync::Arc;

use attrition::ai::AiLevel;
use attrition::data::{self, mapfile::Point, scenario::Placement};
use attrition::sim::map::{feature, Map, Projection, Side, Terrain};
use attrition::sim::{Game, Setup};
use attrition::study::play;
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

fn default_game() -> Game {
    let l = data::load_scenario(data::DEFAULT_SCENARIO, 1).expect("default scenario");
    Game::new(l.setup).expect("builds")
}

/// A 10× variant: a synthetic sector with ten times the cells of the default map and the
/// default scenario's deployment repeated ten times along a straight front.
fn stress_game(scale: u32) -> Game {
    let base = data::load_scenario(data::DEFAULT_SCENARIO, 1).expect("default scenario");
    let (w, h) = (240i16, 225i16);
    let proj = Projection { north: 49.5, west: 36.0, ref_lat: 48.5 };
    let n = w as usize * h as usize;
    let mut features = vec![0u8; n];
    for y in (5..h).step_by(20) {
        for x in 0..w {
            features[y as usize * w as usize + x as usize] |= feature::ROAD;
        }
    }
    let map = Map {
        id: "stress".into(),
        title: "stress".into(),
        cell_km: 1.0,
        width: w,
        height: h,
        terrain: (0..n).map(|i| if i % 7 == 0 { Terrain::Urban } else { Terrain::Farmland }).collect(),
        features,
        places: Vec::new(),
        initial_control: (0..n)
            .map(|i| if (i % w as usize) < (w as usize / 2) { Side::Ua } else { Side::Ru })
            .collect(),
        projection: proj,
    };
    let latlon = |x: f64, y: f64| {
        let kx = attrition::sim::map::KM_PER_DEG_LON_EQ * (proj.ref_lat.to_radians()).cos();
        Point::P(proj.north - y / attrition::sim::map::KM_PER_DEG_LAT, proj.west + x / kx)
    };
    let mut sf = base.scenario.clone();
    for d in &mut sf.deploy {
        d.count *= scale;
        let depth = match &d.place {
            Placement::Front { depth, .. } => *depth,
            Placement::Near { .. } => 12,
            Placement::OffMap => continue,
        };
        d.place = Placement::Front { from: latlon(120.0, 2.0), to: latlon(120.0, 222.0), depth };
    }
    sf.ru.supply_entries = vec![latlon(238.5, 50.5), latlon(238.5, 110.5), latlon(238.5, 170.5)];
    sf.ua.supply_entries = vec![latlon(0.5, 50.5), latlon(0.5, 110.5), latlon(0.5, 170.5)];
    sf.objectives.clear();
    sf.victory = attrition::sim::scenario::Victory { ru_points_to_win: 0, ua_wins_below: 0 };
    let (rules, units) = data::default_rules().expect("rules");
    let scen = sf.resolve("stress", &map, &units).expect("stress scenario resolves");
    Game::new(Setup {
        map: Arc::new(map),
        rules: Arc::new(rules),
        units: Arc::new(units),
        scenario: Arc::new(scen),
        seed: 1,
    })
    .expect("stress game builds")
}

fn ai_day(g: &mut Game) {
    let ru = play::computer_orders(g, Side::Ru, AiLevel::Baseline);
    let ua = play::computer_orders(g, Side::Ua, AiLevel::Baseline);
    g.step(&ru, &ua);
}

fn bench(c: &mut Criterion) {
    let g = default_game();
    eprintln!("default scenario: {} entities on {} cells", g.unit_count(), g.map().len());
    let s = stress_game(10);
    eprintln!("stress scenario: {} entities on {} cells", s.unit_count(), s.map().len());
    drop((g, s));

    // A game a few days in, so that fighting, supply cuts and strikes are under way.
    let warm = || {
        let mut g = default_game();
        for _ in 0..3 {
            ai_day(&mut g);
        }
        g
    };
    let mut grp = c.benchmark_group("day");
    grp.bench_function("default/no_ai", |b| b.iter_batched(warm, |mut g| g.step(&[], &[]), BatchSize::LargeInput));
    grp.bench_function("default/with_ai", |b| b.iter_batched(warm, |mut g| ai_day(&mut g), BatchSize::LargeInput));
    grp.bench_function("default/ai_one_side", |b| {
        b.iter_batched(warm, |g| play::computer_orders(&g, Side::Ru, AiLevel::Baseline), BatchSize::LargeInput)
    });
    grp.sample_size(20);
    grp.bench_function("stress10x/no_ai", |b| {
        b.iter_batched(|| stress_game(10), |mut g| g.step(&[], &[]), BatchSize::LargeInput)
    });
    grp.bench_function("stress10x/with_ai", |b| {
        b.iter_batched(|| stress_game(10), |mut g| ai_day(&mut g), BatchSize::LargeInput)
    });
    grp.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

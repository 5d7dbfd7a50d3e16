//! Criterion benchmarks of the engine's day: the default scenario at its declared scale with
//! the strong AI for both sides (the reference pairing: `sim`'s default), early and late in a
//! game and over a whole game; the same with the baseline AI and without orders; and a stress
//! series on a synthetic sector whose cells and units grow together (1×, 3×, 10× the default
//! scenario's), to show that a day's cost grows about linearly with the size of the war.
//!
//! At start it prints the entity counts per side of the default game (seed 1, strong against
//! strong) on days 1, 15 and 30, and of each stress size.

use std::sync::Arc;
use std::time::{Duration, Instant};

use attrition::ai::AiLevel;
use attrition::data::{self, mapfile::Point, scenario::Placement};
use attrition::sim::map::{feature, Map, Projection, Side, Terrain};
use attrition::sim::{Game, Setup};
use attrition::study::play;
use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion};

// The binary's allocator (src/main.rs), so these figures are the game's as players run it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn default_game() -> Game {
    let l = data::load_scenario(data::DEFAULT_SCENARIO, 1).expect("default scenario");
    Game::new(l.setup).expect("builds")
}

/// A synthetic sector `k` times the default one: a front `k` times as long (240 columns by
/// 22.5·k rows: the default map has 74 × 73 cells) with the default scenario's deployment
/// repeated `k` times along it, three supply entries per side.
fn stress_game(k: u32) -> Game {
    let base = data::load_scenario(data::DEFAULT_SCENARIO, 1).expect("default scenario");
    let (w, h) = (240i16, (22.5 * k as f64).round() as i16);
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
    let hf = h as f64;
    let mut sf = base.scenario.clone();
    for d in &mut sf.deploy {
        d.count *= k;
        let depth = match &d.place {
            Placement::Front { depth, .. } => *depth,
            Placement::Near { .. } => 12,
            Placement::OffMap => continue,
        };
        d.place = Placement::Front { from: latlon(120.0, 2.0), to: latlon(120.0, hf - 3.0), depth };
    }
    let entries = |x: f64| (1..=3).map(|q| latlon(x, hf * q as f64 / 4.0)).collect::<Vec<_>>();
    sf.ru.supply_entries = entries(238.5);
    sf.ua.supply_entries = entries(0.5);
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

/// One day with the AI at `level` for both sides, as `sim` plays it.
fn ai_day(g: &mut Game, level: AiLevel) {
    let ru = play::computer_orders(g, Side::Ru, level);
    let ua = play::computer_orders(g, Side::Ua, level);
    g.step(&ru, &ua);
}

/// A default game `days` days in, strong against strong.
fn warm(days: u32) -> Game {
    let mut g = default_game();
    for _ in 0..days {
        ai_day(&mut g, AiLevel::Strong);
    }
    g
}

/// Units per side: on the map, and in all (reserves included).
fn census(g: &Game) -> String {
    let count = |s: Side| {
        let r = g.roster(s);
        let on = r.iter().filter(|u| u.cell.is_some()).count();
        format!("{} {on} on the map / {} in all", s.code(), r.len())
    };
    format!("{}, {}", count(Side::Ru), count(Side::Ua))
}

/// Times `day` on `iters` games made by `setup` (made before the clock starts): for states
/// too costly to make once per iteration inside the timing loop of `iter_batched`.
fn timed_on(iters: u64, setup: impl Fn() -> Game, day: impl Fn(&mut Game)) -> Duration {
    let mut games: Vec<Game> = (0..iters).map(|_| setup()).collect();
    let t = Instant::now();
    for g in &mut games {
        day(g);
    }
    t.elapsed()
}

fn bench(c: &mut Criterion) {
    let mut g = default_game();
    eprintln!("default scenario: {} entities on {} cells", g.unit_count(), g.map().len());
    for day in 1..=30 {
        ai_day(&mut g, AiLevel::Strong);
        if matches!(day, 1 | 15 | 30) {
            eprintln!("  strong vs strong, seed 1, after day {day}: {}", census(&g));
        }
    }
    for k in [1, 3, 10] {
        let s = stress_game(k);
        eprintln!("stress {k}x: {} entities on {} cells ({})", s.unit_count(), s.map().len(), census(&s));
    }
    drop(g);

    let mut grp = c.benchmark_group("day");
    // The reference pairing, a few days in (fighting, supply cuts and strikes under way) and
    // late, when recruits have been formed into new teams.
    grp.bench_function("default/strong", |b| {
        b.iter_batched(|| warm(3), |mut g| ai_day(&mut g, AiLevel::Strong), BatchSize::LargeInput)
    });
    grp.bench_function("default/strong_ai_one_side", |b| {
        b.iter_batched(|| warm(3), |g| play::computer_orders(&g, Side::Ru, AiLevel::Strong), BatchSize::LargeInput)
    });
    grp.bench_function("default/no_ai", |b| {
        b.iter_batched(|| warm(3), |mut g| g.step(&[], &[]), BatchSize::LargeInput)
    });
    grp.bench_function("default/baseline", |b| {
        b.iter_batched(|| warm(3), |mut g| ai_day(&mut g, AiLevel::Baseline), BatchSize::LargeInput)
    });
    grp.sample_size(10);
    grp.bench_function("default/strong_day20", |b| {
        b.iter_custom(|iters| timed_on(iters, || warm(19), |g| ai_day(g, AiLevel::Strong)))
    });
    grp.finish();

    // A whole game as `sim --turns 30` plays it (the per-day mean is a thirtieth of it).
    let mut grp = c.benchmark_group("game");
    grp.sample_size(10);
    grp.bench_function("default/strong_30_days", |b| {
        b.iter(|| {
            let mut g = default_game();
            for _ in 0..30 {
                ai_day(&mut g, AiLevel::Strong);
            }
            g.state_hash()
        })
    });
    grp.finish();

    // Cells and units grow together: a linear engine takes k times as long at k×.
    let mut grp = c.benchmark_group("stress");
    grp.sample_size(10);
    for k in [1u32, 3, 10] {
        grp.bench_with_input(BenchmarkId::new("strong_3_days", format!("{k}x")), &k, |b, &k| {
            b.iter_batched(
                || stress_game(k),
                |mut g| {
                    for _ in 0..3 {
                        ai_day(&mut g, AiLevel::Strong);
                    }
                },
                BatchSize::LargeInput,
            )
        });
    }
    grp.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

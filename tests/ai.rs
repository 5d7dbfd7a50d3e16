//! The AIs: the strong AI gives only orders the engine accepts, explains each, and plays
//! better than the baseline from either side.

use attrition::ai::AiLevel;
use attrition::data::{self, settings};
use attrition::sim::map::Side;
use attrition::sim::Game;
use attrition::study::play::{self, Match};
use proptest::prelude::*;

mod common;

fn loaded(turn_limit: u32) -> data::Loaded {
    let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 1).expect("embedded scenario");
    settings::apply(&mut l, &format!("turn_limit={turn_limit}")).expect("turn limit applies");
    l
}

/// Russia's net ground (its ground minus Ukraine's, km²) at the end of a game.
fn net_ground(l: &data::Loaded, seed: u64, ru: AiLevel, ua: AiLevel) -> f64 {
    let mut m = Match::computers(l.new_game(seed).expect("builds"), [ru, ua]);
    m.play_out(None, |_, _| {});
    let g = m.game();
    g.ground_gained_km2(Side::Ru) - g.ground_gained_km2(Side::Ua)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, .. ProptestConfig::default() })]

    /// Every order the strong AI gives passes the engine's check, for both sides, day after day,
    /// and it explains each one.
    #[test]
    fn strong_orders_always_pass_check(seed in 0u64..1_000_000) {
        let l = loaded(30);
        let mut g = l.new_game(seed).expect("builds");
        for _ in 0..4 {
            let mut day = Vec::new();
            for side in Side::BOTH {
                let explained = play::computer_orders_explained(&g, side, AiLevel::Strong);
                for (o, why) in &explained {
                    prop_assert!(g.check(side, o).is_ok(), "{side} order {o:?} refused: {:?}", g.check(side, o));
                    prop_assert!(!why.is_empty());
                }
                let plain = play::computer_orders(&g, side, AiLevel::Strong);
                prop_assert_eq!(plain, explained.iter().map(|(o, _)| *o).collect::<Vec<_>>());
                day.push(explained.into_iter().map(|(o, _)| o).collect::<Vec<_>>());
            }
            let rep = g.step(&day[0], &day[1]);
            let refused = rep
                .events
                .iter()
                .filter(|e| matches!(e, attrition::sim::events::Event::OrderRejected { .. }))
                .count();
            prop_assert_eq!(refused, 0);
        }
    }
}

/// The strong AI is a function of the game: the same game gives the same orders.
#[test]
fn strong_ai_is_deterministic() {
    let l = loaded(30);
    let mut a = l.new_game(3).expect("builds");
    let mut b = l.new_game(3).expect("builds");
    for _ in 0..3 {
        let (ra, ua) = (
            play::computer_orders(&a, Side::Ru, AiLevel::Strong),
            play::computer_orders(&a, Side::Ua, AiLevel::Strong),
        );
        let (rb, ub) = (
            play::computer_orders(&b, Side::Ru, AiLevel::Strong),
            play::computer_orders(&b, Side::Ua, AiLevel::Strong),
        );
        assert_eq!(ra, rb);
        assert_eq!(ua, ub);
        assert_eq!(a.step(&ra, &ua).state_hash, b.step(&rb, &ub).state_hash);
    }
}

const SEEDS: [u64; 6] = [1, 2, 3, 4, 5, 6];

/// Playing Russia, the strong AI gains more net ground against the baseline Ukraine than the
/// baseline Russia does, on most seeds.
#[test]
fn strong_russia_gains_more_than_baseline() {
    let l = loaded(20);
    let wins = SEEDS
        .iter()
        .filter(|&&s| {
            let strong = net_ground(&l, s, AiLevel::Strong, AiLevel::Baseline);
            let base = net_ground(&l, s, AiLevel::Baseline, AiLevel::Baseline);
            strong > base
        })
        .count();
    assert!(wins * 2 > SEEDS.len(), "strong Russia beat the baseline on only {wins} of {} seeds", SEEDS.len());
}

/// Playing Ukraine, the strong AI gives up less net ground against the baseline Russia than
/// the baseline Ukraine does, on most seeds.
#[test]
fn strong_ukraine_loses_less_than_baseline() {
    let l = loaded(20);
    let wins = SEEDS
        .iter()
        .filter(|&&s| {
            let strong = net_ground(&l, s, AiLevel::Baseline, AiLevel::Strong);
            let base = net_ground(&l, s, AiLevel::Baseline, AiLevel::Baseline);
            strong < base
        })
        .count();
    assert!(wins * 2 > SEEDS.len(), "strong Ukraine beat the baseline on only {wins} of {} seeds", SEEDS.len());
}

/// Throwaway measurement over many seeds (`cargo test --release --test ai -- --ignored --nocapture`;
/// `AI_SEEDS`, `AI_TURNS` change it).
#[test]
#[ignore]
fn measure_strong_vs_baseline() {
    use rayon::prelude::*;
    let seeds: u64 = std::env::var("AI_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(40);
    let turns: u32 = std::env::var("AI_TURNS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let l = loaded(turns);
    let rows: Vec<(f64, f64, f64)> = (100..100 + seeds)
        .into_par_iter()
        .map(|s| {
            (
                net_ground(&l, s, AiLevel::Baseline, AiLevel::Baseline),
                net_ground(&l, s, AiLevel::Strong, AiLevel::Baseline),
                net_ground(&l, s, AiLevel::Baseline, AiLevel::Strong),
            )
        })
        .collect();
    let ru = rows.iter().filter(|r| r.1 > r.0).count();
    let ua = rows.iter().filter(|r| r.2 < r.0).count();
    let mean = |f: fn(&(f64, f64, f64)) -> f64| rows.iter().map(f).sum::<f64>() / rows.len() as f64;
    println!(
        "seeds {seeds}, {turns} days: strong RU beats baseline {ru}/{seeds}, strong UA beats baseline {ua}/{seeds}; \
         mean net RU ground: base/base {:.1}, strong RU {:.1}, strong UA {:.1}",
        mean(|r| r.0),
        mean(|r| r.1),
        mean(|r| r.2)
    );
}

/// Throwaway timing: median time of the strong AI per side-day on the default scenario.
#[test]
#[ignore]
fn time_strong_ai() {
    let l = loaded(30);
    let mut g: Game = l.new_game(1).expect("builds");
    let mut times = Vec::new();
    while !g.is_over() {
        let mut day = Vec::new();
        for side in Side::BOTH {
            // The fastest of five runs: the AI's own cost, not the machine's other load.
            let mut best = std::time::Duration::MAX;
            let mut orders = Vec::new();
            for _ in 0..5 {
                let t = std::time::Instant::now();
                orders = play::computer_orders(&g, side, AiLevel::Strong);
                best = best.min(t.elapsed());
            }
            times.push(best);
            day.push(orders);
        }
        g.step(&day[0], &day[1]);
    }
    let max = *times.iter().max().expect("days played");
    times.sort();
    println!("median {:?}, max {:?} over {} side-days", times[times.len() / 2], max, times.len());
}

/// The AI is handed its side's view and referee only: no file of it names the game or the
/// world (the engine keeps both private; see the compile-fail examples in `sim::view`).
#[test]
fn the_ai_sees_only_its_view_and_referee() {
    for (file, text) in
        [("src/ai/mod.rs", include_str!("../src/ai/mod.rs")), ("src/ai/strong.rs", include_str!("../src/ai/strong.rs"))]
    {
        for forbidden in ["sim::Game", "&Game", "world()", "spatial"] {
            assert!(!text.contains(forbidden), "{file} mentions `{forbidden}`");
        }
    }
}

/// A game on the test sector with these units, on the first seed on which Russia sees `n`
/// Ukrainian units at x = 14 (detection is a roll).
fn game_where_russia_sees(units: &[attrition::sim::scenario::UnitSpawn], n: usize) -> Game {
    let seen = |g: &Game| g.view(Side::Ru).enemy.iter().filter(|e| e.cell.is_some_and(|c| c.x == 14)).count() == n;
    (1..200).map(|seed| common::game(common::scenario(units.to_vec()), seed)).find(seen).expect("some seed shows them")
}

/// Where the move orders among `orders` send the units with these ids.
fn moves_of(
    orders: &[attrition::sim::orders::Order],
    ids: std::ops::RangeInclusive<u32>,
) -> Vec<attrition::sim::map::Cell> {
    orders
        .iter()
        .filter_map(|o| match o {
            attrition::sim::orders::Order::Move { unit, to } if ids.contains(&unit.0) => Some(*to),
            _ => None,
        })
        .collect()
}

/// The baseline attacker, held up by defenders it can see, looks along the line for a gap a few
/// cells off (an enemy-held cell with nobody seen in or next to it) and sends a team into it,
/// one team a gap, rather than piling up for an assault at poor odds.
#[test]
fn the_baseline_attacker_goes_for_a_gap_in_the_line() {
    use common::spawn;
    // Ukraine holds x < 15. Its positions stand at x = 14 on rows 9–11, and the two Russian teams
    // in (15, 10) facing them see all three; the rest of Ukraine's line is empty.
    let mut units = vec![spawn(Side::Ua, "supply_hub", 3, 10), spawn(Side::Ru, "supply_hub", 26, 10)];
    for y in 9..=11 {
        units.push(spawn(Side::Ua, "position", 14, y));
    }
    units.push(spawn(Side::Ru, "assault_team", 15, 10));
    units.push(spawn(Side::Ru, "assault_team", 15, 10));
    units.push(spawn(Side::Ru, "recon_unit", 20, 10));
    let g = game_where_russia_sees(&units, 3);
    let view = g.view(Side::Ru);
    let orders = play::computer_orders(&g, Side::Ru, AiLevel::Baseline);
    // The two assault teams (ids 5 and 6, after the hubs and the three positions).
    let moves = moves_of(&orders, 5..=6);
    // Both teams go for empty Ukrainian cells with no defender next to them, each its own.
    assert_eq!(moves.len(), 2, "{orders:?}");
    for to in &moves {
        assert_eq!(g.control()[g.map().idx(*to)], Side::Ua, "{to:?}");
        assert!(view.enemy.iter().filter_map(|e| e.cell).all(|c| c.dist(*to) > 1), "{to:?} is next to a defender");
    }
    assert_ne!(moves[0], moves[1]);
}

/// An empty enemy cell between defenders the baseline attacker can see does not change hands
/// while they stand beside it: the attacker sends its team to a gap instead of into it.
#[test]
fn the_baseline_attacker_passes_up_a_watched_cell_for_a_gap() {
    use attrition::sim::map::Cell;
    use common::spawn;
    // Ukraine holds x < 15; positions at (14, 9) and (14, 11), (14, 10) empty between them.
    let units = vec![
        spawn(Side::Ua, "supply_hub", 3, 10),
        spawn(Side::Ru, "supply_hub", 26, 10),
        spawn(Side::Ua, "position", 14, 9),
        spawn(Side::Ua, "position", 14, 11),
        spawn(Side::Ru, "assault_team", 15, 10),
        spawn(Side::Ru, "recon_unit", 20, 10),
    ];
    let g = game_where_russia_sees(&units, 2);
    let orders = play::computer_orders(&g, Side::Ru, AiLevel::Baseline);
    // The assault team is id 4 (after the hubs and the two positions).
    let to = moves_of(&orders, 4..=4);
    assert_eq!(to.len(), 1, "{orders:?}");
    assert_ne!(to[0], Cell::new(14, 10), "the team went into the watched cell");
    assert_eq!(g.control()[g.map().idx(to[0])], Side::Ua);
    assert!(to[0].dist(Cell::new(14, 9)) > 1 && to[0].dist(Cell::new(14, 11)) > 1, "{:?}", to[0]);
}

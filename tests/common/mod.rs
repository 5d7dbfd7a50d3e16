//! A small synthetic sector for rules tests: 30×20 cells of farmland, Ukraine holding the
//! west (x < 15) and Russia the east, a road along row 10, and helpers to place units.
#![allow(dead_code)]

use std::sync::Arc;

use attrition::data;
use attrition::sim::components::UnitId;
use attrition::sim::events::{AssaultOdds, Event};
use attrition::sim::map::{feature, Cell, Map, Projection, Side, Terrain};
use attrition::sim::orders::Order;
use attrition::sim::scenario::{Aid, Scale, Scenario, SideSetup, UnitSpawn, Victory};
use attrition::sim::{Game, Setup};

pub const W: i16 = 30;
pub const H: i16 = 20;

pub fn test_map(base: Terrain) -> Map {
    let n = (W as usize) * (H as usize);
    let mut features = vec![0u8; n];
    for x in 0..W {
        features[10 * W as usize + x as usize] |= feature::ROAD;
    }
    let initial_control = (0..n).map(|i| if (i % W as usize) < 15 { Side::Ua } else { Side::Ru }).collect();
    Map {
        id: "test".into(),
        title: "test sector".into(),
        cell_km: 1.0,
        width: W,
        height: H,
        terrain: vec![base; n],
        features,
        places: Vec::new(),
        initial_control,
        projection: Projection { north: 48.5, west: 37.0, ref_lat: 48.4 },
    }
}

pub fn side_setup(entry: Cell) -> SideSetup {
    SideSetup {
        manpower_pool: 1000,
        recruits_per_day: 1000.0,
        drones: 100_000,
        drones_per_day: 0.0,
        shells: 0,
        shells_per_day: 0.0,
        armor: 0,
        armor_per_day: 0.0,
        glide_bombs_per_day: 0.0,
        rear: 0,
        will: 50.0,
        edges: Vec::new(),
        supply_entries: vec![entry],
    }
}

pub fn spawn(side: Side, template: &str, x: i16, y: i16) -> UnitSpawn {
    UnitSpawn { side, template: template.into(), cell: Some(Cell::new(x, y)), personnel: None, task: None, label: None }
}

pub fn scenario(units: Vec<UnitSpawn>) -> Scenario {
    Scenario {
        id: "test".into(),
        title: "test".into(),
        briefing: String::new(),
        start_date: "2025-05-01".into(),
        turn_limit: 60,
        aid: Aid::Same,
        // The whole front's flows reach this test sector in full.
        scale: Scale { forces: 1.0, intensity: 1.0, ground: 1.0, front_gain_km2_per_day: 0.0 },
        ru: side_setup(Cell::new(W - 1, 10)),
        ua: side_setup(Cell::new(0, 10)),
        units,
        objectives: Vec::new(),
        victory: Victory { ru_points_to_win: 0, ua_wins_below: 0 },
        sources: Vec::new(),
        lessons: Vec::new(),
        annotations: Vec::new(),
        events: Vec::new(),
    }
}

pub fn game_on(map: Map, sc: Scenario, seed: u64) -> Game {
    let (rules, units) = data::default_rules().expect("embedded rules load");
    Game::new(Setup {
        map: Arc::new(map),
        rules: Arc::new(rules),
        units: Arc::new(units),
        scenario: Arc::new(sc),
        seed,
    })
    .expect("test game builds")
}

pub fn game(sc: Scenario, seed: u64) -> Game {
    game_on(test_map(Terrain::Farmland), sc, seed)
}

/// The default scenario, embedded.
pub fn default_game(seed: u64) -> Game {
    let l = data::load_scenario(data::DEFAULT_SCENARIO, seed).expect("default scenario loads");
    Game::new(l.setup).expect("default scenario builds")
}

/// Id of the n-th unit spawned (ids follow the spawn list).
pub fn id(n: u32) -> UnitId {
    UnitId(n)
}

pub fn personnel_lost(events: &[Event], side_units: &[UnitId]) -> u32 {
    events
        .iter()
        .map(|e| match e {
            Event::DroneStrike { target, personnel, .. } if side_units.contains(target) => *personnel,
            Event::Exposed { unit, personnel, .. } if side_units.contains(unit) => *personnel,
            _ => 0,
        })
        .sum()
}

pub fn no_orders() -> Vec<Order> {
    Vec::new()
}

/// The odds of an assault as `side` can estimate them (what its AI and its player see).
pub fn odds_of(g: &Game, side: Side, attackers: &[UnitId], target: Cell) -> AssaultOdds {
    let view = g.view(side);
    g.referee(&view).assault_odds(attackers, target)
}

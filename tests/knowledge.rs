//! Who knows what: every event is told to its audience when it happens, and a side's stream
//! names no enemy unit it did not detect that day.

use std::collections::BTreeMap;

use attrition::ai::AiLevel;
use attrition::data;
use attrition::sim::components::UnitId;
use attrition::sim::events::Event;
use attrition::sim::map::Side;
use attrition::sim::{DayReport, Game};
use attrition::study::play::Match;

/// Every unit an event names, however it names it.
fn units_named(e: &Event) -> Vec<UnitId> {
    match e {
        Event::OrderAccepted { order, .. } | Event::OrderRejected { order, .. } => vec![order.unit()],
        Event::Recon { .. }
        | Event::CellCaptured { .. }
        | Event::ControlContested { .. }
        | Event::Recruitment { .. }
        | Event::Production { .. }
        | Event::TechCopied { .. }
        | Event::Will { .. }
        | Event::Ceasefire { .. }
        | Event::GameOver { .. }
        | Event::ArrivalTurnedBack { .. }
        | Event::RoadCut { .. }
        | Event::RoadReopened { .. } => Vec::new(),
        Event::DroneStrike { drone: by, target, .. } | Event::ArtilleryFire { battery: by, target, .. } => {
            by.iter().copied().chain([*target]).collect()
        }
        Event::GlideBomb { target, .. } => vec![*target],
        Event::RocketStrike { hub, .. } => vec![*hub],
        Event::Assault { odds, .. } => odds.attackers.iter().chain(&odds.defenders).copied().collect(),
        Event::Moved { unit, .. }
        | Event::Exposed { unit, .. }
        | Event::SupplyCut { unit, .. }
        | Event::SupplyRestored { unit, .. }
        | Event::Collapsed { unit, .. }
        | Event::FellBack { unit, .. }
        | Event::Disbanded { unit, .. }
        | Event::ReserveCommitted { unit, .. }
        | Event::ReserveArrived { unit, .. }
        | Event::UnitFormed { unit, .. }
        | Event::Arrived { unit, .. } => vec![*unit],
        Event::HubCut { hub, .. } => vec![*hub],
    }
}

/// The side of every unit that ever stood in the game, by id.
fn note_sides(g: &Game, sides: &mut BTreeMap<UnitId, Side>) {
    for id in g.unit_ids() {
        if let Some(u) = g.unit(id) {
            sides.insert(id, u.side);
        }
    }
}

fn played(days: u32, seed: u64) -> (Vec<DayReport>, BTreeMap<UnitId, Side>) {
    let mut l = data::load_scenario(data::DEFAULT_SCENARIO, seed).unwrap();
    data::settings::apply(&mut l, &format!("turn_limit={days}")).unwrap();
    let mut m = Match::computers(l.new_game(seed).unwrap(), [AiLevel::Strong, AiLevel::Baseline]);
    let mut sides = BTreeMap::new();
    note_sides(m.game(), &mut sides);
    let mut reports = Vec::new();
    m.play_out(None, |g, rep| {
        note_sides(g, &mut sides);
        reports.push(rep.clone());
    });
    (reports, sides)
}

#[test]
fn a_sides_stream_names_no_enemy_unit_it_did_not_detect_that_day() {
    let (reports, sides) = played(12, 5);
    let mut hidden_strikers = 0;
    for rep in &reports {
        assert_eq!(rep.events.len(), rep.audience.len(), "every event has its audience");
        for viewer in Side::BOTH {
            let detected = &rep.detected[viewer.index()];
            for e in rep.seen_by(viewer) {
                for id in units_named(&e) {
                    let side = sides[&id];
                    assert!(
                        side == viewer || detected.binary_search(&id).is_ok(),
                        "day {}: {viewer} is told of enemy unit {id}, which it did not detect: {e:?}",
                        rep.day
                    );
                }
                // The enemy's own business never reaches this side.
                match &e {
                    Event::OrderAccepted { side, .. }
                    | Event::OrderRejected { side, .. }
                    | Event::Recon { side, .. }
                    | Event::Recruitment { side, .. }
                    | Event::Production { side, .. }
                    | Event::UnitFormed { side, .. } => assert_eq!(*side, viewer, "{e:?}"),
                    Event::SupplyCut { unit, .. }
                    | Event::SupplyRestored { unit, .. }
                    | Event::Disbanded { unit, .. }
                    | Event::ReserveCommitted { unit, .. }
                    | Event::ReserveArrived { unit, .. }
                    | Event::HubCut { hub: unit, .. } => assert_eq!(sides[unit], viewer, "{e:?}"),
                    Event::DroneStrike { drone: None, .. } | Event::ArtilleryFire { battery: None, .. } => {
                        hidden_strikers += 1
                    }
                    _ => {}
                }
            }
        }
        // The truth names every striker; a side struck by drones or guns it never saw is told
        // it was hit, not by whom.
        for e in &rep.events {
            assert!(!matches!(e, Event::DroneStrike { drone: None, .. } | Event::ArtilleryFire { battery: None, .. }));
        }
    }
    assert!(hidden_strikers > 0, "some strikes come from units the side struck never saw");
}

#[test]
fn public_news_reaches_both_sides_and_each_side_hears_its_own_orders() {
    let (reports, _) = played(6, 2);
    let rep = &reports[0];
    for viewer in Side::BOTH {
        let seen = rep.seen_by(viewer);
        let own_orders = seen.iter().filter(|e| matches!(e, Event::OrderAccepted { side, .. } if *side == viewer));
        assert!(own_orders.count() > 0, "{viewer} hears its own orders");
        let will: Vec<Side> =
            seen.iter().filter_map(|e| if let Event::Will { side, .. } = e { Some(*side) } else { None }).collect();
        assert_eq!(will, vec![Side::Ru, Side::Ua], "both sides' will is public");
    }
    // Together the two streams hold every event but those nobody could know.
    for rep in &reports {
        let told = rep.audience.iter().filter(|a| a.includes(Side::Ru) || a.includes(Side::Ua)).count();
        assert_eq!(told, rep.events.len(), "day {}: an event was told to nobody", rep.day);
    }
}

/// An observer who may see neither side's view gets the common knowledge only: control, the
/// front line, objectives, ground and will (the same in both sides' views), and of the events
/// those both sides were told that name no unit.
#[test]
fn an_observer_sees_only_the_common_knowledge() {
    let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 3).unwrap();
    data::settings::apply(&mut l, "turn_limit=8").unwrap();
    let mut m = Match::computers(l.new_game(3).unwrap(), [AiLevel::Strong, AiLevel::Strong]);
    let (mut will, mut taken) = (0, 0);
    m.play_out(None, |g, rep| {
        let common = g.common_view();
        for side in Side::BOTH {
            let v = g.view(side);
            assert_eq!((v.day, v.over), (common.day, common.over));
            assert_eq!(v.control, common.control);
            assert_eq!(v.coverage, common.coverage);
            assert_eq!(v.objectives, common.objectives);
            assert_eq!((v.ground_gained_km2, v.will), (common.ground_gained_km2, common.will));
            assert_eq!(v.front_line(), common.front_line());
        }
        // The front line: cells with an edge on ground the other side holds, and only those.
        let map = common.map();
        let front = common.front_line();
        assert!(front.iter().any(|&f| f), "day {}: a front line", rep.day);
        for (i, &f) in front.iter().enumerate() {
            let c = map.cell_at(i);
            let across = [(0, -1), (1, 0), (0, 1), (-1, 0)]
                .map(|(dx, dy)| attrition::sim::map::Cell::new(c.x + dx, c.y + dy))
                .into_iter()
                .filter(|n| map.in_bounds(*n))
                .any(|n| common.control[map.idx(n)] != common.control[i]);
            assert_eq!(f, across, "day {}: cell {c}", rep.day);
        }
        // The observer's view in a side's shape holds no unit and nothing of a side's own.
        let o = attrition::sim::SideView::common(g);
        assert!(o.own.is_empty() && o.enemy.is_empty() && o.last_seen.is_empty());
        assert!(o.observation.iter().chain(&o.supply_field).all(|&x| x == 0.0));
        assert_eq!((o.drones, o.shells, o.manpower_pool), (0, 0, 0));
        assert_eq!((&o.control, &o.coverage, &o.objectives), (&common.control, &common.coverage, &common.objectives));
        let told = Side::BOTH.map(|s| rep.seen_by(s));
        for e in rep.common() {
            assert!(units_named(&e).is_empty(), "day {}: common news names no unit: {e:?}", rep.day);
            for s in Side::BOTH {
                assert!(told[s.index()].contains(&e), "day {}: {s} was told {e:?}", rep.day);
            }
            match e {
                Event::Will { .. } => will += 1,
                Event::CellCaptured { .. } => taken += 1,
                _ => {}
            }
        }
        // What the engine says an event names is what this test reads in it.
        for e in &rep.events {
            assert_eq!(e.units(), units_named(e), "{e:?}");
        }
    });
    // Both sides' will every day, and ground taken on some.
    assert_eq!(will, 16);
    assert!(taken > 0);
}

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
        | Event::GameOver { .. } => Vec::new(),
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
        | Event::UnitFormed { unit, .. } => vec![*unit],
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

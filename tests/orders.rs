//! The one table of orders: which unit may take which order, what makes a target valid, and
//! the refusals of orders that would change nothing.

mod common;

use attrition::sim::map::{Cell, Side, Terrain};
use attrition::sim::orders::{self, Order, OrderError, OrderKind, Placement};
use attrition::sim::rules::UnitKind;
use common::*;

/// The kinds of order each unit type may take, standing on the map, by the table.
#[test]
fn the_table_says_which_unit_takes_which_order() {
    let (_, units) = attrition::data::default_rules().unwrap();
    let takes = |template: &str| -> Vec<OrderKind> {
        let t = &units[template];
        OrderKind::ALL.into_iter().filter(|k| orders::fits(*k, t.kind, t, Placement::OnMap).is_ok()).collect()
    };
    use OrderKind::*;
    assert_eq!(takes("assault_team"), [Move, Assault, Withdraw, Hold]);
    assert_eq!(takes("position"), [Withdraw, Hold]);
    assert_eq!(takes("fpv_unit"), [Move, Withdraw, DroneSector, Interdict]);
    assert_eq!(takes("artillery_battery"), [Move, Withdraw, Fire]);
    assert_eq!(takes("ew_station"), [Move, Withdraw]);
    assert_eq!(takes("supply_hub"), Vec::<OrderKind>::new());
    // A reserve off the map may only be committed, once.
    let r = &units["reserve_battalion"];
    assert_eq!(orders::fits(CommitReserve, r.kind, r, Placement::InReserve), Ok(()));
    assert_eq!(orders::fits(CommitReserve, r.kind, r, Placement::Committed), Err(OrderError::AlreadyCommitted));
    assert_eq!(orders::fits(Move, r.kind, r, Placement::InReserve), Err(OrderError::NotOnMap));
    let p = &units["position"];
    assert_eq!(
        orders::fits(Fire, p.kind, p, Placement::OnMap),
        Err(OrderError::WrongKind { unit: UnitKind::Position, order: Fire })
    );
}

/// An order that would change nothing is refused, with its reason.
#[test]
fn orders_that_would_do_nothing_are_refused_with_a_reason() {
    let units = vec![
        spawn(Side::Ua, "assault_team", 5, 5),
        spawn(Side::Ua, "artillery_battery", 6, 8),
        spawn(Side::Ua, "fpv_unit", 7, 9),
        spawn(Side::Ru, "assault_team", 15, 8),
    ];
    // Contact: the Russian team stands next to a Ukrainian one, so it is detected.
    let mut units = units;
    units.push(spawn(Side::Ua, "assault_team", 14, 8));
    let g = game_on(test_map(Terrain::Farmland), scenario(units), 1);
    assert!(g.detected(Side::Ua).contains(&id(3)), "the Russian team is seen");
    let check = |o: Order| g.check(Side::Ua, &o);
    // Already there.
    assert_eq!(check(Order::Move { unit: id(0), to: Cell::new(5, 5) }), Err(OrderError::AlreadyThere(Cell::new(5, 5))));
    assert_eq!(
        check(Order::Withdraw { unit: id(0), to: Cell::new(5, 5) }),
        Err(OrderError::AlreadyThere(Cell::new(5, 5)))
    );
    assert_eq!(check(Order::Move { unit: id(0), to: Cell::new(6, 5) }), Ok(()));
    // No target: guns fire on an enemy the side has seen, not on their own cell or empty ground.
    assert_eq!(check(Order::Fire { unit: id(1), target: Cell::new(6, 8) }), Err(OrderError::NoTarget(Cell::new(6, 8))));
    assert_eq!(
        check(Order::Fire { unit: id(1), target: Cell::new(12, 8) }),
        Err(OrderError::NoTarget(Cell::new(12, 8)))
    );
    assert_eq!(check(Order::Fire { unit: id(1), target: Cell::new(15, 8) }), Ok(()));
    // No road: interdiction is aimed at a road (row 10 of the test map), not at farmland.
    assert_eq!(
        check(Order::Interdict { unit: id(2), route: Cell::new(12, 8) }),
        Err(OrderError::NoRoad(Cell::new(12, 8)))
    );
    assert_eq!(check(Order::Interdict { unit: id(2), route: Cell::new(12, 10) }), Ok(()));
}

/// A drone unit already covering a sector is not sent to the same one again.
#[test]
fn a_drone_sector_already_set_is_refused() {
    let mut g = game(scenario(vec![spawn(Side::Ua, "fpv_unit", 7, 9)]), 1);
    let centre = Cell::new(12, 9);
    let rep = g.step(&[], &[Order::SetDroneSector { unit: id(0), centre }]);
    assert!(rep.events.iter().all(|e| !matches!(e, attrition::sim::events::Event::OrderRejected { .. })));
    assert_eq!(
        g.check(Side::Ua, &Order::SetDroneSector { unit: id(0), centre }),
        Err(OrderError::AlreadyThere(centre))
    );
    // Interdicting a road there is a different order.
    let road = Cell::new(12, 10);
    assert_eq!(g.check(Side::Ua, &Order::Interdict { unit: id(0), route: road }), Ok(()));
}

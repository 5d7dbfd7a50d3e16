//! Phase 1: both sides' orders are locked. Each is checked; accepted ones become the units'
//! standing tasks, refused ones are logged with their reason.

use std::collections::BTreeSet;

use crate::sim::components::*;
use crate::sim::events::{Audience, Event, Log};
use crate::sim::map::Side;
use crate::sim::orders::{Order, OrderError};
use crate::sim::Game;

pub fn run(g: &mut Game, ru: &[Order], ua: &[Order], ev: &mut Log) {
    // Both sides are checked against the same state (the start of the day), then applied.
    let mut accepted = Vec::new();
    for (side, orders) in [(Side::Ru, ru), (Side::Ua, ua)] {
        let mut seen = BTreeSet::new();
        for o in orders {
            let verdict = if !seen.insert(o.unit()) { Err(OrderError::DuplicateOrder) } else { g.check(side, o) };
            match verdict {
                Ok(()) => accepted.push((side, *o)),
                Err(reason) => ev.push(Event::OrderRejected { side, order: *o, reason }, Audience::only(side)),
            }
        }
    }
    for (side, o) in accepted {
        ev.push(Event::OrderAccepted { side, order: o }, Audience::only(side));
        apply(g, side, &o, ev);
    }
}

fn apply(g: &mut Game, side: Side, o: &Order, ev: &mut Log) {
    let Some(e) = g.entity(o.unit()) else { return };
    let task = match *o {
        Order::Move { to, .. } => Task::Move { to },
        Order::Assault { target, .. } => Task::Assault { target },
        Order::Hold { dig_in, .. } => Task::Hold { dig_in },
        Order::Withdraw { to, .. } => Task::Withdraw { to },
        Order::Fire { target, .. } => Task::FireAt { target },
        Order::SetDroneSector { centre, .. } => {
            let _ = g.world.insert_one(e, DroneSector { centre, interdict: false });
            Task::DroneSector { centre }
        }
        Order::Interdict { route, .. } => {
            let _ = g.world.insert_one(e, DroneSector { centre: route, interdict: true });
            Task::DroneSector { centre: route }
        }
        Order::CommitReserve { to, .. } => {
            let delay = g.world.get::<&Unit>(e).map(|u| g.template(&u).commit_delay).unwrap_or(1);
            let arrives_on = g.day + delay;
            let _ = g.world.insert_one(e, InReserve { arrives_on: Some(arrives_on), destination: Some(to) });
            ev.push(Event::ReserveCommitted { unit: o.unit(), to, arrives_on }, Audience::only(side));
            Task::Idle
        }
    };
    if let Ok(mut t) = g.world.get::<&mut Task>(e) {
        *t = task;
    }
}

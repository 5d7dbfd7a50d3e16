//! What one side knows: the filter through which the AI and the interface see the war.
//!
//! Own units are seen in full. Enemy units appear only when detected today (fog of war is
//! a filter on the one true world, not a second game). Control of ground and the enemy's
//! drone coverage are known to both sides: each side sees where the other's drones fly
//! and who holds which streets.

use serde::{Deserialize, Serialize};

use super::components::*;
use super::map::{Cell, Side};
use super::rules::UnitKind;
use super::Game;

/// One unit as a side sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeenUnit {
    pub id: UnitId,
    pub side: Side,
    pub kind: UnitKind,
    pub template: String,
    pub label: String,
    pub cell: Option<Cell>,
    pub personnel: u32,
    pub vehicles: u32,
    pub full_personnel: u32,
    /// Known only for own units (1.0 shown for enemies).
    pub cohesion: f64,
    pub supply: f64,
    pub days_cut: u32,
    pub dug_in: u8,
    pub task: Option<Task>,
    pub sector: Option<Cell>,
    pub reserve_arrives: Option<u32>,
    pub in_reserve: bool,
}

/// A side's picture of the war on the current day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SideView {
    pub side: Side,
    pub day: u32,
    pub own: Vec<SeenUnit>,
    pub enemy: Vec<SeenUnit>,
}

impl SideView {
    pub fn build(g: &Game, side: Side) -> SideView {
        let detected = g.detected(side);
        let mut own = Vec::new();
        let mut enemy = Vec::new();
        for (u, st, coh, sup, dug, task, pos, sector, res) in g
            .world()
            .query::<(
                &Unit,
                &Strength,
                &Cohesion,
                &Supply,
                &DugIn,
                &Task,
                Option<&Pos>,
                Option<&DroneSector>,
                Option<&InReserve>,
            )>()
            .iter()
        {
            let mine = u.side == side;
            if !mine && (pos.is_none() || detected.binary_search(&u.id).is_err()) {
                continue;
            }
            let seen = SeenUnit {
                id: u.id,
                side: u.side,
                kind: u.kind,
                template: g.template_id(u).to_string(),
                label: u.label.clone(),
                cell: pos.map(|p| p.0),
                personnel: st.personnel,
                vehicles: st.vehicles,
                full_personnel: st.full_personnel,
                cohesion: if mine { coh.0 } else { 1.0 },
                supply: if mine { sup.level } else { 1.0 },
                days_cut: if mine { sup.days_cut } else { 0 },
                dug_in: dug.0,
                task: if mine { Some(*task) } else { None },
                sector: if mine { sector.map(|s| s.centre) } else { None },
                reserve_arrives: if mine { res.and_then(|r| r.arrives_on) } else { None },
                in_reserve: res.is_some(),
            };
            if mine {
                own.push(seen);
            } else {
                enemy.push(seen);
            }
        }
        own.sort_by_key(|u| u.id);
        enemy.sort_by_key(|u| u.id);
        SideView { side, day: g.day(), own, enemy }
    }

    pub fn own_unit(&self, id: UnitId) -> Option<&SeenUnit> {
        self.own.binary_search_by_key(&id, |u| u.id).ok().map(|i| &self.own[i])
    }
}

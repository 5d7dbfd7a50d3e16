//! `state_hash`: a digest of the whole state that is the same on every machine.
//!
//! FNV-1a over a canonical byte stream (units in id order, floats by their bits), so it
//! depends neither on hecs's storage order nor on the platform's hasher. It covers everything
//! a day reads from the days before: the units and their every component, each side's stocks
//! and edges, control, each side's detections and sightings, the supply field (the next
//! day's movement reads it before the supply phase), the outcome, and the hash of the day
//! before (so the history the rules read, such as the ceasefire's trend, is in it too).

use super::components::*;
use super::Game;

struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= x as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn u64(&mut self, v: u64) {
        self.bytes(&v.to_le_bytes());
    }
    fn u32(&mut self, v: u32) {
        self.bytes(&v.to_le_bytes());
    }
    fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }
    fn i16(&mut self, v: i16) {
        self.bytes(&v.to_le_bytes());
    }
    /// A map-sized layer, one multiply per value (its bits taken whole), to keep the cost
    /// of hashing thousands of cells small.
    fn f32s(&mut self, v: &[f32]) {
        self.u32(v.len() as u32);
        for x in v {
            self.0 ^= x.to_bits() as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn cell(&mut self, c: Option<crate::sim::map::Cell>) {
        match c {
            Some(c) => {
                self.bytes(&[1]);
                self.i16(c.x);
                self.i16(c.y);
            }
            None => self.bytes(&[0]),
        }
    }
}

/// One entity's hashed components.
#[derive(Clone, Copy)]
struct Row {
    pos: Option<Pos>,
    st: Option<Strength>,
    coh: Option<Cohesion>,
    sup: Option<Supply>,
    dug: Option<DugIn>,
    task: Option<Task>,
    sector: Option<DroneSector>,
    res: Option<InReserve>,
    dmg: Option<HubDamaged>,
    moved: Option<MovedToday>,
}

/// The number standing for the changes injected into a game so far (`Game::inject`) and the
/// scripted events applied (`sim::script`): the one before, the day and the change's name or
/// the event's key; never 0, which means none.
pub(crate) fn mix_injection(before: u64, day: u32, what: &str) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    h.u64(before);
    h.u32(day);
    h.bytes(what.as_bytes());
    h.0.max(1)
}

pub fn state_hash(g: &Game) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    h.u32(g.day);
    h.u64(g.seed);
    for s in &g.sides {
        h.u32(s.manpower_pool);
        h.f64(s.recruit_carry);
        h.u32(s.drones);
        h.f64(s.drone_carry);
        h.u32(s.shells);
        h.f64(s.shell_carry);
        h.u32(s.armor);
        h.f64(s.armor_carry);
        h.f64(s.will);
        for (e, d) in &s.edges {
            h.u32(*e as u32);
            h.u32(*d as u32);
        }
        for v in s.losses.personnel.iter().chain(&s.losses.vehicles) {
            h.u32(*v);
        }
        h.u32(s.arrivals);
        h.u32(s.returned);
    }
    for c in &g.control {
        h.bytes(&[*c as u8]);
    }
    // Every entity's components in one pass over the world (a lookup per component per
    // unit costs more), then hashed in unit id order as before.
    let mut rows: Vec<Option<(hecs::Entity, Row)>> = Vec::new();
    for (e, pos, st, coh, sup, dug, task, sector, res, dmg, moved) in g
        .world
        .query::<(
            hecs::Entity,
            Option<&Pos>,
            Option<&Strength>,
            Option<&Cohesion>,
            Option<&Supply>,
            Option<&DugIn>,
            Option<&Task>,
            Option<&DroneSector>,
            Option<&InReserve>,
            Option<&HubDamaged>,
            Option<&MovedToday>,
        )>()
        .iter()
    {
        let k = e.id() as usize;
        if rows.len() <= k {
            rows.resize(k + 1, None);
        }
        rows[k] = Some((
            e,
            Row {
                pos: pos.copied(),
                st: st.copied(),
                coh: coh.copied(),
                sup: sup.copied(),
                dug: dug.copied(),
                task: task.copied(),
                sector: sector.copied(),
                res: res.copied(),
                dmg: dmg.copied(),
                moved: moved.copied(),
            },
        ));
    }
    for (i, e) in g.index.iter().enumerate() {
        let Some(e) = e else { continue };
        let Some(Some((alive, er))) = rows.get(e.id() as usize) else { continue };
        if alive != e {
            continue;
        }
        h.u32(i as u32);
        if let Some(p) = er.pos {
            h.i16(p.0.x);
            h.i16(p.0.y);
        }
        if let Some(s) = er.st {
            h.u32(s.personnel);
            h.u32(s.vehicles);
            h.u32(s.full_personnel);
        }
        if let Some(c) = er.coh {
            h.f64(c.0);
        }
        if let Some(s) = er.sup {
            h.f64(s.level);
            h.u32(s.days_cut);
            h.f64(s.stocks);
            h.u32(s.days_empty);
        }
        if let Some(d) = er.dug {
            h.bytes(&[d.0]);
        }
        if let Some(t) = er.task {
            let (tag, cell, flag) = match t {
                Task::Idle => (0u8, None, false),
                Task::Hold { dig_in } => (1, None, dig_in),
                Task::Move { to } => (2, Some(to), false),
                Task::Assault { target } => (3, Some(target), false),
                Task::Withdraw { to } => (4, Some(to), false),
                Task::DroneSector { centre } => (5, Some(centre), false),
                Task::FireAt { target } => (6, Some(target), false),
            };
            h.bytes(&[tag, flag as u8]);
            if let Some(c) = cell {
                h.i16(c.x);
                h.i16(c.y);
            }
        }
        if let Some(d) = er.sector {
            h.i16(d.centre.x);
            h.i16(d.centre.y);
            h.bytes(&[d.interdict as u8]);
        }
        if let Some(r) = er.res {
            h.u32(r.arrives_on.unwrap_or(u32::MAX));
        }
        if let Some(d) = er.dmg {
            h.u32(d.until_day);
        }
        if let Some(m) = er.moved {
            h.bytes(&[m.0 as u8]);
        }
    }
    for s in 0..2 {
        h.u32(g.detected[s].len() as u32);
        for id in &g.detected[s] {
            h.u32(id.0);
        }
        for u in g.sightings[s].iter().flatten() {
            h.u32(u.id.0);
            h.u32(u.seen_on);
            h.cell(Some(u.cell));
            h.u32(u.personnel);
            h.u32(u.vehicles);
        }
        h.f32s(&g.layers.supply_field[s]);
    }
    match &g.outcome {
        None => h.bytes(&[0]),
        Some(o) => {
            h.bytes(&[1, o.winner.map(|w| w as u8 + 1).unwrap_or(0)]);
            h.u32(o.day);
        }
    }
    h.u64(g.past);
    // Changes injected and scripted events applied (and so the roads cut, which follow from
    // them and the day): only once there is one, so games without keep their hashes.
    if g.injected != 0 {
        h.u64(g.injected);
    }
    h.0
}

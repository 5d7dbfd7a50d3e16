//! After-action reports: a game's timeline (ground, losses, supply, will, day by day) and its
//! key events (towns changing hands, positions collapsing or cut off, hubs cut, reserves
//! committed, edges copied, ceasefires), from a live game or rebuilt from a record — the same
//! report either way.
//!
//! A report is an observer's (every event and both sides' exact figures) or one side's: built
//! from that side's own stream of events, with the enemy's figures its estimates (the
//! soldiers it saw, the losses it inflicted or saw), and what it cannot know (the enemy's
//! supply, losses by cause, pool) left unknown. A game still going gets only a side's.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::study::rows::{AiName, Ceasefire, PerSide, Personnel, SideLosses, Study, Town, Watch};

use crate::sim::components::UnitId;
use crate::sim::events::Event;
use crate::sim::map::{Cell, Side};
use crate::sim::rules::UnitKind;
use crate::sim::{DayReport, DayStats, Game};
use crate::study::play::{Replay, ReplayError};
use crate::study::record::RecordFile;
use crate::words;

/// One key event, in plain words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyEvent {
    pub day: u32,
    pub kind: &'static str,
    pub text: String,
    /// Where it happened, when it happened somewhere on the map (the replay viewer goes there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<Cell>,
}

/// The kinds of key event, in the order a filter cycles through them.
pub const KINDS: [&str; 8] = ["ground", "collapse", "supply", "reserve", "edge", "ceasefire", "end", "white"];

/// One thing the white cell (or a branch) did to a game: a change put in force, or a note
/// written for every role; from the record, so a seminar's report says who changed what, when.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhiteCell {
    /// The day it belongs to: a change is in force from this day on (it was set while the
    /// day was planned); a note is shown with this day.
    pub day: u32,
    /// Who: `white` (the white cell), `branch` (settings of a branched game), `note`.
    pub by: String,
    pub what: String,
    /// A scripted event (`what` in the scenario file's syntax) rather than a setting.
    pub event: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Whose report: a side's (the enemy's figures its estimates; its supply, losses by cause,
    /// start strength and pool unknown: NaN or 0), or an observer's (null).
    pub viewer: Option<Side>,
    pub scenario: String,
    pub title: String,
    pub seed: u64,
    pub days: u32,
    pub outcome: Option<String>,
    pub winner: Option<&'static str>,
    pub timeline: Vec<DayStats>,
    pub key_events: Vec<KeyEvent>,
    /// Losses at the end, with personnel by cause (as study rows name them).
    pub losses: PerSide<SideLosses>,
    /// Soldiers in units on the map at the start and the end, and left in the pool.
    pub personnel: PerSide<Personnel>,
    /// One entry per objective place at the end.
    pub towns: Vec<Town>,
    pub ceasefires: Vec<Ceasefire>,
    /// Every change injected and note written, in day order (also among the key events, of
    /// kind `white`).
    pub white_cell: Vec<WhiteCell>,
    /// The record this game was branched from and the last day both share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Per day of the timeline (day 0 first): personnel lost so far by cause, per side
    /// (`LossCause` order), each side's pool, and who holds each objective.
    #[serde(skip)]
    pub daily: Vec<DayFigures>,
}

/// The figures of one day that the timeline's CSV adds to `DayStats`.
#[derive(Clone, Debug, PartialEq)]
pub struct DayFigures {
    pub by_cause: [[u32; 5]; 2],
    pub pool: [u32; 2],
    pub holders: Vec<Side>,
    /// A ceasefire proposed that day.
    pub ceasefire: Option<Ceasefire>,
}

impl DayFigures {
    /// The day's figures; for a side's report the enemy's losses by cause and pool are not
    /// known (zero).
    fn of(g: &Game, viewer: Option<Side>) -> DayFigures {
        let ceasefire = g.ceasefire_records().iter().rev().find(|c| c.day == g.day() && g.day() > 0).map(|c| {
            let answer = |yes: bool| if yes { "accepted" } else { "refused" }.to_string();
            Ceasefire { day: c.day, ru: answer(c.ru_accepts), ua: answer(c.ua_accepts), held: c.held == Some(true) }
        });
        let mut by_cause = [g.side(Side::Ru).losses.personnel, g.side(Side::Ua).losses.personnel];
        let mut pool = [g.side(Side::Ru).manpower_pool, g.side(Side::Ua).manpower_pool];
        if let Some(s) = viewer {
            by_cause[s.other().index()] = [0; 5];
            pool[s.other().index()] = 0;
        }
        DayFigures { by_cause, pool, holders: g.towns().iter().map(|t| t.holder).collect(), ceasefire }
    }
}

/// Where the units the viewer knows of stood in a morning (for events of units gone by
/// evening), and the names it knows (see `Game::names_known_to`).
struct Morning(BTreeMap<UnitId, Option<Cell>>, Vec<Option<crate::sim::UnitName>>);

impl Morning {
    /// The units the viewer knows of: every unit for an observer; a side's own and the enemy
    /// units it detected, where it saw them.
    fn of(g: &Game, viewer: Option<Side>) -> Morning {
        let units: Vec<_> = match viewer {
            None => Side::BOTH.into_iter().flat_map(|s| g.roster(s)).collect(),
            Some(s) => g.roster(s).into_iter().chain(g.view(s).enemy).collect(),
        };
        Morning(units.into_iter().map(|u| (u.id, u.cell)).collect(), g.names_known_to(viewer))
    }
    fn name(&self, id: UnitId) -> String {
        match self.1.get(id.0 as usize).and_then(|n| n.as_ref()) {
            Some(n) => n.label.to_string(),
            None => "an unidentified unit".into(),
        }
    }
    fn kind(&self, id: UnitId) -> Option<UnitKind> {
        self.1.get(id.0 as usize).and_then(|n| n.as_ref()).map(|n| n.kind)
    }
    fn cell(&self, id: UnitId) -> Option<Cell> {
        self.0.get(&id).copied().flatten()
    }
}

/// One day's figures as `side` knows them, `day_events` being its stream of that day and
/// `prev` its figures of the day before: its own and the public ones (ground, will) exact; the
/// enemy's soldiers those it detected, its losses those `side` inflicted or saw (strikes,
/// assaults, exposure and collapses of units it detected), its supply unknown (NaN).
pub fn known_day(g: &Game, side: Side, day_events: &[Event], prev: Option<&DayStats>) -> DayStats {
    let mut d = g.history().last().cloned().unwrap_or_else(|| DayStats {
        day: g.day(),
        personnel: [0; 2],
        losses: [0; 2],
        vehicles_lost: [0; 2],
        ground_km2: [0.0; 2],
        supply: [1.0; 2],
        will: [0.0; 2],
        state_hash: 0,
    });
    let enemy = side.other();
    let k = enemy.index();
    let enemy_unit = |id: &UnitId| g.unit_side(*id) == Some(enemy);
    let (mut lost, mut vehicles) = (0u32, 0u32);
    for e in day_events {
        let (p, v) = match e {
            Event::DroneStrike { side: s, personnel, vehicles, .. }
            | Event::ArtilleryFire { side: s, personnel, vehicles, .. }
                if *s == side =>
            {
                (*personnel, *vehicles)
            }
            Event::GlideBomb { side: s, personnel, .. } if *s == side => (*personnel, 0),
            Event::Assault { side: s, attacker_losses, defender_losses, captured, .. } => {
                if *s == side {
                    (defender_losses + captured, 0)
                } else {
                    (*attacker_losses, 0)
                }
            }
            Event::Exposed { unit, personnel, vehicles, .. } if enemy_unit(unit) => (*personnel, *vehicles),
            Event::Collapsed { unit, lost, .. } if enemy_unit(unit) => (*lost, 0),
            _ => (0, 0),
        };
        lost += p;
        vehicles += v;
    }
    d.personnel[k] = g.view(side).enemy.iter().map(|u| u.personnel).sum();
    d.losses[k] = prev.map(|p| p.losses[k]).unwrap_or(0) + lost;
    d.vehicles_lost[k] = prev.map(|p| p.vehicles_lost[k]).unwrap_or(0) + vehicles;
    d.supply[k] = f64::NAN;
    d
}

/// Builds a report one day at a time.
pub struct Collector {
    /// A side's report, or an observer's (None).
    viewer: Option<Side>,
    /// The viewer's timeline so far (a side's known figures; unused for an observer, whose is
    /// the game's history).
    known: Vec<DayStats>,
    key_events: Vec<KeyEvent>,
    /// The study row's figures (start personnel, first day Russia held each town).
    watch: Watch,
    daily: Vec<DayFigures>,
    /// The units as they were before the day being collected (to name units gone by evening).
    morning: Morning,
}

impl Collector {
    /// A report of the game from where `g` stands.
    pub fn new(g: &Game, viewer: Option<Side>) -> Collector {
        Collector {
            viewer,
            known: viewer.map(|s| vec![known_day(g, s, &[], None)]).unwrap_or_default(),
            key_events: Vec::new(),
            morning: Morning::of(g, viewer),
            watch: Watch::start(g),
            daily: vec![DayFigures::of(g, viewer)],
        }
    }

    /// Takes the events of one day; `g` is the game after it.
    pub fn day(&mut self, g: &Game, rep: &DayReport) {
        let mut morning = std::mem::replace(&mut self.morning, Morning::of(g, self.viewer));
        // Names as the viewer knows them by the day's end (a unit first detected today
        // included): a side names no unit it was not told of.
        morning.1 = g.names_known_to(self.viewer);
        self.watch.day(g);
        self.daily.push(DayFigures::of(g, self.viewer));
        let events = match self.viewer {
            None => rep.events.clone(),
            Some(s) => rep.seen_by(s),
        };
        if let Some(s) = self.viewer {
            let d = known_day(g, s, &events, self.known.last());
            self.known.push(d);
        }
        for e in &events {
            let (kind, text, at) = match e {
                Event::CellCaptured { side, place: Some(p), cell } => {
                    ("ground", format!("{} takes {p} {cell}", side.name()), Some(*cell))
                }
                // A small assault or motorcycle team breaking is the daily routine of this war;
                // a position, an armored group or a reserve breaking is news.
                Event::Collapsed { unit, cell, lost, reason, .. }
                    if !morning
                        .kind(*unit)
                        .is_some_and(|k| matches!(k, UnitKind::AssaultTeam | UnitKind::MotorGroup)) =>
                {
                    (
                        "collapse",
                        format!(
                            "{} collapsed at {cell} ({}); {lost} lost",
                            morning.name(*unit),
                            words::collapse_reason(reason)
                        ),
                        Some(*cell),
                    )
                }
                Event::HubCut { hub, throughput } => (
                    "supply",
                    format!("{} cut: {:.0}% of supply gets through", morning.name(*hub), throughput * 100.0),
                    morning.cell(*hub),
                ),
                // A position cut off three days running (a day's dip is routine at the front).
                Event::SupplyCut { unit, days: 3, level } if morning.kind(*unit) == Some(UnitKind::Position) => (
                    "supply",
                    format!("{} cut off for 3 days ({:.0}% supply)", morning.name(*unit), level * 100.0),
                    morning.cell(*unit),
                ),
                Event::ReserveCommitted { unit, to, arrives_on } => (
                    "reserve",
                    format!("{} committed toward {to}, due day {arrives_on}", morning.name(*unit)),
                    Some(*to),
                ),
                Event::TechCopied { side, edge, after_days } => {
                    ("edge", format!("{} copies {edge} after {after_days} days", side.name()), None)
                }
                Event::Ceasefire { ru_accepts, ua_accepts, held, .. } => (
                    "ceasefire",
                    format!(
                        "ceasefire on current lines proposed: Russia {}, Ukraine {}{}",
                        if *ru_accepts { "accepts" } else { "refuses" },
                        if *ua_accepts { "accepts" } else { "refuses" },
                        match held {
                            Some(true) => "; it holds",
                            Some(false) => "; it collapses",
                            None => "",
                        }
                    ),
                    None,
                ),
                Event::GameOver { reason, .. } => ("end", words::end_reason(reason), None),
                _ => continue,
            };
            self.key_events.push(KeyEvent { day: rep.day, kind, text, cell: at });
        }
    }

    pub fn finish(self, g: &Game) -> Report {
        let row = self.watch.row(g, &no_study(), None);
        let (mut losses, mut personnel) = (row.losses, row.personnel);
        let timeline = match self.viewer {
            None => g.history().to_vec(),
            Some(s) => {
                // The enemy as the side knows it: the losses it inflicted or saw, the soldiers
                // it saw at the end; nothing else.
                let last = self.known.last().cloned();
                let k = s.other().index();
                let unknown = SideLosses {
                    personnel: last.as_ref().map(|d| d.losses[k]).unwrap_or(0),
                    vehicles: last.as_ref().map(|d| d.vehicles_lost[k]).unwrap_or(0),
                    by_cause: Default::default(),
                };
                let seen = Personnel { start: 0, end: last.as_ref().map(|d| d.personnel[k]).unwrap_or(0), pool_end: 0 };
                match s.other() {
                    Side::Ru => (losses.ru, personnel.ru) = (unknown, seen),
                    Side::Ua => (losses.ua, personnel.ua) = (unknown, seen),
                }
                self.known
            }
        };
        Report {
            viewer: self.viewer,
            losses,
            personnel,
            towns: row.towns,
            ceasefires: row.ceasefires,
            daily: self.daily,
            scenario: g.scenario().id.clone(),
            title: g.scenario().title.clone(),
            seed: g.seed(),
            days: g.day(),
            outcome: g.outcome().map(|o| words::end_reason(&o.reason)),
            winner: g.outcome().and_then(|o| o.winner).map(Side::code),
            timeline,
            key_events: self.key_events,
            white_cell: Vec::new(),
            parent: None,
        }
    }
}

/// A report belongs to no study: the row it borrows its figures from needs one all the same.
fn no_study() -> Study {
    Study {
        tool: String::new(),
        version: String::new(),
        scenario: String::new(),
        scenario_hash: String::new(),
        settings: Vec::new(),
        vary: None,
        first_seed: 0,
        runs: 0,
        max_turns: None,
        ai: PerSide { ru: AiName::Baseline, ua: AiName::Baseline },
    }
}

/// What `--reveal` shows of a game still going, for the messages that offer it.
pub const REVEAL_SPOILS: &str =
    "both sides' units, losses, supply and reserves, and every event, including what one side never saw";

/// Whose eyes a record is read with (the replay viewer, `attrition report`, the saved-games
/// list): the side asked for; else an observer (None) for a finished game or one revealed on
/// purpose; else, for a game still going, its single human player; a hot-seat or computer
/// game still going must say which (an error saying how).
pub fn reader_of(rec: &RecordFile, finished: bool, side: Option<Side>, reveal: bool) -> Result<Option<Side>, String> {
    if let Some(s) = side {
        return Ok(Some(s));
    }
    if finished || reveal {
        return Ok(None);
    }
    match (rec.players.hotseat, rec.players.human) {
        (false, Some(s)) => Ok(Some(s)),
        _ => Err(format!(
            "the game is still going (day {}), so it is read as one side saw it: choose the side with \
             --side ru|ua, or read it as an observer with --reveal (that shows {REVEAL_SPOILS})",
            rec.days.len()
        )),
    }
}

/// Rebuilds a game from its record and reports on it as `viewer` saw it (a side, or an
/// observer: None), checking every day's hash on the way.
pub fn from_record(rec: &RecordFile, viewer: Option<Side>) -> Result<Report, ReplayError> {
    let replay = Replay::of(rec)?;
    let mut c = Collector::new(replay.game(), viewer);
    let g = replay.run(usize::MAX, |g, rep| c.day(g, &rep))?;
    let mut r = c.finish(&g);
    r.white_cell = white_cell(rec);
    r.parent = rec.parent.as_ref().map(|p| format!("{} after day {}", p.file, p.day));
    // Among the key events too, each before the events of its day (a change is in force
    // from the day's start); the sort is stable, so the day's own events keep their order.
    let mut events: Vec<KeyEvent> =
        r.white_cell.iter().map(|w| KeyEvent { day: w.day, kind: "white", text: w.sentence(), cell: None }).collect();
    events.append(&mut r.key_events);
    events.sort_by_key(|e| e.day);
    r.key_events = events;
    Ok(r)
}

/// The record's injections and notes, in day order (injections first within a day).
fn white_cell(rec: &RecordFile) -> Vec<WhiteCell> {
    let mut v: Vec<WhiteCell> = rec
        .injections
        .iter()
        .map(|i| WhiteCell {
            day: i.day,
            by: if i.by.is_empty() { "white".into() } else { i.by.clone() },
            what: i.what(),
            event: i.event.is_some(),
        })
        .chain(rec.annotations.iter().map(|a| WhiteCell {
            day: a.day,
            by: "note".into(),
            what: a.text.clone(),
            event: false,
        }))
        .collect();
    v.sort_by_key(|w| w.day);
    v
}

impl WhiteCell {
    /// In plain words: "the white cell set aid=cutoff, in force from this day".
    pub fn sentence(&self) -> String {
        match self.by.as_str() {
            "note" => format!("note: {}", self.what),
            "white" if self.event => format!("the white cell made an event happen: {}", self.what),
            who if self.event => format!("{who} made an event happen: {}", self.what),
            "branch" => format!("branched with {}, in force from this day", self.what),
            "white" => format!("the white cell set {}, in force from this day", self.what),
            who => format!("{who} set {}, in force from this day", self.what),
        }
    }
}

/// The report for people, in Markdown.
pub fn markdown(r: &Report) -> String {
    let mut s = format!("# After-action report: {}\n\n", r.title);
    s.push_str(&format!("Scenario `{}`, seed {}, {} days.", r.scenario, r.seed, r.days));
    if let Some(o) = &r.outcome {
        s.push_str(&format!(" Result: {o}."));
    }
    if let Some(v) = r.viewer {
        s.push_str(&format!(
            "\n\nAs {} saw it: {}'s figures are {}'s estimates from what it detected (the soldiers it saw, the losses it inflicted or saw); its supply, losses by cause, starting strength and pool are not known (—).",
            v.name(),
            v.other().name(),
            v.name()
        ));
    }
    let hidden = |side: usize| r.viewer.is_some_and(|v| v.other().index() == side);
    let pct = |x: f64| if x.is_nan() { "—".to_string() } else { format!("{:.0}%", x * 100.0) };
    s.push_str("\n\n## Timeline\n\n| day | RU personnel | UA personnel | RU lost | UA lost | RU km² | UA km² | RU supply | UA supply | RU will | UA will |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for d in &r.timeline {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.0} | {:.0} | {} | {} | {:.1} | {:.1} |\n",
            d.day,
            d.personnel[0],
            d.personnel[1],
            d.losses[0],
            d.losses[1],
            d.ground_km2[0],
            d.ground_km2[1],
            pct(d.supply[0]),
            pct(d.supply[1]),
            d.will[0],
            d.will[1]
        ));
    }
    s.push_str("\n## Losses by cause (personnel)\n\n| side | drones | exposure | fires | assault | collapse | total | vehicles |\n|---|---|---|---|---|---|---|---|\n");
    for (k, name, l) in [(0, "Russia", &r.losses.ru), (1, "Ukraine", &r.losses.ua)] {
        let b = &l.by_cause;
        if hidden(k) {
            s.push_str(&format!("| {name} | — | — | — | — | — | ≈{} | ≈{} |\n", l.personnel, l.vehicles));
            continue;
        }
        s.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |\n",
            b.drones, b.exposure, b.fires, b.assault, b.collapse, l.personnel, l.vehicles
        ));
    }
    s.push_str(
        "\n## Personnel\n\n| side | on the map at the start | at the end | left in the pool |\n|---|---|---|---|\n",
    );
    for (k, name, p) in [(0, "Russia", &r.personnel.ru), (1, "Ukraine", &r.personnel.ua)] {
        if hidden(k) {
            s.push_str(&format!("| {name} | — | {} seen | — |\n", p.end));
            continue;
        }
        s.push_str(&format!("| {name} | {} | {} | {} |\n", p.start, p.end, p.pool_end));
    }
    s.push_str("\n## Towns\n\n| town | held by | changed hands on day |\n|---|---|---|\n");
    for t in &r.towns {
        let day = t.taken_day.map(|d| d.to_string()).unwrap_or_else(|| "never".into());
        s.push_str(&format!("| {} | {} | {day} |\n", t.name, t.holder));
    }
    s.push_str("\n## Ceasefires\n\n");
    if r.ceasefires.is_empty() {
        s.push_str("None proposed.\n");
    }
    for c in &r.ceasefires {
        s.push_str(&format!(
            "- day {}: Russia {}, Ukraine {}{}\n",
            c.day,
            c.ru,
            c.ua,
            if c.held { "; it held" } else { "" }
        ));
    }
    if let Some(p) = &r.parent {
        s.push_str(&format!("\nBranched from {p}.\n"));
    }
    if !r.white_cell.is_empty() {
        s.push_str("\n## White cell: changes and notes\n\n| day | by | what |\n|---|---|---|\n");
        for w in &r.white_cell {
            s.push_str(&format!("| {} | {} | {} |\n", w.day, w.by, w.what.replace('|', "\\|")));
        }
    }
    s.push_str("\n## Key events\n\n");
    if r.key_events.iter().all(|e| e.kind == "white") {
        s.push_str("None.\n");
    }
    for e in r.key_events.iter().filter(|e| e.kind != "white") {
        s.push_str(&format!("- day {} ({}): {}\n", e.day, e.kind, e.text));
    }
    s
}

/// The whole report as JSON (what `attrition report --format json` prints).
pub fn json(r: &Report) -> String {
    // A report holds only strings, numbers and lists: serialising it cannot fail.
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}

/// The first columns of [`csv`] (one row per day); after them come, per side, the personnel lost
/// so far by cause (`ru_lost_drones`, … `ua_lost_collapse`) and the pool (`ru_pool`, `ua_pool`),
/// then who holds each objective (`holder.<town>`) and the day's ceasefire, if one was proposed
/// (`ceasefire`: `ru=…;ua=…;held=…`).
pub const CSV_HEADER: &str =
    "day,ru_personnel,ua_personnel,ru_lost,ua_lost,ru_vehicles_lost,ua_vehicles_lost,ru_ground_km2,ua_ground_km2,ru_supply,ua_supply,ru_will,ua_will,state_hash";

/// The timeline as CSV (through the `csv` crate), one row per day.
pub fn csv(r: &Report) -> String {
    let known = |x: f64| if x.is_nan() { String::new() } else { format!("{x:.3}") };
    let causes = ["drones", "exposure", "fires", "assault", "collapse"];
    let mut header: Vec<String> = CSV_HEADER.split(',').map(str::to_string).collect();
    for side in ["ru", "ua"] {
        header.extend(causes.iter().map(|c| format!("{side}_lost_{c}")));
    }
    header.extend(["ru_pool".to_string(), "ua_pool".to_string()]);
    header.extend(r.towns.iter().map(|t| format!("holder.{}", t.name)));
    header.push("ceasefire".into());
    let mut buf = Vec::new();
    {
        let Ok(mut w) = crate::study::rows::CsvOut::new(&mut buf, false) else { return String::new() };
        let _ = w.plain(&header);
        for (i, d) in r.timeline.iter().enumerate() {
            let mut f = vec![
                d.day.to_string(),
                d.personnel[0].to_string(),
                d.personnel[1].to_string(),
                d.losses[0].to_string(),
                d.losses[1].to_string(),
                d.vehicles_lost[0].to_string(),
                d.vehicles_lost[1].to_string(),
                format!("{:.1}", d.ground_km2[0]),
                format!("{:.1}", d.ground_km2[1]),
                known(d.supply[0]),
                known(d.supply[1]),
                format!("{:.2}", d.will[0]),
                format!("{:.2}", d.will[1]),
                format!("{:016x}", d.state_hash),
            ];
            let day = r.daily.get(i);
            // What a side's report cannot know of the enemy is left empty.
            let shown = |s: usize| r.viewer.is_none_or(|v| v.other().index() != s);
            for s in 0..2 {
                f.extend(
                    (0..5).map(|c| day.filter(|_| shown(s)).map(|x| x.by_cause[s][c].to_string()).unwrap_or_default()),
                );
            }
            f.extend((0..2).map(|s| day.filter(|_| shown(s)).map(|x| x.pool[s].to_string()).unwrap_or_default()));
            f.extend(
                (0..r.towns.len())
                    .map(|t| day.and_then(|x| x.holders.get(t)).map(|h| h.code().to_string()).unwrap_or_default()),
            );
            f.push(
                day.and_then(|x| x.ceasefire.as_ref())
                    .map(|c| format!("ru={};ua={};held={}", c.ru, c.ua, c.held))
                    .unwrap_or_default(),
            );
            let _ = w.plain(&f);
        }
        let _ = w.flush();
    }
    String::from_utf8(buf).unwrap_or_default()
}

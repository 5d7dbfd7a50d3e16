//! After-action reports: a game's timeline (ground, losses, supply, will, day by day) and its
//! key events (towns changing hands, positions collapsing or cut off, hubs cut, reserves
//! committed, edges copied, ceasefires), from a live game or rebuilt from a record — the same
//! report either way.

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
pub const KINDS: [&str; 7] = ["ground", "collapse", "supply", "reserve", "edge", "ceasefire", "end"];

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
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
    fn of(g: &Game) -> DayFigures {
        let ceasefire = g.ceasefire_records().iter().rev().find(|c| c.day == g.day() && g.day() > 0).map(|c| {
            let answer = |yes: bool| if yes { "accepted" } else { "refused" }.to_string();
            Ceasefire { day: c.day, ru: answer(c.ru_accepts), ua: answer(c.ua_accepts), held: c.held == Some(true) }
        });
        DayFigures {
            by_cause: [g.side(Side::Ru).losses.personnel, g.side(Side::Ua).losses.personnel],
            pool: [g.side(Side::Ru).manpower_pool, g.side(Side::Ua).manpower_pool],
            holders: g.towns().iter().map(|t| t.holder).collect(),
            ceasefire,
        }
    }
}

/// Unit names, kinds and cells as they were in a morning, for naming units gone by evening.
struct Morning(BTreeMap<UnitId, (String, UnitKind, Option<Cell>)>);

impl Morning {
    fn of(g: &Game) -> Morning {
        Morning(Side::BOTH.into_iter().flat_map(|s| g.roster(s)).map(|u| (u.id, (u.label, u.kind, u.cell))).collect())
    }
    fn name(&self, id: UnitId) -> String {
        self.0.get(&id).map(|u| u.0.clone()).unwrap_or_else(|| format!("unit {id}"))
    }
    fn cell(&self, id: UnitId) -> Option<Cell> {
        self.0.get(&id).and_then(|u| u.2)
    }
}

/// Builds a report one day at a time.
pub struct Collector {
    key_events: Vec<KeyEvent>,
    /// The study row's figures (start personnel, first day Russia held each town).
    watch: Watch,
    daily: Vec<DayFigures>,
    /// The units as they were before the day being collected (to name units gone by evening).
    morning: Morning,
}

impl Collector {
    /// A report of the game from where `g` stands.
    pub fn new(g: &Game) -> Collector {
        Collector {
            key_events: Vec::new(),
            morning: Morning::of(g),
            watch: Watch::start(g),
            daily: vec![DayFigures::of(g)],
        }
    }

    /// Takes the events of one day; `g` is the game after it.
    pub fn day(&mut self, g: &Game, rep: &DayReport) {
        let morning = std::mem::replace(&mut self.morning, Morning::of(g));
        self.watch.day(g);
        self.daily.push(DayFigures::of(g));
        for e in &rep.events {
            let (kind, text, at) = match e {
                Event::CellCaptured { side, place: Some(p), cell } => {
                    ("ground", format!("{} takes {p} {cell}", side.name()), Some(*cell))
                }
                // A small assault or motorcycle team breaking is the daily routine of this war;
                // a position, an armored group or a reserve breaking is news.
                Event::Collapsed { unit, cell, lost, reason, .. }
                    if !morning
                        .0
                        .get(unit)
                        .is_some_and(|u| matches!(u.1, UnitKind::AssaultTeam | UnitKind::MotorGroup)) =>
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
                Event::SupplyCut { unit, days: 3, level }
                    if morning.0.get(unit).is_some_and(|u| u.1 == UnitKind::Position) =>
                {
                    (
                        "supply",
                        format!("{} cut off for 3 days ({:.0}% supply)", morning.name(*unit), level * 100.0),
                        morning.cell(*unit),
                    )
                }
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
        Report {
            losses: row.losses,
            personnel: row.personnel,
            towns: row.towns,
            ceasefires: row.ceasefires,
            daily: self.daily,
            scenario: g.scenario().id.clone(),
            title: g.scenario().title.clone(),
            seed: g.seed(),
            days: g.day(),
            outcome: g.outcome().map(|o| words::end_reason(&o.reason)),
            winner: g.outcome().and_then(|o| o.winner).map(Side::code),
            timeline: g.history().to_vec(),
            key_events: self.key_events,
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

/// Rebuilds a game from its record and reports on it, checking every day's hash on the way.
pub fn from_record(rec: &RecordFile) -> Result<Report, ReplayError> {
    let replay = Replay::of(rec)?;
    let mut c = Collector::new(replay.game());
    let g = replay.run(usize::MAX, |g, rep| c.day(g, &rep))?;
    Ok(c.finish(&g))
}

/// The report for people, in Markdown.
pub fn markdown(r: &Report) -> String {
    let mut s = format!("# After-action report: {}\n\n", r.title);
    s.push_str(&format!("Scenario `{}`, seed {}, {} days.", r.scenario, r.seed, r.days));
    if let Some(o) = &r.outcome {
        s.push_str(&format!(" Result: {o}."));
    }
    s.push_str("\n\n## Timeline\n\n| day | RU personnel | UA personnel | RU lost | UA lost | RU km² | UA km² | RU supply | UA supply | RU will | UA will |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for d in &r.timeline {
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.0} | {:.0} | {:.0}% | {:.0}% | {:.1} | {:.1} |\n",
            d.day,
            d.personnel[0],
            d.personnel[1],
            d.losses[0],
            d.losses[1],
            d.ground_km2[0],
            d.ground_km2[1],
            d.supply[0] * 100.0,
            d.supply[1] * 100.0,
            d.will[0],
            d.will[1]
        ));
    }
    s.push_str("\n## Losses by cause (personnel)\n\n| side | drones | exposure | fires | assault | collapse | total | vehicles |\n|---|---|---|---|---|---|---|---|\n");
    for (name, l) in [("Russia", &r.losses.ru), ("Ukraine", &r.losses.ua)] {
        let b = &l.by_cause;
        s.push_str(&format!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} |\n",
            b.drones, b.exposure, b.fires, b.assault, b.collapse, l.personnel, l.vehicles
        ));
    }
    s.push_str(
        "\n## Personnel\n\n| side | on the map at the start | at the end | left in the pool |\n|---|---|---|---|\n",
    );
    for (name, p) in [("Russia", &r.personnel.ru), ("Ukraine", &r.personnel.ua)] {
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
    s.push_str("\n## Key events\n\n");
    if r.key_events.is_empty() {
        s.push_str("None.\n");
    }
    for e in &r.key_events {
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
                format!("{:.3}", d.supply[0]),
                format!("{:.3}", d.supply[1]),
                format!("{:.2}", d.will[0]),
                format!("{:.2}", d.will[1]),
                format!("{:016x}", d.state_hash),
            ];
            let day = r.daily.get(i);
            for s in 0..2 {
                f.extend((0..5).map(|c| day.map(|x| x.by_cause[s][c].to_string()).unwrap_or_default()));
            }
            f.extend((0..2).map(|s| day.map(|x| x.pool[s].to_string()).unwrap_or_default()));
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

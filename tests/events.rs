//! Scripted events (issue 13 item 4): units arriving and roads cut, from a scenario file or a
//! white cell, applied at the start of their day, in the state hash and in the record, so
//! `replay --verify` checks a game that had them; a bad one is refused where it is written.

mod common;

use attrition::data;
use attrition::data::event::{EventKind, Spot};
use attrition::sim::events::Event;
use attrition::sim::map::{Cell, Side, Terrain};
use attrition::sim::scenario::{Script, Scripted};
use attrition::study::play::{Match, Source};
use attrition::study::record::{self, Injection, Players, RecordFile};
use attrition::study::white::{self, Command};
use common::*;

/// The default scenario's text with `events` added before its closing bracket.
fn with_events(events: &str) -> String {
    let (_, _, text) = data::SCENARIOS.iter().find(|(id, _, _)| *id == data::DEFAULT_SCENARIO).unwrap();
    let end = text.rfind(')').unwrap();
    let head = text[..end].trim_end();
    let comma = if head.ends_with(',') { "" } else { "," };
    format!("{head}{comma}\n    events: [\n{events}\n    ],\n)\n")
}

fn load(text: &str) -> Result<data::Loaded, data::LoadError> {
    data::scenario_from_text("scenarios/test_events.ron", text, None, 3)
}

#[test]
fn an_arrival_shows_up_on_its_day_at_its_place_known_to_its_side_and_in_the_hash() {
    let plain = load(&with_events("")).unwrap();
    let scripted = load(&with_events(
        r#"        (day: 2, event: Arrive(side: Ua, unit: "drone_regiment", count: 2, at: "Pokrovsk", label: "Magyar's birds")),"#,
    ))
    .unwrap();
    assert_eq!(
        scripted.setup.scenario.events,
        vec![Scripted {
            day: 2,
            what: Script::Arrive {
                side: Side::Ua,
                template: "drone_regiment".into(),
                count: 2,
                at: plain.setup.map.place("Pokrovsk").unwrap().cell,
                label: Some("Magyar's birds".into()),
            },
        }]
    );
    let mut a = plain.new_game(3).unwrap();
    let mut b = scripted.new_game(3).unwrap();
    assert_eq!(a.state_hash(), b.state_hash(), "nothing has happened yet");
    let (ra, rb) = (a.step(&[], &[]), b.step(&[], &[]));
    assert_eq!(ra.state_hash, rb.state_hash, "day 1 is the same game");
    let before = b.names_known_to(None).len() as u32;
    assert!(!rb.events.iter().any(|e| matches!(e, Event::Arrived { .. })));
    let (ra, rb) = (a.step(&[], &[]), b.step(&[], &[]));
    assert_ne!(ra.state_hash, rb.state_hash, "the arrival is in the hash from its day");
    let arrived: Vec<(attrition::sim::components::UnitId, Cell)> = rb
        .events
        .iter()
        .filter_map(|e| match e {
            Event::Arrived { side: Side::Ua, unit, cell } => Some((*unit, *cell)),
            _ => None,
        })
        .collect();
    assert_eq!(arrived.len(), 2, "{:?}", rb.events);
    let pokrovsk = b.map().place("Pokrovsk").unwrap().cell;
    for (k, (id, cell)) in arrived.iter().enumerate() {
        assert_eq!(id.0, before + k as u32, "new ids follow the roll");
        let u = b.unit(*id).unwrap();
        assert_eq!((u.side, b.template_id(&u)), (Side::Ua, "drone_regiment"));
        assert_eq!(*u.label, *format!("Magyar's birds {}", k + 1));
        assert_eq!(b.pos(*id), Some(*cell));
        assert_eq!(b.control_at(*cell), Side::Ua, "on its own side's ground");
        assert!(cell.dist2(pokrovsk) <= 2, "at Pokrovsk: {cell} vs {pokrovsk}");
    }
    // Its own side's news: Ukraine reads it, Russia does not (it may still detect the units).
    assert_eq!(rb.seen_by(Side::Ua).iter().filter(|e| matches!(e, Event::Arrived { .. })).count(), 2);
    assert!(!rb.seen_by(Side::Ru).iter().any(|e| matches!(e, Event::Arrived { .. })));
    assert!(!rb.common().iter().any(|e| matches!(e, Event::Arrived { .. })));
    // The same scenario, seed and orders: the same game.
    let mut c = scripted.new_game(3).unwrap();
    c.step(&[], &[]);
    assert_eq!(c.step(&[], &[]).state_hash, rb.state_hash);
}

/// Ukraine's supply on the test map's pocket (rows 8–12 west of x = 15) fed by a hub at (3,10)
/// along the road of row 10, after one day, with or without the road cut around (9,10).
fn pocket(cut: Option<Script>) -> (attrition::sim::Game, Vec<Event>) {
    let units = vec![spawn(Side::Ua, "supply_hub", 3, 10), spawn(Side::Ua, "position", 14, 10)];
    let mut map = test_map(Terrain::Farmland);
    for (i, c) in map.initial_control.iter_mut().enumerate() {
        if !(8..=12).contains(&(i / W as usize)) {
            *c = Side::Ru;
        }
    }
    let mut sc = scenario(units);
    if let Some(what) = cut {
        sc.events.push(Scripted { day: 1, what });
    }
    let mut g = game_on(map, sc, 4);
    let events = g.step(&[], &[]).events;
    (g, events)
}

#[test]
fn a_road_cut_lowers_supply_beyond_it_both_sides_are_told_and_it_reopens() {
    let cut = Script::CutRoad { at: Cell::new(9, 10), radius: 2, days: Some(2) };
    let (open, _) = pocket(None);
    let (cut_game, events) = pocket(Some(cut));
    let (f0, f1) = (open.supply_field(Side::Ua), cut_game.supply_field(Side::Ua));
    let at = |x: i16| open.map().idx(Cell::new(x, 10));
    // Behind the cut (between the hub and it) nothing changes; beyond it, less gets through.
    for x in 3..=6 {
        assert_eq!(f0[at(x)], f1[at(x)], "x = {x}, before the cut");
    }
    for x in 12..=14 {
        assert!(f1[at(x)] < f0[at(x)] * 0.95, "x = {x}, beyond the cut: {} vs {}", f1[at(x)], f0[at(x)]);
    }
    assert!(f0.iter().zip(f1).all(|(a, b)| b <= a), "a cut never brings more");
    let position = |g: &attrition::sim::Game| g.view(Side::Ua).own_unit(id(1)).unwrap().supply;
    assert!(position(&cut_game) < position(&open));
    let told = events.iter().position(|e| matches!(e, Event::RoadCut { cells: 5, last_day: Some(2), .. }));
    assert!(told.is_some(), "five road cells cut to the end of day 2: {events:?}");
    assert_eq!(cut_game.roads_cut().len(), 5);
    assert_ne!(open.state_hash(), cut_game.state_hash());
    // Both sides' news, and common knowledge (it names no unit).
    let mut g = cut_game;
    let rep = g.step(&[], &[]);
    assert!(!rep.events.iter().any(|e| matches!(e, Event::RoadReopened { .. })), "still cut on day 2");
    let rep = g.step(&[], &[]);
    for s in Side::BOTH {
        assert!(rep
            .seen_by(s)
            .iter()
            .any(|e| matches!(e, Event::RoadReopened { at, cells: 5 } if *at == Cell::new(9, 10))));
    }
    assert!(rep.common().iter().any(|e| matches!(e, Event::RoadReopened { .. })));
    assert!(g.roads_cut().is_empty(), "open again on day 3");
}

#[test]
fn a_cut_road_slows_movement_through_it() {
    // An assault team walking the road east from (1,10) toward (14,10): 13 road cells are 6.5
    // of its 10 points a day. With the road cut from x = 0 to 10, its day's plan bends north
    // round the worst of the cut and it gets 10 cells on.
    let leg = |cut: bool| {
        let mut sc = scenario(vec![spawn(Side::Ua, "assault_team", 1, 10)]);
        if cut {
            sc.events.push(Scripted { day: 1, what: Script::CutRoad { at: Cell::new(5, 10), radius: 5, days: None } });
        }
        let mut g = game(sc, 1);
        g.step(&[], &[]);
        let (_, today) = g.route_preview(id(0), Cell::new(14, 10), false, |_| false).unwrap();
        today
    };
    assert_eq!((leg(false), leg(true)), (13, 10), "fewer cells a day through a cut road");
}

/// A temporary folder of its own.
fn folder(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("attrition-events-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn verify(path: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_attrition"))
        .args(["replay", &path.display().to_string(), "--verify"])
        .output()
        .unwrap()
}

#[test]
fn a_record_with_scenario_and_injected_events_verifies_and_without_them_does_not() {
    let dir = folder("verify");
    let scenario = dir.join("events.ron");
    std::fs::write(&scenario, with_events(r#"        (day: 2, event: CutRoad(at: "Myrnohrad", radius: 3, days: 2)),"#))
        .unwrap();
    let source = Source { scenario: scenario.display().to_string(), settings: Vec::new(), seed: 9 };
    let l = data::load_scenario(&source.scenario, 9).unwrap();
    let mut m = Match::computers(l.new_game(9).unwrap(), [attrition::ai::AiLevel::Baseline; 2]);
    let arrive = EventKind::Arrive {
        side: Side::Ru,
        unit: "drone_regiment".into(),
        count: 1,
        at: Spot::Place("Selydove".into()),
        label: None,
    };
    let mut injections = Vec::new();
    for day in 1..=4 {
        if day == 3 {
            let text = white::inject(m.game(), &source, &mut injections, Injection::event(3, arrive.clone(), "white"))
                .expect("the white cell's event is taken");
            assert!(text.contains("day 3"), "{text}");
        }
        m.inject_due(&source, &injections).unwrap();
        let rep = m.step();
        if day == 2 {
            assert!(rep.events.iter().any(|e| matches!(e, Event::RoadCut { .. })), "the scenario's cut on day 2");
        }
        if day == 3 {
            assert!(rep.events.iter().any(|e| matches!(e, Event::Arrived { side: Side::Ru, .. })), "the injection");
        }
    }
    let mut rec = RecordFile::of(m.game(), "events.ron", &[], Players::of_seats(m.seats()));
    rec.injections = injections;
    let path = dir.join("game.ron");
    record::save(&path, &rec).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Arrive(side: Ru") && text.contains("by: \"white\""), "the record keeps the event: {text}");
    let out = verify(&path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The report says who made what happen, and when.
    let report = std::process::Command::new(env!("CARGO_BIN_EXE_attrition"))
        .args(["report", &path.display().to_string(), "--reveal"])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&report.stdout);
    assert!(md.contains("| 3 | white |") && md.contains("Arrive("), "{md}");
    // Without the injection the record no longer replays.
    rec.injections.clear();
    record::save(&path, &rec).unwrap();
    let out = verify(&path);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("diverges on day 3"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_event_is_refused_at_its_line_and_column() {
    let text = with_events(
        r#"        (day: 3, event: Arrive(side: Ru, unit: "tank_army", at: "Pokrovsk")),
        (day: 99, event: CutRoad(at: "Myrnohrad")),
        (day: 4, event: Arrive(side: Ua, unit: "position", count: 5000, at: (40, 31))),
        (day: 5, event: CutRoad(at: "Atlantis", radius: 2)),
        (day: 6, event: CutRoad(at: (500, 2))),"#,
    );
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let msg = load(&text).err().expect("refused").to_string();
    let want = [
        (format!(":{}:", line_of("tank_army")), "events[0] (Arrive).event.unit: unknown unit type `tank_army`"),
        (format!(":{}:", line_of("day: 99")), "events[1] (CutRoad).day: day 99 is outside the game"),
        (format!(":{}:", line_of("count: 5000")), "count: 5000 is outside its range 1..=1000"),
        (format!(":{}:", line_of("Atlantis")), "events[3] (CutRoad).event.at: no place `Atlantis`"),
        (format!(":{}:", line_of("(500, 2)")), "lies off map"),
    ];
    for (line, what) in want {
        let hit = msg.lines().find(|l| l.contains(what)).unwrap_or_else(|| panic!("no `{what}` in:\n{msg}"));
        assert!(hit.starts_with("scenarios/test_events.ron") && hit.contains(&line), "{what} at line {line}: {hit}");
    }
    // An unknown field is a syntax error with its place too.
    let typo = with_events(r#"        (day: 3, event: CutRoad(at: "Myrnohrad", radus: 2)),"#);
    let msg = load(&typo).err().unwrap().to_string();
    assert!(msg.contains(&format!(":{}:", line_of_in(&typo, "radus"))) && msg.contains("radus"), "{msg}");
    // `attrition check` says the same.
    let dir = folder("check");
    let file = dir.join("bad.ron");
    std::fs::write(&file, &text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attrition"))
        .args(["check", &file.display().to_string()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(all.contains("unknown unit type `tank_army`") && all.contains("bad.ron:"), "{all}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn line_of_in(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn the_white_cells_event_is_the_scenario_files_syntax() {
    let e = match Command::parse(r#"event CutRoad(at: "Myrnohrad", radius: 2, days: 5)"#).unwrap() {
        Command::Event(e) => e,
        other => panic!("{other:?}"),
    };
    assert_eq!(e, EventKind::CutRoad { at: Spot::Place("Myrnohrad".into()), radius: 2, days: Some(5) });
    assert_eq!(e.to_ron(), r#"CutRoad(at: "Myrnohrad", radius: 2, days: 5)"#);
    assert_eq!(EventKind::parse(&e.to_ron()).unwrap(), e, "the text reads back");
    let a = EventKind::Arrive {
        side: Side::Ua,
        unit: "drone_regiment".into(),
        count: 3,
        at: Spot::Cell(21, 49),
        label: Some("Birds \"of\" Magyar".into()),
    };
    assert_eq!(EventKind::parse(&a.to_ron()).unwrap(), a, "{}", a.to_ron());
    let bad = Command::parse(r#"event Arrive(side: Ru, unit: "x", count: 0, at: (1, 2))"#).unwrap_err();
    assert!(bad.contains("count") && bad.contains("1..=1000"), "{bad}");
    let bad = Command::parse("event Parachute(at: (1, 2))").unwrap_err();
    assert!(bad.starts_with("event:1:"), "{bad}");
    assert!(Command::parse("event").unwrap_err().contains("CutRoad"));
    assert!(white::help(true).contains("Arrive(side:"));
    // A place the map lacks is refused when the white cell makes it, and nothing is recorded.
    let l = data::load_scenario(data::DEFAULT_SCENARIO, 1).unwrap();
    let g = l.new_game(1).unwrap();
    let source = Source { scenario: data::DEFAULT_SCENARIO.into(), settings: Vec::new(), seed: 1 };
    let mut injections = Vec::new();
    let nowhere = EventKind::CutRoad { at: Spot::Place("Atlantis".into()), radius: 0, days: None };
    let err = white::inject(&g, &source, &mut injections, Injection::event(1, nowhere, "white")).unwrap_err();
    assert!(err.contains("Atlantis"), "{err}");
    assert!(injections.is_empty());
}

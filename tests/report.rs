//! After-action reports: the same from a live game as from its record; CSV has its columns.

use attrition::ai::{self, AiLevel};
use attrition::data;
use attrition::record::{Players, RecordFile};
use attrition::report::{self, Collector, Morning};
use attrition::sim::map::Side;

#[test]
fn a_report_from_the_record_equals_the_one_from_the_live_game() {
    let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 4).unwrap();
    data::settings::apply(&mut l, "turn_limit=14").unwrap();
    let mut g = l.new_game(4).unwrap();
    let mut live = Collector::default();
    while !g.is_over() {
        let ru = ai::orders(&g, Side::Ru, AiLevel::Baseline);
        let ua = ai::orders(&g, Side::Ua, AiLevel::Baseline);
        let morning = Morning::of(&g);
        let rep = g.step(&ru, &ua);
        live.day(&morning, &rep);
    }
    let live = live.finish(&g);
    assert_eq!(live.days, 14);
    assert_eq!(live.timeline.len(), 15, "day 0 and every day played");
    assert!(live.key_events.iter().any(|e| e.kind == "end"), "{:?}", live.key_events);
    let players = Players { human: None, hotseat: false, ai: AiLevel::Baseline };
    let rec = RecordFile::of(&g, data::DEFAULT_SCENARIO, &["turn_limit=14".to_string()], players);
    let replayed = report::from_record(&rec).unwrap();
    assert_eq!(replayed, live);
    let md = report::markdown(&replayed);
    assert!(md.contains("## Timeline") && md.contains("## Key events"), "{md}");
    let csv = report::csv(&replayed);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(header, report::CSV_HEADER.split(',').collect::<Vec<_>>());
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 15);
    assert!(rows.iter().all(|r| r.len() == header.len() && r[0].parse::<u32>().is_ok()));
    let json: serde_json::Value = serde_json::to_value(&replayed).unwrap();
    for k in ["scenario", "seed", "days", "outcome", "winner", "timeline", "key_events"] {
        assert!(json.get(k).is_some(), "JSON lacks {k}");
    }
}

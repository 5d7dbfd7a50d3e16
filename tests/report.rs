//! After-action reports: the same from a live game as from its record; CSV has its columns.

use attrition::ai::AiLevel;
use attrition::data;
use attrition::study::play::Match;
use attrition::study::record::{Players, RecordFile};
use attrition::study::report::{self, Collector};

#[test]
fn a_report_from_the_record_equals_the_one_from_the_live_game() {
    let mut l = data::load_scenario(data::DEFAULT_SCENARIO, 4).unwrap();
    data::settings::apply(&mut l, "turn_limit=14").unwrap();
    let mut m = Match::computers(l.new_game(4).unwrap(), [AiLevel::Baseline; 2]);
    let mut live = Collector::new(m.game());
    m.play_out(None, |g, rep| live.day(g, rep));
    let g = m.into_game();
    let live = live.finish(&g);
    assert_eq!(live.days, 14);
    assert_eq!(live.timeline.len(), 15, "day 0 and every day played");
    assert!(live.key_events.iter().any(|e| e.kind == "end"), "{:?}", live.key_events);
    let players = Players { human: None, hotseat: false, ai: AiLevel::Baseline, ua_ai: None };
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

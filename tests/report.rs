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
    let mut live = Collector::new(m.game(), None);
    m.play_out(None, |g, rep| live.day(g, rep));
    let g = m.into_game();
    let live = live.finish(&g);
    assert_eq!(live.days, 14);
    assert_eq!(live.timeline.len(), 15, "day 0 and every day played");
    assert!(live.key_events.iter().any(|e| e.kind == "end"), "{:?}", live.key_events);
    let players = Players { human: None, hotseat: false, ai: AiLevel::Baseline, ua_ai: None };
    let rec = RecordFile::of(&g, data::DEFAULT_SCENARIO, &["turn_limit=14".to_string()], players);
    let replayed = report::from_record(&rec, None).unwrap();
    assert_eq!(replayed, live);
    let md = report::markdown(&replayed);
    assert!(md.contains("## Timeline") && md.contains("## Key events"), "{md}");
    let csv = report::csv(&replayed);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let first: Vec<&str> = report::CSV_HEADER.split(',').collect();
    assert_eq!(header[..first.len()], first[..]);
    for col in ["ru_lost_drones", "ua_lost_collapse", "ru_pool", "ua_pool", "holder.Pokrovsk", "ceasefire"] {
        assert!(header.contains(&col), "no column {col} in {header:?}");
    }
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 15);
    assert!(rows.iter().all(|r| r.len() == header.len() && r[0].parse::<u32>().is_ok()));
    let json: serde_json::Value = serde_json::to_value(&replayed).unwrap();
    for k in ["scenario", "seed", "days", "outcome", "winner", "timeline", "key_events", "towns", "ceasefires"] {
        assert!(json.get(k).is_some(), "JSON lacks {k}");
    }
    // The figures of study rows, under the same names.
    let by_cause = &json["losses"]["ru"]["by_cause"];
    let sum: u64 =
        ["drones", "exposure", "fires", "assault", "collapse"].iter().map(|c| by_cause[c].as_u64().unwrap()).sum();
    assert_eq!(sum, json["losses"]["ru"]["personnel"].as_u64().unwrap());
    assert_eq!(sum as u32, g.side(attrition::sim::map::Side::Ru).losses.personnel_total());
    for k in ["start", "end", "pool_end"] {
        assert!(json["personnel"]["ua"][k].is_u64(), "personnel.ua.{k}");
    }
    assert_eq!(json["towns"].as_array().unwrap().len(), g.scenario().objectives.len());
    for section in ["## Losses by cause", "## Personnel", "## Towns", "## Ceasefires"] {
        assert!(md.contains(section), "{section}");
    }
    // The last day's cumulative losses by cause in the CSV are the totals.
    let last = rows.last().unwrap();
    let at = |name: &str| last[header.iter().position(|h| *h == name).unwrap()].parse::<u64>().unwrap();
    assert_eq!(at("ru_lost_drones"), by_cause["drones"].as_u64().unwrap());
}

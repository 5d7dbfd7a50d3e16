//! Bad input is reported with file, line and column (syntax) or file and item (meaning).

use attrition::data::{self, LoadError};

fn scenario_text() -> String {
    data::SCENARIOS[0].2.to_string()
}

#[test]
fn a_syntax_error_names_file_line_and_column() {
    let text = "(\n    id: \"x\",\n    title: 12,\n)";
    let err = data::parse_ron::<data::scenario::ScenarioFile>("bad.ron", text).unwrap_err();
    match &err {
        LoadError::Syntax { file, line, col, msg } => {
            assert_eq!(file, "bad.ron");
            assert_eq!(*line, 3);
            assert!(*col > 1, "col {col}");
            assert!(msg.to_lowercase().contains("string"), "{msg}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert!(err.to_string().starts_with("bad.ron:3:"), "{err}");
}

#[test]
fn a_value_of_the_wrong_type_names_its_key_and_place() {
    // The top-level key, a key inside a side, and a key inside the n-th unit of the deployment.
    let text = scenario_text();
    let cases = [
        (text.replacen("turn_limit: 30,", "turn_limit: \"thirty\",", 1), "turn_limit: ", "integer"),
        (text.replacen("drones: 30000,", "drones: \"many\",", 1), "ru.drones: ", "integer"),
        (text.replacen("unit: \"assault_team\"", "unit: 7", 1), "deploy[0].unit: ", "string"),
    ];
    for (bad, key, wanted) in cases {
        assert_ne!(bad, text, "the case {key} must change the file");
        let err = data::parse_ron::<data::scenario::ScenarioFile>("s.ron", &bad).unwrap_err();
        let LoadError::Syntax { line, msg, .. } = &err else { panic!("expected a syntax error, got {err:?}") };
        assert!(msg.starts_with(key) && msg.to_lowercase().contains(wanted), "{key}: {msg}");
        // The line is the bad value's own.
        let on_line = bad.lines().nth(line - 1).unwrap_or("");
        let field = key.trim_end_matches(": ").rsplit('.').next().unwrap().split('[').next().unwrap();
        assert!(on_line.contains(field), "{key}: line {line} is {on_line:?}");
    }
}

#[test]
fn a_truncated_file_is_a_syntax_error_not_a_panic() {
    let text = scenario_text();
    let cut = &text[..text.len() / 2];
    let err = data::parse_ron::<data::scenario::ScenarioFile>("cut.ron", cut).unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. }), "{err}");
}

#[test]
fn an_unknown_unit_type_names_the_item_and_the_choices() {
    let text = scenario_text().replacen("unit: \"assault_team\"", "unit: \"assualt_team\"", 1);
    let dir = std::env::temp_dir().join(format!("attrition-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("typo.ron");
    std::fs::write(&path, text).unwrap();
    let err = data::load_scenario(path.to_str().unwrap(), 1).err().expect("refused");
    let msg = err.to_string();
    assert!(msg.contains("typo.ron"), "{msg}");
    assert!(msg.contains("deploy[0]"), "{msg}");
    assert!(msg.contains("unknown unit type `assualt_team`"), "{msg}");
    assert!(msg.contains("assault_team"), "lists the valid types: {msg}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn an_unknown_place_is_named() {
    let text = scenario_text().replacen("place: \"Pokrovsk\"", "place: \"Krasnoarmiisk\"", 1);
    let sf: data::scenario::ScenarioFile = data::parse_ron("s.ron", &text).unwrap();
    let (_, map) = data::find_map(&sf.map, None).unwrap();
    let (_, units) = data::default_rules().unwrap();
    let err = sf.resolve("s.ron", &map, &units).unwrap_err().to_string();
    assert!(err.starts_with("s.ron: objectives["), "{err}");
    assert!(err.contains("Krasnoarmiisk"), "{err}");
}

#[test]
fn unknown_fields_in_rules_are_refused_with_position() {
    let text = data::RULES_RON.replacen("hit_chance:", "hit_chanse:", 1);
    let err = data::parse_ron::<attrition::sim::rules::Rules>("assets/rules.ron", &text).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("assets/rules.ron:"), "{msg}");
    assert!(msg.contains("hit_chanse"), "{msg}");
}

#[test]
fn an_oversized_map_is_refused() {
    let text = data::MAPS[0].2.replacen("width: 74", "width: 9000", 1);
    let err = data::load_map("big.ron", &text).unwrap_err().to_string();
    assert!(err.contains("oversized") || err.contains("400"), "{err}");
}

#[test]
fn a_place_off_the_map_is_named() {
    let text = data::MAPS[0].2.replacen("lat: 48.2824", "lat: 40.0", 1);
    let err = data::load_map("m.ron", &text).unwrap_err().to_string();
    // Pointed at the place in the text, like a syntax error.
    let at = text[..text.find("lat: 40.0").unwrap()].lines().count();
    assert!(err.starts_with(&format!("m.ron:{at}:")) && err.contains(": places["), "{err}");
    assert!(err.contains("outside"), "{err}");
}

#[test]
fn embedded_files_all_load() {
    for (id, _, _) in data::SCENARIOS {
        data::load_scenario(id, 1).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    for (id, file, text) in data::MAPS {
        data::load_map(file, text).unwrap_or_else(|e| panic!("{id}: {e}"));
    }
}

fn loaded() -> data::Loaded {
    data::load_scenario(data::DEFAULT_SCENARIO, 1).unwrap()
}

/// The value of rule `key` (`section.field`) in `l`'s rules.
fn rule_value(l: &data::Loaded, key: &str) -> serde_json::Value {
    let v = serde_json::to_value(&*l.setup.rules).unwrap();
    key.split('.').try_fold(&v, |v, p| v.get(p)).cloned().unwrap_or_else(|| panic!("no rule {key}"))
}

/// A whole-number rule and a value in its range other than its own: the first of the rules
/// (whatever they are), so this test does not depend on one rule's name.
fn a_whole_number_rule(l: &data::Loaded) -> (String, i64) {
    use attrition::sim::bounds::Bounded;
    attrition::sim::rules::Rules::bounds()
        .into_iter()
        .find_map(|(k, b)| {
            let (lo, hi) = b.range()?;
            let n = rule_value(l, &k).as_i64()?;
            let new = if (n + 1) as f64 <= hi { n + 1 } else { n - 1 };
            (new as f64 >= lo).then_some((k, new))
        })
        .expect("the rules have a whole-number field")
}

fn count(l: &data::Loaded, side: attrition::sim::map::Side, template: &str) -> usize {
    l.setup.scenario.units.iter().filter(|u| u.side == side && u.template == template).count()
}

#[test]
fn what_if_switches_change_the_scenario() {
    use attrition::sim::map::Side;
    use attrition::sim::scenario::{Aid, Edge};
    let mut l = loaded();
    assert!(count(&l, Side::Ua, "drone_regiment") > 0);
    data::settings::apply(&mut l, "ua.drone_line=off").unwrap();
    assert_eq!(count(&l, Side::Ua, "drone_regiment"), 0);
    data::settings::apply(&mut l, "ua.drone_line=on").unwrap();
    assert_eq!(count(&l, Side::Ua, "drone_regiment"), 2, "switching a missing line on adds the rules' two regiments");

    let moto = count(&l, Side::Ru, "motorcycle_group");
    let foot = count(&l, Side::Ru, "assault_team");
    data::settings::apply(&mut l, "ru.motorcycles=off").unwrap();
    assert_eq!(count(&l, Side::Ru, "motorcycle_group"), 0);
    assert!(count(&l, Side::Ru, "assault_team") > foot + moto, "the riders go on foot, more teams of fewer men");

    data::settings::apply(&mut l, "ru.fiber_optic=off").unwrap();
    assert!(!l.setup.scenario.ru.edges.iter().any(|(e, _)| *e == Edge::FiberOptic));
    data::settings::apply(&mut l, "aid=cutoff").unwrap();
    assert_eq!(l.setup.scenario.aid, Aid::Cutoff);
    data::settings::apply(&mut l, "ua.recruits_per_month=15000").unwrap();
    assert_eq!(l.setup.scenario.ua.recruits_per_day, 500.0);
    let (key, n) = a_whole_number_rule(&l);
    data::settings::apply(&mut l, &format!("rules.{key}={n}")).unwrap();
    assert_eq!(rule_value(&l, &key), serde_json::json!(n), "{key}");
}

#[test]
fn bad_settings_list_the_valid_ones() {
    let mut l = loaded();
    let e = data::settings::apply(&mut l, "ua.drone_lines=off").unwrap_err();
    assert!(e.contains("unknown key") && e.contains("ua.drone_line=on|off"), "{e}");
    let e = data::settings::apply(&mut l, "aid=maybe").unwrap_err();
    assert!(e.contains("more, same or cutoff"), "{e}");
    let e = data::settings::apply(&mut l, "ru.motorcycles=2").unwrap_err();
    assert!(e.contains("on or off"), "{e}");
    let (key, n) = a_whole_number_rule(&l);
    // A misspelt field (its last letter doubled) is refused with the real ones listed.
    let (section, field) = key.rsplit_once('.').unwrap();
    let e = data::settings::apply(&mut l, &format!("rules.{key}{}=1", field.chars().last().unwrap())).unwrap_err();
    assert!(e.contains("unknown key") && e.contains(field), "lists the fields of {section}: {e}");
    let e = data::settings::apply(&mut l, &format!("rules.{key}={n}.5")).unwrap_err();
    assert!(e.contains("whole number"), "{e}");
    assert!(data::settings::apply(&mut l, "noequals").is_err());
}

fn tutorial_text() -> String {
    data::SCENARIOS.iter().find(|s| s.0 == "tutorial").expect("the tutorial is embedded").2.to_string()
}

fn resolve(text: &str) -> Result<attrition::sim::scenario::Scenario, LoadError> {
    let sf: data::scenario::ScenarioFile = data::parse_ron("t.ron", text)?;
    let (_, map) = data::find_map(&sf.map, None).unwrap();
    let (_, units) = data::default_rules().unwrap();
    sf.resolve("t.ron", &map, &units)
}

#[test]
fn the_tutorial_carries_its_lessons_into_the_engine() {
    let sc = resolve(&tutorial_text()).expect("the tutorial resolves");
    assert!(sc.lessons.len() >= 12, "{} lessons", sc.lessons.len());
    assert!(sc.lessons.iter().all(|l| (1..=sc.turn_limit).contains(&l.day)));
    assert!(sc.lessons.iter().any(|l| l.focus.is_some() && l.overlay.is_some()));
    // Every day of the lesson has at least one step.
    for day in 1..=sc.turn_limit {
        assert!(sc.lessons.iter().any(|l| l.day == day), "no lesson on day {day}");
    }
}

#[test]
fn a_lesson_beyond_the_turn_limit_is_refused_and_named() {
    let text = tutorial_text().replacen("turn_limit: 12", "turn_limit: 10", 1);
    let err = resolve(&text).unwrap_err().to_string();
    assert!(err.starts_with("t.ron: lessons["), "{err}");
    assert!(err.contains("day 11") && err.contains("1..=10"), "{err}");
}

#[test]
fn a_lesson_focus_off_the_map_and_an_unknown_overlay_are_named() {
    let text = tutorial_text().replacen("focus: Some(At(\"Pokrovsk\"))", "focus: Some(At(\"Krasnoarmiisk\"))", 1);
    let err = resolve(&text).unwrap_err().to_string();
    assert!(err.starts_with("t.ron: lessons[0]") && err.contains(".focus") && err.contains("Krasnoarmiisk"), "{err}");
    let text = tutorial_text().replacen("overlay: Some(\"control\")", "overlay: Some(\"coverag\")", 1);
    let err = resolve(&text).unwrap_err().to_string();
    assert!(err.contains("lessons[0]") && err.contains("unknown overlay `coverag`"), "{err}");
    assert!(err.contains("supply"), "lists the overlays: {err}");
}

#[test]
fn scenarios_without_lessons_still_load() {
    let sc = resolve(data::SCENARIOS[0].2).expect("the default scenario resolves");
    assert!(sc.lessons.is_empty());
}

// ----- instructors' annotations -----

/// The default scenario with an `annotations` list inserted before `victory`, written to a
/// temporary file; returns its path and the line the list's first entry is on.
fn with_annotations(name: &str, list: &str) -> (std::path::PathBuf, usize) {
    let text = scenario_text();
    let at = text.find("\n    victory:").expect("the default scenario has a victory line") + 1;
    let first_line = text[..at].lines().count() + 2;
    let text = format!("{}    annotations: [\n{list}\n    ],\n{}", &text[..at], &text[at..]);
    let dir = std::env::temp_dir().join(format!("attrition-notes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.ron"));
    std::fs::write(&path, text).unwrap();
    (path, first_line)
}

#[test]
fn the_drone_line_scenario_loads_its_annotations() {
    let l = data::load_scenario("pokrovsk-drone-line", 1).unwrap();
    let notes = &l.setup.scenario.annotations;
    assert!(notes.len() >= 5, "{notes:?}");
    let supply = notes.iter().find(|a| a.phase == Some(attrition::sim::events::Phase::Supply)).expect("a supply note");
    assert_eq!(supply.at, Some(l.setup.map.place("Novohrodivka").unwrap().cell));
    assert!(notes.iter().all(|a| a.day <= l.setup.scenario.turn_limit && !a.text.is_empty()));
}

#[test]
fn annotations_take_a_place_or_a_cell() {
    let (path, _) = with_annotations(
        "good",
        "        (day: 2, text: \"Watch the road into Pokrovsk.\", at: \"Pokrovsk\", phase: Some(Drones)),\n        (day: 0, text: \"The start.\", at: Some((3, 4))),\n        (day: 30, text: \"The end.\"),",
    );
    let l = data::load_scenario(path.to_str().unwrap(), 1).unwrap();
    let notes = &l.setup.scenario.annotations;
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[0].at, Some(l.setup.map.place("Pokrovsk").unwrap().cell));
    assert_eq!(notes[0].phase, Some(attrition::sim::events::Phase::Drones));
    assert_eq!(notes[1].at, Some(attrition::sim::map::Cell::new(3, 4)));
    assert_eq!(notes[2].at, None);
}

#[test]
fn bad_annotations_name_file_line_column_and_what_was_expected() {
    // (name, the entry, the text the error must contain, syntax or meaning)
    let cases = [
        (
            "late",
            "        (day: 31, text: \"Too late.\"),",
            "annotations[0].day: day 31 is after the last day: expected 0..=30",
        ),
        ("place", "        (day: 3, text: \"Where?\", at: \"Atlantis\"),", "annotations[0].at: no place `Atlantis`"),
        (
            "cell",
            "        (day: 3, text: \"Off the map.\", at: (500, 2)),",
            "annotations[0].at: cell (500, 2) is off map",
        ),
        ("empty", "        (day: 3, text: \"   \"),", "annotations[0].text: the text is empty"),
        ("start", "        (day: 0, text: \"x\", phase: Drones),", "annotations[0].phase: day 0 is the start"),
        ("phase", "        (day: 3, text: \"x\", phase: Drone),", "expected one of `Orders`, `Recon`, `Drones`"),
        ("field", "        (day: 3, txt: \"x\"),", "`txt`"),
    ];
    for (name, entry, expected) in cases {
        let (path, line) = with_annotations(name, entry);
        let err = data::load_scenario(path.to_str().unwrap(), 1).err().expect("refused");
        let msg = err.to_string();
        assert!(msg.starts_with(&format!("{}:{line}:", path.display())), "{name}: {msg}");
        assert!(msg.contains(expected), "{name}: {msg}");
        assert!(matches!(err, LoadError::At { .. } | LoadError::Syntax { .. }), "{name}: {err:?}");
    }
    // The column points at the value at fault, not at the entry.
    let (path, line) = with_annotations("col", "        (day: 3, text: \"x\", at: \"Atlantis\"),");
    let err = data::load_scenario(path.to_str().unwrap(), 1).err().unwrap();
    let col = "        (day: 3, text: \"x\", at: ".chars().count() + 1;
    assert!(err.to_string().starts_with(&format!("{}:{line}:{col}:", path.display())), "{err}");
}

#[test]
fn annotations_change_no_state_hash() {
    use attrition::ai::AiLevel;
    use attrition::sim::map::Side;
    use attrition::study::play;
    let with = data::load_scenario("pokrovsk-drone-line", 4).unwrap();
    let mut without = data::load_scenario("pokrovsk-drone-line", 4).unwrap();
    assert!(!with.setup.scenario.annotations.is_empty());
    std::sync::Arc::make_mut(&mut without.setup.scenario).annotations.clear();
    let mut a = attrition::sim::Game::new(with.setup).unwrap();
    let mut b = attrition::sim::Game::new(without.setup).unwrap();
    assert_eq!(a.state_hash(), b.state_hash());
    for _ in 0..2 {
        let (ru, ua) = (
            play::computer_orders(&a, Side::Ru, AiLevel::Baseline),
            play::computer_orders(&a, Side::Ua, AiLevel::Baseline),
        );
        a.step(&ru, &ua);
        b.step(&ru, &ua);
        assert_eq!(a.state_hash(), b.state_hash());
    }
}

#[test]
fn a_tutorial_cut_short_keeps_the_lessons_of_its_days() {
    let mut l = data::load_scenario("tutorial", 1).unwrap();
    data::settings::apply(&mut l, "turn_limit=5").expect("a shorter lesson is not an error");
    let sc = &l.setup.scenario;
    assert_eq!(sc.turn_limit, 5);
    assert!(!sc.lessons.is_empty() && sc.lessons.iter().all(|x| x.day <= 5), "{:?}", sc.lessons.len());
    assert!(sc.lessons.iter().any(|x| x.day == 5));
}

//! `attrition check` knows every kind of file by its contents and reports all of a file's
//! errors, each as file:line:col.

use std::path::{Path, PathBuf};
use std::process::Command;

use attrition::check::{self, FileKind};
use attrition::data;

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("attrition-check-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in the text"))].lines().count()
}

fn attrition(args: &[&Path]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_attrition")).arg("check").args(args).output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn a_scenario_with_three_errors_reports_all_three_each_at_its_line_and_column() {
    let text = data::SCENARIOS[0]
        .2
        .replacen("start_date: \"2025-05-27\"", "start_date: \"2025-13-45\"", 1)
        .replacen("unit: \"assault_team\"", "unit: \"assualt_team\"", 1)
        .replacen("place: \"Shcherbynivka\"", "place: \"Atlantis\"", 1);
    let d = dir("three");
    let path = d.join("three.ron");
    std::fs::write(&path, &text).unwrap();
    let errs = check::file(&path).unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:#?}");
    let f = path.display().to_string();
    let want = [
        (line_of(&text, "2025-13-45"), "start_date: `2025-13-45` is not a date"),
        (line_of(&text, "assualt_team"), "unknown unit type `assualt_team`"),
        (line_of(&text, "Atlantis"), "no place `Atlantis`"),
    ];
    for ((line, what), e) in want.iter().zip(&errs) {
        assert!(e.starts_with(&format!("{f}:{line}:")), "{e} (expected line {line})");
        assert!(e.contains(what), "{e}");
        // file:line:col: with a column.
        let col = e[f.len() + 1..].split(':').nth(1).unwrap();
        assert!(col.parse::<usize>().is_ok_and(|c| c > 1), "{e}");
    }
    // The command prints the same three lines and fails.
    let (ok, _, stderr) = attrition(&[&path]);
    assert!(!ok);
    for e in &errs {
        assert!(stderr.contains(e.as_str()), "{stderr}");
    }
    // The game refuses it with the same errors rather than showing a made-up date.
    let game = data::load_scenario(path.to_str().unwrap(), 1).err().expect("refused").to_string();
    assert_eq!(game.lines().count(), 3, "{game}");
}

#[test]
fn dates_are_checked_as_dates() {
    use attrition::data::scenario::parse_date;
    assert_eq!(parse_date("2025-05-27"), Some((2025, 5, 27)));
    assert_eq!(parse_date("2024-02-29"), Some((2024, 2, 29)));
    for bad in ["2025-13-45", "2025-02-29", "2025-04-31", "2025-5-27", "27 May 2025", "2025-05-27x", ""] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
}

#[test]
fn every_shipped_file_is_known_by_its_kind_and_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<(PathBuf, FileKind)> =
        vec![(root.join("assets/rules.ron"), FileKind::Rules), (root.join("assets/units.ron"), FileKind::Units)];
    for (_, f, _) in data::MAPS {
        files.push((root.join(f), FileKind::Map));
    }
    for (_, f, _) in data::SCENARIOS {
        files.push((root.join(f), FileKind::Scenario));
    }
    for (path, kind) in &files {
        let c = check::file(path).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        assert_eq!(c.kind, *kind, "{}", path.display());
    }
    let paths: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    let (ok, stdout, stderr) = attrition(&paths);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("rules.ron: ok — rules file") && stdout.contains("units.ron: ok — unit types file"),
        "{stdout}"
    );
}

#[test]
fn a_rules_file_gives_every_value_out_of_range_not_as_a_scenario() {
    let text = data::RULES_RON.replacen("hit_chance: 0.3,", "hit_chance: 3.0,", 1).replacen(
        "max_hit_chance: 0.95,",
        "max_hit_chance: -1.0,",
        1,
    );
    assert_ne!(text, data::RULES_RON);
    let d = dir("rules");
    let path = d.join("rules.ron");
    std::fs::write(&path, &text).unwrap();
    let errs = check::file(&path).unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:#?}");
    let f = path.display().to_string();
    assert!(errs[0].starts_with(&format!("{f}:{}:", line_of(&text, "hit_chance: 3.0"))), "{errs:?}");
    assert!(errs.iter().all(|e| e.contains("outside its range") && !e.contains("ScenarioFile")), "{errs:?}");
}

#[test]
fn a_unit_types_file_gives_each_template_that_does_not_fit_its_kind() {
    // Two drone units without their drone block, and one number out of range.
    let text = data::UNITS_RON.replace("drone: Some((", "dronex: Some((");
    let d = dir("units");
    let path = d.join("units.ron");
    // An unknown field is a syntax error: one message, where it is.
    std::fs::write(&path, &text).unwrap();
    let errs = check::file(&path).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("dronex"), "{errs:?}");
    // Kinds that do not fit, and a value out of range, together.
    let text = data::UNITS_RON
        .replacen("kind: AssaultTeam", "kind: Drone", 1)
        .replacen("kind: Position", "kind: Artillery", 1)
        .replacen("personnel: 6,", "personnel: 6000000,", 1);
    std::fs::write(&path, &text).unwrap();
    let errs = check::file(&path).unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:#?}");
    let f = path.display().to_string();
    assert!(errs.iter().all(|e| e.starts_with(&format!("{f}:"))), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("assault_team") && e.contains("needs a `drone")), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("position") && e.contains("needs an `artillery")), "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("6000000")), "{errs:?}");
}

#[test]
fn a_settings_file_and_a_map_are_known_by_their_fields() {
    let d = dir("kinds");
    let cfg = d.join("mine.ron");
    let text = "(\n    keys: { \"map.end_dya\": [\"E\"] },\n    theme: \"purple\",\n)\n";
    std::fs::write(&cfg, text).unwrap();
    let errs = check::file(&cfg).unwrap_err();
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].starts_with(&format!("{}:2:", cfg.display())) && errs[0].contains("end_dya"), "{errs:?}");
    assert!(errs[1].starts_with(&format!("{}:3:", cfg.display())) && errs[1].contains("purple"), "{errs:?}");
    // An empty settings file is fine by its name.
    let empty = d.join("config.ron");
    std::fs::write(&empty, "()\n").unwrap();
    assert_eq!(check::file(&empty).unwrap().kind, FileKind::Config);
    // A map whose place lies off it: at the place's line.
    let text = data::MAPS[0].2.replacen("lat: 48.2824", "lat: 40.0", 1);
    let map = d.join("m.ron");
    std::fs::write(&map, &text).unwrap();
    let errs = check::file(&map).unwrap_err();
    assert!(errs[0].starts_with(&format!("{}:{}:", map.display(), line_of(&text, "lat: 40.0"))), "{errs:?}");
    // Something else entirely says what each kind looks like.
    let other = d.join("other.ron");
    std::fs::write(&other, "(colour: 3)\n").unwrap();
    let errs = check::file(&other).unwrap_err();
    assert!(errs[0].contains("cannot tell what kind of file") && errs[0].contains("deploy:"), "{errs:?}");
}

#[test]
fn a_records_kind_is_known_and_it_is_replayed() {
    use attrition::ai::AiLevel;
    let l = data::load_scenario(data::DEFAULT_SCENARIO, 3).unwrap();
    let mut m =
        attrition::study::play::Match::computers(attrition::sim::Game::new(l.setup).unwrap(), [AiLevel::Baseline; 2]);
    m.step();
    let rec = m.record_file(data::DEFAULT_SCENARIO, &[]);
    let d = dir("record");
    let path = d.join("game.ron");
    attrition::study::record::save(&path, &rec).unwrap();
    let c = check::file(&path).unwrap();
    assert_eq!(c.kind, FileKind::Record);
    assert!(c.summary.contains("1 day replayed"), "{}", c.summary);
}

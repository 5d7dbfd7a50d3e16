//! Loading and checking the game's data files (RON): rules, unit types, maps, scenarios.
//!
//! Syntax errors are reported as `file:line:col: what was expected`; semantic errors name
//! the file and the item at fault. Nothing here panics on bad input. The default files are
//! embedded in the binary, so `attrition` runs with no paths.

pub mod annotation;
pub mod event;
pub mod locate;
pub mod mapfile;
pub mod read;
pub mod scenario;
pub mod settings;

use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::sim::bounds::Bounded;
use crate::sim::map::Map;
use crate::sim::rules::{Rules, UnitBook};

/// Largest data file accepted (bytes).
pub const MAX_FILE_BYTES: u64 = read::Kind::Record.limit();

pub const RULES_RON: &str = include_str!("../../assets/rules.ron");
pub const UNITS_RON: &str = include_str!("../../assets/units.ron");

/// Maps embedded in the binary: (id, file name, text).
pub const MAPS: &[(&str, &str, &str)] = &[
    ("pokrovsk-toretsk", "maps/pokrovsk_toretsk.ron", include_str!("../../maps/pokrovsk_toretsk.ron")),
    ("sudzha", "maps/sudzha.ron", include_str!("../../maps/sudzha.ron")),
];

/// Scenarios embedded in the binary: (id, file name, text). The first is the default.
pub const SCENARIOS: &[(&str, &str, &str)] = &[
    ("pokrovsk-toretsk", "scenarios/pokrovsk_toretsk.ron", include_str!("../../scenarios/pokrovsk_toretsk.ron")),
    (
        "pokrovsk-drone-line",
        "scenarios/pokrovsk_drone_line.ron",
        include_str!("../../scenarios/pokrovsk_drone_line.ron"),
    ),
    ("toretsk-armor", "scenarios/toretsk_armor.ron", include_str!("../../scenarios/toretsk_armor.ron")),
    ("sudzha", "scenarios/sudzha.ron", include_str!("../../scenarios/sudzha.ron")),
    ("tutorial", "scenarios/tutorial.ron", include_str!("../../scenarios/tutorial.ron")),
];

/// The scenario played when none is named.
pub const DEFAULT_SCENARIO: &str = "pokrovsk-toretsk";

/// A data file that could not be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("{file}:{line}:{col}: {msg}")]
    Syntax { file: String, line: usize, col: usize, msg: String },
    /// A value that parsed but is wrong, found at its place in the file.
    #[error("{file}:{line}:{col}: {item}: {msg}")]
    At { file: String, line: usize, col: usize, item: String, msg: String },
    #[error("{file}: {item}: {msg}")]
    Invalid { file: String, item: String, msg: String },
    #[error("{file}: {msg}")]
    Io { file: String, msg: String },
    /// Several errors of one file, one per line.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<LoadError>),
}

impl LoadError {
    pub fn invalid(file: &str, item: impl Into<String>, msg: impl Into<String>) -> LoadError {
        LoadError::Invalid { file: file.to_string(), item: item.into(), msg: msg.into() }
    }

    /// One error for a list of them (None for none).
    pub fn all(mut errors: Vec<LoadError>) -> Option<LoadError> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(LoadError::Many(errors)),
        }
    }

    /// Each error on its own (a `Many` split up).
    pub fn each(&self) -> Vec<&LoadError> {
        match self {
            LoadError::Many(v) => v.iter().flat_map(|e| e.each()).collect(),
            e => vec![e],
        }
    }
}

/// Every value of `value` outside its declared range (`sim::bounds`), each an error at its
/// line and column in `text` (the file it was parsed from).
pub fn check_bounds<T: Bounded>(file: &str, text: &str, value: &T) -> Result<(), LoadError> {
    let bad = value.out_of_range();
    if bad.is_empty() {
        return Ok(());
    }
    let at = locate::Positions::of(text);
    let errors = bad
        .into_iter()
        .map(|e| {
            let msg = format!("{} is outside its range {}", e.value, crate::sim::bounds::range(e.lo, e.hi));
            match at.find(&e.key) {
                Some((line, col)) => LoadError::At { file: file.into(), line, col, item: e.key, msg },
                None => LoadError::Invalid { file: file.into(), item: e.key, msg },
            }
        })
        .collect();
    Err(LoadError::all(errors).expect("at least one"))
}

/// Parses RON text, turning parser errors into `file:line:col: message`. Text that does not
/// start like RON data (`(`, `[`, `{` or `#![enable(…)]`, after comments) is refused without
/// quoting it: it is some other kind of file, and its contents are none of the message's business.
pub fn parse_ron<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, LoadError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::Io {
            file: file.into(),
            msg: format!("file is {} bytes; the limit is {MAX_FILE_BYTES}", text.len()),
        });
    }
    if !starts_like_ron(text) {
        return Err(LoadError::Io {
            file: file.into(),
            msg: "not a RON data file (it should start with `(` after any comments)".into(),
        });
    }
    // The error names where it is (line and column) and, for a value of the wrong type, the
    // key it belongs to (`ru.drones`, `units[3].cell`), as serde_path_to_error tracks it.
    let syntax = |e: ron::error::SpannedError, path: &str| LoadError::Syntax {
        file: file.into(),
        line: e.span.start.line,
        col: e.span.start.col,
        msg: if path.is_empty() || path == "." { e.code.to_string() } else { format!("{path}: {}", e.code) },
    };
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let mut de = ron::Deserializer::from_str_with_options(text, &options).map_err(|e| syntax(e, ""))?;
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        syntax(de.span_error(e.into_inner()), &path)
    })?;
    de.end().map_err(|e| syntax(de.span_error(e), ""))?;
    Ok(value)
}

/// Whether text starts like RON data: its first character after whitespace and comments is an
/// opening bracket or an extension attribute.
fn starts_like_ron(text: &str) -> bool {
    first_data_char(text).is_some_and(|c| "([{#".contains(c))
}

/// The first character of `text` after a byte-order mark, whitespace and comments (None: there
/// is nothing else).
pub fn first_data_char(text: &str) -> Option<char> {
    let mut t = text.trim_start_matches('\u{feff}');
    loop {
        t = t.trim_start();
        if let Some(rest) = t.strip_prefix("//") {
            t = rest.split_once('\n').map_or("", |(_, r)| r);
        } else if let Some(rest) = t.strip_prefix("/*") {
            t = rest.split_once("*/").map_or("", |(_, r)| r);
        } else {
            return t.chars().next();
        }
    }
}

/// Reads a data file of `kind` from disk within its size limit, as text (see `read`).
pub fn read_file_of(path: &Path, kind: read::Kind) -> Result<String, LoadError> {
    read::text(path, kind)
}

/// Reads a scenario or map file (the larger limit of the two).
pub fn read_file(path: &Path) -> Result<String, LoadError> {
    read::text(path, read::Kind::Map)
}

/// The embedded rules and unit types, checked.
pub fn default_rules() -> Result<(Rules, UnitBook), LoadError> {
    Ok((rules_from("assets/rules.ron", RULES_RON)?, units_from("assets/units.ron", UNITS_RON)?))
}

/// Rule numbers from a rules file's text: parsed, then every value out of its range.
pub fn rules_from(file: &str, text: &str) -> Result<Rules, LoadError> {
    let rules: Rules = parse_ron(file, text)?;
    check_bounds(file, text, &rules)?;
    Ok(rules)
}

/// Unit types from a unit types file's text: parsed, then every value out of its range and
/// every template whose capabilities do not fit its kind, together.
pub fn units_from(file: &str, text: &str) -> Result<UnitBook, LoadError> {
    let units: UnitBook = parse_ron(file, text)?;
    let mut errs: Vec<LoadError> = check_bounds(file, text, &units).err().map(flat).unwrap_or_default();
    if let Err(e) = check_units(file, &units) {
        errs.extend(flat(locate_errors(e, text)));
    }
    match LoadError::all(errs) {
        None => Ok(units),
        Some(e) => Err(e),
    }
}

/// Each error of `e` on its own.
fn flat(e: LoadError) -> Vec<LoadError> {
    e.each().into_iter().cloned().collect()
}

/// Semantic checks on unit types: a template's capabilities must fit its kind. Every template
/// at fault is reported, each by its key (`assault_team`).
pub fn check_units(file: &str, units: &UnitBook) -> Result<(), LoadError> {
    use crate::sim::rules::UnitKind as K;
    if units.is_empty() {
        return Err(LoadError::invalid(file, "units", "no unit types defined"));
    }
    let mut errs = Vec::new();
    for (id, t) in units {
        // Personnel, signature and every other number are checked against their ranges.
        let lacks = match t.kind {
            K::Drone => t.drone.is_none().then_some("a `drone: Some((...))` block"),
            K::Ew => t.ew.is_none().then_some("an `ew: Some((...))` block"),
            K::Artillery => t.artillery.is_none().then_some("an `artillery: Some((...))` block"),
            K::SupplyHub => t.hub.is_none().then_some("a `hub: Some((...))` block"),
            K::AssaultTeam | K::MotorGroup | K::ArmoredGroup | K::Reserve => {
                (t.speed <= 0.0 || t.attack <= 0.0).then_some("speed and attack above 0")
            }
            K::Position | K::Hq => None,
        };
        if let Some(what) = lacks {
            errs.push(LoadError::invalid(file, id.clone(), format!("unit type `{id}`: a {:?} needs {what}", t.kind)));
        }
    }
    match LoadError::all(errs) {
        None => Ok(()),
        Some(e) => Err(e),
    }
}

/// Points each error of `e` that names an item but no place (`LoadError::Invalid`) at the
/// item's value in `text`: `deploy[3] (ru assault_team).unit` at the `unit:` of the fourth
/// group, an annotation's field at its value. The words in brackets are for the reader and
/// are no part of the key. An item that cannot be found keeps no place.
pub fn locate_errors(e: LoadError, text: &str) -> LoadError {
    let at = locate::Positions::of(text);
    let one = |e: LoadError| -> LoadError {
        let LoadError::Invalid { file, item, msg } = &e else { return e };
        let key = item_key(item);
        if let Some(fault) = annotation_fault(&key, msg) {
            return annotation::error(file, text, &fault);
        }
        match at.find(&key) {
            Some((line, col)) => LoadError::At { file: file.clone(), line, col, item: item.clone(), msg: msg.clone() },
            None => e,
        }
    };
    match e {
        LoadError::Many(v) => LoadError::Many(v.into_iter().map(one).collect()),
        e => one(e),
    }
}

/// An item's key without the words in brackets: `deploy[3] (ru team).unit` → `deploy[3].unit`.
fn item_key(item: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut chars = item.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' if depth == 0 && chars.peek() == Some(&'(') => {}
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// An annotation's fault from its key (`annotations[2].day`), for the annotations' own locator.
fn annotation_fault(key: &str, msg: &str) -> Option<annotation::Fault> {
    let (i, field) = key.strip_prefix("annotations[")?.split_once("].")?;
    let field = annotation::FIELDS.iter().find(|f| **f == field)?;
    Some(annotation::Fault { index: i.parse().ok()?, field, msg: msg.to_string() })
}

/// Loads a map from its text.
pub fn load_map(file: &str, text: &str) -> Result<Map, LoadError> {
    let mf: mapfile::MapFile = parse_ron(file, text)?;
    check_bounds(file, text, &mf)?;
    mf.build().map_err(|msg| {
        let (item, rest) =
            msg.split_once(": ").map(|(a, b)| (a.to_string(), b.to_string())).unwrap_or(("map".into(), msg.clone()));
        locate_errors(LoadError::invalid(file, item, rest), text)
    })
}

/// Finds a map by embedded id or by path (relative paths are tried from `base_dir`).
pub fn find_map(name: &str, base_dir: Option<&Path>) -> Result<(String, Map), LoadError> {
    if let Some((_, file, text)) = MAPS.iter().find(|(id, _, _)| *id == name) {
        return Ok((file.to_string(), load_map(file, text)?));
    }
    let mut candidates = vec![Path::new(name).to_path_buf()];
    if let Some(b) = base_dir {
        candidates.insert(0, b.join(name));
    }
    for p in candidates {
        if p.is_file() {
            let text = read::text(&p, read::Kind::Map)?;
            let file = p.display().to_string();
            return Ok((file.clone(), load_map(&file, &text)?));
        }
    }
    let ids: Vec<&str> = MAPS.iter().map(|m| m.0).collect();
    Err(LoadError::Io {
        file: name.into(),
        msg: format!("no such map file or embedded map; embedded maps: {}", ids.join(", ")),
    })
}

/// A loaded, validated game setup, ready for `Game::new`.
#[derive(Clone)]
pub struct Loaded {
    pub file: String,
    pub scenario: scenario::ScenarioFile,
    pub setup: crate::sim::Setup,
}

impl Loaded {
    /// A new game of this scenario with the given seed.
    pub fn new_game(&self, seed: u64) -> Result<crate::sim::Game, String> {
        crate::sim::Game::new(crate::sim::Setup { seed, ..self.setup.clone() })
            .map_err(|e| format!("{}: {e}", self.file))
    }
}

/// Loads a scenario by embedded id or file path, with its map and the embedded rules.
pub fn load_scenario(name: &str, seed: u64) -> Result<Loaded, LoadError> {
    let (file, text, dir) = if let Some((_, file, text)) = SCENARIOS.iter().find(|(id, _, _)| *id == name) {
        (file.to_string(), text.to_string(), None)
    } else if Path::new(name).exists() {
        let p = Path::new(name);
        (name.to_string(), read::text(p, read::Kind::Scenario)?, p.parent().map(|d| d.to_path_buf()))
    } else {
        let ids: Vec<&str> = SCENARIOS.iter().map(|s| s.0).collect();
        return Err(LoadError::Io {
            file: name.into(),
            msg: format!("no such scenario file or id; scenarios: {}", ids.join(", ")),
        });
    };
    scenario_from_text(&file, &text, dir.as_deref(), seed)
}

/// A scenario from its text, as [`load_scenario`] reads it: `file` names it in messages, a map
/// it names by path is looked for from `dir`.
pub fn scenario_from_text(file: &str, text: &str, dir: Option<&Path>, seed: u64) -> Result<Loaded, LoadError> {
    let file = file.to_string();
    let sf: scenario::ScenarioFile = parse_ron(&file, text)?;
    let (rules, units) = default_rules()?;
    let map = match find_map(&sf.map, dir) {
        Ok((_, map)) => map,
        Err(e) => {
            // Without its map nothing else can be checked but the numbers' ranges.
            let e = match e {
                LoadError::Io { file: f, msg } => LoadError::invalid(&file, "map", format!("{f}: {msg}")),
                other => other,
            };
            let mut errs = check_bounds(&file, text, &sf).err().map(flat).unwrap_or_default();
            errs.insert(0, locate_errors(e, text));
            return Err(LoadError::all(errs).expect("at least one"));
        }
    };
    // Every error of the file at once (ranges, dates, references), each where it is.
    let scen = sf.resolve(&file, &map, &units).map_err(|e| locate_errors(e, text))?;
    Ok(Loaded {
        file,
        scenario: sf,
        setup: crate::sim::Setup {
            map: Arc::new(map),
            rules: Arc::new(rules),
            units: Arc::new(units),
            scenario: Arc::new(scen),
            seed,
        },
    })
}

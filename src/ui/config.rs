//! The user's settings: a RON file in the user's config folder (`config.ron`; `$ATTRITION_CONFIG`
//! names another file) with key bindings for any action, mouse on or off, the theme, and the
//! start screen's side and computer opponent.
//!
//! Every field is optional and a missing file is the defaults. A file with mistakes is refused
//! as a whole, each mistake as `file:line:col: …`: a syntax error (the first one stops the
//! parser), and every unknown action, malformed key, clash of two actions on one key, or
//! unknown value after it. [`check`] gives them all, for `attrition check`.
//!
//! ```ron
//! (
//!     keys: { "map.end_day": ["E"], "map.next_unit": ["Tab", "n"] },
//!     mouse: false,
//!     theme: "colour-blind",
//!     ai: "strong",
//!     side: "ru",
//! )
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ai::AiLevel;
use crate::data;
use crate::sim::map::Side;

use super::keymap::{key_label, parse_key, Keymap};
use super::theme::Palette;

/// The file's name in the user's config folder.
pub const FILE: &str = "config.ron";

/// The settings as written (every field optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    keys: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    mouse: Option<bool>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    ai: Option<String>,
    #[serde(default)]
    side: Option<String>,
}

/// The settings in force.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub keys: Keymap,
    pub mouse: bool,
    pub theme: Option<Palette>,
    /// The start screen's computer opponent.
    pub ai: Option<AiLevel>,
    /// The start screen's side.
    pub side: Option<Side>,
}

impl Default for Config {
    fn default() -> Config {
        Config { keys: Keymap::default(), mouse: true, theme: None, ai: None, side: None }
    }
}

/// One mistake in a config file, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub col: usize,
    pub msg: String,
}

/// The user's config file: `$ATTRITION_CONFIG`, else `config.ron` in the user's config folder
/// (e.g. `~/.config/attrition/config.ron`). None when there is no such folder.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ATTRITION_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "attrition").map(|d| d.config_dir().join(FILE))
}

/// The settings in `path`: the defaults if there is no such file, else the file's, or every
/// mistake in it as `file:line:col: …`.
pub fn load(path: &Path) -> Result<Config, Vec<String>> {
    if !path.exists() {
        return Ok(Config::default());
    }
    let file = path.display().to_string();
    let text = data::read_file_of(path, data::read::Kind::Config).map_err(|e| vec![e.to_string()])?;
    parse(&text).map_err(|errs| errs.iter().map(|e| format!("{file}:{}:{}: {}", e.line, e.col, e.msg)).collect())
}

/// Every mistake in the config file at `path`, each as `file:line:col: …` (none: it is fine).
/// A missing file is a mistake here: `attrition check` was asked about it.
pub fn check(path: &Path) -> Vec<String> {
    if !path.is_file() {
        return vec![format!("{}: no such file", path.display())];
    }
    match load(path) {
        Ok(_) => Vec::new(),
        Err(errs) => errs,
    }
}

/// The settings in a config file's text, or every mistake in it.
pub fn parse(text: &str) -> Result<Config, Vec<ConfigError>> {
    let raw: ConfigFile = data::parse_ron("config", text).map_err(|e| vec![syntax(e)])?;
    let mut errs = Vec::new();
    let mut cfg = Config::default();
    let at = |needle: &str, from: usize| locate(text, needle, from);
    let names = cfg.keys.names();
    // Mistakes past the first few are counted, not located (each costs a search of the
    // file), so a file of thousands of mistakes is read as fast as a good one.
    let mut unshown = 0;
    for (name, keys) in &raw.keys {
        if errs.len() >= MAX_SHOWN {
            unshown += if !names.contains(name) || keys.is_empty() {
                1
            } else {
                keys.iter().filter(|k| parse_key(k).is_err()).count()
            };
            continue;
        }
        let name_at = find(text, &format!("\"{name}\""), 0);
        if !names.contains(name) {
            let near = nearest(name, &names);
            let hint = near.map(|n| format!(" (did you mean `{n}`?)")).unwrap_or_default();
            let (line, col) = line_col(text, name_at);
            errs.push(ConfigError {
                line,
                col,
                msg: format!(
                    "keys: no action `{name}`{hint}; the help (?) shows every action's name at the right of its line"
                ),
            });
            continue;
        }
        if keys.is_empty() {
            let (line, col) = line_col(text, name_at);
            errs.push(ConfigError { line, col, msg: format!("keys: `{name}` is given no key: it could not be used") });
            continue;
        }
        let mut parsed = Vec::new();
        // Each key is looked for after the one before; once one is not found as written (an
        // escape), the rest are pointed at the action's name.
        let mut from = Some(name_at);
        for k in keys {
            let k_at = from.and_then(|f| text.get(f..)?.find(&format!("\"{k}\"")).map(|i| i + f));
            from = k_at.map(|i| i + 1);
            match parse_key(k) {
                Ok(key) => parsed.push(key),
                Err(_) if errs.len() >= MAX_SHOWN => unshown += 1,
                Err(e) => {
                    let (line, col) = line_col(text, k_at.unwrap_or(name_at));
                    errs.push(ConfigError { line, col, msg: format!("keys: `{name}`: {e}") })
                }
            }
        }
        if parsed.len() == keys.len() {
            cfg.keys.rebind(name, parsed).expect("the name was found above");
        }
    }
    for (mine, key, other) in cfg.keys.clashes() {
        let (name_at, _, _) = at(&format!("\"{mine}\""), 0);
        let label = key_label(&key);
        // Pointed at the key as the file writes it (`Up` or `↑`).
        let written = raw.keys.get(&mine).and_then(|ks| ks.iter().find(|k| parse_key(k) == Ok(key))).cloned();
        let (_, line, col) = at(&format!("\"{}\"", written.unwrap_or_else(|| label.clone())), name_at);
        errs.push(ConfigError {
            line,
            col,
            msg: format!("keys: `{label}` is bound to both `{mine}` and `{other}`: give one of them another key"),
        });
    }
    cfg.mouse = raw.mouse.unwrap_or(true);
    let mut choose = |field: &str, value: &Option<String>, allowed: &[&str]| -> Option<String> {
        let v = value.as_ref()?;
        if allowed.contains(&v.as_str()) {
            return Some(v.clone());
        }
        let (f_at, _, _) = locate(text, field, 0);
        let (_, line, col) = locate(text, &format!("\"{v}\""), f_at);
        errs.push(ConfigError { line, col, msg: format!("{field}: `{v}` is not one of {}", allowed.join(", ")) });
        None
    };
    cfg.theme = choose("theme", &raw.theme, &["standard", "colour-blind", "monochrome"]).map(|t| match t.as_str() {
        "colour-blind" => Palette::ColourBlind,
        "monochrome" => Palette::Mono,
        _ => Palette::Standard,
    });
    let levels = AiLevel::ALL.map(AiLevel::name);
    cfg.ai = choose("ai", &raw.ai, &levels).and_then(|a| AiLevel::parse(&a));
    cfg.side = choose("side", &raw.side, &["ru", "ua"]).map(|s| if s == "ru" { Side::Ru } else { Side::Ua });
    if errs.is_empty() {
        Ok(cfg)
    } else {
        errs.sort_by_key(|e| (e.line, e.col));
        if unshown > 0 {
            let (line, col) = errs.last().map_or((1, 1), |e| (e.line, e.col));
            errs.push(ConfigError { line, col, msg: format!("and {unshown} more mistakes in `keys`, not shown") });
        }
        Err(errs)
    }
}

/// A parser error as a config error (its position, its message without the file).
fn syntax(e: data::LoadError) -> ConfigError {
    match e {
        data::LoadError::Syntax { line, col, msg, .. } => ConfigError { line, col, msg },
        other => ConfigError { line: 1, col: 1, msg: other.to_string() },
    }
}

/// The most mistakes in `keys` reported each with its place.
const MAX_SHOWN: usize = 20;

/// The byte offset of the first `needle` at or after byte `from` of `text` (0, the start of
/// the file, if it is not there).
fn find(text: &str, needle: &str, from: usize) -> usize {
    let from = from.min(text.len());
    text.get(from..).and_then(|t| t.find(needle)).map_or(0, |i| i + from)
}

/// The line and column (1-based, as the parser counts) of byte `i` of `text`.
fn line_col(text: &str, i: usize) -> (usize, usize) {
    let before = text.get(..i).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

/// The first `needle` at or after byte `from` of `text`: its byte offset, line and column.
/// The start of the file if it is not there.
fn locate(text: &str, needle: &str, from: usize) -> (usize, usize, usize) {
    let i = find(text, needle, from);
    let (line, col) = line_col(text, i);
    (i, line, col)
}

/// The known name closest to a misspelt one, if one is close (at most two edits per five
/// letters).
fn nearest(name: &str, known: &[String]) -> Option<String> {
    // No action's name is this long; comparing a long one with each would take seconds.
    if name.len() > 64 {
        return None;
    }
    let dist = |a: &str, b: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut prev = row[0];
            row[0] = i;
            for j in 1..=b.len() {
                let cur = row[j];
                row[j] = (row[j] + 1).min(row[j - 1] + 1).min(prev + usize::from(a[i - 1] != b[j - 1]));
                prev = cur;
            }
        }
        row[b.len()]
    };
    let (d, best) = known.iter().map(|k| (dist(name, k), k)).min()?;
    (d * 5 <= name.chars().count() * 2).then(|| best.clone())
}

/// Writes the chosen theme into the config file at `path`, keeping everything else in it as
/// it is: its `theme:` value replaced, or the field added; a new file if there is none. A file
/// with mistakes is left alone (the error says so).
pub fn remember_theme(path: &Path, palette: Palette) -> Result<(), String> {
    let name = match palette {
        Palette::Standard => "standard",
        Palette::ColourBlind => "colour-blind",
        Palette::Mono => "monochrome",
    };
    let text = if path.exists() {
        data::read_file_of(path, data::read::Kind::Config).map_err(|e| e.to_string())?
    } else {
        String::new()
    };
    if !text.trim().is_empty() {
        parse(&text).map_err(|_| format!("{} has mistakes (attrition check shows them)", path.display()))?;
    }
    let updated = with_theme(&text, name);
    // The new text must read back as the same settings with the new theme, or nothing is written.
    match parse(&updated) {
        Ok(c) if c.theme == Some(palette) => {}
        _ => return Err(format!("could not write the theme into {}", path.display())),
    }
    crate::study::record::write_atomic(path, &updated)
}

/// `text` with its `theme:` field set to `name` (added after the opening bracket if absent).
fn with_theme(text: &str, name: &str) -> String {
    if text.trim().is_empty() {
        return format!("// attrition settings (see the README, Settings)\n(\n    theme: \"{name}\",\n)\n");
    }
    if let Some(i) = field_at(text, "theme") {
        let rest = &text[i..];
        if let (Some(q1), Some(end)) = (rest.find('"'), rest.find(['\n', ','])) {
            if q1 < end {
                if let Some(q2) = rest[q1 + 1..].find('"') {
                    let (a, b) = (i + q1, i + q1 + 1 + q2 + 1);
                    return format!("{}\"{name}\"{}", &text[..a], &text[b..]);
                }
            }
        }
    }
    match text.find('(') {
        Some(open) => format!("{}\n    theme: \"{name}\",{}", &text[..open + 1], &text[open + 1..]),
        None => text.to_string(),
    }
}

/// Where a top-level field `name:` starts (outside comments and strings), if it is there.
fn field_at(text: &str, name: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split("//").next().unwrap_or("");
        let trimmed = code.trim_start();
        if let Some(after) = trimmed.strip_prefix(name) {
            if after.trim_start().starts_with(':') {
                return Some(offset + (code.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::keymap::Ctx;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn an_empty_file_is_the_defaults() {
        assert_eq!(parse("()").unwrap(), Config::default());
    }

    #[test]
    fn a_rebound_key_acts_and_the_old_one_does_not() {
        let c =
            parse("(keys: { \"map.end_day\": [\"E\"] }, mouse: false, theme: \"monochrome\", side: \"ru\")").unwrap();
        let press = |ch| KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE);
        assert_eq!(c.keys.action_for(Ctx::Map, &press('E')), Some(crate::ui::action::Action::EndDay));
        assert_eq!(c.keys.action_for(Ctx::Map, &press('e')), None);
        assert_eq!(c.keys.hint(Ctx::Map, crate::ui::action::Action::EndDay), "E");
        assert_eq!((c.mouse, c.theme, c.side), (false, Some(Palette::Mono), Some(Side::Ru)));
    }

    #[test]
    fn every_mistake_is_reported_where_it_is() {
        let text = "(\n    keys: {\n        \"map.end_dya\": [\"e\"],\n        \"map.zoom\": [\"Ctrl+z\"],\n        \"map.log\": [\"e\"],\n    },\n    theme: \"pink\",\n)\n";
        let errs = parse(text).unwrap_err();
        let at: Vec<(usize, usize)> = errs.iter().map(|e| (e.line, e.col)).collect();
        assert_eq!(at, vec![(3, 9), (4, 22), (5, 21), (7, 12)], "{errs:#?}");
        assert!(errs[0].msg.contains("no action `map.end_dya`") && errs[0].msg.contains("`map.end_day`"));
        assert!(errs[1].msg.contains("`Ctrl+z` is not a key"));
        assert!(errs[2].msg.contains("`e` is bound to both `map.log` and `map.end_day`"), "{}", errs[2].msg);
        assert!(errs[3].msg.contains("`pink` is not one of standard, colour-blind, monochrome"));
    }

    #[test]
    fn a_key_that_would_hide_quit_is_a_clash() {
        let errs = parse("(keys: { \"map.end_day\": [\"q\"] })").unwrap_err();
        assert!(errs[0].msg.contains("`map.end_day`") && errs[0].msg.contains("`global.quit`"), "{errs:?}");
    }

    #[test]
    fn syntax_errors_and_unknown_fields_have_their_place() {
        let errs = parse("(\n  mouse: maybe,\n)").unwrap_err();
        assert_eq!(errs[0].line, 2, "{errs:?}");
        let errs = parse("(\n  colour: \"red\",\n)").unwrap_err();
        assert_eq!(errs[0].line, 2, "{errs:?}");
        assert!(errs[0].msg.contains("colour"), "{errs:?}");
    }

    #[test]
    fn every_key_the_help_writes_reads_back() {
        for r in Keymap::default().rows() {
            for k in &r.keys {
                assert_eq!(parse_key(&key_label(k)).as_ref(), Ok(k), "{} of {}", key_label(k), r.name());
            }
        }
        let names = Keymap::default().names();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "every action has a name of its own");
    }

    #[test]
    fn the_theme_is_written_into_the_file_and_nothing_else_changes() {
        let text = "// mine\n(\n    keys: { \"map.end_day\": [\"E\"] }, // my key\n    theme: \"standard\",\n)\n";
        let out = with_theme(text, "monochrome");
        assert_eq!(out, text.replace("\"standard\"", "\"monochrome\""));
        let out = with_theme("(mouse: false)", "colour-blind");
        assert_eq!(parse(&out).unwrap().theme, Some(Palette::ColourBlind));
        assert!(!parse(&out).unwrap().mouse);
        assert_eq!(parse(&with_theme("", "standard")).unwrap().theme, Some(Palette::Standard));
    }
}

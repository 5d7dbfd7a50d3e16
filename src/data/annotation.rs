//! Instructors' annotations: short notes written into a scenario or a game record that the
//! replay viewer shows on their day (and phase), marking a place or a cell on the map.
//!
//! They are teaching text, not rules: the engine carries them in its `Scenario` beside the
//! lessons but never reads them, so they change no roll and no state hash, and a record with
//! annotations added by hand still verifies. A bad one is reported as `file:line:col: item:
//! what is wrong`, pointing at the value at fault, like a syntax error.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeTuple, Serializer};
use serde::{Deserialize, Serialize};

use super::LoadError;
use crate::sim::events::Phase;
use crate::sim::map::{Cell, Map};
use crate::sim::scenario::Annotation;

/// Longest annotation text accepted (characters): a note read aloud, not an essay.
pub const MAX_TEXT_CHARS: usize = 600;

/// Where an annotation points: a place name (`"Pokrovsk"`) or a cell (`(31, 40)`, column
/// from the west and row from the north, as `attrition map --json` and the side panel give).
#[derive(Clone, Debug, PartialEq)]
pub enum Spot {
    Place(String),
    Cell(i16, i16),
}

impl<'de> Deserialize<'de> for Spot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Spot, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Spot;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a place name such as \"Pokrovsk\" or a cell such as (31, 40)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Spot, E> {
                Ok(Spot::Place(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Spot, A::Error> {
                let x: i16 = s.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let y: i16 = s.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
                if s.next_element::<de::IgnoredAny>()?.is_some() {
                    return Err(de::Error::invalid_length(3, &self));
                }
                Ok(Spot::Cell(x, y))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Spot {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Spot::Place(name) => s.serialize_str(name),
            Spot::Cell(x, y) => {
                let mut t = s.serialize_tuple(2)?;
                t.serialize_element(x)?;
                t.serialize_element(y)?;
                t.end()
            }
        }
    }
}

/// An annotation as written in a scenario or record file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationFile {
    /// The day it belongs to: the viewer shows it with that day's resolution (0: the start).
    pub day: u32,
    pub text: String,
    /// A place name or a cell to mark on the map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Spot>,
    /// Shown only while this phase of the day is shown (Orders, Recon, Drones, Fires,
    /// Movement, Supply, Reinforcement, Cohesion, Victory); the whole day when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
}

/// The fields of an annotation, as error messages name them.
pub const FIELDS: [&str; 4] = ["day", "text", "at", "phase"];

/// What is wrong with one annotation: its index, the field at fault and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub index: usize,
    pub field: &'static str,
    pub msg: String,
}

impl Fault {
    /// The item as error messages name it: `annotations[2].day`.
    pub fn item(&self) -> String {
        format!("annotations[{}].{}", self.index, self.field)
    }
}

/// Checks annotations against a map and the last day they may name (`last_day`, described in
/// `days_are` for the message, e.g. "turn_limit is 40"), and resolves their places to cells;
/// the first fault found.
pub fn resolve(list: &[AnnotationFile], map: &Map, last_day: u32, days_are: &str) -> Result<Vec<Annotation>, Fault> {
    resolve_all(list, map, last_day, days_are).map_err(|mut f| f.swap_remove(0))
}

/// As [`resolve`], with every annotation's fault (one per annotation, in order).
pub fn resolve_all(
    list: &[AnnotationFile],
    map: &Map,
    last_day: u32,
    days_are: &str,
) -> Result<Vec<Annotation>, Vec<Fault>> {
    let mut out = Vec::new();
    let mut faults = Vec::new();
    for (index, a) in list.iter().enumerate() {
        match one(a, map, last_day, days_are) {
            Ok(note) => out.push(note),
            Err((field, msg)) => faults.push(Fault { index, field, msg }),
        }
    }
    if faults.is_empty() {
        Ok(out)
    } else {
        Err(faults)
    }
}

/// One annotation resolved, or the field at fault and why.
fn one(a: &AnnotationFile, map: &Map, last_day: u32, days_are: &str) -> Result<Annotation, (&'static str, String)> {
    if a.day > last_day {
        return Err((
            "day",
            format!("day {} is after the last day: expected 0..={last_day} ({days_are}; 0 is the start)", a.day),
        ));
    }
    if a.day == 0 && a.phase.is_some() {
        return Err(("phase", "day 0 is the start, before any phase: give a day from 1 or no phase".into()));
    }
    if a.text.trim().is_empty() {
        return Err(("text", "the text is empty: write what the class should look for".into()));
    }
    let n = a.text.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(("text", format!("{n} characters; at most {MAX_TEXT_CHARS}, so it fits a caption")));
    }
    let at = match &a.at {
        None => None,
        Some(Spot::Place(name)) => Some(map.place(name).map(|p| p.cell).ok_or_else(|| {
            ("at", format!("no place `{name}` on map `{}` (`attrition map {}` lists every place)", map.id, map.id))
        })?),
        Some(Spot::Cell(x, y)) => {
            let c = Cell::new(*x, *y);
            if !map.in_bounds(c) {
                return Err((
                    "at",
                    format!(
                        "cell ({x}, {y}) is off map `{}`: expected x 0..{} and y 0..{}",
                        map.id, map.width, map.height
                    ),
                ));
            }
            Some(c)
        }
    };
    Ok(Annotation { day: a.day, text: a.text.trim().to_string(), at, phase: a.phase })
}

/// The error for a fault, pointing at the value in the file's text when it can be found.
pub fn error(file: &str, text: &str, f: &Fault) -> LoadError {
    match locate(text, f.index, f.field) {
        Some((line, col)) => LoadError::At { file: file.into(), line, col, item: f.item(), msg: f.msg.clone() },
        None => LoadError::invalid(file, f.item(), f.msg.clone()),
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open,
    Close,
    Comma,
    Colon,
    Ident(String),
    Other,
}

/// RON text as tokens with their line, column (1-based) and nesting depth (an opening bracket
/// has the depth outside it, a closing one the depth after it). Strings and comments are
/// skipped whole, so brackets inside them do not count.
fn tokens(text: &str) -> Vec<(Tok, usize, usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col, mut depth) = (0usize, 1usize, 1usize, 0usize);
    // Advances over `n` characters, keeping line and column.
    let step = |i: &mut usize, line: &mut usize, col: &mut usize, n: usize| {
        for _ in 0..n {
            if chars.get(*i) == Some(&'\n') {
                *line += 1;
                *col = 1;
            } else {
                *col += 1;
            }
            *i += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let (l0, c0) = (line, col);
        if c.is_whitespace() {
            step(&mut i, &mut line, &mut col, 1);
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                step(&mut i, &mut line, &mut col, 1);
            }
        } else if c == '/' && next == Some('*') {
            // RON block comments nest.
            let mut nest = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    nest += 1;
                    step(&mut i, &mut line, &mut col, 2);
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    nest -= 1;
                    step(&mut i, &mut line, &mut col, 2);
                    if nest == 0 {
                        break;
                    }
                } else {
                    step(&mut i, &mut line, &mut col, 1);
                }
            }
        } else if c == '"' || c == '\'' {
            step(&mut i, &mut line, &mut col, 1);
            while i < chars.len() && chars[i] != c {
                let n = if chars[i] == '\\' { 2 } else { 1 };
                step(&mut i, &mut line, &mut col, n);
            }
            step(&mut i, &mut line, &mut col, 1);
            out.push((Tok::Other, l0, c0, depth));
        } else if c == 'r' && (next == Some('"') || next == Some('#')) {
            // A raw string: r"…" or r#"…"#.
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                j += 1;
            }
            let hashes = j - i - 1;
            if chars.get(j) != Some(&'"') {
                step(&mut i, &mut line, &mut col, 1);
                out.push((Tok::Other, l0, c0, depth));
                continue;
            }
            let n = j + 1 - i;
            step(&mut i, &mut line, &mut col, n);
            loop {
                if i >= chars.len() {
                    break;
                }
                if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                    step(&mut i, &mut line, &mut col, 1 + hashes);
                    break;
                }
                step(&mut i, &mut line, &mut col, 1);
            }
            out.push((Tok::Other, l0, c0, depth));
        } else if c.is_alphabetic() || c == '_' {
            let mut s = String::new();
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                s.push(chars[i]);
                step(&mut i, &mut line, &mut col, 1);
            }
            out.push((Tok::Ident(s), l0, c0, depth));
        } else {
            let t = match c {
                '(' | '[' | '{' => {
                    out.push((Tok::Open, l0, c0, depth));
                    depth += 1;
                    step(&mut i, &mut line, &mut col, 1);
                    continue;
                }
                ')' | ']' | '}' => {
                    depth = depth.saturating_sub(1);
                    Tok::Close
                }
                ',' => Tok::Comma,
                ':' => Tok::Colon,
                _ => Tok::Other,
            };
            out.push((t, l0, c0, depth));
            step(&mut i, &mut line, &mut col, 1);
        }
    }
    out
}

/// Where the value of `field` in entry `index` of the file's top-level `annotations` list
/// starts (line, column), or where the entry starts if the field is not written in it.
pub fn locate(text: &str, index: usize, field: &str) -> Option<(usize, usize)> {
    let toks = tokens(text);
    let is = |k: usize, t: &Tok| toks.get(k).is_some_and(|x| &x.0 == t);
    let key = (0..toks.len())
        .find(|&k| toks[k].3 == 1 && toks[k].0 == Tok::Ident("annotations".into()) && is(k + 1, &Tok::Colon))?;
    let open = key + 2;
    if !is(open, &Tok::Open) {
        return None;
    }
    // The list's entries sit at depth 2, separated by commas at that depth.
    let mut entry = 0;
    let mut start: Option<usize> = None;
    let mut k = open + 1;
    while k < toks.len() {
        let (t, _, _, d) = &toks[k];
        if *d < 2 {
            break;
        }
        if *d == 2 && *t == Tok::Comma {
            if start.is_some() {
                entry += 1;
                start = None;
            }
        } else if start.is_none() && *d == 2 {
            start = Some(k);
        }
        if entry == index {
            if let Some(s) = start {
                if *d == 3 && *t == Tok::Ident(field.into()) && is(k + 1, &Tok::Colon) {
                    return toks.get(k + 2).map(|x| (x.1, x.2));
                }
                // The end of this entry: the field was not written.
                let ends = toks.get(k + 1).is_none_or(|n| n.3 < 2 || (n.3 == 2 && n.0 == Tok::Comma));
                if ends {
                    return Some((toks[s].1, toks[s].2));
                }
            }
        }
        k += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn finds_the_field_of_the_entry() {
        let text = "(\n  id: \"x\", // annotations: [(day: 9)]\n  annotations: [\n    (day: 3, text: \"a (b) [c]\"),\n    /* (day: 7) */ (\n      day: 44,\n      text: r#\"x\"#,\n    ),\n  ],\n)";
        assert_eq!(locate(text, 0, "day"), Some((4, 11)));
        assert_eq!(locate(text, 1, "day"), Some((6, 12)));
        assert_eq!(locate(text, 1, "text"), Some((7, 13)));
        // Not written: the entry itself.
        assert_eq!(locate(text, 1, "at"), Some((5, 20)));
        assert_eq!(locate(text, 2, "day"), None);
    }
}

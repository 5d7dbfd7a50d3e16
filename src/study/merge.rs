//! `attrition merge`: the shards of one study, read back from their JSON Lines (any order, any
//! number of files), checked to be one study, and written as the one-machine command would.
//!
//! A study is whole when every variant has every seed of `first_seed .. first_seed + runs`.
//! Rows repeated identically (a task that ran twice) are kept once and reported; two different
//! rows for one seed and variant, a row of another study, or a missing seed are errors, and
//! nothing is written to standard output until the study is whole.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use super::output::{Format, Sink};
use super::rows::{Row, Study};

/// The longest line accepted (a row is about a kilobyte).
pub const MAX_LINE: u64 = 1024 * 1024;

/// Seeds `a..=b`.
pub type SeedRange = (u64, u64);

/// What the inputs held, besides the rows themselves.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Check {
    /// Rows read.
    pub rows: u64,
    /// (variant, seed, where first seen, where seen again) of rows seen twice, identical.
    pub duplicates: Vec<(Option<String>, u64, String, String)>,
    /// Per variant (None for `sim`), the seeds missing, as inclusive ranges.
    pub missing: Vec<(Option<String>, Vec<SeedRange>)>,
}

impl Check {
    pub fn missing_count(&self) -> u64 {
        self.missing.iter().flat_map(|(_, r)| r.iter().map(|(a, b)| b - a + 1)).sum()
    }

    /// The report for standard error, one finding a line.
    pub fn report(&self) -> String {
        let mut s = String::new();
        for (v, seed, a, b) in &self.duplicates {
            s.push_str(&format!("duplicate: seed {seed}{} in {a} and {b} (identical; kept once)\n", of(v)));
        }
        for (v, ranges) in &self.missing {
            let list: Vec<String> =
                ranges.iter().map(|(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
            let n: u64 = ranges.iter().map(|(a, b)| b - a + 1).sum();
            s.push_str(&format!("missing: {n} seeds{}: {}\n", of(v), list.join(", ")));
        }
        s
    }
}

fn of(v: &Option<String>) -> String {
    v.as_deref().map(|v| format!(" of {v}")).unwrap_or_default()
}

/// The rows of one study, keyed by (seed, variant index), each as its canonical JSON line.
pub struct Merged {
    pub study: Study,
    rows: BTreeMap<(u64, usize), (Box<str>, String)>,
    pub check: Check,
}

/// Which fields of two studies differ.
fn differences(a: &Study, b: &Study) -> Vec<&'static str> {
    let mut d = Vec::new();
    let mut f = |same: bool, name: &'static str| {
        if !same {
            d.push(name)
        }
    };
    f(a.tool == b.tool, "tool");
    f(a.version == b.version, "version");
    f(a.scenario == b.scenario, "scenario");
    f(a.scenario_hash == b.scenario_hash, "scenario_hash");
    f(a.settings == b.settings, "settings");
    f(a.vary == b.vary, "vary");
    f(a.first_seed == b.first_seed, "first_seed");
    f(a.runs == b.runs, "runs");
    f(a.max_turns == b.max_turns, "max_turns");
    f(a.ai == b.ai, "ai");
    d
}

impl Merged {
    /// Writes the study as the one-machine command would; the what-if's summary with `keep`.
    pub fn write<W: Write>(
        &self,
        out: W,
        format: Format,
        excel: bool,
        keep: bool,
    ) -> Result<Option<crate::study::whatif::Summary>, String> {
        let mut sink = Sink::new(out, format, excel, &self.study, keep)?;
        for (line, _) in self.rows.values() {
            let r: Row = serde_json::from_str(line).map_err(|e| e.to_string())?;
            sink.row(&r)?;
        }
        sink.finish()
    }
}

/// Reads rows one source at a time.
#[derive(Default)]
pub struct MergeBuilder {
    study: Option<Study>,
    variants: Vec<String>,
    rows: BTreeMap<(u64, usize), (Box<str>, String)>,
    check: Check,
}

impl MergeBuilder {
    /// Reads one source of JSON Lines (`name` is how errors call it).
    pub fn read<R: BufRead>(&mut self, name: &str, mut input: R) -> Result<(), String> {
        let mut buf = Vec::new();
        let mut line_no = 0u64;
        loop {
            buf.clear();
            line_no += 1;
            let n = std::io::Read::take(&mut input, MAX_LINE + 1)
                .read_until(b'\n', &mut buf)
                .map_err(|e| format!("{name}: {e}"))?;
            if n == 0 {
                return Ok(());
            }
            if buf.len() as u64 > MAX_LINE {
                return Err(format!("{name}:{line_no}: a line longer than {MAX_LINE} bytes: not a row of a study"));
            }
            let text = std::str::from_utf8(&buf).map_err(|_| format!("{name}:{line_no}: not UTF-8 text"))?.trim();
            if text.is_empty() {
                continue;
            }
            let row: Row = serde_json::from_str(text).map_err(|e| {
                format!("{name}:{line_no}:{}: not a row of `sim` or `whatif --format json`: {e}", e.column())
            })?;
            self.add(row, format!("{name}:{line_no}"))?;
        }
    }

    fn add(&mut self, row: Row, at: String) -> Result<(), String> {
        let study = match &self.study {
            Some(s) => s,
            None => {
                self.variants = row.study.variants();
                self.study.insert(row.study.clone())
            }
        };
        let diff = differences(study, &row.study);
        if !diff.is_empty() {
            return Err(format!("{at}: a row of another study (its {} differ from the first row's)", diff.join(", ")));
        }
        let vi = match (&row.variant, self.variants.is_empty()) {
            (None, true) => 0,
            (Some(v), false) => self.variants.iter().position(|x| x == v).ok_or_else(|| {
                format!("{at}: variant `{v}` is not one of the study's ({})", self.variants.join(", "))
            })?,
            (Some(v), true) => return Err(format!("{at}: variant `{v}` in a study that varies nothing")),
            (None, false) => return Err(format!("{at}: a row without a variant in a what-if study")),
        };
        let end = study.first_seed as u128 + study.runs as u128;
        if (row.seed as u128) < study.first_seed as u128 || row.seed as u128 >= end {
            return Err(format!(
                "{at}: seed {} is outside the study's seeds {}–{}",
                row.seed,
                study.first_seed,
                end - 1
            ));
        }
        let line = row.json();
        self.check.rows += 1;
        match self.rows.get(&(row.seed, vi)) {
            Some((seen, first_at)) if **seen == *line => {
                self.check.duplicates.push((row.variant.clone(), row.seed, first_at.clone(), at));
            }
            Some((_, first_at)) => {
                return Err(format!(
                "{at}: seed {}{} differs from the row in {first_at}: the shards were made by different builds or rules",
                row.seed,
                of(&row.variant)
            ))
            }
            None => {
                self.rows.insert((row.seed, vi), (line.into_boxed_str(), at));
            }
        }
        Ok(())
    }

    /// Ends reading: the study and what is missing from it (an error if there were no rows).
    pub fn finish(mut self) -> Result<Merged, String> {
        let study = self.study.take().ok_or("no rows to merge: the inputs are empty")?;
        let nv = self.variants.len().max(1);
        let labels: Vec<Option<String>> =
            if self.variants.is_empty() { vec![None] } else { self.variants.iter().cloned().map(Some).collect() };
        for (vi, label) in labels.into_iter().enumerate().take(nv) {
            let mut ranges: Vec<SeedRange> = Vec::new();
            let mut expect = study.first_seed;
            let last = study.first_seed + study.runs.saturating_sub(1);
            for &(seed, _) in self.rows.keys().filter(|k| k.1 == vi) {
                if seed > expect {
                    ranges.push((expect, seed - 1));
                }
                expect = seed + 1;
            }
            if study.runs > 0 && expect <= last {
                ranges.push((expect, last));
            }
            if !ranges.is_empty() {
                self.check.missing.push((label, ranges));
            }
        }
        Ok(Merged { study, rows: self.rows, check: self.check })
    }
}

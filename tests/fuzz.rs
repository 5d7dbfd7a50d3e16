//! Fuzzing on stable Rust (issue 15, item 7): every path a file or a typed value comes in by
//! (records, scenarios, maps, annotations, `--set` settings, orders, the rule and unit files,
//! the user's config) is fed mutated copies of valid files, and must answer each with a value
//! or an error, never a panic or a hang.
//!
//! The fuzzer is a mutation loop over seed files (the shipped scenarios and maps, records of
//! short real games, the README's config, and every file in `tests/fuzz/<target>/`): each case
//! takes a file from the pool, changes it one to four times (a number swapped for an edge
//! value such as −1, 1e308, NaN or 2³²−1, a token inserted, a span deleted, repeated or
//! copied from another file, a name swapped, a byte flipped, a cut) and runs the target on
//! it in a worker thread, under `catch_unwind` and a time limit. A case whose outcome (the
//! error with its digits blurred, or what was accepted) was never seen before joins the
//! pool, so the loop works its way into the deeper checks rather than the first syntax error.
//!
//! `cargo test` runs every corpus file and a fixed number of cases per target (the same cases
//! each run). For as long as one likes (the README's "Fuzzing"):
//!
//! ```text
//! ATTRITION_FUZZ_SECS=600 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! runs each target for that many seconds from a fresh seed (`ATTRITION_FUZZ_SEED` to repeat
//! one) and prints its executions. A crash or hang is written to `tests/fuzz/<target>/` as
//! `crash-<hash>.ron` (so every later `cargo test` runs it) and fails the test.

use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use attrition::ai::AiLevel;
use attrition::data::annotation::{self, AnnotationFile, Spot};
use attrition::data::{self, Loaded};
use attrition::sim::bounds::Bounded;
use attrition::sim::events::Phase;
use attrition::sim::map::Side;
use attrition::sim::rules::{Rules, UnitBook};
use attrition::sim::Game;
use attrition::study::play;
use attrition::study::record::{self, compact, Players, RecordFile};

/// The largest input a case is given (the biggest seed is a 33 KB map).
const MAX_INPUT: usize = 256 * 1024;
/// A pool of at most this many files per target (seeds always stay).
const MAX_POOL: usize = 400;

/// A small deterministic generator (splitmix64): the cases are the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Numbers at the edges of every type and range the files use.
const NUMBERS: &[&str] = &[
    "-1",
    "0",
    "-0",
    "1",
    "2",
    "0.5",
    "-0.5",
    "1e308",
    "-1e308",
    "1e309",
    "1e-300",
    "5e-324",
    "NaN",
    "inf",
    "-inf",
    "127",
    "128",
    "255",
    "256",
    "400",
    "401",
    "2000",
    "2001",
    "32767",
    "32768",
    "-32768",
    "-32769",
    "65535",
    "65536",
    "2147483647",
    "2147483648",
    "-2147483648",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999999",
    "0x7f",
    "1_000",
    ".5",
    "5.",
    "+3",
    "00",
    "1e3",
];

/// Tokens of RON and of the files' own small languages (compact orders, keys, settings).
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "=",
    "|",
    "@",
    " ",
    "\n",
    "//",
    "/*",
    "*/",
    "#![enable(implicit_some)]",
    "#![enable(unwrap_newtypes)]",
    "Some(",
    "None",
    "true",
    "false",
    "()",
    "[]",
    "\"\"",
    "r#\"",
    "\"#",
    "b\"x\"",
    "'x'",
    "\\u{0}",
    "\\",
    "\u{feff}",
    "é",
    "\u{200b}",
    "annotations: [",
    "settings: [",
    "days: [",
    "rules.",
    "m1@",
    "h",
    "d0",
    "C-",
    "S-Tab",
];

/// The spans of `b` that read as numbers (digits, with a sign, a point and an exponent).
fn number_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let mut s = i;
            if s > 0 && b[s - 1] == b'-' {
                s -= 1;
            }
            let mut e = i;
            while e < b.len() && (b[e].is_ascii_digit() || b[e] == b'.' || b[e] == b'_') {
                e += 1;
            }
            if e + 1 < b.len() && (b[e] == b'e' || b[e] == b'E') && (b[e + 1].is_ascii_digit() || b[e + 1] == b'-') {
                e += 2;
                while e < b.len() && b[e].is_ascii_digit() {
                    e += 1;
                }
            }
            out.push((s, e));
            i = e.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The spans of `b` that read as names.
fn name_spans(b: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_alphabetic() || b[i] == b'_' {
            let s = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
    out
}

fn random_number(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => rng.pick(NUMBERS).to_string(),
        1 => format!("{}", rng.next() >> rng.below(64)),
        2 => format!("-{}", rng.next() >> rng.below(64)),
        _ => format!("{:e}", f64::from_bits(rng.next()) % 1e12),
    }
}

/// A span of `b` (possibly empty), of at most `max` bytes.
fn span(rng: &mut Rng, len: usize, max: usize) -> (usize, usize) {
    let s = rng.below(len + 1);
    let n = rng.below(max.min(len - s) + 1);
    (s, s + n)
}

/// `input` changed one to four times; `other` is another file of the pool, to copy from.
fn mutate(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        match rng.below(12) {
            // A number for an edge value (the most telling change to a valid file).
            0..=2 => {
                let spans = number_spans(&b);
                if spans.is_empty() {
                    continue;
                }
                let (s, e) = *rng.pick(&spans);
                b.splice(s..e, random_number(rng).into_bytes());
            }
            3 => {
                let at = rng.below(b.len() + 1);
                b.splice(at..at, rng.pick(TOKENS).bytes());
            }
            4 => {
                let (s, e) = span(rng, b.len(), 64);
                b.drain(s..e);
            }
            // A span repeated: lists grow, brackets nest deep.
            5 => {
                let (s, e) = span(rng, b.len(), 256);
                let piece = b[s..e].to_vec();
                let times = if rng.below(4) == 0 { 1 + rng.below(2000) } else { 1 };
                let at = rng.below(b.len() + 1);
                let grown: Vec<u8> = piece.iter().copied().cycle().take(piece.len() * times).collect();
                b.splice(at..at, grown);
            }
            6 => {
                let (s, e) = span(rng, other.len(), 512);
                let at = rng.below(b.len() + 1);
                b.splice(at..at, other[s..e].iter().copied());
            }
            // One file's start on another's end.
            7 => {
                let cut = rng.below(b.len() + 1);
                let from = rng.below(other.len() + 1);
                b.truncate(cut);
                b.extend_from_slice(&other[from..]);
            }
            8 => {
                let spans = name_spans(&b);
                if spans.len() < 2 {
                    continue;
                }
                let (s, e) = *rng.pick(&spans);
                let (s2, e2) = *rng.pick(&spans);
                let name = b[s2..e2].to_vec();
                b.splice(s..e, name);
            }
            9 => {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] ^= 1 << rng.below(8);
                }
            }
            10 => {
                if !b.is_empty() {
                    let i = rng.below(b.len());
                    b[i] = *rng.pick(b"()[]{},:\"'#/*-.0123456789eE|@= \n\\");
                }
            }
            _ => b.truncate(rng.below(b.len() + 1)),
        }
    }
    b.truncate(MAX_INPUT);
    b
}

/// An outcome with its digits and whatever it quotes blurred, so `line 3` and `line 4`, or
/// unknown field `a` and `b`, are the same outcome.
fn signature(outcome: &str) -> String {
    let mut s = String::new();
    let mut quoted = None;
    for c in outcome.chars().take(240) {
        match quoted {
            Some(q) if c == q => {
                quoted = None;
                s.push(c);
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                quoted = Some(c);
                s.push(c);
            }
            None if c.is_ascii_digit() => {
                if !s.ends_with('#') {
                    s.push('#');
                }
            }
            None => s.push(c),
        }
    }
    s
}

fn hash(b: &[u8]) -> u64 {
    // FNV-1a: a stable name for a crash file.
    b.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| (h ^ x as u64).wrapping_mul(0x0100_0000_01b3))
}

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz").join(target)
}

/// The committed corpus of a target: hand-made seeds and every crash found, by name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let Ok(rd) = std::fs::read_dir(corpus_dir(target)) else { return Vec::new() };
    let mut files: Vec<(String, Vec<u8>)> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// What a case came to.
enum Verdict {
    Done(String),
    Crashed(String),
    Hung,
}

/// A thread that runs cases one at a time, so a hang can be told from a slow case.
struct Worker {
    to: mpsc::Sender<Vec<u8>>,
    from: mpsc::Receiver<Result<String, String>>,
}

impl Worker {
    fn new(run: fn(&str) -> String) -> Worker {
        let (to, inputs) = mpsc::channel::<Vec<u8>>();
        let (done, from) = mpsc::channel();
        std::thread::spawn(move || {
            for input in inputs {
                let text = String::from_utf8_lossy(&input);
                let r = panic::catch_unwind(AssertUnwindSafe(|| run(&text))).map_err(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_else(|| "a panic".into())
                });
                if done.send(r).is_err() {
                    return;
                }
            }
        });
        Worker { to, from }
    }

    fn run(&self, input: Vec<u8>, limit: Duration) -> Verdict {
        self.to.send(input).expect("the worker takes cases");
        match self.from.recv_timeout(limit) {
            Ok(Ok(outcome)) => Verdict::Done(outcome),
            Ok(Err(panic)) => Verdict::Crashed(panic),
            Err(_) => Verdict::Hung,
        }
    }
}

/// A fuzz target: where its input goes in, and how many cases `cargo test` gives it.
struct Target {
    name: &'static str,
    seeds: fn() -> Vec<Vec<u8>>,
    run: fn(&str) -> String,
    cases: usize,
}

/// The process's peak resident memory (Linux), for the long run's report.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l["VmHWM:".len()..].trim().to_string()))
        .unwrap_or_else(|| "unknown".into())
}

fn env_u64(key: &str) -> Option<u64> {
    std::env::var(key).ok().and_then(|v| v.trim().parse().ok())
}

/// Runs a target's corpus and then its mutated cases; fails naming every crash and hang,
/// each written to the corpus.
fn fuzz(t: Target) {
    let long = env_u64("ATTRITION_FUZZ_SECS");
    let seed = env_u64("ATTRITION_FUZZ_SEED").unwrap_or(if long.is_some() {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    } else {
        1
    });
    // A case that takes longer than this is a hang (a day on the largest scenario takes a
    // tenth of a second in a debug build).
    let limit = Duration::from_secs(env_u64("ATTRITION_FUZZ_CASE_SECS").unwrap_or(30));
    let mut rng = Rng(seed ^ hash(t.name.as_bytes()));
    if long.is_some() {
        // Said first, so a run that dies (a stack overflow, an abort) can be run again.
        println!("fuzz {}: seed {seed} (ATTRITION_FUZZ_SEED={seed} repeats it)", t.name);
    }
    let worker = Worker::new(t.run);
    let mut found: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut execs = 0u64;
    let mut judge = |input: Vec<u8>, what: &str, found: &mut Vec<String>| -> Option<String> {
        execs += 1;
        let start = Instant::now();
        let keep = input.clone();
        let v = worker.run(input, limit);
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, what.to_string());
            if long.is_some() {
                // Kept for a look at what took longest (the figures of the README's "Fuzzing").
                let at = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-slowest-{}.ron", t.name));
                std::fs::write(at, &keep).ok();
            }
        }
        let problem = match v {
            Verdict::Done(outcome) => return Some(outcome),
            Verdict::Crashed(p) => format!("panicked: {p}"),
            Verdict::Hung => format!("took more than {} s", limit.as_secs()),
        };
        let path = corpus_dir(t.name).join(format!("crash-{:016x}.ron", hash(&keep)));
        if !what.starts_with("crash-") {
            std::fs::create_dir_all(corpus_dir(t.name)).ok();
            std::fs::write(&path, &keep).ok();
        }
        found.push(format!("{}: {what} {problem} (input in {})", t.name, path.display()));
        None
    };
    let mut pool: Vec<Vec<u8>> = (t.seeds)();
    let fixed = corpus(t.name);
    for (i, s) in pool.clone().into_iter().enumerate() {
        if let Some(o) = judge(s, &format!("seed {i}"), &mut found) {
            seen.insert(signature(&o));
        }
    }
    for (name, s) in fixed {
        if let Some(o) = judge(s.clone(), &name, &mut found) {
            seen.insert(signature(&o));
        }
        pool.push(s);
    }
    if !found.is_empty() {
        panic!("{} of the corpus failed:\n{}", found.len(), found.join("\n"));
    }
    let seeds = pool.len();
    let started = Instant::now();
    let mut case = 0usize;
    let mut accepted = 0usize;
    loop {
        match long {
            Some(secs) if started.elapsed() >= Duration::from_secs(secs) => break,
            None if case >= t.cases => break,
            _ => {}
        }
        case += 1;
        let parent = if rng.below(8) == 0 { rng.below(seeds) } else { rng.below(pool.len()) };
        let other = rng.below(pool.len());
        let input = mutate(&mut rng, &pool[parent], &pool[other]);
        let Some(outcome) = judge(input.clone(), &format!("case {case}"), &mut found) else {
            if long.is_none() {
                break;
            }
            continue;
        };
        accepted += usize::from(outcome.starts_with("ok"));
        if seen.insert(signature(&outcome)) {
            if pool.len() < MAX_POOL {
                pool.push(input);
            } else {
                let i = seeds + rng.below(MAX_POOL - seeds);
                pool[i] = input;
            }
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "fuzz {}: {execs} executions in {secs:.0} s ({:.0}/s), seed {seed}, {accepted} of {case} cases accepted, {} distinct \
         outcomes, slowest case {:.2} s \
         ({}), {} crashes or hangs; the process's peak memory so far {}",
        t.name,
        execs as f64 / secs.max(1e-9),
        seen.len(),
        slowest.0.as_secs_f64(),
        slowest.1,
        found.len(),
        peak_memory()
    );
    assert!(found.is_empty(), "fuzzing found:\n{}", found.join("\n"));
}

// ---------------------------------------------------------------------------------------
// The targets and their seeds.

/// The scenario cases play on: the smallest shipped, so a case is quick.
const SMALL: &str = "tutorial";

fn small() -> &'static Loaded {
    static L: OnceLock<Loaded> = OnceLock::new();
    L.get_or_init(|| data::load_scenario(SMALL, 1).expect("the tutorial loads"))
}

/// One day of `g` with both sides on the baseline AI (what `sim` does).
fn play_day(g: &mut Game) -> u32 {
    let ru = play::computer_orders(g, Side::Ru, AiLevel::Baseline);
    let ua = play::computer_orders(g, Side::Ua, AiLevel::Baseline);
    g.step(&ru, &ua).day
}

fn players() -> Players {
    Players { human: Some(Side::Ua), hotseat: false, ai: AiLevel::Baseline, ua_ai: None }
}

/// A real game of `days` days on `scenario`, with `settings`.
fn game(scenario: &str, settings: &[String], days: u32) -> Game {
    let mut l = data::load_scenario(scenario, 5).unwrap();
    for s in settings {
        data::settings::apply(&mut l, s).unwrap();
    }
    let mut g = l.new_game(5).unwrap();
    for _ in 0..days {
        play_day(&mut g);
    }
    g
}

/// A setting of the first rule key, at the low end of its range (whatever the rules are).
fn a_rule_setting() -> String {
    let (key, lo) = Rules::bounds()
        .into_iter()
        .find_map(|(k, b)| b.range().map(|(lo, _)| (k, lo)))
        .expect("the rules have numbers");
    format!("rules.{key}={}", attrition::sim::bounds::number(lo))
}

/// Records of short real games: plain, with a setting and annotations, and in version 1.
fn record_seeds() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let g = game(SMALL, &[], 3);
    let plain = RecordFile::of(&g, SMALL, &[], players());
    out.push(record::to_text(&plain).unwrap());
    let settings = vec![a_rule_setting(), "turn_limit=30".to_string()];
    let g = game(data::DEFAULT_SCENARIO, &settings, 2);
    let mut rec = RecordFile::of(&g, data::DEFAULT_SCENARIO, &settings, players());
    let place = g.map().places.first().map(|p| p.name.clone()).expect("the map has places");
    rec.annotations = vec![
        AnnotationFile { day: 0, text: "the start".into(), at: Some(Spot::Place(place)), phase: None },
        AnnotationFile { day: 1, text: "drones".into(), at: Some(Spot::Cell(3, 4)), phase: Some(Phase::Drones) },
    ];
    out.push(record::to_text(&rec).unwrap());
    // A branch with a change injected on its second day (a seminar's white cell, `play
    // --from-day`), its parent named; the days after are the old game's, so it diverges there.
    let mut branched = record::branch(&plain, "parent.ron", 1, &[a_rule_setting()]).unwrap();
    branched.days = plain.days.clone();
    out.push(record::to_text(&branched).unwrap());
    let days: Vec<String> = plain.days.iter().map(|d| ron::to_string(d).unwrap()).collect();
    out.push(format!(
        "(\n    format: \"attrition-record\",\n    version: 1,\n    scenario: \"{SMALL}\",\n    seed: {},\n    \
         players: (human: Some(Ua), hotseat: false, ai: Baseline),\n    days: [\n        {}\n    ],\n)\n",
        plain.seed,
        days.join(",\n        ")
    ));
    out.into_iter().map(String::into_bytes).collect()
}

/// A record as `check` takes it: loaded (its annotations checked on its map), written back
/// and read again unchanged, and replayed against its hashes.
fn record_case(text: &str) -> String {
    let dir = corpus_dir("record");
    let rec = match record::from_text("fuzz.ron", text, &dir) {
        Ok(r) => r,
        Err(e) => return e,
    };
    let again = record::to_text(&rec).unwrap_or_else(|e| panic!("a record read does not write: {e}"));
    let back =
        record::from_text("again.ron", &again, &dir).unwrap_or_else(|e| panic!("a record written is refused: {e}"));
    assert_eq!(back, RecordFile { version: record::VERSION, ..rec.clone() }, "the record reads back as written");
    // Loaded is accepted; the replay may still refuse it (a changed order diverges).
    match play::replay(&rec) {
        Ok(g) => format!("ok: {} days replayed", g.day()),
        Err(e) => format!("ok: loaded, then {e}"),
    }
}

fn scenario_seeds() -> Vec<Vec<u8>> {
    data::SCENARIOS.iter().map(|(_, _, text)| text.as_bytes().to_vec()).collect()
}

/// A scenario as `check` and `sim` take it: loaded, built, and one day played.
fn scenario_case(text: &str) -> String {
    let l = match data::scenario_from_text("fuzz.ron", text, None, 1) {
        Ok(l) => l,
        Err(e) => return e.to_string(),
    };
    let mut g = match Game::new(l.setup) {
        Ok(g) => g,
        Err(e) => return e,
    };
    format!("ok: day {}, {} units", play_day(&mut g), g.unit_count())
}

fn map_seeds() -> Vec<Vec<u8>> {
    data::MAPS.iter().map(|(_, _, text)| text.as_bytes().to_vec()).collect()
}

/// A map as `check` takes it: loaded, and a map accepted holds together.
fn map_case(text: &str) -> String {
    match data::load_map("fuzz.ron", text) {
        Err(e) => e.to_string(),
        Ok(m) => {
            let n = m.width as usize * m.height as usize;
            assert!(m.width > 0 && m.height > 0, "an accepted map has cells");
            assert_eq!((m.terrain.len(), m.features.len(), m.initial_control.len()), (n, n, n));
            assert!(m.places.iter().all(|p| m.in_bounds(p.cell)), "every place is on the map");
            format!("ok: {}x{}, {} places", m.width, m.height, m.places.len())
        }
    }
}

/// Any file's `annotations` (every scenario file is a seed; other fields are not read).
#[derive(serde::Deserialize)]
struct Notes {
    #[serde(default)]
    annotations: Vec<AnnotationFile>,
}

fn annotation_seeds() -> Vec<Vec<u8>> {
    let mut out = scenario_seeds();
    out.push(record_seeds().swap_remove(1));
    out
}

/// Annotations as scenarios and records take them: checked on the default map, an error
/// pointed at its line and column by the hand-written locator (which also reads any text).
fn annotation_case(text: &str) -> String {
    static MAP: OnceLock<attrition::sim::map::Map> = OnceLock::new();
    let map = MAP.get_or_init(|| data::find_map(data::DEFAULT_SCENARIO, None).unwrap().1);
    // The locator on any text, not only on files that parse (an entry and a field by length).
    annotation::locate(text, text.len() % 3, annotation::FIELDS[text.len() / 3 % annotation::FIELDS.len()]);
    let notes: Notes = match data::parse_ron("fuzz.ron", text) {
        Ok(n) => n,
        Err(e) => return e.to_string(),
    };
    match annotation::resolve(&notes.annotations, map, 40, "turn_limit is 40") {
        Ok(a) => format!("ok: {} annotations", a.len()),
        Err(f) => annotation::error("fuzz.ron", text, &f).to_string(),
    }
}

/// Lists of settings: every rule key at both ends of its range and the middle, and every
/// scenario key (from the lists `--set` itself uses, so they follow the rules as they change).
fn settings_seeds() -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for (key, b) in Rules::bounds() {
        if let Some((lo, hi)) = b.range() {
            for v in [lo, hi, (lo + hi) / 2.0] {
                lines.push(format!("rules.{key}={}", attrition::sim::bounds::number(v)));
            }
        }
    }
    for (key, values) in data::settings::KEYS {
        if key.starts_with("rules.") {
            continue;
        }
        let v = values.split('|').next().unwrap_or(values);
        let v = if v.starts_with('N') { "7" } else { v };
        lines.push(format!("{key}={v}"));
    }
    lines.chunks(6).map(|c| c.join("\n").into_bytes()).collect()
}

/// `--set` lines as `sim` takes them: each applied in turn, the game built and a day played.
fn settings_case(text: &str) -> String {
    let mut l = small().clone();
    for line in text.lines().take(64) {
        if let Err(e) = data::settings::apply(&mut l, line) {
            return e;
        }
    }
    let mut g = match Game::new(l.setup) {
        Ok(g) => g,
        Err(e) => return e,
    };
    format!("ok: day {}", play_day(&mut g))
}

/// Days of orders in the compact form records keep them in: the baseline AI's, of a real game.
fn order_seeds() -> Vec<Vec<u8>> {
    let g = game(SMALL, &[], 4);
    let rec = RecordFile::of(&g, SMALL, &[], players());
    let days: Vec<String> = rec.days.iter().map(compact::day).collect();
    days.chunks(2).map(|c| c.join("\n").into_bytes()).collect()
}

/// Orders as a record or a player gives them: each line a day, read in the compact form,
/// each order checked as the interface checks it, and the day played with them all (the
/// engine refuses what it must).
fn order_case(text: &str) -> String {
    let mut g = small().new_game(1).unwrap();
    let mut out = String::from("ok:");
    let mut refused = None;
    for line in text.lines().take(4) {
        // A line that does not read is refused (as a record refuses it); the others are played.
        let day = match compact::parse_day(line) {
            Ok(d) => d,
            Err(e) => {
                refused.get_or_insert(e);
                continue;
            }
        };
        for (side, orders) in [(Side::Ru, &day.ru), (Side::Ua, &day.ua)] {
            for o in orders.iter() {
                match g.check(side, o) {
                    Ok(()) => out.push_str(" ok"),
                    Err(e) => out.push_str(&format!(" {e:?}")),
                }
            }
        }
        g.step(&day.ru, &day.ua);
    }
    match refused {
        Some(e) if out == "ok:" => e,
        _ => out,
    }
}

fn rules_seeds() -> Vec<Vec<u8>> {
    vec![data::RULES_RON.as_bytes().to_vec(), data::UNITS_RON.as_bytes().to_vec()]
}

/// A rules or unit types file: parsed and checked as the embedded ones are; rules accepted
/// play a day of the small scenario.
fn rules_case(text: &str) -> String {
    if text.contains("kind:") {
        let units: UnitBook = match data::parse_ron("units.ron", text) {
            Ok(u) => u,
            Err(e) => return e.to_string(),
        };
        if let Err(e) =
            data::check_bounds("units.ron", text, &units).and_then(|_| data::check_units("units.ron", &units))
        {
            return e.to_string();
        }
        let l = small();
        let mut g = match Game::new(attrition::sim::Setup { units: std::sync::Arc::new(units), ..l.setup.clone() }) {
            Ok(g) => g,
            Err(e) => return e,
        };
        return format!("ok: units, day {}", play_day(&mut g));
    }
    let rules: Rules = match data::parse_ron("rules.ron", text) {
        Ok(r) => r,
        Err(e) => return e.to_string(),
    };
    if let Err(e) = data::check_bounds("rules.ron", text, &rules) {
        return e.to_string();
    }
    let l = small();
    let mut g = match Game::new(attrition::sim::Setup { rules: std::sync::Arc::new(rules), ..l.setup.clone() }) {
        Ok(g) => g,
        Err(e) => return e,
    };
    format!("ok: rules, day {}", play_day(&mut g))
}

/// The README's example config file (the corpus holds more).
fn config_seeds() -> Vec<Vec<u8>> {
    let readme = include_str!("../README.md");
    let start = readme.find("```ron\n(\n    keys:").map(|i| i + "```ron\n".len()).expect("the README shows a config");
    let end = start + readme[start..].find("```").unwrap();
    vec![readme.as_bytes()[start..end].to_vec()]
}

fn config_case(text: &str) -> String {
    match attrition::ui::config::parse(text) {
        Ok(_) => "ok".into(),
        Err(errs) => errs.iter().map(|e| format!("{}:{}: {}", e.line, e.col, e.msg)).collect::<Vec<_>>().join("; "),
    }
}

#[test]
fn fuzz_records() {
    fuzz(Target { name: "record", seeds: record_seeds, run: record_case, cases: 300 });
}

#[test]
fn fuzz_scenarios() {
    fuzz(Target { name: "scenario", seeds: scenario_seeds, run: scenario_case, cases: 200 });
}

#[test]
fn fuzz_maps() {
    fuzz(Target { name: "map", seeds: map_seeds, run: map_case, cases: 400 });
}

#[test]
fn fuzz_annotations() {
    fuzz(Target { name: "annotations", seeds: annotation_seeds, run: annotation_case, cases: 1500 });
}

#[test]
fn fuzz_settings() {
    fuzz(Target { name: "settings", seeds: settings_seeds, run: settings_case, cases: 1000 });
}

#[test]
fn fuzz_orders() {
    fuzz(Target { name: "orders", seeds: order_seeds, run: order_case, cases: 300 });
}

#[test]
fn fuzz_rules_and_units() {
    fuzz(Target { name: "rules", seeds: rules_seeds, run: rules_case, cases: 1000 });
}

#[test]
fn fuzz_config() {
    fuzz(Target { name: "config", seeds: config_seeds, run: config_case, cases: 800 });
}

/// The mutator itself: it changes files, finds the numbers in them, and the same seed gives
/// the same cases (so a `cargo test` failure is found again by running it again).
#[test]
fn the_mutator_changes_numbers_and_repeats_itself() {
    let spans = number_spans(b"(a: -1.5e-3, b: 40, c: x12)");
    let texts: Vec<&[u8]> = spans.iter().map(|&(s, e)| &b"(a: -1.5e-3, b: 40, c: x12)"[s..e]).collect();
    assert_eq!(texts, vec![&b"-1.5e-3"[..], b"40", b"12"]);
    let seed = b"(hit_chance: 0.5, range: 12)".to_vec();
    let run = |s: u64| -> Vec<Vec<u8>> {
        let mut rng = Rng(s);
        (0..50).map(|_| mutate(&mut rng, &seed, b"[1, 2]")).collect()
    };
    assert_eq!(run(9), run(9));
    assert_ne!(run(9), run(10));
    assert!(run(9).iter().filter(|m| **m != seed).count() > 40, "most cases differ from their seed");
    assert!(run(9).iter().any(|m| NUMBERS.iter().any(|n| m.windows(n.len()).any(|w| w == n.as_bytes()))));
}

/// Found by the fuzzer: a settings file of thousands of mistakes (or of one 250 KB action name)
/// took seconds to read before the game started, each mistake searched for from the file's
/// start and each unknown name compared letter by letter with every action. The first twenty
/// are given with their places and the rest counted.
#[test]
fn a_config_file_of_thousands_of_mistakes_is_read_at_once() {
    let many =
        format!("(keys: {{{}}})", (0..18_000).map(|i| format!("\"k{i}\": [\"E\"]")).collect::<Vec<_>>().join(","));
    let errs = attrition::ui::config::parse(&many).unwrap_err();
    assert_eq!(errs.len(), 21, "{:?}", &errs[..3]);
    assert!(errs[..20].iter().all(|e| e.msg.starts_with("keys: no action `k") && e.line == 1 && e.col > 8));
    assert_eq!(errs[20].msg, "and 17980 more mistakes in `keys`, not shown");
    let keys = (0..25_000).map(|i| format!("\"Z{i}\"")).collect::<Vec<_>>().join(",");
    let errs = attrition::ui::config::parse(&format!("(keys: {{\"map.end_day\": [{keys}]}})")).unwrap_err();
    assert_eq!(errs.len(), 21);
    assert_eq!(errs[0].col, "(keys: {\"map.end_day\": [".chars().count() + 1, "{}", errs[0].msg);
    let long = format!("(keys: {{\"{}\": [\"E\"]}})", "x".repeat(250_000));
    let errs = attrition::ui::config::parse(&long).unwrap_err();
    assert!(errs.len() == 1 && !errs[0].msg.contains("did you mean"), "{:?}", errs[0].msg.len());
}

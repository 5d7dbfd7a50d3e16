//! One row per game for `sim`, `whatif` and `merge`: a self-describing record of which study
//! it belongs to (version, scenario and its file's hash, every setting, the AI per side, the
//! seeds) and what the game did (days, winner, losses by cause, ground, personnel, towns,
//! ceasefires, state hash).
//!
//! The same row is written as JSON Lines and as CSV with the same field names: a CSV column is
//! the path of its JSON field joined with dots (`losses.ru.by_cause.drones`); a list of named
//! objects (the towns) becomes one column group per name (`towns.Pokrovsk.holder`); any other
//! list (the settings, the ceasefires) is one column holding its compact JSON.

use std::io::Write;

use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::ai::AiLevel;
use crate::data::Loaded;
use crate::sim::events::LossCause;
use crate::sim::map::Side;
use crate::sim::Game;
use crate::study::play::Match;

/// The tool name every row starts with.
pub const TOOL: &str = "attrition";

/// A pair of figures, Russia's and Ukraine's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerSide<T> {
    pub ru: T,
    pub ua: T,
}

impl<T: Copy> PerSide<T> {
    pub fn of(f: impl Fn(Side) -> T) -> PerSide<T> {
        PerSide { ru: f(Side::Ru), ua: f(Side::Ua) }
    }
    pub fn get(&self, s: Side) -> T {
        match s {
            Side::Ru => self.ru,
            Side::Ua => self.ua,
        }
    }
}

/// What a study is: every row of one study carries the same values, and `merge` refuses rows
/// whose study differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Study {
    pub tool: String,
    pub version: String,
    /// The scenario's id (from the file, for a scenario loaded from a path).
    pub scenario: String,
    /// FNV-1a (64-bit, hex) of the scenario file's bytes: the embedded file for a built-in id,
    /// the file on disk otherwise, so two machines with different files never merge.
    pub scenario_hash: String,
    /// `--set KEY=VALUE`, in the order applied.
    pub settings: Vec<String>,
    /// `whatif --vary KEY=A,B[,C]` (null for `sim`).
    pub vary: Option<String>,
    /// Seeds `first_seed .. first_seed + runs` make up the whole study (before sharding).
    pub first_seed: u64,
    pub runs: u64,
    /// `--turns` (null: the scenario's own turn limit).
    pub max_turns: Option<u32>,
    pub ai: PerSide<AiName>,
}

/// An AI level as rows write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AiName {
    Baseline,
    Strong,
}

impl From<AiLevel> for AiName {
    fn from(l: AiLevel) -> AiName {
        match l {
            AiLevel::Baseline => AiName::Baseline,
            AiLevel::Strong => AiName::Strong,
        }
    }
}

impl From<AiName> for AiLevel {
    fn from(l: AiName) -> AiLevel {
        match l {
            AiName::Baseline => AiLevel::Baseline,
            AiName::Strong => AiLevel::Strong,
        }
    }
}

impl Study {
    /// The varied key and its values, in order (none for a `sim` study).
    pub fn variants(&self) -> Vec<String> {
        match &self.vary {
            None => Vec::new(),
            Some(v) => match v.split_once('=') {
                Some((key, values)) => values
                    .split(',')
                    .map(str::trim)
                    .filter(|x| !x.is_empty())
                    .map(|x| format!("{}={x}", key.trim()))
                    .collect(),
                None => Vec::new(),
            },
        }
    }

    pub fn levels(&self) -> [AiLevel; 2] {
        [self.ai.ru.into(), self.ai.ua.into()]
    }
}

/// FNV-1a 64 of some bytes, as 16 hex digits (the scenario file's fingerprint).
pub fn fnv1a_hex(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The scenario file's hash for `name` (a built-in id or a path), as [`Study::scenario_hash`].
pub fn scenario_hash(name: &str) -> Result<String, String> {
    if let Some((_, _, text)) = crate::data::SCENARIOS.iter().find(|(id, _, _)| *id == name) {
        return Ok(fnv1a_hex(text.as_bytes()));
    }
    let text = crate::data::read_file(std::path::Path::new(name)).map_err(|e| e.to_string())?;
    Ok(fnv1a_hex(text.as_bytes()))
}

/// Losses of one side: totals, and by cause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SideLosses {
    pub personnel: u32,
    pub vehicles: u32,
    /// Personnel lost by cause (`LossCause`).
    pub by_cause: ByCause,
}

/// Personnel lost by cause, named as `LossCause`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ByCause {
    pub drones: u32,
    pub exposure: u32,
    pub fires: u32,
    pub assault: u32,
    pub collapse: u32,
}

impl ByCause {
    pub fn of(personnel: &[u32; 5]) -> ByCause {
        let at = |c: LossCause| personnel[c.index()];
        ByCause {
            drones: at(LossCause::Drones),
            exposure: at(LossCause::Exposure),
            fires: at(LossCause::Fires),
            assault: at(LossCause::Assault),
            collapse: at(LossCause::Collapse),
        }
    }

    /// The figures indexed by `LossCause` (the inverse of [`ByCause::of`]).
    pub fn personnel(&self) -> [u32; 5] {
        let mut out = [0; 5];
        for c in LossCause::ALL {
            out[c.index()] = match c {
                LossCause::Drones => self.drones,
                LossCause::Exposure => self.exposure,
                LossCause::Fires => self.fires,
                LossCause::Assault => self.assault,
                LossCause::Collapse => self.collapse,
            };
        }
        out
    }
}

/// Soldiers of one side: in units on the map at the start and at the end, and left in the pool.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Personnel {
    pub start: u32,
    pub end: u32,
    pub pool_end: u32,
}

/// An objective place at the end of a game.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Town {
    pub name: String,
    /// "ru" or "ua".
    pub holder: String,
    /// The day it last changed hands (null: it never did).
    pub taken_day: Option<u32>,
    /// The first day Russia held it (null: never); what-if tables report this.
    pub ru_first_held_day: Option<u32>,
}

/// One game: its study, then what happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Row {
    #[serde(flatten)]
    pub study: Study,
    /// The variant's `KEY=VALUE` (null for `sim`).
    pub variant: Option<String>,
    pub seed: u64,
    /// Days played.
    pub turns: u32,
    pub winner: Option<String>,
    pub end_reason: String,
    pub losses: PerSide<SideLosses>,
    /// Ground each side holds that the other held at the start.
    pub ground_km2: PerSide<f64>,
    pub personnel: PerSide<Personnel>,
    /// One entry per objective place, in the scenario's order.
    pub towns: Vec<Town>,
    pub ceasefires: Vec<Ceasefire>,
    pub state_hash: String,
}

/// A ceasefire proposed during a game: each side's answer and whether it held.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ceasefire {
    pub day: u32,
    /// "accepted" or "refused".
    pub ru: String,
    pub ua: String,
    /// Whether the truce held (false when a side refused).
    pub held: bool,
}

/// What is watched during a game to fill a row: the start's figures and the first day Russia
/// held each objective (the engine keeps who holds it now and when it last changed hands).
pub struct Watch {
    start: PerSide<u32>,
    ru_first: Vec<Option<u32>>,
}

impl Watch {
    /// Taken before the first day.
    pub fn start(g: &Game) -> Watch {
        let ru_first = g.towns().iter().map(|t| (t.holder == Side::Ru).then_some(0)).collect();
        Watch { start: PerSide::of(|s| g.personnel_on_map(s)), ru_first }
    }

    /// After each day.
    pub fn day(&mut self, g: &Game) {
        for (t, first) in g.towns().iter().zip(self.ru_first.iter_mut()) {
            if t.holder == Side::Ru && first.is_none() {
                *first = Some(g.day());
            }
        }
    }

    /// The row of a finished (or stopped) game.
    pub fn row(self, g: &Game, study: &Study, variant: Option<&str>) -> Row {
        let (winner, end_reason) = match g.outcome() {
            Some(o) => (o.winner.map(|s| s.code().to_string()), crate::words::end_reason(&o.reason)),
            None => (None, format!("stopped after {} days (--turns)", g.day())),
        };
        let answer = |yes: bool| if yes { "accepted" } else { "refused" }.to_string();
        Row {
            study: study.clone(),
            variant: variant.map(str::to_string),
            seed: g.seed(),
            turns: g.day(),
            winner,
            end_reason,
            losses: PerSide { ru: side_losses(g, Side::Ru), ua: side_losses(g, Side::Ua) },
            ground_km2: PerSide::of(|s| g.ground_gained_km2(s)),
            personnel: PerSide::of(|s| Personnel {
                start: self.start.get(s),
                end: g.personnel_on_map(s),
                pool_end: g.side(s).manpower_pool,
            }),
            towns: g
                .towns()
                .into_iter()
                .zip(self.ru_first)
                .map(|(t, ru_first_held_day)| Town {
                    name: t.name,
                    holder: t.holder.code().to_string(),
                    taken_day: t.taken_day,
                    ru_first_held_day,
                })
                .collect(),
            ceasefires: g
                .ceasefire_records()
                .iter()
                .map(|c| Ceasefire {
                    day: c.day,
                    ru: answer(c.ru_accepts),
                    ua: answer(c.ua_accepts),
                    held: c.held == Some(true),
                })
                .collect(),
            state_hash: format!("{:016x}", g.state_hash()),
        }
    }
}

fn side_losses(g: &Game, s: Side) -> SideLosses {
    let l = &g.side(s).losses;
    SideLosses { personnel: l.personnel_total(), vehicles: l.vehicles_total(), by_cause: ByCause::of(&l.personnel) }
}

/// Plays one game of a study with its AI levels (through the one match loop,
/// `study::play::Match`) and makes its row.
pub fn play(loaded: &Loaded, study: &Study, variant: Option<&str>, seed: u64) -> Result<(Game, Row), String> {
    let mut m = Match::computers(loaded.new_game(seed)?, study.levels());
    let mut w = Watch::start(m.game());
    m.play_out(study.max_turns, |g, _| w.day(g));
    let g = m.into_game();
    let row = w.row(&g, study, variant);
    Ok((g, row))
}

impl Row {
    /// The row as one line of JSON (no newline).
    pub fn json(&self) -> String {
        // Strings, numbers, lists and options only: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The row's CSV columns, in order: (dotted JSON path, text).
    pub fn columns(&self) -> Vec<(String, String)> {
        flatten(&self.json())
    }
}

/// An object's fields in order.
type Fields = Vec<(String, Node)>;

/// A JSON value with its fields in their written order (serde_json's own `Value` sorts them).
enum Node {
    /// A number or a boolean, as JSON writes it.
    Raw(String),
    Str(String),
    Null,
    List(Vec<Node>, String),
    Object(Vec<(String, Node)>),
}

struct NodeSeed;

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Raw(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Raw(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Raw(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        // The same text serde_json writes for the number.
        Ok(Node::Raw(serde_json::to_string(&v).unwrap_or_default()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = seq.next_element_seed(NodeSeed)? {
            items.push(n);
        }
        let text = compact(&items);
        Ok(Node::List(items, text))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut fields = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            fields.push((k, map.next_value_seed(NodeSeed)?));
        }
        Ok(Node::Object(fields))
    }
}

/// A list's compact JSON text, rebuilt from its nodes.
fn compact(items: &[Node]) -> String {
    fn write(n: &Node, s: &mut String) {
        match n {
            Node::Null => s.push_str("null"),
            Node::Raw(t) => s.push_str(t),
            Node::Str(t) => s.push_str(&serde_json::to_string(t).unwrap_or_default()),
            Node::List(_, t) => s.push_str(t),
            Node::Object(fields) => {
                s.push('{');
                for (i, (k, v)) in fields.iter().enumerate() {
                    if i > 0 {
                        s.push(',');
                    }
                    s.push_str(&serde_json::to_string(k).unwrap_or_default());
                    s.push(':');
                    write(v, s);
                }
                s.push('}');
            }
        }
    }
    let mut s = String::from("[");
    for (i, n) in items.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        write(n, &mut s);
    }
    s.push(']');
    s
}

/// A JSON object's leaves as (dotted path, text), in order (see the module's doc for lists).
fn flatten(json: &str) -> Vec<(String, String)> {
    fn walk(prefix: &str, n: &Node, out: &mut Vec<(String, String)>) {
        let join = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
        match n {
            Node::Null => out.push((prefix.to_string(), String::new())),
            Node::Raw(t) | Node::Str(t) => out.push((prefix.to_string(), t.clone())),
            Node::Object(fields) => {
                for (k, v) in fields {
                    walk(&join(k), v, out);
                }
            }
            Node::List(items, text) => {
                let named: Option<Vec<(&str, &Fields)>> = items
                    .iter()
                    .map(|it| match it {
                        Node::Object(f) => f.iter().find_map(|(k, v)| match (k.as_str(), v) {
                            ("name", Node::Str(name)) => Some((name.as_str(), f)),
                            _ => None,
                        }),
                        _ => None,
                    })
                    .collect();
                match named {
                    Some(named) if !named.is_empty() => {
                        for (name, fields) in named {
                            for (k, v) in fields.iter().filter(|(k, _)| k != "name") {
                                walk(&join(&format!("{name}.{k}")), v, out);
                            }
                        }
                    }
                    _ => out.push((prefix.to_string(), text.clone())),
                }
            }
        }
    }
    let mut out = Vec::new();
    if let Ok(n) = serde_json::from_str::<Node>(json) {
        walk("", &n, &mut out);
    }
    out
}

/// CSV of rows through the `csv` crate (RFC 4180 quoting), the header taken from the first row.
/// With `excel`, the file starts with a UTF-8 byte-order mark and lines end in CRLF, which is
/// what Excel needs to read UTF-8 (place names, `km²`) correctly when the file is opened.
pub struct CsvOut<W: Write> {
    w: csv::Writer<W>,
    header: Option<Vec<String>>,
}

impl<W: Write> CsvOut<W> {
    pub fn new(mut out: W, excel: bool) -> Result<CsvOut<W>, String> {
        if excel {
            out.write_all("\u{feff}".as_bytes()).map_err(|e| e.to_string())?;
        }
        let mut b = csv::WriterBuilder::new();
        if excel {
            b.terminator(csv::Terminator::CRLF);
        }
        Ok(CsvOut { w: b.from_writer(out), header: None })
    }

    /// Writes one record of named fields; the first call writes the header. A later record with
    /// other columns is refused (one study has one set of columns).
    pub fn record(&mut self, cols: &[(String, String)]) -> Result<(), String> {
        let names: Vec<String> = cols.iter().map(|c| c.0.clone()).collect();
        match &self.header {
            None => {
                self.w.write_record(&names).map_err(|e| e.to_string())?;
                self.header = Some(names);
            }
            Some(h) if *h != names => {
                return Err(format!(
                    "a row has other columns than the first ({} against {}): rows of different studies?",
                    names.len(),
                    h.len()
                ))
            }
            Some(_) => {}
        }
        self.w.write_record(cols.iter().map(|c| c.1.as_str())).map_err(|e| e.to_string())
    }

    /// A plain record (for callers with their own columns, such as `calibrate`).
    pub fn plain<I, T>(&mut self, fields: I) -> Result<(), String>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.w.write_record(fields).map_err(|e| e.to_string())
    }

    pub fn flush(&mut self) -> Result<(), String> {
        self.w.flush().map_err(|e| e.to_string())
    }

    /// The writer, once everything is flushed into it.
    pub fn into_inner(self) -> Result<W, String> {
        self.w.into_inner().map_err(|e| e.to_string())
    }
}

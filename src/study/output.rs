//! Where a study's rows go: JSON Lines, CSV, or the table for people (one line per game for
//! `sim`, the comparison of variants for `whatif`). The one-machine commands and `merge` write
//! through this one sink, so a merged study prints byte for byte what one process would.

use std::io::Write;

use crate::sim::map::Side;
use crate::study::calibrate::RunFacts;
use crate::study::whatif::{Summary, Variant};

use super::rows::{CsvOut, Row, Study};

/// The formats a study's output comes in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Table,
}

enum Inner<W: Write> {
    Json(W),
    Csv(CsvOut<W>),
    /// `sim`'s table: a header, then a line per game.
    Lines {
        out: W,
        header: bool,
    },
    /// `whatif`'s table: the summary of every variant, printed at the end.
    Summary {
        out: W,
        study: Study,
    },
}

/// Takes a study's rows in order and writes them.
pub struct Sink<W: Write> {
    inner: Inner<W>,
    /// The runs of each variant, kept for the what-if table or pictures.
    variants: Option<Vec<Variant>>,
}

fn io(e: std::io::Error) -> String {
    e.to_string()
}

impl<W: Write> Sink<W> {
    /// `keep`: keep every run's figures for [`Sink::finish`]'s summary whatever the format
    /// (a what-if's table keeps them anyway).
    pub fn new(out: W, format: Format, excel: bool, study: &Study, keep: bool) -> Result<Sink<W>, String> {
        let variants = (study.vary.is_some() && (keep || format == Format::Table))
            .then(|| study.variants().into_iter().map(|label| Variant { label, runs: Vec::new() }).collect());
        let inner = match format {
            Format::Json => Inner::Json(out),
            Format::Csv => Inner::Csv(CsvOut::new(out, excel)?),
            Format::Table if study.vary.is_none() => Inner::Lines { out, header: false },
            Format::Table => Inner::Summary { out, study: study.clone() },
        };
        Ok(Sink { inner, variants })
    }

    /// One game's row (rows come in the study's order: by seed, then by variant).
    pub fn row(&mut self, r: &Row) -> Result<(), String> {
        if let Some(variants) = &mut self.variants {
            let v = r
                .variant
                .as_deref()
                .and_then(|label| variants.iter_mut().find(|v| v.label == label))
                .ok_or_else(|| format!("seed {}: a row of no variant of this study", r.seed))?;
            v.runs.push(facts(r));
        }
        match &mut self.inner {
            Inner::Json(out) => {
                writeln!(out, "{}", r.json()).map_err(io)?;
                out.flush().map_err(io)
            }
            Inner::Csv(c) => {
                c.record(&r.columns())?;
                c.flush()
            }
            Inner::Lines { out, header } => {
                if !*header {
                    *header = true;
                    writeln!(
                        out,
                        "{:<18} {:>6} {:>5} {:>6} {:>14} {:>14} {:>9} {:>9}  why",
                        "scenario", "seed", "days", "winner", "RU lost (veh)", "UA lost (veh)", "RU km²", "UA km²"
                    )
                    .map_err(io)?;
                }
                writeln!(
                    out,
                    "{:<18} {:>6} {:>5} {:>6} {:>14} {:>14} {:>9.1} {:>9.1}  {}",
                    r.study.scenario,
                    r.seed,
                    r.turns,
                    r.winner.as_deref().unwrap_or("none"),
                    format!("{} ({})", r.losses.ru.personnel, r.losses.ru.vehicles),
                    format!("{} ({})", r.losses.ua.personnel, r.losses.ua.vehicles),
                    r.ground_km2.ru,
                    r.ground_km2.ua,
                    r.end_reason
                )
                .map_err(io)?;
                out.flush().map_err(io)
            }
            Inner::Summary { .. } => Ok(()),
        }
    }

    /// Ends the output (the what-if table is written here); the summary of a what-if whose
    /// runs were kept.
    pub fn finish(self) -> Result<Option<Summary>, String> {
        let summary = self.variants.as_deref().map(Summary::of);
        match self.inner {
            Inner::Json(mut out) | Inner::Lines { mut out, .. } => out.flush().map_err(io)?,
            Inner::Csv(mut c) => c.flush()?,
            Inner::Summary { mut out, study } => {
                let key = study.vary.as_deref().and_then(|v| v.split_once('=')).map(|v| v.0).unwrap_or("");
                writeln!(out, "what-if: {}, varying {key}", study.scenario).map_err(io)?;
                if let Some(s) = &summary {
                    write!(out, "{}", s.table()).map_err(io)?;
                }
                out.flush().map_err(io)?
            }
        }
        Ok(summary)
    }
}

/// The figures of a row that the what-if summary reads.
pub fn facts(r: &Row) -> RunFacts {
    let side = |s: &str| match s {
        "ru" => Some(Side::Ru),
        "ua" => Some(Side::Ua),
        _ => None,
    };
    RunFacts {
        seed: r.seed,
        days: r.turns,
        state_hash: u64::from_str_radix(&r.state_hash, 16).unwrap_or(0),
        winner: r.winner.as_deref().and_then(side),
        end_reason: r.end_reason.clone(),
        ground_km2: [r.ground_km2.ru, r.ground_km2.ua],
        ru_net_km2: r.ground_km2.ru - r.ground_km2.ua,
        personnel_lost: [r.losses.ru.personnel, r.losses.ua.personnel],
        vehicles_lost: [r.losses.ru.vehicles, r.losses.ua.vehicles],
        by_cause: [r.losses.ru.by_cause.personnel(), r.losses.ua.by_cause.personnel()],
        objective_days: r.towns.iter().map(|t| (t.name.clone(), t.ru_first_held_day)).collect(),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::events::LossCause;

    /// A row as `sim --format json` writes it (see the README's example).
    const ROW: &str = r#"{"tool":"attrition","version":"0.1.0","scenario":"pokrovsk-toretsk","scenario_hash":"0bbb2ff844774c65",
 "settings":[],"vary":"aid=same,cutoff","first_seed":1,"runs":1,"max_turns":null,"ai":{"ru":"strong","ua":"strong"},
 "variant":"aid=cutoff","seed":7,"turns":30,"winner":null,"end_reason":"turn limit",
 "losses":{"ru":{"personnel":1784,"vehicles":67,"by_cause":{"drones":1210,"exposure":96,"fires":301,"assault":140,"collapse":37}},
           "ua":{"personnel":1160,"vehicles":41,"by_cause":{"drones":640,"exposure":55,"fires":388,"assault":61,"collapse":16}}},
 "ground_km2":{"ru":38.0,"ua":17.0},
 "personnel":{"ru":{"start":2211,"end":2090,"pool_end":936},"ua":{"start":1500,"end":1400,"pool_end":300}},
 "towns":[{"name":"Pokrovsk","holder":"ua","taken_day":null,"ru_first_held_day":null}],
 "ceasefires":[],"state_hash":"00000000000000ff"}"#;

    #[test]
    fn facts_carry_the_losses_by_cause_of_a_row() {
        let r: Row = serde_json::from_str(ROW).unwrap();
        let f = facts(&r);
        let at = |s: Side, c: LossCause| f.by_cause[s.index()][c.index()];
        assert_eq!(
            LossCause::ALL.map(|c| at(Side::Ru, c)),
            [1210, 96, 301, 140, 37],
            "drones, exposure, fires, assault, collapse"
        );
        assert_eq!(LossCause::ALL.map(|c| at(Side::Ua, c)), [640, 55, 388, 61, 16]);
        assert_eq!(f.by_cause[0].iter().sum::<u32>(), f.personnel_lost[0]);
        assert_eq!((f.seed, f.days, f.state_hash, f.personnel_lost), (7, 30, 255, [1784, 1160]));
        // The row's figures come back as they were.
        assert_eq!(crate::study::rows::ByCause::of(&f.by_cause[1]), r.losses.ua.by_cause);
    }
}

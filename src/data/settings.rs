//! What-if switches and rule changes given as `--set KEY=VALUE` (and by the start screen).
//!
//! Scenario switches change the scenario file before it is resolved again on its map, so a
//! switched unit is placed by the same rules as the scenario's own; `rules.SECTION.FIELD`
//! changes any number in `assets/rules.ron`.

use std::sync::Arc;

use super::scenario::{Deploy, Placement};
use super::Loaded;
use crate::sim::bounds::{self, Bounded};
use crate::sim::map::Side;
use crate::sim::rules::Rules;
use crate::sim::scenario::{Aid, Edge};

/// Every scenario key `--set` accepts, with its values, for messages and help.
pub const KEYS: &[(&str, &str)] = &[
    ("aid", "more|same|cutoff"),
    ("turn_limit", "N (days)"),
    ("ru.drone_line", "on|off"),
    ("ua.drone_line", "on|off"),
    ("ru.fiber_optic", "on|off"),
    ("ua.fiber_optic", "on|off"),
    ("ru.motorcycles", "on|off"),
    ("ua.motorcycles", "on|off"),
    ("ru.armor", "sparing|heavy"),
    ("ua.armor", "sparing|heavy"),
    ("ru.recruits_per_day", "N"),
    ("ua.recruits_per_day", "N"),
    ("ru.recruits_per_month", "N"),
    ("ua.recruits_per_month", "N"),
    ("rules.SECTION.FIELD", "a number or on|off (see assets/rules.ron)"),
];

fn valid_keys() -> String {
    KEYS.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ")
}

fn on_off(key: &str, value: &str) -> Result<bool, String> {
    match value {
        "on" | "true" | "yes" => Ok(true),
        "off" | "false" | "no" => Ok(false),
        _ => Err(format!("--set {key}: expected on or off, found `{value}`")),
    }
}

/// Applies one `KEY=VALUE` to a loaded scenario and its rules.
pub fn apply(l: &mut Loaded, kv: &str) -> Result<(), String> {
    let (key, value) =
        kv.split_once('=').ok_or_else(|| format!("--set {kv}: expected KEY=VALUE; valid keys: {}", valid_keys()))?;
    let (key, value) = (key.trim(), value.trim());
    if let Some(path) = key.strip_prefix("rules.") {
        return set_rule(l, key, path, value);
    }
    let num = |v: &str| -> Result<f64, String> {
        v.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| format!("--set {key}: expected a number ≥ 0, found `{v}`"))
    };
    let (side, what) = match key.split_once('.') {
        Some(("ru", w)) => (Some(Side::Ru), w),
        Some(("ua", w)) => (Some(Side::Ua), w),
        _ => (None, key),
    };
    let sf = &mut l.scenario;
    match (side, what) {
        (None, "aid") => {
            sf.aid = match value {
                "more" => Aid::More,
                "same" => Aid::Same,
                "cutoff" => Aid::Cutoff,
                _ => return Err(format!("--set aid: expected more, same or cutoff, found `{value}`")),
            }
        }
        (None, "turn_limit") => {
            sf.turn_limit = value
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=2000).contains(n))
                .ok_or_else(|| format!("--set turn_limit: expected 1..=2000 days, found `{value}`"))?;
            // A shorter game keeps the lessons of its days and drops the later ones (a guided
            // scenario cut short is still a lesson, not an error).
            let limit = sf.turn_limit;
            sf.lessons.retain(|l| l.day <= limit);
            // Likewise its scripted events.
            sf.events.retain(|e| e.day <= limit);
        }
        (Some(s), "armor") => {
            // Armor-heavy tactics, the 2024 way of attacking: every motorcycle group goes in as an
            // armored group (a company in carriers instead of on bikes); `sparing` keeps the
            // scenario as it is.
            match value {
                "sparing" => {}
                "heavy" => {
                    for d in sf.deploy.iter_mut().filter(|d| d.side == s && d.unit == "motorcycle_group") {
                        d.unit = "armored_group".to_string();
                    }
                }
                _ => return Err(format!("--set {key}: expected sparing or heavy, found `{value}`")),
            }
        }
        (Some(s), "recruits_per_day" | "recruits_per_month") => {
            let per_day = if what == "recruits_per_day" { num(value)? } else { num(value)? / 30.0 };
            let f = if s == Side::Ru { &mut sf.ru } else { &mut sf.ua };
            f.recruits_per_day = Some(per_day);
            f.recruits_per_month = None;
        }
        (Some(s), "fiber_optic") => {
            let on = on_off(key, value)?;
            let f = if s == Side::Ru { &mut sf.ru } else { &mut sf.ua };
            let has = f.edges.iter().any(|(e, _)| *e == Edge::FiberOptic);
            if on && !has {
                f.edges.push((Edge::FiberOptic, 0));
            } else if !on {
                f.edges.retain(|(e, _)| *e != Edge::FiberOptic);
            }
        }
        (Some(s), "drone_line") => {
            let on = on_off(key, value)?;
            let line = l.setup.rules.drones.line_units.clone();
            let has = sf.deploy.iter().any(|d| d.side == s && line.contains(&d.unit));
            if !on {
                sf.deploy.retain(|d| !(d.side == s && line.contains(&d.unit)));
            } else if !has {
                let Some((from, to)) = sf.deploy.iter().find_map(|d| match &d.place {
                    Placement::Front { from, to, .. } if d.side == s => Some((from.clone(), to.clone())),
                    _ => None,
                }) else {
                    return Err(format!(
                        "--set {key}: this scenario places no {} units along a front to put a drone line behind",
                        s.name()
                    ));
                };
                let unit =
                    line.first().cloned().ok_or_else(|| format!("--set {key}: rules.drones.line_units is empty"))?;
                sf.deploy.push(Deploy {
                    side: s,
                    unit,
                    count: l.setup.rules.drones.line_units_added,
                    place: Placement::Front { from, to, depth: l.setup.rules.drones.line_depth },
                    label: Some(format!("{} drone line", s.code().to_uppercase())),
                });
            }
        }
        (Some(s), "motorcycles") => {
            let on = on_off(key, value)?;
            if !on {
                // Without motorcycles the same soldiers go on foot, as assault teams.
                let (moto, foot) = ("motorcycle_group", "assault_team");
                let size = |id: &str| l.setup.units.get(id).map(|t| t.personnel).unwrap_or(1).max(1);
                let (m, f) = (size(moto), size(foot));
                for d in sf.deploy.iter_mut().filter(|d| d.side == s && d.unit == moto) {
                    d.unit = foot.to_string();
                    d.count = ((d.count * m) as f64 / f as f64).round().max(1.0) as u32;
                }
            }
        }
        _ => return Err(format!("--set: unknown key `{key}`; valid keys: {}", valid_keys())),
    }
    resolve_again(l)
}

/// Turns the (changed) scenario file into the engine's scenario again.
fn resolve_again(l: &mut Loaded) -> Result<(), String> {
    let scen = l.scenario.resolve(&l.file, &l.setup.map, &l.setup.units).map_err(|e| e.to_string())?;
    l.setup.scenario = Arc::new(scen);
    Ok(())
}

fn set_rule(l: &mut Loaded, key: &str, path: &str, value: &str) -> Result<(), String> {
    let rules = Arc::make_mut(&mut l.setup.rules);
    let mut v = serde_json::to_value(&*rules).map_err(|e| e.to_string())?;
    let parts: Vec<&str> = path.split('.').collect();
    let mut cur = &mut v;
    for (i, part) in parts.iter().enumerate() {
        let obj =
            cur.as_object_mut().ok_or_else(|| format!("--set {key}: `{}` has no fields", parts[..i].join(".")))?;
        let valid: Vec<String> = obj.keys().cloned().collect();
        cur = obj
            .get_mut(*part)
            .ok_or_else(|| format!("--set {key}: unknown key `{part}`; valid here: {}", valid.join(", ")))?;
    }
    // The value's range, as declared beside the rule (`sim::rules`).
    let bound = Rules::bounds().into_iter().find(|(k, _)| k == path).and_then(|(_, b)| b.range());
    let in_range = |x: f64, whole: bool| -> Result<f64, String> {
        let (lo, hi) = bound.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
        let kind = if whole { "a whole number" } else { "a number" };
        if !(x.is_finite() && lo <= x && x <= hi) || (whole && x.fract() != 0.0) {
            return Err(format!("--set {key}: expected {kind} in {}, found `{value}`", bounds::range(lo, hi)));
        }
        Ok(x)
    };
    let number = || -> Result<f64, String> {
        value.parse::<f64>().map_err(|_| format!("--set {key}: expected a number, found `{value}`"))
    };
    let new = match cur {
        serde_json::Value::Bool(_) => serde_json::Value::Bool(on_off(key, value)?),
        serde_json::Value::Number(n) if n.is_f64() => serde_json::json!(in_range(number()?, false)?),
        serde_json::Value::Number(_) => serde_json::json!(in_range(number()?, true)? as i64),
        _ => return Err(format!("--set {key}: is a group of settings, not one value")),
    };
    *cur = new;
    *rules = serde_json::from_value(v).map_err(|e| format!("--set {key}: {e}"))?;
    Ok(())
}

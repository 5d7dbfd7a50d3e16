//! The white cell's commands: one grammar, and one way of checking and recording what they
//! change, for a seminar's white cell (`attrition serve`, role `white`) and an instructor at a
//! local game (`attrition play --white`). Each host carries out the commands that act on its
//! own game (pausing, resolving, rolling back, branching); a change or a note goes into the
//! game's record the same way from either, so `replay --verify` checks both.

use crate::data::annotation::AnnotationFile;
use crate::data::event::EventKind;
use crate::sim::map::Side;
use crate::sim::Game;

use super::play::{check_injection, Source};
use super::record::Injection;

/// Every command, as `:help` and a mistyped command list them.
pub const COMMANDS: &str = "pause, resume, resolve, note TEXT, set KEY=VALUE, event EVENT, \
     observe ru|ua|public, rollback DAY, branch DAY [KEY=VALUE…], help";

/// How to write an event (`:help event`).
pub const EVENT_HELP: &str = "event Arrive(side: Ru, unit: \"drone_regiment\", count: 1, at: \"Pokrovsk\") \
     or event CutRoad(at: (40, 31), radius: 2, days: 5); at: a place's name or a cell (x, y); \
     it happens at the start of the coming day";

/// A white cell command, parsed.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Pause,
    Resume,
    Resolve,
    Note(String),
    Set(String),
    Event(EventKind),
    Observe(Option<Side>),
    Rollback(u32),
    Branch(u32, Vec<String>),
    /// `help`, or `help event` (the events' syntax).
    Help {
        event: bool,
    },
}

/// Longest note kept (characters).
pub const MAX_NOTE: usize = 400;

impl Command {
    /// A command line as typed after `:` (days are checked against the game by [`past_day`]).
    pub fn parse(line: &str) -> Result<Command, String> {
        let line = line.trim();
        let (word, rest) = line.split_once(' ').map(|(a, b)| (a, b.trim())).unwrap_or((line, ""));
        let day = |t: &str| t.trim().parse::<u32>().map_err(|_| format!("{word}: expected a day, found `{t}`"));
        Ok(match word {
            "pause" => Command::Pause,
            "resume" => Command::Resume,
            "resolve" => Command::Resolve,
            "help" | "?" => Command::Help { event: rest == "event" },
            "note" if !rest.is_empty() => Command::Note(rest.chars().take(MAX_NOTE).collect()),
            "set" if rest.contains('=') => Command::Set(rest.to_string()),
            "event" if !rest.is_empty() => Command::Event(EventKind::parse(rest)?),
            "observe" => Command::Observe(match rest {
                "ru" => Some(Side::Ru),
                "ua" => Some(Side::Ua),
                "public" => None,
                _ => return Err("observe ru, observe ua or observe public".into()),
            }),
            "rollback" => Command::Rollback(day(rest)?),
            "branch" => {
                let (d, settings) = rest.split_once(' ').map(|(a, b)| (a, b.trim())).unwrap_or((rest, ""));
                Command::Branch(day(d)?, settings.split_whitespace().map(str::to_string).collect())
            }
            "note" => return Err("note TEXT: a note needs its text".into()),
            "set" => return Err("set KEY=VALUE, such as set aid=cutoff".into()),
            "event" => return Err("event EVENT, such as event CutRoad(at: \"Myrnohrad\", days: 5)".into()),
            _ => return Err(format!("unknown command `{}`: {COMMANDS}", line.chars().take(40).collect::<String>())),
        })
    }
}

/// A past day of `game` to roll back or branch to: 0 up to the day before the last played
/// (or 0 itself before the first).
pub fn past_day(game: &Game, day: u32) -> Result<u32, String> {
    let now = game.day();
    if day < now || (day == now && day == 0) {
        Ok(day)
    } else {
        Err(format!("expected a past day, 0 to {}", now.saturating_sub(1)))
    }
}

/// Records a change (a setting or an event) for the coming day of `game`, after checking it
/// with every change made before it; returns what to tell the white cell. Nothing is
/// recorded when it is refused.
pub fn inject(
    game: &Game,
    source: &Source,
    injections: &mut Vec<Injection>,
    change: Injection,
) -> Result<String, String> {
    if game.is_over() {
        return Err("The game is over.".into());
    }
    check_injection(game, source, injections, &change)?;
    let text = match &change.event {
        Some(e) => format!("{} happens at the start of day {} (in the record).", e.to_ron(), change.day),
        None => format!("{} is in force from day {} on (in the record).", change.setting, change.day),
    };
    injections.push(change);
    Ok(text)
}

/// A note for every role, on the day the game stands at.
pub fn note(game: &Game, text: &str) -> AnnotationFile {
    AnnotationFile { day: game.day(), text: text.chars().take(MAX_NOTE).collect(), at: None, phase: None }
}

/// The answer to `:help` (or `:help event`).
pub fn help(event: bool) -> String {
    if event {
        EVENT_HELP.to_string()
    } else {
        format!("Commands: {COMMANDS} · :help event shows how to write an event")
    }
}

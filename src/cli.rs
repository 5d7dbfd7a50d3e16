//! The command line: `attrition` (the interface's start screen), `play` (straight into a
//! game), `sim` (headless AI-vs-AI batches), `scenarios`, `check` and `map`.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

/// `println!` that returns the write error instead of panicking, so `attrition … | head` ends
/// quietly when the reader goes away (see the Broken pipe case in `main`).
macro_rules! outln {
    ($($arg:tt)*) => {{
        writeln!(std::io::stdout().lock(), $($arg)*).map_err(|e| e.to_string())?
    }};
}

/// `print!` with the same care as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        write!(std::io::stdout().lock(), $($arg)*).map_err(|e| e.to_string())?
    }};
}

use crate::ai::AiLevel;
use crate::data::{self, Loaded};
use crate::sim::map::Side;
use crate::sim::Game;
use crate::study;
use crate::study::play::{self, Match};

#[derive(Parser, Debug)]
#[command(
    name = "attrition",
    version,
    about = "A turn-based wargame of front-line attrition: the Pokrovsk–Toretsk sector, 2025"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Leave the mouse to the terminal (to select and copy text, in tmux or over SSH); the
    /// config file's `mouse: false` does the same.
    #[arg(long, global = true)]
    pub no_mouse: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Json,
    Csv,
    Table,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum SideArg {
    Ru,
    Ua,
}

impl SideArg {
    pub fn side(self) -> Side {
        match self {
            SideArg::Ru => Side::Ru,
            SideArg::Ua => Side::Ua,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Json,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Play in the terminal, skipping the start screen.
    Play {
        /// Scenario id (see `attrition scenarios`) or path to a scenario file.
        #[arg(long, default_value = data::DEFAULT_SCENARIO)]
        scenario: String,
        /// The side you play (with --hotseat, both sides are played at this keyboard).
        #[arg(long, value_enum, default_value_t = SideArg::Ua)]
        side: SideArg,
        /// Two players take turns at one keyboard; a hand-over screen hides each side's plans.
        #[arg(long)]
        hotseat: bool,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Change a setting for this game (see `sim --set`); kept in the game's record.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Resume a saved game (an autosave or a file saved with Ctrl-S/W): its scenario,
        /// settings, seed and sides come from the file.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["scenario", "side", "hotseat", "seed"])]
        load: Option<std::path::PathBuf>,
        /// With --load: a new game from the end of day N of that record (its days up to N,
        /// then fresh play, with --set changes from day N+1); its record names the file and day.
        #[arg(long, value_name = "N", requires = "load")]
        from_day: Option<u32>,
        /// With --load: a game saved under other rules (one that no longer replays the same
        /// way here) played again under this version's rules, as a new game: the recorded
        /// orders of the player's side each day, the computer's given afresh; the file is kept.
        #[arg(long, requires = "load", conflicts_with = "from_day")]
        again: bool,
        /// Do not write `<scenario-id>.ron` to the saves folder after every day.
        #[arg(long)]
        no_autosave: bool,
        /// The computer opponent: strong (the default, the competent play the model is
        /// calibrated at) or baseline (plainer, easier to beat).
        #[arg(long, value_name = "LEVEL", value_parser = ai_level(), default_value = "strong")]
        ai: AiLevel,
        /// Older spelling of `--ai strong` (now the default).
        #[arg(long, hide = true, conflicts_with = "ai")]
        strong_ai: bool,
        /// An instructor's game: `:` opens the white cell's commands (resolve, set, event, note,
        /// rollback, branch; as in a seminar), every change kept in the game's record.
        #[arg(long)]
        white: bool,
    },
    /// Run AI-vs-AI games headless; run k uses seed N+k. Rows stream out in seed order as
    /// games finish (one schema with `whatif`; see the README's "Studies at scale").
    Sim {
        /// Scenario id (see `attrition scenarios`) or path to a scenario file.
        #[arg(long, default_value = data::DEFAULT_SCENARIO)]
        scenario: String,
        /// The first seed of the study.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Seeds in the whole study (before --shard); at most 1,000,000.
        #[arg(long, default_value_t = 1)]
        runs: u64,
        /// Play only shard K of N (K from 0): the K-th of N contiguous slices of the seeds.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// Threads (default: $RAYON_NUM_THREADS, else every core).
        #[arg(long, value_name = "J")]
        jobs: Option<usize>,
        /// Days to play at most (default: the scenario's turn limit).
        #[arg(long)]
        turns: Option<u32>,
        /// Change a setting: aid=more|same|cutoff, ru.recruits_per_day=N, ua.recruits_per_month=N,
        /// or any rule as rules.SECTION.FIELD=VALUE (e.g. rules.drones.hit_chance=0.3).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// With --format csv: a UTF-8 byte-order mark and CRLF line ends, for Excel.
        #[arg(long)]
        excel: bool,
        /// Write each run's record (scenario, settings, seed, every day's orders): a file for
        /// one run, a directory (one `seed-N.ron` per run) for several.
        #[arg(long, value_name = "PATH")]
        record: Option<std::path::PathBuf>,
        /// The AI for each side: e.g. ru=strong,ua=baseline (default: strong for both; a side
        /// left out is strong).
        #[arg(long, value_name = "ru=LEVEL,ua=LEVEL", default_value = "ru=strong,ua=strong")]
        ai: String,
        /// Print every AI order of the first run, with the reason it was given, to stderr.
        #[arg(long)]
        explain: bool,
    },
    /// Open a game record in the replay viewer (day by day, phase by phase; prints a summary
    /// when stdout is not a terminal); with --verify, check every day's state hash and exit
    /// non-zero naming the first day that differs.
    Replay {
        file: std::path::PathBuf,
        #[arg(long)]
        verify: bool,
        /// Show the game as this side saw it (a game still going is shown so by default, as
        /// its human player saw it).
        #[arg(long, value_enum)]
        side: Option<SideArg>,
        /// Show a game still going as an observer: both sides' units, losses, supply and
        /// reserves, and every event, including what one side never saw.
        #[arg(long, conflicts_with = "side")]
        reveal: bool,
        /// Write the replay as an asciicast (asciinema v2) to OUT instead: the viewer drawn
        /// headlessly, one frame per day.
        #[arg(long, value_name = "OUT.cast", conflicts_with = "verify")]
        cast: Option<std::path::PathBuf>,
        /// The cast's size in cells (at least 80x24).
        #[arg(long, value_name = "WxH", default_value = "120x36", requires = "cast")]
        size: String,
    },
    /// Run the same scenario over the same seeds for each value of one setting, and compare.
    Whatif {
        #[arg(long, default_value = data::DEFAULT_SCENARIO)]
        scenario: String,
        /// The first seed of the study.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Seeds per variant in the whole study (before --shard); at most 1,000,000.
        #[arg(long, default_value_t = 100)]
        runs: u64,
        /// Play only shard K of N (K from 0): the K-th of N contiguous slices of the seeds.
        #[arg(long, value_name = "K/N")]
        shard: Option<String>,
        /// Threads (default: $RAYON_NUM_THREADS, else every core).
        #[arg(long, value_name = "J")]
        jobs: Option<usize>,
        /// The setting to vary and its values, e.g. ua.drone_line=on,off
        #[arg(long, value_name = "KEY=A,B[,C]")]
        vary: String,
        /// Settings for every variant (see `sim --set`).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Days to play at most (default: the scenario's turn limit).
        #[arg(long)]
        turns: Option<u32>,
        /// The AI for each side (see `sim --ai`; default: strong for both).
        #[arg(long, value_name = "ru=LEVEL,ua=LEVEL", default_value = "ru=strong,ua=strong")]
        ai: String,
        /// table (for people), or csv/json: one row per run (the rows of `sim`).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// With --format csv: a UTF-8 byte-order mark and CRLF line ends, for Excel.
        #[arg(long)]
        excel: bool,
        /// Also write the charts as SVG files into DIR (box plots per measure, shares of wins).
        #[arg(long, value_name = "DIR", conflicts_with = "shard")]
        svg: Option<std::path::PathBuf>,
    },
    /// Merge the JSON Lines of a study's shards (`sim`/`whatif --format json --shard K/N`) and
    /// print what one process would have; missing and duplicate seeds are reported.
    Merge {
        /// Shard files, or `-` for standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// With --format csv: a UTF-8 byte-order mark and CRLF line ends, for Excel.
        #[arg(long)]
        excel: bool,
        /// Also write a what-if's charts as SVG files into DIR (as `whatif --svg`).
        #[arg(long, value_name = "DIR")]
        svg: Option<std::path::PathBuf>,
    },
    /// An after-action report of a game record: the timeline of ground, losses, supply and
    /// will, and the key events.
    Report {
        file: std::path::PathBuf,
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Report the game as this side saw it (a game still going is reported so by
        /// default, as its human player saw it).
        #[arg(long, value_enum)]
        side: Option<SideArg>,
        /// Report a game still going as an observer: both sides' units, losses, supply and
        /// reserves, and every event, including what one side never saw.
        #[arg(long, conflicts_with = "side")]
        reveal: bool,
        /// Also write the report's charts as SVG files into DIR (ground, losses, supply, will,
        /// losses by cause).
        #[arg(long, value_name = "DIR")]
        svg: Option<std::path::PathBuf>,
    },
    /// List the built-in scenarios.
    Scenarios {
        /// One JSON object per scenario per line (id, title, file, turn limit, map, objectives).
        #[arg(long)]
        json: bool,
    },
    /// A seminar over SSH: serve one game to a class, each at its own terminal with the
    /// system's `ssh`: `ru` and `ua` plan their side's orders, `white` (instructors) sees the
    /// truth and pauses, resolves, injects, notes, rolls back and branches; `observer` sees
    /// what both sides know. Prints one join line per role with a passphrase made for this game.
    Serve {
        /// Scenario id (see `attrition scenarios`) or path to a scenario file.
        #[arg(long, default_value = data::DEFAULT_SCENARIO)]
        scenario: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Change a setting for this game (see `sim --set`); kept in the record.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// Where to listen.
        #[arg(long, value_name = "ADDR:PORT", default_value = "0.0.0.0:2222")]
        listen: std::net::SocketAddr,
        /// Resume a seminar from its record at the last completed day; the same passphrases
        /// work (they are kept in it, hashed).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["scenario", "seed", "set", "record"])]
        load: Option<std::path::PathBuf>,
        /// Where the record is written after every day (default: the saves folder).
        #[arg(long, value_name = "FILE")]
        record: Option<std::path::PathBuf>,
        /// Public keys instead of passphrases: DIR/ru, DIR/ua, DIR/white, DIR/observer, each in
        /// authorized_keys format.
        #[arg(long, value_name = "DIR")]
        keys: Option<std::path::PathBuf>,
    },
    /// Print a shell completion script: `attrition completions bash > ~/.local/share/bash-completion/completions/attrition`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `attrition man > attrition.1; man ./attrition.1`.
    Man,
    /// Check the model against the reporting: one row per claim, with the source's figure,
    /// the model's mean and 10–90% range, and whether the claim holds (all cores).
    Calibrate {
        /// Seeds per case.
        #[arg(long, default_value_t = 100)]
        runs: u32,
        /// The AI for each side (the reference pairing is the strong AI on both).
        #[arg(long, value_name = "ru=LEVEL,ua=LEVEL", default_value = "ru=strong,ua=strong")]
        ai: String,
        /// table (for people), or json/csv: one record per claim.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Validate scenarios, maps, rules, unit types, game records (with their annotations) and
    /// the settings file, each known by its contents; every error of a file is reported, each
    /// with file, line and column.
    Check {
        #[arg(required = true)]
        files: Vec<String>,
    },
    /// Describe a map: size, projection and the cell of every place.
    Map {
        /// Print JSON (the only format for now).
        #[arg(long)]
        json: bool,
        /// Map or scenario id, or a map file.
        id: String,
    },
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let result = match cli.command {
        None => play(crate::ui::Open::Start, true, cli.no_mouse, false),
        Some(Command::Play {
            scenario,
            side,
            hotseat,
            seed,
            set,
            load,
            from_day,
            again,
            no_autosave,
            ai,
            strong_ai,
            white,
        }) => {
            let open = match (load, from_day) {
                (Some(path), Some(day)) => Ok(crate::ui::Open::Branch(path, day, set)),
                (Some(_), None) if again && !set.is_empty() => {
                    Err("--set with --again: a game played again keeps its file's settings".to_string())
                }
                (Some(path), None) if again => Ok(crate::ui::Open::Again(path)),
                (Some(_), None) if !set.is_empty() => {
                    Err("--set with --load needs --from-day N: a saved game keeps its settings".to_string())
                }
                (Some(path), None) => Ok(crate::ui::Open::Load(path)),
                (None, _) => Ok(crate::ui::Open::Game(
                    crate::ui::Launch {
                        scenario,
                        side: match side {
                            SideArg::Ru => Side::Ru,
                            SideArg::Ua => Side::Ua,
                        },
                        hotseat,
                        seed,
                        ai: if strong_ai { AiLevel::Strong } else { ai },
                    },
                    set,
                )),
            };
            open.and_then(|open| play(open, !no_autosave, cli.no_mouse, white))
        }
        Some(Command::Sim { scenario, seed, runs, shard, jobs, turns, set, format, excel, record, ai, explain }) => {
            parse_ai(&ai).and_then(|levels| {
                let mut plan = study::Plan::new(&scenario, &set, None, seed, runs, turns, levels)?;
                plan.shard =
                    shard.as_deref().map(study::batch::Shard::parse).transpose()?.unwrap_or(study::batch::Shard::WHOLE);
                plan.jobs = jobs;
                plan.record = record;
                if explain {
                    explain_run(&scenario, seed, turns, &set, levels)?;
                }
                run_study(&plan, format, excel, None)
            })
        }
        Some(Command::Report { file, format, svg, side, reveal }) => {
            report(&file, format, svg.as_deref(), side.map(SideArg::side), reveal)
        }
        Some(Command::Replay { file, cast: Some(out), size, side, reveal, .. }) => {
            cast(&file, &out, &size, side.map(SideArg::side), reveal)
        }
        Some(Command::Replay { file, verify, side, reveal, .. }) => {
            replay(&file, verify, side.map(SideArg::side), reveal, cli.no_mouse)
        }
        Some(Command::Whatif { scenario, seed, runs, shard, jobs, vary, set, turns, ai, format, excel, svg }) => {
            parse_ai(&ai).and_then(|levels| {
                let mut plan = study::Plan::new(&scenario, &set, Some(&vary), seed, runs, turns, levels)?;
                plan.shard =
                    shard.as_deref().map(study::batch::Shard::parse).transpose()?.unwrap_or(study::batch::Shard::WHOLE);
                plan.jobs = jobs;
                run_study(&plan, format, excel, svg.as_deref())
            })
        }
        Some(Command::Merge { files, format, excel, svg }) => merge(&files, format, excel, svg.as_deref()),
        Some(Command::Scenarios { json }) => scenarios(json),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "attrition", &mut buf);
            std::io::stdout().lock().write_all(&buf).map_err(|e| e.to_string())
        }
        Some(Command::Man) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .and_then(|()| std::io::stdout().lock().write_all(&buf))
                .map_err(|e| e.to_string())
        }
        Some(Command::Serve { scenario, seed, set, listen, load, record, keys }) => {
            crate::serve::run(crate::serve::Options { scenario, seed, settings: set, listen, load, record, keys })
        }
        Some(Command::Calibrate { runs, ai, format }) => calibrate(runs, &ai, format),
        Some(Command::Check { files }) => check(&files),
        Some(Command::Map { json, id }) => map_cmd(&id, json),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (`attrition report FILE | head`): not an error worth a message.
        Err(msg) if msg.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("attrition: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// Applies one `--set KEY=VALUE` to a loaded setup (see `data::settings`).
pub fn apply_setting(l: &mut Loaded, kv: &str) -> Result<(), String> {
    data::settings::apply(l, kv)
}

#[derive(Serialize, Clone, Copy)]
struct SideNumbers {
    personnel: u32,
    vehicles: u32,
}

#[derive(Serialize)]
struct PerSide<T> {
    ru: T,
    ua: T,
}

/// The result of one headless run (one JSON line of `sim --format json`).
#[derive(Serialize)]
pub struct RunResult {
    scenario: String,
    seed: u64,
    turns: u32,
    winner: Option<&'static str>,
    end_reason: String,
    losses: PerSide<SideNumbers>,
    ground_km2: PerSide<f64>,
    state_hash: String,
}

/// Plays one AI-vs-AI game to its end (or `turns` days) with the given AI level for each side
/// (Russia, Ukraine), and summarises it.
pub fn run_one_with(
    loaded: &Loaded,
    seed: u64,
    turns: Option<u32>,
    levels: [AiLevel; 2],
    mut each_day: impl FnMut(&Game),
) -> Result<(Game, RunResult), String> {
    let mut m = Match::computers(loaded.new_game(seed)?, levels);
    m.play_out(turns, |g, _| each_day(g));
    let g = m.into_game();
    let (winner, end_reason) = match g.outcome() {
        Some(o) => (o.winner.map(|s| s.code()), crate::words::end_reason(&o.reason)),
        None => (None, format!("stopped after {} days (--turns)", g.day())),
    };
    let sn = |s: Side| SideNumbers {
        personnel: g.side(s).losses.personnel_total(),
        vehicles: g.side(s).losses.vehicles_total(),
    };
    let r = RunResult {
        scenario: g.scenario().id.clone(),
        seed,
        turns: g.day(),
        winner,
        end_reason,
        losses: PerSide { ru: sn(Side::Ru), ua: sn(Side::Ua) },
        ground_km2: PerSide { ru: g.ground_gained_km2(Side::Ru), ua: g.ground_gained_km2(Side::Ua) },
        state_hash: format!("{:016x}", g.state_hash()),
    };
    Ok((g, r))
}

fn load(scenario: &str, set: &[String]) -> Result<Loaded, String> {
    let mut l = data::load_scenario(scenario, 0).map_err(|e| e.to_string())?;
    for kv in set {
        apply_setting(&mut l, kv)?;
    }
    Ok(l)
}

/// Plays one game and prints each AI order with its reason (the AI's log).
fn explain_run(
    scenario: &str,
    seed: u64,
    turns: Option<u32>,
    set: &[String],
    levels: [AiLevel; 2],
) -> Result<(), String> {
    let loaded = load(scenario, set)?;
    let mut m = Match::computers(loaded.new_game(seed)?, levels);
    let limit = turns.unwrap_or(u32::MAX);
    let mut err = std::io::stderr().lock();
    let mut failed = Ok(());
    while !m.game().is_over() && m.game().day() < limit && failed.is_ok() {
        m.step_explained(&mut |g, side, o, why| {
            let label = g.unit(o.unit()).map(|u| u.label.clone()).unwrap_or_default();
            if failed.is_ok() {
                failed = writeln!(err, "day {:>3} {side} {label}: {} — {why}", g.day() + 1, o.verb());
            }
        });
    }
    failed.map_err(|e| e.to_string())
}

/// `play --ai`'s parser: the level names, listed in `--help` and its errors.
fn ai_level() -> impl clap::builder::TypedValueParser<Value = AiLevel> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(AiLevel::ALL.map(AiLevel::name))
        .map(|name: String| AiLevel::parse(&name).unwrap_or_default())
}

/// Parses `ru=strong,ua=baseline` (either side may be left out: strong, the reference).
pub fn parse_ai(spec: &str) -> Result<[AiLevel; 2], String> {
    let mut levels = [AiLevel::Strong; 2];
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (side, level) =
            part.split_once('=').ok_or_else(|| format!("--ai {part}: expected SIDE=LEVEL, e.g. ru=strong"))?;
        let i = match side.trim() {
            "ru" => 0,
            "ua" => 1,
            other => return Err(format!("--ai: unknown side `{other}`; expected ru or ua")),
        };
        levels[i] = AiLevel::parse(level.trim())
            .ok_or_else(|| format!("--ai: unknown level `{}`; expected baseline or strong", level.trim()))?;
    }
    Ok(levels)
}

/// Runs (this process's shard of) a study and streams its rows to standard output in seed
/// order, with a progress bar on standard error; Ctrl-C ends it cleanly after the rows
/// already printed.
fn run_study(plan: &study::Plan, format: Format, excel: bool, svg: Option<&std::path::Path>) -> Result<(), String> {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    #[cfg(unix)]
    let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, stop.clone());
    let total = plan.games();
    let bar = study::batch::progress(total, "runs");
    let started = std::time::Instant::now();
    let mut sink =
        study::output::Sink::new(std::io::stdout().lock(), format.into(), excel, &plan.study, svg.is_some())?;
    let ended = plan.run(&stop, &|| bar.inc(1), |r| bar.suspend(|| sink.row(&r)));
    bar.finish_and_clear();
    match ended? {
        study::batch::Ended::Complete => {
            let summary = sink.finish()?;
            if format == Format::Table && plan.study.vary.is_some() {
                eprintln!("({total} runs in {:.1} s)", started.elapsed().as_secs_f64());
            }
            write_charts(svg, summary.as_ref(), &plan.study.scenario)
        }
        study::batch::Ended::Stopped { done } => {
            Err(format!("stopped by Ctrl-C after {done} of {total} runs; every row printed above is complete"))
        }
    }
}

impl From<Format> for study::output::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Json => study::output::Format::Json,
            Format::Csv => study::output::Format::Csv,
            Format::Table => study::output::Format::Table,
        }
    }
}

/// `attrition merge`: reads every shard, reports duplicates and gaps on standard error, and
/// prints the study as one process would have once it is whole.
fn merge(files: &[String], format: Format, excel: bool, svg: Option<&std::path::Path>) -> Result<(), String> {
    let mut m = study::merge::MergeBuilder::default();
    for f in files {
        if f == "-" {
            m.read("<stdin>", std::io::stdin().lock())?;
        } else {
            let file = std::fs::File::open(f).map_err(|e| format!("{f}: {e}"))?;
            m.read(f, std::io::BufReader::new(file))?;
        }
    }
    let merged = m.finish()?;
    eprint!("{}", merged.check.report());
    let missing = merged.check.missing_count();
    if missing > 0 {
        let whole = merged.study.runs * merged.study.variants().len().max(1) as u64;
        return Err(format!("the study is incomplete: {missing} of {whole} runs missing (see above); nothing printed"));
    }
    let summary = merged.write(std::io::stdout().lock(), format.into(), excel, svg.is_some())?;
    write_charts(svg, summary.as_ref(), &merged.study.scenario)
}

/// `--svg DIR`: a what-if's charts as SVG files, named on standard error.
fn write_charts(
    dir: Option<&std::path::Path>,
    summary: Option<&study::whatif::Summary>,
    scenario: &str,
) -> Result<(), String> {
    let (Some(dir), Some(summary)) = (dir, summary) else { return Ok(()) };
    for p in study::svg::write_all(dir, &study::svg::whatif_charts(summary, scenario))? {
        eprintln!("wrote {}", p.display());
    }
    Ok(())
}

/// The terminal interface: the start screen, a new game, a saved game or a replay. What it
/// opens is loaded first, so a bad scenario or a damaged save is reported without a terminal.
fn play(open: crate::ui::Open, autosave: bool, no_mouse: bool, white: bool) -> Result<(), String> {
    use std::io::IsTerminal;
    let mut app = crate::ui::prepare(open, autosave, no_mouse)?;
    if white {
        app.set_white();
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err("the game needs a terminal; for headless games use `attrition sim` (see --help)".into());
    }
    crate::ui::run(app)
}

fn calibrate(runs: u32, ai: &str, format: Format) -> Result<(), String> {
    use crate::study::calibrate as cal;
    if runs == 0 || runs > 100_000 {
        return Err(format!("--runs {runs}: expected 1 to 100000 seeds per case"));
    }
    let levels = parse_ai(ai)?;
    let started = std::time::Instant::now();
    let bar = crate::study::batch::progress(cal::CASES.len() as u64 * runs as u64, "games");
    let claims = cal::claims(runs, levels, &|| bar.inc(1))?;
    bar.finish_and_clear();
    match format {
        Format::Table => {
            out!("{}", cal::table(&claims));
            outln!(
                "({runs} seeds per case, ru={} ua={}; {:.1} s)",
                levels[0].name(),
                levels[1].name(),
                started.elapsed().as_secs_f64()
            );
        }
        Format::Json => outln!("{}", cal::json(&claims)),
        Format::Csv => out!("{}", cal::csv(&claims)?),
    }
    Ok(())
}

/// `replay FILE --cast OUT.cast`: the viewer, day by day, as an asciicast.
fn cast(
    file: &std::path::Path,
    out: &std::path::Path,
    size: &str,
    side: Option<Side>,
    reveal: bool,
) -> Result<(), String> {
    let bad = || format!("--size {size}: expected WIDTHxHEIGHT, e.g. 120x36");
    let (w, h) = size.split_once(['x', 'X']).ok_or_else(bad)?;
    let (width, height) = (w.trim().parse().map_err(|_| bad())?, h.trim().parse().map_err(|_| bad())?);
    let rec = crate::study::record::load(file)?;
    let o = study::cast::CastOptions { width, height, side, reveal, ..Default::default() };
    let text =
        study::cast::cast(rec, &file.display().to_string(), o).map_err(|e| format!("{}: {e}", file.display()))?;
    crate::study::record::write_atomic(out, &text)?;
    eprintln!("wrote {} ({} frames)", out.display(), text.lines().count() - 1);
    Ok(())
}

fn replay(
    file: &std::path::Path,
    verify: bool,
    side: Option<Side>,
    reveal: bool,
    no_mouse: bool,
) -> Result<(), String> {
    use std::io::IsTerminal;
    if !verify && std::io::stdout().is_terminal() && std::io::stdin().is_terminal() {
        return play(crate::ui::Open::Replay(file.to_path_buf(), side, reveal), false, no_mouse, false);
    }
    let rec = crate::study::record::load(file)?;
    let started = std::time::Instant::now();
    let g = play::replay(&rec).map_err(|e| format!("{}: {e}", file.display()))?;
    let took = started.elapsed();
    let outcome =
        g.outcome().map(|o| crate::words::end_reason(&o.reason)).unwrap_or_else(|| "the game was still going".into());
    if verify {
        outln!(
            "{}: verified — {} days of `{}` (seed {}) replay bit for bit; final state hash {:016x} ({:.0} ms)",
            file.display(),
            rec.days.len(),
            rec.scenario,
            rec.seed,
            g.state_hash(),
            took.as_secs_f64() * 1000.0
        );
    } else {
        // Written at once, so a reader that goes away (`| head`) ends the command quietly.
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: `{}`, seed {}, {} days. {}",
            file.display(),
            rec.scenario,
            rec.seed,
            rec.days.len(),
            outcome
        );
        // Instructors' notes (the scenario's, then the record's) under their day.
        let own = rec.annotations_on(g.map()).map_err(|f| format!("{}: {}: {}", file.display(), f.item(), f.msg))?;
        let notes: Vec<_> = g.scenario().annotations.iter().chain(&own).collect();
        let print_notes = |out: &mut String, day: u32| {
            for a in notes.iter().filter(|a| a.day == day) {
                let phase = a.phase.map(|p| format!(" ({})", p.name())).unwrap_or_default();
                let _ = writeln!(out, "           note{phase}: {}", a.text);
            }
        };
        // A game still going is told as one side saw it: the enemy's losses its estimates (~).
        let reader = crate::study::report::reader_of(&rec, g.is_over(), side, reveal)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let timeline = match reader {
            None => g.history().to_vec(),
            Some(s) => {
                let _ = writeln!(out, "As {} saw it (~: its estimates of the enemy's losses).", s.name());
                crate::study::report::from_record(&rec, Some(s))
                    .map_err(|e| format!("{}: {e}", file.display()))?
                    .timeline
            }
        };
        let lost = |d: &crate::sim::DayStats, s: Side| {
            let mark = if reader == Some(s.other()) { "~" } else { "" };
            format!("{mark}{}", d.losses[s.index()])
        };
        print_notes(&mut out, 0);
        for d in timeline.iter().skip(1) {
            let _ = writeln!(
                out,
                "  day {:>3}: losses RU {:>5} UA {:>5} · ground RU {:>5.0} UA {:>5.0} km² · will RU {:>3.0} UA {:>3.0}",
                d.day,
                lost(d, Side::Ru),
                lost(d, Side::Ua),
                d.ground_km2[0],
                d.ground_km2[1],
                d.will[0],
                d.will[1]
            );
            print_notes(&mut out, d.day);
        }
        std::io::stdout().lock().write_all(out.as_bytes()).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn report(
    file: &std::path::Path,
    format: ReportFormat,
    svg: Option<&std::path::Path>,
    side: Option<Side>,
    reveal: bool,
) -> Result<(), String> {
    use crate::study::report::{from_record, reader_of};
    let rec = crate::study::record::load(file)?;
    let at = |e: String| format!("{}: {e}", file.display());
    let full = from_record(&rec, None).map_err(|e| at(e.to_string()))?;
    // A game still going is reported as one side saw it, unless revealed on purpose.
    let r = match reader_of(&rec, full.outcome.is_some(), side, reveal).map_err(at)? {
        None => full,
        Some(s) => from_record(&rec, Some(s)).map_err(|e| at(e.to_string()))?,
    };
    let text = match format {
        ReportFormat::Md => crate::study::report::markdown(&r),
        ReportFormat::Csv => crate::study::report::csv(&r),
        ReportFormat::Json => crate::study::report::json(&r),
    };
    std::io::stdout().lock().write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    if let Some(dir) = svg {
        for p in study::svg::write_all(dir, &study::svg::report_charts(&r))? {
            eprintln!("wrote {}", p.display());
        }
    }
    Ok(())
}

fn scenarios(json: bool) -> Result<(), String> {
    for (id, file, _) in data::SCENARIOS {
        match data::load_scenario(id, 0) {
            Ok(l) if json => {
                let s = &l.setup.scenario;
                let v = serde_json::json!({
                    "id": id,
                    "title": l.scenario.title,
                    "file": file,
                    "turn_limit": l.scenario.turn_limit,
                    "map": l.scenario.map,
                    "objectives": s.objectives.iter().map(|o| o.name.clone()).collect::<Vec<_>>(),
                });
                outln!("{v}")
            }
            Ok(l) => outln!("{id:<22} {}  ({} days, {})", l.scenario.title, l.scenario.turn_limit, file),
            Err(e) if json => outln!("{}", serde_json::json!({"id": id, "file": file, "error": e.to_string()})),
            Err(e) => outln!("{id:<22} BROKEN: {e}"),
        }
    }
    Ok(())
}

/// Checks each file, of whatever kind (`crate::check`): `FILE: ok — kind: …`, or every error
/// of the file on its own line.
fn check(files: &[String]) -> Result<(), String> {
    let mut failed = 0;
    for f in files {
        match crate::check::file(std::path::Path::new(f)) {
            Ok(c) => outln!("{f}: ok — {}: {}", c.kind.name(), c.summary),
            Err(errs) => {
                failed += 1;
                for e in errs {
                    eprintln!("{e}");
                }
            }
        }
    }
    if failed > 0 {
        Err(format!("{failed} of {} files failed the check", files.len()))
    } else {
        Ok(())
    }
}

#[derive(Serialize)]
struct MapPlace<'a> {
    name: &'a str,
    lat: f64,
    lon: f64,
    x: i16,
    y: i16,
    approximate: bool,
}

#[derive(Serialize)]
struct MapJson<'a> {
    id: &'a str,
    title: &'a str,
    cell_km: f64,
    width: i16,
    height: i16,
    projection: serde_json::Value,
    places: Vec<MapPlace<'a>>,
}

fn map_cmd(id: &str, json: bool) -> Result<(), String> {
    // A scenario id names its map too.
    let name = data::SCENARIOS
        .iter()
        .find(|(sid, _, _)| *sid == id)
        .and_then(|(_, file, text)| data::parse_ron::<data::scenario::ScenarioFile>(file, text).ok())
        .map(|s| s.map)
        .unwrap_or_else(|| id.to_string());
    let (_, m) = data::find_map(&name, None).map_err(|e| e.to_string())?;
    let p = m.projection;
    let out = MapJson {
        id: &m.id,
        title: &m.title,
        cell_km: m.cell_km,
        width: m.width,
        height: m.height,
        projection: serde_json::json!({
            "kind": "equirectangular",
            "north": p.north, "west": p.west, "ref_lat": p.ref_lat,
            "km_per_deg_lat": crate::sim::map::KM_PER_DEG_LAT,
            "km_per_deg_lon": crate::sim::map::KM_PER_DEG_LON_EQ * libm::cos(p.ref_lat.to_radians()),
            "x": "floor((lon - west) * km_per_deg_lon / cell_km)",
            "y": "floor((north - lat) * km_per_deg_lat / cell_km)",
        }),
        places: m
            .places
            .iter()
            .map(|pl| MapPlace {
                name: &pl.name,
                lat: pl.lat,
                lon: pl.lon,
                x: pl.cell.x,
                y: pl.cell.y,
                approximate: pl.approximate,
            })
            .collect(),
    };
    if json {
        outln!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    } else {
        outln!("{} ({}): {}x{} cells of {} km", out.title, out.id, out.width, out.height, out.cell_km);
        for pl in &out.places {
            outln!(
                "  {:<24} ({:>3},{:>3})  {:.4}, {:.4}{}",
                pl.name,
                pl.x,
                pl.y,
                pl.lat,
                pl.lon,
                if pl.approximate { "  (approximate)" } else { "" }
            );
        }
    }
    Ok(())
}

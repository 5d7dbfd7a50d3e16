//! The what-if screen's state: a form choosing one setting to vary, a study running on a
//! background thread, and its results (the same [`Summary`] the `whatif` command prints).
//!
//! The study runs [`whatif::run_rows`] on its own thread (which spreads the runs over every core
//! with rayon), so the interface keeps drawing; the thread counts finished runs in an atomic
//! the progress bar reads, and stops early when the cancel flag is set.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::ai::AiLevel;
use crate::study::rows::{CsvOut, Row};
use crate::study::whatif::{self, Summary, Variant};

use super::super::action::Action;
use super::super::keymap::Ctx;
use super::super::session::Session;
use super::super::shared::Ui;
use super::whatif_pages;
pub use super::whatif_pages::ResultsPage;
use super::{Go, Resume, Screen};

/// A what-if switch the form offers and the values it compares, the first being the reference
/// the others are measured against. Keys and values are those `data::settings` accepts.
pub struct Switch {
    pub key: &'static str,
    pub values: &'static [&'static str],
    /// What it changes, in the class's words.
    pub about: &'static str,
}

/// Every switch the form offers.
pub const SWITCHES: &[Switch] = &[
    Switch { key: "ua.drone_line", values: &["on", "off"], about: "Ukraine's drone line behind the front" },
    Switch { key: "ru.drone_line", values: &["on", "off"], about: "Russia's drone line behind the front" },
    Switch { key: "ua.fiber_optic", values: &["off", "on"], about: "Ukraine gets fiber-optic drones" },
    Switch { key: "ru.fiber_optic", values: &["off", "on"], about: "Russia gets fiber-optic drones" },
    Switch { key: "ru.motorcycles", values: &["on", "off"], about: "Russian bikers, or the same on foot" },
    Switch { key: "ua.motorcycles", values: &["on", "off"], about: "Ukrainian bikers, or the same on foot" },
    // Sparing: motorcycle groups (2025); heavy: the same in armored carriers (2024).
    Switch { key: "ru.armor", values: &["sparing", "heavy"], about: "Russia attacks on bikes or in armor" },
    Switch { key: "ua.armor", values: &["sparing", "heavy"], about: "Ukraine attacks on bikes or in armor" },
    Switch { key: "aid", values: &["same", "more", "cutoff"], about: "Western aid: as now, more, cut off" },
    // The reporting's range, 1,000–1,500 recruits a day front-wide (Meduza), and none at all:
    // within the range the pool is not what limits a month of fighting, without recruits it is.
    Switch { key: "ru.recruits_per_day", values: &["1000", "1500", "0"], about: "Russia's recruits a day" },
    // The reporting's bound (Ukraine recruits at most 30,000 a month), less, and none.
    Switch { key: "ua.recruits_per_month", values: &["30000", "20000", "0"], about: "Ukraine's recruits a month" },
];

/// Seeds per value the form offers.
pub const RUNS: [u32; 5] = [20, 50, 100, 200, 500];
pub const DEFAULT_RUNS: u32 = 100;
/// Days per game the form offers besides the scenario's own.
pub const DAYS: [u32; 6] = [10, 20, 30, 45, 60, 90];

/// Fields of the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WhatIfField {
    Switch,
    Runs,
    Days,
}

impl WhatIfField {
    pub const ALL: [WhatIfField; 3] = [WhatIfField::Switch, WhatIfField::Runs, WhatIfField::Days];
}

/// Everything one study needs, as the `whatif` command would be given it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Study {
    /// The scenario id or path as loaded (`--scenario`).
    pub scenario: String,
    /// Settings for every variant (`--set`), the game's own when opened from a game.
    pub base: Vec<String>,
    pub key: String,
    pub values: Vec<String>,
    /// Seeds per value (`--runs`).
    pub runs: u32,
    /// Days per game, when not the scenario's own (a `turn_limit` setting after the base ones).
    pub days: Option<u32>,
}

impl Study {
    /// The settings every variant is played with.
    pub fn settings(&self) -> Vec<String> {
        let mut v = self.base.clone();
        if let Some(d) = self.days {
            v.push(format!("turn_limit={d}"));
        }
        v
    }

    pub fn total(&self) -> usize {
        self.runs as usize * self.values.len()
    }

    /// `--vary KEY=A,B` as the command line writes it.
    pub fn vary(&self) -> String {
        format!("{}={}", self.key, self.values.join(","))
    }

    /// The file the runs are exported to: `whatif-<scenario>-<key>-<n>runs.csv`.
    pub fn csv_name(&self) -> String {
        let stem = Path::new(&self.scenario).file_stem().map(|s| s.to_string_lossy().into_owned());
        let clean = |s: &str| -> String {
            s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' }).collect()
        };
        format!("whatif-{}-{}-{}runs.csv", clean(&stem.unwrap_or_default()), clean(&self.key), self.runs)
    }
}

/// A study running on its thread.
pub struct Job {
    pub study: Study,
    /// Runs finished so far (written by the worker threads).
    pub done: Arc<AtomicUsize>,
    pub cancel: Arc<AtomicBool>,
    /// Time since the start, as of the last tick (the view reads this, never the clock).
    pub elapsed: Duration,
    pub started: Instant,
    /// The thread; None once joined (or for a job shown without one).
    pub handle: Option<JoinHandle<Result<Vec<Row>, String>>>,
}

impl Job {
    /// Starts `study` on a new thread.
    pub fn start(study: Study) -> Result<Job, String> {
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (d, c, s) = (done.clone(), cancel.clone(), study.clone());
        let handle = std::thread::Builder::new()
            .name("whatif".into())
            .spawn(move || {
                let tick = || {
                    d.fetch_add(1, Ordering::Relaxed);
                };
                // Strong against strong, as `attrition whatif` plays by default.
                whatif::run_rows(&s.scenario, &s.settings(), &s.key, &s.values, s.runs, [AiLevel::Strong; 2], &c, &tick)
            })
            .map_err(|e| format!("could not start the study: {e}"))?;
        Ok(Job { study, done, cancel, elapsed: Duration::ZERO, started: Instant::now(), handle: Some(handle) })
    }

    pub fn done(&self) -> usize {
        self.done.load(Ordering::Relaxed).min(self.study.total())
    }

    pub fn cancelling(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Time left at the pace so far, once a run has finished.
    pub fn eta(&self) -> Option<Duration> {
        let (done, total) = (self.done(), self.study.total());
        (done > 0).then(|| self.elapsed.mul_f64((total - done) as f64 / done as f64))
    }

    /// The thread's result once it has ended (None while it runs). A panic in the thread is an
    /// error with its message, never a panic here.
    pub fn finished(&mut self) -> Option<Result<Vec<Row>, String>> {
        if !self.handle.as_ref()?.is_finished() {
            return None;
        }
        let h = self.handle.take()?;
        Some(h.join().unwrap_or_else(|p| {
            let why = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown failure".into());
            Err(format!("the study failed: {why}"))
        }))
    }
}

/// A study left behind (the interface quit, or the state was dropped) stops at its next run
/// instead of keeping every core busy for nothing.
impl Drop for Job {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// A finished study.
pub struct Results {
    pub study: Study,
    /// Every game's row, in the study's order (by seed, then by variant), as the command has them.
    pub rows: Vec<Row>,
    pub variants: Vec<Variant>,
    pub summary: Summary,
    pub elapsed: Duration,
}

impl Results {
    pub fn new(study: Study, rows: Vec<Row>, elapsed: Duration) -> Results {
        let variants = whatif::variants(&study.key, &study.values, &rows);
        let summary = Summary::of(&variants);
        Results { study, rows, variants, summary, elapsed }
    }

    /// The rows as CSV, written as `attrition whatif --format csv` writes them: the study rows'
    /// every column (`study::rows`), through the same writer.
    pub fn csv(&self) -> Result<String, String> {
        let mut buf = Vec::new();
        let mut out = CsvOut::new(&mut buf, false)?;
        for r in &self.rows {
            out.record(&r.columns())?;
        }
        out.flush()?;
        drop(out);
        String::from_utf8(buf).map_err(|e| e.to_string())
    }

    /// Writes the CSV into `dir` atomically and returns where.
    pub fn export(&self, dir: &Path) -> Result<PathBuf, String> {
        let path = dir.join(self.study.csv_name());
        crate::study::record::write_atomic(&path, &self.csv()?)?;
        Ok(path)
    }
}

/// Where the screen is.
pub enum Stage {
    Form,
    Running(Job),
    Results(Box<Results>),
}

/// Where Esc on the form goes back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Start,
    Game,
}

/// The what-if screen.
pub struct WhatIfState {
    pub scenario: String,
    /// The scenario's title, for the heading.
    pub title: String,
    /// The settings of the game it was opened from (none from the start screen).
    pub base: Vec<String>,
    /// The scenario's own number of days, with `base` applied.
    pub turn_limit: u32,
    pub origin: Origin,
    pub field: WhatIfField,
    /// Index into [`SWITCHES`].
    pub switch: usize,
    pub runs: u32,
    /// None: the scenario's own number of days.
    pub days: Option<u32>,
    pub stage: Stage,
    pub page: ResultsPage,
    /// Lines scrolled down on the results page.
    pub scroll: u16,
    /// Seconds per run-day of the last finished study, for the form's time estimate.
    pub pace: Option<f64>,
}

impl WhatIfState {
    pub fn new(scenario: &str, title: &str, base: &[String], turn_limit: u32, origin: Origin) -> WhatIfState {
        WhatIfState {
            scenario: scenario.to_string(),
            title: title.to_string(),
            base: base.to_vec(),
            turn_limit,
            origin,
            field: WhatIfField::Switch,
            switch: 0,
            runs: DEFAULT_RUNS,
            days: None,
            stage: Stage::Form,
            page: ResultsPage::Charts,
            scroll: 0,
            pace: None,
        }
    }

    pub fn chosen(&self) -> &'static Switch {
        &SWITCHES[self.switch.min(SWITCHES.len() - 1)]
    }

    /// The study the form describes.
    pub fn study(&self) -> Study {
        let sw = self.chosen();
        Study {
            scenario: self.scenario.clone(),
            base: self.base.clone(),
            key: sw.key.to_string(),
            values: sw.values.iter().map(|v| v.to_string()).collect(),
            runs: self.runs,
            days: self.days,
        }
    }

    /// Days each game of the study lasts (at most).
    pub fn days_per_game(&self) -> u32 {
        self.days.unwrap_or(self.turn_limit)
    }

    /// The form's estimate of the time the study takes, from the pace of the last one.
    pub fn estimate(&self) -> Option<Duration> {
        let run_days = self.study().total() as f64 * self.days_per_game() as f64;
        self.pace.map(|p| Duration::from_secs_f64(p * run_days))
    }

    /// Steps a field's choice by `dx`.
    pub fn change(&mut self, dx: i16) {
        let step = |i: usize, n: usize| (i as i64 + dx.signum() as i64).rem_euclid(n as i64) as usize;
        match self.field {
            WhatIfField::Switch => self.switch = step(self.switch, SWITCHES.len()),
            // The next choice above (or below) the current number, wrapping round; a number
            // set otherwise (a test's 3) steps to its neighbours.
            WhatIfField::Runs => {
                self.runs = if dx > 0 {
                    RUNS.iter().copied().find(|x| *x > self.runs).unwrap_or(RUNS[0])
                } else {
                    RUNS.iter().rev().copied().find(|x| *x < self.runs).unwrap_or(RUNS[RUNS.len() - 1])
                };
            }
            WhatIfField::Days => {
                // The scenario's own, then the fixed choices.
                let all: Vec<Option<u32>> = std::iter::once(None).chain(DAYS.iter().map(|d| Some(*d))).collect();
                let i = all.iter().position(|d| *d == self.days).unwrap_or(0);
                self.days = all[step(i, all.len())];
            }
        }
    }

    pub fn move_field(&mut self, dy: i64) {
        let all = WhatIfField::ALL;
        let i = all.iter().position(|f| *f == self.field).unwrap_or(0) as i64;
        self.field = all[(i + dy).rem_euclid(all.len() as i64) as usize];
    }

    pub fn running(&self) -> bool {
        matches!(self.stage, Stage::Running(_))
    }
}

/// "1:05" for a duration.
pub fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

// ----- the screen's update -----

impl WhatIfState {
    /// The what-if study of a game's scenario and settings; the game waits untouched.
    pub fn open_for(s: &Session) -> Go {
        let sc = s.game().scenario();
        let w = WhatIfState::new(&s.scenario_arg, &sc.title, &s.settings, sc.turn_limit, Origin::Game);
        Go::push(Screen::WhatIf(Box::new(w)))
    }

    /// The same study as `other` (scenario, settings, where it was opened from): the form and
    /// results kept from last time are shown again.
    pub fn same_study(&self, other: &WhatIfState) -> bool {
        self.scenario == other.scenario && self.base == other.base && self.origin == other.origin
    }

    /// What the screen says when it opens.
    pub fn greet(&self, ui: &mut Ui) {
        ui.say("What if…: choose a setting to vary, then Enter runs the study. Esc goes back.");
    }

    pub fn update(&mut self, a: Action, ui: &mut Ui) -> Go {
        let max = match &self.stage {
            Stage::Results(r) => whatif_pages::max_scroll(&ui.theme, self.page, &r.summary, ui.size),
            _ => 0,
        };
        match &mut self.stage {
            Stage::Form => match a {
                Action::Prev => self.move_field(-1),
                Action::Next | Action::Page => self.move_field(1),
                Action::Move(dx, _) => self.change(dx),
                Action::Confirm => {
                    let study = self.study();
                    match Job::start(study.clone()) {
                        Ok(job) => {
                            self.stage = Stage::Running(job);
                            let cancel = ui.keys.hint(Ctx::WhatIf, Action::CancelStudy);
                            ui.say(format!(
                                "Running {} runs of {}… Esc or {cancel} cancels.",
                                study.total(),
                                study.vary()
                            ));
                        }
                        Err(e) => ui.complain(e),
                    }
                }
                Action::Back => return Go::Pop(Resume::LeftWhatIf),
                Action::Export | Action::Picture => ui.complain("Nothing to export yet: Enter runs the study first."),
                _ => {}
            },
            Stage::Running(job) => match a {
                Action::Back | Action::CancelStudy => {
                    job.cancel.store(true, Ordering::Relaxed);
                    ui.say("Cancelling: the runs under way finish first…");
                }
                _ => ui.complain("A study is running: Esc or c cancels it."),
            },
            Stage::Results(_) => match a {
                Action::Move(..) | Action::Page => {
                    self.page = match self.page {
                        ResultsPage::Charts => ResultsPage::Table,
                        ResultsPage::Table => ResultsPage::Charts,
                    };
                    self.scroll = 0;
                }
                Action::Prev => self.scroll = self.scroll.saturating_sub(1),
                Action::Next => self.scroll = (self.scroll + 1).min(max),
                Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
                Action::PageDown => self.scroll = (self.scroll + 10).min(max),
                Action::Confirm | Action::Back => {
                    self.stage = Stage::Form;
                    ui.say("The form: change a choice and Enter runs a new study; Esc goes back.");
                }
                Action::Export => self.export(ui),
                Action::Picture => {
                    if let Stage::Results(r) = &self.stage {
                        let pictures = crate::study::svg::whatif_charts(&r.summary, &self.scenario);
                        ui.write_pictures(&pictures);
                    }
                }
                _ => {}
            },
        }
        Go::Stay
    }

    fn export(&self, ui: &mut Ui) {
        let Stage::Results(r) = &self.stage else { return };
        let Some(dir) = ui.save_dir.clone() else {
            return ui.complain("No folder to export to (no user data folder; set ATTRITION_DATA_DIR).");
        };
        let n = r.variants.iter().map(|v| v.runs.len()).sum::<usize>();
        match r.export(&dir) {
            Ok(path) => ui.say(format!("Exported {n} runs to {}", path.display())),
            Err(e) => ui.complain(format!("Export failed: {e}")),
        }
    }

    /// A tick while a study runs: the elapsed time moves on, and a finished study's result is
    /// collected (results, a cancellation or an error; never a panic).
    pub fn tick(&mut self, ui: &mut Ui) {
        let Stage::Running(job) = &mut self.stage else { return };
        job.elapsed = job.started.elapsed();
        let Some(result) = job.finished() else { return };
        let (done, total, elapsed, study) = (job.done(), job.study.total(), job.elapsed, job.study.clone());
        let cancelled = job.cancelling();
        match result {
            Ok(rows) => {
                let run_days: u32 = rows.iter().map(|r| r.turns.max(1)).sum();
                self.pace = Some(elapsed.as_secs_f64() / run_days.max(1) as f64);
                self.stage = Stage::Results(Box::new(Results::new(study, rows, elapsed)));
                self.page = ResultsPage::Charts;
                self.scroll = 0;
                let page = ui.keys.hint(Ctx::WhatIf, Action::Page);
                let x = ui.keys.hint(Ctx::WhatIf, Action::Export);
                ui.say(format!(
                    "{total} runs in {:.1} s. {page}: charts ⇄ table · {x}: export CSV · Esc: the form",
                    elapsed.as_secs_f64()
                ));
            }
            Err(_) if cancelled => {
                self.stage = Stage::Form;
                ui.say(format!("Cancelled after {done} of {total} runs."));
            }
            Err(e) => {
                self.stage = Stage::Form;
                ui.complain(format!("The study stopped: {e}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_switch_is_a_setting_the_default_scenario_accepts() {
        for sw in SWITCHES {
            for v in sw.values {
                let mut l = crate::data::load_scenario(crate::data::DEFAULT_SCENARIO, 0).unwrap();
                crate::data::settings::apply(&mut l, &format!("{}={v}", sw.key))
                    .unwrap_or_else(|e| panic!("{}={v}: {e}", sw.key));
            }
        }
    }

    #[test]
    fn runs_and_days_cycle_through_their_choices() {
        let mut s = WhatIfState::new("x", "X", &[], 30, Origin::Start);
        s.field = WhatIfField::Runs;
        s.change(1);
        assert_eq!(s.runs, 200);
        s.change(-1);
        s.change(-1);
        assert_eq!(s.runs, 50);
        // A number not among the choices steps to its neighbours.
        s.runs = 3;
        s.change(1);
        assert_eq!(s.runs, 20);
        s.field = WhatIfField::Days;
        s.change(1);
        assert_eq!(s.days, Some(10));
        s.change(-1);
        assert_eq!(s.days, None);
        assert_eq!(s.study().settings(), Vec::<String>::new());
        s.days = Some(45);
        assert_eq!(s.study().settings(), vec!["turn_limit=45".to_string()]);
    }

    #[test]
    fn the_csv_name_is_a_plain_file_name() {
        let mut s = WhatIfState::new("scenarios/my war.ron", "X", &[], 30, Origin::Start).study();
        s.runs = 20;
        assert_eq!(s.csv_name(), "whatif-my_war-ua.drone_line-20runs.csv");
    }
}

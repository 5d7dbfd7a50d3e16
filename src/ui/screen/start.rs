//! The start screen: scenario (with its briefing), side, opponent and seed, "Continue" with
//! every saved game when there are any, and the ways to the saved-games list and the what-if
//! study.

use std::path::{Path, PathBuf};

use crate::ai::AiLevel;
use crate::data;
use crate::sim::map::Side;
use crate::study::record::Players;

use super::super::action::{Action, Field};
use super::super::session::{Launch, Session};
use super::super::shared::Ui;
use super::files::FilesScreen;
use super::play::PlayScreen;
use super::whatif::{Origin, WhatIfState};
use super::{Go, Resume, Screen};

/// A saved game the start screen offers to continue.
#[derive(Clone, Debug)]
pub struct ResumeInfo {
    pub path: PathBuf,
    pub scenario: String,
    /// The scenario's title, if it is a built-in one.
    pub title: String,
    /// Days played.
    pub days: u32,
    pub players: Players,
    pub modified: Option<std::time::SystemTime>,
}

/// What the start screen shows of a scenario.
#[derive(Clone, Debug)]
pub struct ScenarioInfo {
    pub id: String,
    pub title: String,
    pub briefing: String,
    pub start_date: String,
    pub turn_limit: u32,
}

/// The start screen: its form and what it offers.
#[derive(Clone, Debug)]
pub struct StartScreen {
    pub scenarios: Vec<ScenarioInfo>,
    pub scenario: usize,
    pub side: Side,
    pub hotseat: bool,
    /// The computer opponent's level (when not hot-seat).
    pub ai: AiLevel,
    pub seed: u64,
    pub field: Field,
    pub error: Option<String>,
    /// Every saved game in the saves folder, newest first (`crate::saves::games`).
    pub games: Vec<ResumeInfo>,
    /// The one "Continue" resumes.
    pub game: usize,
}

impl StartScreen {
    pub fn new() -> StartScreen {
        let mut scenarios = Vec::new();
        for (id, file, text) in data::SCENARIOS {
            if let Ok(sf) = data::parse_ron::<data::scenario::ScenarioFile>(file, text) {
                scenarios.push(ScenarioInfo {
                    id: id.to_string(),
                    title: sf.title,
                    briefing: sf.briefing,
                    start_date: sf.start_date,
                    turn_limit: sf.turn_limit,
                });
            }
        }
        let scenario = scenarios.iter().position(|s| s.id == data::DEFAULT_SCENARIO).unwrap_or(0);
        StartScreen {
            scenarios,
            scenario,
            side: Side::Ua,
            hotseat: false,
            // The reference the model is calibrated at: competent play (the config's `ai` can choose).
            ai: AiLevel::Strong,
            seed: 1,
            field: Field::Scenario,
            error: None,
            games: Vec::new(),
            game: 0,
        }
    }

    /// The fields on the form, top to bottom ("Continue" only with a saved game).
    pub fn fields(&self) -> Vec<Field> {
        Field::ALL.into_iter().filter(|f| *f != Field::Continue || !self.games.is_empty()).collect()
    }

    /// The saved game "Continue" resumes, if there is one.
    pub fn chosen_game(&self) -> Option<&ResumeInfo> {
        self.games.get(self.game)
    }

    /// Lists the saved games in `dir` and offers the newest (focused) if there is one.
    pub fn scan(&mut self, dir: Option<&Path>) {
        let games = dir.map(crate::saves::games).unwrap_or_default();
        self.games = games
            .into_iter()
            .map(|g| ResumeInfo {
                title: self
                    .scenarios
                    .iter()
                    .find(|s| s.id == g.scenario)
                    .map(|s| s.title.clone())
                    .unwrap_or_else(|| g.scenario.clone()),
                scenario: g.scenario,
                days: g.days,
                players: g.players,
                path: g.path,
                modified: g.modified,
            })
            .collect();
        self.game = 0;
        self.field = if self.games.is_empty() { Field::Scenario } else { Field::Continue };
    }
}

impl Default for StartScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl StartScreen {
    pub fn update(&mut self, a: Action, ui: &mut Ui) -> Go {
        let fields = self.fields();
        let n = fields.len();
        let fi = fields.iter().position(|x| *x == self.field).unwrap_or(0);
        match a {
            Action::Prev => self.field = fields[(fi + n - 1) % n],
            Action::Next => self.field = fields[(fi + 1) % n],
            Action::FocusField(x) => self.field = x,
            Action::Confirm if self.field == Field::Continue => {
                let Some(r) = self.chosen_game().cloned() else { return Go::Stay };
                match Session::open_saved(&r.path) {
                    Ok(session) => return Go::Replace(Screen::Play(Box::new(PlayScreen::resumed(session, ui)))),
                    Err(u) => self.error = Some(super::files::unresumable(u, ui, crate::ui::keymap::Ctx::Start)),
                }
            }
            Action::PlayAgain => {
                let Some(r) = self.chosen_game().cloned() else {
                    ui.complain("There is no saved game to play again.");
                    return Go::Stay;
                };
                match Session::play_again_path(&r.path) {
                    Ok(session) => return Go::Replace(Screen::Play(Box::new(PlayScreen::played_again(session, ui)))),
                    Err(e) => self.error = Some(e),
                }
            }
            Action::Move(dx, _) => match self.field {
                Field::Continue => {
                    let n = self.games.len().max(1);
                    self.game = (self.game as i64 + dx as i64).rem_euclid(n as i64) as usize;
                }
                Field::Scenario => {
                    let n = self.scenarios.len().max(1);
                    self.scenario = (self.scenario as i64 + dx as i64).rem_euclid(n as i64) as usize;
                }
                Field::Side => self.side = self.side.other(),
                // As shown, left to right: strong AI → baseline AI → hot-seat → …
                Field::Opponent => {
                    (self.hotseat, self.ai) = match (self.hotseat, self.ai, dx > 0) {
                        (false, AiLevel::Strong, true) | (true, _, false) => (false, AiLevel::Baseline),
                        (false, AiLevel::Baseline, true) | (false, AiLevel::Strong, false) => (true, self.ai),
                        _ => (false, AiLevel::Strong),
                    }
                }
                Field::Seed => {
                    self.seed = if dx > 0 { self.seed.saturating_add(1) } else { self.seed.saturating_sub(1) }
                }
            },
            Action::Digit(d) => {
                self.field = Field::Seed;
                self.seed = self.seed.saturating_mul(10).saturating_add(d as u64);
                if self.seed > 999_999_999 {
                    self.seed = d as u64;
                }
            }
            Action::Erase => {
                self.field = Field::Seed;
                self.seed /= 10;
            }
            Action::Confirm => {
                let Some(sc) = self.scenarios.get(self.scenario) else {
                    self.error = Some("no scenario to play".into());
                    return Go::Stay;
                };
                let l = Launch { ai: self.ai, ..Launch::new(&sc.id, self.side, self.hotseat, self.seed) };
                match Session::start(&l, &[]) {
                    Ok(session) => return Go::Replace(Screen::Play(Box::new(PlayScreen::started(session, ui)))),
                    Err(e) => self.error = Some(e),
                }
            }
            Action::Back => ui.say("q quits; Enter starts the game."),
            Action::WhatIf => {
                let Some(sc) = self.scenarios.get(self.scenario) else {
                    ui.complain("No scenario to study.");
                    return Go::Stay;
                };
                let w = WhatIfState::new(&sc.id, &sc.title, &[], sc.turn_limit, Origin::Start);
                return Go::push(Screen::WhatIf(Box::new(w)));
            }
            Action::Files => {
                let Some(dir) = ui.save_dir.clone() else {
                    ui.complain("No saves folder (no user data folder; set ATTRITION_DATA_DIR).");
                    return Go::Stay;
                };
                let titles = self.scenarios.iter().map(|s| (s.id.clone(), s.title.clone())).collect();
                return Go::push(Screen::Files(Box::new(FilesScreen::open(&dir, titles, ui))));
            }
            _ => {}
        }
        Go::Stay
    }

    /// Back from the saved-games list (which may have changed the saves) or the what-if study.
    pub fn resume(&mut self, r: &Resume, ui: &mut Ui) {
        match r {
            Resume::LeftWhatIf => ui.message = None,
            _ => self.scan(ui.save_dir.as_deref()),
        }
    }
}

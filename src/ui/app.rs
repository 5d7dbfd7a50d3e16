//! The interface's state and its one `update`: a router over a stack of screens. Every key,
//! click and resize becomes a message; the router answers the few that mean the same on every
//! screen (help, quit, theme, a terminal too small to use) and hands the rest to the screen on
//! top, which changes only its own state and says what should happen next ([`Go`]).
//!
//! The `App` runs without a terminal: tests feed it messages and draw it to ratatui's
//! `TestBackend`.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyEvent, MouseEvent};

use crate::sim::Game;
use crate::study::record::RecordFile;

use super::action::Action;
use super::board::{Board, Mode};
use super::config::{self, Config};
use super::keymap::Ctx;
use super::screen::{
    AarScreen, FilesScreen, Go, PlayScreen, ReplayScreen, Screen, ScreenKind, StartScreen, WhatIfState,
};
use super::session::{Launch, Session};
use super::shared::{Popup, Ui};
use super::theme::{ColorDepth, Theme};

/// Everything a message can ask of the interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Time passed (sent while a what-if study or an autoplay runs): how much since the last.
    Tick(std::time::Duration),
}

/// The interface's whole state: what the screens share, and the screens.
pub struct App {
    pub ui: Ui,
    /// Screens from the bottom up; the last one is shown and gets the input. Never empty.
    stack: Vec<Screen>,
    /// The help or quit popup, over whatever screen is shown.
    popup: Option<Popup>,
    pub help_scroll: u16,
    /// The what-if screen's form and results, kept while away from it.
    kept_whatif: Option<Box<WhatIfState>>,
    pub quit: bool,
}

impl App {
    fn with(theme: Theme, screen: Screen) -> App {
        App { ui: Ui::new(theme), stack: vec![screen], popup: None, help_scroll: 0, kept_whatif: None, quit: false }
    }

    /// The start screen.
    pub fn new_start(theme: Theme) -> App {
        App::with(theme, Screen::Start(Box::default()))
    }

    /// Straight into a game (`attrition play …`).
    pub fn new_game(launch: &Launch, theme: Theme) -> Result<App, String> {
        App::new_game_with(launch, &[], theme)
    }

    /// Straight into a game with `--set KEY=VALUE` settings (applied in order, kept in the
    /// game's record).
    pub fn new_game_with(launch: &Launch, settings: &[String], theme: Theme) -> Result<App, String> {
        let session = Session::start(launch, settings)?;
        let mut app = App::new_start(theme);
        let play = PlayScreen::started(session, &mut app.ui);
        app.stack = vec![Screen::Play(Box::new(play))];
        Ok(app)
    }

    /// Resumes a saved game from its file (`attrition play --load FILE`): a damaged, newer or
    /// diverging record is an error with the record module's message, and nothing is opened.
    pub fn resume_file(path: &Path, theme: Theme) -> Result<App, String> {
        let session = Session::open_saved(path).map_err(|u| match u.diverged {
            true => format!(
                "{}; `attrition play --load {} --again` plays it again under this version's rules, as a new game (the file is kept)",
                u.why,
                path.display()
            ),
            false => u.why,
        })?;
        let mut app = App::new_start(theme);
        let play = PlayScreen::resumed(session, &mut app.ui);
        app.stack = vec![Screen::Play(Box::new(play))];
        Ok(app)
    }

    /// A saved game played again under this version's rules, as a new game
    /// (`attrition play --load FILE --again`; see [`Session::replay_under_current_rules`]).
    pub fn play_again_file(path: &Path, theme: Theme) -> Result<App, String> {
        let session = Session::play_again_path(path)?;
        let mut app = App::new_start(theme);
        let play = PlayScreen::played_again(session, &mut app.ui);
        app.stack = vec![Screen::Play(Box::new(play))];
        Ok(app)
    }

    /// A game already built (a seminar's client: see `crate::serve`), shown as resumed.
    pub fn of_session(session: Session, theme: Theme) -> App {
        let mut app = App::new_start(theme);
        let play = PlayScreen::resumed(session, &mut app.ui);
        app.stack = vec![Screen::Play(Box::new(play))];
        app
    }

    /// The game's play screen, wherever it is in the stack (a report may be open over it).
    pub fn play_mut(&mut self) -> Option<&mut PlayScreen> {
        self.stack.iter_mut().find_map(|s| match s {
            Screen::Play(p) => Some(&mut **p),
            _ => None,
        })
    }

    /// The game's session, wherever its play screen is in the stack.
    pub fn game_session(&self) -> Option<&Session> {
        self.stack.iter().find_map(|s| match s {
            Screen::Play(p) => Some(p.session()),
            _ => None,
        })
    }

    /// A day resolved by a seminar's server, stepped in this app's game with the same orders
    /// and shown as a local day (`PlayScreen::take_day`); None when no game is open.
    pub fn take_day(
        &mut self,
        ru: &[crate::sim::orders::Order],
        ua: &[crate::sim::orders::Order],
    ) -> Option<crate::sim::DayReport> {
        let ui = &mut self.ui;
        let play = self.stack.iter_mut().find_map(|s| match s {
            Screen::Play(p) => Some(&mut **p),
            _ => None,
        })?;
        Some(play.take_day(ru, ua, ui))
    }

    /// Opens a record in the replay viewer (`attrition replay FILE`), at day 0. The whole
    /// record is replayed first, so a diverging one is refused before anything is shown.
    pub fn new_replay(
        rec: RecordFile,
        file: &str,
        side: Option<crate::sim::map::Side>,
        reveal: bool,
        theme: Theme,
    ) -> Result<App, String> {
        let mut app = App::new_start(theme);
        let viewer = ReplayScreen::open(rec, file, side, reveal, false, &mut app.ui)?;
        app.stack = vec![Screen::Replay(Box::new(viewer))];
        Ok(app)
    }

    /// Where saves go and whether each day is autosaved; the start screen looks there for a
    /// game to continue.
    pub fn set_saves(&mut self, dir: Option<PathBuf>, autosave: bool) {
        self.ui.save_dir = dir;
        self.ui.autosave = autosave;
        let (top, ui) = self.top_and_ui();
        if let Screen::Start(s) = top {
            s.scan(ui.save_dir.as_deref());
        }
    }

    /// An instructor's game (`play --white`): `:` opens the white cell's command line.
    pub fn set_white(&mut self) {
        self.ui.white = true;
        self.ui.say("White cell: : opens its commands (resolve, set, event, note, rollback, branch; :help)");
    }

    /// The user's settings: keys, mouse, theme (unless `NO_COLOR` keeps it monochrome), and
    /// the start screen's side and opponent. `path` is where the theme is remembered.
    pub fn set_config(&mut self, c: Config, path: Option<PathBuf>) {
        self.ui.keys = c.keys;
        self.ui.mouse = c.mouse;
        self.ui.config_path = path;
        if let Some(p) = c.theme.filter(|_| !self.ui.no_color) {
            let depth = ColorDepth::detect();
            self.ui.theme = Theme::new(p, if depth == ColorDepth::None { ColorDepth::Ansi16 } else { depth });
        }
        for s in &mut self.stack {
            if let Screen::Start(start) = s {
                start.side = c.side.unwrap_or(start.side);
                start.ai = c.ai.unwrap_or(start.ai);
            }
        }
    }

    // ----- what is shown -----

    /// The screen on top, the one shown.
    pub fn top(&self) -> &Screen {
        self.stack.last().expect("the stack is never empty")
    }

    fn top_mut(&mut self) -> &mut Screen {
        self.stack.last_mut().expect("the stack is never empty")
    }

    /// The screen on top and the shared state, to lend the one the other.
    fn top_and_ui(&mut self) -> (&mut Screen, &mut Ui) {
        (self.stack.last_mut().expect("the stack is never empty"), &mut self.ui)
    }

    pub fn screen(&self) -> ScreenKind {
        self.top().kind()
    }

    /// The popup shown: the router's (help, quit) over the screen's own.
    pub fn popup(&self) -> Option<Popup> {
        self.popup.or_else(|| self.top().popup())
    }

    /// The keymap context the app is in.
    pub fn ctx(&self) -> Ctx {
        match self.popup {
            Some(Popup::Help) => Ctx::Help,
            Some(_) => Ctx::Quit,
            None => self.top().ctx(),
        }
    }

    /// The board of the screen shown, if it shows a map.
    pub fn board(&self) -> Option<&Board> {
        self.top().board()
    }

    pub fn board_mut(&mut self) -> Option<&mut Board> {
        self.top_mut().board_mut()
    }

    pub fn session(&self) -> Option<&Session> {
        self.board().map(|b| &b.session)
    }

    pub fn game(&self) -> Option<&Game> {
        self.session().map(|s| s.game())
    }

    pub fn mode(&self) -> Mode {
        self.top().mode()
    }

    pub fn play(&self) -> Option<&PlayScreen> {
        match self.top() {
            Screen::Play(p) => Some(p),
            _ => None,
        }
    }

    pub fn start(&self) -> Option<&StartScreen> {
        match self.top() {
            Screen::Start(s) => Some(s),
            _ => None,
        }
    }

    pub fn files(&self) -> Option<&FilesScreen> {
        match self.top() {
            Screen::Files(f) => Some(f),
            _ => None,
        }
    }

    pub fn aar(&self) -> Option<&AarScreen> {
        match self.top() {
            Screen::Aar(r) => Some(r),
            _ => None,
        }
    }

    /// Every screen of the stack, from the bottom up (the last is shown).
    pub fn stack(&self) -> Vec<ScreenKind> {
        self.stack.iter().map(Screen::kind).collect()
    }

    pub fn whatif(&self) -> Option<&WhatIfState> {
        match self.top() {
            Screen::WhatIf(w) => Some(w),
            _ => None,
        }
    }

    pub fn whatif_mut(&mut self) -> Option<&mut WhatIfState> {
        match self.top_mut() {
            Screen::WhatIf(w) => Some(w),
            _ => None,
        }
    }

    pub fn is_replay(&self) -> bool {
        self.board().is_some_and(|b| b.is_replay())
    }

    pub fn presenting(&self) -> bool {
        matches!(self.top(), Screen::Present(_))
    }

    /// Whether any screen is at work the run loop must show the progress of.
    pub fn busy(&self) -> bool {
        self.stack.iter().any(Screen::busy)
    }

    // ----- the one place the interface's state changes -----

    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Resize(w, h) => {
                self.ui.size = (w, h);
                for s in &mut self.stack {
                    s.resize(&self.ui);
                }
            }
            Msg::Key(k) => self.key(&k),
            Msg::Mouse(m) => {
                use crossterm::event::MouseEventKind as K;
                // The wheel scrolls the help.
                if self.popup == Some(Popup::Help) {
                    match m.kind {
                        K::ScrollUp => self.help_scroll = self.help_scroll.saturating_sub(3),
                        K::ScrollDown => {
                            let max = self.ui.keys.help_rows().len() as u16 + 40;
                            self.help_scroll = (self.help_scroll + 3).min(max);
                        }
                        _ => {}
                    }
                }
                // Nothing under a popup or a hidden screen takes a click.
                if self.popup.is_none() && !self.ui.too_small() {
                    let (top, ui) = self.top_and_ui();
                    let go = top.mouse(m, ui);
                    self.go(go);
                }
            }
            Msg::Tick(dt) => {
                let (top, ui) = self.top_and_ui();
                let go = top.tick(dt, ui);
                self.go(go);
            }
        }
    }

    fn key(&mut self, k: &KeyEvent) {
        if self.ui.prompt.is_some() {
            return self.prompt_key(k);
        }
        let ctx = self.ctx();
        let mut found = self.ui.keys.action_for(ctx, k);
        if found.is_none() {
            // The viewer takes the map's keys it does not bind itself, choosing a target its
            // cursor and overlay keys; a map key the lesson panel does not use closes it and
            // acts on the map, so "press 1" works with it open.
            let borrowed = ctx.falls_back().and_then(|c| self.ui.keys.action_for(c, k)).filter(|a| ctx.borrows(*a));
            if let Some(a) = borrowed {
                if ctx == Ctx::Lesson {
                    self.top_mut().dismiss_popup();
                }
                found = Some(a);
            }
        }
        let Some(a) = found else { return };
        // The "terminal too small" screen hides everything: only quitting gets through.
        let quitting = matches!(a, Action::Quit | Action::ForceQuit)
            || (self.popup == Some(Popup::ConfirmQuit) && matches!(a, Action::Yes | Action::No | Action::Back));
        if self.ui.too_small() && !quitting {
            return;
        }
        match a {
            Action::Help => {
                self.popup = Some(Popup::Help);
                self.help_scroll = 0;
                return;
            }
            Action::Quit => {
                self.popup = Some(Popup::ConfirmQuit);
                return;
            }
            Action::ForceQuit => {
                self.quit = true;
                return;
            }
            Action::Theme => {
                self.ui.theme = self.ui.theme.cycled(self.ui.no_color);
                let t = &self.ui.theme;
                let mut text = format!("Theme: {} ({})", t.palette.name(), t.depth.name());
                // Remembered for the next start, in the user's config file.
                if let (Some(path), false) = (&self.ui.config_path, self.ui.no_color) {
                    match config::remember_theme(path, t.palette) {
                        Ok(()) => text.push_str(" · remembered"),
                        Err(e) => text.push_str(&format!(" · not remembered: {e}")),
                    }
                }
                self.ui.say(text);
                return;
            }
            _ => {}
        }
        match self.popup {
            Some(Popup::Help) => {
                match a {
                    Action::Back => self.popup = None,
                    Action::Prev => self.help_scroll = self.help_scroll.saturating_sub(1),
                    Action::Next => self.help_scroll = self.help_scroll.saturating_add(1),
                    Action::PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                    Action::PageDown => self.help_scroll = self.help_scroll.saturating_add(10),
                    _ => {}
                }
                let max = self.ui.keys.help_rows().len() as u16 + 40;
                self.help_scroll = self.help_scroll.min(max);
            }
            Some(_) => match a {
                Action::Yes => self.quit = true,
                Action::No | Action::Back => self.popup = None,
                _ => {}
            },
            None => {
                let (top, ui) = self.top_and_ui();
                let go = top.update(a, ui);
                self.go(go);
            }
        }
    }

    /// A key for the line being typed: Enter gives it to what asked for it, Esc closes it.
    fn prompt_key(&mut self, k: &KeyEvent) {
        use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};
        if k.kind != KeyEventKind::Press {
            return;
        }
        let Some(p) = self.ui.prompt.as_mut() else { return };
        match k.code {
            KeyCode::Esc => {
                self.ui.prompt = None;
                self.ui.say("Nothing typed was done.");
            }
            KeyCode::Backspace => {
                p.line.pop();
            }
            KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => self.ui.prompt = None,
            KeyCode::Char(c)
                if !k.modifiers.contains(KeyModifiers::CONTROL)
                    && p.line.chars().count() < super::shared::MAX_PROMPT =>
            {
                p.line.push(c)
            }
            KeyCode::Enter => {
                let Some(p) = self.ui.prompt.take() else { return };
                let (top, ui) = self.top_and_ui();
                let go = match (p.purpose, top) {
                    (super::shared::PromptFor::WhiteCell, Screen::Play(play)) => play.white_command(&p.line, ui),
                    (super::shared::PromptFor::Branch { day }, Screen::Replay(r)) => r.branch_with(day, &p.line, ui),
                    _ => Go::Stay,
                };
                self.go(go);
            }
            _ => {}
        }
    }

    /// Does what a screen's update asked.
    fn go(&mut self, go: Go) {
        match go {
            Go::Stay => {}
            Go::Push(screens) => {
                for s in screens {
                    let s = self.reuse_whatif(s);
                    self.stack.push(s);
                }
            }
            Go::Pop(r) => {
                if self.stack.len() < 2 {
                    return;
                }
                if let Some(Screen::WhatIf(w)) = self.stack.pop() {
                    self.kept_whatif = Some(w);
                }
                let (top, ui) = self.top_and_ui();
                top.resume(r, ui);
            }
            Go::Replace(s) => {
                self.stack.pop();
                self.stack.push(s);
            }
            Go::Reset(s) => self.stack = vec![s],
            Go::Swap(f) => {
                let Some(top) = self.stack.pop() else { return };
                let s = f(top, &mut self.ui);
                self.stack.push(s);
            }
        }
    }

    /// A what-if screen opened on the same study as last time keeps its form and results.
    fn reuse_whatif(&mut self, s: Screen) -> Screen {
        let Screen::WhatIf(fresh) = s else { return s };
        let w = match self.kept_whatif.take() {
            Some(kept) if kept.same_study(&fresh) => kept,
            _ => fresh,
        };
        w.greet(&mut self.ui);
        Screen::WhatIf(w)
    }
}

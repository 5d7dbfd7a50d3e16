//! The interface's screens, each owning its state and its `update`: start, play (with its
//! hand-over and result stages), replay, presenter, the after-action report, the saved-games
//! list and the what-if study. The router (`app`) keeps them in a stack — the screen on top
//! is drawn and gets the input, the ones below wait untouched — and applies what an update
//! asks for ([`Go`]): open a screen over this one, go back, replace it, or quit.

pub mod aar;
pub mod files;
pub mod lesson;
pub mod play;
pub mod present;
pub mod replay;
pub mod start;
pub mod whatif;
pub mod whatif_pages;

use crossterm::event::MouseEvent;

use super::action::Action;
use super::board::{Board, Mode};
use super::keymap::Ctx;
use super::shared::{Popup, Ui};

pub use aar::AarScreen;
pub use files::FilesScreen;
pub use play::PlayScreen;
pub use present::PresenterScreen;
pub use replay::ReplayScreen;
pub use start::StartScreen;
pub use whatif::WhatIfState;

/// One screen and its state.
pub enum Screen {
    Start(Box<StartScreen>),
    Play(Box<PlayScreen>),
    Replay(Box<ReplayScreen>),
    Present(Box<PresenterScreen>),
    Aar(Box<AarScreen>),
    Files(Box<FilesScreen>),
    WhatIf(Box<WhatIfState>),
}

/// Which screen is shown, without its state (what tests and the keymap ask).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenKind {
    Start,
    /// A game on the map.
    Play,
    /// Hot-seat: the map is hidden until the named side's player takes the keyboard.
    Handover(crate::sim::map::Side),
    /// The end of the game.
    Result,
    /// A record in the replay viewer.
    Replay,
    /// The replay viewer's presenter mode.
    Presenter,
    /// The after-action report: the whole game's timeline and key events.
    AfterAction,
    /// Saved games and records in the saves folder.
    Files,
    /// The what-if study.
    WhatIf,
}

/// What the screen beneath is told when the one over it closes.
#[derive(Clone, Debug, PartialEq)]
pub enum Resume {
    /// Plain back (Esc).
    Back,
    /// The what-if screen closed.
    LeftWhatIf,
    /// The after-action report asks the replay viewer to show one of its key events.
    GotoEvent(crate::study::report::KeyEvent),
}

/// A change of screen turned into a new screen, given the one it replaces.
pub type Swap = Box<dyn FnOnce(Screen, &mut Ui) -> Screen>;

/// What a screen's update asks the router to do.
pub enum Go {
    Stay,
    /// Open these screens over this one, in order (the last one is shown).
    Push(Vec<Screen>),
    /// Close this screen and tell the one beneath.
    Pop(Resume),
    /// Put this screen in this one's place.
    Replace(Screen),
    /// Close every screen and show this one.
    Reset(Screen),
    /// Turn this screen into another (presenter mode in and out of the replay viewer).
    Swap(Swap),
}

impl Go {
    pub fn push(s: Screen) -> Go {
        Go::Push(vec![s])
    }

    /// The replay viewer into presenter mode, or presenter mode back into the viewer.
    pub fn toggle_presenter() -> Go {
        Go::Swap(Box::new(|s, ui| match s {
            Screen::Replay(r) => Screen::Present(Box::new(PresenterScreen::enter(*r, ui))),
            Screen::Present(p) => Screen::Replay(Box::new(p.leave(ui))),
            other => other,
        }))
    }
}

impl Screen {
    pub fn kind(&self) -> ScreenKind {
        match self {
            Screen::Start(_) => ScreenKind::Start,
            Screen::Play(p) => p.kind(),
            Screen::Replay(_) => ScreenKind::Replay,
            Screen::Present(_) => ScreenKind::Presenter,
            Screen::Aar(_) => ScreenKind::AfterAction,
            Screen::Files(_) => ScreenKind::Files,
            Screen::WhatIf(_) => ScreenKind::WhatIf,
        }
    }

    /// The keymap context of the screen's keys now.
    pub fn ctx(&self) -> Ctx {
        match self {
            Screen::Start(_) => Ctx::Start,
            Screen::Play(p) => p.ctx(),
            Screen::Replay(r) => r.ctx(),
            Screen::Present(_) => Ctx::Viewer,
            Screen::Aar(_) => Ctx::AfterAction,
            Screen::Files(f) if f.popup.is_some() => Ctx::Confirm,
            Screen::Files(_) => Ctx::Files,
            Screen::WhatIf(_) => Ctx::WhatIf,
        }
    }

    /// The screen's own popup, if one is open.
    pub fn popup(&self) -> Option<Popup> {
        match self {
            Screen::Play(p) => p.popup,
            Screen::Files(f) => f.popup,
            _ => None,
        }
    }

    /// Closes the screen's popup (a key its popup does not use acts on the screen instead).
    pub fn dismiss_popup(&mut self) {
        match self {
            Screen::Play(p) => p.popup = None,
            Screen::Files(f) => f.popup = None,
            _ => {}
        }
    }

    pub fn update(&mut self, a: Action, ui: &mut Ui) -> Go {
        match self {
            Screen::Start(s) => s.update(a, ui),
            Screen::Play(p) => p.update(a, ui),
            Screen::Replay(r) => r.update(a, ui),
            Screen::Present(p) => p.update(a, ui),
            Screen::Aar(r) => r.update(a, ui),
            Screen::Files(f) => f.update(a, ui),
            Screen::WhatIf(w) => w.update(a, ui),
        }
    }

    pub fn mouse(&mut self, m: MouseEvent, ui: &mut Ui) -> Go {
        use crossterm::event::MouseEventKind as K;
        // The wheel moves through the lists as ↑ and ↓ do, three rows a notch.
        if matches!(self, Screen::Files(_) | Screen::Aar(_) | Screen::WhatIf(_)) {
            let a = match m.kind {
                K::ScrollUp => Action::Prev,
                K::ScrollDown => Action::Next,
                _ => return Go::Stay,
            };
            for _ in 0..3 {
                if let Go::Stay = self.update(a, ui) {
                    continue;
                }
                break;
            }
            return Go::Stay;
        }
        match self {
            Screen::Play(p) => p.mouse(m, ui),
            Screen::Replay(r) => match r.board.mouse(m, ui) {
                Some(a) => r.update(a, ui),
                None => Go::Stay,
            },
            _ => Go::Stay,
        }
    }

    /// The terminal changed size (every screen of the stack hears it, shown or not).
    pub fn resize(&mut self, ui: &Ui) {
        match self {
            Screen::Present(p) => p.resize(ui),
            other => {
                if let Some(b) = other.board_mut() {
                    b.size = ui.size;
                    b.keep_cursor_visible();
                }
            }
        }
    }

    /// The screen is shown again, after the one over it closed.
    pub fn resume(&mut self, r: Resume, ui: &mut Ui) {
        match self {
            Screen::Start(s) => s.resume(&r, ui),
            Screen::Play(p) => p.resume(&r, ui),
            Screen::Replay(v) => v.resume(r, ui),
            Screen::Files(f) => f.resume(ui),
            _ => {}
        }
    }

    /// Time passed (`dt` since the last tick): a study's progress, an autoplay's next phase.
    pub fn tick(&mut self, dt: std::time::Duration, ui: &mut Ui) -> Go {
        match self {
            Screen::WhatIf(w) => {
                w.tick(ui);
                Go::Stay
            }
            Screen::Play(p) => p.tick(dt, ui),
            Screen::Replay(r) => r.tick(dt, ui),
            Screen::Present(p) => p.tick(dt, ui),
            _ => Go::Stay,
        }
    }

    /// Work is under way that the screen must show the progress of: a study, an autoplay.
    pub fn busy(&self) -> bool {
        match self {
            Screen::WhatIf(w) => w.running(),
            other => other.board().is_some_and(|b| b.autoplay.on),
        }
    }

    /// The board of a screen that shows a map.
    pub fn board(&self) -> Option<&Board> {
        match self {
            Screen::Play(p) => Some(&p.board),
            Screen::Replay(r) => Some(&r.board),
            Screen::Present(p) => Some(&p.replay.board),
            _ => None,
        }
    }

    pub fn board_mut(&mut self) -> Option<&mut Board> {
        match self {
            Screen::Play(p) => Some(&mut p.board),
            Screen::Replay(r) => Some(&mut r.board),
            Screen::Present(p) => Some(&mut p.replay.board),
            _ => None,
        }
    }

    /// The board's mode (Normal for a screen without a map).
    pub fn mode(&self) -> Mode {
        self.board().map(|b| b.mode).unwrap_or(Mode::Normal)
    }
}

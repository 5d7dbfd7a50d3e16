//! The terminal interface: a ratatui application in the Elm shape.
//!
//! `app` holds the state and its one `update(msg)`; `keymap` is the single table of keys
//! (input handling and the `?` help both read it); `theme` is a struct of styles; `view/`
//! draws each panel from the state without changing it; `terminal` sets the terminal up and
//! restores it, even on panic. The interface reads the engine and sends it orders: it never
//! changes the world itself.

pub mod app;
pub mod events;
pub mod keymap;
pub mod terminal;
pub mod theme;
pub mod view;

pub use app::{App, Launch, Msg};

use crossterm::event::{self, Event as TermEvent, KeyEventKind};

/// Runs the interface until the player quits: the start screen, or straight into a game.
pub fn run(launch: Option<Launch>) -> Result<(), String> {
    let theme = theme::Theme::detect();
    // Load before touching the terminal, so a bad scenario is a plain error message.
    let mut app = match &launch {
        Some(l) => App::new_game(l, theme)?,
        None => App::new_start(theme),
    };
    let mut term = terminal::TerminalGuard::enter().map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let size = term.size().map_err(|e| e.to_string())?;
    app.update(Msg::Resize(size.width, size.height));
    loop {
        term.draw(&app).map_err(|e| format!("drawing failed: {e}"))?;
        if app.quit {
            break;
        }
        // Blocking read: no polling loop, so an idle game costs no CPU.
        let msg = match event::read().map_err(|e| format!("reading input failed: {e}"))? {
            TermEvent::Key(k) if k.kind == KeyEventKind::Press => Msg::Key(k),
            TermEvent::Mouse(m) => Msg::Mouse(m),
            TermEvent::Resize(w, h) => Msg::Resize(w, h),
            _ => continue,
        };
        app.update(msg);
    }
    drop(term);
    Ok(())
}

//! The terminal interface: a ratatui application in the Elm shape.
//!
//! The modules stand in layers, each using only those below it:
//! - `theme`, `layout`, `action` (what a key asks for), `event_words` (events in words: whose, where, one line of text);
//! - `keymap`, the single table of keys (input handling and the `?` help both read it);
//! - `shared` (what every screen shares), `session` (a game being shown), `caption`,
//!   `board` (the map and its panels as the play and replay screens share them);
//! - `screen/`, one module per screen, each owning its state and its `update`;
//! - `app`, the router over a stack of screens and the one `update(msg)`;
//! - `view/`, which draws the app without changing it, and `terminal`, which sets the
//!   terminal up and restores it, even on panic.
//!
//! The interface reads the engine and sends it orders: it never changes the world itself.

pub mod action;
pub mod app;
pub mod board;
pub mod caption;
pub mod cells;
pub mod config;
pub mod event_words;
pub mod keymap;
pub mod layout;
pub mod playback;
pub mod screen;
pub mod session;
pub mod shared;
pub mod terminal;
pub mod theme;
pub mod view;

pub use app::{App, Msg};
pub use session::Launch;

use std::time::{Duration, Instant};

use crossterm::event::{self, Event as TermEvent, KeyEventKind};

/// What the interface opens with.
#[derive(Clone, Debug)]
pub enum Open {
    /// The start screen (with "Continue" when there is an autosave).
    Start,
    /// Straight into a new game (`attrition play …`), with its `--set` settings.
    Game(Launch, Vec<String>),
    /// A saved game resumed (`attrition play --load FILE`).
    Load(std::path::PathBuf),
    /// A saved game played again under this version's rules, as a new game
    /// (`attrition play --load FILE --again`).
    Again(std::path::PathBuf),
    /// A new game branched from a record after a day, with settings from the next day on
    /// (`attrition play --load FILE --from-day N [--set KEY=VALUE]…`).
    Branch(std::path::PathBuf, u32, Vec<String>),
    /// A record in the replay viewer (`attrition replay FILE [--side S] [--reveal]`).
    Replay(std::path::PathBuf, Option<crate::sim::map::Side>, bool),
}

/// Builds the interface's state before the terminal is touched, so a bad scenario, a damaged
/// save or a config file with mistakes is a plain error message. Saves go to
/// [`crate::study::record::autosave_dir`]; `autosave` writes the game there after every day;
/// the user's settings come from [`config::path`] (`no_mouse` leaves the mouse to the terminal
/// whatever they say).
pub fn prepare(open: Open, autosave: bool, no_mouse: bool) -> Result<App, String> {
    let config_path = config::path();
    let settings = match &config_path {
        Some(p) => config::load(p).map_err(|errs| format!("your settings have mistakes:\n{}", errs.join("\n")))?,
        None => config::Config::default(),
    };
    let theme = theme::Theme::detect();
    let mut app = match open {
        Open::Start => App::new_start(theme),
        Open::Game(l, settings) => App::new_game_with(&l, &settings, theme)?,
        Open::Load(path) => App::resume_file(&path, theme)?,
        Open::Again(path) => App::play_again_file(&path, theme)?,
        Open::Branch(path, day, settings) => {
            let rec = crate::study::record::load(&path)?;
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let session = session::Session::branch(&rec, &name, day, &settings)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            App::of_session(session, theme)
        }
        Open::Replay(path, side, reveal) => {
            let rec = crate::study::record::load(&path)?;
            App::new_replay(rec, &path.display().to_string(), side, reveal, theme)?
        }
    };
    app.set_saves(crate::study::record::autosave_dir(), autosave);
    app.set_config(settings, config_path);
    if no_mouse {
        app.ui.mouse = false;
    }
    Ok(app)
}

/// Writes the picture of the screen asked for (`P` in the replay viewer and presenter mode) as
/// SVG into the saves folder: the screen drawn at the terminal's size, as it is shown.
pub fn write_picture(app: &mut App) {
    let Some(name) = app.ui.picture.take() else { return };
    let (w, h) = app.ui.size;
    let mut term = match ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)) {
        Ok(t) => t,
        Err(e) => return app.ui.complain(format!("No picture: {e}")),
    };
    if let Err(e) = term.draw(|f| view::draw(app, f)) {
        return app.ui.complain(format!("No picture: {e}"));
    }
    let svg = crate::study::svg::terminal(term.backend().buffer(), &name);
    app.ui.write_pictures(&[(name, svg)]);
}

/// Runs the interface until the player quits. Nothing is written on the way out: every
/// completed day was saved atomically when it ended, so a closed terminal, SIGHUP or SIGTERM
/// leaves the last day saved and never half a file.
pub fn run(mut app: App) -> Result<(), String> {
    let mut term =
        terminal::TerminalGuard::enter(app.ui.mouse).map_err(|e| format!("cannot set up the terminal: {e}"))?;
    let size = term.size().map_err(|e| e.to_string())?;
    app.update(Msg::Resize(size.width, size.height));
    let mut last_tick = Instant::now();
    loop {
        term.draw(&app).map_err(|e| format!("drawing failed: {e}"))?;
        if app.ui.picture.is_some() {
            write_picture(&mut app);
            continue;
        }
        if app.quit {
            break;
        }
        // Blocking read: no polling loop, so an idle game costs no CPU. Only while a what-if
        // study runs or a day autoplays does the loop wake every tenth of a second, to move the
        // progress bar, collect the result or show the next phase.
        let busy = app.busy();
        let input = |e: std::io::Error| format!("reading input failed: {e}");
        if busy && !event::poll(Duration::from_millis(100)).map_err(input)? {
            app.update(Msg::Tick(last_tick.elapsed()));
            last_tick = Instant::now();
            continue;
        }
        let msg = match event::read().map_err(input)? {
            TermEvent::Key(k) if k.kind == KeyEventKind::Press => Msg::Key(k),
            TermEvent::Mouse(m) => Msg::Mouse(m),
            TermEvent::Resize(w, h) => Msg::Resize(w, h),
            _ => continue,
        };
        app.update(msg);
        if busy {
            // Keys arriving faster than the tick must not freeze the progress bar.
            app.update(Msg::Tick(last_tick.elapsed()));
            last_tick = Instant::now();
        }
    }
    drop(term);
    Ok(())
}

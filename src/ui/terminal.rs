//! Setting the terminal up for the interface and putting it back, on exit and on panic.

use std::io::{self, Stdout};

use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Size;
use ratatui::Terminal;

use super::app::App;

/// Raw mode, the alternate screen and (unless the user turned it off) mouse capture for as
/// long as it lives.
pub struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

/// Puts the terminal back as it was (safe to call more than once).
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), DisableMouseCapture, LeaveAlternateScreen, crossterm::cursor::Show);
}

/// The thread that draws the interface (the one that set the terminal up).
static UI_THREAD: std::sync::OnceLock<std::thread::ThreadId> = std::sync::OnceLock::new();

/// Restores the terminal before the default hook prints the panic, so the message is readable.
/// A panic on another thread (a what-if study's worker, whose failure the interface shows as
/// an error) leaves the terminal to the interface, which goes on.
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let _ = UI_THREAD.set(std::thread::current().id());
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if UI_THREAD.get().is_none_or(|t| *t == std::thread::current().id()) {
                restore();
            }
            previous(info);
        }));
    });
}

/// On SIGTERM, SIGHUP, SIGQUIT or SIGINT (a closed window, `kill`, a logout, `timeout -s INT`
/// or a supervisor), puts the terminal back and exits with the shell's 128 + signal status.
/// Nothing needs saving first: every completed day was written atomically when it ended. Raw
/// mode turns Ctrl-C at the keyboard into a key, not a signal, so a SIGINT always comes from
/// outside.
#[cfg(unix)]
fn restore_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT, SIGINT]) else { return };
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                restore();
                std::process::exit(128 + sig);
            }
        });
    });
}

#[cfg(not(unix))]
fn restore_on_signals() {}

impl TerminalGuard {
    pub fn enter(mouse: bool) -> io::Result<TerminalGuard> {
        install_panic_hook();
        restore_on_signals();
        enable_raw_mode()?;
        let mut out = io::stdout();
        // Clearing here, not with `Terminal::clear`, which asks the terminal where its cursor is
        // and waits seconds for terminals (and test ptys) that never answer.
        if let Err(e) = execute!(out, EnterAlternateScreen, Clear(ClearType::All)) {
            restore();
            return Err(e);
        }
        if mouse {
            if let Err(e) = execute!(out, EnableMouseCapture) {
                restore();
                return Err(e);
            }
        }
        let mut terminal = Terminal::new(CrosstermBackend::new(out)).inspect_err(|_| restore())?;
        terminal.hide_cursor()?;
        Ok(TerminalGuard { terminal })
    }

    pub fn size(&self) -> io::Result<Size> {
        self.terminal.size()
    }

    pub fn draw(&mut self, app: &App) -> io::Result<()> {
        self.terminal.draw(|f| super::view::draw(app, f)).map(|_| ())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

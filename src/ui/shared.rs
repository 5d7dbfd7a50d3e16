//! What every screen shares: the theme, the terminal's size, the hint line's message, where
//! saves go and the legend switch. The router (`app`) owns it and lends it to the screen that
//! handles a message, so no screen reaches into another.

use std::path::PathBuf;

use super::keymap::Keymap;
use super::layout::MIN_SIZE;
use super::theme::Theme;

/// A line being typed at the foot of the screen (the white cell's command line, a branch's
/// settings): what it asks, what has been typed, and what it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub label: String,
    pub line: String,
}

/// What a typed line is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptFor {
    /// A white cell command (`play --white`), for the play screen.
    WhiteCell,
    /// Settings for a new game branched from this day of the record in the replay viewer.
    Branch { day: u32 },
}

/// Longest line a prompt takes (characters).
pub const MAX_PROMPT: usize = 400;

/// A line for the hint bar: text and whether it reports a problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The popups a screen can show over itself (for tests and the keymap's context).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Popup {
    /// Every key (`?`), over any screen.
    Help,
    /// The quit question, over any screen.
    ConfirmQuit,
    /// The play screen's "end the day?".
    ConfirmEndDay,
    /// The play screen's "cancel every planned order?".
    ConfirmCancelAll,
    /// The day's lesson steps (guided scenarios such as `tutorial`), on the play screen.
    Lesson,
    /// The saved-games list's "delete this file?".
    ConfirmDelete,
}

/// The interface's state that is no one screen's.
pub struct Ui {
    pub theme: Theme,
    /// `NO_COLOR` was set: the theme stays monochrome.
    pub no_color: bool,
    pub size: (u16, u16),
    pub message: Option<Message>,
    /// Where autosaves and saved games go (None: nowhere; `ui::run` sets the user's folder).
    pub save_dir: Option<PathBuf>,
    /// Write `<scenario-id>.ron` in `save_dir` after every day.
    pub autosave: bool,
    /// The last save that failed, shown in the status bar until a save succeeds.
    pub save_error: Option<String>,
    /// The legend in the side panel (`g`).
    pub legend: bool,
    /// The keys in force (the defaults with the user's config).
    pub keys: Keymap,
    /// The user's config file (whether or not it exists), for the help and the theme.
    pub config_path: Option<PathBuf>,
    /// The mouse is captured (config `mouse`, `--no-mouse`).
    pub mouse: bool,
    /// A picture of the screen asked for (its file name), written once the screen is drawn.
    pub picture: Option<String>,
    /// The player has the white cell's commands (`play --white`: an instructor's game).
    pub white: bool,
    /// A line being typed; while it is open every key goes to it.
    pub prompt: Option<Prompt>,
}

impl Ui {
    pub fn new(theme: Theme) -> Ui {
        Ui {
            no_color: theme.is_mono(),
            theme,
            size: MIN_SIZE,
            message: None,
            save_dir: None,
            autosave: false,
            save_error: None,
            legend: true,
            keys: Keymap::default(),
            config_path: None,
            mouse: true,
            picture: None,
            white: false,
            prompt: None,
        }
    }

    /// Opens a line to type, asking `label`.
    pub fn ask(&mut self, purpose: PromptFor, label: impl Into<String>) {
        self.prompt = Some(Prompt { purpose, label: label.into(), line: String::new() });
    }

    pub fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: false });
    }

    pub fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(Message { text: text.into(), error: true });
    }

    /// Writes SVG pictures into the saves folder and says where, or why not.
    pub fn write_pictures(&mut self, pictures: &[(String, String)]) {
        let Some(dir) = self.save_dir.clone() else {
            return self.complain("No folder for pictures (no user data folder; set ATTRITION_DATA_DIR).");
        };
        match crate::study::svg::write_all(&dir, pictures) {
            Ok(paths) => {
                let names: Vec<String> =
                    paths.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
                self.say(format!("{} SVG written to {}: {}", names.len(), dir.display(), names.join(", ")));
            }
            Err(e) => self.complain(format!("The pictures were not written: {e}")),
        }
    }

    /// The terminal is smaller than the interface is laid out for.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_SIZE.0 || self.size.1 < MIN_SIZE.1
    }
}

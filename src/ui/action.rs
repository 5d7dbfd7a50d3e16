//! What a key or a click asks for, in the interface's words: the vocabulary the keymap binds
//! keys to and every screen's `update` reads. It sits below the keymap and the screens, so
//! neither needs the other to name an action.

use crate::sim::orders::OrderKind;

/// Overlays drawn over the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverlayKey {
    Coverage,
    Supply,
    Detection,
    Control,
}

/// Fields of the start screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// Resume the autosaved game (shown only when there is one).
    Continue,
    Scenario,
    Side,
    Opponent,
    Seed,
}

impl Field {
    pub const ALL: [Field; 5] = [Field::Continue, Field::Scenario, Field::Side, Field::Opponent, Field::Seed];
}

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Move(i16, i16),
    NextUnit,
    PrevUnit,
    Select,
    Centre,
    Zoom,
    /// An order that needs a target cell: choose it on the map.
    Order(OrderKind),
    Hold {
        dig_in: bool,
    },
    CancelOrder,
    CancelAll,
    EndDay,
    Overlay(OverlayKey),
    OverlaysOff,
    Log,
    Report,
    Help,
    Quit,
    ForceQuit,
    Back,
    Confirm,
    Yes,
    No,
    Theme,
    Legend,
    Lesson,
    FilterKind,
    FilterSide,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Next,
    Prev,
    FocusField(Field),
    Digit(u8),
    Erase,
    Save,
    NextDay,
    PrevDay,
    FirstDay,
    LastDay,
    Watch,
    /// Open the after-action report.
    AfterAction,
    /// Open the list of saved games and records.
    Files,
    /// Play on from the chosen saved game.
    Continue,
    /// Play a saved game this version cannot resume (made under other rules) again under
    /// today's rules, as a new game; the file is kept.
    PlayAgain,
    /// Delete the chosen saved game (asks first).
    Delete,
    /// Open the what-if screen.
    WhatIf,
    /// A new game from the day shown in the replay viewer (the record up to it, then fresh play).
    Branch,
    /// The white cell's command line (`play --white`).
    WhiteCell,
    /// The other page: what-if charts or table, the report's charts or key events; the
    /// what-if form's next field.
    Page,
    /// Stop the running what-if study.
    CancelStudy,
    /// Write what is shown to files: the what-if runs as CSV, the report as md/csv/json.
    Export,
    Present,
    /// The next own unit with nothing to do today (no order planned, no task), or the previous.
    NextIdle,
    PrevIdle,
    /// The next own unit of the selected unit's kind.
    SameKind,
    /// The list of planned orders.
    Orders,
    /// Undo the last change to the planned orders.
    Undo,
    /// The next of the units that formed or arrived today.
    NewUnits,
    /// Write what is shown as SVG pictures for slides.
    Picture,
    /// Scroll a list by this many lines (negative: up).
    Scroll(i16),
    /// Autoplay the day's phases, or pause it.
    Autoplay,
    Faster,
    Slower,
}

impl Action {
    /// The action's name in a config file (`end_day` of `map.end_day`): one per action, the
    /// same in every context it is bound in.
    pub fn name(self) -> String {
        let dir = |dx: i16, dy: i16| {
            let ns = match dy.signum() {
                -1 => "north",
                1 => "south",
                _ => "",
            };
            let ew = match dx.signum() {
                -1 => "west",
                1 => "east",
                _ => "",
            };
            let sep = if ns.is_empty() || ew.is_empty() { "" } else { "_" };
            let far = if dx.abs() > 1 || dy.abs() > 1 { "far_" } else { "" };
            format!("cursor_{far}{ns}{sep}{ew}")
        };
        let plain = match self {
            Action::Move(dx, dy) => return dir(dx, dy),
            Action::Order(v) => {
                return format!(
                    "order_{}",
                    match v {
                        OrderKind::Move => "move",
                        OrderKind::Assault => "assault",
                        OrderKind::Withdraw => "withdraw",
                        OrderKind::DroneSector => "drone_sector",
                        OrderKind::Interdict => "interdict",
                        OrderKind::Fire => "fire",
                        OrderKind::CommitReserve => "commit_reserve",
                        // Hold has no target to choose: its keys are `hold` and `dig_in`.
                        OrderKind::Hold => "hold",
                    }
                );
            }
            Action::Overlay(o) => {
                return format!(
                    "overlay_{}",
                    match o {
                        OverlayKey::Coverage => "coverage",
                        OverlayKey::Supply => "supply",
                        OverlayKey::Detection => "detection",
                        OverlayKey::Control => "control",
                    }
                )
            }
            Action::FocusField(f) => {
                return format!(
                    "field_{}",
                    match f {
                        Field::Continue => "continue",
                        Field::Scenario => "scenario",
                        Field::Side => "side",
                        Field::Opponent => "opponent",
                        Field::Seed => "seed",
                    }
                )
            }
            Action::Digit(d) => return format!("digit_{d}"),
            Action::Scroll(n) if n <= -10 => "scroll_page_up",
            Action::Scroll(n) if n >= 10 => "scroll_page_down",
            Action::Scroll(n) if n < 0 => "scroll_up",
            Action::Scroll(_) => "scroll_down",
            Action::Autoplay => "autoplay",
            Action::Picture => "export_svg",
            Action::NextIdle => "next_idle_unit",
            Action::PrevIdle => "previous_idle_unit",
            Action::SameKind => "next_of_same_kind",
            Action::Orders => "planned_orders",
            Action::Undo => "undo",
            Action::NewUnits => "new_units",
            Action::Faster => "faster",
            Action::Slower => "slower",
            Action::Hold { dig_in: true } => "dig_in",
            Action::Hold { dig_in: false } => "hold",
            Action::NextUnit => "next_unit",
            Action::PrevUnit => "previous_unit",
            Action::Select => "select",
            Action::Centre => "centre",
            Action::Zoom => "zoom",
            Action::CancelOrder => "cancel_order",
            Action::CancelAll => "cancel_all",
            Action::EndDay => "end_day",
            Action::OverlaysOff => "overlays_off",
            Action::Log => "log",
            Action::Report => "day_report",
            Action::Help => "help",
            Action::Quit => "quit",
            Action::ForceQuit => "quit_now",
            Action::Back => "back",
            Action::Confirm => "confirm",
            Action::Yes => "yes",
            Action::No => "no",
            Action::Theme => "theme",
            Action::Legend => "legend",
            Action::Lesson => "lesson",
            Action::FilterKind => "filter_kind",
            Action::FilterSide => "filter_side",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Next => "next",
            Action::Prev => "previous",
            Action::Erase => "erase",
            Action::Save => "save",
            Action::NextDay => "next_day",
            Action::PrevDay => "previous_day",
            Action::FirstDay => "first_day",
            Action::LastDay => "last_day",
            Action::Watch => "whose_view",
            Action::AfterAction => "after_action_report",
            Action::Files => "saved_games",
            Action::Continue => "play_on",
            Action::PlayAgain => "play_again",
            Action::WhatIf => "what_if",
            Action::Branch => "branch",
            Action::WhiteCell => "white_cell",
            Action::Page => "other_page",
            Action::CancelStudy => "cancel_study",
            Action::Export => "export",
            Action::Present => "presenter",
            Action::Delete => "delete",
        };
        plain.to_string()
    }
}

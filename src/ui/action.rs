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
    /// Delete the chosen saved game (asks first).
    Delete,
    /// Open the what-if screen.
    WhatIf,
    /// The other page: what-if charts or table, the report's charts or key events; the
    /// what-if form's next field.
    Page,
    /// Stop the running what-if study.
    CancelStudy,
    /// Write what is shown to files: the what-if runs as CSV, the report as md/csv/json.
    Export,
    Present,
}

//! Every key the interface knows, in one table: input handling and the `?` help both read it.
//!
//! A binding belongs to a context (the map, choosing a target, the log, …); the global
//! context applies everywhere unless a context binds the same key first. Letter keys match
//! by character (so `H` is shift-h), other keys by code and modifiers. Only presses count.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Field;
pub use super::action::{Action, OverlayKey};
use crate::sim::orders::OrderKind;

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ctx {
    Global,
    Map,
    Target,
    Log,
    /// The list of planned orders (`o`).
    Orders,
    Resolution,
    Report,
    /// The after-action report (`A`).
    AfterAction,
    /// Saved games and records (`f` on the start screen).
    Files,
    Start,
    Handover,
    Result,
    Confirm,
    /// The quit question: only `y` quits, so an Enter meant for the screen never does.
    Quit,
    Help,
    Lesson,
    /// The replay viewer (`attrition replay FILE`): its rows first, then the map's.
    Viewer,
    /// The what-if screen: its form, the running study and the results.
    WhatIf,
}

impl Ctx {
    /// The context whose keys apply where this one binds none: the replay viewer takes the
    /// map's keys; a map key the lesson panel does not use closes it and acts on the map.
    pub fn falls_back(self) -> Option<Ctx> {
        match self {
            Ctx::Viewer | Ctx::Lesson | Ctx::Target => Some(Ctx::Map),
            _ => None,
        }
    }

    /// Whether this context takes `a` from the one it falls back to: choosing a target takes
    /// only the map's cursor, zoom and overlay keys (never another order or the end of day).
    pub fn borrows(self, a: Action) -> bool {
        match self {
            Ctx::Target => matches!(
                a,
                Action::Move(..)
                    | Action::Zoom
                    | Action::Centre
                    | Action::Overlay(_)
                    | Action::OverlaysOff
                    | Action::Legend
            ),
            _ => true,
        }
    }

    /// The context's name in a config file (`map` of `map.end_day`).
    pub fn name(self) -> &'static str {
        match self {
            Ctx::Global => "global",
            Ctx::Map => "map",
            Ctx::Target => "target",
            Ctx::Log => "log",
            Ctx::Orders => "orders",
            Ctx::Resolution => "resolution",
            Ctx::Report => "report",
            Ctx::AfterAction => "after_action",
            Ctx::Files => "files",
            Ctx::Start => "start",
            Ctx::Handover => "handover",
            Ctx::Result => "result",
            Ctx::Confirm => "confirm",
            Ctx::Quit => "quit",
            Ctx::Help => "help",
            Ctx::Lesson => "lesson",
            Ctx::Viewer => "viewer",
            Ctx::WhatIf => "whatif",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Ctx::Global => "Everywhere",
            Ctx::Map => "Map and orders",
            Ctx::Target => "Choosing a target",
            Ctx::Log => "Event log (v)",
            Ctx::Orders => "Planned orders (o)",
            Ctx::Resolution => "The day's resolution",
            Ctx::Report => "Day report",
            Ctx::Files => "Saved games and records (f on the start screen)",
            Ctx::AfterAction => "After-action report (A: when the game is over, or in a replay)",
            Ctx::Start => "Start screen",
            Ctx::Handover => "Hand-over screen",
            Ctx::Result => "Result screen",
            Ctx::Confirm => "Questions (end the day, delete a saved game)",
            Ctx::Quit => "Quit question",
            Ctx::Help => "This help",
            Ctx::Lesson => "Lesson panel (guided scenarios: tutorial)",
            Ctx::Viewer => "Replay viewer (attrition replay FILE; map keys too, no orders)",
            Ctx::WhatIf => "What-if study (F3: the same battle many times, one setting changed)",
        }
    }
}

/// One key as written in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::NONE }
}
const fn code(c: KeyCode) -> Key {
    Key { code: c, mods: KeyModifiers::NONE }
}
const fn shift(c: KeyCode) -> Key {
    Key { code: c, mods: KeyModifiers::SHIFT }
}
const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), mods: KeyModifiers::CONTROL }
}

/// One row of the table.
pub struct Binding {
    pub ctx: Ctx,
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
}

const fn b(ctx: Ctx, keys: &'static [Key], action: Action, help: &'static str) -> Binding {
    Binding { ctx, keys, action, help }
}

use Action as A;
use Ctx as C;
use KeyCode as KC;

/// The table. Earlier rows win within a context; context rows win over global ones.
pub const KEYMAP: &[Binding] = &[
    // ---- everywhere ----
    b(C::Global, &[k('?'), code(KC::F(1))], A::Help, "show every key (this screen)"),
    b(C::Global, &[k('q')], A::Quit, "quit (asks first)"),
    b(C::Global, &[ctrl('c')], A::ForceQuit, "quit at once"),
    b(C::Global, &[code(KC::Esc)], A::Back, "back out of the current mode or popup"),
    b(C::Global, &[k('T')], A::Theme, "cycle colour theme: standard, colour-blind safe, monochrome"),
    // ---- map ----
    b(C::Map, &[code(KC::Up), k('k')], A::Move(0, -1), "move cursor north"),
    b(C::Map, &[code(KC::Down), k('j')], A::Move(0, 1), "move cursor south"),
    b(C::Map, &[code(KC::Left), k('h')], A::Move(-1, 0), "move cursor west"),
    b(C::Map, &[code(KC::Right), k('l')], A::Move(1, 0), "move cursor east"),
    b(C::Map, &[k('y')], A::Move(-1, -1), "move cursor north-west"),
    b(C::Map, &[k('u')], A::Move(1, -1), "move cursor north-east"),
    b(C::Map, &[k('b')], A::Move(-1, 1), "move cursor south-west"),
    b(C::Map, &[k('n')], A::Move(1, 1), "move cursor south-east"),
    b(C::Map, &[shift(KC::Up), k('K')], A::Move(0, -5), "move cursor 5 cells north"),
    b(C::Map, &[shift(KC::Down), k('J')], A::Move(0, 5), "move cursor 5 cells south"),
    b(C::Map, &[shift(KC::Left), k('H')], A::Move(-5, 0), "move cursor 5 cells west"),
    b(C::Map, &[shift(KC::Right), k('L')], A::Move(5, 0), "move cursor 5 cells east"),
    b(C::Map, &[code(KC::Tab)], A::NextUnit, "select the next own unit (centres on it)"),
    b(C::Map, &[code(KC::BackTab)], A::PrevUnit, "select the previous own unit"),
    b(C::Map, &[code(KC::Enter), k(' ')], A::Select, "select the unit under the cursor (again: the next one there)"),
    b(C::Map, &[k('c')], A::Centre, "centre the map on the cursor"),
    b(C::Map, &[k('z')], A::Zoom, "zoom: 2 columns per cell, 1 per cell, whole-sector overview"),
    b(C::Map, &[k('m')], A::Order(OrderKind::Move), "order: move to a cell"),
    b(C::Map, &[k('a')], A::Order(OrderKind::Assault), "order: assault an adjacent enemy cell (shows the odds)"),
    b(C::Map, &[k('d')], A::Hold { dig_in: true }, "order: hold and dig in"),
    b(C::Map, &[k('D')], A::Hold { dig_in: false }, "order: hold without digging in"),
    b(C::Map, &[k('w')], A::Order(OrderKind::Withdraw), "order: withdraw to an own cell"),
    b(C::Map, &[k('s')], A::Order(OrderKind::DroneSector), "order: set a drone unit's sector"),
    b(C::Map, &[k('i')], A::Order(OrderKind::Interdict), "order: drone unit interdicts a route"),
    b(C::Map, &[k('f')], A::Order(OrderKind::Fire), "order: artillery fires on a cell"),
    b(C::Map, &[k('r')], A::Order(OrderKind::CommitReserve), "order: commit an off-map reserve to a cell"),
    b(
        C::Map,
        &[k('x'), code(KC::Delete), code(KC::Backspace)],
        A::CancelOrder,
        "cancel the selected unit's planned order",
    ),
    b(C::Map, &[k('X')], A::CancelAll, "cancel all planned orders (asks first)"),
    b(C::Map, &[k('U'), ctrl('z')], A::Undo, "undo the last change to the planned orders"),
    b(C::Map, &[k('o')], A::Orders, "the list of planned orders: review, go to, cancel"),
    b(C::Map, &[k('.')], A::NextIdle, "the next unit with nothing to do today"),
    b(C::Map, &[k(',')], A::PrevIdle, "the previous unit with nothing to do today"),
    b(C::Map, &[k(';')], A::SameKind, "the next unit of the selected unit's kind"),
    b(C::Map, &[k('N')], A::NewUnits, "the next unit that formed or arrived today"),
    b(C::Map, &[k('e')], A::EndDay, "end the day (asks first)"),
    b(
        C::Map,
        &[k(':')],
        A::WhiteCell,
        "white cell command (play --white): resolve, set K=V, event E, note, rollback N, branch N; :help",
    ),
    // The same line while a day resolves, its report is open or the game is over.
    b(C::Resolution, &[k(':')], A::WhiteCell, ""),
    b(C::Report, &[k(':')], A::WhiteCell, ""),
    b(C::Result, &[k(':')], A::WhiteCell, ""),
    b(C::Map, &[k('1')], A::Overlay(OverlayKey::Coverage), "overlay: drone coverage (own, enemy, off)"),
    b(C::Map, &[k('2')], A::Overlay(OverlayKey::Supply), "overlay: supply of routes and units"),
    b(C::Map, &[k('3')], A::Overlay(OverlayKey::Detection), "overlay: detection (what your side sees)"),
    b(C::Map, &[k('4')], A::Overlay(OverlayKey::Control), "overlay: control of ground"),
    b(C::Map, &[k('0')], A::OverlaysOff, "all overlays off"),
    b(C::Map, &[k('v')], A::Log, "open the event log (scroll, filter)"),
    b(C::Map, &[k('R')], A::Report, "show the last day report with charts"),
    b(
        C::Map,
        &[k('A'), code(KC::F(4))],
        A::AfterAction,
        "after-action report: timeline and key events (once the game is over; any day of a replay)",
    ),
    b(C::Map, &[k('g')], A::Legend, "show or hide the legend in the side panel"),
    b(C::Map, &[k('t'), code(KC::F(2))], A::Lesson, "show today's lesson again (guided scenarios: tutorial)"),
    b(C::Map, &[ctrl('s'), k('W')], A::Save, "save the game: <scenario>-day<N>.ron in the saves folder"),
    b(
        C::Map,
        &[code(KC::F(3)), k('O')],
        A::WhatIf,
        "what-if study of this game's scenario and settings (the game waits)",
    ),
    // ---- replay viewer ----
    b(C::Viewer, &[k('.'), k(' ')], A::Next, "next phase of the day (then the next day)"),
    b(C::Viewer, &[k(',')], A::Prev, "previous phase (then the day before)"),
    b(C::Viewer, &[k(']'), code(KC::PageDown)], A::NextDay, "next day"),
    b(C::Viewer, &[k('['), code(KC::PageUp)], A::PrevDay, "previous day"),
    b(C::Viewer, &[code(KC::Home)], A::FirstDay, "the start (day 0)"),
    b(C::Viewer, &[code(KC::End)], A::LastDay, "the last day of the record"),
    b(C::Viewer, &[k('s')], A::Watch, "whose view: Russia, Ukraine, both (every unit and event)"),
    b(C::Viewer, &[k('a')], A::Autoplay, "autoplay phase after phase, day after day, or pause it"),
    b(C::Viewer, &[k('+'), k('=')], A::Faster, "autoplay faster"),
    b(C::Viewer, &[k('-')], A::Slower, "autoplay slower"),
    b(
        C::Viewer,
        &[k('b')],
        A::Branch,
        "branch: a new game from the day shown (the record up to it, settings you type, then you play on)",
    ),
    b(C::Viewer, &[k('P')], A::Picture, "write the screen as it is (presenter mode: the slide) as an SVG picture"),
    b(C::Viewer, &[k('<')], A::Scroll(-5), "scroll the phase's events up"),
    b(C::Viewer, &[k('>')], A::Scroll(5), "scroll the phase's events down"),
    b(
        C::Viewer,
        &[k('p')],
        A::Present,
        "presenter mode: the map on the whole screen, drone coverage and supply, a caption per phase (p or Esc leaves)",
    ),
    // ---- choosing a target ----
    b(C::Target, &[code(KC::Enter), k(' ')], A::Confirm, "give the order at the cursor"),
    b(C::Target, &[], A::Move(0, 0), "the map's cursor, zoom, centre and overlay keys (1 2 3 4 0) work while choosing"),
    // ---- log ----
    b(C::Log, &[code(KC::Up), k('k')], A::Prev, "the entry before (older)"),
    b(C::Log, &[code(KC::Down), k('j')], A::Next, "the entry after (newer)"),
    b(C::Log, &[code(KC::PageUp)], A::PageUp, "page up"),
    b(C::Log, &[code(KC::PageDown), k(' ')], A::PageDown, "page down"),
    b(C::Log, &[code(KC::Home), k('<')], A::Top, "oldest"),
    b(C::Log, &[code(KC::End), k('>')], A::Bottom, "newest"),
    b(C::Log, &[code(KC::Enter)], A::Confirm, "go to the chosen entry: the map centred on its cell, its unit selected"),
    b(C::Log, &[k('t')], A::FilterKind, "filter by kind (phase): all, orders, recon, drones, …"),
    b(C::Log, &[k('s')], A::FilterSide, "filter by side: all, Russia, Ukraine"),
    b(C::Log, &[k('v')], A::Back, "close the log"),
    // ---- resolution ----
    b(C::Resolution, &[code(KC::Enter), k(' '), code(KC::Right), k('l')], A::Next, "next phase"),
    b(C::Resolution, &[code(KC::Left), k('h')], A::Prev, "previous phase"),
    b(C::Resolution, &[code(KC::Up), k('k')], A::Scroll(-1), "scroll the phase's events up"),
    b(C::Resolution, &[code(KC::Down), k('j')], A::Scroll(1), "scroll the phase's events down"),
    b(C::Resolution, &[code(KC::PageUp)], A::Scroll(-10), "scroll a page up"),
    b(C::Resolution, &[code(KC::PageDown)], A::Scroll(10), "scroll a page down"),
    b(C::Resolution, &[k('a')], A::Autoplay, "autoplay the phases, or pause it"),
    b(C::Resolution, &[k('+'), k('=')], A::Faster, "autoplay faster"),
    b(C::Resolution, &[k('-')], A::Slower, "autoplay slower"),
    b(C::Resolution, &[k('s'), code(KC::Esc)], A::Back, "skip to the day report"),
    // ---- planned orders ----
    b(C::Orders, &[code(KC::Up), k('k')], A::Prev, "previous order"),
    b(C::Orders, &[code(KC::Down), k('j')], A::Next, "next order"),
    b(C::Orders, &[code(KC::PageUp)], A::PageUp, "page up"),
    b(C::Orders, &[code(KC::PageDown)], A::PageDown, "page down"),
    b(C::Orders, &[code(KC::Home)], A::Top, "first order"),
    b(C::Orders, &[code(KC::End)], A::Bottom, "last order"),
    b(C::Orders, &[code(KC::Enter)], A::Confirm, "go to the order's unit"),
    b(C::Orders, &[k('x'), code(KC::Delete), code(KC::Backspace)], A::CancelOrder, "cancel the chosen order"),
    b(C::Orders, &[k('U'), ctrl('z')], A::Undo, "undo the last change"),
    b(C::Orders, &[k('o'), code(KC::Esc)], A::Back, "close the list"),
    // ---- report ----
    b(C::Report, &[code(KC::Enter), k(' '), k('R')], A::Back, "close the report"),
    b(C::Report, &[k('P')], A::Picture, "write the game's charts as SVG pictures (finished games and replays)"),
    // ---- after-action report ----
    b(C::AfterAction, &[code(KC::Up), k('k')], A::Prev, "previous key event"),
    b(C::AfterAction, &[code(KC::Down), k('j')], A::Next, "next key event"),
    b(C::AfterAction, &[code(KC::PageUp)], A::PageUp, "page up"),
    b(C::AfterAction, &[code(KC::PageDown), k(' ')], A::PageDown, "page down"),
    b(C::AfterAction, &[code(KC::Home), k('<')], A::Top, "first key event"),
    b(C::AfterAction, &[code(KC::End), k('>')], A::Bottom, "last key event"),
    b(C::AfterAction, &[k('t')], A::FilterKind, "filter key events by kind: all, ground, collapse, supply, …"),
    b(
        C::AfterAction,
        &[code(KC::Tab), code(KC::BackTab)],
        A::Page,
        "narrow screens: switch between the charts and the key events",
    ),
    b(C::AfterAction, &[code(KC::Enter)], A::Confirm, "replay: go to the chosen event's day and place on the map"),
    b(C::AfterAction, &[k('x')], A::Export, "export the report as .md, .csv and .json into the saves folder"),
    b(C::AfterAction, &[k('P')], A::Picture, "write its charts as SVG pictures into the saves folder"),
    b(C::AfterAction, &[k('A'), code(KC::F(4)), code(KC::Esc)], A::Back, "close the report"),
    // ---- saved games and records ----
    b(C::Files, &[code(KC::Up), k('k')], A::Prev, "previous file"),
    b(C::Files, &[code(KC::Down), k('j')], A::Next, "next file"),
    b(C::Files, &[code(KC::PageUp)], A::PageUp, "page up"),
    b(C::Files, &[code(KC::PageDown)], A::PageDown, "page down"),
    b(C::Files, &[code(KC::Home), k('<')], A::Top, "newest"),
    b(C::Files, &[code(KC::End), k('>')], A::Bottom, "oldest"),
    b(C::Files, &[code(KC::Enter), k(' ')], A::Confirm, "watch it in the replay viewer (Esc there comes back here)"),
    b(C::Files, &[k('c')], A::Continue, "play on from it"),
    b(
        C::Files,
        &[k('P')],
        A::PlayAgain,
        "a game made under other rules: play its orders again under today's rules, as a new game",
    ),
    b(C::Files, &[k('A'), code(KC::F(4))], A::AfterAction, "its after-action report"),
    b(C::Files, &[code(KC::Delete), k('D')], A::Delete, "delete the file (asks first)"),
    b(C::Files, &[code(KC::Esc)], A::Back, "back to the start screen"),
    // ---- start ----
    b(C::Start, &[code(KC::Up), k('k'), code(KC::BackTab)], A::Prev, "previous field"),
    b(C::Start, &[code(KC::Down), k('j'), code(KC::Tab)], A::Next, "next field"),
    b(C::Start, &[code(KC::Left), k('h')], A::Move(-1, 0), "previous choice"),
    b(C::Start, &[code(KC::Right), k('l'), k(' ')], A::Move(1, 0), "next choice"),
    b(C::Start, &[k('s')], A::FocusField(Field::Scenario), "jump to scenario"),
    b(C::Start, &[k('r')], A::FocusField(Field::Side), "jump to side (Russia/Ukraine)"),
    b(C::Start, &[k('o')], A::FocusField(Field::Opponent), "jump to opponent (AI/hot-seat)"),
    b(C::Start, &[k('d')], A::FocusField(Field::Seed), "jump to seed (type digits)"),
    b(C::Start, &[code(KC::Backspace)], A::Erase, "erase a digit of the seed"),
    b(C::Start, &[code(KC::Enter)], A::Confirm, "start the game"),
    b(C::Start, &[k('f')], A::Files, "saved games and records: watch, report, play on"),
    b(
        C::Start,
        &[k('P')],
        A::PlayAgain,
        "a saved game made under other rules: play its orders again under today's rules, as a new game",
    ),
    b(C::Start, &[k('w'), code(KC::F(3))], A::WhatIf, "what-if study of the chosen scenario"),
    // ---- what-if ----
    b(C::WhatIf, &[code(KC::Up), k('k'), code(KC::BackTab)], A::Prev, "previous field; scroll the results up"),
    b(C::WhatIf, &[code(KC::Down), k('j')], A::Next, "next field; scroll the results down"),
    b(C::WhatIf, &[code(KC::Left), k('h')], A::Move(-1, 0), "previous choice; the results' other page"),
    b(C::WhatIf, &[code(KC::Right), k('l'), k(' ')], A::Move(1, 0), "next choice; the results' other page"),
    b(C::WhatIf, &[code(KC::Tab)], A::Page, "next field; results: charts ⇄ table"),
    b(C::WhatIf, &[code(KC::PageUp)], A::PageUp, "scroll the results a page up"),
    b(C::WhatIf, &[code(KC::PageDown)], A::PageDown, "scroll the results a page down"),
    b(C::WhatIf, &[code(KC::Enter)], A::Confirm, "run the study; from the results, back to the form"),
    b(C::WhatIf, &[k('c')], A::CancelStudy, "cancel the running study"),
    b(C::WhatIf, &[k('x')], A::Export, "export every run as CSV into the saves folder"),
    b(C::WhatIf, &[k('P')], A::Picture, "write the results' charts as SVG pictures into the saves folder"),
    b(C::WhatIf, &[code(KC::Esc)], A::Back, "cancel the study; results → form; form → back (the game as it was)"),
    // ---- hand-over ----
    b(C::Handover, &[code(KC::Enter), k(' ')], A::Confirm, "the next player is at the keyboard: show the map"),
    // ---- result ----
    b(C::Result, &[code(KC::Enter), k(' ')], A::Back, "look at the final map (R brings the result back)"),
    b(C::Result, &[k('A'), code(KC::F(4))], A::AfterAction, "after-action report: timeline and key events"),
    // ---- questions ----
    b(C::Confirm, &[k('y'), code(KC::Enter)], A::Yes, "yes"),
    b(C::Confirm, &[k('n'), code(KC::Esc)], A::No, "no"),
    b(C::Quit, &[k('y')], A::Yes, "quit"),
    b(C::Quit, &[k('n'), code(KC::Esc), code(KC::Enter)], A::No, "stay"),
    // ---- lesson ----
    b(C::Lesson, &[code(KC::Right), k('l'), k(' ')], A::Next, "next step of the day's lesson"),
    b(C::Lesson, &[code(KC::Left), k('h')], A::Prev, "previous step"),
    b(C::Lesson, &[code(KC::Down), k('j')], A::Move(0, 1), "scroll a long step down"),
    b(C::Lesson, &[code(KC::Up), k('k')], A::Move(0, -1), "scroll up"),
    b(
        C::Lesson,
        &[code(KC::Enter), code(KC::Esc), k('t')],
        A::Back,
        "close the lesson (t or F2 on the map shows it again)",
    ),
    // ---- help ----
    b(C::Help, &[code(KC::Up), k('k')], A::Prev, "scroll up"),
    b(C::Help, &[code(KC::Down), k('j')], A::Next, "scroll down"),
    b(C::Help, &[code(KC::PageUp)], A::PageUp, "page up"),
    b(C::Help, &[code(KC::PageDown), k(' ')], A::PageDown, "page down"),
    b(C::Help, &[k('?'), code(KC::Enter)], A::Back, "close the help"),
];

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    match (key.code, ev.code) {
        (KeyCode::Char(a), KeyCode::Char(b)) => {
            let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
            a == b && (ev.modifiers & relevant) == (key.mods & relevant)
        }
        // Shift-Tab: crossterm sends BackTab with SHIFT (the key is shifted by nature), some
        // terminals Tab with SHIFT. Either is the BackTab binding, whatever else is held.
        (KeyCode::BackTab, KeyCode::Tab) => ev.modifiers.contains(KeyModifiers::SHIFT),
        (KeyCode::BackTab, KeyCode::BackTab) => {
            let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT;
            (ev.modifiers & relevant) == (key.mods & relevant)
        }
        (a, b) => {
            let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT;
            a == b && (ev.modifiers & relevant) == (key.mods & relevant)
        }
    }
}

/// Two keys a press of one would match (`H` and shift-h, Tab with shift and BackTab).
fn same_key(a: &Key, b: &Key) -> bool {
    let press = |k: &Key| KeyEvent::new(k.code, k.mods);
    matches(a, &press(b)) || matches(b, &press(a))
}

/// One binding in force: the table's row, with the user's keys if the user changed them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub ctx: Ctx,
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: &'static str,
    /// The user's config gave this row its keys.
    pub rebound: bool,
}

impl Row {
    /// The name a config file uses for it: `context.action`, e.g. `map.end_day`.
    pub fn name(&self) -> String {
        format!("{}.{}", self.ctx.name(), self.action.name())
    }
}

/// The keys in force: [`KEYMAP`], with the changes of the user's config file. Input handling,
/// the hints and the `?` help all read it, so they always agree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    rows: Vec<Row>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let rows = KEYMAP
            .iter()
            .map(|b| Row { ctx: b.ctx, keys: b.keys.to_vec(), action: b.action, help: b.help, rebound: false })
            .collect();
        Keymap { rows }
    }
}

impl Keymap {
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Every action a config file can bind, by name (rows without keys of their own, such as
    /// the target mode's note, are left out).
    pub fn names(&self) -> Vec<String> {
        self.rows.iter().filter(|r| !r.keys.is_empty()).map(Row::name).collect()
    }

    /// Gives the action `name` the keys `keys` instead of its own.
    pub fn rebind(&mut self, name: &str, keys: Vec<Key>) -> Result<(), String> {
        match self.rows.iter_mut().find(|r| !r.keys.is_empty() && r.name() == name) {
            Some(r) => {
                r.keys = keys;
                r.rebound = true;
                Ok(())
            }
            None => Err(format!("no action `{name}`")),
        }
    }

    /// Keys that would do two things where one of the two was bound by the user: twice in one
    /// context, or a context's key hiding a global one (help, quit, theme) there. Each clash
    /// as (the rebound row's name, the key, the other row's name).
    pub fn clashes(&self) -> Vec<(String, Key, String)> {
        let mut out = Vec::new();
        for (i, a) in self.rows.iter().enumerate() {
            for b in &self.rows[i + 1..] {
                if !(a.rebound || b.rebound) {
                    continue;
                }
                let same_place = a.ctx == b.ctx;
                let hides_global = (a.ctx == Ctx::Global) != (b.ctx == Ctx::Global) && a.action != b.action;
                if !(same_place || hides_global) {
                    continue;
                }
                for ka in &a.keys {
                    if b.keys.iter().any(|kb| same_key(ka, kb)) {
                        let (mine, other) = if a.rebound { (a, b) } else { (b, a) };
                        out.push((mine.name(), *ka, other.name()));
                    }
                }
            }
        }
        out
    }

    /// The action a key press asks for in context `ctx` (its own rows first, then the global
    /// ones). Releases and repeats of other kinds are ignored.
    pub fn action_for(&self, ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
        if ev.kind != KeyEventKind::Press {
            return None;
        }
        let find = |c: Ctx| self.rows.iter().filter(|b| b.ctx == c).find(|b| b.keys.iter().any(|k| matches(k, ev)));
        if let Some(b) = find(ctx) {
            return Some(b.action);
        }
        if ctx == Ctx::Start {
            if let KeyCode::Char(c @ '0'..='9') = ev.code {
                return Some(Action::Digit(c as u8 - b'0'));
            }
        }
        find(Ctx::Global).map(|b| b.action)
    }

    /// The first key bound to `action` in `ctx` (or everywhere), for hints ("press e to end
    /// the day"); the contexts that take another's keys look there too.
    pub fn hint(&self, ctx: Ctx, action: Action) -> String {
        let find = |c: Ctx| {
            self.rows.iter().find(|b| (b.ctx == c || b.ctx == Ctx::Global) && b.action == action && !b.keys.is_empty())
        };
        find(ctx)
            .or_else(|| ctx.falls_back().and_then(find))
            .and_then(|b| b.keys.first())
            .map(key_label)
            .unwrap_or_default()
    }

    /// Help rows (context, keys, text, name), skipping rows without text.
    pub fn help_rows(&self) -> Vec<(Ctx, String, &'static str, String)> {
        let mut out = Vec::new();
        for c in HELP_ORDER {
            for r in self.rows.iter().filter(|r| r.ctx == c && !r.help.is_empty()) {
                let keys = r.keys.iter().map(key_label).collect::<Vec<_>>().join(" ");
                let name = if r.keys.is_empty() { String::new() } else { r.name() };
                out.push((c, keys, r.help, name));
            }
        }
        out
    }
}

/// The order of the help's sections.
const HELP_ORDER: [Ctx; 18] = [
    Ctx::Global,
    Ctx::Map,
    Ctx::Target,
    Ctx::Orders,
    Ctx::Log,
    Ctx::Resolution,
    Ctx::Report,
    Ctx::AfterAction,
    Ctx::Confirm,
    Ctx::Quit,
    Ctx::Lesson,
    Ctx::Start,
    Ctx::Files,
    Ctx::Handover,
    Ctx::Result,
    Ctx::Viewer,
    Ctx::WhatIf,
    Ctx::Help,
];

/// Where a list's chosen row goes for a moving action (↑ ↓, a page, first, last), for lists
/// of `len` rows; None when the action does not move in a list.
pub fn list_step(at: usize, len: usize, page: usize, a: Action) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match a {
        Action::Prev => at.saturating_sub(1),
        Action::Next => (at + 1).min(last),
        Action::PageUp => at.saturating_sub(page),
        Action::PageDown => (at + page).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return None,
    })
}

/// A key as the help writes it.
pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    let mut out = String::new();
    for (m, tag) in [(KeyModifiers::CONTROL, "C-"), (KeyModifiers::ALT, "A-"), (KeyModifiers::SHIFT, "S-")] {
        if key.mods.contains(m) {
            out.push_str(tag);
        }
    }
    out + &base
}

/// A key as a config file writes it: `e`, `E`, `?`, `Space`, `Enter`, `Esc`, `Tab`, `S-Tab`,
/// `Backspace`, `Delete`, `Up` (or `↑`), `PgUp`, `Home`, `F3`, with `C-` for Ctrl, `A-` for
/// Alt and `S-` for Shift on keys that are not letters (`S-Up`). The help writes keys the same
/// way, so any key it shows can be copied into the file.
pub fn parse_key(text: &str) -> Result<Key, String> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        let (m, r) = match rest.get(..2) {
            Some("C-") if rest.len() > 2 => (KeyModifiers::CONTROL, &rest[2..]),
            Some("A-") if rest.len() > 2 => (KeyModifiers::ALT, &rest[2..]),
            Some("S-") if rest.len() > 2 => (KeyModifiers::SHIFT, &rest[2..]),
            _ => break,
        };
        mods |= m;
        rest = r;
    }
    let code = match rest {
        "Space" => KeyCode::Char(' '),
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" if mods.contains(KeyModifiers::SHIFT) => {
            mods -= KeyModifiers::SHIFT;
            KeyCode::BackTab
        }
        "Tab" => KeyCode::Tab,
        "Bksp" | "Backspace" => KeyCode::Backspace,
        "Del" | "Delete" => KeyCode::Delete,
        "Up" | "↑" => KeyCode::Up,
        "Down" | "↓" => KeyCode::Down,
        "Left" | "←" => KeyCode::Left,
        "Right" | "→" => KeyCode::Right,
        "PgUp" | "PageUp" => KeyCode::PageUp,
        "PgDn" | "PageDown" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        f if f.len() >= 2 && f.starts_with('F') && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) => {
            KeyCode::F(f[1..].parse().unwrap_or(1))
        }
        c if c.chars().count() == 1 => {
            let ch = c.chars().next().unwrap_or(' ');
            if mods.contains(KeyModifiers::SHIFT) {
                return Err(format!("`{text}`: write a shifted letter or sign as itself (`E`, `?`), not with S-"));
            }
            KeyCode::Char(ch)
        }
        _ => {
            return Err(format!(
                "`{text}` is not a key (keys are written e, E, ?, Space, Enter, Esc, Tab, S-Tab, Backspace, \
                 Delete, Up, Down, Left, Right, PgUp, PgDn, Home, End, F1–F12, with C- for Ctrl, A- for Alt)"
            ))
        }
    };
    Ok(Key { code, mods })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action_for(ctx: Ctx, ev: &KeyEvent) -> Option<Action> {
        Keymap::default().action_for(ctx, ev)
    }

    fn press(c: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(c, m)
    }

    #[test]
    fn arrows_and_vim_keys_both_move() {
        for c in [KeyCode::Left, KeyCode::Char('h')] {
            assert_eq!(action_for(Ctx::Map, &press(c, KeyModifiers::NONE)), Some(Action::Move(-1, 0)));
        }
        assert_eq!(action_for(Ctx::Map, &press(KeyCode::Char('H'), KeyModifiers::SHIFT)), Some(Action::Move(-5, 0)));
    }

    #[test]
    fn releases_are_ignored_and_globals_apply() {
        let mut ev = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(Ctx::Log, &ev), Some(Action::Quit));
        ev.kind = KeyEventKind::Release;
        assert_eq!(action_for(Ctx::Log, &ev), None);
    }

    #[test]
    fn shift_tab_undoes_tab_wherever_tab_does_something() {
        // crossterm sends Shift-Tab as BackTab with SHIFT; some terminals as Tab with SHIFT.
        let shift_tabs = [
            press(KeyCode::BackTab, KeyModifiers::SHIFT),
            press(KeyCode::BackTab, KeyModifiers::NONE),
            press(KeyCode::Tab, KeyModifiers::SHIFT),
        ];
        let tab = press(KeyCode::Tab, KeyModifiers::NONE);
        for ev in &shift_tabs {
            assert_eq!(action_for(Ctx::Map, ev), Some(Action::PrevUnit), "{ev:?}");
            assert_eq!(action_for(Ctx::Start, ev), Some(Action::Prev), "{ev:?}");
            assert_eq!(action_for(Ctx::WhatIf, ev), Some(Action::Prev), "{ev:?}");
            assert_eq!(action_for(Ctx::AfterAction, ev), Some(Action::Page), "{ev:?}");
        }
        let contexts = KEYMAP.iter().map(|b| b.ctx).collect::<Vec<_>>();
        for c in contexts {
            if action_for(c, &tab).is_some() {
                for ev in &shift_tabs {
                    assert!(action_for(c, ev).is_some(), "{c:?}: Tab acts but {ev:?} does not");
                }
            }
        }
    }

    #[test]
    fn enter_never_answers_the_quit_question() {
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(action_for(Ctx::Quit, &enter), Some(Action::No));
        assert_eq!(action_for(Ctx::Quit, &press(KeyCode::Char('y'), KeyModifiers::NONE)), Some(Action::Yes));
    }

    #[test]
    fn every_context_has_a_way_back_or_forward() {
        for c in [
            Ctx::Map,
            Ctx::Target,
            Ctx::Log,
            Ctx::Resolution,
            Ctx::Report,
            Ctx::AfterAction,
            Ctx::Files,
            Ctx::Help,
            Ctx::Confirm,
            Ctx::Quit,
            Ctx::Lesson,
            Ctx::WhatIf,
        ] {
            let esc = press(KeyCode::Esc, KeyModifiers::NONE);
            assert!(action_for(c, &esc).is_some(), "{c:?}");
        }
    }
}

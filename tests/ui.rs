//! The interface without a terminal: keys are fed to the `App`, screens drawn on ratatui's
//! `TestBackend` and compared with insta snapshots; random key sequences never panic and
//! always leave a way out.

use attrition::sim::map::Side;
use attrition::ui::app::{App, Launch, Mode, Msg, Popup, Screen};
use attrition::ui::theme::{ColorDepth, Palette, Theme};
use attrition::ui::view;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn theme() -> Theme {
    Theme::new(Palette::Standard, ColorDepth::TrueColor)
}

fn game(side: Side) -> App {
    let l = Launch { scenario: "pokrovsk-toretsk".into(), side, hotseat: false, seed: 1 };
    App::new_game(&l, theme()).expect("the default scenario loads")
}

fn key(app: &mut App, code: KeyCode) {
    app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn render(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.update(Msg::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::draw(app, f)).unwrap();
    t
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let b = t.backend().buffer();
    let mut s = String::new();
    for y in 0..b.area.height {
        for x in 0..b.area.width {
            s.push_str(b[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

#[test]
fn start_screen() {
    let mut app = App::new_start(theme());
    let t = render(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("Between Pokrovsk and Toretsk"), "{text}");
    assert!(text.contains("Briefing"));
    insta::assert_snapshot!("start", t.backend());
}

#[test]
fn start_screen_starts_the_chosen_game() {
    let mut app = App::new_start(theme());
    app.update(Msg::Resize(80, 24));
    key(&mut app, KeyCode::Down); // side
    key(&mut app, KeyCode::Right); // Russia
    keys(&mut app, "d");
    key(&mut app, KeyCode::Backspace);
    keys(&mut app, "42");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Play);
    let s = app.session.as_ref().unwrap();
    assert_eq!(s.viewer, Side::Ru);
    assert_eq!(s.game.seed(), 42);
}

#[test]
fn map_with_units() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    key(&mut app, KeyCode::Tab);
    assert!(app.selected.is_some());
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    assert!(text.contains("Ukraine [UA] planning"), "{text}");
    assert!(text.contains("Legend"));
    insta::assert_snapshot!("map", t.backend());
}

#[test]
fn odds_panel_shows_the_engines_breakdown() {
    let mut app = game(Side::Ru);
    app.update(Msg::Resize(100, 30));
    // The first Russian assault team sits on the front line.
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "a");
    assert!(matches!(app.mode, Mode::Target(_)));
    let odds = app.odds().expect("an adjacent enemy cell has odds");
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    for word in ["ASSAULT ODDS", "terrain", "fortification", "supply", "support", "drone cover", "cohesion"] {
        assert!(text.contains(word), "missing {word}:\n{text}");
    }
    assert!(text.contains(&format!("{:.0}%", odds.success * 100.0)));
    insta::assert_snapshot!("odds", t.backend());
}

#[test]
fn help_lists_every_key() {
    let mut app = game(Side::Ua);
    keys(&mut app, "?");
    assert_eq!(app.popup, Some(Popup::Help));
    let t = render(&mut app, 100, 40);
    let text = screen_text(&t);
    assert!(text.contains("quit (asks first)"), "{text}");
    insta::assert_snapshot!("help", t.backend());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.popup, None);
}

#[test]
fn day_report_after_the_day() {
    let mut app = game(Side::Ru);
    app.update(Msg::Resize(100, 30));
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "d");
    assert_eq!(app.session.as_ref().unwrap().orders().len(), 1);
    keys(&mut app, "e");
    assert_eq!(app.popup, Some(Popup::ConfirmEndDay));
    keys(&mut app, "y");
    assert_eq!(app.game().unwrap().day(), 1);
    assert_eq!(app.mode, Mode::Resolution);
    let t = render(&mut app, 100, 30);
    assert!(screen_text(&t).contains("Day 1 resolved"));
    keys(&mut app, "s");
    assert_eq!(app.mode, Mode::Report);
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    assert!(text.contains("Losses per day") && text.contains("Political will"), "{text}");
    insta::assert_snapshot!("report", t.backend());
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn too_small_says_so() {
    let mut app = game(Side::Ua);
    let t = render(&mut app, 60, 20);
    assert!(screen_text(&t).contains("Terminal too small"));
    insta::assert_snapshot!("too_small", t.backend());
    // Resizing back brings the map.
    let t = render(&mut app, 80, 24);
    assert!(screen_text(&t).contains("planning"));
}

#[test]
fn quit_asks_first() {
    let mut app = game(Side::Ua);
    keys(&mut app, "q");
    assert_eq!(app.popup, Some(Popup::ConfirmQuit));
    keys(&mut app, "n");
    assert!(!app.quit && app.popup.is_none());
    keys(&mut app, "qy");
    assert!(app.quit);
}

#[test]
fn hotseat_hides_the_map_between_sides() {
    let l = Launch { scenario: "pokrovsk-toretsk".into(), side: Side::Ru, hotseat: true, seed: 3 };
    let mut app = App::new_game(&l, theme()).unwrap();
    assert_eq!(app.screen, Screen::Handover(Side::Ru));
    let t = render(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("Pass the keyboard to Russia"), "{text}");
    assert!(!text.contains("Legend"));
    insta::assert_snapshot!("handover", t.backend());
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Play);
    keys(&mut app, "ey");
    assert_eq!(app.screen, Screen::Handover(Side::Ua));
    assert_eq!(app.game().unwrap().day(), 0, "the day waits for the second side");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session.as_ref().unwrap().viewer, Side::Ua);
    keys(&mut app, "ey");
    assert_eq!(app.game().unwrap().day(), 1);
    assert_eq!(app.screen, Screen::Handover(Side::Ru));
}

#[test]
fn overlays_and_zoom_toggle() {
    let mut app = game(Side::Ua);
    keys(&mut app, "1234");
    assert!(app.overlays.coverage.is_some() && app.overlays.supply && app.overlays.detection && app.overlays.control);
    for z in ["zoom 2:1", "zoom 1:1", "overview"] {
        let t = render(&mut app, 120, 40);
        let text = screen_text(&t);
        assert!(text.contains(z) && text.contains("1:drn-UA") && text.contains("4:ctl"), "{z}:\n{text}");
        keys(&mut app, "z");
    }
    let t = render(&mut app, 120, 40);
    assert!(screen_text(&t).contains("Kramatorsk"), "the overview shows the whole sector");
    keys(&mut app, "z0");
    assert_eq!(app.overlays, Default::default());
}

#[test]
fn a_whole_game_ends_on_the_result_screen() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    for _ in 0..200 {
        if app.screen == Screen::Result {
            break;
        }
        keys(&mut app, "ey");
        keys(&mut app, "s");
        key(&mut app, KeyCode::Enter);
    }
    assert_eq!(app.screen, Screen::Result);
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    assert!(text.contains("After") && text.contains("days"), "{text}");
    insta::assert_snapshot!("result", t.backend());
}

#[test]
fn tutorial_lesson_panel() {
    let l = Launch { scenario: "tutorial".into(), side: Side::Ua, hotseat: false, seed: 1 };
    let mut app = App::new_game(&l, theme()).expect("the tutorial loads");
    // The day's first step opens by itself at the start.
    assert_eq!(app.popup, Some(Popup::Lesson));
    let lv = app.lesson.clone().expect("day 1 has lessons");
    assert_eq!(lv.day, 1);
    assert!(lv.steps.len() >= 2, "{lv:?}");
    // → pages to the next step, which centres the map and switches its overlay on.
    key(&mut app, KeyCode::Right);
    assert_eq!(app.lesson.as_ref().unwrap().at, 1);
    assert_eq!(app.overlays.coverage, Some(Side::Ua), "step 2 shows Ukraine's drone coverage");
    let focus = app.lesson_step().and_then(|s| s.focus).expect("step 2 has a focus");
    assert_eq!(app.cursor, focus);
    let t = render(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("Lesson · day 1 · step 2/"), "{text}");
    assert!(text.contains("10–15 km"), "{text}");
    insta::assert_snapshot!("lesson", t.backend());
    // ← back, Enter closes, t shows it again, Esc closes.
    key(&mut app, KeyCode::Left);
    assert_eq!(app.lesson.as_ref().unwrap().at, 0);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.popup, None);
    keys(&mut app, "t");
    assert_eq!(app.popup, Some(Popup::Lesson));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.popup, None);
    // A map key with the panel open closes it and acts: `1` cycles the coverage overlay.
    keys(&mut app, "t");
    let before = app.overlays.coverage;
    keys(&mut app, "1");
    assert_eq!(app.popup, None);
    assert_ne!(app.overlays.coverage, before);
    // The next day's lessons open when its report closes.
    keys(&mut app, "ey");
    keys(&mut app, "s");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.popup, Some(Popup::Lesson));
    assert_eq!(app.lesson.as_ref().unwrap().day, 2);
}

#[test]
fn scenarios_without_lessons_say_so() {
    let mut app = game(Side::Ua);
    assert_eq!(app.popup, None, "no lesson opens in the default scenario");
    keys(&mut app, "t");
    assert_eq!(app.popup, None);
    assert!(app.message.as_ref().is_some_and(|m| m.error && m.text.contains("no lessons")));
}

fn arb_key() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => prop::sample::select(vec![
            'h', 'j', 'k', 'l', 'y', 'u', 'b', 'n', 'H', 'J', 'K', 'L', 'm', 'a', 'd', 'D', 'w', 's', 'i', 'f', 'r',
            'x', 'X', 'e', 'q', '?', 'v', 't', 'R', 'g', 'z', 'c', '1', '2', '3', '4', '0', 'T', ' ', '<', '>', '7',
        ])
        .prop_map(KeyCode::Char),
        2 => prop::sample::select(vec![
            KeyCode::Esc,
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Backspace,
        ]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random keys never panic (drawing after each) and Esc… then q y always quits.
    #[test]
    fn random_keys_never_trap_the_player(
        start_screen in any::<bool>(),
        seq in prop::collection::vec(arb_key(), 1..60),
        size in prop::sample::select(vec![(80u16, 24u16), (100, 30), (60, 20), (200, 60)]),
    ) {
        let mut app = if start_screen { App::new_start(theme()) } else { game(Side::Ru) };
        let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        app.update(Msg::Resize(size.0, size.1));
        for k in seq {
            // Keep days few: ending a day is slow in a debug build.
            if app.game().is_some_and(|g| g.day() >= 2) && k == KeyCode::Char('y') {
                continue;
            }
            key(&mut app, k);
            term.draw(|f| view::draw(&app, f)).unwrap();
            if app.quit {
                return Ok(());
            }
        }
        for _ in 0..6 {
            key(&mut app, KeyCode::Esc);
        }
        key(&mut app, KeyCode::Char('q'));
        prop_assert_eq!(app.popup, Some(Popup::ConfirmQuit));
        key(&mut app, KeyCode::Char('y'));
        prop_assert!(app.quit);
    }
}

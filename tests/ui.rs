//! The interface without a terminal: keys are fed to the `App`, screens drawn on ratatui's
//! `TestBackend` and compared with insta snapshots; random key sequences never panic and
//! always leave a way out.

use attrition::sim::map::Side;
use attrition::study::play::{self, Replay, Seat};
use attrition::ui::app::{App, Msg};
use attrition::ui::board::Mode;
use attrition::ui::screen::ScreenKind;
use attrition::ui::shared::Popup;
use attrition::ui::theme::{ColorDepth, Palette, Theme};
use attrition::ui::view;
use attrition::ui::Launch;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn theme() -> Theme {
    Theme::new(Palette::Standard, ColorDepth::TrueColor)
}

fn game(side: Side) -> App {
    let l = Launch::new("pokrovsk-toretsk", side, false, 1);
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
    assert_eq!(app.screen(), ScreenKind::Play);
    let s = app.session().unwrap();
    assert_eq!(s.viewer, Side::Ru);
    assert_eq!(s.game().seed(), 42);
}

#[test]
fn the_start_screen_offers_the_strong_ai_first_and_the_game_uses_the_one_chosen() {
    // Preselected: the strong AI, the competent play the model is calibrated at.
    let mut app = App::new_start(theme());
    app.update(Msg::Resize(80, 24));
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(text.contains("◉ strong AI  ○ baseline AI  ○ hot-seat"), "{text}");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenKind::Play);
    let s = app.session().unwrap();
    assert_eq!(s.play.seat(Side::Ru), Seat::Computer(attrition::ai::AiLevel::Strong));
    assert!(!s.hotseat());
    // ←→ walk the choices in the order shown, round and round.
    let mut app = App::new_start(theme());
    app.update(Msg::Resize(80, 24));
    key(&mut app, KeyCode::Down); // side
    key(&mut app, KeyCode::Down); // opponent
    let shown = |app: &mut App, k: KeyCode| {
        key(app, k);
        let text = screen_text(&render(app, 80, 24));
        let line = text.lines().find(|l| l.contains("Opponent")).unwrap_or_default().to_string();
        let choices = line.split("Opponent").nth(1).unwrap_or_default();
        choices.trim().trim_start_matches('◀').trim_end_matches('▶').trim().to_string()
    };
    assert_eq!(shown(&mut app, KeyCode::Right), "○ strong AI  ◉ baseline AI  ○ hot-seat");
    assert_eq!(shown(&mut app, KeyCode::Right), "○ strong AI  ○ baseline AI  ◉ hot-seat (two players)");
    assert_eq!(shown(&mut app, KeyCode::Right), "◉ strong AI  ○ baseline AI  ○ hot-seat");
    assert_eq!(shown(&mut app, KeyCode::Left), "○ strong AI  ○ baseline AI  ◉ hot-seat (two players)");
    assert_eq!(shown(&mut app, KeyCode::Left), "○ strong AI  ◉ baseline AI  ○ hot-seat");
    key(&mut app, KeyCode::Enter);
    let s = app.session().unwrap();
    assert_eq!(s.play.seat(Side::Ru), Seat::Computer(attrition::ai::AiLevel::Baseline));
}

#[test]
fn map_with_units() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    key(&mut app, KeyCode::Tab);
    assert!(app.board().unwrap().selected.is_some());
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    assert!(text.contains("Ukraine [UA] planning"), "{text}");
    assert!(text.contains("Legend"));
    insta::assert_snapshot!("map", t.backend());
}

/// Tab to the first unit that can assault an adjacent enemy cell and start targeting from it.
fn target_from_the_front(app: &mut App) {
    for _ in 0..400 {
        key(app, KeyCode::Tab);
        keys(app, "a");
        if matches!(app.mode(), Mode::Target(_)) && app.board().unwrap().odds().is_some() {
            return;
        }
        key(app, KeyCode::Esc);
    }
    panic!("no unit on the front line can assault");
}

#[test]
fn odds_panel_shows_the_engines_breakdown() {
    let mut app = game(Side::Ru);
    app.update(Msg::Resize(100, 30));
    target_from_the_front(&mut app);
    assert!(matches!(app.mode(), Mode::Target(_)));
    let odds = app.board().unwrap().odds().expect("an adjacent enemy cell has odds");
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
    assert_eq!(app.popup(), Some(Popup::Help));
    let t = render(&mut app, 100, 40);
    let text = screen_text(&t);
    assert!(text.contains("quit (asks first)"), "{text}");
    insta::assert_snapshot!("help", t.backend());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.popup(), None);
}

#[test]
fn day_report_after_the_day() {
    let mut app = game(Side::Ru);
    app.update(Msg::Resize(100, 30));
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "d");
    assert_eq!(app.session().unwrap().orders().len(), 1);
    keys(&mut app, "e");
    assert_eq!(app.popup(), Some(Popup::ConfirmEndDay));
    keys(&mut app, "y");
    assert_eq!(app.game().unwrap().day(), 1);
    assert_eq!(app.mode(), Mode::Resolution);
    let t = render(&mut app, 100, 30);
    assert!(screen_text(&t).contains("Day 1 resolved"));
    keys(&mut app, "s");
    assert_eq!(app.mode(), Mode::Report);
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    assert!(text.contains("Losses per day") && text.contains("Political will"), "{text}");
    insta::assert_snapshot!("report", t.backend());
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal);
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
    assert_eq!(app.popup(), Some(Popup::ConfirmQuit));
    keys(&mut app, "n");
    assert!(!app.quit && app.popup().is_none());
    keys(&mut app, "qy");
    assert!(app.quit);
}

#[test]
fn hotseat_hides_the_map_between_sides() {
    let l = Launch::new("pokrovsk-toretsk", Side::Ru, true, 3);
    let mut app = App::new_game(&l, theme()).unwrap();
    assert_eq!(app.screen(), ScreenKind::Handover(Side::Ru));
    let t = render(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("Pass the keyboard to Russia"), "{text}");
    assert!(!text.contains("Legend"));
    insta::assert_snapshot!("handover", t.backend());
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenKind::Play);
    keys(&mut app, "ey");
    assert_eq!(app.screen(), ScreenKind::Handover(Side::Ua));
    assert_eq!(app.game().unwrap().day(), 0, "the day waits for the second side");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session().unwrap().viewer, Side::Ua);
    keys(&mut app, "ey");
    assert_eq!(app.game().unwrap().day(), 1);
    assert_eq!(app.screen(), ScreenKind::Handover(Side::Ru));
}

#[test]
fn overlays_and_zoom_toggle() {
    let mut app = game(Side::Ua);
    keys(&mut app, "1234");
    assert!(
        app.board().unwrap().overlays.coverage.is_some()
            && app.board().unwrap().overlays.supply
            && app.board().unwrap().overlays.detection
            && app.board().unwrap().overlays.control
    );
    for z in ["zoom 2:1", "zoom 1:1", "overview"] {
        let t = render(&mut app, 120, 40);
        let text = screen_text(&t);
        assert!(text.contains(z) && text.contains("1:drn-UA") && text.contains("4:ctl"), "{z}:\n{text}");
        keys(&mut app, "z");
    }
    let t = render(&mut app, 120, 40);
    assert!(screen_text(&t).contains("Kramatorsk"), "the overview shows the whole sector");
    keys(&mut app, "z0");
    assert_eq!(app.board().unwrap().overlays, Default::default());
}

#[test]
fn a_whole_game_ends_on_the_result_screen() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    for _ in 0..200 {
        if app.screen() == ScreenKind::Result {
            break;
        }
        keys(&mut app, "ey");
        keys(&mut app, "s");
        key(&mut app, KeyCode::Enter);
    }
    assert_eq!(app.screen(), ScreenKind::Result);
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    assert!(text.contains("After") && text.contains("days"), "{text}");
    insta::assert_snapshot!("result", t.backend());
}

#[test]
fn tutorial_lesson_panel() {
    let l = Launch::new("tutorial", Side::Ua, false, 1);
    let mut app = App::new_game(&l, theme()).expect("the tutorial loads");
    // The day's first step opens by itself at the start.
    assert_eq!(app.popup(), Some(Popup::Lesson));
    let lv = app.play().unwrap().lesson.clone().expect("day 1 has lessons");
    assert_eq!(lv.day, 1);
    assert!(lv.steps.len() >= 2, "{lv:?}");
    // → pages to the next step, which centres the map and switches its overlay on.
    key(&mut app, KeyCode::Right);
    assert_eq!(app.play().unwrap().lesson.as_ref().unwrap().at, 1);
    assert_eq!(app.board().unwrap().overlays.coverage, Some(Side::Ua), "step 2 shows Ukraine's drone coverage");
    let focus = app.play().unwrap().lesson_step().and_then(|s| s.focus).expect("step 2 has a focus");
    assert_eq!(app.board().unwrap().cursor, focus);
    let t = render(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("Lesson · day 1 · step 2/"), "{text}");
    assert!(text.contains("10–15 km"), "{text}");
    insta::assert_snapshot!("lesson", t.backend());
    // ← back, Enter closes, t shows it again, Esc closes.
    key(&mut app, KeyCode::Left);
    assert_eq!(app.play().unwrap().lesson.as_ref().unwrap().at, 0);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.popup(), None);
    keys(&mut app, "t");
    assert_eq!(app.popup(), Some(Popup::Lesson));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.popup(), None);
    // A map key with the panel open closes it and acts: `1` cycles the coverage overlay.
    keys(&mut app, "t");
    let before = app.board().unwrap().overlays.coverage;
    keys(&mut app, "1");
    assert_eq!(app.popup(), None);
    assert_ne!(app.board().unwrap().overlays.coverage, before);
    // The next day's lessons open when its report closes.
    keys(&mut app, "ey");
    keys(&mut app, "s");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.popup(), Some(Popup::Lesson));
    assert_eq!(app.play().unwrap().lesson.as_ref().unwrap().day, 2);
}

#[test]
fn scenarios_without_lessons_say_so() {
    let mut app = game(Side::Ua);
    assert_eq!(app.popup(), None, "no lesson opens in the default scenario");
    keys(&mut app, "t");
    assert_eq!(app.popup(), None);
    assert!(app.ui.message.as_ref().is_some_and(|m| m.error && m.text.contains("no lessons")));
}

// ----- saves -----

fn temp_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("attrition-ui-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The one file in `dir` whose name ends with `tail` (saves are named after the game's start).
fn file_ending(dir: &std::path::Path, tail: &str) -> std::path::PathBuf {
    let found: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(tail))
        .collect();
    assert_eq!(found.len(), 1, "one file ending {tail} in {}: {found:?}", dir.display());
    found[0].clone()
}

/// One day with the same inputs every time: the first unit digs in, the day ends, the
/// resolution and the report are closed.
fn play_day(app: &mut App) {
    key(app, KeyCode::Tab);
    keys(app, "d");
    keys(app, "ey");
    keys(app, "s");
    key(app, KeyCode::Enter);
}

#[test]
fn save_load_continue_equals_playing_on() {
    let d = temp_dir("continue");
    let l = Launch::new("pokrovsk-toretsk", Side::Ru, false, 9);
    let set = ["aid=cutoff".to_string()];
    let mut straight = App::new_game_with(&l, &set, theme()).unwrap();
    straight.update(Msg::Resize(100, 30));
    for _ in 0..4 {
        play_day(&mut straight);
    }
    assert_eq!(straight.game().unwrap().day(), 4);

    let mut first = App::new_game_with(&l, &set, theme()).unwrap();
    first.update(Msg::Resize(100, 30));
    first.set_saves(Some(d.clone()), false);
    for _ in 0..2 {
        play_day(&mut first);
    }
    // Ctrl-S saves and says where.
    first.update(Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
    let path = file_ending(&d, "-day2.ron");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("pokrovsk-toretsk-"), "{name}");
    assert!(first.ui.message.as_ref().is_some_and(|m| !m.error && m.text.contains(&name)), "{:?}", first.ui.message);
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 1, "autosave was off");
    let rec = attrition::study::record::load(&path).unwrap();
    assert_eq!(rec.settings, vec!["aid=cutoff".to_string()]);
    assert_eq!(rec.seed, 9);
    assert_eq!(
        rec.players,
        attrition::study::record::Players {
            human: Some(Side::Ru),
            hotseat: false,
            ai: attrition::ai::AiLevel::Baseline,
            ua_ai: None
        }
    );

    // An instructor's note added to the save is kept when the game is saved again.
    let mut noted = rec.clone();
    noted.annotations.push(attrition::data::annotation::AnnotationFile {
        day: 1,
        text: "The first day's assaults".into(),
        at: None,
        phase: None,
    });
    attrition::study::record::save(&path, &noted).unwrap();
    let mut resumed = App::resume_file(&path, theme()).unwrap();
    resumed.update(Msg::Resize(100, 30));
    assert_eq!(resumed.screen(), ScreenKind::Play);
    let s = resumed.session().unwrap();
    assert_eq!((s.viewer, s.human()), (Side::Ru, [true, false]), "the human plays the recorded side");
    assert_eq!(s.game().day(), 2);
    assert!(!s.events().is_empty(), "the event log is rebuilt");
    assert_eq!(s.game().state_hash(), first.game().unwrap().state_hash());
    for _ in 0..2 {
        play_day(&mut resumed);
    }
    assert_eq!(resumed.game().unwrap().state_hash(), straight.game().unwrap().state_hash());
    // Saving again from the resumed game keeps the settings (W is the other save key).
    resumed.set_saves(Some(d.clone()), false);
    keys(&mut resumed, "W");
    let again = attrition::study::record::load(&file_ending(&d, "-day4.ron")).unwrap();
    assert_eq!((again.settings, again.days.len()), (rec.settings, 4));
    assert_eq!(again.annotations, noted.annotations);
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn autosave_after_each_day_and_continue_from_the_start_screen() {
    let d = temp_dir("autosave");
    let l = Launch::new("pokrovsk-toretsk", Side::Ua, true, 4);
    let mut app = App::new_game(&l, theme()).unwrap();
    app.set_saves(Some(d.clone()), true);
    key(&mut app, KeyCode::Enter); // Russia takes the keyboard
    keys(&mut app, "ey");
    key(&mut app, KeyCode::Enter); // Ukraine
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 0, "nothing is saved before a day completes");
    keys(&mut app, "ey");
    assert_eq!(app.game().unwrap().day(), 1);
    let auto = file_ending(&d, ".ron");
    assert!(auto.file_name().unwrap().to_string_lossy().starts_with("pokrovsk-toretsk-"));
    let rec = attrition::study::record::load(&auto).expect("the autosave is written after the day");
    assert_eq!(rec.days.len(), 1);
    assert_eq!(
        rec.players,
        attrition::study::record::Players {
            human: None,
            hotseat: true,
            ai: attrition::ai::AiLevel::Baseline,
            ua_ai: None
        }
    );
    let names: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no temporary file is left behind: {names:?}");

    // The start screen offers it, focused; Enter resumes it, hot-seat preserved.
    let mut start = App::new_start(theme());
    start.set_saves(Some(d.clone()), true);
    let r = start.start().unwrap().chosen_game().cloned().expect("an autosave to continue");
    assert_eq!((r.scenario.as_str(), r.days), ("pokrovsk-toretsk", 1));
    let t = render(&mut start, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("Continue") && text.contains("after day 1") && text.contains("hot-seat"), "{text}");
    insta::assert_snapshot!("start_continue", t.backend());
    key(&mut start, KeyCode::Enter);
    assert_eq!(start.screen(), ScreenKind::Handover(Side::Ru));
    let s = start.session().unwrap();
    assert!(s.hotseat());
    assert_eq!(s.game().state_hash(), app.game().unwrap().state_hash());
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn a_failed_autosave_is_a_message_not_a_panic() {
    let d = temp_dir("fail");
    let blocker = d.join("not-a-dir");
    std::fs::write(&blocker, "x").unwrap();
    let mut app = game(Side::Ua);
    app.set_saves(Some(blocker.join("saves")), true);
    keys(&mut app, "ey");
    assert_eq!(app.game().unwrap().day(), 1);
    let m = app.ui.message.clone().unwrap();
    assert!(m.error && m.text.starts_with("Autosave failed"), "{m:?}");
    assert!(app.ui.save_error.is_some());
    let t = render(&mut app, 100, 30);
    assert!(screen_text(&t).contains("NOT SAVED"));
    // The game goes on.
    keys(&mut app, "s");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "ey");
    assert_eq!(app.game().unwrap().day(), 2);
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn a_save_made_under_other_rules_is_played_again_as_a_new_game_and_the_file_kept() {
    let d = temp_dir("other-rules");
    let l = Launch::new("pokrovsk-toretsk", Side::Ua, false, 4);
    let mut app = App::new_game(&l, theme()).unwrap();
    app.set_saves(Some(d.clone()), true);
    play_day(&mut app);
    play_day(&mut app);
    let saved = file_ending(&d, ".ron");
    let text = std::fs::read_to_string(&saved).unwrap();
    // As another version of the rules would have written it: the same orders, another state
    // after the first day (each day is "RU orders|UA orders|state hash").
    let first = text.find("days: [").unwrap();
    let open = first + text[first..].find('"').unwrap();
    let close = open + 1 + text[open + 1..].find('"').unwrap();
    let bar = open + text[open..close].rfind('|').unwrap();
    let older = format!("{}|12345{}", &text[..bar], &text[close..]);
    std::fs::remove_file(&saved).unwrap();
    let old_file = d.join("pokrovsk-toretsk-older.ron");
    std::fs::write(&old_file, &older).unwrap();

    // `attrition play --load FILE` says how to play it again; `--again` does.
    let e = App::resume_file(&old_file, theme()).err().expect("it does not resume");
    assert!(e.contains("diverges on day 1") && e.contains("--again` plays it again"), "{e}");
    let again = App::play_again_file(&old_file, theme()).expect("played again");
    assert_eq!(again.game().unwrap().state_hash(), app.game().unwrap().state_hash());

    let mut start = App::new_start(theme());
    start.set_saves(Some(d.clone()), true);
    key(&mut start, KeyCode::Enter);
    assert_eq!(start.screen(), ScreenKind::Start, "it does not resume");
    // The message, wrapped whole under the fields (read as one line).
    let shown = screen_text(&render(&mut start, 100, 30)).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(shown.contains("diverges on day 1"), "{shown}");
    assert!(shown.contains("P plays its orders again under this version's rules, as a new game"), "{shown}");
    assert!(shown.contains("(this file is kept)."), "{shown}");

    keys(&mut start, "P");
    assert_eq!(start.game().expect("a game").day(), 2, "played again up to the file's last day");
    // Here the rules are the ones the game was played under: the player's orders and the
    // computer's answers, given afresh, make the same game again.
    assert_eq!(start.game().unwrap().state_hash(), app.game().unwrap().state_hash());
    let shown = screen_text(&render(&mut start, 160, 48));
    assert!(shown.contains("Played again under this version's rules to day 2"), "{shown}");
    play_day(&mut start);
    assert_eq!(std::fs::read_to_string(&old_file).unwrap(), older, "the old file is left as it was");
    let files: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 2, "the new game saves to a file of its own: {files:?}");
    let new = files.iter().find(|p| **p != old_file).unwrap();
    let rec = attrition::study::record::load(new).unwrap();
    assert_eq!(rec.days.len(), 3);
    assert!(App::resume_file(new, theme()).is_ok(), "and that file resumes");
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn damaged_and_truncated_saves_are_refused() {
    let d = temp_dir("damaged");
    let mut app = game(Side::Ua);
    app.set_saves(Some(d.clone()), false);
    play_day(&mut app);
    keys(&mut app, "W");
    let path = file_ending(&d, "-day1.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(App::resume_file(&path, theme()).is_ok());

    let cut = d.join("cut.ron");
    std::fs::write(&cut, &text[..text.len() * 2 / 3]).unwrap();
    let e = App::resume_file(&cut, theme()).err().expect("refused");
    assert!(e.contains("cut.ron") && e.contains("damaged"), "{e}");

    let newer = d.join("newer.ron");
    std::fs::write(&newer, text.replacen("version: 2,", "version: 7,", 1)).unwrap();
    let e = App::resume_file(&newer, theme()).err().expect("refused");
    assert!(e.contains("newer"), "{e}");

    // An altered record is caught by the replay's hash check.
    let altered = d.join("altered.ron");
    std::fs::write(&altered, text.replacen("seed: ", "seed: 1", 1)).unwrap();
    let e = App::resume_file(&altered, theme()).err().expect("refused");
    assert!(e.contains("diverges"), "{e}");

    // A damaged autosave is not offered on the start screen.
    let saves = d.join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    std::fs::write(saves.join("pokrovsk-toretsk.ron"), &text[..10]).unwrap();
    let mut start = App::new_start(theme());
    start.set_saves(Some(saves), true);
    assert!(start.start().unwrap().chosen_game().is_none());
    std::fs::remove_dir_all(d).ok();
}

// ----- the replay viewer -----

fn recorded_game(days: u32) -> attrition::study::record::RecordFile {
    let mut app = game(Side::Ua);
    for _ in 0..days {
        play_day(&mut app);
    }
    app.session().unwrap().record_file()
}

#[test]
fn replay_viewer_steps_days_and_phases() {
    let rec = recorded_game(3);
    let mut straight = play::replay(&rec).unwrap();
    let mut app = App::new_replay(rec.clone(), "game.ron", None, true, theme()).unwrap();
    app.update(Msg::Resize(100, 30));
    assert_eq!(app.game().unwrap().day(), 0);
    keys(&mut app, "]");
    assert_eq!(app.game().unwrap().day(), 1);
    let phases = app.session().unwrap().resolution.as_ref().unwrap().phases.len();
    assert!(phases >= 2);
    keys(&mut app, ".");
    assert_eq!(app.session().unwrap().resolution.as_ref().unwrap().at, 1);
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    assert!(text.contains("REPLAY") && text.contains("Day 1/3") && text.contains("phase 2/"), "{text}");
    insta::assert_snapshot!("replay", t.backend());
    // Phases run on into the next day, and back.
    for _ in 1..phases {
        keys(&mut app, ".");
    }
    assert_eq!(app.game().unwrap().day(), 2);
    keys(&mut app, ",");
    assert_eq!(app.game().unwrap().day(), 1);
    let r = app.session().unwrap().resolution.as_ref().unwrap();
    assert_eq!(r.at + 1, r.phases.len(), "back from a day's first phase is the day before's last");
    // End, Home, [ and ] rebuild the game to the day, the same as replaying it.
    key(&mut app, KeyCode::End);
    assert_eq!(app.game().unwrap().state_hash(), straight.state_hash());
    keys(&mut app, "]");
    assert_eq!(app.game().unwrap().day(), 3, "no day after the last");
    keys(&mut app, "[");
    let at2 = Replay::of(&rec).and_then(|r| r.run(2, |_, _| {})).unwrap();
    assert_eq!(app.game().unwrap().state_hash(), at2.state_hash());
    key(&mut app, KeyCode::Home);
    assert_eq!(app.game().unwrap().day(), 0);
    straight = Replay::of(&rec).and_then(|r| r.run(0, |_, _| {})).unwrap();
    assert_eq!(app.game().unwrap().state_hash(), straight.state_hash());
    // No orders: order keys are refused, nothing is planned.
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "d");
    assert!(app.ui.message.as_ref().is_some_and(|m| m.error && m.text.contains("replay")));
    keys(&mut app, "me");
    assert_eq!(app.popup(), None);
    assert_eq!(app.session().unwrap().play.planned_count(), 0);
}

#[test]
fn replay_viewer_cycles_whose_view() {
    let rec = recorded_game(2);
    let mut app = App::new_replay(rec, "game.ron", None, true, theme()).unwrap();
    keys(&mut app, "]]");
    let s = app.session().unwrap();
    assert_eq!(s.viewer, Side::Ua, "the recorded human side first");
    let events_ua = s.log_lines(Default::default()).len();
    // Russia, Ukraine, both: from Ukraine the next is both.
    keys(&mut app, "s");
    let s = app.session().unwrap();
    assert!(s.omniscient);
    let all_units = s.game().unit_ids().iter().filter(|id| s.game().pos(**id).is_some()).count();
    let shown = s.picture.view.own.iter().chain(&s.picture.view.enemy).filter(|u| u.cell.is_some()).count();
    assert_eq!(shown, all_units, "both: every unit on the map");
    assert!(s.log_lines(Default::default()).len() >= events_ua);
    assert_eq!(s.log_lines(Default::default()).len(), s.events().len(), "both: every event");
    let t = render(&mut app, 100, 30);
    assert!(screen_text(&t).contains("both [RU+UA]"));
    keys(&mut app, "s");
    let s = app.session().unwrap();
    assert!(!s.omniscient && s.viewer == Side::Ru);
    let ru = s.picture.view.enemy.len();
    assert!(ru < all_units / 2, "Russia sees only the Ukrainian units it detected");
    keys(&mut app, "s");
    assert_eq!(app.session().unwrap().viewer, Side::Ua);
}

#[test]
fn a_move_shows_its_route_while_choosing_and_once_planned() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    key(&mut app, KeyCode::Tab);
    let id = app.board().unwrap().selected.expect("a unit is selected");
    let start = app.board().unwrap().cursor;
    assert!(!screen_text(&render(&mut app, 100, 30)).contains('•'), "no route before an order");
    keys(&mut app, "m");
    keys(&mut app, "hhhh");
    let (route, today, to) = app.board().unwrap().shown_route().expect("a route to the cursor");
    assert_eq!(to, app.board().unwrap().cursor);
    assert!(!route.is_empty() && today >= 1, "{route:?}");
    let text = screen_text(&render(&mut app, 100, 30));
    assert!(text.contains('•'), "today's leg is drawn:\n{text}");
    key(&mut app, KeyCode::Enter);
    let m = app.ui.message.clone().unwrap();
    assert!(!m.error && m.text.contains("cells"), "{m:?}");
    assert_eq!(app.board().unwrap().selected, Some(id));
    assert!(app.board().unwrap().shown_route().is_some(), "the planned move keeps its route on the map");
    assert!(screen_text(&render(&mut app, 100, 30)).contains('•'));
    // A hold order has no route.
    app.board_mut().unwrap().cursor = start;
    keys(&mut app, "d");
    assert!(app.board().unwrap().shown_route().is_none());
}

/// The targeting mode shows the engine's verdict on the cell under the cursor: a battery
/// aimed at its own cell, or a move to where the unit stands, is refused and says why.
#[test]
fn targeting_shows_the_engines_refusal_and_its_reason() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(120, 40));
    let mut found = false;
    for _ in 0..200 {
        key(&mut app, KeyCode::Tab);
        let b = app.board().unwrap();
        if b.selected_unit().is_some_and(|u| u.kind == attrition::sim::rules::UnitKind::Artillery) {
            found = true;
            break;
        }
    }
    assert!(found, "Ukraine has a battery");
    keys(&mut app, "f");
    assert!(matches!(app.mode(), Mode::Target(_)));
    let verdict = app.board().unwrap().target_check().expect("a verdict");
    assert!(matches!(verdict, Err(attrition::sim::orders::OrderError::NoTarget(_))), "{verdict:?}");
    let text = screen_text(&render(&mut app, 120, 40));
    assert!(text.contains("✗ no target there"), "{text}");
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "m");
    let text = screen_text(&render(&mut app, 120, 40));
    assert!(text.contains("✗ already there"), "{text}");
    key(&mut app, KeyCode::Enter);
    assert!(app.ui.message.as_ref().is_some_and(|m| m.error), "Enter on a refused target gives no order");
    assert_eq!(app.session().unwrap().orders().len(), 0);
}

// ----- the after-action report -----

/// A game with a short turn limit, played to its result screen.
fn finished_game(days: u32) -> App {
    let l = Launch::new("pokrovsk-toretsk", Side::Ua, false, 3);
    let mut app = App::new_game_with(&l, &[format!("turn_limit={days}")], theme()).unwrap();
    app.update(Msg::Resize(100, 30));
    for _ in 0..days {
        play_day(&mut app);
    }
    app
}

#[test]
fn the_end_screen_gives_the_result_with_the_ground_and_objectives_it_rests_on() {
    use attrition::sim::EndReason;
    let mut app = finished_game(3);
    assert_eq!(app.screen(), ScreenKind::Result);
    let text = screen_text(&render(&mut app, 120, 40)).split_whitespace().collect::<Vec<_>>().join(" ");
    let g = app.game().unwrap();
    let o = g.outcome().expect("over");
    let EndReason::TurnLimit { score, .. } = &o.reason else { panic!("{:?}", o.reason) };
    // The ground each side took, as the engine counts it.
    let ground = format!(
        "Ground taken: Russia {:.0} km², Ukraine {:.0} km²",
        g.ground_gained_km2(Side::Ru),
        g.ground_gained_km2(Side::Ua)
    );
    assert!(text.contains(&ground), "{ground} in {text}");
    // The objectives Russia holds and their points, which decided it.
    let held = if score.held.is_empty() { "none".to_string() } else { score.held.join(", ") };
    assert!(text.contains(&format!("{} of {} points", score.ru_points, score.total)), "{text}");
    assert!(text.contains(&held), "{held} in {text}");
    // Who won follows from those points, and the screen says so.
    let winner = match o.winner {
        Some(w) => format!("{} [{}] wins", w.name(), w.code().to_uppercase()),
        None => "No winner".into(),
    };
    assert!(text.contains(&winner), "{winner} in {text}");
    let expected = if score.ru_points >= score.ru_needs {
        Some(Side::Ru)
    } else if score.ru_points < score.ua_wins_below {
        Some(Side::Ua)
    } else {
        None
    };
    assert_eq!(o.winner, expected, "the verdict matches the points shown");
}

#[test]
fn the_after_action_report_waits_for_the_end_then_shows_and_exports_the_game() {
    let l = Launch::new("pokrovsk-toretsk", Side::Ua, false, 3);
    let mut app = App::new_game_with(&l, &["turn_limit=8".to_string()], theme()).unwrap();
    play_day(&mut app);
    keys(&mut app, "A");
    assert_eq!(app.screen(), ScreenKind::Play, "no report through the fog while the game goes on");
    assert!(app.ui.message.as_ref().is_some_and(|m| m.error && m.text.contains("when the game is over")));

    let mut app = finished_game(8);
    assert_eq!(app.screen(), ScreenKind::Result);
    let rec = app.session().unwrap().record_file();
    keys(&mut app, "A");
    assert_eq!(app.screen(), ScreenKind::AfterAction);
    // The player's own report: as Ukraine saw the war.
    let expected = attrition::study::report::from_record(&rec, Some(Side::Ua)).unwrap();
    let v = app.aar().unwrap();
    assert_eq!(v.report, expected, "the screen shows the same report as `attrition report --side ua`");
    assert_eq!(v.report.viewer, Some(Side::Ua));
    assert_eq!(v.report.days, 8);
    assert!(v.report.key_events.iter().any(|e| e.kind == "end"));

    // Narrow: the key events first, Tab the charts.
    let t = render(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("After-action report") && text.contains("Key events: all"), "{text}");
    assert!(text.contains("after 8 days"), "{text}");
    insta::assert_snapshot!("aar_events", t.backend());
    key(&mut app, KeyCode::Tab);
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(text.contains("Ground gained") && !text.contains("Key events: all"), "{text}");
    // Wide: both at once.
    let t = render(&mut app, 140, 40);
    let text = screen_text(&t);
    assert!(text.contains("Ground gained") && text.contains("Key events: all"), "{text}");
    insta::assert_snapshot!("aar_wide", t.backend());

    // The filter runs through the kinds present and back to all.
    let kinds: std::collections::BTreeSet<&str> = expected.key_events.iter().map(|e| e.kind).collect();
    for _ in 0..kinds.len() {
        keys(&mut app, "t");
        let v = app.aar().unwrap();
        let k = v.filter.expect("a kind");
        assert!(!v.events().is_empty() && v.events().iter().all(|e| e.kind == k));
    }
    keys(&mut app, "t");
    assert_eq!(app.aar().unwrap().filter, None);

    // Export: three files, each equal to what the command prints.
    let d = temp_dir("aar");
    app.set_saves(Some(d.clone()), false);
    keys(&mut app, "x");
    assert!(app.ui.message.as_ref().is_some_and(|m| !m.error), "{:?}", app.ui.message);
    assert!(screen_text(&render(&mut app, 80, 24)).contains("Report written"), "the export says so on screen");
    let stem = d.join("report-pokrovsk-toretsk-seed3-day8");
    let read = |ext: &str| std::fs::read_to_string(stem.with_extension(ext)).unwrap();
    assert_eq!(read("md"), attrition::study::report::markdown(&expected));
    assert_eq!(read("csv"), attrition::study::report::csv(&expected));
    let json: serde_json::Value = serde_json::from_str(&read("json")).unwrap();
    assert_eq!(json["days"], 8);
    std::fs::remove_dir_all(d).ok();

    // Without a folder, a message and no panic.
    app.set_saves(None, false);
    keys(&mut app, "x");
    assert!(app.ui.message.as_ref().is_some_and(|m| m.error && m.text.contains("No folder")));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), ScreenKind::Result, "Esc goes back where the report was opened");
}

#[test]
fn in_a_replay_the_report_goes_to_the_chosen_event() {
    let app = finished_game(12);
    let rec = app.session().unwrap().record_file();
    let mut app = App::new_replay(rec.clone(), "game.ron", None, true, theme()).unwrap();
    app.update(Msg::Resize(100, 30));
    keys(&mut app, "]]");
    keys(&mut app, "A");
    assert_eq!(app.screen(), ScreenKind::AfterAction, "a replay's report opens on any day");
    let v = app.aar().unwrap();
    assert_eq!(v.report.days, 12, "the whole record, not the days shown so far");
    let (i, e) = v
        .events()
        .iter()
        .enumerate()
        .find(|(_, e)| e.cell.is_some() && e.day != 2)
        .map(|(i, e)| (i, (*e).clone()))
        .expect("a key event with a place");
    for _ in 0..i {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenKind::Replay);
    assert_eq!(app.game().unwrap().day(), e.day);
    assert_eq!(app.board().unwrap().cursor, e.cell.unwrap());
    assert_eq!(
        app.game().unwrap().state_hash(),
        Replay::of(&rec).and_then(|r| r.run(e.day as usize, |_, _| {})).unwrap().state_hash()
    );
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
        prop_assert_eq!(app.popup(), Some(Popup::ConfirmQuit));
        key(&mut app, KeyCode::Char('y'));
        prop_assert!(app.quit);
    }
}

// ----- the what-if screen -----

mod whatif_screen {
    use super::*;
    use attrition::study::whatif;
    use attrition::ui::screen::whatif::{Job, Origin, Results, ResultsPage, Stage, Study, WhatIfField, WhatIfState};
    use std::sync::atomic::{AtomicBool, AtomicUsize};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    fn state(app: &App) -> &WhatIfState {
        app.whatif().expect("the what-if screen is open")
    }

    fn state_mut(app: &mut App) -> &mut WhatIfState {
        app.whatif_mut().expect("the what-if screen is open")
    }

    /// Ticks (as the run loop does while a study runs) until it ends, at most a minute.
    fn wait_for_the_study(app: &mut App) {
        let t0 = Instant::now();
        while app.busy() {
            assert!(t0.elapsed() < Duration::from_secs(60), "the study did not end");
            std::thread::sleep(Duration::from_millis(20));
            app.update(Msg::Tick(Duration::from_millis(20)));
        }
    }

    fn study(runs: u32) -> Study {
        Study {
            scenario: "pokrovsk-toretsk".into(),
            base: vec![],
            key: "ua.drone_line".into(),
            values: vec!["on".into(), "off".into()],
            runs,
            days: None,
        }
    }

    /// Five hand-made games per value, with known numbers, as the study's rows: results drawn
    /// without a simulation.
    fn made_up_results() -> Results {
        use attrition::study::rows::{AiName, ByCause, PerSide, Row, SideLosses, Town};
        let study_row = attrition::study::rows::Study {
            tool: "attrition".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            scenario: "pokrovsk-toretsk".into(),
            scenario_hash: "0bbb2ff844774c65".into(),
            settings: vec![],
            vary: Some("ua.drone_line=on,off".into()),
            first_seed: 1,
            runs: 5,
            max_turns: None,
            ai: PerSide { ru: AiName::Strong, ua: AiName::Strong },
        };
        let row = |variant: &str, seed: u64, ground: [f64; 2], lost: [u32; 2], winner: Option<Side>| {
            // Fires take more of Ukraine's losses and fewer of Russia's with the line off.
            let fires = |side: u32| match (variant, side) {
                ("on", 0) => 150 + 5 * seed as u32,
                ("on", _) => 100 + 4 * seed as u32,
                (_, 0) => 120 + 3 * seed as u32,
                _ => 140 + 9 * seed as u32,
            };
            let losses = |p: u32, per: u32, fires: u32| {
                let (drones, exposure, assault) = (p / 2, p / 10, p / 8);
                let by_cause =
                    ByCause { drones, exposure, fires, assault, collapse: p - drones - exposure - assault - fires };
                SideLosses { personnel: p, vehicles: p / per, by_cause }
            };
            Row {
                study: study_row.clone(),
                variant: Some(format!("ua.drone_line={variant}")),
                seed,
                turns: 30,
                winner: winner.map(|s| s.code().to_string()),
                end_reason: "turn limit".into(),
                losses: PerSide { ru: losses(lost[0], 100, fires(0)), ua: losses(lost[1], 120, fires(1)) },
                ground_km2: PerSide { ru: ground[0], ua: ground[1] },
                personnel: Default::default(),
                towns: vec![Town {
                    name: "Pokrovsk".into(),
                    holder: if winner.is_some() { "ru" } else { "ua" }.into(),
                    taken_day: None,
                    ru_first_held_day: winner.map(|_| 20 + seed as u32),
                }],
                ceasefires: vec![],
                state_hash: format!("{:016x}", seed * 7919),
            }
        };
        // In the study's order: by seed, then by variant.
        let mut rows = Vec::new();
        for s in 1..=5u64 {
            rows.push(row(
                "on",
                s,
                [10.0 + 3.0 * s as f64, 2.0 + s as f64],
                [1200 + 40 * s as u32, 900 + 25 * s as u32],
                None,
            ));
            let winner = if s % 2 == 0 { Some(Side::Ru) } else { None };
            rows.push(row(
                "off",
                s,
                [25.0 + 5.0 * (s * s) as f64, 1.0],
                [1000 + 35 * s as u32, 1100 + 60 * s as u32],
                winner,
            ));
        }
        Results::new(study(5), rows, Duration::from_millis(1500))
    }

    fn results_app() -> App {
        let mut app = App::new_start(theme());
        keys(&mut app, "w");
        let w = state_mut(&mut app);
        w.stage = Stage::Results(Box::new(made_up_results()));
        app
    }

    #[test]
    fn w_on_the_start_screen_opens_the_form_on_the_chosen_scenario() {
        let mut app = App::new_start(theme());
        key(&mut app, KeyCode::Right); // the next scenario
        let chosen = app.start().unwrap().scenarios[app.start().unwrap().scenario].id.clone();
        keys(&mut app, "w");
        assert_eq!(app.screen(), ScreenKind::WhatIf);
        assert_eq!(state(&app).scenario, chosen);
        assert_eq!(state(&app).origin, Origin::Start);
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.screen(), ScreenKind::Start);
        key(&mut app, KeyCode::F(3));
        assert_eq!(app.screen(), ScreenKind::WhatIf);
    }

    #[test]
    fn the_form() {
        let mut app = App::new_start(theme());
        keys(&mut app, "w");
        let t = render(&mut app, 80, 24);
        let text = screen_text(&t);
        assert!(text.contains("ua.drone_line = on | off") && text.contains("≈ 200 runs"), "{text}");
        insta::assert_snapshot!("whatif_form", t.backend());
        // ↓ runs, → 200 seeds: the estimate follows.
        key(&mut app, KeyCode::Down);
        key(&mut app, KeyCode::Right);
        assert_eq!(state(&app).field, WhatIfField::Runs);
        assert_eq!(state(&app).runs, 200);
        assert!(screen_text(&render(&mut app, 80, 24)).contains("≈ 400 runs"));
    }

    #[test]
    fn f3_and_o_open_it_from_the_map_and_esc_returns_to_the_game_as_it_was() {
        let set = ["aid=cutoff".to_string()];
        let mut app = App::new_game_with(&Launch::new("pokrovsk-toretsk", Side::Ua, false, 4), &set, theme()).unwrap();
        key(&mut app, KeyCode::Tab);
        keys(&mut app, "d");
        let before = |app: &App| {
            let s = app.session().unwrap();
            (
                s.game().day(),
                s.game().state_hash(),
                s.orders().to_vec(),
                app.board().unwrap().selected,
                app.board().unwrap().cursor,
            )
        };
        let was = before(&app);
        assert_eq!(was.2.len(), 1, "one planned order");
        for open in [KeyCode::F(3), KeyCode::Char('O')] {
            key(&mut app, open);
            assert_eq!(app.screen(), ScreenKind::WhatIf, "{open:?}");
            let w = state(&app);
            assert_eq!(
                (w.scenario.as_str(), w.base.clone(), w.origin),
                ("pokrovsk-toretsk", set.to_vec(), Origin::Game)
            );
            // Changing the form does not touch the game.
            key(&mut app, KeyCode::Right);
            key(&mut app, KeyCode::Esc);
            assert_eq!(app.screen(), ScreenKind::Play);
            assert_eq!(app.mode(), Mode::Normal);
            assert_eq!(before(&app), was);
        }
    }

    #[test]
    fn a_study_from_the_interface_plays_the_same_runs_as_the_command() {
        let set = ["turn_limit=5".to_string()];
        let mut app = App::new_game_with(&Launch::new("pokrovsk-toretsk", Side::Ru, false, 1), &set, theme()).unwrap();
        key(&mut app, KeyCode::F(3));
        assert_eq!(state(&app).turn_limit, 5, "the game's own settings count");
        state_mut(&mut app).runs = 3;
        key(&mut app, KeyCode::Enter);
        assert!(app.busy());
        wait_for_the_study(&mut app);
        let Stage::Results(r) = &state(&app).stage else { panic!("no results: {:?}", app.ui.message) };
        let never = AtomicBool::new(false);
        let values = ["on".to_string(), "off".to_string()];
        let rows = whatif::run_rows(
            "pokrovsk-toretsk",
            &set,
            "ua.drone_line",
            &values,
            3,
            [attrition::ai::AiLevel::Strong; 2],
            &never,
            &|| {},
        )
        .unwrap();
        // The export is the command's CSV byte for byte (`whatif --format csv` writes its rows
        // through this sink).
        let mut buf = Vec::new();
        {
            use attrition::study::output::{Format, Sink};
            let mut sink = Sink::new(&mut buf, Format::Csv, false, &rows[0].study, false).unwrap();
            for row in &rows {
                sink.row(row).unwrap();
            }
            sink.finish().unwrap();
        }
        assert_eq!(r.csv().unwrap(), String::from_utf8(buf).unwrap());
        let cli = whatif::variants("ua.drone_line", &values, &rows);
        assert_eq!(r.variants.len(), 2);
        for (a, b) in r.variants.iter().zip(&cli) {
            assert_eq!(a.label, b.label);
            assert_eq!(a.runs, b.runs, "{}: the same RunFacts", a.label);
        }
        assert_eq!(r.summary, whatif::Summary::of(&cli));
        assert!(r.variants[0].runs.iter().all(|f| f.days <= 5));
        // Esc: the form; Esc again: the game, still before its first day.
        key(&mut app, KeyCode::Esc);
        assert!(matches!(state(&app).stage, Stage::Form));
        assert!(state(&app).estimate().is_some(), "the form now knows the pace");
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.screen(), ScreenKind::Play);
        assert_eq!(app.game().unwrap().day(), 0);
    }

    #[test]
    fn cancelling_stops_the_study_and_returns_to_the_form() {
        let mut app = App::new_start(theme());
        keys(&mut app, "w");
        state_mut(&mut app).runs = 500;
        key(&mut app, KeyCode::Enter);
        assert!(app.busy());
        keys(&mut app, "c");
        wait_for_the_study(&mut app);
        assert!(matches!(state(&app).stage, Stage::Form));
        let m = app.ui.message.clone().unwrap();
        assert!(m.text.starts_with("Cancelled after ") && m.text.ends_with(" of 1000 runs."), "{m:?}");
        let done: usize = m.text["Cancelled after ".len()..].split(' ').next().unwrap().parse().unwrap();
        assert!(done < 1000, "{m:?}");
    }

    #[test]
    fn a_study_that_fails_says_why_on_the_form() {
        let mut app = App::new_start(theme());
        keys(&mut app, "w");
        // A scenario that does not exist: the error comes back from the study's thread.
        state_mut(&mut app).scenario = "no-such-scenario".into();
        key(&mut app, KeyCode::Enter);
        wait_for_the_study(&mut app);
        assert!(matches!(state(&app).stage, Stage::Form));
        let m = app.ui.message.clone().unwrap();
        assert!(m.error && m.text.starts_with("The study stopped:") && m.text.contains("no-such-scenario"), "{m:?}");
    }

    #[test]
    fn the_running_study() {
        let mut app = App::new_start(theme());
        keys(&mut app, "w");
        state_mut(&mut app).stage = Stage::Running(Job {
            study: study(100),
            done: Arc::new(AtomicUsize::new(50)),
            cancel: Arc::new(AtomicBool::new(false)),
            elapsed: Duration::from_secs(12),
            started: Instant::now(),
            handle: None,
        });
        let t = render(&mut app, 80, 24);
        let text = screen_text(&t);
        assert!(text.contains("50/200 runs") && text.contains("elapsed 0:12") && text.contains("0:36 left"), "{text}");
        insta::assert_snapshot!("whatif_running", t.backend());
    }

    #[test]
    fn the_results_as_charts_and_table() {
        let mut app = results_app();
        let t = render(&mut app, 80, 24);
        let text = screen_text(&t);
        assert!(text.contains("Ground gained, Russia") && text.contains("┃"), "{text}");
        insta::assert_snapshot!("whatif_charts_80x24", t.backend());
        key(&mut app, KeyCode::Tab);
        assert_eq!(state(&app).page, ResultsPage::Table);
        let t = render(&mut app, 80, 24);
        let text = screen_text(&t);
        // The table's numbers are the command's.
        let d = &whatif::Summary::of(&made_up_results().variants).measures[0].differences[0];
        assert!(text.contains(&format!("off vs on: {:+.1} (95% interval {:+.1}", d.mean, d.lo)), "{text}");
        insta::assert_snapshot!("whatif_table_80x24", t.backend());
        // It scrolls to the end and no further.
        for _ in 0..200 {
            key(&mut app, KeyCode::Down);
        }
        let text = screen_text(&render(&mut app, 80, 24));
        assert!(text.contains("Pokrovsk") && text.contains("never taken"), "{text}");
        key(&mut app, KeyCode::Up);
        assert!(state(&app).scroll > 0);
        key(&mut app, KeyCode::Left);
        assert_eq!(state(&app).page, ResultsPage::Charts);
        let t = render(&mut app, 120, 40);
        assert!(screen_text(&t).contains("Share of wins"));
        insta::assert_snapshot!("whatif_charts_120x40", t.backend());
        // The wide screen shows both sides side by side.
        let text = screen_text(&render(&mut app, 200, 60));
        let row = text.lines().find(|l| l.contains("Ground gained, Russia")).unwrap();
        assert!(row.contains("Ground gained, Ukraine"), "{row}");
        // The narrow charts page, scrolled to its end, ends with the days played too.
        let mut app = results_app();
        for _ in 0..400 {
            key(&mut app, KeyCode::Down);
        }
        let text = screen_text(&render(&mut app, 80, 24));
        assert!(text.contains("Days played"), "{text}");
    }

    #[test]
    fn the_table_shows_the_losses_by_cause_whole_at_80_and_160_columns() {
        let sum = whatif::Summary::of(&made_up_results().variants);
        for (w, h) in [(80u16, 24u16), (160, 48)] {
            let mut app = results_app();
            key(&mut app, KeyCode::Tab);
            let mut text = screen_text(&render(&mut app, w, h));
            for _ in 0..100 {
                if text.contains("collapse UA") {
                    break;
                }
                key(&mut app, KeyCode::Down);
                text = screen_text(&render(&mut app, w, h));
            }
            // A line per cause and side, whole: both means and the difference with its
            // interval and verdict, the summary's numbers.
            for id in whatif::MeasureId::ALL.into_iter().filter(|m| m.causes().is_some()) {
                let m = sum.measure(id);
                let label = format!(
                    "{:<8} {}",
                    id.cause_word().unwrap(),
                    attrition::ui::event_words::side_tag(id.side().unwrap())
                );
                let row = text.lines().find(|l| l.contains(&label)).unwrap_or_else(|| panic!("{label} in\n{text}"));
                let d = &m.differences[0];
                let verdict = if d.real() == Some(true) { "clear" } else { "not clear" };
                for part in [
                    format!("{:.1}", m.stats[0].mean),
                    format!("{:.1}", m.stats[1].mean),
                    format!("{:+.1} [{:+.1} to {:+.1}] {verdict}", d.mean, d.lo, d.hi),
                ] {
                    assert!(row.contains(&part), "{w}x{h}: {part} in {row}");
                }
            }
            let t = render(&mut app, w, h);
            insta::assert_snapshot!(format!("whatif_table_by_cause_{w}x{h}"), t.backend());
        }
    }

    #[test]
    fn the_results_read_without_colour() {
        let mut app = results_app();
        app.ui.theme = Theme::new(Palette::Mono, ColorDepth::None);
        let text = screen_text(&render(&mut app, 80, 24));
        // Variants differ by their fill, not by colour alone.
        assert!(text.contains('▒') && text.contains('▓'), "{text}");
    }

    #[test]
    fn x_exports_the_runs_as_csv_or_says_why_not() {
        let mut app = results_app();
        keys(&mut app, "x");
        let m = app.ui.message.clone().unwrap();
        assert!(m.error && m.text.contains("No folder"), "{m:?}");
        let d = temp_dir("whatif-export");
        app.ui.save_dir = Some(d.clone());
        keys(&mut app, "x");
        let path = d.join("whatif-pokrovsk-toretsk-ua.drone_line-5runs.csv");
        let m = app.ui.message.clone().unwrap();
        assert!(!m.error && m.text.contains(&path.display().to_string()), "{m:?}");
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        // Every column of the study rows, as `attrition whatif --format csv` writes them.
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = rd.headers().unwrap().iter().map(str::to_string).collect();
        let expected: Vec<String> = made_up_results().rows[0].columns().into_iter().map(|c| c.0).collect();
        assert_eq!(header, expected);
        for col in [
            "variant",
            "seed",
            "losses.ru.by_cause.drones",
            "personnel.ua.pool_end",
            "towns.Pokrovsk.holder",
            "state_hash",
        ] {
            assert!(header.iter().any(|h| h == col), "{col} in {header:?}");
        }
        assert!(header.len() > 12, "{header:?}");
        let records: Vec<csv::StringRecord> = rd.records().map(Result::unwrap).collect();
        assert_eq!(records.len(), 10);
        let at = |name: &str| header.iter().position(|h| h == name).unwrap();
        assert_eq!(&records[0][at("variant")], "ua.drone_line=on");
        assert_eq!(&records[0][at("seed")], "1");
        assert_eq!(&records[0][at("turns")], "30");
        assert_eq!(lines.len(), 11);
        assert!(std::fs::read_dir(&d).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".tmp")));
    }

    #[test]
    fn p_writes_the_results_charts_as_svg() {
        let mut app = results_app();
        let d = temp_dir("whatif-svg");
        app.ui.save_dir = Some(d.clone());
        keys(&mut app, "P");
        let m = app.ui.message.clone().unwrap();
        assert!(!m.error && m.text.contains("SVG written"), "{m:?}");
        let n = std::fs::read_dir(&d)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "svg"))
            .count();
        assert!(n >= 2, "{n} pictures");
        std::fs::remove_dir_all(d).ok();
    }

    #[test]
    fn help_lists_the_what_if_keys() {
        let mut app = results_app();
        keys(&mut app, "?");
        let rows = app.ui.keys.help_rows();
        assert!(rows.iter().any(|(c, _, text, _)| *c == attrition::ui::keymap::Ctx::WhatIf && text.contains("export")));
        assert!(rows.iter().any(|(_, keys, text, _)| keys.contains("F3") && text.contains("what-if")));
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.screen(), ScreenKind::WhatIf);
    }
}

// ----- teaching aids: annotations and presenter mode -----

/// An AI-vs-AI record of the drone-line scenario (whose file has annotations), seed 3.
fn drone_line_record(days: u32) -> attrition::study::record::RecordFile {
    use attrition::ai::AiLevel;
    let l = attrition::data::load_scenario("pokrovsk-drone-line", 3).unwrap();
    let mut g = attrition::sim::Game::new(l.setup).unwrap();
    for _ in 0..days {
        let (ru, ua) = (
            play::computer_orders(&g, Side::Ru, AiLevel::Strong),
            play::computer_orders(&g, Side::Ua, AiLevel::Baseline),
        );
        g.step(&ru, &ua);
    }
    // Russia strong (it takes ground on the first day), Ukraine plain.
    let players = attrition::study::record::Players {
        human: None,
        hotseat: false,
        ai: AiLevel::Strong,
        ua_ai: Some(AiLevel::Baseline),
    };
    attrition::study::record::RecordFile::of(&g, "pokrovsk-drone-line", &[], players)
}

fn note(day: u32, text: &str, at: &str) -> attrition::data::annotation::AnnotationFile {
    attrition::data::annotation::AnnotationFile {
        day,
        text: text.into(),
        at: Some(attrition::data::annotation::Spot::Place(at.into())),
        phase: None,
    }
}

/// Steps the viewer to the phase `p` of the day shown.
fn to_phase(app: &mut App, p: attrition::sim::events::Phase) {
    for _ in 0..12 {
        let r = app.session().unwrap().resolution.as_ref().unwrap();
        if r.phases[r.at].0 == p {
            return;
        }
        keys(app, ".");
    }
    panic!("no {p:?} phase on this day");
}

#[test]
fn a_records_annotation_shows_on_its_day_and_not_the_day_before() {
    let mut rec = recorded_game(2);
    rec.annotations.push(note(2, "Look at the hub east of Pokrovsk: its road is under drones.", "Pokrovsk"));
    let mut app = App::new_replay(rec, "game.ron", None, true, theme()).unwrap();
    keys(&mut app, "]");
    let text = screen_text(&render(&mut app, 100, 30));
    assert!(!text.contains("Instructor's note") && !text.contains("Look at the hub"), "day 1:\n{text}");
    assert!(!text.contains('◆'));
    keys(&mut app, "]");
    let text = screen_text(&render(&mut app, 100, 30));
    assert!(text.contains("Instructor's note") && text.contains("Look at the hub"), "day 2:\n{text}");
    assert!(text.contains('◆'), "the place is marked on the map:\n{text}");
    // Every phase of its day shows it (it names none); the day after it is gone again.
    keys(&mut app, ".");
    assert!(screen_text(&render(&mut app, 100, 30)).contains("Look at the hub"));
}

#[test]
fn scenario_and_record_annotations_both_show_the_records_last() {
    use attrition::sim::events::Phase;
    let mut rec = drone_line_record(1);
    rec.annotations.push(note(1, "Our own note for the class.", "Myrnohrad"));
    let mut app = App::new_replay(rec, "drone.ron", None, true, theme()).unwrap();
    keys(&mut app, "]");
    // The scenario's day-1 note belongs to the drone phase; the record's to the whole day.
    let text = screen_text(&render(&mut app, 160, 48));
    assert!(text.contains("Our own note") && !text.contains("Where do the strikes fall"), "{text}");
    to_phase(&mut app, Phase::Drones);
    let notes: Vec<String> = app.session().unwrap().annotations_now().iter().map(|a| a.text.clone()).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].starts_with("Where do the strikes fall") && notes[1] == "Our own note for the class.");
    let text = screen_text(&render(&mut app, 160, 48));
    assert!(text.contains("Where do the strikes fall") && text.contains("Our own note"), "{text}");
}

#[test]
fn presenter_mode_at_80x24_and_160x48() {
    use attrition::sim::events::Phase;
    let mut app = App::new_replay(drone_line_record(2), "drone.ron", None, true, theme()).unwrap();
    app.update(Msg::Resize(80, 24));
    keys(&mut app, "]");
    to_phase(&mut app, Phase::Drones);
    keys(&mut app, "p");
    assert!(app.presenting());
    let t = render(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("PRESENTER") && text.contains("Day 1/2") && text.contains("Drone strikes"), "{text}");
    assert!(text.contains("Where do the strikes fall"), "the scenario's note for the phase:\n{text}");
    assert!(
        !text.contains("REPLAY") && !text.contains("Cell and units") && !text.contains("Log:"),
        "no chrome:\n{text}"
    );
    insta::assert_snapshot!("presenter_80x24", t.backend());
    let t = render(&mut app, 160, 48);
    let text = screen_text(&t);
    assert!(text.contains("RU drones") && text.contains("UA drones"), "both sides' coverage:\n{text}");
    insta::assert_snapshot!("presenter_160x48", t.backend());
    // At 160×48 the map takes two columns a cell and the whole width of the sector.
    assert_eq!(app.board().unwrap().zoom, attrition::ui::board::Zoom::Near);
}

#[test]
fn presenter_mode_steps_like_the_viewer_and_gives_back_the_overlays() {
    use attrition::ui::board::{Overlays, Zoom};
    let mut app = App::new_replay(drone_line_record(3), "drone.ron", None, true, theme()).unwrap();
    app.update(Msg::Resize(120, 36));
    keys(&mut app, "]3z");
    let (before, zoom, scroll) =
        (app.board().unwrap().overlays, app.board().unwrap().zoom, app.board().unwrap().scroll);
    assert!(before.detection && zoom == Zoom::Cell);
    keys(&mut app, "p");
    let want = Overlays { coverage: None, coverage_both: true, supply: true, detection: false, control: false };
    assert_eq!(app.board().unwrap().overlays, want, "watching both sides: both sides' coverage and supply");
    // The viewer's stepping keys work while presenting.
    keys(&mut app, "].");
    assert_eq!(app.game().unwrap().day(), 2);
    assert_eq!(app.session().unwrap().resolution.as_ref().unwrap().at, 1);
    keys(&mut app, ",[");
    assert_eq!(app.game().unwrap().day(), 1);
    key(&mut app, KeyCode::End);
    assert_eq!(app.game().unwrap().day(), 3);
    key(&mut app, KeyCode::Home);
    assert_eq!(app.game().unwrap().day(), 0);
    assert!(screen_text(&render(&mut app, 120, 36)).contains("The start"));
    keys(&mut app, "s");
    assert_eq!(app.board().unwrap().overlays.coverage, Some(Side::Ru), "watching one side: its coverage");
    assert!(!app.board().unwrap().overlays.coverage_both);
    assert!(app.presenting());
    // Esc leaves and gives back what the user had; p does the same.
    key(&mut app, KeyCode::Esc);
    assert!(!app.presenting());
    assert_eq!(
        (app.board().unwrap().overlays, app.board().unwrap().zoom, app.board().unwrap().scroll),
        (before, zoom, scroll)
    );
    keys(&mut app, "pp");
    assert!(!app.presenting());
    assert_eq!(app.board().unwrap().overlays, before);
    assert!(screen_text(&render(&mut app, 120, 36)).contains("REPLAY"));
}

#[test]
fn the_caption_of_a_drones_phase_names_the_strikes() {
    use attrition::sim::events::{Event, Phase};
    let mut app = App::new_replay(drone_line_record(1), "drone.ron", None, true, theme()).unwrap();
    keys(&mut app, "]");
    to_phase(&mut app, Phase::Drones);
    let s = app.session().unwrap();
    let r = s.resolution.as_ref().unwrap();
    // Count what the caption must say from the events themselves: targets hit by Ukraine's drones.
    let mut hit: Vec<_> = r.phases[r.at]
        .1
        .iter()
        .filter_map(|i| match &s.events()[*i].1 {
            Event::DroneStrike { side: Side::Ua, target, hits, .. } if *hits > 0 => Some(*target),
            _ => None,
        })
        .collect();
    hit.sort();
    hit.dedup();
    assert!(!hit.is_empty(), "the drone line strikes on day 1");
    let caption = attrition::ui::caption::headline(app.session().unwrap());
    assert!(caption.contains("Drone strikes"), "{caption}");
    assert!(caption.contains(&format!("Ukraine's drones struck {} targets", hit.len())), "{caption}");
    assert!(caption.contains("Russia lost"), "{caption}");
}

#[test]
fn presenter_mode_without_colour_tells_the_sides_coverage_apart_by_glyph() {
    let mono = Theme::new(Palette::Mono, ColorDepth::None);
    let mut app = App::new_replay(drone_line_record(1), "drone.ron", None, true, mono).unwrap();
    app.update(Msg::Resize(80, 24));
    keys(&mut app, "]p");
    let t = render(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(
        text.contains("⠂⠆⠇ RU drones") && text.contains("⠐⠰⠸ UA drones") && text.contains("! short of supply"),
        "{text}"
    );
    if std::env::var_os("SHOW_SCREEN").is_some() {
        eprintln!("{text}");
    }
    let map: String = text.lines().take(12).collect();
    assert!(
        map.contains('⠸') || map.contains('⠰') || map.contains('⠐'),
        "Ukraine's coverage shows on the map:\n{text}"
    );
    let b = t.backend().buffer();
    assert!(b.content.iter().all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Random keys in the replay viewer, in and out of presenter mode and at any size, never
    /// panic; presenter mode always ends with Esc and leaves the overlays as they were.
    #[test]
    fn random_keys_in_presenter_mode_never_panic(
        seq in prop::collection::vec(prop::sample::select(vec![
            '.', ',', ']', '[', 'p', 's', 'z', '1', '2', '3', '0', 'v', 'R', 'g', 'h', 'L', '?', 'T',
        ]), 1..40),
        size in prop::sample::select(vec![(80u16, 24u16), (120, 36), (60, 20), (200, 60)]),
    ) {
        let mut app = App::new_replay(drone_line_record(2), "drone.ron", None, true, theme()).unwrap();
        let mut term = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        app.update(Msg::Resize(size.0, size.1));
        let mut saved = None;
        for c in seq {
            let (was, before) = (app.presenting(), app.board().unwrap().overlays);
            keys(&mut app, &c.to_string());
            if !was && app.presenting() {
                saved = Some(before);
            }
            if was && !app.presenting() {
                prop_assert_eq!(Some(app.board().unwrap().overlays), saved, "leaving gives back the overlays from before");
            }
            term.draw(|f| view::draw(&app, f)).unwrap();
            if app.popup().is_some() || app.mode() != Mode::Normal {
                key(&mut app, KeyCode::Esc);
            }
        }
        key(&mut app, KeyCode::Esc);
        key(&mut app, KeyCode::Esc);
        prop_assert!(!app.presenting());
    }
}

// ----- saved games and records -----

#[test]
fn the_files_list_opens_replays_reports_and_games_and_shows_damaged_files() {
    let d = temp_dir("files");
    // Two records: a finished short game and a game in progress, plus a damaged file.
    let finished = finished_game(6).session().unwrap().record_file();
    attrition::study::record::save(&d.join("finished.ron"), &finished).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let ongoing = recorded_game(2);
    attrition::study::record::save(&d.join("ongoing.ron"), &ongoing).unwrap();
    std::fs::write(d.join("broken.ron"), "(format: \"attrition-record\", version: 1, scen").unwrap();
    std::fs::write(d.join("notes.txt"), "not a record").unwrap();

    let mut app = App::new_start(theme());
    app.set_saves(Some(d.clone()), false);
    keys(&mut app, "f");
    assert_eq!(app.screen(), ScreenKind::Files);
    let v = app.files().unwrap();
    let names: Vec<&str> = v.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names.len(), 3, "only .ron files: {names:?}");
    assert_eq!(names, ["broken.ron", "ongoing.ron", "finished.ron"], "newest first");
    assert!(v.entries.iter().find(|e| e.name == "broken.ron").unwrap().info.is_err());
    let text = screen_text(&render(&mut app, 100, 30));
    assert!(text.contains("ongoing.ron") && text.contains("does not load"), "{text}");

    // Enter: the replay viewer; Esc comes back to the list.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert!(app.is_replay());
    assert_eq!(app.session().unwrap().replay_days(), 2);
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), ScreenKind::Files);
    assert!(app.session().is_none());

    // A: the report of the chosen file; Esc to its viewer, Esc to the list.
    let at = app.files().unwrap().entries.iter().position(|e| e.name == "finished.ron").unwrap();
    key(&mut app, KeyCode::Home);
    for _ in 0..at {
        key(&mut app, KeyCode::Down);
    }
    keys(&mut app, "A");
    assert_eq!(app.screen(), ScreenKind::AfterAction);
    assert_eq!(app.aar().unwrap().report, attrition::study::report::from_record(&finished, None).unwrap());
    key(&mut app, KeyCode::Esc);
    assert!(app.is_replay());
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.screen(), ScreenKind::Files);

    // A damaged file cannot be opened, and says why.
    let broken = app.files().unwrap().entries.iter().position(|e| e.name == "broken.ron").unwrap();
    key(&mut app, KeyCode::Home);
    for _ in 0..broken {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenKind::Files);
    assert!(app.ui.message.as_ref().is_some_and(|m| m.error && m.text.contains("broken.ron")), "{:?}", app.ui.message);

    // c: play on from the game in progress, as its player.
    key(&mut app, KeyCode::Home);
    key(&mut app, KeyCode::Down);
    keys(&mut app, "c");
    assert_eq!(app.screen(), ScreenKind::Play);
    assert!(!app.is_replay() && !app.stack().contains(&ScreenKind::Files));
    assert_eq!(app.game().unwrap().day(), 2);
    assert_eq!(app.game().unwrap().state_hash(), play::replay(&ongoing).unwrap().state_hash());
    std::fs::remove_dir_all(d).ok();
}

#[test]
fn without_a_saves_folder_the_files_list_says_so() {
    let mut app = App::new_start(theme());
    app.set_saves(None, false);
    keys(&mut app, "f");
    assert_eq!(app.screen(), ScreenKind::Start);
    assert!(app.ui.message.as_ref().is_some_and(|m| m.error && m.text.contains("No saves folder")));
}

// ----- keys reach only the screen shown -----

fn press_mod(app: &mut App, code: KeyCode, m: KeyModifiers) {
    app.update(Msg::Key(KeyEvent::new(code, m)));
}

#[test]
fn shift_tab_goes_back_on_the_map_the_start_screen_and_the_what_if_form() {
    // crossterm delivers Shift-Tab as BackTab with SHIFT held.
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    key(&mut app, KeyCode::Tab);
    let first = app.board().unwrap().selected;
    key(&mut app, KeyCode::Tab);
    assert_ne!(app.board().unwrap().selected, first);
    press_mod(&mut app, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(app.board().unwrap().selected, first, "Shift-Tab selects the previous unit");

    let mut start = App::new_start(theme());
    let before = start.start().unwrap().field;
    press_mod(&mut start, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_ne!(start.start().unwrap().field, before, "Shift-Tab moves to the previous field");
    key(&mut start, KeyCode::Tab);
    assert_eq!(start.start().unwrap().field, before);

    keys(&mut start, "w");
    let field = start.whatif().unwrap().field;
    press_mod(&mut start, KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_ne!(start.whatif().unwrap().field, field);
    key(&mut start, KeyCode::Tab);
    assert_eq!(start.whatif().unwrap().field, field);
}

#[test]
fn q_on_the_start_screen_asks_on_screen_and_enter_does_not_quit() {
    let mut app = App::new_start(theme());
    keys(&mut app, "q");
    assert_eq!(app.popup(), Some(Popup::ConfirmQuit));
    let text = screen_text(&render(&mut app, 80, 24));
    assert!(text.contains("Quit attrition?") && text.contains("Quit now?"), "the question is drawn:\n{text}");
    // Enter, meant to start the game, neither quits nor starts it: it closes the question.
    key(&mut app, KeyCode::Enter);
    assert!(!app.quit);
    assert_eq!(app.popup(), None);
    assert_eq!(app.screen(), ScreenKind::Start);
    // Now Enter starts the game, and q then y quits.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), ScreenKind::Play);
    keys(&mut app, "qy");
    assert!(app.quit);
}

#[test]
fn the_too_small_screen_swallows_keys_but_lets_the_player_quit() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    key(&mut app, KeyCode::Tab);
    let before = (app.board().unwrap().cursor, app.board().unwrap().selected, app.board().unwrap().overlays);
    app.update(Msg::Resize(60, 20));
    // None of these reach the hidden map: no end of day, no overlay, no order, no help.
    for c in ['e', 'y', '1', 'd', 'v', 'l', 'z', '?', 'T'] {
        keys(&mut app, &c.to_string());
    }
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.popup(), None);
    assert_eq!(app.game().unwrap().day(), 0);
    assert_eq!(app.mode(), Mode::Normal);
    assert!(app.session().unwrap().orders().is_empty());
    assert_eq!((app.board().unwrap().cursor, app.board().unwrap().selected, app.board().unwrap().overlays), before);
    // A click lands nowhere either.
    let click = crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: 10,
        row: 5,
        modifiers: KeyModifiers::NONE,
    };
    app.update(Msg::Mouse(click));
    assert_eq!(app.board().unwrap().cursor, before.0);
    // q asks, on the small screen itself; n stays, q y quits.
    keys(&mut app, "q");
    let text = screen_text(&render(&mut app, 60, 20));
    assert!(text.contains("Quit attrition? y quits"), "{text}");
    keys(&mut app, "n");
    assert!(!app.quit && app.popup().is_none());
    keys(&mut app, "qy");
    assert!(app.quit);
}

// ----- snapshots of the screens that had none -----

#[test]
fn the_event_log() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    play_day(&mut app);
    keys(&mut app, "v");
    assert_eq!(app.mode(), Mode::Log);
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    assert!(text.contains("Log: all kinds, both sides"), "{text}");
    insta::assert_snapshot!("log", t.backend());
    // The kind filter narrows it to one phase.
    keys(&mut app, "tt");
    let t = render(&mut app, 100, 30);
    assert!(screen_text(&t).contains("Log: reconnaissance"), "{}", screen_text(&t));
    insta::assert_snapshot!("log_recon", t.backend());
}

#[test]
fn the_resolution_phase_by_phase() {
    let mut app = game(Side::Ru);
    app.update(Msg::Resize(100, 30));
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "d");
    keys(&mut app, "ey");
    assert_eq!(app.mode(), Mode::Resolution);
    let n = app.session().unwrap().resolution.as_ref().unwrap().phases.len();
    assert!(n >= 4, "day 1 has several phases seen by Russia: {n}");
    for at in 0..n {
        assert_eq!(app.session().unwrap().resolution.as_ref().unwrap().at, at);
        let t = render(&mut app, 100, 30);
        let text = screen_text(&t);
        assert!(text.contains(&format!("phase {}/{n}", at + 1)), "{text}");
        insta::assert_snapshot!(format!("resolution_phase_{}", at + 1), t.backend());
        key(&mut app, KeyCode::Enter);
    }
    assert_eq!(app.mode(), Mode::Report, "after the last phase, the day report");
}

#[test]
fn the_files_list() {
    // The folder's path differs from machine to machine, and the list is as wide as its
    // longest path: pad the folder's name so the whole path has the same length everywhere.
    let tmp = env!("CARGO_TARGET_TMPDIR");
    let dir =
        std::path::PathBuf::from(tmp).join(format!("files-list-{}", "x".repeat(60usize.saturating_sub(tmp.len()))));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    attrition::study::record::save(&dir.join("older.ron"), &recorded_game(1)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    attrition::study::record::save(&dir.join("pokrovsk-toretsk.ron"), &recorded_game(2)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(dir.join("broken.ron"), "(format: \"attrition-record\", version: 1, scen").unwrap();
    let mut app = App::new_start(theme());
    app.set_saves(Some(dir.clone()), false);
    keys(&mut app, "f");
    key(&mut app, KeyCode::Down);
    let t = render(&mut app, 120, 24);
    // The folder's path differs from machine to machine (and worktree to worktree): where it
    // was, the padding after it is cut to one character, so its length does not show.
    let text: String = screen_text(&t)
        .lines()
        .map(|l| match l.find(&dir.display().to_string()) {
            None => format!("{l}\n"),
            Some(_) => {
                let l = l.replace(&dir.display().to_string(), "<saves>");
                let last = l.chars().last().unwrap_or(' ');
                let body = l.trim_end_matches(last).trim_end_matches(['─', ' ']);
                let pad = if l.starts_with('┌') { " ─" } else { " " };
                format!("{body}{pad}{last}\n")
            }
        })
        .collect();
    assert!(text.contains("pokrovsk-toretsk.ron") && text.contains("does not load"), "{text}");
    insta::assert_snapshot!("files", text);
    std::fs::remove_dir_all(&dir).ok();
}

// ----- styles where colour carries meaning -----

/// The map's part of the screen with its styles (ratatui's own listing of style runs).
fn map_with_styles(app: &mut App, w: u16, h: u16) -> ratatui::buffer::Buffer {
    let t = render(app, w, h);
    let m = app.board().unwrap().layout().map;
    let full = t.backend().buffer();
    let mut out = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, m.width, m.height));
    for y in 0..m.height {
        for x in 0..m.width {
            out[(x, y)] = full[(m.x + x, m.y + y)].clone();
        }
    }
    out
}

/// A Russian view of the front, with Ukrainian units detected nearby.
fn russian_front() -> App {
    let mut app = game(Side::Ru);
    app.update(Msg::Resize(80, 24));
    for _ in 0..4 {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Esc); // the selection off: only sides and enemy marks are styled
    app
}

#[test]
fn enemy_units_are_underlined_and_own_units_are_not() {
    let mut app = russian_front();
    let buf = map_with_styles(&mut app, 80, 24);
    let (mut own, mut enemy) = (0, 0);
    for c in buf.content.iter() {
        let Some(ch) = c.symbol().chars().next() else { continue };
        // Unit glyphs are letters; towns' names are drawn over plain ground and are not units.
        let underlined = c.modifier.contains(ratatui::style::Modifier::UNDERLINED);
        let side_fg = c.fg == theme().side[0].fg.unwrap() || c.fg == theme().side[1].fg.unwrap();
        if !ch.is_ascii_alphabetic() || !side_fg {
            continue;
        }
        if ch.is_ascii_uppercase() {
            enemy += 1;
            assert!(underlined, "a Ukrainian (enemy) unit {ch:?} is underlined");
        } else {
            own += 1;
            assert!(!underlined, "a Russian (own) unit {ch:?} is not underlined");
        }
    }
    assert!(own > 0 && enemy > 0, "the view shows both: {own} own, {enemy} enemy");
    insta::assert_debug_snapshot!("map_styles_standard", buf);
}

#[test]
fn each_theme_draws_the_sides_its_own_way() {
    for (name, palette, depth) in [
        ("colourblind", Palette::ColourBlind, ColorDepth::TrueColor),
        ("ansi16", Palette::Standard, ColorDepth::Ansi16),
        ("mono", Palette::Mono, ColorDepth::None),
    ] {
        let mut app = russian_front();
        app.ui.theme = Theme::new(palette, depth);
        let buf = map_with_styles(&mut app, 80, 24);
        if palette == Palette::Mono {
            // No colour at all: the sides are told by case and the enemy by its underline.
            assert!(buf.content.iter().all(|c| c.fg == ratatui::style::Color::Reset));
            assert!(buf.content.iter().any(|c| c.modifier.contains(ratatui::style::Modifier::UNDERLINED)));
        }
        insta::assert_debug_snapshot!(format!("map_styles_{name}"), buf);
    }
}

/// Issue 15, finding 1: every game keeps a file of its own; a file changed behind a game's back
/// is kept as a backup; the start screen lists every saved game; deleting one asks first.
#[test]
fn each_game_its_own_save_and_deleting_asks_first() {
    let d = temp_dir("own-saves");
    let l = Launch::new("pokrovsk-toretsk", Side::Ua, false, 4);
    let mut first = App::new_game(&l, theme()).unwrap();
    first.set_saves(Some(d.clone()), true);
    first.update(Msg::Resize(100, 30));
    play_day(&mut first);
    play_day(&mut first);
    let own = first.session().unwrap().save.path().expect("saved").to_path_buf();
    let first_text = std::fs::read(&own).unwrap();
    // A second game of the same scenario, same seed, started in the same second.
    let mut second = App::new_game(&l, theme()).unwrap();
    second.set_saves(Some(d.clone()), true);
    second.update(Msg::Resize(100, 30));
    play_day(&mut second);
    let other = second.session().unwrap().save.path().unwrap().to_path_buf();
    assert_ne!(own, other);
    assert_eq!(std::fs::read(&own).unwrap(), first_text, "the first game's save is untouched");

    // Something else writes the first game's file: it is kept as a backup, not overwritten.
    std::fs::write(&own, "edited by hand").unwrap();
    keys(&mut first, "ey");
    let m = first.ui.message.clone().unwrap();
    assert!(m.error && m.text.contains("kept as"), "{m:?}");
    keys(&mut first, "s");
    key(&mut first, KeyCode::Enter);
    let backup = file_ending(&d, "-backup-1.ron");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), "edited by hand");
    assert_eq!(attrition::study::record::load(&own).unwrap().days.len(), 3);

    // The start screen lists both games with day and side; ←→ chooses.
    let mut start = App::new_start(theme());
    start.set_saves(Some(d.clone()), true);
    let days: Vec<u32> = start.start().unwrap().games.iter().map(|g| g.days).collect();
    assert_eq!(days, [3, 1], "newest first, backups not offered");
    let text = screen_text(&render(&mut start, 80, 24));
    assert!(text.contains("Saved games (2)") && text.contains("after day 3") && text.contains("after day 1"), "{text}");
    assert!(text.contains("Ukraine [UA] vs baseline AI"), "{text}");
    key(&mut start, KeyCode::Right);
    key(&mut start, KeyCode::Enter);
    assert_eq!(start.game().unwrap().day(), 1);
    // The resumed game goes on in its own file.
    play_day(&mut start);
    assert_eq!(start.session().unwrap().save.path(), Some(other.as_path()));
    assert_eq!(attrition::study::record::load(&other).unwrap().days.len(), 2);

    // Deleting: D asks, n keeps it, D then y deletes it.
    let mut app = App::new_start(theme());
    app.set_saves(Some(d.clone()), true);
    keys(&mut app, "f");
    let name = app.files().unwrap().chosen().unwrap().name.clone();
    keys(&mut app, "D");
    assert!(screen_text(&render(&mut app, 100, 30)).contains(&format!("Delete {name}?")));
    keys(&mut app, "n");
    assert!(d.join(&name).exists());
    keys(&mut app, "D");
    keys(&mut app, "y");
    assert!(!d.join(&name).exists());
    assert!(app.ui.message.as_ref().is_some_and(|m| m.text.contains("Deleted")));
    assert_eq!(app.files().unwrap().entries.len(), 2);
    std::fs::remove_dir_all(d).ok();
}

// ----- the day played out on the map -----

/// A Russian game at 100×30 with day 1 resolved and its phases on screen.
fn russia_after_day_one() -> App {
    let mut app = game(Side::Ru);
    app.update(Msg::Resize(100, 30));
    key(&mut app, KeyCode::Tab);
    keys(&mut app, "d");
    keys(&mut app, "ey");
    assert_eq!(app.mode(), Mode::Resolution);
    app
}

/// The computer against itself on the drone-line scenario, day 1 shown from both sides.
fn replay_day_one() -> App {
    let mut app = App::new_replay(drone_line_record(1), "drone.ron", None, true, theme()).unwrap();
    app.update(Msg::Resize(100, 30));
    keys(&mut app, "]");
    app
}

#[test]
fn each_phase_shows_the_units_where_they_stood_after_it() {
    use attrition::sim::events::{Event, Phase};
    let app = replay_day_one();
    let s = app.session().unwrap();
    let r = s.resolution.as_ref().unwrap();
    assert_eq!(r.frames.len(), r.phases.len(), "a map for every phase shown");
    let map = s.game().map();
    // An own unit that moved today: in its old cell before the movement phase, in its new one
    // from then on (unless another unit of ours stands in the old one).
    let moves: Vec<_> = r
        .phases
        .iter()
        .flat_map(|(_, v)| v)
        .filter_map(|i| match &s.events()[*i].1 {
            Event::Moved { unit, from, to, .. } if s.names.side(*unit) == Some(Side::Ru) => Some((*unit, *from, *to)),
            _ => None,
        })
        .collect();
    // One whose cells no other move of ours left or entered, so the counts tell its move alone.
    let alone = |&&(u, f, t): &&(_, _, _)| {
        moves.iter().all(|&(o, of, ot)| o == u || (of != f && of != t && ot != f && ot != t))
    };
    let (unit, from, to) = *moves.iter().find(alone).expect("a Russian unit moves on day 1");
    let movement = r.phases.iter().position(|(p, _)| *p == Phase::Movement).unwrap();
    let before = &r.frames[movement - 1];
    let after = &r.frames[movement];
    assert!(before.cells[map.idx(from)].own > after.cells[map.idx(from)].own, "{unit:?} left {from}");
    assert!(after.cells[map.idx(to)].own > before.cells[map.idx(to)].own, "{unit:?} reached {to}");
    assert!(after.trails.contains(&from), "where it came from is marked");
    // The last phase's map is the day's end: the units as they stand now.
    let last = r.frames.last().unwrap();
    for (i, cu) in s.picture.cells.iter().enumerate() {
        assert_eq!((cu.own, cu.enemy), (last.cells[i].own, last.cells[i].enemy), "cell {i}");
    }
    assert_eq!(last.control, s.game().control(), "the ground as it is held now");
    // Strikes are marked in the drone phase, and the map is drawn from the phase's frame.
    let drones = r.phases.iter().position(|(p, _)| *p == Phase::Drones).unwrap();
    assert!(!r.frames[drones].struck.is_empty());
}

#[test]
fn captured_ground_turns_in_the_phase_it_was_taken() {
    use attrition::sim::events::Event;
    let app = replay_day_one();
    let s = app.session().unwrap();
    let r = s.resolution.as_ref().unwrap();
    let map = s.game().map();
    let (k, cell, side) = r
        .phases
        .iter()
        .enumerate()
        .find_map(|(k, (_, v))| {
            v.iter().find_map(|i| match &s.events()[*i].1 {
                Event::CellCaptured { side, cell, .. } => Some((k, *cell, *side)),
                _ => None,
            })
        })
        .expect("ground changes hands on day 1");
    assert_eq!(r.frames[k].control[map.idx(cell)], side, "held by the taker after the phase");
    assert_eq!(r.frames[k - 1].control[map.idx(cell)], side.other(), "and by the other side before it");
    assert!(r.frames[k].taken.contains(&(cell, side)));
}

#[test]
fn the_viewers_own_events_come_first_and_every_one_is_reachable() {
    use attrition::ui::event_words::actor;
    let mut app = russia_after_day_one();
    let s = app.session().unwrap();
    let r = s.resolution.as_ref().unwrap();
    for (_, v) in &r.phases {
        let sides: Vec<Option<Side>> = v.iter().map(|i| actor(&s.events()[*i].1, &s.names)).collect();
        let first_other = sides.iter().position(|a| *a != Some(Side::Ru)).unwrap_or(sides.len());
        assert!(sides[first_other..].iter().all(|a| *a != Some(Side::Ru)), "own events first: {sides:?}");
    }
    // The drone phase has more events than the panel has rows: scrolling reaches its last.
    let drones = r.phases.iter().position(|(p, _)| *p == attrition::sim::events::Phase::Drones).unwrap();
    let last = *r.phases[drones].1.last().unwrap();
    let last_text = s.event_text(last);
    for _ in 0..drones {
        key(&mut app, KeyCode::Enter);
    }
    let text = screen_text(&render(&mut app, 100, 30));
    assert!(!text.contains("and") || !text.contains("more: the log"), "no events are left out:\n{text}");
    for _ in 0..200 {
        key(&mut app, KeyCode::PageDown);
    }
    let text: String = screen_text(&render(&mut app, 100, 30)).lines().collect::<Vec<_>>().join(" ");
    let tail: String = last_text.split_whitespace().rev().take(3).collect::<Vec<_>>().join(" ");
    let shown: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for w in tail.split(' ') {
        assert!(shown.contains(w), "the phase's last event is reached ({w}):\n{text}");
    }
}

#[test]
fn autoplay_steps_the_phases_and_stops_on_the_last() {
    use std::time::Duration;
    let mut app = russia_after_day_one();
    let n = app.session().unwrap().resolution.as_ref().unwrap().phases.len();
    keys(&mut app, "a");
    assert!(app.busy(), "the run loop ticks while autoplay runs");
    // A second a phase by default: half a second is not enough, a whole one is.
    app.update(Msg::Tick(Duration::from_millis(500)));
    assert_eq!(app.session().unwrap().resolution.as_ref().unwrap().at, 0);
    app.update(Msg::Tick(Duration::from_millis(500)));
    assert_eq!(app.session().unwrap().resolution.as_ref().unwrap().at, 1);
    // Faster: a phase every half second.
    keys(&mut app, "+");
    app.update(Msg::Tick(Duration::from_millis(500)));
    assert_eq!(app.session().unwrap().resolution.as_ref().unwrap().at, 2);
    // Paused, time passes and nothing moves.
    keys(&mut app, "a");
    app.update(Msg::Tick(Duration::from_secs(5)));
    assert_eq!(app.session().unwrap().resolution.as_ref().unwrap().at, 2);
    keys(&mut app, "a");
    for _ in 0..3 * n {
        app.update(Msg::Tick(Duration::from_secs(1)));
    }
    let r = app.session().unwrap().resolution.as_ref().unwrap();
    assert_eq!(r.at + 1, n, "it stops on the day's last phase");
    assert!(!app.busy());
    assert_eq!(app.mode(), Mode::Resolution, "the report waits for the player");
}

#[test]
fn autoplay_in_the_replay_viewer_runs_across_days_to_the_end() {
    use std::time::Duration;
    let mut app = App::new_replay(recorded_game(2), "game.ron", None, true, theme()).unwrap();
    app.update(Msg::Resize(100, 30));
    keys(&mut app, "a");
    for _ in 0..60 {
        app.update(Msg::Tick(Duration::from_secs(1)));
    }
    assert_eq!(app.game().unwrap().day(), 2, "to the record's last day");
    assert!(!app.busy(), "and it stops there");
    // Presenter mode autoplays the same way.
    key(&mut app, KeyCode::Home);
    keys(&mut app, "pa");
    assert!(app.presenting() && app.busy());
    for _ in 0..60 {
        app.update(Msg::Tick(Duration::from_secs(1)));
    }
    assert_eq!(app.game().unwrap().day(), 2);
}

// ----- a log you can follow -----

#[test]
fn the_log_wraps_at_80_columns() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(80, 24));
    play_day(&mut app);
    keys(&mut app, "v");
    // Back to the drone strikes: the longest lines.
    keys(&mut app, "t");
    keys(&mut app, "t");
    keys(&mut app, "t");
    let t = render(&mut app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("Log: drone strikes") && text.contains("crowd"), "{text}");
    insta::assert_snapshot!("log_wrapped_80", t.backend());
}

#[test]
fn every_event_line_of_a_game_keeps_its_figures_at_80_columns() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(80, 24));
    for _ in 0..3 {
        play_day(&mut app);
    }
    keys(&mut app, "v");
    let n = app.board().unwrap().log_len();
    assert!(n > 100, "{n} entries");
    let entries = app.session().unwrap().log_lines(Default::default());
    for (back, i) in entries.iter().rev().enumerate() {
        app.board_mut().unwrap().log_scroll = back;
        let t = render(&mut app, 80, 24);
        let shown: String = screen_text(&t).split_whitespace().collect::<Vec<_>>().join(" ");
        let text = app.session().unwrap().event_text(*i);
        // Every figure (any word with a digit) of the entry is on the screen, whole.
        for w in text.split_whitespace().filter(|w| w.chars().any(|c| c.is_ascii_digit())) {
            assert!(shown.contains(w), "`{w}` of `{text}` is cut at 80 columns");
        }
    }
}

#[test]
fn enter_on_a_log_entry_centres_the_map_and_selects_its_unit() {
    use attrition::sim::events::Event;
    let mut app = replay_day_one();
    keys(&mut app, "v");
    // Choose an entry that moved one of our units.
    let s = app.session().unwrap();
    let entries = s.log_lines(Default::default());
    let (back, unit, to) = entries
        .iter()
        .rev()
        .enumerate()
        .find_map(|(k, i)| match &s.events()[*i].1 {
            Event::Moved { unit, to, .. } if s.own(*unit).is_some_and(|u| u.cell == Some(*to)) => Some((k, *unit, *to)),
            _ => None,
        })
        .expect("a move of ours in the log");
    for _ in 0..back {
        key(&mut app, KeyCode::Up);
    }
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Normal, "the log closes");
    let b = app.board().unwrap();
    assert_eq!((b.cursor, b.selected), (to, Some(unit)));
    let (vw, vh) = b.viewport_cells();
    assert!(b.scroll.0 <= to.x && to.x < b.scroll.0 + vw && b.scroll.1 <= to.y && to.y < b.scroll.1 + vh);
}

#[test]
fn places_are_named_by_the_nearest_town_and_empty_filters_say_so() {
    use attrition::sim::map::Cell;
    use attrition::ui::event_words::place_text;
    let app = game(Side::Ua);
    let map = app.game().unwrap().map();
    let p = map.places.iter().find(|p| p.name == "Pokrovsk").unwrap();
    assert_eq!(place_text(p.cell, map), "Pokrovsk");
    let east = Cell::new(p.cell.x + 2, p.cell.y);
    let text = place_text(east, map);
    assert!(text.ends_with(" km E of Pokrovsk") || text.contains(" of "), "{text}");
    // A filter that matches nothing says so instead of an empty box.
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    keys(&mut app, "v");
    keys(&mut app, "t");
    let text = screen_text(&render(&mut app, 100, 30));
    assert!(text.contains("No events of orders from both sides: t or s changes the filter."), "{text}");
}

// ----- per-side knowledge -----

/// Whether `text` names the unit `label` (not merely a longer label it begins: "… 12" in
/// "… 120").
fn names_unit(text: &str, label: &str) -> bool {
    text.match_indices(label).any(|(i, _)| !text[i + label.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

/// Each side's enemy units it never detected in a record's game (by label), replayed.
fn never_detected(rec: &attrition::study::record::RecordFile) -> [Vec<String>; 2] {
    let replay = Replay::of(rec).unwrap();
    let mut seen = [std::collections::BTreeSet::new(), std::collections::BTreeSet::new()];
    for s in Side::BOTH {
        seen[s.index()].extend(replay.game().detected(s).iter().copied());
    }
    let g = replay
        .run(usize::MAX, |_, rep| {
            for s in Side::BOTH {
                seen[s.index()].extend(rep.detected[s.index()].iter().copied());
            }
        })
        .unwrap();
    let names = g.names_known_to(None);
    Side::BOTH.map(|s| {
        names
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.as_ref().map(|n| (i, n)))
            .filter(|(i, n)| n.side != s && !seen[s.index()].contains(&attrition::sim::components::UnitId(*i as u32)))
            .map(|(_, n)| n.label.to_string())
            .collect()
    })
}

/// A hot-seat game, checked for each side: nothing in its log, its phase-by-phase days, its
/// day report or its after-action report, nor anything the program shows it from the saved
/// file (the replay viewer in its view, `attrition report --side`), names an enemy unit it
/// never detected. An observer's report of the same game does name some (so the check bites).
#[test]
fn a_hot_seat_game_shows_each_side_only_the_enemy_units_it_detected() {
    let l = Launch::new("pokrovsk-toretsk", Side::Ru, true, 11);
    let mut app = App::new_game_with(&l, &["turn_limit=6".to_string()], theme()).unwrap();
    app.update(Msg::Resize(120, 40));
    let mut shown: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    let log_of = |app: &App| -> Vec<String> {
        let s = app.session().unwrap();
        s.log_lines(Default::default()).into_iter().map(|i| s.event_text(i)).collect()
    };
    for _ in 0..100 {
        match app.screen() {
            ScreenKind::Handover(_) => key(&mut app, KeyCode::Enter),
            ScreenKind::Play => {
                let side = app.session().unwrap().viewer;
                let k = side.index();
                // The day's resolution, phase by phase, then the day report.
                while app.mode() == Mode::Resolution {
                    shown[k].push(screen_text(&render(&mut app, 120, 40)));
                    key(&mut app, KeyCode::Enter);
                }
                if app.mode() == Mode::Report {
                    let text = screen_text(&render(&mut app, 120, 40));
                    if app.game().unwrap().day() > 0 {
                        assert!(text.contains('~'), "the enemy's figures are marked as estimates:\n{text}");
                    }
                    shown[k].push(text);
                    key(&mut app, KeyCode::Enter);
                }
                shown[k].extend(log_of(&app));
                // Each player plans as the strong AI would, so the war moves.
                let b = app.board_mut().unwrap();
                let orders = play::computer_orders(b.session.game(), side, attrition::ai::AiLevel::Strong);
                *b.session.play.plan(side) = orders;
                keys(&mut app, "ey");
            }
            ScreenKind::Result => break,
            other => panic!("unexpected screen {other:?}"),
        }
    }
    assert!(app.game().unwrap().is_over());
    let rec = app.session().unwrap().record_file();
    let last = app.session().unwrap().viewer;
    shown[last.index()].extend(log_of(&app));
    keys(&mut app, "A");
    assert_eq!(app.screen(), ScreenKind::AfterAction);
    let aar = &app.aar().unwrap().report;
    assert_eq!(aar.viewer, Some(last));
    shown[last.index()].extend(aar.key_events.iter().map(|e| e.text.clone()));
    // From the saved file: each side's report, and the replay viewer in its view, day by day.
    let d = temp_dir("hotseat-knowledge");
    let file = d.join("hotseat.ron");
    attrition::study::record::save(&file, &rec).unwrap();
    let back = attrition::study::record::load(&file).unwrap();
    for s in Side::BOTH {
        let r = attrition::study::report::from_record(&back, Some(s)).unwrap();
        shown[s.index()].push(attrition::study::report::markdown(&r));
        let mut viewer = App::new_replay(back.clone(), "hotseat.ron", Some(s), false, theme()).unwrap();
        for _ in 0..=rec.days.len() {
            keys(&mut viewer, "]");
            shown[s.index()].extend(log_of(&viewer));
        }
        // The side's view stays the side's: `s` does not switch to the other or to both.
        keys(&mut viewer, "s");
        assert!(!viewer.session().unwrap().omniscient && viewer.session().unwrap().viewer == s);
    }
    let hidden = never_detected(&back);
    // An observer (the game is over) reads every event with every name.
    let mut watcher = App::new_replay(back.clone(), "hotseat.ron", None, false, theme()).unwrap();
    keys(&mut watcher, "s");
    while !watcher.session().unwrap().omniscient {
        keys(&mut watcher, "s");
    }
    for _ in 0..=rec.days.len() {
        keys(&mut watcher, "]");
    }
    let observer = log_of(&watcher).join("\n");
    for s in Side::BOTH {
        let never = &hidden[s.index()];
        assert!(!never.is_empty(), "{s} did not see every enemy unit");
        for text in &shown[s.index()] {
            assert!(!text.contains("unidentified"), "{s} is shown a unit it was not told of:\n{text}");
            for label in never {
                assert!(!names_unit(text, label), "{s} is shown {label}, which it never detected:\n{text}");
            }
        }
        assert!(
            never.iter().any(|l| names_unit(&observer, l)),
            "the observer's report names units {s} never saw (the check can fail)"
        );
    }
    std::fs::remove_dir_all(d).ok();
}

/// A resumed game's log is the one seen live, line for line, for each side of a hot-seat game.
#[test]
fn a_resumed_game_shows_the_log_seen_live_line_for_line() {
    let lines = |s: &attrition::ui::session::Session| -> Vec<String> {
        s.log_lines(Default::default()).into_iter().map(|i| s.event_text(i)).collect()
    };
    let l = Launch::new("pokrovsk-toretsk", Side::Ru, true, 4);
    let mut live = App::new_game_with(&l, &[], theme()).unwrap();
    live.update(Msg::Resize(120, 40));
    // What each side's log showed live once it had seen day 3.
    let mut seen: [Option<Vec<String>>; 2] = [None, None];
    for _ in 0..100 {
        if seen.iter().all(Option::is_some) {
            break;
        }
        match live.screen() {
            ScreenKind::Handover(_) => key(&mut live, KeyCode::Enter),
            _ => {
                while matches!(live.mode(), Mode::Resolution | Mode::Report) {
                    key(&mut live, KeyCode::Enter);
                }
                let s = live.session().unwrap();
                if s.game().day() == 3 {
                    seen[s.viewer.index()] = Some(lines(s));
                    if seen.iter().all(Option::is_some) {
                        break;
                    }
                }
                // On day 3 too: the other side sees it after this one ends planning, and the
                // game does not move on until both have.
                keys(&mut live, "ey");
            }
        }
    }
    let rec = live.session().unwrap().record_file();
    assert_eq!(rec.days.len(), 3);
    let mut resumed = attrition::ui::session::Session::resume(&rec).unwrap();
    for side in Side::BOTH {
        resumed.viewer = side;
        resumed.refresh();
        let live_lines = seen[side.index()].clone().expect("each side saw day 3");
        assert!(live_lines.len() > 20, "{side}: a log worth comparing");
        assert_eq!(lines(&resumed), live_lines, "{side}: the resumed log is the live one, line for line");
    }
}

// ----- managing a front -----

#[test]
fn next_idle_unit_skips_units_with_orders_and_same_kind_keeps_the_kind() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    keys(&mut app, ".");
    let first = app.board().unwrap().selected.expect("an idle unit");
    keys(&mut app, "d");
    assert!(app.session().unwrap().planned_for(first).is_some());
    let mut seen = vec![first];
    for _ in 0..5 {
        keys(&mut app, ".");
        let id = app.board().unwrap().selected.unwrap();
        let s = app.session().unwrap();
        assert!(s.planned_for(id).is_none(), "a unit with an order is not idle");
        assert!(!seen.contains(&id) || seen.len() > 1, "it moves on");
        seen.push(id);
    }
    // ; goes through the selected unit's kind only.
    let kind = app.board().unwrap().selected_unit().unwrap().kind;
    for _ in 0..4 {
        keys(&mut app, ";");
        assert_eq!(app.board().unwrap().selected_unit().unwrap().kind, kind);
    }
}

#[test]
fn the_orders_list_reviews_jumps_cancels_and_undoes() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    for _ in 0..3 {
        keys(&mut app, ".");
        keys(&mut app, "d");
    }
    assert_eq!(app.session().unwrap().orders().len(), 3);
    keys(&mut app, "o");
    assert_eq!(app.mode(), Mode::Orders(0));
    let t = render(&mut app, 100, 30);
    let text = screen_text(&t);
    assert!(text.contains("Planned orders of Ukraine [UA]: 3") && text.contains("hold and dig in"), "{text}");
    insta::assert_snapshot!("orders_list", t.backend());
    // The second order: Enter goes to its unit.
    key(&mut app, KeyCode::Down);
    let second = app.session().unwrap().orders()[1].unit();
    key(&mut app, KeyCode::Enter);
    assert_eq!((app.mode(), app.board().unwrap().selected), (Mode::Normal, Some(second)));
    // x in the list cancels the chosen one; U brings it back.
    keys(&mut app, "o");
    key(&mut app, KeyCode::Down);
    keys(&mut app, "x");
    assert_eq!(app.session().unwrap().orders().len(), 2);
    assert!(app.session().unwrap().planned_for(second).is_none());
    keys(&mut app, "U");
    assert_eq!(app.session().unwrap().orders().len(), 3);
    key(&mut app, KeyCode::Esc);
    // X asks; n keeps them; X y cancels all; Ctrl-Z undoes that too.
    keys(&mut app, "X");
    assert_eq!(app.popup(), Some(Popup::ConfirmCancelAll));
    assert!(screen_text(&render(&mut app, 100, 30)).contains("Cancel all 3 planned orders?"));
    keys(&mut app, "n");
    assert_eq!(app.session().unwrap().orders().len(), 3);
    keys(&mut app, "Xy");
    assert!(app.session().unwrap().orders().is_empty());
    assert!(app.ui.message.as_ref().unwrap().text.contains("Cancelled all 3 planned orders"));
    app.update(Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)));
    assert_eq!(app.session().unwrap().orders().len(), 3);
    // Undoing past the start of the day says so.
    for _ in 0..10 {
        keys(&mut app, "U");
    }
    assert!(app.session().unwrap().orders().is_empty());
    assert!(app.ui.message.as_ref().unwrap().text.contains("Nothing to undo"));
}

#[test]
fn units_never_hide_under_town_names() {
    for (w, h, zooms) in [(100u16, 30u16, 0), (120, 40, 1)] {
        let mut app = game(Side::Ru);
        for _ in 0..zooms {
            keys(&mut app, "z");
        }
        let t = render(&mut app, w, h);
        let b = app.board().unwrap();
        let m = b.layout().map;
        let s = b.session.picture.cells.clone();
        let buf = t.backend().buffer();
        let cpc = if b.zoom == attrition::ui::board::Zoom::Near { 2 } else { 1 };
        let map = b.game().map();
        let mut checked = 0;
        for sy in 0..m.height {
            for col in 0..m.width / cpc {
                let c = attrition::sim::map::Cell::new(b.scroll.0 + col as i16, b.scroll.1 + sy as i16);
                if !map.in_bounds(c) {
                    continue;
                }
                if let Some((side, kind)) = s[map.idx(c)].top {
                    let want = attrition::ui::view::unit_glyph(side, kind).to_string();
                    let got = buf[(m.x + col * cpc, m.y + sy)].symbol().to_string();
                    if got != "X" && got != "◆" {
                        assert_eq!(got, want, "the unit at {c} is drawn");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10);
        // A name never runs into a unit's letter ("KuchD"): after a name comes a space, a
        // shade or a sign, or the name is shortened with a dot.
        let town = theme().town.fg;
        for sy in 0..m.height {
            let mut in_name = false;
            for x in m.x..m.x + m.width {
                let c = &buf[(x, m.y + sy)];
                let letter = c.symbol().chars().all(|ch| ch.is_alphabetic());
                let named = letter && c.fg == town.unwrap();
                if in_name && !named {
                    assert!(!letter, "a name runs into `{}` at ({x},{sy}) at {w}x{h}", c.symbol());
                }
                in_name = named;
            }
        }
    }
}

#[test]
fn new_units_are_announced_with_a_jump_to_them() {
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    let mut announced = None;
    for _ in 0..20 {
        keys(&mut app, "ey");
        keys(&mut app, "s");
        key(&mut app, KeyCode::Enter);
        if let Some(m) = app.ui.message.clone().filter(|m| m.text.starts_with("New today:")) {
            announced = Some(m.text);
            break;
        }
    }
    let text = announced.expect("units form or arrive within 20 days");
    assert!(text.contains("N goes to"), "{text}");
    keys(&mut app, "N");
    let id = app.board().unwrap().selected.expect("N selects a new unit");
    let label = app.session().unwrap().names.label(id);
    assert!(text.contains(&label) || text.contains("more"), "{label} in {text}");
    assert_eq!(Some(app.board().unwrap().cursor), app.session().unwrap().own(id).and_then(|u| u.cell));
}

// ----- targeting shows its effect -----

/// Selects the viewer's first unit of `kind` (by Tab order).
fn select_kind(app: &mut App, kind: attrition::sim::rules::UnitKind) {
    for _ in 0..200 {
        key(app, KeyCode::Tab);
        if app.board().unwrap().selected_unit().is_some_and(|u| u.kind == kind && u.cell.is_some()) {
            return;
        }
    }
    panic!("no {kind:?} to select");
}

#[test]
fn drone_sectors_interdiction_and_fire_show_what_they_reach_and_cover() {
    use attrition::sim::rules::UnitKind;
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(120, 40));
    select_kind(&mut app, UnitKind::Drone);
    keys(&mut app, "s");
    let b = app.board().unwrap();
    let pv = b.active_preview().expect("a sector shows its preview").clone();
    assert!(pv.radius > 0 && pv.reach.iter().filter(|r| **r).count() > 10);
    let (cells, _, _) = b.covered().unwrap();
    assert!(cells >= 9, "the disc around the cursor: {cells}");
    let text = screen_text(&render(&mut app, 120, 40));
    assert!(text.contains("Would cover") && text.contains(&format!("radius {}", pv.radius)), "{text}");
    // The overlay keys work while choosing, and the target mode stays.
    keys(&mut app, "1");
    assert!(app.board().unwrap().overlays.coverage.is_some());
    assert!(matches!(app.mode(), Mode::Target(_)));
    // Interdiction: a smaller disc, counted in road and rail cells.
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "i");
    let r_interdict = app.board().unwrap().active_preview().unwrap().radius;
    assert!(r_interdict <= pv.radius);
    assert!(screen_text(&render(&mut app, 120, 40)).contains("road and rail cells"));
    // Out of reach, the engine refuses and the edge of the reach is drawn.
    key(&mut app, KeyCode::Esc);
    assert!(app.board().unwrap().active_preview().is_none(), "no preview outside the target mode");
    select_kind(&mut app, UnitKind::Artillery);
    keys(&mut app, "f");
    let text = screen_text(&render(&mut app, 120, 40));
    assert!(text.contains("In range") && text.contains(attrition::ui::view::map::REACH_MARK), "{text}");
}

// ----- words that match what happened -----

#[test]
fn a_won_assault_says_whether_it_took_the_cell_or_is_contested() {
    use attrition::ai::AiLevel;
    use attrition::sim::events::Event;
    let l = attrition::data::load_scenario("pokrovsk-toretsk", 5).unwrap();
    let mut m =
        attrition::study::play::Match::computers(attrition::sim::Game::new(l.setup).unwrap(), [AiLevel::Strong; 2]);
    for _ in 0..10 {
        m.step();
    }
    let mut app = App::new_replay(m.record_file("pokrovsk-toretsk", &[]), "game.ron", None, true, theme()).unwrap();
    key(&mut app, KeyCode::End);
    let s = app.session().unwrap();
    let mut contested = None;
    let mut taken = None;
    for (i, (day, e)) in s.events().iter().enumerate() {
        let Event::Assault { side, target, taken: true, .. } = e else { continue };
        let captured = s.events().iter().any(|(d, x)| {
            d == day && matches!(x, Event::CellCaptured { side: w, cell, .. } if w == side && cell == target)
        });
        let text = s.event_text(i);
        if captured {
            assert!(text.contains(&format!("TAKEN: the cell is {}'s", side.name())), "{text}");
            // …and it is: the cell changed hands that day.
            taken.get_or_insert(text);
        } else {
            assert!(text.contains("entered, contested") && !text.contains("TAKEN"), "{text}");
            contested.get_or_insert(text);
        }
    }
    let contested = contested.expect("an assault wins its fight without taking the cell in 10 days");
    assert!(contested.contains("chance to take it tonight"), "the rule's chance is given: {contested}");
    insta::assert_snapshot!("assault_contested", contested);
    if let Some(t) = taken {
        insta::assert_snapshot!("assault_taken", t);
    }
}

#[test]
fn a_day_end_contest_is_told_with_every_figure_of_its_odds() {
    use attrition::sim::events::ControlOdds;
    use attrition::ui::event_words::control_words;
    let o = ControlOdds {
        holding: 20.0,
        arrived: 5.0,
        from_neighbours: 11.0,
        terrain: 1.15,
        ground_chance: 0.73,
        coverage: 3.0,
        found: 0.8,
        denial: 0.4,
        chance: 0.44,
    };
    let t = control_words(&o);
    for figure in [
        "44%",
        "73%",
        "theirs 11",
        "ground 1.15",
        "ours 20 since daybreak",
        "5 arrived today",
        "3.0 sorties",
        "found 80%",
        "denied it 40%",
    ] {
        assert!(t.contains(figure), "`{figure}` in {t}");
    }
    let open = control_words(&ControlOdds { from_neighbours: 0.0, coverage: 0.0, chance: 1.0, ..o });
    assert!(open.contains("nobody contested it"), "{open}");
}

#[test]
fn the_odds_panel_says_when_it_rests_on_unseen_defenders() {
    let mut app = game(Side::Ru);
    app.update(Msg::Resize(100, 30));
    target_from_the_front(&mut app);
    let text = screen_text(&render(&mut app, 100, 30));
    let odds = app.board().unwrap().odds().unwrap();
    if odds.defenders.is_empty() {
        assert!(text.contains("At most: rests on unseen defenders"), "{text}");
        assert!(text.contains(&format!("0–{:.0}%", odds.success * 100.0)), "a range: {text}");
    } else {
        assert!(text.contains("ASSAULT ODDS"), "{text}");
    }
}

#[test]
fn small_words_read_right() {
    use attrition::ui::event_words::{count, signed};
    assert_eq!(count(1, "order", "orders"), "1 order");
    assert_eq!(count(3, "order", "orders"), "3 orders");
    assert_eq!(signed(-0.04), "±0.0");
    assert_eq!(signed(-0.8), "-0.8");
    assert_eq!(signed(0.5), "+0.5");
    // The replay dates a day as the game does: day 1 was played on the start date.
    let mut app = App::new_replay(recorded_game(1), "game.ron", None, true, theme()).unwrap();
    keys(&mut app, "]");
    let text = screen_text(&render(&mut app, 100, 30));
    assert!(text.contains("Day 1/1 27 May 2025"), "{text}");
    // A long message is cut at a word, never in one.
    assert_eq!(attrition::ui::view::fit_words("one two three", 9), "one two…");
}

// ----- readable without colour -----

fn mono() -> Theme {
    Theme::new(Palette::Mono, ColorDepth::None)
}

/// Every cell of a monochrome screen is without colour.
fn assert_colourless(t: &Terminal<TestBackend>) {
    use ratatui::style::Color;
    assert!(t.backend().buffer().content.iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset));
}

#[test]
fn a_monochrome_map_with_every_overlay_keeps_the_front_line_apart() {
    use attrition::ui::view::map::{MONO_COVERAGE, MONO_SUPPLY};
    let l = Launch::new("pokrovsk-toretsk", Side::Ua, false, 1);
    let mut app = App::new_game(&l, mono()).unwrap();
    app.update(Msg::Resize(120, 40));
    keys(&mut app, "11234");
    let t = render(&mut app, 120, 40);
    assert_colourless(&t);
    let text = screen_text(&t);
    // The enemy's coverage and the front line both show, each in its own pattern.
    let m = app.board().unwrap().layout().map;
    let map: String = text
        .lines()
        .skip(m.y as usize)
        .take(m.height as usize)
        .map(|l| l.chars().skip(m.x as usize).take(m.width as usize).collect::<String>())
        .collect();
    assert!(map.contains('░'), "the front line:\n{text}");
    assert!(MONO_COVERAGE[0][1..].iter().any(|c| map.contains(*c)), "Russia's drones:\n{text}");
    for c in ['▒', '▓'] {
        assert!(!map.contains(c), "no overlay draws the front line's shades:\n{text}");
    }
    insta::assert_snapshot!("mono_map_all_overlays", t.backend());
    // Supply alone has its own pattern too.
    keys(&mut app, "0");
    keys(&mut app, "2");
    let text = screen_text(&render(&mut app, 120, 40));
    assert!(MONO_SUPPLY[1..].iter().any(|c| text.contains(*c)), "weak supply:\n{text}");
}

#[test]
fn every_screen_in_monochrome() {
    let size = (100u16, 30u16);
    let shot = |app: &mut App, name: &str| {
        let t = render(app, size.0, size.1);
        assert_colourless(&t);
        insta::assert_snapshot!(format!("mono_{name}"), t.backend());
    };
    let mut start = App::new_start(mono());
    shot(&mut start, "start");
    keys(&mut start, "?");
    shot(&mut start, "help");
    key(&mut start, KeyCode::Esc);
    keys(&mut start, "q");
    shot(&mut start, "quit");
    key(&mut start, KeyCode::Esc);
    keys(&mut start, "w");
    shot(&mut start, "whatif_form");
    let l = Launch::new("pokrovsk-toretsk", Side::Ru, false, 1);
    let mut app = App::new_game(&l, mono()).unwrap();
    app.update(Msg::Resize(size.0, size.1));
    key(&mut app, KeyCode::Tab);
    shot(&mut app, "map");
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    keys(&mut app, "a");
    shot(&mut app, "odds");
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "d");
    keys(&mut app, "o");
    shot(&mut app, "orders");
    key(&mut app, KeyCode::Esc);
    keys(&mut app, "ey");
    keys(&mut app, "lll");
    shot(&mut app, "resolution");
    keys(&mut app, "s");
    shot(&mut app, "report");
    key(&mut app, KeyCode::Enter);
    keys(&mut app, "v");
    shot(&mut app, "log");
    key(&mut app, KeyCode::Esc);
    let hot = Launch::new("pokrovsk-toretsk", Side::Ru, true, 1);
    let mut hot = App::new_game(&hot, mono()).unwrap();
    shot(&mut hot, "handover");
    let tut = Launch::new("tutorial", Side::Ua, false, 1);
    let mut tut = App::new_game(&tut, mono()).unwrap();
    shot(&mut tut, "lesson");
    let mut over =
        App::new_game_with(&Launch::new("pokrovsk-toretsk", Side::Ua, false, 3), &["turn_limit=2".into()], mono())
            .unwrap();
    over.update(Msg::Resize(size.0, size.1));
    for _ in 0..2 {
        play_day(&mut over);
    }
    shot(&mut over, "result");
    keys(&mut over, "A");
    shot(&mut over, "after_action");
    let mut replay = App::new_replay(drone_line_record(1), "drone.ron", None, true, mono()).unwrap();
    keys(&mut replay, "]");
    shot(&mut replay, "replay");
    keys(&mut replay, "p");
    shot(&mut replay, "presenter");
    let mut small = App::new_game(&l, mono()).unwrap();
    let t = render(&mut small, 60, 20);
    assert_colourless(&t);
    insta::assert_snapshot!("mono_too_small", t.backend());
}

#[test]
fn the_mouse_wheel_scrolls_the_map_the_lists_and_the_help() {
    use crossterm::event::{MouseEvent, MouseEventKind};
    let wheel = |kind, column, row| Msg::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE });
    let mut app = game(Side::Ua);
    app.update(Msg::Resize(100, 30));
    let before = app.board().unwrap().scroll;
    app.update(wheel(MouseEventKind::ScrollDown, 10, 5));
    assert_ne!(app.board().unwrap().scroll, before, "the map scrolls");
    // The help.
    keys(&mut app, "?");
    app.update(wheel(MouseEventKind::ScrollDown, 50, 10));
    assert_eq!(app.help_scroll, 3);
    key(&mut app, KeyCode::Esc);
    // The saved games list.
    let dir = temp_dir("wheel");
    for k in 0..4 {
        attrition::study::record::save(&dir.join(format!("g{k}.ron")), &recorded_game(1)).unwrap();
    }
    let mut start = App::new_start(theme());
    start.set_saves(Some(dir.clone()), false);
    keys(&mut start, "f");
    start.update(wheel(MouseEventKind::ScrollDown, 10, 5));
    assert_eq!(start.files().unwrap().at, 3);
    start.update(wheel(MouseEventKind::ScrollUp, 10, 5));
    assert_eq!(start.files().unwrap().at, 0);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn p_writes_svg_pictures_of_the_what_if_the_charts_and_the_presenter_view() {
    let dir = temp_dir("svg");
    let svgs = |d: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".svg"))
            .collect();
        v.sort();
        v
    };
    // The presenter view: the slide as it is drawn.
    let mut app = App::new_replay(drone_line_record(1), "drone.ron", None, true, theme()).unwrap();
    app.update(Msg::Resize(100, 30));
    app.set_saves(Some(dir.clone()), false);
    keys(&mut app, "]pP");
    attrition::ui::write_picture(&mut app);
    let shot = dir.join("presenter-pokrovsk-drone-line-day1-orders.svg");
    let text = std::fs::read_to_string(&shot).unwrap_or_else(|_| panic!("{:?} {:?}", svgs(&dir), app.ui.message));
    assert!(text.starts_with("<?xml") && text.contains("<svg") && text.contains("PRESENTER"), "{}", &text[..200]);
    // The day report's charts: refused while a game goes on, written once it is over.
    let mut game = game(Side::Ua);
    game.set_saves(Some(dir.clone()), false);
    play_day(&mut game);
    keys(&mut game, "R");
    keys(&mut game, "P");
    assert!(game.ui.message.as_ref().is_some_and(|m| m.error && m.text.contains("once the game is over")));
    let mut over = finished_game(2);
    over.set_saves(Some(dir.clone()), false);
    keys(&mut over, "A");
    let before = svgs(&dir).len();
    keys(&mut over, "P");
    assert!(svgs(&dir).len() > before, "the report's charts: {:?}", over.ui.message);
    // The what-if results.
    let mut w = App::new_start(theme());
    w.set_saves(Some(dir.clone()), false);
    keys(&mut w, "w");
    keys(&mut w, "P");
    assert!(w.ui.message.as_ref().is_some_and(|m| m.error), "no results yet");
    std::fs::remove_dir_all(&dir).ok();
}

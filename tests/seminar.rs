//! A seminar without the network: clients joined to the seminar directly, their frames read
//! by a terminal emulator, checked against the engine's truth. What each role could and
//! could not see, and that the server takes orders only for a client's own side.

use attrition::ai::AiLevel;
use attrition::serve::roles::Role;
use attrition::serve::seminar::{Out, Refusal, Seminar, Setup};
use attrition::sim::map::Side;
use attrition::study::play::computer_orders;
use tokio::sync::mpsc;

const COLS: u16 = 160;
const ROWS: u16 = 50;

struct Client {
    id: u64,
    rx: mpsc::Receiver<Out>,
    screen: vt100::Parser,
}

impl Client {
    fn join(s: &mut Seminar, id: u64, role: Role) -> Client {
        let (tx, rx) = mpsc::channel(1024);
        s.join(id, role, (COLS, ROWS), "xterm-256color", tx).expect("joins");
        let screen =
            vt100::Parser::new(std::num::NonZeroU16::new(ROWS).unwrap(), std::num::NonZeroU16::new(COLS).unwrap(), 0);
        let mut c = Client { id, rx, screen };
        c.text();
        c
    }

    fn text(&mut self) -> String {
        while let Ok(o) = self.rx.try_recv() {
            if let Out::Frame(f) = o {
                self.screen.process(&f.bytes);
            }
        }
        self.screen.screen().contents()
    }

    fn keys(&mut self, s: &mut Seminar, bytes: &[u8]) -> String {
        for b in bytes {
            s.input(self.id, &[*b]);
        }
        self.text()
    }
}

fn seminar(tag: &str) -> (Seminar, std::path::PathBuf) {
    let d = std::env::temp_dir().join(format!("attrition-seminar-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    let path = d.join("seminar.ron");
    let s = Seminar::new(Setup {
        scenario: attrition::data::DEFAULT_SCENARIO.into(),
        seed: 5,
        settings: Vec::new(),
        record: path.clone(),
        seats: Vec::new(),
    })
    .unwrap();
    (s, path)
}

/// The labels of `side`'s units that `viewer` never identified (the truth it must not see).
fn unknown_labels(s: &Seminar, side: Side, viewer: Option<Side>) -> Vec<String> {
    let g = s.game();
    let known = g.names_known_to(viewer);
    let all = g.names_known_to(None);
    all.iter()
        .zip(&known)
        .filter_map(|(n, k)| match (n, k) {
            (Some(n), None) if n.side == side => Some(n.label.to_string()),
            _ => None,
        })
        .collect()
}

/// Whether `label` stands in `text` as a whole name (not inside a longer one).
fn names(text: &str, label: &str) -> bool {
    text.match_indices(label).any(|(i, _)| {
        let after = text[i + label.len()..].chars().next();
        !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Every map cell drawn on `c`'s screen with a glyph of `side`'s units in its colour.
fn unit_cells_shown(s: &Seminar, c: &Client, side: Side) -> Vec<attrition::sim::map::Cell> {
    let app = s.app(c.id).unwrap();
    let board = app.board().expect("the map is shown");
    let colour = match app.ui.theme.side_style(side).fg {
        Some(ratatui::style::Color::Indexed(i)) => vt100::Color::Idx(i),
        Some(ratatui::style::Color::Rgb(r, g, b)) => vt100::Color::Rgb(r, g, b),
        // Named colours go out as their 256-colour index.
        Some(ratatui::style::Color::LightRed) => vt100::Color::Idx(9),
        Some(ratatui::style::Color::LightBlue) => vt100::Color::Idx(12),
        Some(ratatui::style::Color::Yellow) => vt100::Color::Idx(3),
        Some(ratatui::style::Color::LightCyan) => vt100::Color::Idx(14),
        other => panic!("unexpected colour {other:?}"),
    };
    let glyphs: Vec<char> =
        "aptmdegrhq".chars().map(|g| if side == Side::Ru { g } else { g.to_ascii_uppercase() }).collect();
    let mut out = Vec::new();
    let screen = c.screen.screen();
    for y in 0..ROWS {
        for x in 0..COLS {
            let Some(cell) = screen.cell(y, x) else { continue };
            let ch = cell.contents().chars().next().unwrap_or(' ');
            if glyphs.contains(&ch) && cell.fgcolor() == colour {
                if let Some(m) = board.cell_at_screen(x, y) {
                    out.push(m);
                }
            }
        }
    }
    out
}

#[test]
fn each_role_sees_only_what_it_may_and_orders_only_its_side() {
    let (mut s, path) = seminar("fog");
    let mut ru = Client::join(&mut s, 1, Role::Ru);
    let mut ua = Client::join(&mut s, 2, Role::Ua);
    let mut white = Client::join(&mut s, 3, Role::White);
    let mut obs = Client::join(&mut s, 4, Role::Observer);
    assert!(ru.text().contains("Russia [RU] planning"));
    assert!(ua.text().contains("Ukraine [UA] planning"));

    // The server takes a side's orders only from that side's clients.
    let ua_orders = computer_orders(s.game(), Side::Ua, AiLevel::Baseline);
    assert!(!ua_orders.is_empty());
    assert!(matches!(s.submit(ru.id, &ua_orders), Err(Refusal::NotYours(..))), "ru cannot give Ukrainian orders");
    assert!(matches!(s.submit(white.id, &ua_orders), Err(Refusal::NotASide("white"))));
    assert!(matches!(s.submit(obs.id, &ua_orders), Err(Refusal::NotASide("observer"))));
    assert!(s.planned(Side::Ua).is_empty());
    // Nor can anything a ru client types reach Ukraine's plan: every key of the keyboard,
    // escape sequences and noise.
    // (Without q and Ctrl-C, which would end its connection.)
    let noise: Vec<u8> = (0..4000u32)
        .map(|k| (k.wrapping_mul(2_654_435_761) >> 11) as u8)
        .filter(|b| !matches!(b, b'q' | 0x03 | 0x11))
        .collect();
    for chunk in noise.chunks(7) {
        s.input(ru.id, chunk);
    }
    s.input(ru.id, b"\x1b\x1b\x1b");
    assert!(s.app(ru.id).is_some(), "the client is still connected");
    assert!(s.planned(Side::Ua).is_empty(), "a Russian client never plans for Ukraine");
    assert!(s.planned(Side::Ru).iter().all(|o| s.game().unit_side(o.unit()) == Some(Side::Ru)));
    s.submit(ua.id, &ua_orders).unwrap();
    assert_eq!(s.planned(Side::Ua), ua_orders.as_slice());

    for day in 1..=4u32 {
        let ru_orders = computer_orders(s.game(), Side::Ru, AiLevel::Strong);
        let ua_orders = computer_orders(s.game(), Side::Ua, AiLevel::Strong);
        s.submit(ru.id, &ru_orders).unwrap();
        s.submit(ua.id, &ua_orders).unwrap();
        s.resolve();
        assert_eq!(s.game().day(), day);
        for c in [&mut ru, &mut ua, &mut white, &mut obs] {
            assert!(c.text().contains(&format!("Day {day} resolved")), "every role is shown the day");
            let mut seen = String::new();
            // Every phase of the day, then the report, then the map.
            for _ in 0..12 {
                seen.push_str(&c.keys(&mut s, b"\r"));
            }
            seen.push_str(&c.keys(&mut s, b"v"));
            seen.push_str(&c.keys(&mut s, b"\x1b"));
            let viewer = match c.id {
                1 => Some(Side::Ru),
                2 => Some(Side::Ua),
                _ => None,
            };
            match c.id {
                1 | 2 => {
                    let side = viewer.unwrap();
                    for l in unknown_labels(&s, side.other(), viewer) {
                        assert!(!names(&seen, &l), "day {day}: {} saw {l}, never detected", side.name());
                    }
                    let view = s.game().view(side);
                    for cell in unit_cells_shown(&s, c, side.other()) {
                        assert!(
                            view.enemy.iter().any(|u| u.cell == Some(cell)),
                            "day {day}: {} is shown an enemy unit at {cell:?} it did not detect",
                            side.name()
                        );
                    }
                }
                3 => {
                    // The white cell sees both sides' units.
                    assert!(!unit_cells_shown(&s, c, Side::Ru).is_empty());
                    assert!(!unit_cells_shown(&s, c, Side::Ua).is_empty());
                }
                _ => {
                    // Observers: no unit of either side, no unit's name.
                    assert!(unit_cells_shown(&s, c, Side::Ru).is_empty(), "day {day}: an observer saw a Russian unit");
                    assert!(
                        unit_cells_shown(&s, c, Side::Ua).is_empty(),
                        "day {day}: an observer saw a Ukrainian unit"
                    );
                    for side in Side::BOTH {
                        for l in unknown_labels(&s, side, Some(side.other())) {
                            assert!(!names(&seen, &l), "day {day}: an observer saw {l}");
                        }
                    }
                    assert!(seen.contains("held by"), "an observer sees who holds the ground");
                }
            }
        }
    }
    // Ukraine's own units are on its screen.
    assert!(!unit_cells_shown(&s, &ua, Side::Ua).is_empty());
    let rec = attrition::study::record::load(&path).unwrap();
    assert_eq!(rec.days.len(), 4);
    attrition::study::play::replay(&rec).expect("the seminar's record verifies");
}

/// `attrition replay FILE --verify`, the command line's own check.
fn verify(path: &std::path::Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attrition"))
        .args(["replay", &path.display().to_string(), "--verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_white_cell_pauses_injects_resolves_notes_and_branches() {
    let (mut s, path) = seminar("white");
    let mut ru = Client::join(&mut s, 1, Role::Ru);
    let mut ua = Client::join(&mut s, 2, Role::Ua);
    let mut white = Client::join(&mut s, 3, Role::White);
    let mut obs = Client::join(&mut s, 4, Role::Observer);
    white.keys(&mut s, b":pause\r");
    assert!(s.paused());
    assert!(ru.text().contains("PAUSED"), "every role sees the pause");
    // A note every role sees.
    white.keys(&mut s, b":note Hold the line at Toretsk\r");
    for c in [&mut ru, &mut ua, &mut obs] {
        assert!(c.text().contains("Hold the line at Toretsk"));
    }
    // The sides end their day; paused, it does not resolve.
    ru.keys(&mut s, b"ey");
    ua.keys(&mut s, b"ey");
    assert!(s.ended(Side::Ru) && s.ended(Side::Ua));
    assert_eq!(s.game().day(), 0, "a paused game does not resolve");
    // Aid cut off from the coming day: in force in the true game and in the record.
    let t = white.keys(&mut s, b":set aid=cutoff\r");
    assert!(t.contains("aid=cutoff is in force from day 1"), "{t}");
    // A change of the forces is refused with the way to do it.
    let t = white.keys(&mut s, b":set ru.drone_line=off\r");
    assert!(t.contains("branch from day 0"), "{t}");
    white.keys(&mut s, b":resolve\r");
    assert_eq!(s.game().day(), 1);
    assert_eq!(s.game().scenario().aid, attrition::sim::scenario::Aid::Cutoff);
    assert!(ua.text().contains("Day 1 resolved"));
    white.keys(&mut s, b":resolve\r");
    assert_eq!(s.game().day(), 2);
    let rec = attrition::study::record::load(&path).unwrap();
    assert_eq!(rec.injections.len(), 1);
    assert_eq!((rec.injections[0].day, rec.injections[0].setting.as_str()), (1, "aid=cutoff"));
    assert_eq!(rec.annotations.len(), 1);
    verify(&path);
    // The after-action report says who changed what, when, and which notes were written.
    let r = attrition::study::report::from_record(&rec, None).unwrap();
    let said: Vec<(u32, &str, &str)> = r.white_cell.iter().map(|w| (w.day, w.by.as_str(), w.what.as_str())).collect();
    assert_eq!(said, [(0, "note", "Hold the line at Toretsk"), (1, "white", "aid=cutoff")]);
    let white_events: Vec<_> =
        r.key_events.iter().filter(|e| e.kind == "white").map(|e| (e.day, e.text.as_str())).collect();
    assert_eq!(
        white_events,
        [(0, "note: Hold the line at Toretsk"), (1, "the white cell set aid=cutoff, in force from this day")]
    );
    let md = attrition::study::report::markdown(&r);
    assert!(
        md.contains("| 1 | white | aid=cutoff |") && md.contains("| 0 | note | Hold the line at Toretsk |"),
        "{md}"
    );
    // The same days without the change are a different game: the record says it happened.
    let mut plain = rec.clone();
    plain.injections.clear();
    assert!(attrition::study::play::replay(&plain).is_err(), "the injection is in the state hash");

    // A branch from day 1 with more aid: a new record naming its parent; the old one stays.
    let t = white.keys(&mut s, b":branch 1 aid=more\r");
    assert!(t.contains("A new game from day 1"), "{t}");
    assert_eq!(s.game().day(), 1);
    let branch = s.record_path().to_path_buf();
    assert_ne!(branch, path);
    white.keys(&mut s, b":resume\r");
    ru.keys(&mut s, b"ey");
    ua.keys(&mut s, b"ey");
    assert_eq!(s.game().day(), 2, "the branch plays on");
    assert_eq!(s.game().scenario().aid, attrition::sim::scenario::Aid::More);
    let b = attrition::study::record::load(&branch).unwrap();
    let parent = b.parent.as_ref().expect("the branch names its parent");
    assert_eq!((parent.file.as_str(), parent.day), ("seminar.ron", 1));
    assert_eq!(b.days.len(), 2);
    assert_eq!(b.days[0], rec.days[0], "the branch shares day 1");
    assert_eq!(attrition::study::record::load(&path).unwrap().days.len(), 2, "the old branch is kept");
    verify(&path);
    verify(&branch);

    // A rollback to day 1 keeps the game as it stood in a file of its own.
    white.keys(&mut s, b":rollback 1\r");
    assert_eq!(s.game().day(), 1);
    let kept: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-rollback-day2"))
        .collect();
    assert_eq!(kept.len(), 1, "the rolled-back game is kept");
    verify(&path.parent().unwrap().join(&kept[0]));
    verify(s.record_path());
}

#[test]
fn the_white_cell_makes_an_event_happen_told_to_its_side_and_the_record_verifies() {
    let (mut s, path) = seminar("event");
    let mut ru = Client::join(&mut s, 1, Role::Ru);
    let mut ua = Client::join(&mut s, 2, Role::Ua);
    let mut white = Client::join(&mut s, 3, Role::White);
    let t = white.keys(&mut s, b":help event\r");
    assert!(t.contains("CutRoad(at:"), "{t}");
    // A typo is refused with where it is, and nothing is recorded.
    let t = white.keys(&mut s, b":event Arrive(side: Ua, unit: \"drone_regimen\", at: \"Pokrovsk\")\r");
    assert!(t.contains("unknown unit type `drone_regimen`"), "{t}");
    let t = white
        .keys(&mut s, b":event Arrive(side: Ua, unit: \"drone_regiment\", at: \"Pokrovsk\", label: \"Achilles\")\r");
    assert!(t.contains("happens at the start of day 1"), "{t}");
    let t = white.keys(&mut s, b":event CutRoad(at: \"Myrnohrad\", radius: 2, days: 3)\r");
    assert!(t.contains("CutRoad"), "{t}");
    ru.keys(&mut s, b"ey");
    ua.keys(&mut s, b"ey");
    assert_eq!(s.game().day(), 1);
    let told = |s: &Seminar, id: u64| {
        let app = s.app(id).unwrap();
        let session = app.game_session().unwrap();
        let arrived = session.events().iter().any(|(_, e)| matches!(e, attrition::sim::events::Event::Arrived { .. }));
        let cut = session.events().iter().any(|(_, e)| matches!(e, attrition::sim::events::Event::RoadCut { .. }));
        (arrived, cut)
    };
    assert_eq!(told(&s, 2), (true, true), "Ukraine hears of its arrival and of the cut");
    assert_eq!(told(&s, 1), (false, true), "Russia hears of the cut only");
    assert!(!ru.text().contains("Achilles"));
    let rec = attrition::study::record::load(&path).unwrap();
    assert_eq!(rec.injections.len(), 2);
    assert!(rec.injections.iter().all(|i| i.day == 1 && i.by == "white" && i.event.is_some()));
    verify(&path);
    let r = attrition::study::report::from_record(&rec, None).unwrap();
    assert!(r.white_cell.iter().any(|w| w.day == 1 && w.what.contains("Achilles") && w.event), "{:?}", r.white_cell);
    // Observers' view, as the white cell set it, is kept over a restart of the server.
    white.keys(&mut s, b":observe ua\r");
    drop(s);
    let mut again = Seminar::resume(&path).unwrap();
    let mut obs = Client::join(&mut again, 9, Role::Observer);
    assert!(obs.text().contains("observer (Ukraine's view)"), "{}", obs.text());
}

/// The record of three days of the computer against itself (seed 2).
fn three_computer_days() -> attrition::study::record::RecordFile {
    let l = attrition::data::load_scenario(attrition::data::DEFAULT_SCENARIO, 2).unwrap();
    let mut m = attrition::study::play::Match::computers(
        attrition::sim::Game::new(l.setup).unwrap(),
        [AiLevel::Baseline, AiLevel::Baseline],
    );
    for _ in 0..3 {
        m.step();
    }
    m.record_file(attrition::data::DEFAULT_SCENARIO, &[])
}

fn standard_theme() -> attrition::ui::theme::Theme {
    attrition::ui::theme::Theme::new(attrition::ui::theme::Palette::Standard, attrition::ui::theme::ColorDepth::Ansi256)
}

#[test]
fn a_record_branches_from_any_past_day_naming_its_parent() {
    use attrition::ui::session::Session;
    use crossterm::event::{KeyCode, KeyEvent};
    let rec = three_computer_days();
    assert!(Session::branch(&rec, "game.ron", 4, &[]).is_err(), "no day after the record's last");
    assert!(Session::branch(&rec, "game.ron", 1, &["aid=nonsense".into()]).is_err(), "a bad setting, at once");
    let s = Session::branch(&rec, "game.ron", 1, &["aid=cutoff".into()]).unwrap();
    assert_eq!(s.game().day(), 1);
    let theme = standard_theme();
    let mut app = attrition::ui::App::of_session(s, theme);
    app.update(attrition::ui::Msg::Resize(120, 40));
    for k in ['e', 'y'] {
        app.update(attrition::ui::Msg::Key(KeyEvent::from(KeyCode::Char(k))));
    }
    let session = app.game_session().unwrap();
    assert_eq!(session.game().day(), 2, "fresh play after the branch day");
    assert_eq!(session.game().scenario().aid, attrition::sim::scenario::Aid::Cutoff, "the change is in force");
    let b = session.record_file();
    let parent = b.parent.clone().unwrap();
    assert_eq!((parent.file.as_str(), parent.day), ("game.ron", 1));
    assert_eq!(b.days[0], rec.days[0]);
    assert_ne!(b.days[1], rec.days[1], "day 2 was played anew");
    attrition::study::play::replay(&b).expect("the branch's record verifies");
}

/// A client that stops reading (its queue full, never drained) holds up nobody: the others
/// see every day; its frames are dropped, and once it reads again it is drawn whole.
#[test]
fn a_silent_client_never_blocks_the_others() {
    let (mut s, _) = seminar("silent");
    let mut ru = Client::join(&mut s, 1, Role::Ru);
    let mut ua = Client::join(&mut s, 2, Role::Ua);
    let mut obs = Client::join(&mut s, 3, Role::Observer);
    let mut white = Client::join(&mut s, 4, Role::White);
    // The silent one: a queue as small as the server's, never read while the days pass.
    let (tx, mut silent) = mpsc::channel(attrition::serve::seminar::OUT_QUEUE);
    s.join(9, Role::Observer, (COLS, ROWS), "xterm-256color", tx).unwrap();
    for day in 1..=3 {
        ru.keys(&mut s, b"ey");
        ua.keys(&mut s, b"ey");
        assert_eq!(s.game().day(), day);
        for c in [&mut ru, &mut ua, &mut obs] {
            assert!(c.text().contains(&format!("Day {day} resolved")), "day {day} reaches every reading client");
        }
        for _ in 0..5 {
            s.tick(std::time::Duration::from_millis(100));
        }
        // Past the resolution: the sides plan the next day; the white cell's note is
        // drawn on every screen.
        for c in [&mut ru, &mut ua] {
            c.keys(&mut s, b"s\r");
        }
        white.keys(&mut s, format!(":note day {day} is over\r").as_bytes());
        assert!(obs.text().contains(&format!("day {day} is over")));
    }
    let t = &s.traffic[&9];
    assert!(t.dropped > 0, "the silent client's frames were dropped, not waited for: {t:?}");
    assert!(t.frames as usize <= attrition::serve::seminar::OUT_QUEUE, "its queue filled and stayed full: {t:?}");
    // It reads again: the next frame is drawn whole and shows the game as it stands.
    let mut screen =
        vt100::Parser::new(std::num::NonZeroU16::new(ROWS).unwrap(), std::num::NonZeroU16::new(COLS).unwrap(), 0);
    while let Ok(o) = silent.try_recv() {
        if let Out::Frame(f) = o {
            screen.process(&f.bytes);
        }
    }
    s.tick(std::time::Duration::from_millis(100));
    while let Ok(o) = silent.try_recv() {
        if let Out::Frame(f) = o {
            screen.process(&f.bytes);
        }
    }
    let text = screen.screen().contents();
    assert!(text.contains("· day 4 "), "drawn whole as the game stands (day 4 planned):\n{text}");
}

/// `b` in the replay viewer starts a new game from the day shown, as `--from-day` does, with
/// the settings typed on the way (in force from the next day, in its record with its parent).
#[test]
fn b_in_the_replay_viewer_branches_from_the_day_shown_with_settings_typed() {
    use crossterm::event::{KeyCode, KeyEvent};
    let rec = three_computer_days();
    let theme = standard_theme();
    let mut app = attrition::ui::App::new_replay(rec.clone(), "/tmp/somewhere/game.ron", None, true, theme).unwrap();
    app.update(attrition::ui::Msg::Resize(120, 40));
    let key = |app: &mut attrition::ui::App, c: KeyCode| app.update(attrition::ui::Msg::Key(KeyEvent::from(c)));
    let type_in = |app: &mut attrition::ui::App, s: &str| {
        for c in s.chars() {
            app.update(attrition::ui::Msg::Key(KeyEvent::from(KeyCode::Char(c))));
        }
    };
    let screen = |app: &mut attrition::ui::App| {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
        t.draw(|f| attrition::ui::view::draw(app, f)).unwrap();
        let b = t.backend().buffer().clone();
        (0..b.area.height)
            .map(|y| (0..b.area.width).map(|x| b[(x, y)].symbol().to_string()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    app.ui.message = None;
    assert!(screen(&mut app).contains("b branch"), "the viewer's hints name b");
    key(&mut app, KeyCode::Char(']'));
    key(&mut app, KeyCode::Char(']'));
    // Esc backs out of the question: still the viewer.
    key(&mut app, KeyCode::Char('b'));
    assert!(app.ui.prompt.is_some());
    key(&mut app, KeyCode::Esc);
    assert!(app.ui.prompt.is_none() && app.game_session().is_none_or(|s| s.replay.is_some()));
    // A setting that does not exist is refused, and the viewer stays.
    key(&mut app, KeyCode::Char('b'));
    type_in(&mut app, "aid=plenty");
    key(&mut app, KeyCode::Enter);
    assert!(app.ui.message.as_ref().is_some_and(|m| m.error && m.text.contains("aid")), "{:?}", app.ui.message);
    assert!(app.game_session().is_none_or(|s| s.replay.is_some()), "still the viewer");
    key(&mut app, KeyCode::Char('b'));
    type_in(&mut app, "aid=cutoff ua.recruits_per_month=20000");
    assert!(screen(&mut app).contains("settings (KEY=VALUE"), "the question is on screen");
    assert!(screen(&mut app).contains("aid=cutoff ua.recruits_per_month=20000█"), "what is typed shows");
    key(&mut app, KeyCode::Enter);
    let s = app.game_session().expect("a game to play");
    assert!(s.replay.is_none(), "a game, not the viewer");
    assert_eq!(s.game().day(), 2, "from the day shown");
    let b = s.record_file();
    let parent = b.parent.clone().expect("it names its parent");
    assert_eq!((parent.file.as_str(), parent.day), ("game.ron", 2));
    assert_eq!(b.days[..2], rec.days[..2]);
    let set: Vec<(u32, &str, &str)> = b.injections.iter().map(|i| (i.day, i.setting.as_str(), i.by.as_str())).collect();
    assert_eq!(set, [(3, "aid=cutoff", "branch"), (3, "ua.recruits_per_month=20000", "branch")]);
    // The new game plays its third day with the settings in force.
    type_in(&mut app, "ey");
    let s = app.game_session().unwrap();
    assert_eq!(s.game().day(), 3);
    assert_eq!(s.game().scenario().aid, attrition::sim::scenario::Aid::Cutoff);
    attrition::study::play::replay(&s.record_file()).expect("the branch's record verifies");
}

/// `play --white`: a local game with the white cell's commands, carried out and recorded as
/// a seminar's white cell's are.
#[test]
fn a_local_instructor_has_the_white_cells_commands() {
    use attrition::sim::events::Event;
    use crossterm::event::{KeyCode, KeyEvent};
    let dir = std::env::temp_dir().join(format!("attrition-local-white-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let launch = attrition::ui::Launch::new(attrition::data::DEFAULT_SCENARIO, Side::Ua, false, 4);
    let key = |app: &mut attrition::ui::App, c: KeyCode| app.update(attrition::ui::Msg::Key(KeyEvent::from(c)));
    let command = |app: &mut attrition::ui::App, line: &str| {
        app.update(attrition::ui::Msg::Key(KeyEvent::from(KeyCode::Char(':'))));
        for c in line.chars() {
            app.update(attrition::ui::Msg::Key(KeyEvent::from(KeyCode::Char(c))));
        }
        app.update(attrition::ui::Msg::Key(KeyEvent::from(KeyCode::Enter)));
        app.ui.message.clone().map(|m| m.text).unwrap_or_default()
    };
    // Without --white, `:` is refused.
    let mut plain = attrition::ui::App::new_game(&launch, standard_theme()).unwrap();
    plain.update(attrition::ui::Msg::Resize(120, 40));
    key(&mut plain, KeyCode::Char(':'));
    assert!(plain.ui.prompt.is_none());
    assert!(plain.ui.message.as_ref().is_some_and(|m| m.text.contains("play --white")));

    let mut app = attrition::ui::App::new_game(&launch, standard_theme()).unwrap();
    app.set_saves(Some(dir.clone()), true);
    app.set_white();
    app.update(attrition::ui::Msg::Resize(120, 40));
    let t = command(&mut app, "set aid=cutoff");
    assert!(t.contains("aid=cutoff is in force from day 1"), "{t}");
    let t = command(&mut app, "set ru.drone_line=off");
    assert!(t.contains("branch from day 0"), "{t}");
    let t = command(&mut app, r#"event CutRoad(at: "Myrnohrad", radius: 2, days: 3)"#);
    assert!(t.contains("start of day 1"), "{t}");
    let t = command(&mut app, "observe ru");
    assert!(t.contains("seminar"), "{t}");
    let t = command(&mut app, "note Watch the H-32");
    assert!(t.contains("Note kept"), "{t}");
    let t = command(&mut app, "resolve");
    assert!(t.contains("Day 1 resolved by the white cell"), "{t}");
    let s = app.game_session().unwrap();
    assert_eq!(s.game().day(), 1);
    assert_eq!(s.game().scenario().aid, attrition::sim::scenario::Aid::Cutoff);
    assert!(s.events().iter().any(|(d, e)| *d == 1 && matches!(e, Event::RoadCut { .. })), "told to the player");
    let rec = s.record_file();
    let made: Vec<(u32, String, &str)> = rec.injections.iter().map(|i| (i.day, i.what(), i.by.as_str())).collect();
    assert_eq!(made.len(), 2);
    assert_eq!((made[0].0, made[0].1.as_str(), made[0].2), (1, "aid=cutoff", "white"));
    assert!(made[1].1.starts_with("CutRoad(") && made[1].2 == "white", "{made:?}");
    assert_eq!(rec.annotations.len(), 1);
    attrition::study::play::replay(&rec).expect("the instructor's game verifies");
    // Rollback to day 0: the game as it stood is kept in the saves folder and still verifies.
    let t = command(&mut app, "rollback 0");
    assert!(t.contains("A new game from day 0") && t.contains("kept in"), "{t}");
    let s = app.game_session().unwrap();
    assert_eq!(s.game().day(), 0);
    assert_eq!(s.record_file().parent.as_ref().map(|p| p.day), Some(0));
    let kept: Vec<std::path::PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some()).collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let old = attrition::study::record::load(&kept[0]).unwrap();
    assert_eq!((old.days.len(), old.injections.len()), (1, 2));
    attrition::study::play::replay(&old).expect("the kept game verifies");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `:observe ua` gives observers Ukraine's view (its units, the enemy it detected, nothing
/// else), `:observe public` the common knowledge again; only the white cell can say so.
#[test]
fn observers_see_one_sides_view_when_the_white_cell_allows() {
    let (mut s, _) = seminar("observe");
    let mut ru = Client::join(&mut s, 1, Role::Ru);
    let mut ua = Client::join(&mut s, 2, Role::Ua);
    let mut white = Client::join(&mut s, 3, Role::White);
    let mut obs = Client::join(&mut s, 4, Role::Observer);
    for _ in 1..=2 {
        ru.keys(&mut s, b"ey");
        ua.keys(&mut s, b"ey");
        ru.keys(&mut s, b"s\r");
        ua.keys(&mut s, b"s\r");
    }
    assert_eq!(s.game().day(), 2);
    obs.text();
    assert!(unit_cells_shown(&s, &obs, Side::Ua).is_empty(), "observers see no unit at first");
    // An observer cannot give itself a side's view: ':' is the white cell's.
    let t = obs.keys(&mut s, b":observe ua\r");
    assert!(!t.contains("Ukraine's view"));
    let t = white.keys(&mut s, b":observe nato\r");
    assert!(t.contains("observe ru, observe ua or observe public"), "{t}");
    let t = white.keys(&mut s, b":observe ua\r");
    assert!(t.contains("Observers now see Ukraine's view"), "{t}");
    let seen = obs.keys(&mut s, b"\x1b");
    assert!(seen.contains("observer (Ukraine's view)"), "{seen}");
    assert!(!unit_cells_shown(&s, &obs, Side::Ua).is_empty(), "Ukraine's own units are shown");
    let view = s.game().view(Side::Ua);
    for cell in unit_cells_shown(&s, &obs, Side::Ru) {
        assert!(view.enemy.iter().any(|u| u.cell == Some(cell)), "a Russian unit Ukraine did not detect at {cell:?}");
    }
    for l in unknown_labels(&s, Side::Ru, Some(Side::Ua)) {
        assert!(!names(&seen, &l), "the observer saw {l}, which Ukraine never detected");
    }
    white.keys(&mut s, b":observe public\r");
    obs.text();
    assert!(unit_cells_shown(&s, &obs, Side::Ua).is_empty(), "back to the common knowledge");
    assert!(unit_cells_shown(&s, &obs, Side::Ru).is_empty());
}

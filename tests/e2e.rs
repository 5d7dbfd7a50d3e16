//! End to end: the real binary in a pseudo-terminal. Start a game, select a unit, give it an
//! order, end the day, read the day's report from the screen, quit, check the exit status.

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Screen {
    parser: vt100::Parser,
    rx: mpsc::Receiver<Vec<u8>>,
}

impl Screen {
    fn pump(&mut self) {
        while let Ok(bytes) = self.rx.try_recv() {
            self.parser.process(&bytes);
        }
    }
    fn text(&mut self) -> String {
        self.pump();
        self.parser.screen().contents()
    }
    /// Waits until the screen shows `what` (reading output as it comes).
    fn wait_for(&mut self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(bytes) = self.rx.recv_timeout(Duration::from_millis(50)) {
                self.parser.process(&bytes);
            }
            let t = self.text();
            if t.contains(what) {
                return t;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what:?}; screen:\n{t}");
        }
    }
}

/// The game in a pseudo-terminal of ROWS×COLS, with its saves in a folder of the test's own.
struct Game {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    screen: Screen,
    writer: Box<dyn Write + Send>,
    data: std::path::PathBuf,
}

impl Game {
    /// Starts the game with a fresh data folder of its own.
    fn start(args: &[&str], tag: &str) -> Game {
        Game::start_with(args, tag, None)
    }

    /// The game with `config` as the user's settings file (none: a file that does not exist,
    /// so the tester's own settings never count).
    fn start_with(args: &[&str], tag: &str, config: Option<&str>) -> Game {
        let data = std::env::temp_dir().join(format!("attrition-e2e-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&data);
        Game::start_in(args, &data, config)
    }

    /// Starts the game with its data (saves) in `data`.
    fn start_in(args: &[&str], data: &std::path::Path, config: Option<&str>) -> Game {
        let data = data.to_path_buf();
        let pty = native_pty_system();
        let pair = pty.openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 }).expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_attrition"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env("ATTRITION_DATA_DIR", &data);
        std::fs::create_dir_all(&data).unwrap();
        let settings = data.join("config.ron");
        if let Some(text) = config {
            std::fs::write(&settings, text).unwrap();
        }
        cmd.env("ATTRITION_CONFIG", &settings);
        let child = pair.slave.spawn_command(cmd).expect("the game starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let _master = pair.master;
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let parser =
            vt100::Parser::new(std::num::NonZeroU16::new(ROWS).unwrap(), std::num::NonZeroU16::new(COLS).unwrap(), 0);
        Game { child, screen: Screen { parser, rx }, writer, data }
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < deadline, "the game did not exit; screen:\n{}", self.screen.text());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[cfg(unix)]
#[test]
fn sigterm_puts_the_terminal_back() {
    let mut g = Game::start(&["play", "--side", "ua", "--seed", "2"], "term");
    g.screen.wait_for("Ukraine [UA] planning");
    g.screen.pump();
    assert!(g.screen.parser.screen().alternate_screen(), "the game draws on the alternate screen");
    let pid = g.child.process_id().expect("a pid");
    let killed = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().unwrap();
    assert!(killed.success());
    let status = g.wait_exit();
    assert_eq!(status.exit_code(), 128 + 15, "exit status {status:?}");
    // Whatever the reader thread still holds is the last the game wrote.
    std::thread::sleep(Duration::from_millis(200));
    g.screen.pump();
    assert!(!g.screen.parser.screen().alternate_screen(), "back on the main screen after SIGTERM");
    assert!(!g.screen.parser.screen().hide_cursor(), "the cursor is shown again");
    let _ = g.writer.flush();
    std::fs::remove_dir_all(&g.data).ok();
}

/// Finding 6 of issue 15: SIGINT from outside (not Ctrl-C at the keyboard, which raw mode
/// makes a key) used to leave the terminal raw, in the alternate screen, with mouse capture on.
#[cfg(unix)]
#[test]
fn sigint_from_outside_puts_the_terminal_back() {
    let mut g = Game::start(&["play", "--side", "ua", "--seed", "2"], "int");
    g.screen.wait_for("Ukraine [UA] planning");
    g.screen.pump();
    assert!(g.screen.parser.screen().alternate_screen(), "the game draws on the alternate screen");
    assert_ne!(g.screen.parser.screen().mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse captured");
    let pid = g.child.process_id().expect("a pid");
    let sent = std::process::Command::new("kill").args(["-INT", &pid.to_string()]).status().unwrap();
    assert!(sent.success());
    let status = g.wait_exit();
    assert_eq!(status.exit_code(), 128 + 2, "exit status {status:?}");
    std::thread::sleep(Duration::from_millis(200));
    g.screen.pump();
    let s = g.screen.parser.screen();
    assert!(!s.alternate_screen(), "back on the main screen after SIGINT");
    assert!(!s.hide_cursor(), "the cursor is shown again");
    assert_eq!(s.mouse_protocol_mode(), vt100::MouseProtocolMode::None, "mouse capture is off");
    std::fs::remove_dir_all(&g.data).ok();
}

#[test]
fn play_a_day_in_a_pseudo_terminal() {
    let mut g = Game::start(&["play", "--side", "ru", "--seed", "7"], "day");
    let data = g.data.clone();
    let writer = &mut g.writer;
    let screen = &mut g.screen;
    let mut send = |s: &[u8]| {
        writer.write_all(s).unwrap();
        writer.flush().unwrap();
        // Let a lone Esc stand apart from the next key.
        std::thread::sleep(Duration::from_millis(60));
    };

    screen.wait_for("Russia [RU] planning");
    send(b"\t"); // select the first unit
    let t = screen.wait_for("Selected RU");
    assert!(t.contains("orders: 0"), "{t}");
    send(b"d"); // hold and dig in
    let t = screen.wait_for("Planned:");
    assert!(t.contains("orders: 1"), "{t}");
    send(b"e");
    screen.wait_for("End the day with 1 planned order?");
    send(b"y");
    screen.wait_for("Day 1 resolved");
    send(b"s"); // skip the phases to the report
    let t = screen.wait_for("Day 1 report");
    let row = t.lines().find(|l| l.contains("Russia [RU]")).expect("the report has a row for Russia");
    let numbers: Vec<u32> = row.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    assert!(numbers.first().is_some_and(|soldiers| *soldiers > 0), "soldiers on the report row: {row}");
    assert!(t.contains("Losses per day") && t.contains("Political will"), "{t}");
    send(b"\r");
    screen.wait_for("Day 2/30");
    send(b"q");
    screen.wait_for("Quit attrition?");
    send(b"y");
    let status = g.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    // The completed day was autosaved, and nothing else was written.
    let saves = data.join("saves");
    let files: Vec<_> = std::fs::read_dir(&saves).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "one autosave and nothing else: {files:?}");
    let rec = attrition::study::record::load(&files[0]).expect("the autosave after day 1");
    assert_eq!(rec.days.len(), 1);
    assert_eq!(
        rec.players,
        attrition::study::record::Players {
            human: Some(attrition::sim::map::Side::Ru),
            hotseat: false,
            // `play` without --ai: the strong AI, the reference the model is calibrated at.
            ai: attrition::ai::AiLevel::Strong,
            ua_ai: None
        }
    );
    std::fs::remove_dir_all(&data).ok();
}

/// A 10-day game of Ukraine against the computer, saved where the old builds autosaved it.
fn ten_day_save(saves: &std::path::Path) -> std::path::PathBuf {
    use attrition::ai::AiLevel;
    use attrition::sim::map::Side;
    let l = attrition::data::load_scenario("pokrovsk-toretsk", 3).unwrap();
    let mut g = attrition::sim::Game::new(l.setup).unwrap();
    for _ in 0..10 {
        let ru = attrition::study::play::computer_orders(&g, Side::Ru, AiLevel::Baseline);
        let ua = attrition::study::play::computer_orders(&g, Side::Ua, AiLevel::Baseline);
        g.step(&ru, &ua);
    }
    let players =
        attrition::study::record::Players { human: Some(Side::Ua), hotseat: false, ai: AiLevel::Baseline, ua_ai: None };
    let rec = attrition::study::record::RecordFile::of(&g, "pokrovsk-toretsk", &[], players);
    let path = saves.join("pokrovsk-toretsk.ron");
    attrition::study::record::save(&path, &rec).unwrap();
    path
}

/// Ends the day with no orders and closes its resolution and report.
fn end_empty_day(g: &mut Game, day: u32) {
    let mut send = |s: &[u8]| {
        g.writer.write_all(s).unwrap();
        g.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    };
    send(b"e");
    g.screen.wait_for("End the day with 0 planned orders?");
    send(b"y");
    g.screen.wait_for(&format!("Day {day} resolved"));
    send(b"s");
    g.screen.wait_for(&format!("Day {day} report"));
    send(b"\r");
    g.screen.wait_for(&format!("Day {}/", day + 1));
    send(b"q");
    g.screen.wait_for("Quit attrition?");
    send(b"y");
}

/// Finding 1 of issue 15: a new game (from the start screen, and `attrition play`) used to
/// replace the saved game of the same scenario after its first day.
#[test]
fn a_new_game_never_replaces_a_saved_one() {
    let data = std::env::temp_dir().join(format!("attrition-e2e-keep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let saves = data.join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    let old = ten_day_save(&saves);
    let before = std::fs::read(&old).unwrap();

    let mut g = Game::start_in(&[], &data, None);
    let t = g.screen.wait_for("after day 10");
    assert!(t.contains("Continue") && t.contains("Ukraine [UA] vs baseline AI"), "{t}");
    // s: the scenario field; Enter: a new game of the same scenario.
    g.writer.write_all(b"s").unwrap();
    g.writer.flush().unwrap();
    std::thread::sleep(Duration::from_millis(100));
    g.writer.write_all(b"\r").unwrap();
    g.writer.flush().unwrap();
    g.screen.wait_for("Ukraine [UA] planning");
    end_empty_day(&mut g, 1);
    assert!(g.wait_exit().success());
    assert_eq!(std::fs::read(&old).unwrap(), before, "the 10-day save is untouched");
    let games = attrition::saves::games(&saves);
    let mut days: Vec<u32> = games.iter().map(|s| s.days).collect();
    days.sort_unstable();
    assert_eq!(days, [1, 10], "both games are saved: {games:?}");

    // `attrition play` likewise (against the baseline AI, which its record keeps).
    let baseline = |games: &[attrition::saves::SavedGame]| {
        games.iter().filter(|s| s.players.ai == attrition::ai::AiLevel::Baseline).count()
    };
    let earlier = baseline(&games);
    let mut g = Game::start_in(&["play", "--side", "ua", "--seed", "3", "--ai", "baseline"], &data, None);
    g.screen.wait_for("Ukraine [UA] planning");
    end_empty_day(&mut g, 1);
    assert!(g.wait_exit().success());
    assert_eq!(std::fs::read(&old).unwrap(), before, "the 10-day save is untouched");
    let games = attrition::saves::games(&saves);
    assert_eq!(games.len(), 3);
    assert_eq!(baseline(&games), earlier + 1, "the `--ai baseline` game is saved as one: {games:?}");
    std::fs::remove_dir_all(&g.data).ok();
}

#[test]
fn a_damaged_save_is_refused_before_the_terminal() {
    let dir = std::env::temp_dir().join(format!("attrition-e2e-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, "// attrition game record\n(format: \"attrition-record\", version: 1, scenario: \"pok")
        .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attrition"))
        .args(["play", "--load"])
        .arg(&bad)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.ron") && err.contains("damaged"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn without_a_terminal_it_says_so() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attrition"))
        .arg("play")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a terminal"));
}

#[test]
fn a_key_rebound_in_the_config_file_ends_the_day() {
    // End the day with E instead of e, and leave the mouse to the terminal.
    let config = "// my settings\n(\n    keys: { \"map.end_day\": [\"E\"] },\n    mouse: false,\n)\n";
    let mut g = Game::start_with(&["play", "--side", "ua", "--seed", "3"], "config", Some(config));
    let data = g.data.clone();
    let writer = &mut g.writer;
    let screen = &mut g.screen;
    let mut send = |s: &[u8]| {
        writer.write_all(s).unwrap();
        writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    };
    screen.wait_for("Ukraine [UA] planning");
    // The old key no longer ends the day; the help shows the new one by the action's name.
    send(b"e");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!screen.text().contains("End the day with"), "e still ends the day:\n{}", screen.text());
    send(b"?");
    let t = screen.wait_for("Keys can be changed in");
    assert!(t.contains("config.ron"), "the help names the file:\n{t}");
    send(b"\x1b");
    std::thread::sleep(Duration::from_millis(100));
    send(b"E");
    screen.wait_for("End the day with 0 planned orders?");
    send(b"y");
    screen.wait_for("Day 1 resolved");
    send(b"s");
    screen.wait_for("Day 1 report");
    send(b"\r");
    screen.wait_for("Day 2/30");
    send(b"q");
    screen.wait_for("Quit attrition?");
    send(b"y");
    let status = g.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    std::fs::remove_dir_all(&data).ok();
}

#[test]
fn a_config_file_with_mistakes_is_refused_before_the_terminal_with_every_mistake() {
    let dir = std::env::temp_dir().join(format!("attrition-e2e-badconfig-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("config.ron");
    std::fs::write(
        &bad,
        "(\n    keys: { \"map.end_dya\": [\"E\"], \"map.zoom\": [\"Z\", \"??\"] },\n    side: \"nato\",\n)\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attrition"))
        .arg("play")
        .env("ATTRITION_CONFIG", &bad)
        .env("ATTRITION_DATA_DIR", &dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let file = bad.display().to_string();
    for (at, what) in [("2:13", "map.end_dya"), ("2:53", "`??` is not a key"), ("3:11", "`nato`")] {
        assert!(err.contains(&format!("{file}:{at}: ")) && err.contains(what), "{at} {what}:\n{err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

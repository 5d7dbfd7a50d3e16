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
            (Some(n), None) if n.side == side => Some(n.label.clone()),
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

//! Interface timings: one frame of the play screen at 200×60 with every overlay on, the same
//! with the day's resolution shown, and the time from nothing to the first frame (load the
//! scenario, build the world, draw).

use attrition::sim::map::Side;
use attrition::ui::app::{App, Msg};
use attrition::ui::theme::{ColorDepth, Palette, Theme};
use attrition::ui::view;
use attrition::ui::Launch;
use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn launch() -> Launch {
    Launch::new("pokrovsk-toretsk", Side::Ua, false, 1)
}

fn theme() -> Theme {
    Theme::new(Palette::Standard, ColorDepth::TrueColor)
}

fn frame(c: &mut Criterion) {
    let mut app = App::new_game(&launch(), theme()).unwrap();
    app.update(Msg::Resize(200, 60));
    for ch in ['1', '2', '3', '4', '\t'] {
        let code = if ch == '\t' { KeyCode::Tab } else { KeyCode::Char(ch) };
        app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("frame 200x60 all overlays", |b| {
        b.iter(|| {
            // A fresh back buffer each time, so the whole screen is diffed and written.
            term.clear().unwrap();
            term.draw(|f| view::draw(&app, f)).unwrap();
        })
    });
}

/// The day's resolution on screen (its movement phase) with every overlay on, at 200×60.
fn frame_resolution(c: &mut Criterion) {
    let mut app = App::new_game(&launch(), theme()).unwrap();
    app.update(Msg::Resize(200, 60));
    let press = |app: &mut App, code: KeyCode| app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    for ch in ['1', '2', '3', '4', 'e', 'y'] {
        press(&mut app, KeyCode::Char(ch));
    }
    // Step to the movement phase, the one with the most on the map.
    for _ in 0..4 {
        press(&mut app, KeyCode::Enter);
    }
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("frame 200x60 resolution, all overlays", |b| {
        b.iter(|| {
            term.clear().unwrap();
            term.draw(|f| view::draw(&app, f)).unwrap();
        })
    });
}

fn first_frame(c: &mut Criterion) {
    let mut g = c.benchmark_group("startup");
    g.sample_size(20);
    g.bench_function("play: load, build world, first frame 100x30", |b| {
        b.iter(|| {
            let mut app = App::new_game(&launch(), theme()).unwrap();
            app.update(Msg::Resize(100, 30));
            let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
            term.draw(|f| view::draw(&app, f)).unwrap();
        })
    });
    g.bench_function("start screen: first frame 100x30", |b| {
        b.iter(|| {
            let mut app = App::new_start(theme());
            app.update(Msg::Resize(100, 30));
            let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
            term.draw(|f| view::draw(&app, f)).unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, frame, frame_resolution, first_frame);
criterion_main!(benches);

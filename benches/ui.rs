//! Interface timings: one frame of the play screen at 200×60 with every overlay on, the same
//! with the day's resolution shown, and the time from nothing to the first frame (load the
//! scenario, build the world, draw).
//!
//! Each is measured twice: in wall time (`wall/…`, what a player waits) and in the thread's CPU
//! time (`cpu/…`, what the work costs whatever else the machine is running: on a shared machine
//! wall time also counts the time other processes held the core). `cargo bench --bench ui -- cpu`
//! runs only the latter.

use attrition::sim::map::Side;
use attrition::ui::app::{App, Msg};
use attrition::ui::theme::{ColorDepth, Palette, Theme};
use attrition::ui::view;
use attrition::ui::Launch;
use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn launch() -> Launch {
    Launch::new("pokrovsk-toretsk", Side::Ua, false, 1)
}

fn theme() -> Theme {
    Theme::new(Palette::Standard, ColorDepth::TrueColor)
}

fn frame<M: Measurement + 'static>(c: &mut Criterion<M>, on: &str) {
    let mut app = App::new_game(&launch(), theme()).unwrap();
    app.update(Msg::Resize(200, 60));
    for ch in ['1', '2', '3', '4', '\t'] {
        let code = if ch == '\t' { KeyCode::Tab } else { KeyCode::Char(ch) };
        app.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function(&format!("{on}/frame 200x60 all overlays"), |b| {
        b.iter(|| {
            // A fresh back buffer each time, so the whole screen is diffed and written.
            term.clear().unwrap();
            term.draw(|f| view::draw(&app, f)).unwrap();
        })
    });
}

/// The day's resolution on screen (its movement phase) with every overlay on, at 200×60.
fn frame_resolution<M: Measurement + 'static>(c: &mut Criterion<M>, on: &str) {
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
    c.bench_function(&format!("{on}/frame 200x60 resolution, all overlays"), |b| {
        b.iter(|| {
            term.clear().unwrap();
            term.draw(|f| view::draw(&app, f)).unwrap();
        })
    });
}

fn first_frame<M: Measurement + 'static>(c: &mut Criterion<M>, on: &str) {
    let mut g = c.benchmark_group(format!("{on}/startup"));
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

/// The calling thread's CPU time (`CLOCK_THREAD_CPUTIME_ID`), in nanoseconds.
#[cfg(unix)]
fn thread_cpu_ns() -> u64 {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to write; the clock id is a constant.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

#[cfg(not(unix))]
fn thread_cpu_ns() -> u64 {
    // No per-thread CPU clock here: wall time stands in.
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed().as_nanos() as u64
}

/// Criterion measuring the benchmark thread's CPU time (the benchmarks draw on one thread).
struct CpuTime;

impl Measurement for CpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, i: u64) -> u64 {
        thread_cpu_ns().saturating_sub(i)
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, v: &u64) -> f64 {
        *v as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanos
    }
}

/// CPU nanoseconds shown as time.
struct Nanos;

impl ValueFormatter for Nanos {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (div, unit) = match typical {
            t if t < 1e3 => (1.0, "ns cpu"),
            t if t < 1e6 => (1e3, "µs cpu"),
            t if t < 1e9 => (1e6, "ms cpu"),
            _ => (1e9, "s cpu"),
        };
        values.iter_mut().for_each(|v| *v /= div);
        unit
    }
    fn scale_throughputs(&self, _: f64, _: &Throughput, _: &mut [f64]) -> &'static str {
        "(no throughput)"
    }
    fn scale_for_machines(&self, _: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn wall_all(c: &mut Criterion) {
    frame(c, "wall");
    frame_resolution(c, "wall");
    first_frame(c, "wall");
}

fn cpu_all(c: &mut Criterion<CpuTime>) {
    frame(c, "cpu");
    frame_resolution(c, "cpu");
    first_frame(c, "cpu");
}

criterion_group!(wall, wall_all);
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(CpuTime);
    targets = cpu_all
}
criterion_main!(wall, cpu);

//! One game played by a class at many terminals: the true game, each side's planned orders
//! and whether it has ended its day, the white cell's state (paused, notes, injections), and
//! every connected client with its own interface.
//!
//! Every client has an [`App`] of its own, drawn on a ratatui terminal that writes into a
//! buffer; the buffer goes to the client's bounded outbound queue (a full queue drops the
//! frame and the next one is drawn whole, so a slow client never holds up the rest). A
//! client's app holds a game of its own, replayed from the seminar's record when it joins
//! and stepped with the same orders as the true game each day (its state hash is checked
//! against the server's), and draws only from its role's knowledge: a side's own view and
//! stream, the whole truth for the white cell, the common knowledge for observers. What a
//! client types reaches only its own app; the only thing taken from it is its own side's
//! planned orders, each checked to be an order of that side ([`Seminar::submit`]).
//!
//! The seminar is plain synchronous state: the SSH layer hands it messages, tests call it
//! directly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::mpsc::error::TrySendError;

use crate::data::annotation::AnnotationFile;
use crate::sim::map::Side;
use crate::sim::orders::Order;
use crate::sim::Game;
use crate::study::play::{Match, Seat, Source};
use crate::study::record::{self, Injection, RecordFile, SeatKey};
use crate::study::white::{self, Command};
use crate::ui::session::Session;
use crate::ui::theme::{ColorDepth, Palette, Theme};
use crate::ui::{App, Msg};

use super::input::Input;
use super::roles::Role;

/// A client's id, given by the SSH layer.
pub type ClientId = u64;

/// Frames waiting to go to one client; more are dropped (and the next is drawn whole).
pub const OUT_QUEUE: usize = 8;

/// One frame for a client: its bytes, and for the first frame after a day resolved, the
/// day and when it resolved (the SSH layer reports when it went out).
pub struct Frame {
    pub bytes: Vec<u8>,
    pub resolved: Option<(u32, Instant)>,
}

/// What goes to a client.
pub enum Out {
    Frame(Frame),
    /// The client quit or the server closes its connection.
    Close,
}

pub type Outbox = tokio::sync::mpsc::Sender<Out>;

/// Why a client's orders were not taken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("no such client")]
    NoClient,
    #[error("the {0} role gives no orders")]
    NotASide(&'static str),
    #[error("order {0} is not one of {1}'s units")]
    NotYours(String, &'static str),
    #[error("the game is over")]
    Over,
}

/// How the seminar starts.
pub struct Setup {
    pub scenario: String,
    pub seed: u64,
    pub settings: Vec<String>,
    /// Where the record is written after every day.
    pub record: PathBuf,
    /// The seats' passphrase hashes kept with the record (empty with `--keys`).
    pub seats: Vec<SeatKey>,
}

struct Client {
    role: Role,
    app: App,
    term: Terminal<CrosstermBackend<Sink>>,
    /// What the terminal wrote since the last frame was queued.
    sink: Sink,
    out: Outbox,
    input: Input,
    /// A frame was dropped: the next one is drawn whole.
    stale: bool,
    /// The white cell's command line being typed (after `:`).
    command: Option<String>,
    /// The first frame after the day that resolved at this instant is still to go.
    resolved: Option<(u32, Instant)>,
    depth: ColorDepth,
}

/// Where a client's terminal writes: the bytes of the frame being drawn.
#[derive(Clone, Default)]
struct Sink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Sink {
    fn take(&self) -> Vec<u8> {
        self.0.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
    }
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut v = self.0.lock().map_err(|_| std::io::Error::other("a client's frame buffer was poisoned"))?;
        v.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Bytes sent and frames dropped, per client and in all.
#[derive(Clone, Debug, Default)]
pub struct Traffic {
    pub bytes: u64,
    pub frames: u64,
    pub dropped: u64,
}

pub struct Seminar {
    scenario_arg: String,
    source: Source,
    settings: Vec<String>,
    play: Match,
    plans: [Vec<Order>; 2],
    ended: [bool; 2],
    paused: bool,
    /// What observers see: the common knowledge (None), or one side's view if the white
    /// cell allows it (`:observe ru|ua|public`).
    observe: Option<Side>,
    notes: Vec<AnnotationFile>,
    injections: Vec<Injection>,
    seats: Vec<SeatKey>,
    parent: Option<record::Parent>,
    path: PathBuf,
    clients: BTreeMap<ClientId, Client>,
    /// Bytes sent per client id (kept after it leaves) for the figures.
    pub traffic: BTreeMap<ClientId, Traffic>,
    /// The last thing that went wrong writing the record, shown to the white cell.
    save_error: Option<String>,
}

impl Seminar {
    /// A new game of `setup.scenario`, its record written at once (day 0).
    pub fn new(setup: Setup) -> Result<Seminar, String> {
        let mut loaded = crate::data::load_scenario(&setup.scenario, setup.seed).map_err(|e| e.to_string())?;
        for kv in &setup.settings {
            crate::data::settings::apply(&mut loaded, kv)?;
        }
        loaded.setup.seed = setup.seed;
        let game = Game::new(loaded.setup).map_err(|e| format!("{}: {e}", loaded.file))?;
        let s = Seminar {
            source: Source { scenario: setup.scenario.clone(), settings: setup.settings.clone(), seed: setup.seed },
            scenario_arg: setup.scenario,
            settings: setup.settings,
            play: Match::new(game, [Seat::Human, Seat::Human]),
            plans: [Vec::new(), Vec::new()],
            ended: [false, false],
            paused: false,
            observe: None,
            notes: Vec::new(),
            injections: Vec::new(),
            seats: setup.seats,
            parent: None,
            path: setup.record,
            clients: BTreeMap::new(),
            traffic: BTreeMap::new(),
            save_error: None,
        };
        s.save()?;
        Ok(s)
    }

    /// A seminar resumed from its record at the last completed day (`serve --load FILE`):
    /// the same passphrases open the same seats; it goes on writing to the same file.
    pub fn resume(path: &Path) -> Result<Seminar, String> {
        let rec = record::load(path)?;
        let game = crate::study::play::replay(&rec).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Seminar {
            source: Source::of(&rec)?,
            scenario_arg: rec.scenario.clone(),
            settings: rec.settings.clone(),
            play: Match::new(game, [Seat::Human, Seat::Human]),
            plans: [Vec::new(), Vec::new()],
            ended: [false, false],
            paused: false,
            observe: rec.observe,
            notes: rec.annotations.clone(),
            injections: rec.injections.clone(),
            seats: rec.seats.clone(),
            parent: rec.parent.clone(),
            path: path.to_path_buf(),
            clients: BTreeMap::new(),
            traffic: BTreeMap::new(),
            save_error: None,
        })
    }

    pub fn game(&self) -> &Game {
        self.play.game()
    }

    pub fn seats(&self) -> &[SeatKey] {
        &self.seats
    }

    pub fn record_path(&self) -> &Path {
        &self.path
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    /// The orders planned for a side now.
    pub fn planned(&self, side: Side) -> &[Order] {
        &self.plans[side.index()]
    }

    pub fn ended(&self, side: Side) -> bool {
        self.ended[side.index()]
    }

    /// A client's interface as it stands (for tests and the figures).
    pub fn app(&self, id: ClientId) -> Option<&App> {
        self.clients.get(&id).map(|c| &c.app)
    }

    pub fn clients(&self) -> usize {
        self.clients.len()
    }

    /// The seminar's record: the game so far, the seats' hashes, notes and injections.
    pub fn record(&self) -> RecordFile {
        let mut rec = self.play.record_file(&self.scenario_arg, &self.settings);
        rec.annotations = self.notes.clone();
        rec.seats = self.seats.clone();
        rec.injections = self.injections.clone();
        rec.parent = self.parent.clone();
        rec.observe = self.observe;
        rec
    }

    /// Writes the record atomically (a crash leaves the last completed day, never half a file).
    fn save(&self) -> Result<(), String> {
        record::save(&self.path, &self.record())
    }

    // ----- clients -----

    /// A client joins as `role`, with a terminal of `size` (`term` is its TERM).
    pub fn join(&mut self, id: ClientId, role: Role, size: (u16, u16), term: &str, out: Outbox) -> Result<(), String> {
        let depth = if term.contains("256") || term.contains("direct") {
            ColorDepth::Ansi256
        } else if term.is_empty() || term == "dumb" {
            ColorDepth::None
        } else {
            ColorDepth::Ansi16
        };
        let app = self.app_for(role, depth)?;
        let sink = Sink::default();
        let term = terminal(&sink, Rect::new(0, 0, size.0.max(1), size.1.max(1)))?;
        let mut c = Client {
            role,
            app,
            term,
            sink,
            out,
            input: Input::default(),
            stale: true,
            command: None,
            resolved: None,
            depth,
        };
        c.app.update(Msg::Resize(size.0, size.1.saturating_sub(1)));
        // The alternate screen, the cursor hidden: restored when the client leaves.
        let mut hello = Vec::new();
        let _ = crossterm::execute!(hello, crossterm::terminal::EnterAlternateScreen, crossterm::cursor::Hide);
        let _ = c.out.try_send(Out::Frame(Frame { bytes: hello, resolved: None }));
        self.clients.insert(id, c);
        self.traffic.entry(id).or_default();
        self.draw(id);
        Ok(())
    }

    /// The interface for a role, on the game as it stands: replayed from the record, with
    /// the side's plan so far and whether it has ended its day.
    fn app_for(&self, role: Role, depth: ColorDepth) -> Result<App, String> {
        // A seminar's record has both seats human: the game is stepped only by the days given.
        let mut session = Session::resume(&self.record())?;
        session.remote = true;
        match role {
            Role::Ru | Role::Ua => {
                let side = role.side().unwrap_or(Side::Ru);
                session.viewer = side;
                *session.play.plan(side) = self.plans[side.index()].clone();
                session.done[side.index()] = self.ended[side.index()];
            }
            Role::White => {
                session.omniscient = true;
                session.watching = true;
            }
            Role::Observer => {
                match self.observe {
                    Some(side) => session.viewer = side,
                    None => session.public = true,
                }
                session.watching = true;
            }
        }
        session.refresh();
        let mut app = App::of_session(session, Theme::new(Palette::Standard, depth));
        app.ui.mouse = false;
        app.ui.say(match role {
            Role::Ru | Role::Ua => format!(
                "Seminar: you plan {}'s orders; anyone on your side may end its day · ? every key",
                role.side().unwrap_or(Side::Ru).name()
            ),
            Role::White => {
                "White cell: the whole truth · : for commands (pause, resume, resolve, set, event, note, observe, rollback, branch, help)"
                    .to_string()
            }
            Role::Observer => match self.observe {
                Some(side) => format!("Observer: {}'s view, as the white cell allows · ? every key", side.name()),
                None => "Observer: what both sides know (ground, front line, will) · ? every key".to_string(),
            },
        });
        Ok(app)
    }

    /// A client's terminal changed size.
    pub fn resize(&mut self, id: ClientId, w: u16, h: u16) {
        let Some(c) = self.clients.get_mut(&id) else { return };
        let (w, h) = (w.clamp(1, 1000), h.clamp(1, 1000));
        if let Ok(t) = terminal(&c.sink, Rect::new(0, 0, w, h)) {
            c.term = t;
        }
        c.app.update(Msg::Resize(w, h.saturating_sub(1)));
        c.stale = true;
        self.draw(id);
    }

    /// A client left (closed, dropped or quit).
    pub fn leave(&mut self, id: ClientId) {
        self.clients.remove(&id);
    }

    /// What a client typed: its own app takes it, and for a side, its plan is taken from the
    /// app as the side's plan; the white cell's `:` commands are the seminar's.
    pub fn input(&mut self, id: ClientId, bytes: &[u8]) {
        let Some(c) = self.clients.get_mut(&id) else { return };
        let msgs = c.input.feed(bytes);
        let role = c.role;
        let mut commands = Vec::new();
        for m in msgs {
            let Some(c) = self.clients.get_mut(&id) else { return };
            if role == Role::White {
                if let Some(line) = command_key(&mut c.command, &m) {
                    commands.push(line);
                    continue;
                }
                if c.command.is_some() {
                    continue;
                }
            }
            c.app.update(m);
        }
        for line in commands {
            self.command(id, &line);
        }
        let Some(c) = self.clients.get_mut(&id) else { return };
        if c.app.quit {
            let mut bye = Vec::new();
            let _ = crossterm::execute!(bye, crossterm::cursor::Show, crossterm::terminal::LeaveAlternateScreen);
            let _ = c.out.try_send(Out::Frame(Frame { bytes: bye, resolved: None }));
            let _ = c.out.try_send(Out::Close);
            self.clients.remove(&id);
            return;
        }
        if let Some(side) = role.side() {
            let (plan, done) = match c.app.game_session() {
                Some(s) => (s.play.planned(side).to_vec(), s.done[side.index()]),
                None => (Vec::new(), false),
            };
            if plan != self.plans[side.index()] {
                if let Err(e) = self.submit(id, &plan) {
                    if let Some(c) = self.clients.get_mut(&id) {
                        c.app.ui.complain(format!("The server refused your orders: {e}"));
                    }
                }
            }
            if done && !self.ended[side.index()] {
                self.end_day(side);
            }
        }
        self.draw(id);
    }

    /// A side's client sends its side's plan: every order must be one of the side's own units
    /// (checked here, whatever the client's interface allowed). The side's other clients get
    /// the plan at once.
    pub fn submit(&mut self, id: ClientId, plan: &[Order]) -> Result<(), Refusal> {
        let c = self.clients.get(&id).ok_or(Refusal::NoClient)?;
        let side = c.role.side().ok_or(Refusal::NotASide(c.role.name()))?;
        let g = self.play.game();
        if g.is_over() {
            return Err(Refusal::Over);
        }
        if let Some(o) = plan.iter().find(|o| g.unit_side(o.unit()) != Some(side)) {
            return Err(Refusal::NotYours(format!("{o:?}"), side.name()));
        }
        self.plans[side.index()] = plan.to_vec();
        let others: Vec<ClientId> =
            self.clients.iter().filter(|(k, c)| **k != id && c.role.side() == Some(side)).map(|(k, _)| *k).collect();
        for k in others {
            if let Some(c) = self.clients.get_mut(&k) {
                if let Some(p) = c.app.play_mut() {
                    *p.board.session.play.plan(side) = plan.to_vec();
                }
            }
            self.draw(k);
        }
        Ok(())
    }

    /// A side has ended its day: the day resolves when both have (and the game is not paused).
    fn end_day(&mut self, side: Side) {
        self.ended[side.index()] = true;
        let ids: Vec<ClientId> = self.clients.keys().copied().collect();
        for k in &ids {
            if let Some(c) = self.clients.get_mut(k) {
                if c.role.side() == Some(side) {
                    if let Some(p) = c.app.play_mut() {
                        p.board.session.done[side.index()] = true;
                    }
                }
            }
        }
        if self.ended.iter().all(|e| *e) && !self.paused {
            self.resolve();
        } else {
            self.draw_all();
        }
    }

    /// Resolves the day with each side's plan (a side that has not ended keeps what it
    /// planned, or none), writes the record, and shows the day to every client.
    pub fn resolve(&mut self) {
        if self.play.game().is_over() {
            return;
        }
        let [ru, ua] = std::mem::take(&mut self.plans);
        *self.play.plan(Side::Ru) = ru.clone();
        *self.play.plan(Side::Ua) = ua.clone();
        // The white cell's changes due today, in the true game and every client's.
        if let Err(e) = self.play.inject_due(&self.source, &self.injections) {
            self.save_error = Some(e);
        }
        for c in self.clients.values_mut() {
            if let Some(p) = c.app.play_mut() {
                let _ = p.board.session.play.inject_due(&self.source, &self.injections);
            }
        }
        let rep = self.play.step();
        self.ended = [false, false];
        self.save_error = self.save().err();
        if let Some(e) = &self.save_error {
            eprintln!("attrition serve: {e}");
        }
        let at = Instant::now();
        // Every client's game steps the same orders and its screen is drawn, the clients
        // shared out among the cores: each game is stepped alone, so it stays bit-identical
        // to the server's (its state hash is checked), and the day reaches the last client
        // sooner than one after the other.
        let bars: BTreeMap<ClientId, Line<'static>> = self.clients.iter().map(|(k, c)| (*k, self.bar(c))).collect();
        let mut work: Vec<(ClientId, &mut Client, Option<Vec<u8>>, bool)> =
            self.clients.iter_mut().map(|(k, c)| (*k, c, None, false)).collect();
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
        let chunk = work.len().div_ceil(cores).max(1);
        std::thread::scope(|scope| {
            for part in work.chunks_mut(chunk) {
                let bars = &bars;
                let (ru, ua) = (&ru, &ua);
                scope.spawn(move || {
                    for (k, c, frame, same) in part.iter_mut() {
                        c.resolved = Some((rep.day, at));
                        *same = c.app.take_day(ru, ua).is_some_and(|r| r.state_hash == rep.state_hash);
                        if *same {
                            *frame = bars.get(k).and_then(|bar| render(c, bar.clone()));
                        }
                    }
                });
            }
        });
        let done: Vec<(ClientId, Option<Vec<u8>>, bool)> =
            work.into_iter().map(|(k, _, frame, same)| (k, frame, same)).collect();
        for (k, frame, same) in done {
            if !same {
                // Never expected: a client's game left the server's. It is rebuilt from the record.
                if let Some(c) = self.clients.get(&k) {
                    if let Ok(app) = self.app_for(c.role, c.depth) {
                        if let Some(c) = self.clients.get_mut(&k) {
                            let size = c.app.ui.size;
                            c.app = app;
                            c.app.update(Msg::Resize(size.0, size.1));
                        }
                    }
                }
                self.draw(k);
                continue;
            }
            if let (Some(c), Some(bytes)) = (self.clients.get_mut(&k), frame) {
                queue(c, self.traffic.entry(k).or_default(), bytes);
            }
        }
    }

    // ----- the white cell -----

    /// A white cell command (typed after `:`); the answer shows on the white cell's screen.
    pub fn command(&mut self, id: ClientId, line: &str) {
        let answer = self.run_command(line);
        if let Some(c) = self.clients.get_mut(&id) {
            match answer {
                Ok(text) => c.app.ui.say(text),
                Err(text) => c.app.ui.complain(text),
            }
        }
        self.draw_all();
    }

    fn run_command(&mut self, line: &str) -> Result<String, String> {
        match white::Command::parse(line)? {
            Command::Pause => {
                self.paused = true;
                Ok("Paused: no day resolves until you resume (sides may still plan).".into())
            }
            Command::Resume => {
                self.paused = false;
                if self.ended.iter().all(|e| *e) {
                    self.resolve();
                }
                Ok("Resumed.".into())
            }
            Command::Resolve => {
                if self.play.game().is_over() {
                    return Err("The game is over.".into());
                }
                self.resolve();
                Ok(format!("Day {} resolved by the white cell.", self.play.game().day()))
            }
            Command::Help { event } => Ok(white::help(event)),
            Command::Observe(observe) => {
                self.observe = observe;
                self.save_error = self.save().err();
                self.rebuild(|r| r == Role::Observer)?;
                Ok(match observe {
                    Some(side) => format!("Observers now see {}'s view.", side.name()),
                    None => "Observers now see what both sides know.".into(),
                })
            }
            Command::Note(text) => {
                self.notes.push(white::note(self.play.game(), &text));
                self.save_error = self.save().err();
                Ok("Note sent to every role.".into())
            }
            Command::Set(kv) => self.inject(Injection::setting(self.play.game().day() + 1, &kv, "white")),
            Command::Event(e) => self.inject(Injection::event(self.play.game().day() + 1, e, "white")),
            Command::Rollback(day) => {
                let day = white::past_day(self.play.game(), day)?;
                // The game as it stood is kept, in a file of its own.
                let now = self.play.game().day();
                let old = sibling(&self.path, &format!("before-rollback-day{now}"));
                record::save(&old, &self.record())?;
                let name = old.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let rec = record::branch(&self.record(), &name, day, &[])?;
                let path = self.path.clone();
                self.restart(rec, path)?;
                Ok(format!("Rolled back to day {day}; the game as it stood on day {now} is kept in {name}."))
            }
            Command::Branch(day, settings) => {
                let day = white::past_day(self.play.game(), day)?;
                let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let rec = record::branch(&self.record(), &name, day, &settings)?;
                self.source.setup_on(&rec.injections, day + 1)?;
                let path = sibling(&self.path, &format!("branch-day{day}"));
                self.restart(rec, path.clone())?;
                Ok(format!(
                    "A new game from day {day}{}: {} (the old one stays in {name}).",
                    if settings.is_empty() { String::new() } else { format!(" with {}", settings.join(" ")) },
                    path.display()
                ))
            }
        }
    }

    /// A white cell's change for the coming day, checked and put in the record (written now).
    fn inject(&mut self, change: Injection) -> Result<String, String> {
        let text = white::inject(self.play.game(), &self.source, &mut self.injections, change)?;
        self.save_error = self.save().err();
        Ok(text)
    }

    /// Goes on from `rec` (a rollback or a branch), written to `path`: the game replayed,
    /// plans cleared, every client's interface built again on it.
    fn restart(&mut self, rec: RecordFile, path: PathBuf) -> Result<(), String> {
        let game = crate::study::play::replay(&rec).map_err(|e| e.to_string())?;
        self.play = Match::new(game, [Seat::Human, Seat::Human]);
        self.plans = [Vec::new(), Vec::new()];
        self.ended = [false, false];
        self.notes = rec.annotations;
        self.injections = rec.injections;
        self.parent = rec.parent;
        self.path = path;
        self.save()?;
        self.rebuild(|_| true)
    }

    /// Every client of the roles `which` takes gets its interface built again on the game as
    /// it stands (drawn whole next).
    fn rebuild(&mut self, which: impl Fn(Role) -> bool) -> Result<(), String> {
        let ids: Vec<ClientId> = self.clients.iter().filter(|(_, c)| which(c.role)).map(|(k, _)| *k).collect();
        for k in ids {
            let Some(c) = self.clients.get(&k) else { continue };
            let app = self.app_for(c.role, c.depth)?;
            if let Some(c) = self.clients.get_mut(&k) {
                let size = c.app.ui.size;
                c.app = app;
                c.app.update(Msg::Resize(size.0, size.1));
                c.stale = true;
            }
        }
        Ok(())
    }

    // ----- drawing -----

    fn draw_all(&mut self) {
        let ids: Vec<ClientId> = self.clients.keys().copied().collect();
        for k in ids {
            self.draw(k);
        }
    }

    /// The line at the foot of every client's screen: the seminar as it stands.
    fn bar(&self, c: &Client) -> Line<'static> {
        let g = self.play.game();
        let mut s = vec![Span::styled(" seminar ", Style::new().add_modifier(Modifier::REVERSED))];
        let you = match c.role {
            Role::Ru | Role::Ua => format!(" you: {} ", c.role.side().map(Side::name).unwrap_or("")),
            Role::White => " you: white cell ".into(),
            Role::Observer => match self.observe {
                Some(side) => format!(" you: observer ({}'s view) ", side.name()),
                None => " you: observer ".into(),
            },
        };
        s.push(Span::raw(you));
        if g.is_over() {
            s.push(Span::raw(format!("· game over after day {} ", g.day())));
        } else {
            s.push(Span::raw(format!("· day {} ", g.day() + 1)));
            for side in Side::BOTH {
                let state = if self.ended[side.index()] { "ended" } else { "planning" };
                s.push(Span::raw(format!("· {} {state} ", side.code().to_uppercase())));
            }
        }
        if self.paused {
            s.push(Span::styled("· PAUSED ", Style::new().add_modifier(Modifier::BOLD)));
        }
        if let Some(n) = self.notes.last() {
            s.push(Span::styled(format!("· note: {} ", n.text), Style::new().add_modifier(Modifier::BOLD)));
        }
        if c.role == Role::White {
            match &c.command {
                Some(line) => s.push(Span::raw(format!("· :{line}█"))),
                None => {
                    if let Some(e) = &self.save_error {
                        s.push(Span::raw(format!("· NOT SAVED: {e} ")));
                    }
                    s.push(Span::raw("· : command"));
                }
            }
        }
        Line::from(s)
    }

    /// Draws a client's screen and queues it; a full queue drops it (the next is drawn whole).
    fn draw(&mut self, id: ClientId) {
        let Some(c) = self.clients.get(&id) else { return };
        let bar = self.bar(c);
        let Some(c) = self.clients.get_mut(&id) else { return };
        if let Some(bytes) = render(c, bar) {
            queue(c, self.traffic.entry(id).or_default(), bytes);
        }
    }

    /// Time passed: frames dropped for a slow client are drawn again whole, and days that
    /// autoplay move on.
    pub fn tick(&mut self, dt: Duration) {
        let ids: Vec<ClientId> = self.clients.keys().copied().collect();
        for k in ids {
            let Some(c) = self.clients.get_mut(&k) else { continue };
            let busy = c.app.busy();
            if busy {
                c.app.update(Msg::Tick(dt));
            }
            if busy || c.stale {
                self.draw(k);
            }
        }
    }
}

/// A terminal drawing into `sink` at `area`, its buffers empty (its first frame is whole).
fn terminal(sink: &Sink, area: Rect) -> Result<Terminal<CrosstermBackend<Sink>>, String> {
    Terminal::with_options(CrosstermBackend::new(sink.clone()), TerminalOptions { viewport: Viewport::Fixed(area) })
        .map_err(|e| e.to_string())
}

/// Draws a client's screen (its app above, the seminar's `bar` at the foot) into the bytes
/// of one frame; `None` if the terminal failed (the next frame is drawn whole).
fn render(c: &mut Client, bar: Line<'static>) -> Option<Vec<u8>> {
    if c.stale {
        // The screen cleared and a terminal with empty buffers, so every cell is written.
        // (Not `Terminal::clear`: it asks the server's own terminal for its cursor and size.)
        let area = c.term.get_frame().area();
        let mut sink = c.sink.clone();
        let _ = crossterm::queue!(sink, crossterm::terminal::Clear(crossterm::terminal::ClearType::All));
        if let Ok(t) = terminal(&c.sink, area) {
            c.term = t;
        }
        c.stale = false;
    }
    let app = &c.app;
    let drawn = c.term.draw(|f| {
        let area = f.area();
        let h = area.height.saturating_sub(1);
        crate::ui::view::draw_in(app, f, Rect::new(0, 0, area.width, h));
        f.render_widget(Paragraph::new(bar), Rect::new(0, h, area.width, 1));
    });
    let bytes = c.sink.take();
    if drawn.is_err() {
        c.stale = true;
        return None;
    }
    Some(bytes)
}

/// Queues a frame for a client; a full queue (a slow or silent client) drops it and the next
/// is drawn whole, so the seminar never waits for anyone.
fn queue(c: &mut Client, t: &mut Traffic, bytes: Vec<u8>) {
    let n = bytes.len() as u64;
    match c.out.try_send(Out::Frame(Frame { bytes, resolved: c.resolved.take() })) {
        Ok(()) => {
            t.bytes += n;
            t.frames += 1;
        }
        Err(TrySendError::Full(Out::Frame(f))) => {
            t.dropped += 1;
            c.stale = true;
            c.resolved = f.resolved;
        }
        Err(_) => {
            c.stale = true;
        }
    }
}

/// A file beside `path` with `tag` added to its name (`seminar-branch-day2.ron`), never one
/// that exists already.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "seminar".into());
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut k = 1;
    loop {
        let name = if k == 1 { format!("{stem}-{tag}.ron") } else { format!("{stem}-{tag}-{k}.ron") };
        let p = dir.join(name);
        if !p.exists() {
            return p;
        }
        k += 1;
    }
}

/// Feeds a white cell's key to its command line: `:` opens it, Enter gives the line (the
/// return value), Esc closes it, Backspace erases.
fn command_key(line: &mut Option<String>, m: &Msg) -> Option<String> {
    use crossterm::event::{KeyCode, KeyModifiers};
    let Msg::Key(k) = m else { return None };
    match (line.as_mut(), k.code) {
        (None, KeyCode::Char(':')) => {
            *line = Some(String::new());
            None
        }
        (None, _) => None,
        (Some(_), KeyCode::Enter) => line.take(),
        (Some(_), KeyCode::Esc) => {
            *line = None;
            None
        }
        (Some(l), KeyCode::Backspace) => {
            l.pop();
            None
        }
        (Some(l), KeyCode::Char(ch)) if !k.modifiers.contains(KeyModifiers::CONTROL) && l.len() < 400 => {
            l.push(ch);
            None
        }
        _ => None,
    }
}

//! `attrition serve`: a seminar over SSH. One game, served with the game's own interface to
//! every connection: `ru` and `ua` plan their side's orders (WEGO), `white` (the
//! instructors) sees the whole truth and runs the game, `observer` watches what both sides
//! know. Nothing is installed on the students' machines: `ssh -p PORT ru@HOST`.
//!
//! The SSH protocol and its crypto are russh's ([`ssh`]); the game and every client's
//! screen are one thread's ([`seminar`]), so a client's input, a day's resolution and every
//! frame happen in one order; frames go out through bounded per-client queues, so a slow or
//! silent client never holds up the others.

pub mod input;
pub mod roles;
pub mod seminar;
pub mod ssh;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use roles::{Credentials, Role};
use seminar::Seminar;
use ssh::{Redraws, ToSeminar};

/// What `attrition serve` was asked for.
pub struct Options {
    pub scenario: String,
    pub seed: u64,
    pub settings: Vec<String>,
    pub listen: SocketAddr,
    /// Resume this seminar's record instead of starting a game.
    pub load: Option<PathBuf>,
    /// Where to write the record (default: the saves folder).
    pub record: Option<PathBuf>,
    /// Public keys per role instead of passphrases.
    pub keys: Option<PathBuf>,
}

/// Runs the server until it is stopped (SIGTERM, SIGINT, SIGHUP): the record was written
/// after every day, so `serve --load` resumes at the last completed day.
pub fn run(o: Options) -> Result<(), String> {
    let (creds, passphrases, seminar) = prepare(&o)?;
    let host_key_path = roles::host_key_path().ok_or("no user data folder for the host key; set ATTRITION_DATA_DIR")?;
    let host_key = roles::host_key(&host_key_path)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(o.listen).await.map_err(|e| format!("{}: {e}", o.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        announce(addr, &passphrases, &creds, &seminar, &host_key_path);
        let (tx, rx) = std::sync::mpsc::channel();
        let redraws = Arc::new(Mutex::new(Redraws::default()));
        let figures = redraws.clone();
        std::thread::Builder::new()
            .name("seminar".into())
            .spawn(move || seminar_loop(seminar, rx, figures))
            .map_err(|e| e.to_string())?;
        let config = russh::server::Config {
            methods: ssh::methods(&creds),
            keys: vec![host_key],
            auth_rejection_time: Duration::from_millis(500),
            auth_rejection_time_initial: Some(Duration::ZERO),
            inactivity_timeout: Some(Duration::from_secs(4 * 3600)),
            keepalive_interval: Some(Duration::from_secs(30)),
            nodelay: true,
            ..Default::default()
        };
        let mut server = ssh::Server { tx, creds: Arc::new(creds), next: Arc::new(AtomicU64::new(1)), redraws };
        use russh::server::Server as _;
        server.run_on_socket(Arc::new(config), &listener).await.map_err(|e| format!("the server stopped: {e}"))
    })
}

/// The seats and the game: fresh passphrases and a new game, or a record resumed with the
/// passphrases kept in it (hashed), or public keys from `--keys`.
fn prepare(o: &Options) -> Result<(Credentials, roles::Passphrases, Seminar), String> {
    let from_keys = o.keys.as_deref().map(Credentials::keys_in).transpose()?;
    if let Some(path) = &o.load {
        let seminar = Seminar::resume(path)?;
        let creds = match from_keys {
            Some(k) => k,
            None if seminar.seats().is_empty() => {
                return Err(format!(
                    "{}: the record keeps no seminar passphrases; give --keys DIR to serve it",
                    path.display()
                ))
            }
            None => Credentials::Passphrases(seminar.seats().to_vec()),
        };
        return Ok((creds, Vec::new(), seminar));
    }
    let (creds, plain, seats) = match from_keys {
        Some(k) => (k, Vec::new(), Vec::new()),
        None => {
            let (plain, seats) = roles::new_seats()?;
            (Credentials::Passphrases(seats.clone()), plain, seats)
        }
    };
    let record = match &o.record {
        Some(p) => p.clone(),
        None => {
            let dir = crate::study::record::autosave_dir().ok_or("no saves folder; give --record FILE")?;
            let stamp =
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
            dir.join(format!("seminar-{}-{stamp}.ron", crate::study::record::file_stem(&o.scenario)))
        }
    };
    let seminar = Seminar::new(seminar::Setup {
        scenario: o.scenario.clone(),
        seed: o.seed,
        settings: o.settings.clone(),
        record,
        seats,
    })?;
    Ok((creds, plain, seminar))
}

/// Prints the join lines, once.
fn announce(addr: SocketAddr, plain: &[(Role, String)], creds: &Credentials, s: &Seminar, key: &std::path::Path) {
    let host = if addr.ip().is_unspecified() { "HOST".to_string() } else { addr.ip().to_string() };
    println!(
        "attrition seminar: {} day {} · record {} · host key {}",
        s.game().scenario().id,
        s.game().day(),
        s.record_path().display(),
        key.display()
    );
    for r in Role::ALL {
        let line = format!("ssh -p {} {}@{host}", addr.port(), r.name());
        match (plain.iter().find(|(x, _)| *x == r), creds) {
            (Some((_, p)), _) => println!("  {line:<40} passphrase: {p}"),
            (None, Credentials::Keys(k)) => {
                let n = k.iter().find(|(x, _)| *x == r).map(|(_, v)| v.len()).unwrap_or(0);
                println!("  {line:<40} {n} key(s) allowed")
            }
            (None, Credentials::Passphrases(_)) => {
                println!("  {line:<40} passphrase: as before (kept hashed in the record)")
            }
        }
    }
    println!("Passphrases are shown only now. Stop the server with Ctrl-C; `attrition serve --load FILE` resumes it.");
    use std::io::Write;
    let _ = std::io::stdout().flush();
}

/// The seminar's thread: messages from the connections, and a tick for redraws and figures.
fn seminar_loop(mut s: Seminar, rx: std::sync::mpsc::Receiver<ToSeminar>, redraws: Arc<Mutex<Redraws>>) {
    let tick = Duration::from_millis(100);
    let mut last = Instant::now();
    let mut figures = Figures::default();
    loop {
        match rx.recv_timeout(tick) {
            Ok(m) => {
                let day = s.game().day();
                match m {
                    ToSeminar::Join { id, role, size, term, out } => {
                        if let Err(e) = s.join(id, role, size, &term, out) {
                            eprintln!("attrition serve: a {} client could not join: {e}", role.name());
                        }
                    }
                    ToSeminar::Input { id, bytes } => s.input(id, &bytes),
                    ToSeminar::Resize { id, w, h } => s.resize(id, w, h),
                    ToSeminar::Leave { id } => s.leave(id),
                }
                if s.game().day() != day {
                    figures.resolved(&s);
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        }
        if last.elapsed() >= tick {
            s.tick(last.elapsed());
            last = Instant::now();
            figures.report(&s, &redraws);
        }
    }
}

/// The figures a seminar reports on its standard error after every day: how long until the
/// last client's screen showed the day, bytes sent per client, the server's peak memory.
#[derive(Default)]
struct Figures {
    /// Days resolved and not reported yet: day, clients then, when.
    pending: Vec<(u32, usize, Instant)>,
    bytes_at_last_day: u64,
    day_bytes: Vec<(u32, u64, usize)>,
}

impl Figures {
    fn resolved(&mut self, s: &Seminar) {
        let total: u64 = s.traffic.values().map(|t| t.bytes).sum();
        let clients = s.clients();
        self.day_bytes.push((s.game().day(), total - self.bytes_at_last_day, clients));
        self.bytes_at_last_day = total;
        self.pending.push((s.game().day(), clients, Instant::now()));
    }

    fn report(&mut self, s: &Seminar, redraws: &Mutex<Redraws>) {
        let Ok(mut r) = redraws.lock() else { return };
        let mut keep = Vec::new();
        for (day, clients, at) in std::mem::take(&mut self.pending) {
            let mut ms: Vec<f64> =
                r.latencies.iter().filter(|(d, _)| *d == day).map(|(_, t)| t.as_secs_f64() * 1000.0).collect();
            if ms.len() < clients && at.elapsed() < Duration::from_secs(30) {
                keep.push((day, clients, at));
                continue;
            }
            r.latencies.retain(|(d, _)| *d != day);
            ms.sort_by(f64::total_cmp);
            let median = ms.get(ms.len() / 2).copied().unwrap_or(f64::NAN);
            let max = ms.last().copied().unwrap_or(f64::NAN);
            // Bytes sent while the day was planned and shown, per client connected.
            let per_client = self.day_bytes.iter().find(|(d, _, _)| *d == day).map(|(_, b, n)| b / (*n).max(1) as u64);
            eprintln!(
                "attrition serve: day {day}: {} of {clients} screens redrawn, median {median:.1} ms, max {max:.1} ms from resolution; \
                 {} bytes per client for the day; peak memory {}",
                ms.len(),
                per_client.unwrap_or(0),
                peak_memory().map(|k| format!("{:.1} MiB", k as f64 / 1024.0)).unwrap_or_else(|| "unknown".into())
            );
            let _ = s;
        }
        self.pending = keep;
    }
}

/// The process's peak resident memory in KiB (Linux's VmHWM), if the system says.
pub fn peak_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

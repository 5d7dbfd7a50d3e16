//! Runs a study's games on worker threads and hands their results back one at a time, in
//! order, as they complete: memory grows with the games in flight, not with the study.
//!
//! Shards split a study's seeds between processes (Slurm array tasks, Kubernetes indexed
//! jobs, machines under GNU parallel): shard K of N (K counted from 0) plays the K-th of N
//! contiguous slices of the seeds, seeds `first + ⌊K·R/N⌋ .. first + ⌊(K+1)·R/N⌋` of the
//! study's R. Every variant of a what-if plays the same seeds.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// The most runs one command accepts (`--runs`): a million games is days of a two-core
/// machine's time; more is a mistake, and is refused with this number.
pub const MAX_RUNS: u64 = 1_000_000;

/// `--shard K/N`: the K-th (from 0) of N contiguous slices of the seeds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Parses `K/N` with 0 ≤ K < N.
    pub fn parse(s: &str) -> Result<Shard, String> {
        let bad = || format!("--shard {s}: expected K/N with 0 ≤ K < N, e.g. 0/4 (shards count from 0)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (k.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// This shard's seeds of a study of `runs` seeds from `first`, as (first seed, how many).
    pub fn seeds(&self, first: u64, runs: u64) -> (u64, u64) {
        // u128: K·R cannot overflow.
        let at = |k: u64| ((k as u128 * runs as u128) / self.count as u128) as u64;
        let (a, b) = (at(self.index), at(self.index + 1));
        (first.wrapping_add(a), b - a)
    }
}

/// Checks `--runs` against [`MAX_RUNS`].
pub fn check_runs(runs: u64) -> Result<(), String> {
    if runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    if runs > MAX_RUNS {
        return Err(format!(
            "--runs {runs}: at most {MAX_RUNS} runs in one command (split a larger study into several, or shards)"
        ));
    }
    Ok(())
}

/// Threads to use: `--jobs` if given, else `RAYON_NUM_THREADS` (what a Slurm task is given,
/// `$SLURM_CPUS_PER_TASK`), else every core.
pub fn threads(jobs: Option<usize>) -> usize {
    jobs.filter(|&j| j > 0)
        .or_else(|| std::env::var("RAYON_NUM_THREADS").ok().and_then(|v| v.trim().parse().ok()).filter(|&j| j > 0))
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(1)
}

/// How a batch ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Every job ran.
    Complete,
    /// The stop flag was raised (Ctrl-C, or the interface cancelled): the first `done` jobs
    /// were handed back, in order, and no later one.
    Stopped { done: u64 },
}

/// Runs jobs 0..`count` on `threads` workers and calls `each(i, result)` on the calling thread
/// in job order as results come in. At most a few jobs per thread run ahead of the oldest one
/// not yet handed back, so memory stays bounded whatever `count` is. An error (from a job or
/// from `each`) stops the batch and is returned; raising `stop` ends it cleanly.
pub fn run<T, W, E>(count: u64, threads: usize, stop: &AtomicBool, work: W, mut each: E) -> Result<Ended, String>
where
    T: Send,
    W: Fn(u64) -> Result<T, String> + Sync,
    E: FnMut(u64, T) -> Result<(), String>,
{
    let threads = threads.max(1);
    let window = (threads as u64) * 4;
    let next = AtomicU64::new(0);
    // The first job not yet handed back; workers wait while they would run too far ahead.
    let emitted = Mutex::new(0u64);
    let moved = Condvar::new();
    let failed = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<(u64, Result<T, String>)>();
    let halted = || stop.load(Ordering::Relaxed) || failed.load(Ordering::Relaxed);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, emitted, moved, work) = (&next, &emitted, &moved, &work);
            let halted = &halted;
            scope.spawn(move || loop {
                if halted() {
                    return;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return;
                }
                {
                    let mut e = emitted.lock().unwrap_or_else(|p| p.into_inner());
                    while i >= *e + window && !halted() {
                        e = moved
                            .wait_timeout(e, std::time::Duration::from_millis(100))
                            .unwrap_or_else(|p| p.into_inner())
                            .0;
                    }
                }
                if halted() {
                    return;
                }
                if tx.send((i, work(i))).is_err() {
                    return;
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<u64, Result<T, String>> = BTreeMap::new();
        let mut done = 0u64;
        let mut error: Option<String> = None;
        for (i, r) in rx.iter() {
            if error.is_some() {
                continue;
            }
            pending.insert(i, r);
            while let Some(r) = pending.remove(&done) {
                let r = r.and_then(|t| each(done, t));
                if let Err(e) = r {
                    error = Some(e);
                    failed.store(true, Ordering::Relaxed);
                    break;
                }
                done += 1;
                *emitted.lock().unwrap_or_else(|p| p.into_inner()) = done;
                moved.notify_all();
            }
        }
        match error {
            Some(e) => Err(e),
            None if done == count => Ok(Ended::Complete),
            None => Ok(Ended::Stopped { done }),
        }
    })
}

/// A progress bar with the time left on standard error (hidden when that is not a terminal,
/// so logs and pipes stay clean). `calibrate` and the studies share it.
pub fn progress(total: u64, what: &str) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let b = indicatif::ProgressBar::new(total);
    let template = format!("{{bar:40}} {{pos}}/{{len}} {what}  {{elapsed}} (about {{eta}} left)");
    b.set_style(
        indicatif::ProgressStyle::with_template(&template).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    b
}

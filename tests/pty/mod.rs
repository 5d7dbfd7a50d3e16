//! A program in a pseudo-terminal, its screen kept by a terminal emulator (vt100): what a
//! person at that terminal would see, and keys typed into it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, MasterPty, PtySize};

pub struct Pty {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub parser: vt100::Parser,
    rx: mpsc::Receiver<Vec<u8>>,
    writer: Box<dyn Write + Send>,
    master: Box<dyn MasterPty + Send>,
    /// Every byte the program wrote.
    pub bytes: u64,
}

impl Pty {
    /// `program args…` in a `rows`×`cols` pseudo-terminal with `env` set (TERM is
    /// xterm-256color).
    pub fn spawn(program: &str, args: &[&str], env: &[(&str, &str)], rows: u16, cols: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("the program starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let parser =
            vt100::Parser::new(std::num::NonZeroU16::new(rows).unwrap(), std::num::NonZeroU16::new(cols).unwrap(), 0);
        Pty { child, parser, rx, writer, master: pair.master, bytes: 0 }
    }

    pub fn pump(&mut self) {
        while let Ok(b) = self.rx.try_recv() {
            self.bytes += b.len() as u64;
            self.parser.process(&b);
        }
    }

    pub fn text(&mut self) -> String {
        self.pump();
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `what`, at most `secs` seconds.
    pub fn wait_for_in(&mut self, what: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Ok(b) = self.rx.recv_timeout(Duration::from_millis(50)) {
                self.bytes += b.len() as u64;
                self.parser.process(&b);
            }
            let t = self.text();
            if t.contains(what) {
                return t;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what:?}; screen:\n{t}");
        }
    }

    pub fn wait_for(&mut self, what: &str) -> String {
        self.wait_for_in(what, 60)
    }

    /// Types `s`, then lets a lone Esc stand apart from the next key.
    pub fn send(&mut self, s: &[u8]) {
        self.writer.write_all(s).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.master.resize(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 }).unwrap();
        self.parser.set_size(std::num::NonZeroU16::new(rows).unwrap(), std::num::NonZeroU16::new(cols).unwrap());
    }

    /// Waits for the program to exit, at most `secs` seconds.
    pub fn wait_exit(&mut self, secs: u64) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            assert!(Instant::now() < deadline, "did not exit; screen:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

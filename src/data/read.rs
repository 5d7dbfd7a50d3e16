//! Reading a data file from disk within its kind's size limit, before anything parses it.
//!
//! The size comes first from the file's metadata: anything that is not a regular file (a
//! FIFO, `/dev/zero`, `/dev/urandom`, a folder) is refused at once, without opening it, and a
//! regular file over its limit is refused without reading it. The file is then opened without
//! blocking (so a regular file swapped for a FIFO in between cannot hang the open), checked
//! again on the opened handle, and read through a reader that stops one byte past the limit
//! (a file growing while it is read is refused, not followed). Errors name the file and the
//! limit, never its contents.

use std::io::Read;
use std::path::Path;

use super::LoadError;

/// The kinds of file the game reads, each with its own size limit (stated in the README).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Rule numbers (`assets/rules.ron`; the shipped one is 13 KB).
    Rules,
    /// Unit types (`assets/units.ron`; 5 KB).
    Units,
    /// A map (`maps/*.ron`; the largest shipped is 33 KB).
    Map,
    /// A scenario (`scenarios/*.ron`; the largest shipped is 24 KB).
    Scenario,
    /// A game record or save (2,000 days of a strong-vs-strong game's orders are about 4 MB).
    Record,
    /// A file of instructors' notes.
    Annotations,
    /// The user's settings (key bindings, theme).
    Config,
}

impl Kind {
    /// The largest file of this kind accepted, in bytes.
    pub const fn limit(self) -> u64 {
        const KB: u64 = 1024;
        const MB: u64 = 1024 * KB;
        match self {
            Kind::Rules | Kind::Units => 512 * KB,
            Kind::Map => 8 * MB,
            Kind::Scenario => 2 * MB,
            Kind::Record => 16 * MB,
            Kind::Annotations => 2 * MB,
            Kind::Config => 256 * KB,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Rules => "rules file",
            Kind::Units => "unit types file",
            Kind::Map => "map",
            Kind::Scenario => "scenario",
            Kind::Record => "record",
            Kind::Annotations => "annotations file",
            Kind::Config => "settings file",
        }
    }
}

/// A size in words: `16 MB`, `17.2 MB`, `512 KB`, `300 bytes`.
pub fn size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = KB * KB;
    match bytes {
        b if b >= MB && b % MB == 0 => format!("{} MB", b / MB),
        b if b >= MB => format!("{:.1} MB", b as f64 / MB as f64),
        b if b >= KB && b % KB == 0 => format!("{} KB", b / KB),
        b if b >= KB => format!("{:.1} KB", b as f64 / KB as f64),
        b => format!("{b} bytes"),
    }
}

fn io(file: &str, msg: impl Into<String>) -> LoadError {
    LoadError::Io { file: file.to_string(), msg: msg.into() }
}

/// Opens without blocking on a FIFO or a device (a regular file does not care).
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// The bytes of the file at `path`, if it is a regular file within `kind`'s limit.
pub fn bytes(path: &Path, kind: Kind) -> Result<Vec<u8>, LoadError> {
    let file = path.display().to_string();
    let limit = kind.limit();
    let meta = std::fs::metadata(path).map_err(|e| io(&file, e.to_string()))?;
    let regular = |m: &std::fs::Metadata| -> Result<(), LoadError> {
        if m.is_dir() {
            return Err(io(&file, "a folder, not a file"));
        }
        if !m.is_file() {
            return Err(io(
                &file,
                format!("not a regular file (a device, pipe or socket); a {} must be a file", kind.name()),
            ));
        }
        if m.len() > limit {
            return Err(io(
                &file,
                format!(
                    "{} is more than a {} may be ({}; oversized files are refused)",
                    size(m.len()),
                    kind.name(),
                    size(limit)
                ),
            ));
        }
        Ok(())
    };
    regular(&meta)?;
    let f = open(path).map_err(|e| io(&file, e.to_string()))?;
    regular(&f.metadata().map_err(|e| io(&file, e.to_string()))?)?;
    let mut out = Vec::with_capacity(meta.len() as usize);
    f.take(limit + 1).read_to_end(&mut out).map_err(|e| io(&file, e.to_string()))?;
    if out.len() as u64 > limit {
        return Err(io(&file, format!("grew past the {} limit of a {} while being read", size(limit), kind.name())));
    }
    Ok(out)
}

/// The text of the file at `path` (UTF-8), if it is a regular file within `kind`'s limit.
pub fn text(path: &Path, kind: Kind) -> Result<String, LoadError> {
    let b = bytes(path, kind)?;
    String::from_utf8(b).map_err(|e| {
        io(
            &path.display().to_string(),
            format!("not UTF-8 text (byte {} is not), so not a {}", e.utf8_error().valid_up_to(), kind.name()),
        )
    })
}

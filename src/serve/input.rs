//! Keys and clicks from the bytes a client's terminal sends down its SSH channel. Crossterm
//! reads only the local terminal; `terminput` parses the same xterm (and kitty) sequences
//! from any bytes, and its crossterm adapter turns them into the events the interface takes.

use crossterm::event::{Event as TermEvent, KeyEventKind};

use crate::ui::Msg;

/// The longest escape sequence kept waiting for its end: anything longer is noise, dropped.
const MAX_PENDING: usize = 64;

/// A client's input, parsed as it arrives (a sequence may be split across packets).
#[derive(Default)]
pub struct Input {
    pending: Vec<u8>,
}

impl Input {
    /// The messages in one packet of input. Malformed bytes are dropped, never an error: a
    /// client cannot make the server fail by what it types.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Msg> {
        let mut out = Vec::new();
        for (i, &b) in bytes.iter().enumerate() {
            self.pending.push(b);
            let more = i + 1 < bytes.len();
            // A lone Esc at the end of a packet is the Esc key; followed by more in the same
            // packet it starts a sequence.
            if self.pending == [0x1b] && more {
                continue;
            }
            match terminput::Event::parse_from(&self.pending) {
                Ok(Some(e)) => {
                    self.pending.clear();
                    if let Some(m) = to_msg(e) {
                        out.push(m);
                    }
                }
                Ok(None) if self.pending.len() < MAX_PENDING => {}
                _ => self.pending.clear(),
            }
        }
        out
    }
}

fn to_msg(e: terminput::Event) -> Option<Msg> {
    match terminput_crossterm::to_crossterm(e).ok()? {
        TermEvent::Key(k) if k.kind == KeyEventKind::Press => Some(Msg::Key(k)),
        TermEvent::Mouse(m) => Some(Msg::Mouse(m)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn keys(bytes: &[u8]) -> Vec<(KeyCode, KeyModifiers)> {
        Input::default()
            .feed(bytes)
            .into_iter()
            .filter_map(|m| match m {
                Msg::Key(k) => Some((k.code, k.modifiers)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn keys_and_sequences() {
        assert_eq!(keys(b"e"), vec![(KeyCode::Char('e'), KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1b[A"), vec![(KeyCode::Up, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\x1b"), vec![(KeyCode::Esc, KeyModifiers::NONE)]);
        assert_eq!(keys(b"\r").first().map(|k| k.0), Some(KeyCode::Enter));
        assert_eq!(keys(b"\t").first().map(|k| k.0), Some(KeyCode::Tab));
        assert_eq!(keys(b"ab").len(), 2);
    }

    #[test]
    fn a_sequence_split_across_packets() {
        let mut i = Input::default();
        assert!(i.feed(b"\x1b[").is_empty());
        let m = i.feed(b"B");
        assert!(matches!(m.as_slice(), [Msg::Key(k)] if k.code == KeyCode::Down));
    }

    #[test]
    fn garbage_is_dropped() {
        let mut i = Input::default();
        let noise: Vec<u8> = (0..10_000u32).map(|k| (k.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let _ = i.feed(&noise);
        assert!(i.pending.len() < MAX_PENDING);
        assert_eq!(keys(b"x").len(), 1);
    }
}

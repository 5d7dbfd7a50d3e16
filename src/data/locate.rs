//! Where each value of a RON file is: its key (`drones.hit_chance`, `deploy[3].count`,
//! `assault_team.drone.range`) to its line and column, so an error found after parsing (a
//! value out of range, a bad reference) points at the text like a syntax error does.
//!
//! The keys are those `sim::bounds` writes: a struct's field by name, a list's entry as
//! `[i]`, a map's entry by its key, a tuple's part by its index (`edges[0].1`); a value
//! wrapped in a variant (`Some(…)`, `P(…)`) has the key of the variant. The scan is one pass
//! over the text and never fails: text it does not understand simply has no positions.

use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Paren,
    Bracket,
    Brace,
}

struct Frame {
    open: Open,
    /// Opened right after a name (`Some(`, `Near(`): a variant, transparent unless it has fields.
    tagged: bool,
    /// Entries seen before the current one.
    index: usize,
    /// The current entry's field name or map key.
    key: Option<String>,
    named: bool,
}

/// Positions of every value in `text`, by key (1-based line and column, in characters).
pub struct Positions(HashMap<String, (usize, usize)>);

impl Positions {
    pub fn of(text: &str) -> Positions {
        Positions(scan(text))
    }

    /// The value at `key`, or failing that the nearest enclosing one that has a position.
    pub fn find(&self, key: &str) -> Option<(usize, usize)> {
        let mut k = key;
        loop {
            if let Some(p) = self.0.get(k) {
                return Some(*p);
            }
            let cut = k.rfind(['.', '['])?;
            k = &k[..cut];
        }
    }
}

fn path(frames: &[Frame]) -> String {
    let mut s = String::new();
    for f in frames {
        let part = match f.open {
            Open::Bracket => Some(format!("[{}]", f.index)),
            Open::Brace => f.key.clone(),
            Open::Paren if f.named => f.key.clone(),
            Open::Paren if f.tagged => None,
            Open::Paren => Some(f.index.to_string()),
        };
        if let Some(p) = part {
            if !s.is_empty() && !p.starts_with('[') {
                s.push('.');
            }
            s.push_str(&p);
        }
    }
    s
}

/// A token: its text (strings without quotes) and where it starts.
struct Token {
    text: String,
    quoted: bool,
    at: (usize, usize),
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line, mut col) = (0usize, 1usize, 1usize);
    let advance = |i: &mut usize, line: &mut usize, col: &mut usize| {
        if chars[*i] == '\n' {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
        *i += 1;
    };
    while i < chars.len() {
        let c = chars[i];
        let at = (line, col);
        if c.is_whitespace() {
            advance(&mut i, &mut line, &mut col);
        } else if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                advance(&mut i, &mut line, &mut col);
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            let mut depth = 0usize;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    advance(&mut i, &mut line, &mut col);
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    advance(&mut i, &mut line, &mut col);
                    if depth == 0 {
                        advance(&mut i, &mut line, &mut col);
                        break;
                    }
                }
                advance(&mut i, &mut line, &mut col);
            }
        } else if c == '"' || c == '\'' {
            let mut s = String::new();
            advance(&mut i, &mut line, &mut col);
            while i < chars.len() && chars[i] != c {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    advance(&mut i, &mut line, &mut col);
                }
                s.push(chars[i]);
                advance(&mut i, &mut line, &mut col);
            }
            if i < chars.len() {
                advance(&mut i, &mut line, &mut col);
            }
            out.push(Token { text: s, quoted: true, at });
        } else if "()[]{},:".contains(c) {
            out.push(Token { text: c.to_string(), quoted: false, at });
            advance(&mut i, &mut line, &mut col);
        } else {
            let mut s = String::new();
            while i < chars.len() && !chars[i].is_whitespace() && !"()[]{},:\"".contains(chars[i]) {
                if chars[i] == '/' && matches!(chars.get(i + 1), Some('/' | '*')) {
                    break;
                }
                s.push(chars[i]);
                advance(&mut i, &mut line, &mut col);
            }
            out.push(Token { text: s, quoted: false, at });
        }
    }
    out
}

fn scan(text: &str) -> HashMap<String, (usize, usize)> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    let mut frames: Vec<Frame> = Vec::new();
    let is = |t: Option<&Token>, s: &str| t.is_some_and(|t| !t.quoted && t.text == s);
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let punct = !t.quoted && t.text.len() == 1 && "()[]{},:".contains(t.text.as_str());
        if punct {
            match t.text.as_str() {
                "(" | "[" | "{" => {
                    let tagged = i > 0 && !toks[i - 1].quoted && !"()[]{},:".contains(toks[i - 1].text.as_str());
                    if !tagged && !frames.is_empty() {
                        out.entry(path(&frames)).or_insert(t.at);
                    }
                    let open = match t.text.as_str() {
                        "(" => Open::Paren,
                        "[" => Open::Bracket,
                        _ => Open::Brace,
                    };
                    frames.push(Frame { open, tagged, index: 0, key: None, named: false });
                }
                ")" | "]" | "}" => {
                    frames.pop();
                }
                "," => {
                    if let Some(f) = frames.last_mut() {
                        f.index += 1;
                        f.key = None;
                    }
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        // A field name or a map key: a word followed by `:`.
        if is(toks.get(i + 1), ":") {
            if let Some(f) = frames.last_mut() {
                match f.open {
                    Open::Paren if !t.quoted => {
                        f.named = true;
                        f.key = Some(t.text.clone());
                    }
                    Open::Brace => f.key = Some(t.text.clone()),
                    _ => {}
                }
            }
            i += 2;
            continue;
        }
        if !frames.is_empty() {
            out.entry(path(&frames)).or_insert(t.at);
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Positions;

    #[test]
    fn keys_point_at_their_values() {
        let text = r#"// a comment (with brackets)
(
    drones: (
        hit_chance: 0.3, /* x: 1 */ max: 2,
    ),
    deploy: [
        (side: Ru, count: 3, place: Near(at: At("A"), spread: 2)),
        (side: Ua, count: 1, place: OffMap),
    ],
    edges: [(FiberOptic, -30)],
    units: {
        "team": (personnel: 6, drone: Some((range: 15))),
    },
)"#;
        let p = Positions::of(text);
        assert_eq!(p.find("drones.hit_chance"), Some((4, 21)));
        assert_eq!(p.find("drones.max"), Some((4, 42)));
        assert_eq!(p.find("deploy[0].count"), Some((7, 27)));
        assert_eq!(p.find("deploy[0].place.spread"), Some((7, 63)));
        assert_eq!(p.find("deploy[1].side"), Some((8, 16)));
        assert_eq!(p.find("edges[0].1"), Some((10, 26)));
        assert_eq!(p.find("units.team.personnel"), Some((12, 29)));
        assert_eq!(p.find("units.team.drone.range"), Some((12, 52)));
        // An unknown key falls back to the nearest one known.
        assert_eq!(p.find("drones.nothing"), Some((3, 13)));
        assert_eq!(p.find("nothing"), None);
    }
}

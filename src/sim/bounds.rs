//! The allowed range of every number the game reads, declared once beside its field with
//! [`bounded!`], and the one check that enforces them wherever a number comes in (the rules
//! and unit files, `--set`, records, scenario files, `attrition check`, `Game::new`).
//!
//! A field is declared as `pub hit_chance: f64 [PROB],`: the bracket holds its [`Bound`]
//! (`within(lo, hi)`, one of the named ones, [`GROUP`] for a group of fields with bounds of
//! their own, or [`FREE`] for names and switches). [`Bounded::check`] reports every value out
//! of its range with its key (`drones.hit_chance`), so a caller can point at the file's line
//! and column; [`Bounded::keys`] lists every key with its range (for `--set`, help and tests).
//! Not-a-number is outside every range, and so is infinity.

use std::collections::BTreeMap;
use std::fmt;

/// What values a field may hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    /// A number from `lo` to `hi`, both included (whole-number fields: whole numbers only,
    /// which their type ensures).
    Num { lo: f64, hi: f64 },
    /// A group of fields, each with its own bound.
    Group,
    /// A name, a switch or a list of names: no number to bound.
    Free,
}

/// `lo..=hi`.
pub const fn within(lo: f64, hi: f64) -> Bound {
    Bound::Num { lo, hi }
}

/// A probability or a share: 0 to 1.
pub const PROB: Bound = within(0.0, 1.0);
/// A multiplier on a chance, a strength or a cost: 0 to 100.
pub const FACTOR: Bound = within(0.0, 100.0);
/// A group of fields with their own bounds.
pub const GROUP: Bound = Bound::Group;
/// Not a number.
pub const FREE: Bound = Bound::Free;
/// Days: a game lasts at most 2,000.
pub const DAYS: Bound = within(0.0, 2000.0);
/// A distance on the map in cells (the largest map accepted is 2,000 cells across).
pub const CELLS: Bound = within(0.0, 2000.0);

/// A value outside its range.
#[derive(Clone, Debug, PartialEq)]
pub struct OutOfRange {
    /// Where it is: `drones.hit_chance`, `assault_team.personnel`, `ru.drones_per_day`.
    pub key: String,
    /// The value as found.
    pub value: String,
    pub lo: f64,
    pub hi: f64,
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is {}; allowed {}", self.key, self.value, range(self.lo, self.hi))
    }
}

/// A range written for people: `0..=1`, `0.05..=1000`.
pub fn range(lo: f64, hi: f64) -> String {
    format!("{}..={}", number(lo), number(hi))
}

/// A bound written for people: `0.5`, `2000`, `1000000`.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl Bound {
    /// The range as `lo..=hi`, or None for a group or a free field.
    pub fn range(self) -> Option<(f64, f64)> {
        match self {
            Bound::Num { lo, hi } => Some((lo, hi)),
            _ => None,
        }
    }

    /// Whether `x` is in range (a group or a free field takes anything).
    pub fn admits(self, x: f64) -> bool {
        match self {
            Bound::Num { lo, hi } => x.is_finite() && lo <= x && x <= hi,
            _ => true,
        }
    }

    fn check_number(self, key: &str, x: f64, shown: impl FnOnce() -> String, out: &mut Vec<OutOfRange>) {
        if let Bound::Num { lo, hi } = self {
            if !self.admits(x) {
                out.push(OutOfRange { key: key.to_string(), value: shown(), lo, hi });
            }
        }
    }
}

/// `prefix.field` (or `field` at the top).
pub fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

/// A value whose numbers have ranges.
pub trait Bounded {
    /// Adds every value under `key` that is out of its range to `out`.
    fn check(&self, key: &str, bound: Bound, out: &mut Vec<OutOfRange>);
    /// Adds every key under `key` that holds a number, with its range (maps and lists, whose
    /// keys depend on the value, are listed with `*` for the entry).
    fn keys(key: &str, bound: Bound, out: &mut Vec<(String, Bound)>);

    /// Every value out of range, at the top level.
    fn out_of_range(&self) -> Vec<OutOfRange> {
        let mut out = Vec::new();
        self.check("", GROUP, &mut out);
        out
    }

    /// Every key holding a number and its range, at the top level.
    fn bounds() -> Vec<(String, Bound)>
    where
        Self: Sized,
    {
        let mut out = Vec::new();
        Self::keys("", GROUP, &mut out);
        out
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Bounded for $t {
            fn check(&self, key: &str, bound: Bound, out: &mut Vec<OutOfRange>) {
                bound.check_number(key, *self as f64, || shown(*self as f64), out);
            }
            fn keys(key: &str, bound: Bound, out: &mut Vec<(String, Bound)>) {
                out.push((key.to_string(), bound));
            }
        }
    )*};
}
numbers!(f64, f32, u8, u16, u32, u64, i16, i32, i64, usize);

/// A value as found, short even when it is huge or tiny (`1e-300`, not 300 zeros).
fn shown(x: f64) -> String {
    if x != 0.0 && x.is_finite() && (x.abs() < 1e-4 || x.abs() >= 1e15) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Types with no number in them.
#[macro_export]
macro_rules! unbounded {
    ($($t:ty),*) => {$(
        impl $crate::sim::bounds::Bounded for $t {
            fn check(&self, _: &str, _: $crate::sim::bounds::Bound, _: &mut Vec<$crate::sim::bounds::OutOfRange>) {}
            fn keys(_: &str, _: $crate::sim::bounds::Bound, _: &mut Vec<(String, $crate::sim::bounds::Bound)>) {}
        }
    )*};
}
unbounded!(bool, String);

impl<T: Bounded> Bounded for Option<T> {
    fn check(&self, key: &str, bound: Bound, out: &mut Vec<OutOfRange>) {
        if let Some(v) = self {
            v.check(key, bound, out);
        }
    }
    fn keys(key: &str, bound: Bound, out: &mut Vec<(String, Bound)>) {
        T::keys(key, bound, out);
    }
}

/// A list: each entry under `key[i]`.
impl<T: Bounded> Bounded for Vec<T> {
    fn check(&self, key: &str, bound: Bound, out: &mut Vec<OutOfRange>) {
        for (i, v) in self.iter().enumerate() {
            v.check(&format!("{key}[{i}]"), bound, out);
        }
    }
    fn keys(key: &str, bound: Bound, out: &mut Vec<(String, Bound)>) {
        T::keys(&format!("{key}[*]"), bound, out);
    }
}

/// A map by name (unit types): each entry under `key.name`.
impl<T: Bounded> Bounded for BTreeMap<String, T> {
    fn check(&self, key: &str, bound: Bound, out: &mut Vec<OutOfRange>) {
        for (name, v) in self {
            v.check(&join(key, name), bound, out);
        }
    }
    fn keys(key: &str, bound: Bound, out: &mut Vec<(String, Bound)>) {
        T::keys(&join(key, "*"), bound, out);
    }
}

/// A pair (an edge and the day it was gained): the bound applies to each part.
impl<A: Bounded, B: Bounded> Bounded for (A, B) {
    fn check(&self, key: &str, bound: Bound, out: &mut Vec<OutOfRange>) {
        self.0.check(&format!("{key}.0"), bound, out);
        self.1.check(&format!("{key}.1"), bound, out);
    }
    fn keys(key: &str, bound: Bound, out: &mut Vec<(String, Bound)>) {
        A::keys(&format!("{key}.0"), bound, out);
        B::keys(&format!("{key}.1"), bound, out);
    }
}

/// Declares a struct whose fields each carry their range: `pub name: Type [BOUND],`. The
/// struct is written as usual (attributes and doc comments included) and gets a [`Bounded`]
/// implementation checking every field against its bound.
#[macro_export]
macro_rules! bounded {
    (
        $(#[$m:meta])*
        pub struct $name:ident {
            $( $(#[$fm:meta])* pub $field:ident : $ty:ty [$bound:expr] ),* $(,)?
        }
    ) => {
        $(#[$m])*
        pub struct $name {
            $( $(#[$fm])* pub $field: $ty, )*
        }

        impl $crate::sim::bounds::Bounded for $name {
            fn check(
                &self,
                key: &str,
                _: $crate::sim::bounds::Bound,
                out: &mut Vec<$crate::sim::bounds::OutOfRange>,
            ) {
                $( $crate::sim::bounds::Bounded::check(
                    &self.$field,
                    &$crate::sim::bounds::join(key, stringify!($field)),
                    $bound,
                    out,
                ); )*
            }
            fn keys(
                key: &str,
                _: $crate::sim::bounds::Bound,
                out: &mut Vec<(String, $crate::sim::bounds::Bound)>,
            ) {
                $( <$ty as $crate::sim::bounds::Bounded>::keys(
                    &$crate::sim::bounds::join(key, stringify!($field)),
                    $bound,
                    out,
                ); )*
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    bounded! {
        /// A test group.
        #[derive(Debug)]
        pub struct Inner {
            pub p: f64 [PROB],
            pub n: u32 [within(1.0, 10.0)],
            pub name: String [FREE],
        }
    }

    bounded! {
        #[derive(Debug)]
        pub struct Outer {
            pub inner: Inner [GROUP],
            pub list: Vec<f64> [within(0.0, 5.0)],
            pub maybe: Option<i32> [within(-1.0, 1.0)],
        }
    }

    #[test]
    fn every_value_out_of_range_is_named() {
        let o = Outer {
            inner: Inner { p: f64::NAN, n: 0, name: "x".into() },
            list: vec![1.0, 7.0, f64::INFINITY],
            maybe: Some(3),
        };
        let bad: Vec<String> = o.out_of_range().iter().map(|e| e.to_string()).collect();
        assert_eq!(
            bad,
            [
                "`inner.p` is NaN; allowed 0..=1",
                "`inner.n` is 0; allowed 1..=10",
                "`list[1]` is 7; allowed 0..=5",
                "`list[2]` is inf; allowed 0..=5",
                "`maybe` is 3; allowed -1..=1",
            ]
        );
        let ok = Outer { inner: Inner { p: 0.5, n: 10, name: String::new() }, list: vec![], maybe: None };
        assert!(ok.out_of_range().is_empty());
        let keys: Vec<String> = Outer::bounds().into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["inner.p", "inner.n", "list[*]", "maybe"]);
    }
}

//! Seeded random streams, one per purpose.
//!
//! A game has one seed. Every phase draws from its own ChaCha8 stream keyed by
//! (seed, day, phase, sub-key), so adding a roll to one phase never shifts another
//! phase's rolls, and a unit's rolls do not depend on how many units acted before it.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::events::Phase;

/// The generator type used everywhere in the engine (reproducible across platforms and versions of rand).
pub type Stream = ChaCha8Rng;

/// The stream for one purpose on one day.
pub fn stream(seed: u64, day: u32, phase: Phase, sub: u64) -> Stream {
    let mut key = [0u8; 32];
    key[0..8].copy_from_slice(&seed.to_le_bytes());
    key[8..12].copy_from_slice(&day.to_le_bytes());
    key[12..16].copy_from_slice(&(phase as u32).to_le_bytes());
    key[16..24].copy_from_slice(&sub.to_le_bytes());
    key[24..32].copy_from_slice(b"attritn1");
    ChaCha8Rng::from_seed(key)
}

/// A uniform draw in [0, 1).
pub fn roll(rng: &mut Stream) -> f64 {
    rng.random::<f64>()
}

/// True with probability `p`.
pub fn chance(rng: &mut Stream, p: f64) -> bool {
    p > 0.0 && (p >= 1.0 || roll(rng) < p)
}

/// Rounds `x` down or up at random so that the expected result is `x`.
pub fn round_random(rng: &mut Stream, x: f64) -> u32 {
    if x <= 0.0 {
        return 0;
    }
    let whole = libm::floor(x);
    let frac = x - whole;
    // The cast saturates at u32::MAX; so does the sum.
    (whole as u32).saturating_add(u32::from(chance(rng, frac)))
}

/// Number of successes in `n` trials of probability `p` (exact for small `n`, normal approximation above).
pub fn binomial(rng: &mut Stream, n: u32, p: f64) -> u32 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if n <= 64 {
        return (0..n).filter(|_| roll(rng) < p).count() as u32;
    }
    // Box–Muller with libm, so the result is the same on every platform.
    let u1 = roll(rng).max(1e-12);
    let u2 = roll(rng);
    let z = libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(std::f64::consts::TAU * u2);
    let mean = n as f64 * p;
    let sd = libm::sqrt(mean * (1.0 - p));
    let x = libm::round(mean + z * sd);
    x.clamp(0.0, n as f64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_differ_by_every_key_part() {
        let a = roll(&mut stream(1, 1, Phase::Drones, 0));
        assert_ne!(a, roll(&mut stream(2, 1, Phase::Drones, 0)));
        assert_ne!(a, roll(&mut stream(1, 2, Phase::Drones, 0)));
        assert_ne!(a, roll(&mut stream(1, 1, Phase::Fires, 0)));
        assert_ne!(a, roll(&mut stream(1, 1, Phase::Drones, 1)));
        assert_eq!(a, roll(&mut stream(1, 1, Phase::Drones, 0)));
    }

    #[test]
    fn binomial_mean_is_close() {
        let mut r = stream(7, 0, Phase::Fires, 0);
        let total: u32 = (0..2000).map(|_| binomial(&mut r, 200, 0.1)).sum();
        let mean = total as f64 / 2000.0;
        assert!((mean - 20.0).abs() < 0.5, "mean {mean}");
        let small: u32 = (0..2000).map(|_| binomial(&mut r, 10, 0.3)).sum();
        assert!((small as f64 / 2000.0 - 3.0).abs() < 0.15);
    }

    #[test]
    fn round_random_keeps_the_expectation() {
        let mut r = stream(3, 0, Phase::Drones, 9);
        let total: u32 = (0..10000).map(|_| round_random(&mut r, 0.25)).sum();
        assert!((2300..2700).contains(&total), "{total}");
    }
}

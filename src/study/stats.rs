//! The statistics of studies, computed as analysts' tools compute them: percentiles by linear
//! interpolation between order statistics (Hyndman–Fan type 7, the default of numpy's
//! `percentile` and R's `quantile`), and paired differences judged by Student's t with the
//! interval in the table.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The `p`-quantile (0 ≤ p ≤ 1) of a sorted sample by type 7: h = (n − 1)·p, then linear
/// interpolation between the order statistics around h. NaN for an empty sample.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() || !p.is_finite() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// [`quantile_sorted`] of an unsorted sample.
pub fn quantile(sample: &[f64], p: f64) -> f64 {
    let mut s = sample.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    quantile_sorted(&s, p)
}

/// The two-sided confidence interval of a mean from a sample, by Student's t with n − 1
/// degrees of freedom (the paired t-test's interval when the sample is per-seed differences).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MeanInterval {
    pub n: usize,
    pub mean: f64,
    /// Standard error of the mean (sample standard deviation / √n); NaN below two values.
    pub se: f64,
    /// Confidence level, e.g. 0.95.
    pub level: f64,
    /// The interval's ends (NaN below two values).
    pub lo: f64,
    pub hi: f64,
}

impl MeanInterval {
    pub fn of(sample: &[f64], level: f64) -> MeanInterval {
        let n = sample.len();
        let mean = if n == 0 { f64::NAN } else { sample.iter().sum::<f64>() / n as f64 };
        if n < 2 {
            return MeanInterval { n, mean, se: f64::NAN, level, lo: f64::NAN, hi: f64::NAN };
        }
        let var = sample.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        let se = (var / n as f64).sqrt();
        let t = t_quantile(1.0 - (1.0 - level) / 2.0, (n - 1) as f64);
        let half = t * se;
        // All differences equal (se = 0): the interval is the point itself.
        let (lo, hi) = if half.is_finite() { (mean - half, mean + half) } else { (mean, mean) };
        MeanInterval { n, mean, se, level, lo, hi }
    }

    /// Whether the interval excludes zero (a clear difference); None below two values.
    pub fn excludes_zero(&self) -> Option<bool> {
        excludes_zero(self.n, self.lo, self.hi)
    }
}

/// Whether an interval [lo, hi] from `n` values excludes zero; None below two values.
pub fn excludes_zero(n: usize, lo: f64, hi: f64) -> Option<bool> {
    (n >= 2 && lo.is_finite()).then_some(lo > 0.0 || hi < 0.0)
}

/// The p-quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => t.inverse_cdf(p),
        Err(_) => f64::NAN,
    }
}

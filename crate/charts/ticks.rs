//! One tick policy for the axes of every chart: where the ticks go and how their labels read.
//!
//! - Linear axes tick at 1, 2 or 5 × 10ⁿ, with as many decimals as the step needs (a step of
//!   0.05 gives 0.05, 0.10, 0.15 — never 0.1, 0.1, 0.2).
//! - Integer axes (epochs, steps, iterations, classes) step by whole numbers only, so a label
//!   never repeats and never shows a fraction.
//! - Log axes are drawn in log₁₀ units; they tick at decades (every 1, 2, 5, 10, … decades when
//!   the axis spans many) labelled 10ⁿ with Unicode superscripts, with faint minor lines between.
//! - Time axes are in seconds, labelled "s", or "min" past a few minutes.
//!
//! Nothing here draws: `frame` turns these ticks into plotters key points and labels.

/// The true minus sign, as the page writes negative numbers.
pub const MINUS: char = '\u{2212}';

/// What an axis measures, which decides where its ticks go and how they read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// A real quantity: 1-2-5 steps.
    #[default]
    Linear,
    /// A count: whole-number steps only.
    Integer,
    /// log₁₀ of the value: the axis range is in decades, ticks at whole decades.
    Log,
    /// Seconds of measured time.
    Seconds,
}

/// The ticks of one axis: major values with their labels, and minor values (faint lines only).
/// Values are in axis units (exponents on a log axis), ascending.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ticks {
    pub values: Vec<f64>,
    pub labels: Vec<String>,
    pub minor: Vec<f64>,
}

impl Ticks {
    /// The label of the major tick at `v` (plotters hands back the key points it was given).
    pub fn label_of(&self, v: f64) -> String {
        let nearest = self
            .values
            .iter()
            .enumerate()
            .min_by(|a, b| (a.1 - v).abs().total_cmp(&(b.1 - v).abs()))
            .map(|(i, _)| i);
        nearest.map(|i| self.labels[i].clone()).unwrap_or_default()
    }
}

/// Ticks of `kind` on [lo, hi] (lo < hi), at most `max_count` of them (at least 2 allowed).
pub fn ticks(kind: Kind, lo: f64, hi: f64, max_count: usize) -> Ticks {
    match kind {
        Kind::Linear => linear(lo, hi, max_count),
        Kind::Integer => integer(lo, hi, max_count),
        Kind::Log => decades(lo, hi, max_count),
        Kind::Seconds => seconds(lo, hi, max_count),
    }
}

/// The smallest step of 1, 2 or 5 × 10ⁿ that puts at most `max_count` ticks on a span.
pub fn nice_step(span: f64, max_count: usize) -> f64 {
    if !(span.is_finite() && span > 0.0) {
        return 1.0;
    }
    let raw = span / (max_count.max(2) - 1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|&s| s >= raw * (1.0 - 1e-9)).unwrap_or(10.0 * power)
}

/// Decimals that show every multiple of `step` (a 1-2-5 step) exactly: 0.5 → 1, 0.05 → 2, 20 → 0.
pub fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    (-(step.log10() + 1e-9).floor()).clamp(0.0, 12.0) as usize
}

/// `v` with `decimals` places and a true minus sign ("−0" never appears).
pub fn format_fixed(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    let zero = s.trim_start_matches('-').chars().all(|c| c == '0' || c == '.');
    if zero {
        s.trim_start_matches('-').to_string()
    } else {
        s.replace('-', &MINUS.to_string())
    }
}

/// 10ⁿ with a superscript exponent: 10⁻³, 10⁰, 10¹².
pub fn power_of_ten(exponent: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut s = String::from("10");
    if exponent < 0 {
        s.push('⁻');
    }
    for d in exponent.unsigned_abs().to_string().bytes() {
        s.push(DIGITS[(d - b'0') as usize]);
    }
    s
}

/// Multiples of `step` in [lo, hi], computed as k·step (no drift from repeated addition).
fn multiples(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|k| k as f64 * step).map(|v| if v.abs() < step * 1e-9 { 0.0 } else { v }).collect()
}

pub fn linear(lo: f64, hi: f64, max_count: usize) -> Ticks {
    let step = nice_step(hi - lo, max_count);
    let values = multiples(lo, hi, step);
    let d = decimals_for(step);
    let labels = values.iter().map(|&v| format_fixed(v, d)).collect();
    Ticks { values, labels, minor: Vec::new() }
}

pub fn integer(lo: f64, hi: f64, max_count: usize) -> Ticks {
    let step = nice_step(hi - lo, max_count).max(1.0);
    let values = multiples(lo, hi, step);
    let labels = values.iter().map(|&v| format_fixed(v, 0)).collect();
    Ticks { values, labels, minor: Vec::new() }
}

/// `lo`, `hi` are exponents (log₁₀ of the values at the axis ends).
pub fn decades(lo: f64, hi: f64, max_count: usize) -> Ticks {
    let step = nice_step(hi - lo, max_count).max(1.0);
    let values = multiples(lo, hi, step);
    let labels = values.iter().map(|&v| power_of_ten(v.round() as i32)).collect();
    let (first, last) = (lo.floor() as i64, hi.ceil() as i64);
    let inside = |v: &f64| *v > lo - 1e-9 && *v < hi + 1e-9 && !values.iter().any(|m| (m - v).abs() < 1e-9);
    let minor: Vec<f64> = if step > 1.0 {
        (first..=last).map(|e| e as f64).filter(inside).collect()
    } else if last - first <= 8 {
        (first..last).flat_map(|e| (2..10).map(move |m| e as f64 + (m as f64).log10())).filter(inside).collect()
    } else {
        Vec::new()
    };
    Ticks { values, labels, minor }
}

/// Seconds up to 5 minutes ("20 s"), then whole minutes ("3 min").
pub fn seconds(lo: f64, hi: f64, max_count: usize) -> Ticks {
    if hi <= 300.0 {
        let step = nice_step(hi - lo, max_count);
        let values = multiples(lo, hi, step);
        let d = decimals_for(step);
        let labels = values.iter().map(|&v| format!("{} s", format_fixed(v, d))).collect();
        return Ticks { values, labels, minor: Vec::new() };
    }
    let step = nice_step((hi - lo) / 60.0, max_count).max(1.0) * 60.0;
    let values = multiples(lo, hi, step);
    let labels = values.iter().map(|&v| format!("{} min", format_fixed(v / 60.0, 0))).collect();
    Ticks { values, labels, minor: Vec::new() }
}

/// An axis range that can hold ticks: lo < hi, both finite. A single value or an empty axis
/// gets a unit-wide range around it (0…1 when there is nothing at all); a count or a positive
/// quantity starting near 0 starts at 0.
pub fn range(kind: Kind, lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() && lo <= hi { (lo, hi) } else { (0.0, 1.0) };
    let (lo, hi) = if lo < hi {
        (lo, hi)
    } else if lo == 0.0 {
        (0.0, 1.0)
    } else {
        match kind {
            Kind::Log => (lo.floor() - 1.0, lo.floor() + 1.0),
            Kind::Integer if (0.0..1.0).contains(&lo) => (0.0, lo + 1.0),
            Kind::Integer => (lo - 1.0, lo + 1.0),
            Kind::Seconds if lo > 0.0 => (0.0, 2.0 * lo),
            _ => (lo - 0.1 * lo.abs(), lo + 0.1 * lo.abs()),
        }
    };
    match kind {
        Kind::Integer | Kind::Seconds if lo > 0.0 && lo <= 0.1 * hi => (0.0, hi),
        Kind::Linear if lo > 0.0 && lo <= 0.02 * hi => (0.0, hi),
        _ => (lo, hi),
    }
}

/// Width of `text` in pixels at font size `px`, estimated without a font (digits and Latin
/// letters about 0.6 em, CJK characters 1 em): used to space ticks and lay out legends.
pub fn text_width(text: &str, px: f64) -> f64 {
    text.chars()
        .map(|c| match c as u32 {
            0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF => 1.0,
            0x2070..=0x209F | 0xB2 | 0xB3 | 0xB9 => 0.42,
            _ if c == ' ' || c == '.' || c == ',' || c == 'i' || c == 'l' || c == '|' => 0.3,
            _ if c.is_uppercase() => 0.68,
            _ => 0.58,
        })
        .sum::<f64>()
        * px
}

/// `text` broken into lines of at most `width` pixels at font size `px`: at spaces, or between
/// any two characters of a word that is wider than a line (Japanese has no spaces).
pub fn wrap(text: &str, width: f64, px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_inclusive(' ') {
        if !line.is_empty() && text_width(&format!("{line}{}", word.trim_end()), px) > width {
            lines.push(line.trim_end().to_string());
            line.clear();
        }
        for c in word.chars() {
            if !line.trim().is_empty() && c != ' ' && text_width(&format!("{line}{c}"), px) > width {
                lines.push(line.trim_end().to_string());
                line.clear();
            }
            line.push(c);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Ticks for an axis `length` pixels long whose labels must not touch: at most one per
/// `min_gap` pixels, and (along x, where labels sit side by side) fewer while the widest label
/// plus a gap would not fit. `label_px` is the label font size.
pub fn fit(kind: Kind, lo: f64, hi: f64, length: f64, min_gap: f64, label_px: f64, horizontal: bool) -> Ticks {
    let mut max_count = ((length / min_gap.max(1.0)).floor() as usize + 1).clamp(2, 12);
    loop {
        let t = ticks(kind, lo, hi, max_count);
        if !horizontal || max_count <= 2 {
            return t;
        }
        let widest = t.labels.iter().map(|l| text_width(l, label_px)).fold(0.0, f64::max);
        let needed = t.values.len() as f64 * (widest + 1.2 * label_px);
        if needed <= length {
            return t;
        }
        max_count = (t.values.len() - 1).clamp(2, max_count - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_five() {
        assert_eq!(nice_step(10.0, 6), 2.0);
        assert_eq!(nice_step(1.0, 11), 0.1);
        assert_eq!(nice_step(3.0, 4), 1.0);
        assert_eq!(nice_step(10000.0, 6), 2000.0);
        assert_eq!(nice_step(0.07, 8), 0.01);
    }

    #[test]
    fn labels_never_repeat() {
        let t = linear(0.0, 0.1, 6);
        assert_eq!(t.labels, ["0.00", "0.02", "0.04", "0.06", "0.08", "0.10"]);
        let t = linear(-1.0, 1.0, 5);
        assert_eq!(t.labels, ["−1.0", "−0.5", "0.0", "0.5", "1.0"]);
    }
}

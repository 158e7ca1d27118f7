//! A trained network as a small, versioned file, so a learner can keep, export and import it.
//!
//! Layout (little-endian):
//! ```text
//! 8 bytes  magic "GRADLABM"
//! u32      format version (1)
//! u32      header length H
//! H bytes  UTF-8 header, one `key=value` per line: input, hidden, output, activation, dataset,
//!          and optionally test_accuracy and name
//! f32 ×N   W1 (input×hidden), b1 (hidden), W2 (hidden×output), b2 (output), each row-major
//! u32      CRC-32 of every byte before it
//! ```
//! Import checks every field and the checksum, so a wrong, truncated or foreign file is named
//! for what it is and never half-loaded.

use crate::crc32::crc32;
use crate::nn::{ActivationKind, TwoLayerNet, WeightInit};
use crate::rng::Rng;
use crate::Error;
use nalgebra::DMatrix;

pub const MAGIC: &[u8; 8] = b"GRADLABM";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone)]
pub struct Model {
    pub net: TwoLayerNet<f32>,
    /// Which data it was trained on ("mnist", "fashion", "custom").
    pub dataset: String,
    pub test_accuracy: Option<f64>,
    pub name: String,
}

fn bad(message: impl Into<String>) -> Error {
    Error::ModelFormat(message.into())
}

/// Reads little-endian values from a byte slice, reporting truncation.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], Error> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| {
            bad(format!("truncated model file: {what} needs {n} bytes at offset {}, the file has {}", self.at, self.bytes.len()))
        })?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u32(&mut self, what: &str) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.take(4, what)?.try_into().expect("4 bytes")))
    }
}

impl Model {
    pub fn to_bytes(&self) -> Vec<u8> {
        let net = &self.net;
        let mut header = format!(
            "input={}\nhidden={}\noutput={}\nactivation={}\ndataset={}\n",
            net.input_size(),
            net.hidden_size(),
            net.output_size(),
            net.activation.kind().name(),
            sanitize_name(&self.dataset)
        );
        if let Some(acc) = self.test_accuracy {
            header += &format!("test_accuracy={acc}\n");
        }
        let name = sanitize_name(&self.name);
        if !name.is_empty() {
            header += &format!("name={name}\n");
        }
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(header.as_bytes());
        for p in net.params() {
            // row-major, independent of nalgebra's column-major storage
            for r in 0..p.nrows() {
                for c in 0..p.ncols() {
                    out.extend_from_slice(&p[(r, c)].to_le_bytes());
                }
            }
        }
        let crc = crc32(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, Error> {
        let mut r = Reader { bytes, at: 0 };
        let magic = r.take(8, "the magic number").map_err(|_| bad("not a GradLab model file (too short)"))?;
        if magic != MAGIC {
            return Err(bad(format!(
                "not a GradLab model file: it starts with {:?}, expected \"GRADLABM\"",
                String::from_utf8_lossy(magic)
            )));
        }
        let version = r.u32("the version")?;
        if version != VERSION {
            return Err(bad(format!("unsupported model format version {version}; this app reads version {VERSION}")));
        }
        let header_len = r.u32("the header length")?;
        if header_len > MAX_HEADER_BYTES {
            return Err(bad(format!("the header length is {header_len} bytes, more than the {MAX_HEADER_BYTES} a model file may have")));
        }
        let header = std::str::from_utf8(r.take(header_len as usize, "the header")?)
            .map_err(|e| bad(format!("the header is not UTF-8 text (bad byte at header offset {})", e.valid_up_to())))?;
        let header = Header::parse(header)?;
        let sizes = parse_sizes(&header)?;
        // Sizes in u64: the counts are bounded, but the arithmetic must not depend on it.
        let expected = 16 + header_len as u64 + 4 * sizes.count() + 4;
        let found = bytes.len() as u64;
        if found < expected {
            return Err(bad(format!(
                "truncated model file: {found} bytes, the header ({}) describes {expected}",
                sizes.label()
            )));
        }
        if found > expected {
            return Err(bad(format!(
                "{} unexpected bytes after the checksum: {found} bytes, the header ({}) describes {expected}",
                found - expected,
                sizes.label()
            )));
        }
        let (body, tail) = bytes.split_at(bytes.len() - 4);
        if crc32(body) != u32::from_le_bytes(tail.try_into().expect("4 bytes")) {
            return Err(bad("checksum mismatch: the model file is corrupt"));
        }
        let (input, hidden, output) = (sizes.input, sizes.hidden, sizes.output);
        let activation = header.get("activation").and_then(ActivationKind::from_name).ok_or_else(|| {
            bad(format!("unknown activation {:?}; expected sigmoid or relu", header.get("activation").unwrap_or("")))
        })?;
        let mut read_matrix = |rows: usize, cols: usize, name: &str| -> Result<DMatrix<f32>, Error> {
            let raw = r.take(4 * rows * cols, name)?;
            let values: Vec<f32> = raw.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes"))).collect();
            if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                return Err(bad(format!("{name} contains NaN or infinite weights (the first at index {i} is {})", values[i])));
            }
            Ok(DMatrix::from_row_slice(rows, cols, &values))
        };
        let w1 = read_matrix(input, hidden, "W1")?;
        let b1 = read_matrix(1, hidden, "b1")?;
        let w2 = read_matrix(hidden, output, "W2")?;
        let b2 = read_matrix(1, output, "b2")?;
        let mut net = TwoLayerNet::new(1, 1, 1, activation, WeightInit::Std(0.0), &mut Rng::new(0));
        net.affine1 = crate::nn::Affine::new(w1, b1);
        net.affine2 = crate::nn::Affine::new(w2, b2);
        Ok(Model {
            net,
            dataset: sanitize_name(header.get("dataset").unwrap_or("unknown")),
            test_accuracy: header.get("test_accuracy").and_then(|v| v.parse().ok()).filter(|a: &f64| (0.0..=1.0).contains(a)),
            name: sanitize_name(header.get("name").unwrap_or("")),
        })
    }
}

// ---- What the page says about a network ----------------------------------------------------

/// How a hidden layer's activation is written in a network's label: "sigmoid", and "ReLU" as
/// the book writes it (the names in URLs and files are `ActivationKind::name`'s lower case).
pub fn activation_label(kind: ActivationKind) -> &'static str {
    match kind {
        ActivationKind::Sigmoid => "sigmoid",
        ActivationKind::Relu => "ReLU",
    }
}

/// The name of each option of the trainer's `data` key (crate/config.rs) in a kept network's
/// name. Language-independent: the name is stored with the network.
const DATASET_LABELS: [(&str, &str); 3] = [("mnist", "MNIST"), ("fashion", "Fashion-MNIST"), (OWN_DATA, "Own data")];

/// The `data` option of the learner's own IDX files; the page names them in its language.
pub const OWN_DATA: &str = "custom";

/// The data whose ten classes are the digits 0–9: MNIST, and the learner's own files (the app
/// reads them as digits). Fashion-MNIST's are clothes; a network from NumPy ("unknown") may be
/// anything.
const DIGIT_DATA: [&str; 2] = ["mnist", OWN_DATA];

/// `id`'s name in a kept network's name ("MNIST"); an id the app does not offer, as it is.
pub fn dataset_label(id: &str) -> &str {
    DATASET_LABELS.iter().find(|(known, _)| *known == id).map_or(id, |(_, label)| label)
}

/// A fraction as a stored name writes it: a percentage with one decimal, ties rounded up
/// ("94.7%", "6.3%" for 0.0625), as `Intl.NumberFormat('en', { style: 'percent' })` does — the
/// exact value of the f64 is rounded, not a product that may itself be rounded.
pub fn stored_percent(fraction: f64) -> String {
    let fraction = if fraction.is_finite() { fraction.clamp(0.0, 1.0) } else { 0.0 };
    // fraction = mantissa · 2^-shift exactly; per-mille = mantissa · 1000 / 2^shift.
    let bits = fraction.to_bits();
    let (exponent, mantissa) = ((bits >> 52) & 0x7ff, bits & ((1u64 << 52) - 1));
    let (mantissa, shift) = if exponent == 0 { (mantissa, 1074) } else { (mantissa | 1 << 52, 1075 - exponent as u32) };
    let scaled = mantissa as u128 * 1000; // < 2^63
    let tenths = if shift >= 127 {
        0 // below 2^-64: far under half a tenth of a percent
    } else {
        let (whole, rest) = (scaled >> shift, scaled & ((1u128 << shift) - 1));
        whole + u128::from(rest >= 1u128 << (shift - 1))
    };
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// The local time a network was kept at, as the page reads it from its clock (Rust has no
/// time zone in the browser).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    pub year: i32,
    /// 1..=12
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

impl Model {
    /// The network's shape and activation: "784-50-10 ReLU".
    pub fn label(&self) -> String {
        let net = &self.net;
        format!("{}-{}-{} {}", net.input_size(), net.hidden_size(), net.output_size(), activation_label(net.activation.kind()))
    }

    /// Whether the drawing pad can be read with it: an input per pixel of the 28×28 image the
    /// pad is turned into (`digit::SIZE`), and an output per digit (`dataset::CLASSES`).
    pub fn reads_pad(&self) -> bool {
        let net = &self.net;
        net.input_size() == crate::digit::SIZE * crate::digit::SIZE && net.output_size() == crate::data::dataset::CLASSES
    }

    /// Whether its classes are the digits 0–9 (see `DIGIT_DATA`), so its guess names a digit.
    pub fn trained_on_digits(&self) -> bool {
        DIGIT_DATA.contains(&self.dataset.as_str())
    }

    /// Whether it was trained on the learner's own files ([`OWN_DATA`]).
    pub fn own_data(&self) -> bool {
        self.dataset == OWN_DATA
    }

    /// The name a network kept from a run gets: data, label, test accuracy (when known) and
    /// when, "MNIST 784-50-10 sigmoid · 94.7% · 2026-11-28 03:12".
    pub fn generated_name(&self, at: LocalTime) -> String {
        let mut parts = vec![format!("{} {}", dataset_label(&self.dataset), self.label())];
        if let Some(acc) = self.test_accuracy {
            parts.push(stored_percent(acc));
        }
        let LocalTime { year, month, day, hour, minute } = at;
        parts.push(format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02}"));
        parts.join(" · ")
    }
}

// The same limits as the trainer's: nothing the app could not have made itself.
/// The most inputs of a network (a 64×64 image).
pub const MAX_INPUT: usize = 4096;
/// The most hidden units (the trainer's `hidden` control goes to 1000).
pub const MAX_HIDDEN: usize = 1000;
/// The most outputs (classes).
pub const MAX_OUTPUT: usize = 100;

/// The longest header a model file may have: six short lines and a name of at most
/// [`MAX_NAME_CHARS`] characters fit many times over.
pub const MAX_HEADER_BYTES: u32 = 4096;
/// The longest name of a kept network, in characters.
pub const MAX_NAME_CHARS: usize = 100;

/// A name safe to store and show: control characters (line breaks, tabs, NUL…) and the
/// invisible bidi controls that can make text display reversed (U+202E…) removed, spaces
/// trimmed, at most [`MAX_NAME_CHARS`] characters.
pub fn sanitize_name(name: &str) -> String {
    let is_bidi_control = |c: char| {
        matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    let kept: String = name.chars().filter(|&c| !c.is_control() && !is_bidi_control(c)).collect();
    kept.trim().chars().take(MAX_NAME_CHARS).collect::<String>().trim_end().to_string()
}

/// The `key=value` lines of a model header; a key given twice or a line without `=` is an error
/// (which value would be meant?). Unknown keys are kept and ignored, for later versions.
struct Header<'a> {
    lines: Vec<(&'a str, &'a str)>,
}

impl<'a> Header<'a> {
    fn parse(text: &'a str) -> Result<Header<'a>, Error> {
        let mut lines: Vec<(&'a str, &'a str)> = Vec::new();
        let mut first_line: Vec<usize> = Vec::new();
        for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let (key, value) = line
                .split_once('=')
                .ok_or_else(|| bad(format!("header line {} is {:?}, not key=value", n + 1, truncate(line))))?;
            if let Some(i) = lines.iter().position(|(k, _)| *k == key) {
                return Err(bad(format!("header line {} repeats '{key}' (first given on line {})", n + 1, first_line[i])));
            }
            lines.push((key, value));
            first_line.push(n + 1);
        }
        Ok(Header { lines })
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        self.lines.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

/// At most 40 characters of `s`, for quoting file contents in a message.
fn truncate(s: &str) -> String {
    if s.chars().count() <= 40 {
        s.to_string()
    } else {
        s.chars().take(40).collect::<String>() + "…"
    }
}

struct Sizes {
    input: usize,
    hidden: usize,
    output: usize,
}

impl Sizes {
    fn count(&self) -> u64 {
        let (i, h, o) = (self.input as u64, self.hidden as u64, self.output as u64);
        i * h + h + h * o + o
    }
    fn label(&self) -> String {
        format!("{}-{}-{}", self.input, self.hidden, self.output)
    }
}

/// Layer sizes from the header, each within what the app can build.
fn parse_sizes(header: &Header) -> Result<Sizes, Error> {
    let get = |key: &str, max: u64| -> Result<usize, Error> {
        let v = header.get(key).ok_or_else(|| bad(format!("header has no '{key}' line")))?;
        let digits = v.trim();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(format!("'{key}' is {:?}, not a whole number", truncate(v))));
        }
        // All digits: a number too long for u64 is simply out of range.
        let n = digits.parse::<u64>().unwrap_or(u64::MAX);
        if n == 0 || n > max {
            let shown = if n == u64::MAX { truncate(digits) } else { n.to_string() };
            return Err(bad(format!("'{key}' is {shown}, out of range: expected 1..={max}")));
        }
        Ok(n as usize)
    };
    Ok(Sizes { input: get("input", MAX_INPUT as u64)?, hidden: get("hidden", MAX_HIDDEN as u64)?, output: get("output", MAX_OUTPUT as u64)? })
}


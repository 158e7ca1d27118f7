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
            self.dataset
        );
        if let Some(acc) = self.test_accuracy {
            header += &format!("test_accuracy={acc}\n");
        }
        if !self.name.is_empty() {
            header += &format!("name={}\n", self.name.replace('\n', " "));
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
        if bytes.len() >= 4 {
            let (body, tail) = bytes.split_at(bytes.len() - 4);
            let stored = u32::from_le_bytes(tail.try_into().expect("4 bytes"));
            if crc32(body) != stored {
                // Truncation is the likelier story when the file is shorter than promised; the
                // size check below reports it precisely, so only complain here if sizes agree.
                let header_len = r.u32("the header length")? as usize;
                let header = std::str::from_utf8(r.take(header_len, "the header")?).map_err(|_| bad("header is not UTF-8 text"))?;
                let expected = 8 + 4 + 4 + header_len + 4 * parse_sizes(header)?.count() + 4;
                if bytes.len() != expected {
                    return Err(bad(format!("truncated or padded model file: {} bytes, the header describes {expected}", bytes.len())));
                }
                return Err(bad("checksum mismatch: the model file is corrupt"));
            }
        }
        let header_len = r.u32("the header length")? as usize;
        let header = std::str::from_utf8(r.take(header_len, "the header")?).map_err(|_| bad("header is not UTF-8 text"))?;
        let sizes = parse_sizes(header)?;
        let (input, hidden, output) = (sizes.input, sizes.hidden, sizes.output);
        let get = |key: &str| header.lines().find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix('=')));
        let activation = get("activation").and_then(ActivationKind::from_name).ok_or_else(|| {
            bad(format!("unknown activation {:?}; expected sigmoid or relu", get("activation").unwrap_or("")))
        })?;
        let mut read_matrix = |rows: usize, cols: usize, name: &str| -> Result<DMatrix<f32>, Error> {
            let raw = r.take(4 * rows * cols, name)?;
            let values: Vec<f32> = raw.chunks_exact(4).map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes"))).collect();
            if values.iter().any(|v| !v.is_finite()) {
                return Err(bad(format!("{name} contains NaN or infinite weights")));
            }
            Ok(DMatrix::from_row_slice(rows, cols, &values))
        };
        let w1 = read_matrix(input, hidden, "W1")?;
        let b1 = read_matrix(1, hidden, "b1")?;
        let w2 = read_matrix(hidden, output, "W2")?;
        let b2 = read_matrix(1, output, "b2")?;
        r.take(4, "the checksum")?;
        if r.at != bytes.len() {
            return Err(bad(format!("{} unexpected bytes after the checksum", bytes.len() - r.at)));
        }
        let mut net = TwoLayerNet::new(1, 1, 1, activation, WeightInit::Std(0.0), &mut Rng::new(0));
        net.affine1 = crate::nn::Affine::new(w1, b1);
        net.affine2 = crate::nn::Affine::new(w2, b2);
        Ok(Model {
            net,
            dataset: get("dataset").unwrap_or("unknown").to_string(),
            test_accuracy: get("test_accuracy").and_then(|v| v.parse().ok()).filter(|a: &f64| (0.0..=1.0).contains(a)),
            name: get("name").unwrap_or("").to_string(),
        })
    }
}

struct Sizes {
    input: usize,
    hidden: usize,
    output: usize,
}

impl Sizes {
    fn count(&self) -> usize {
        self.input * self.hidden + self.hidden + self.hidden * self.output + self.output
    }
}

/// Layer sizes from the header, each within what the app can build.
fn parse_sizes(header: &str) -> Result<Sizes, Error> {
    let get = |key: &str, max: usize| -> Result<usize, Error> {
        let v = header
            .lines()
            .find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix('=')))
            .ok_or_else(|| bad(format!("header has no '{key}' line")))?;
        let n: usize = v.trim().parse().map_err(|_| bad(format!("'{key}' is {v:?}, not a number")))?;
        if n == 0 || n > max {
            return Err(bad(format!("'{key}' is {n}, expected 1..={max}")));
        }
        Ok(n)
    };
    // The same limits as the trainer's: nothing the app could not have made itself.
    Ok(Sizes { input: get("input", 4096)?, hidden: get("hidden", 1000)?, output: get("output", 100)? })
}

/// CRC-32 (IEEE), as in gzip and PNG.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    crc.sum()
}

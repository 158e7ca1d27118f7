//! A network as NumPy's `.npz` (a zip of `.npy` arrays), for learners who also train in Python:
//! the arrays `W1` (input, hidden), `b1` (hidden,), `W2` (hidden, output) and `b2` (output,)
//! load straight into the book's `TwoLayerNet.params`; `activation` (bytes of "sigmoid" or
//! "relu") travels along. Import takes what `np.savez` / `np.savez_compressed` write: float32 or
//! float64, little- or big-endian, C or Fortran order, and holds it to the same checks and limits
//! as a `.gradlab` file. The container is read and written by [`zip`], each array by [`npy`]; both
//! are small readers of just what NumPy writes (issue #11: the wasm stays under 300 KiB gzipped).

mod npy;
mod zip;

use crate::model::{Model, MAX_HIDDEN, MAX_INPUT, MAX_OUTPUT};
use crate::nn::{ActivationKind, Affine, TwoLayerNet, WeightInit};
use crate::rng::Rng;
use crate::Error;
use nalgebra::DMatrix;

/// The largest .npy header accepted (NumPy writes 128 bytes for these arrays).
const MAX_NPY_HEADER: usize = 64 << 10;
/// The largest array, in elements: W1 of the biggest network the app can build.
const MAX_ELEMENTS: u64 = (MAX_INPUT * MAX_HIDDEN) as u64;
/// The largest archive: every array as float64 with room for headers and zip records.
pub const MAX_NPZ_BYTES: u64 = 8 * (MAX_ELEMENTS + (MAX_HIDDEN + MAX_HIDDEN * MAX_OUTPUT + MAX_OUTPUT) as u64) + (1 << 20);

fn bad(message: impl Into<String>) -> Error {
    Error::ModelFormat(format!("(.npz) {}", message.into()))
}

/// Writes the network as an .npz that `np.load` reads (float32, C order, entries stored).
pub fn to_npz(model: &Model) -> Vec<u8> {
    let net = &model.net;
    let float32 = |m: &DMatrix<f32>, shape: &[usize]| {
        // row-major (C order), independent of nalgebra's column-major storage
        let values = (0..m.nrows()).flat_map(|r| (0..m.ncols()).map(move |c| m[(r, c)]));
        npy::write("<f4", shape, &values.flat_map(f32::to_le_bytes).collect::<Vec<u8>>())
    };
    let (w1, b1, w2, b2) = (&net.affine1.w, &net.affine1.b, &net.affine2.w, &net.affine2.b);
    let activation = net.activation.kind().name().as_bytes();
    zip::write(&[
        ("W1.npy".into(), float32(w1, &[w1.nrows(), w1.ncols()])),
        ("b1.npy".into(), float32(b1, &[b1.len()])),
        ("W2.npy".into(), float32(w2, &[w2.nrows(), w2.ncols()])),
        ("b2.npy".into(), float32(b2, &[b2.len()])),
        ("activation.npy".into(), npy::write("|u1", &[activation.len()], activation)),
    ])
}

/// Reads an .npz written by [`to_npz`] or by NumPy from a `TwoLayerNet`'s params.
pub fn from_npz(bytes: &[u8]) -> Result<Model, Error> {
    if bytes.len() as u64 > MAX_NPZ_BYTES {
        return Err(bad(format!(
            "the file is {} bytes, more than the {MAX_NPZ_BYTES} the largest network (4096-1000-100, float64) needs",
            bytes.len()
        )));
    }
    let zip = zip::entries(bytes).map_err(|e| bad(format!("not a zip archive ({e})")))?;
    let w1 = read_array(&zip, "W1", 2)?;
    let (input, hidden) = (w1.shape[0], w1.shape[1]);
    check_range("W1", "inputs", input, MAX_INPUT)?;
    check_range("W1", "hidden units", hidden, MAX_HIDDEN)?;
    let b1 = read_array(&zip, "b1", 1)?;
    check_shape("b1", &b1.shape, &[hidden], "one bias per hidden unit of W1")?;
    let w2 = read_array(&zip, "W2", 2)?;
    if w2.shape[0] != hidden {
        return Err(bad(format!("W2 has {} rows but W1 has {hidden} hidden units", w2.shape[0])));
    }
    let output = w2.shape[1];
    check_range("W2", "outputs", output, MAX_OUTPUT)?;
    let b2 = read_array(&zip, "b2", 1)?;
    check_shape("b2", &b2.shape, &[output], "one bias per output of W2")?;
    let activation = read_activation(&zip)?;
    let mut net = TwoLayerNet::new(1, 1, 1, activation, WeightInit::Std(0.0), &mut Rng::new(0));
    net.affine1 = Affine::new(w1.matrix, b1.matrix); // biases are (1, n) rows
    net.affine2 = Affine::new(w2.matrix, b2.matrix);
    Ok(Model { net, dataset: "unknown".into(), test_accuracy: None, name: String::new() })
}

fn check_range(name: &str, what: &str, n: usize, max: usize) -> Result<(), Error> {
    if n == 0 || n > max {
        return Err(bad(format!("{name} has {n} {what}, expected 1..={max}")));
    }
    Ok(())
}

fn check_shape(name: &str, shape: &[usize], expected: &[usize], why: &str) -> Result<(), Error> {
    if shape != expected {
        return Err(bad(format!("{name} has shape {shape:?}, expected {expected:?} ({why})")));
    }
    Ok(())
}

struct Array {
    shape: Vec<usize>,
    matrix: DMatrix<f32>,
}

/// The bytes of `<name>.npy` if the archive has it, read no further than `limit` bytes.
fn entry_bytes(zip: &[zip::Entry], name: &str, limit: u64) -> Result<Option<Vec<u8>>, Error> {
    let file_name = format!("{name}.npy");
    let Some(entry) = zip.iter().find(|e| e.name == file_name) else {
        return Ok(None);
    };
    if entry.size() > limit {
        return Err(bad(format!("{file_name} is {} bytes, more than the {limit} its largest allowed shape needs", entry.size())));
    }
    entry.read(limit).map(Some).map_err(bad)
}

/// Splits `<name>.npy` into its header and values, with every size bounded before anything is
/// allocated from it: the header length must fit in the entry and the shape must be small.
fn parse_npy<'a>(file_name: &str, data: &'a [u8]) -> Result<(npy::Header, &'a [u8]), Error> {
    let (text, values) = npy::split(data, MAX_NPY_HEADER).map_err(|e| bad(format!("{file_name} {e}")))?;
    let header = npy::parse_header(text).map_err(|e| match e {
        npy::HeaderError::Syntax(e) => bad(format!("{file_name}: bad .npy header ({e})")),
        npy::HeaderError::NotDecimal => bad(format!("{file_name} has numbers in its header that are not plain decimals")),
    })?;
    let elements = header.shape.iter().try_fold(1u64, |n, &d| n.checked_mul(d));
    if elements.is_none_or(|n| n > 8 * MAX_ELEMENTS) {
        return Err(bad(format!("{file_name} declares a shape larger than any network the app can use")));
    }
    Ok((header, values))
}

/// Reads `<name>.npy`: a float32/float64 array with `ndim` dimensions, as an f32 matrix
/// (a 1-D array becomes one row).
fn read_array(zip: &[zip::Entry], name: &str, ndim: usize) -> Result<Array, Error> {
    let file_name = format!("{name}.npy");
    let data = entry_bytes(zip, name, 8 * MAX_ELEMENTS + MAX_NPY_HEADER as u64 + 12)?.ok_or_else(|| {
        let names: Vec<&str> = zip.iter().map(|e| e.name.as_str()).take(10).collect();
        bad(format!("the archive has no {file_name} (it holds: {})", if names.is_empty() { "nothing".into() } else { names.join(", ") }))
    })?;
    let (header, payload) = parse_npy(&file_name, &data)?;
    let shape: Vec<usize> = header.shape.iter().map(|&d| d as usize).collect();
    if shape.len() != ndim {
        return Err(bad(format!("{file_name} has {} dimensions (shape {shape:?}), expected {ndim}", shape.len())));
    }
    if shape.iter().any(|&d| d as u64 > MAX_ELEMENTS) {
        return Err(bad(format!("{file_name} has shape {shape:?}, larger than any network the app can use")));
    }
    // '<' little-endian, '>' big-endian; 'f' a float of 4 or 8 bytes
    let (big_endian, size) = match header.descr.as_str() {
        "<f4" => (false, 4),
        ">f4" => (true, 4),
        "<f8" => (false, 8),
        ">f8" => (true, 8),
        other => return Err(bad(format!("{file_name} has dtype '{other}', expected float32 or float64"))),
    };
    let expected = shape.iter().product::<usize>() * size;
    if payload.len() != expected {
        return Err(bad(format!("{file_name} holds {} bytes of data where its shape {shape:?} needs {expected}", payload.len())));
    }
    let values: Vec<f32> = payload
        .chunks_exact(size)
        .map(|b| match (size, big_endian) {
            (4, false) => f32::from_le_bytes(b.try_into().unwrap()),
            (4, true) => f32::from_be_bytes(b.try_into().unwrap()),
            (_, false) => f64::from_le_bytes(b.try_into().unwrap()) as f32,
            (_, true) => f64::from_be_bytes(b.try_into().unwrap()) as f32,
        })
        .collect();
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(bad(format!("{file_name} contains NaN or infinite weights as float32 (the first at index {i})")));
    }
    let (rows, cols) = if ndim == 2 { (shape[0], shape[1]) } else { (1, shape[0]) };
    let matrix = if header.fortran_order {
        DMatrix::from_column_slice(rows, cols, &values)
    } else {
        DMatrix::from_row_slice(rows, cols, &values)
    };
    Ok(Array { shape, matrix })
}

/// The optional `activation` array (bytes of the name); the book's network uses sigmoid.
fn read_activation(zip: &[zip::Entry]) -> Result<ActivationKind, Error> {
    let Some(data) = entry_bytes(zip, "activation", 1024)? else {
        return Ok(ActivationKind::Sigmoid);
    };
    let (header, bytes) = parse_npy("activation.npy", &data)?;
    let count = header.shape.iter().product::<u64>();
    if !matches!(header.descr.as_str(), "|u1" | "<u1" | ">u1") || bytes.len() as u64 != count {
        return Err(bad("activation.npy is not an array of bytes (uint8)"));
    }
    let name = String::from_utf8_lossy(bytes).to_string();
    ActivationKind::from_name(&name)
        .ok_or_else(|| bad(format!("activation.npy says {:?}; expected sigmoid or relu", name.chars().take(20).collect::<String>())))
}

/// Used by tests and the page to name the format of a file from its first bytes.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

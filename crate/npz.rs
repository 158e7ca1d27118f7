//! A network as NumPy's `.npz` (a zip of `.npy` arrays), for learners who also train in Python:
//! the arrays `W1` (input, hidden), `b1` (hidden,), `W2` (hidden, output) and `b2` (output,)
//! load straight into the book's `TwoLayerNet.params`; `activation` (bytes of "sigmoid" or
//! "relu") travels along. Import takes what `np.savez` / `np.savez_compressed` write: float32 or
//! float64, little- or big-endian, C or Fortran order, and holds it to the same checks and limits
//! as a `.gradlab` file. The zip container is read by `zip` and the `.npy` headers by `npyz`; the
//! code here only bounds sizes before those crates allocate.

use crate::model::{Model, MAX_HIDDEN, MAX_INPUT, MAX_OUTPUT};
use crate::nn::{ActivationKind, Affine, TwoLayerNet, WeightInit};
use crate::rng::Rng;
use crate::Error;
use nalgebra::DMatrix;
use npyz::{NpyFile, NpyHeader, Order, TypeChar, WriterBuilder};
use std::io::{Cursor, Read};

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
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let (w1, b1, w2, b2) = (&net.affine1.w, &net.affine1.b, &net.affine2.w, &net.affine2.b);
    let arrays: [(&str, &DMatrix<f32>, Vec<u64>); 4] = [
        ("W1", w1, vec![w1.nrows() as u64, w1.ncols() as u64]),
        ("b1", b1, vec![b1.len() as u64]),
        ("W2", w2, vec![w2.nrows() as u64, w2.ncols() as u64]),
        ("b2", b2, vec![b2.len() as u64]),
    ];
    // Writing to memory cannot fail; an error here would be a bug, not bad input.
    let fail = "writing an .npz to memory";
    for (name, m, shape) in arrays {
        zip.start_file(format!("{name}.npy"), options).expect(fail);
        let mut writer = npyz::WriteOptions::new().default_dtype().shape(&shape).writer(&mut zip).begin_nd().expect(fail);
        // row-major (C order), independent of nalgebra's column-major storage
        writer.extend((0..m.nrows()).flat_map(|r| (0..m.ncols()).map(move |c| m[(r, c)]))).expect(fail);
        writer.finish().expect(fail);
    }
    let activation = net.activation.kind().name().as_bytes();
    zip.start_file("activation.npy", options).expect(fail);
    let mut writer =
        npyz::WriteOptions::new().default_dtype().shape(&[activation.len() as u64]).writer(&mut zip).begin_nd().expect(fail);
    writer.extend(activation.iter().copied()).expect(fail);
    writer.finish().expect(fail);
    zip.finish().expect(fail).into_inner()
}

/// Reads an .npz written by [`to_npz`] or by NumPy from a `TwoLayerNet`'s params.
pub fn from_npz(bytes: &[u8]) -> Result<Model, Error> {
    if bytes.len() as u64 > MAX_NPZ_BYTES {
        return Err(bad(format!(
            "the file is {} bytes, more than the {MAX_NPZ_BYTES} the largest network (4096-1000-100, float64) needs",
            bytes.len()
        )));
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(format!("not a zip archive ({e})")))?;
    let mut zip = Archive { zip, len: bytes.len() as u64 };
    let w1 = read_array(&mut zip, "W1", 2)?;
    let (input, hidden) = (w1.shape[0], w1.shape[1]);
    check_range("W1", "inputs", input, MAX_INPUT)?;
    check_range("W1", "hidden units", hidden, MAX_HIDDEN)?;
    let b1 = read_array(&mut zip, "b1", 1)?;
    check_shape("b1", &b1.shape, &[hidden], "one bias per hidden unit of W1")?;
    let w2 = read_array(&mut zip, "W2", 2)?;
    if w2.shape[0] != hidden {
        return Err(bad(format!("W2 has {} rows but W1 has {hidden} hidden units", w2.shape[0])));
    }
    let output = w2.shape[1];
    check_range("W2", "outputs", output, MAX_OUTPUT)?;
    let b2 = read_array(&mut zip, "b2", 1)?;
    check_shape("b2", &b2.shape, &[output], "one bias per output of W2")?;
    let activation = read_activation(&mut zip)?;
    let mut net = TwoLayerNet::new(1, 1, 1, activation, WeightInit::Std(0.0), &mut Rng::new(0));
    net.affine1 = Affine::new(w1.matrix, b1.matrix); // biases are (1, n) rows
    net.affine2 = Affine::new(w2.matrix, b2.matrix);
    Ok(Model { net, dataset: "unknown".into(), test_accuracy: None, name: String::new() })
}

/// The first line of an error (the header parser's syntax errors draw ASCII art below it).
fn first_line(e: &impl std::fmt::Display) -> String {
    e.to_string().lines().next().unwrap_or("").trim_end_matches(':').trim().to_string()
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

/// The zip archive and its length in bytes (what its entries can decompress to is bounded by it).
struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    len: u64,
}

struct Array {
    shape: Vec<usize>,
    matrix: DMatrix<f32>,
}

/// The bytes of `<name>.npy`, read no further than the largest such array can be.
fn entry_bytes(archive: &mut Archive, name: &str, limit: u64) -> Result<Option<Vec<u8>>, Error> {
    let (zip, archive_len) = (&mut archive.zip, archive.len);
    let file_name = format!("{name}.npy");
    let mut entry = match zip.by_name(&file_name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(bad(format!("{file_name}: {e}"))),
    };
    if entry.size() > limit {
        return Err(bad(format!("{file_name} is {} bytes, more than the {limit} its largest allowed shape needs", entry.size())));
    }
    // The declared size may lie: reserve no more than the archive could expand to (deflate
    // expands at most about 1032:1); reading is bounded by `limit` either way.
    let mut data = Vec::with_capacity(entry.size().min(archive_len * 1100) as usize);
    (&mut entry).take(limit + 1).read_to_end(&mut data).map_err(|e| bad(format!("{file_name}: {e}")))?;
    if data.len() as u64 > limit {
        return Err(bad(format!("{file_name} decompresses to more than the {limit} bytes its largest allowed shape needs")));
    }
    check_npy_preamble(&file_name, &data)?;
    Ok(Some(data))
}

/// Bounds what `npyz` will allocate and multiply: the header length must fit in the entry, and
/// the numbers in the header (the shape) must be plain decimals whose product is small.
fn check_npy_preamble(file_name: &str, data: &[u8]) -> Result<(), Error> {
    if data.len() < 10 || &data[..6] != b"\x93NUMPY" {
        return Err(bad(format!("{file_name} is not a .npy array (it does not start with \\x93NUMPY)")));
    }
    let (header_len, start) = match data[6] {
        1 => (u16::from_le_bytes([data[8], data[9]]) as usize, 10),
        2 | 3 if data.len() >= 12 => (u32::from_le_bytes([data[8], data[9], data[10], data[11]]) as usize, 12),
        v => return Err(bad(format!("{file_name} is .npy format version {v}, expected 1, 2 or 3"))),
    };
    if header_len > MAX_NPY_HEADER || start + header_len > data.len() {
        return Err(bad(format!(
            "{file_name} declares a {header_len}-byte header but holds {} bytes after its preamble",
            data.len() - start
        )));
    }
    let header = &data[start..start + header_len];
    let lower = header.to_ascii_lowercase();
    // Python also writes 0x10 and 1_000: refused, so the digit runs below are the numbers.
    let digit_underscore = header.windows(2).any(|w| (w[0] == b'_' && w[1].is_ascii_digit()) || (w[1] == b'_' && w[0].is_ascii_digit()));
    if digit_underscore || lower.windows(2).any(|w| matches!(w, b"0x" | b"0o" | b"0b")) {
        return Err(bad(format!("{file_name} has numbers in its header that are not plain decimals")));
    }
    let mut product: u64 = 1;
    for run in header.split(|b| !b.is_ascii_digit()).filter(|r| !r.is_empty()) {
        let n = std::str::from_utf8(run).ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or(u64::MAX).max(1);
        product = product.saturating_mul(n);
    }
    if product > 8 * MAX_ELEMENTS {
        return Err(bad(format!("{file_name} declares a shape larger than any network the app can use")));
    }
    Ok(())
}

/// Reads `<name>.npy`: a float32/float64 array with `ndim` dimensions, as an f32 matrix
/// (a 1-D array becomes one row).
fn read_array(archive: &mut Archive, name: &str, ndim: usize) -> Result<Array, Error> {
    let file_name = format!("{name}.npy");
    let data = entry_bytes(archive, name, 8 * MAX_ELEMENTS + MAX_NPY_HEADER as u64 + 12)?.ok_or_else(|| {
        let names: Vec<String> = archive.zip.file_names().filter_map(|n| n.ok().map(|n| n.to_string())).take(10).collect();
        bad(format!("the archive has no {file_name} (it holds: {})", if names.is_empty() { "nothing".into() } else { names.join(", ") }))
    })?;
    let mut rest: &[u8] = &data;
    let header = NpyHeader::from_reader(&mut rest).map_err(|e| bad(format!("{file_name}: bad .npy header ({})", first_line(&e))))?;
    let npy = NpyFile::with_header(header, rest);
    let shape: Vec<usize> = npy.shape().iter().map(|&d| d as usize).collect();
    if shape.len() != ndim {
        return Err(bad(format!("{file_name} has {} dimensions (shape {shape:?}), expected {ndim}", shape.len())));
    }
    if shape.iter().any(|&d| d as u64 > MAX_ELEMENTS) {
        return Err(bad(format!("{file_name} has shape {shape:?}, larger than any network the app can use")));
    }
    let dtype = npy.dtype();
    let size = match &dtype {
        npyz::DType::Plain(ts) if ts.type_char() == TypeChar::Float && (ts.size_field() == 4 || ts.size_field() == 8) => ts.size_field(),
        other => return Err(bad(format!("{file_name} has dtype {}, expected float32 or float64", other.descr()))),
    };
    let expected = npy.len() * size;
    let payload = rest.len() as u64;
    if payload != expected {
        return Err(bad(format!("{file_name} holds {payload} bytes of data where its shape {shape:?} needs {expected}")));
    }
    let order = npy.order();
    let values: Vec<f32> = if size == 4 {
        npy.into_vec::<f32>().map_err(|e| bad(format!("{file_name}: {e}")))?
    } else {
        npy.into_vec::<f64>().map_err(|e| bad(format!("{file_name}: {e}")))?.into_iter().map(|v| v as f32).collect()
    };
    if let Some(i) = values.iter().position(|v| !v.is_finite()) {
        return Err(bad(format!("{file_name} contains NaN or infinite weights as float32 (the first at index {i})")));
    }
    let (rows, cols) = if ndim == 2 { (shape[0], shape[1]) } else { (1, shape[0]) };
    let matrix = match order {
        Order::C => DMatrix::from_row_slice(rows, cols, &values),
        Order::Fortran => DMatrix::from_column_slice(rows, cols, &values),
    };
    Ok(Array { shape, matrix })
}

/// The optional `activation` array (bytes of the name); the book's network uses sigmoid.
fn read_activation(archive: &mut Archive) -> Result<ActivationKind, Error> {
    let Some(data) = entry_bytes(archive, "activation", 1024)? else {
        return Ok(ActivationKind::Sigmoid);
    };
    let npy = NpyFile::new(&data[..]).map_err(|e| bad(format!("activation.npy: bad .npy header ({})", first_line(&e))))?;
    let bytes = npy.into_vec::<u8>().map_err(|_| bad("activation.npy is not an array of bytes (uint8)"))?;
    let name = String::from_utf8_lossy(&bytes).to_string();
    ActivationKind::from_name(&name)
        .ok_or_else(|| bad(format!("activation.npy says {:?}; expected sigmoid or relu", name.chars().take(20).collect::<String>())))
}

/// Used by tests and the page to name the format of a file from its first bytes.
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

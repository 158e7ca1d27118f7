//! Strict parser of the IDX format used by MNIST and Fashion-MNIST
//! (http://yann.lecun.com/exdb/mnist/, "FILE FORMATS FOR THE MNIST DATABASE").
//!
//! Layout, all integers big-endian:
//!   images: magic 0x00000803, count, rows, cols, then count*rows*cols unsigned bytes
//!   labels: magic 0x00000801, count, then count unsigned bytes
//! Unlike the book's loader (which skips a fixed offset), every field is checked
//! so a wrong file is named for what it is. Input may be raw or gzip-compressed.

use crate::Error;
use std::io::Read;

pub const IMAGES_MAGIC: u32 = 0x0000_0803;
pub const LABELS_MAGIC: u32 = 0x0000_0801;

/// Decoded image file: `pixels` holds `count` images of `rows*cols` bytes, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct IdxImages {
    pub count: usize,
    pub rows: usize,
    pub cols: usize,
    pub pixels: Vec<u8>,
}

/// The most images one file may hold: MNIST's training set, the largest set the app uses
/// (the training subset goes up to 60,000). Anything above is refused before it is read.
pub const MAX_IMAGES: u64 = 60_000;
/// The most test images: the whole test set is evaluated every epoch, and MNIST's has 10,000.
pub const MAX_TEST_IMAGES: u64 = 10_000;
/// Pixels of one image the app can use (28×28).
pub const MAX_IMAGE_PIXELS: u64 = 28 * 28;
/// Decompressed bytes read past the end the header describes before giving up counting them.
const TRAILING_PROBE: u64 = 1 << 20;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[..2] == GZIP_MAGIC
}

fn gzip_error(what: &'static str, e: std::io::Error) -> Error {
    Error::Gzip { what, message: e.to_string() }
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Checks that a file of `len` bytes has exactly `header + payload` bytes (u64: no wrap on wasm32).
fn check_length(what: &'static str, len: u64, header: u64, payload: u64) -> Result<(), Error> {
    let expected = header + payload; // payload ≤ the limits, so this cannot overflow
    match len.cmp(&expected) {
        std::cmp::Ordering::Less => Err(Error::Truncated { what, expected, found: len }),
        std::cmp::Ordering::Greater => Err(Error::TrailingBytes { what, expected, found: len }),
        std::cmp::Ordering::Equal => Ok(()),
    }
}

fn check_header(what: &'static str, bytes: &[u8], header: usize, magic: u32) -> Result<(), Error> {
    if bytes.len() < header {
        // Still report a wrong magic number if we can read one: it is the more useful message.
        if bytes.len() >= 4 && be_u32(bytes, 0) != magic {
            return Err(Error::BadMagic { what, found: be_u32(bytes, 0), expected: magic });
        }
        return Err(Error::TooShortForHeader { what, len: bytes.len(), header });
    }
    let found = be_u32(bytes, 0);
    if found != magic {
        return Err(Error::BadMagic { what, found, expected: magic });
    }
    Ok(())
}

/// Reads an IDX file (raw or gzip) whose header is `header` bytes: `payload_of(header)` checks
/// the header's numbers against the limits and says how many payload bytes follow. A gzip
/// stream is decoded only as far as the header promises (plus a short probe for extra data), so
/// a decompression bomb costs at most the limits in memory and time.
fn read_idx(
    what: &'static str,
    bytes: &[u8],
    header: usize,
    magic: u32,
    payload_of: impl Fn(&[u8]) -> Result<u64, Error>,
) -> Result<(Vec<u8>, Vec<u8>), Error> {
    if !is_gzip(bytes) {
        check_header(what, bytes, header, magic)?;
        let payload = payload_of(&bytes[..header])?;
        check_length(what, bytes.len() as u64, header as u64, payload)?;
        return Ok((bytes[..header].to_vec(), bytes[header..].to_vec()));
    }
    let mut decoder = super::gzip::GzReader::new(bytes);
    let mut head = Vec::with_capacity(header);
    (&mut decoder).take(header as u64).read_to_end(&mut head).map_err(|e| gzip_error(what, e))?;
    check_header(what, &head, header, magic)?;
    let payload = payload_of(&head)?;
    // Deflate expands at most about 1032:1, so a small file cannot need the whole promise up
    // front; payload ≤ the limits (tens of MB) fits usize even on wasm32.
    let mut data = Vec::with_capacity(payload.min(bytes.len() as u64 * 1100) as usize);
    (&mut decoder).take(payload).read_to_end(&mut data).map_err(|e| gzip_error(what, e))?;
    let expected = header as u64 + payload;
    if (data.len() as u64) < payload {
        return Err(Error::Truncated { what, expected, found: header as u64 + data.len() as u64 });
    }
    // Anything after the promised end is an error; count it up to a bound (a bomb may follow).
    let extra = std::io::copy(&mut (&mut decoder).take(TRAILING_PROBE), &mut std::io::sink()).map_err(|e| gzip_error(what, e))?;
    if extra == TRAILING_PROBE {
        return Err(Error::TooMuchData { what, expected, read: expected + extra });
    }
    if extra > 0 {
        return Err(Error::TrailingBytes { what, expected, found: expected + extra });
    }
    Ok((head, data))
}

/// Parses an IDX image file (raw or gzip) of at most [`MAX_IMAGES`] images. `what` names the
/// file in error messages.
pub fn parse_images(what: &'static str, bytes: &[u8]) -> Result<IdxImages, Error> {
    parse_images_limited(what, bytes, MAX_IMAGES)
}

/// Parses an IDX image file of at most `max_images` images of at most 28×28 pixels.
pub fn parse_images_limited(what: &'static str, bytes: &[u8], max_images: u64) -> Result<IdxImages, Error> {
    let (head, pixels) = read_idx(what, bytes, 16, IMAGES_MAGIC, |head| image_payload(what, head, max_images))?;
    let (count, rows, cols) = (be_u32(&head, 4) as usize, be_u32(&head, 8) as usize, be_u32(&head, 12) as usize);
    Ok(IdxImages { count, rows, cols, pixels })
}

/// Pixel bytes an image header promises, if within the limits.
fn image_payload(what: &'static str, head: &[u8], max_images: u64) -> Result<u64, Error> {
    let (count, rows, cols) = (be_u32(head, 4) as u64, be_u32(head, 8) as u64, be_u32(head, 12) as u64);
    check_count(what, "images", count, max_images)?;
    if rows * cols > MAX_IMAGE_PIXELS {
        // Larger than anything the network takes: refused before the pixels are read.
        return Err(Error::WrongImageSize { rows: rows as usize, cols: cols as usize, expected_rows: 28, expected_cols: 28 });
    }
    Ok(count * rows * cols) // ≤ 60,000 × 784
}

/// Label bytes a label header promises, if within the limits.
fn label_payload(what: &'static str, head: &[u8], max_labels: u64) -> Result<u64, Error> {
    let count = be_u32(head, 4) as u64;
    check_count(what, "labels", count, max_labels)?;
    Ok(count)
}

/// Which IDX file a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdxKind {
    Images,
    Labels,
}

/// Checks a file from its first 16 bytes (`head`, fewer if the file is shorter) and its length,
/// before the whole file is handed over: a raw file is checked completely (header, limits,
/// exact length), a gzip file by its size (no valid gzip of at most the limits' bytes is larger
/// than them by more than the format's small overhead). Parsing checks everything again.
pub fn preflight(what: &'static str, kind: IdxKind, head: &[u8], file_len: u64, max_items: u64) -> Result<(), Error> {
    let (header, magic, item_max) = match kind {
        IdxKind::Images => (16usize, IMAGES_MAGIC, MAX_IMAGE_PIXELS),
        IdxKind::Labels => (8, LABELS_MAGIC, 1),
    };
    if is_gzip(head) {
        let most = header as u64 + max_items * item_max;
        // Deflate's stored blocks add 5 bytes per 64 KiB; gzip adds about 20 per member.
        if file_len > most + most / 100 + (1 << 20) {
            return Err(Error::CompressedTooLarge { what, len: file_len, most });
        }
        return Ok(());
    }
    check_header(what, head, header, magic)?;
    let payload = match kind {
        IdxKind::Images => image_payload(what, head, max_items)?,
        IdxKind::Labels => label_payload(what, head, max_items)?,
    };
    check_length(what, file_len, header as u64, payload)
}

fn check_count(what: &'static str, kind: &'static str, count: u64, max: u64) -> Result<(), Error> {
    if count == 0 {
        return Err(Error::NoItems { what, kind });
    }
    if count > max {
        return Err(Error::TooManyItems { what, kind, count, max });
    }
    Ok(())
}

/// Parses an IDX label file (raw or gzip) of at most [`MAX_IMAGES`] labels.
pub fn parse_labels(what: &'static str, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    parse_labels_limited(what, bytes, MAX_IMAGES)
}

/// Parses an IDX label file of at most `max_labels` labels.
pub fn parse_labels_limited(what: &'static str, bytes: &[u8], max_labels: u64) -> Result<Vec<u8>, Error> {
    let (_, labels) = read_idx(what, bytes, 8, LABELS_MAGIC, |head| label_payload(what, head, max_labels))?;
    Ok(labels)
}

/// Encodes images as an IDX file (used by tests and to build data chunks).
pub fn encode_images(count: usize, rows: usize, cols: usize, pixels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + pixels.len());
    for v in [IMAGES_MAGIC, count as u32, rows as u32, cols as u32] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(pixels);
    out
}

/// Encodes labels as an IDX file.
pub fn encode_labels(labels: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + labels.len());
    out.extend_from_slice(&LABELS_MAGIC.to_be_bytes());
    out.extend_from_slice(&(labels.len() as u32).to_be_bytes());
    out.extend_from_slice(labels);
    out
}

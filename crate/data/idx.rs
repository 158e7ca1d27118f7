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

/// Returns the bytes unchanged, or decompressed if they start with the gzip magic (1f 8b).
pub fn maybe_gunzip(what: &'static str, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    if bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes)
            .read_to_end(&mut out)
            .map_err(|e| Error::Gzip { what, message: e.to_string() })?;
        Ok(out)
    } else {
        Ok(bytes.to_vec())
    }
}

fn be_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Checks that the payload after `header` bytes has exactly `payload` bytes.
fn check_length(what: &'static str, len: usize, header: usize, payload: usize) -> Result<(), Error> {
    let expected = header + payload;
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

/// Parses an IDX image file (raw or gzip). `what` names the file in error messages.
pub fn parse_images(what: &'static str, bytes: &[u8]) -> Result<IdxImages, Error> {
    let bytes = maybe_gunzip(what, bytes)?;
    check_header(what, &bytes, 16, IMAGES_MAGIC)?;
    let count = be_u32(&bytes, 4) as usize;
    let rows = be_u32(&bytes, 8) as usize;
    let cols = be_u32(&bytes, 12) as usize;
    let payload = count
        .checked_mul(rows)
        .and_then(|n| n.checked_mul(cols))
        .ok_or(Error::Truncated { what, expected: usize::MAX, found: bytes.len() })?;
    check_length(what, bytes.len(), 16, payload)?;
    Ok(IdxImages { count, rows, cols, pixels: bytes[16..].to_vec() })
}

/// Parses an IDX label file (raw or gzip).
pub fn parse_labels(what: &'static str, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let bytes = maybe_gunzip(what, bytes)?;
    check_header(what, &bytes, 8, LABELS_MAGIC)?;
    let count = be_u32(&bytes, 4) as usize;
    check_length(what, bytes.len(), 8, count)?;
    Ok(bytes[8..].to_vec())
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

//! Reads gzip files (RFC 1952) as a stream: each member's header and its CRC-32 and length
//! trailer here, the deflate data between them through flate2. Members follow one another
//! (as `gzip -c a b` writes them) and read as one stream.
//!
//! Not flate2's own gzip reader: it checks each member with crc32fast, whose compiled-in
//! tables would add 16 KiB to the wasm (see `crate::crc32`).

use crate::crc32::Crc32;
use flate2::bufread::DeflateDecoder;
use std::io::{self, Read};

/// The header's flag bits (RFC 1952, 2.3.1). The lowest, FTEXT, is a hint this reader ignores;
/// the three highest are reserved, and a header with any of them set is refused.
const FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
const RESERVED: u8 = !(0x01 | FHCRC | FEXTRA | FNAME | FCOMMENT);

/// The decompressed bytes of every member of a gzip file, in order.
pub struct GzReader<'a> {
    state: State<'a>,
    /// CRC-32 and length (mod 2³²) of the current member's output so far.
    crc: Crc32,
    len: u32,
    members: usize,
}

enum State<'a> {
    /// Before a member's header (or the end of the file): the bytes left.
    Header(&'a [u8]),
    Body(DeflateDecoder<&'a [u8]>),
    /// After an error or a member's trailer was wrong: reading again repeats the error.
    Failed(io::ErrorKind, &'static str),
}

impl<'a> GzReader<'a> {
    pub fn new(file: &'a [u8]) -> GzReader<'a> {
        GzReader { state: State::Header(file), crc: Crc32::new(), len: 0, members: 0 }
    }

    fn fail(&mut self, kind: io::ErrorKind, message: &'static str) -> io::Error {
        self.state = State::Failed(kind, message);
        io::Error::new(kind, message)
    }
}

impl<'a> Read for GzReader<'a> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            match &mut self.state {
                State::Failed(kind, message) => return Err(io::Error::new(*kind, *message)),
                State::Header(rest) if rest.is_empty() && self.members > 0 => return Ok(0),
                State::Header(rest) => match skip_header(rest) {
                    Ok(body) => {
                        self.state = State::Body(DeflateDecoder::new(body));
                        (self.crc, self.len) = (Crc32::new(), 0);
                    }
                    Err(message) => return Err(self.fail(io::ErrorKind::InvalidData, message)),
                },
                State::Body(decoder) => {
                    let n = match decoder.read(buf) {
                        Ok(n) => n,
                        Err(_) => return Err(self.fail(io::ErrorKind::InvalidData, "corrupt deflate stream")),
                    };
                    if n > 0 {
                        self.crc.update(&buf[..n]);
                        self.len = self.len.wrapping_add(n as u32);
                        return Ok(n);
                    }
                    // The member's deflate data ended (or its bytes did): its trailer follows.
                    let rest: &'a [u8] = decoder.get_ref();
                    if rest.len() < 8 {
                        return Err(self.fail(io::ErrorKind::UnexpectedEof, "the file ends inside a member"));
                    }
                    let crc = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                    let len = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]);
                    if crc != self.crc.sum() {
                        return Err(self.fail(io::ErrorKind::InvalidData, "CRC-32 mismatch: the data is damaged"));
                    }
                    if len != self.len {
                        return Err(self.fail(io::ErrorKind::InvalidData, "length mismatch: the data is damaged"));
                    }
                    self.members += 1;
                    self.state = State::Header(&rest[8..]);
                }
            }
        }
    }
}

/// The bytes after a member's header, or what is wrong with it.
fn skip_header(file: &[u8]) -> Result<&[u8], &'static str> {
    const TRUNCATED: &str = "the file ends inside a member's header";
    if file.len() < 10 {
        return Err(if file.len() >= 2 && file[..2] != [0x1f, 0x8b] { "invalid gzip header" } else { TRUNCATED });
    }
    if file[..2] != [0x1f, 0x8b] {
        return Err("invalid gzip header");
    }
    if file[2] != 8 {
        return Err("unsupported compression method (not deflate)");
    }
    let flags = file[3];
    if flags & RESERVED != 0 {
        return Err("reserved header flags are set");
    }
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let extra = file.get(at..at + 2).ok_or(TRUNCATED)?;
        at += 2 + u16::from_le_bytes([extra[0], extra[1]]) as usize;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            // a zero-terminated string
            let end = file.get(at..).and_then(|s| s.iter().position(|&b| b == 0)).ok_or(TRUNCATED)?;
            at += end + 1;
        }
    }
    if flags & FHCRC != 0 {
        let stored = file.get(at..at + 2).ok_or(TRUNCATED)?;
        let mut crc = Crc32::new();
        crc.update(&file[..at]);
        if u16::from_le_bytes([stored[0], stored[1]]) != crc.sum() as u16 {
            return Err("header CRC mismatch");
        }
        at += 2;
    }
    file.get(at..).ok_or(TRUNCATED)
}

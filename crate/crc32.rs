//! CRC-32 (IEEE 802.3, as in gzip, zip and PNG): the checksum of `.gradlab` files, of zip
//! entries and of gzip members.
//!
//! Slice-by-8, with its tables built at first use instead of compiled in: crc32fast (flate2's
//! checksum) compiles in 16 KiB of tables, which gzip cannot shrink, about 5 % of the wasm.
//! tests/crc32.rs checks this against flate2's CRC.

use std::sync::OnceLock;

/// The reflected IEEE polynomial.
const POLY: u32 = 0xEDB8_8320;

/// `t[0]` is the byte-at-a-time table; `t[k][b]` is the CRC of byte b followed by k zero bytes,
/// so eight table lookups advance the CRC by eight bytes at once.
fn tables() -> &'static [[u32; 256]; 8] {
    static TABLES: OnceLock<Box<[[u32; 256]; 8]>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Box::new([[0u32; 256]; 8]);
        for b in 0..256 {
            t[0][b] = (0..8).fold(b as u32, |c, _| if c & 1 == 1 { POLY ^ (c >> 1) } else { c >> 1 });
        }
        for k in 1..8 {
            for b in 0..256 {
                let prev = t[k - 1][b];
                t[k][b] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            }
        }
        t
    })
}

/// A running CRC-32 over bytes given in pieces.
#[derive(Debug, Clone, Copy, Default)]
pub struct Crc32 {
    /// The CRC of the bytes so far (0 for none).
    sum: u32,
}

impl Crc32 {
    pub fn new() -> Crc32 {
        Crc32::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        let t = tables();
        let mut crc = !self.sum;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let lo = u32::from_le_bytes([c[0], c[1], c[2], c[3]]) ^ crc;
            let hi = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
            crc = t[7][(lo & 0xff) as usize]
                ^ t[6][((lo >> 8) & 0xff) as usize]
                ^ t[5][((lo >> 16) & 0xff) as usize]
                ^ t[4][(lo >> 24) as usize]
                ^ t[3][(hi & 0xff) as usize]
                ^ t[2][((hi >> 8) & 0xff) as usize]
                ^ t[1][((hi >> 16) & 0xff) as usize]
                ^ t[0][(hi >> 24) as usize];
        }
        for &b in chunks.remainder() {
            crc = t[0][((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8);
        }
        self.sum = !crc;
    }

    pub fn sum(&self) -> u32 {
        self.sum
    }
}

/// The CRC-32 of `bytes`.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = Crc32::new();
    crc.update(bytes);
    crc.sum()
}

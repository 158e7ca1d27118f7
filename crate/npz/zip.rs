//! The zip container of an `.npz`: exactly what NumPy writes and reads. Entries stored
//! (`np.savez`) or deflated (`np.savez_compressed`, inflated by flate2, which the IDX reader
//! already uses); the zip64 extra field where `np.savez` puts one; no encryption, no spanning.
//! Written here rather than taken from the `zip` crate, whose general reader and writer were
//! about a fifth of the page's wasm (issue #11: the wasm stays under 300 KiB gzipped).
//! Layout: APPNOTE.TXT (PKWARE), sections 4.3.7 (local header), 4.3.12 (central directory),
//! 4.3.16 (end of central directory) and 4.5.3 (zip64 extra field).

use std::io::Read;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const STORED: u16 = 0;
const DEFLATED: u16 = 8;

/// One entry of the central directory; `data` is its bytes as stored in the archive.
pub struct Entry<'a> {
    pub name: String,
    method: u16,
    crc: u32,
    size: u64,
    data: &'a [u8],
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// The entries of an archive, in the order of its central directory.
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry<'_>>, String> {
    // The end record is the last 22 bytes, or earlier when an archive comment (≤ 65,535 bytes) follows.
    let earliest = bytes.len().saturating_sub(22 + 0xffff);
    let end = (earliest..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&at| u32_at(bytes, at) == Some(END_OF_DIRECTORY))
        .ok_or("no end-of-central-directory record")?;
    let count = u16_at(bytes, end + 10).unwrap_or(0) as usize;
    let (dir_len, dir_at) = (u32_at(bytes, end + 12).unwrap_or(0) as usize, u32_at(bytes, end + 16).unwrap_or(0) as usize);
    if count == 0xffff || dir_at == 0xffff_ffff {
        return Err("a zip64 archive (more than 65,535 entries or 4 GB), far larger than a network".into());
    }
    let directory = bytes
        .get(dir_at..dir_at.saturating_add(dir_len).min(end))
        .ok_or_else(|| format!("the central directory starts at byte {dir_at}, past the end of the archive"))?;
    let mut out = Vec::new();
    let mut at = 0;
    for i in 0..count {
        let entry = read_central_header(bytes, directory, &mut at).ok_or_else(|| format!("central directory entry {i} is damaged"))??;
        out.push(entry);
    }
    Ok(out)
}

/// Reads the central directory header at `*at` (moving past it) and finds its data through the
/// local header. `None`: the header is cut short; `Some(Err)`: it says something unreadable.
fn read_central_header<'a>(archive: &'a [u8], directory: &[u8], at: &mut usize) -> Option<Result<Entry<'a>, String>> {
    let h = directory.get(*at..)?;
    if u32_at(h, 0)? != CENTRAL_HEADER {
        return None;
    }
    let (flags, method, crc) = (u16_at(h, 8)?, u16_at(h, 10)?, u32_at(h, 16)?);
    let (mut packed, mut size) = (u32_at(h, 20)? as u64, u32_at(h, 24)? as u64);
    let (name_len, extra_len, comment_len) = (u16_at(h, 28)? as usize, u16_at(h, 30)? as usize, u16_at(h, 32)? as usize);
    let mut offset = u32_at(h, 42)? as u64;
    let name = String::from_utf8_lossy(h.get(46..46 + name_len)?).into_owned();
    let extra = h.get(46 + name_len..46 + name_len + extra_len)?;
    *at += 46 + name_len + extra_len + comment_len;
    // zip64: the fields that read 0xffffffff above follow in the extra field, in this order.
    if let Some(zip64) = extra_field(extra, 0x0001) {
        let mut next = 0;
        for field in [&mut size, &mut packed, &mut offset] {
            if *field == 0xffff_ffff {
                *field = u64_at(zip64, next)?;
                next += 8;
            }
        }
    }
    if flags & 1 != 0 {
        return Some(Err(format!("{name} is encrypted")));
    }
    if method != STORED && method != DEFLATED {
        return Some(Err(format!("{name} is compressed with method {method}; expected stored (0) or deflated (8)")));
    }
    let local = archive.get(usize::try_from(offset).ok()?..)?;
    if u32_at(local, 0)? != LOCAL_HEADER {
        return Some(Err(format!("{name}: no local header at byte {offset}")));
    }
    let start = 30 + u16_at(local, 26)? as usize + u16_at(local, 28)? as usize;
    let data = local.get(start..start.checked_add(usize::try_from(packed).ok()?)?)?;
    Some(Ok(Entry { name, method, crc, size, data }))
}

/// The data of the extra field `id` among `extra`'s (id, length, data) records.
fn extra_field(mut extra: &[u8], id: u16) -> Option<&[u8]> {
    while extra.len() >= 4 {
        let (this, len) = (u16_at(extra, 0)?, u16_at(extra, 2)? as usize);
        let data = extra.get(4..4 + len)?;
        if this == id {
            return Some(data);
        }
        extra = &extra[4 + len..];
    }
    None
}

impl Entry<'_> {
    /// The size the entry says it has once decompressed.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The decompressed bytes, refused past `limit` bytes (before they are all allocated) and
    /// checked against the entry's size and CRC-32.
    pub fn read(&self, limit: u64) -> Result<Vec<u8>, String> {
        let name = &self.name;
        let data = if self.method == STORED {
            self.data.to_vec()
        } else {
            let mut out = Vec::new();
            let inflated = flate2::read::DeflateDecoder::new(self.data).take(limit + 1).read_to_end(&mut out);
            inflated.map_err(|e| format!("{name}: bad deflate data ({e})"))?;
            out
        };
        if data.len() as u64 > limit {
            return Err(format!("{name} decompresses to more than the {limit} bytes its largest allowed shape needs"));
        }
        if data.len() as u64 != self.size {
            return Err(format!("{name} holds {} bytes where its directory entry says {}", data.len(), self.size));
        }
        if crate::crc32::crc32(&data) != self.crc {
            return Err(format!("{name} is damaged (its CRC-32 does not match)"));
        }
        Ok(data)
    }
}

/// An archive of stored entries, as `np.savez` writes them (without its zip64 fields, which
/// files this small do not need); the timestamps are the zip epoch, so the same network
/// always gives the same bytes.
pub fn write(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        // version needed 2.0, no flags, stored, 1980-01-01 00:00, CRC, sizes, name length, no extra
        let mut common = Vec::with_capacity(26);
        common.extend_from_slice(&20u16.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes());
        common.extend_from_slice(&STORED.to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes());
        common.extend_from_slice(&0x21u16.to_le_bytes());
        common.extend_from_slice(&crate::crc32::crc32(data).to_le_bytes());
        common.extend_from_slice(&(data.len() as u32).to_le_bytes());
        common.extend_from_slice(&(data.len() as u32).to_le_bytes());
        common.extend_from_slice(&(name.len() as u16).to_le_bytes());
        common.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&LOCAL_HEADER.to_le_bytes());
        out.extend_from_slice(&common);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        directory.extend_from_slice(&CENTRAL_HEADER.to_le_bytes());
        directory.extend_from_slice(&20u16.to_le_bytes()); // made by: MS-DOS, 2.0
        directory.extend_from_slice(&common);
        // no comment, disk 0, no attributes, then where the local header is
        directory.extend_from_slice(&[0; 10]);
        directory.extend_from_slice(&offset.to_le_bytes());
        directory.extend_from_slice(name.as_bytes());
    }
    let dir_at = out.len() as u32;
    out.extend_from_slice(&directory);
    out.extend_from_slice(&END_OF_DIRECTORY.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // this disk, the directory's disk
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(directory.len() as u32).to_le_bytes());
    out.extend_from_slice(&dir_at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // no comment
    out
}

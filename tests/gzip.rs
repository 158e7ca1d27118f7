//! Our CRC-32 and gzip reader (crate/crc32.rs, crate/data/gzip.rs) against flate2's, which
//! writes the gzip files and computes the reference CRCs independently (crc32fast).

use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};
use gradlab::crc32::{crc32, Crc32};
use gradlab::data::gzip::GzReader;
use gradlab::rng::Rng;
use std::io::{Read, Write};

fn random_bytes(rng: &mut Rng, n: usize) -> Vec<u8> {
    // compressible like an image file: runs of zeros between random bytes
    (0..n).map(|_| if rng.below(3) == 0 { rng.below(256) as u8 } else { 0 }).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn gunzip(file: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    GzReader::new(file).read_to_end(&mut out).map(|_| out)
}

#[test]
fn crc32_matches_the_standard_check_value_and_flate2() {
    // the CRC-32 "check" value: CRC of the ASCII digits 1..9 (the catalogue of parametrised CRCs)
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(crc32(b""), 0);
    let mut rng = Rng::new(7);
    for n in [1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4099] {
        let bytes = random_bytes(&mut rng, n);
        let mut reference = flate2::Crc::new();
        reference.update(&bytes);
        assert_eq!(crc32(&bytes), reference.sum(), "{n} bytes");
        // in pieces of every alignment, the same sum
        let cut = rng.below(n + 1);
        let mut pieces = Crc32::new();
        pieces.update(&bytes[..cut]);
        pieces.update(&bytes[cut..]);
        assert_eq!(pieces.sum(), reference.sum(), "{n} bytes cut at {cut}");
    }
}

#[test]
fn reads_what_flate2_writes_one_member_or_several() {
    let mut rng = Rng::new(3);
    let data = random_bytes(&mut rng, 100_000);
    assert_eq!(gunzip(&gzip(&data)).unwrap(), data);
    assert_eq!(gunzip(&gzip(&[])).unwrap(), Vec::<u8>::new());
    let mut two = gzip(&data[..30_000]);
    two.extend_from_slice(&gzip(&data[30_000..]));
    assert_eq!(gunzip(&two).unwrap(), data, "two members read as one stream");
    // every optional header field: extra data, file name, comment, header CRC
    let mut gz = GzBuilder::new().extra(vec![1, 2, 3]).filename("digits.idx").comment("a comment").write(Vec::new(), Compression::best());
    gz.write_all(&data).unwrap();
    let file = gz.finish().unwrap();
    assert_eq!(gunzip(&file).unwrap(), data);
}

#[test]
fn refuses_damaged_files_with_a_reason() {
    let mut rng = Rng::new(5);
    let data = random_bytes(&mut rng, 5_000);
    let file = gzip(&data);
    let message = |file: &[u8]| gunzip(file).unwrap_err().to_string();
    let n = file.len();
    let mut bad_crc = file.clone();
    bad_crc[n - 8] ^= 1;
    assert!(message(&bad_crc).contains("CRC-32 mismatch"), "{}", message(&bad_crc));
    let mut bad_len = file.clone();
    bad_len[n - 4] ^= 1;
    assert!(message(&bad_len).contains("length mismatch"), "{}", message(&bad_len));
    assert!(message(&file[..n - 3]).contains("ends inside a member"), "{}", message(&file[..n - 3]));
    assert!(message(&file[..n / 2]).contains("ends inside a member") || message(&file[..n / 2]).contains("corrupt"));
    assert!(message(&file[..5]).contains("header"), "{}", message(&file[..5]));
    let mut method = file.clone();
    method[2] = 7;
    assert!(message(&method).contains("compression method"), "{}", message(&method));
    let mut reserved = file.clone();
    reserved[3] |= 0x80;
    assert!(message(&reserved).contains("reserved"), "{}", message(&reserved));
    let mut garbage = file.clone();
    garbage.extend_from_slice(b"not gzip at all");
    assert!(message(&garbage).contains("invalid gzip header"), "{}", message(&garbage));
    // a flipped bit in the deflate data: refused one way or another, never a wrong result
    for i in (10..n - 8).step_by(97) {
        let mut damaged = file.clone();
        damaged[i] ^= 0x10;
        if let Ok(out) = gunzip(&damaged) {
            assert_eq!(out, data, "byte {i} damaged yet read as different data");
        }
    }
}

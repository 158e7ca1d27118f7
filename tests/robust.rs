//! Nothing a learner feeds the parsers can hurt the app: decompression and allocation stay within
//! the header's promise and the app's limits, sizes never wrap, and each bad file gets a message
//! that names the file and what is wrong, with numbers.

use gradlab::data::idx::{encode_images, encode_labels, parse_images, parse_labels, MAX_IMAGES, MAX_TEST_IMAGES};
use gradlab::data::Dataset;
use gradlab::crc32::crc32;
use gradlab::model::{sanitize_name, Model, MAX_NAME_CHARS};
use gradlab::nn::{ActivationKind, TwoLayerNet, WeightInit};
use gradlab::rng::Rng;
use gradlab::Error;
use std::io::Write;
use std::time::Instant;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// An IDX image header promising `count` images of rows×cols, with no pixels.
fn image_header(count: u32, rows: u32, cols: u32) -> Vec<u8> {
    [0x803, count, rows, cols].iter().flat_map(|v| v.to_be_bytes()).collect()
}

fn label_header(count: u32) -> Vec<u8> {
    [0x801, count].iter().flat_map(|v| v.to_be_bytes()).collect()
}

/// Concatenated gzip members: `header` followed by `members` × 64 MiB of zeros once decoded
/// (the bomb: about 4 MB that decode to 4.2 GB with 64 members).
fn bomb(header: &[u8], members: usize) -> Vec<u8> {
    let zeros = gzip(&vec![0u8; 64 << 20]);
    let mut out = gzip(header);
    for _ in 0..members {
        out.extend_from_slice(&zeros);
    }
    out
}

/// Runs `f` and prints how long it took. The tests assert how much was decoded (the bound that
/// makes it quick), not the time, which depends on the machine's load.
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    println!("{what}: {:?}", start.elapsed());
    out
}

/// Decoding stopped at most the trailing probe (1 MiB) past what the header promised.
fn stopped_early(e: &Error) -> bool {
    matches!(e, Error::TooMuchData { expected, read, .. } if *read <= expected + (1 << 20))
}

#[test]
fn a_gzip_bomb_is_decoded_only_as_far_as_the_header_promises() {
    // 64 members × 64 MiB = 4 GiB of zeros after a header promising one image.
    let bytes = bomb(&image_header(1, 28, 28), 64);
    assert!(bytes.len() < 5 << 20, "the bomb is {} bytes", bytes.len());
    let e = timed("bomb promising 1 image", || parse_images("train-images.gz", &bytes)).unwrap_err();
    assert!(matches!(e, Error::TooMuchData { expected: 800, .. }) && stopped_early(&e), "{e:?}");
    let m = e.to_string();
    assert!(m.starts_with("train-images.gz: the decompressed data goes on past"), "{m}");
    assert!(m.contains("the header describes 800"), "{m}");

    // The same bomb promising the most the app reads: 47 MB decoded, then refused.
    let bytes = bomb(&image_header(MAX_IMAGES as u32, 28, 28), 64);
    let e = timed("bomb promising 60000 images", || parse_images("images", &bytes)).unwrap_err();
    assert!(matches!(e, Error::TooMuchData { expected, .. } if expected == 16 + MAX_IMAGES * 784) && stopped_early(&e), "{e:?}");

    let bytes = bomb(&label_header(10), 64);
    let e = timed("label bomb", || parse_labels("labels", &bytes)).unwrap_err();
    assert!(matches!(e, Error::TooMuchData { expected: 18, .. }) && stopped_early(&e), "{e:?}");
}

#[test]
fn a_gzip_with_a_few_extra_bytes_says_how_many() {
    let mut file = encode_labels(&[1, 2, 3]);
    file.extend_from_slice(&[9; 5]);
    let e = parse_labels("labels.gz", &gzip(&file)).unwrap_err();
    assert_eq!(e, Error::TrailingBytes { what: "labels.gz", expected: 11, found: 16 });
    // Concatenated members are one stream: a file split in two members reads whole.
    let file = encode_images(2, 28, 28, &[7u8; 2 * 784]);
    let mut two = gzip(&file[..100]);
    two.extend_from_slice(&gzip(&file[100..]));
    assert_eq!(parse_images("images", &two).unwrap().pixels, vec![7u8; 2 * 784]);
}

#[test]
fn two_million_images_are_refused_from_the_header() {
    let e = parse_images("train-images", &bomb(&image_header(2_000_000, 28, 28), 1)).unwrap_err();
    assert_eq!(e, Error::TooManyItems { what: "train-images", kind: "images", count: 2_000_000, max: 60_000 });
    assert_eq!(
        e.to_string(),
        "train-images: the header promises 2000000 images, more than the 60000 GradLab can use; keep the first 60000 (or fewer) in the file"
    );
    // Raw: refused before the length is even compared.
    let e = parse_images("train-images", &image_header(2_000_000, 28, 28)).unwrap_err();
    assert!(matches!(e, Error::TooManyItems { count: 2_000_000, .. }), "{e:?}");
}

#[test]
fn counts_near_u32_max_give_correct_messages() {
    // The issue: on 32-bit wasm the label count 0xFFFFFFFF wrapped to "108 bytes where the header describes 7".
    let mut labels = label_header(u32::MAX);
    labels.extend_from_slice(&[1; 100]);
    let m = parse_labels("t10k-labels", &labels).unwrap_err().to_string();
    assert!(m.contains("promises 4294967295 labels, more than the 60000"), "{m}");
    let m = parse_images("t10k-images", &image_header(u32::MAX, 28, 28)).unwrap_err().to_string();
    assert!(m.contains("promises 4294967295 images"), "{m}");
    assert!(!m.contains("bytes"), "{m}");
    // Dimensions whose product overflows 32 bits are a wrong image size, named with the numbers.
    let e = parse_images("images", &image_header(1, u32::MAX, u32::MAX)).unwrap_err();
    assert_eq!(e.to_string(), "wrong image size: images are 4294967295×4294967295, expected 28×28");
    // At the limit the arithmetic is exact: 60,000 images promise 47,040,016 bytes.
    let e = parse_images("images", &image_header(60_000, 28, 28)).unwrap_err();
    assert_eq!(e, Error::Truncated { what: "images", expected: 47_040_016, found: 16 });
}

#[test]
fn a_set_with_zero_images_is_refused() {
    let e = parse_images("train-images", &image_header(0, 28, 28)).unwrap_err();
    assert_eq!(e.to_string(), "train-images: the header says the file holds 0 images: there is nothing to train or test on");
    let e = Dataset::from_idx(&gzip(&image_header(0, 28, 28)), &encode_labels(&[])).unwrap_err();
    assert_eq!(e, Error::NoItems { what: "images", kind: "images" });
    let e = Dataset::from_idx(&encode_images(1, 28, 28, &[0; 784]), &encode_labels(&[])).unwrap_err();
    assert_eq!(e, Error::NoItems { what: "labels", kind: "labels" });
}

#[test]
fn a_test_set_is_held_to_ten_thousand_images() {
    let n = MAX_TEST_IMAGES as usize + 1;
    let images = encode_images(n, 28, 28, &vec![0; n * 784]);
    let labels = encode_labels(&vec![3; n]);
    assert_eq!(Dataset::from_idx(&images, &labels).unwrap().len(), n);
    let e = Dataset::from_idx_limited(&images, &labels, MAX_TEST_IMAGES).unwrap_err();
    assert!(e.to_string().contains("promises 10001 images, more than the 10000"), "{e}");
}

// ---- model files ----------------------------------------------------------------------------

/// A model file with `header` as its header text and `weights` f32 zeros, checksum correct.
fn model_file(header: &str, weights: usize) -> Vec<u8> {
    let mut out = b"GRADLABM".to_vec();
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out.extend(std::iter::repeat_n(0u8, 4 * weights));
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn model_error(bytes: &[u8]) -> String {
    Model::from_bytes(bytes).err().expect("must be rejected").to_string()
}

const SMALL: &str = "input=4\nhidden=3\noutput=2\nactivation=relu\ndataset=mnist\n";
const SMALL_WEIGHTS: usize = 4 * 3 + 3 + 3 * 2 + 2;

#[test]
fn the_model_file_helper_makes_a_valid_file() {
    let model = Model::from_bytes(&model_file(SMALL, SMALL_WEIGHTS)).unwrap();
    assert_eq!((model.net.input_size(), model.net.hidden_size(), model.net.output_size()), (4, 3, 2));
}

#[test]
fn a_repeated_header_line_is_named() {
    // The issue: this said "302100 unexpected bytes after the checksum".
    let header = format!("{SMALL}hidden=500\n");
    let m = model_error(&model_file(&header, SMALL_WEIGHTS));
    assert_eq!(m, "model file: header line 6 repeats 'hidden' (first given on line 2)");
}

#[test]
fn a_huge_size_is_out_of_range_not_not_a_number() {
    let m = model_error(&model_file(&SMALL.replace("hidden=3", "hidden=4294967396"), 0));
    assert_eq!(m, "model file: 'hidden' is 4294967396, out of range: expected 1..=1000");
    let m = model_error(&model_file(&SMALL.replace("hidden=3", "hidden=99999999999999999999999"), 0));
    assert!(m.contains("'hidden' is 99999999999999999999999, out of range"), "{m}");
    let m = model_error(&model_file(&SMALL.replace("hidden=3", "hidden=0"), 0));
    assert_eq!(m, "model file: 'hidden' is 0, out of range: expected 1..=1000");
    let m = model_error(&model_file(&SMALL.replace("hidden=3", "hidden=-3"), 0));
    assert_eq!(m, "model file: 'hidden' is \"-3\", not a whole number");
    let m = model_error(&model_file(&SMALL.replace("input=4\n", ""), 0));
    assert_eq!(m, "model file: header has no 'input' line");
    let m = model_error(&model_file(&SMALL.replace("input=4", "input 4"), 0));
    assert_eq!(m, "model file: header line 1 is \"input 4\", not key=value");
}

#[test]
fn sizes_that_disagree_with_the_header_are_reported_with_numbers() {
    let good = model_file(SMALL, SMALL_WEIGHTS);
    let header_end = 16 + SMALL.len();
    let expected = good.len();
    let mut longer = good.clone();
    longer.extend_from_slice(&[0; 8]);
    assert_eq!(
        model_error(&longer),
        format!("model file: 8 unexpected bytes after the checksum: {} bytes, the header (4-3-2) describes {expected}", expected + 8)
    );
    assert_eq!(
        model_error(&good[..header_end + 10]),
        format!("model file: truncated model file: {} bytes, the header (4-3-2) describes {expected}", header_end + 10)
    );
    let mut huge_header = good.clone();
    huge_header[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
    assert_eq!(
        model_error(&huge_header),
        "model file: the header length is 4294967295 bytes, more than the 4096 a model file may have"
    );
    let mut nan = model_file(SMALL, SMALL_WEIGHTS);
    nan[header_end + 8..header_end + 12].copy_from_slice(&f32::NAN.to_le_bytes());
    let n = nan.len();
    let crc = crc32(&nan[..n - 4]);
    nan[n - 4..].copy_from_slice(&crc.to_le_bytes());
    assert_eq!(model_error(&nan), "model file: W1 contains NaN or infinite weights (the first at index 2 is NaN)");
}

#[test]
fn model_names_are_at_most_100_characters_without_control_or_bidi_characters() {
    assert_eq!(sanitize_name("  my\u{202E}net\u{0007}\n (v2)\t"), "mynet (v2)");
    assert_eq!(sanitize_name("\u{2066}a\u{2069}\u{200F}b\u{061C}"), "ab");
    assert_eq!(sanitize_name("ゼロから作る 学習済み"), "ゼロから作る 学習済み");
    let long = "名".repeat(1_000_000);
    assert_eq!(sanitize_name(&long).chars().count(), MAX_NAME_CHARS);

    // Written and read through a model file: the name stored is the sanitised one.
    let net = TwoLayerNet::<f32>::new(4, 3, 2, ActivationKind::Relu, WeightInit::He, &mut Rng::new(1));
    let model = Model { net, dataset: "mnist".into(), test_accuracy: None, name: format!("\u{202E}{}", "x".repeat(5000)) };
    let back = Model::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(back.name, "x".repeat(100));
    // A file written by something else with a hostile name is cleaned on reading.
    let header = format!("{SMALL}name=evil\u{202E}txt.exe\u{0000}\n");
    assert_eq!(Model::from_bytes(&model_file(&header, SMALL_WEIGHTS)).unwrap().name, "eviltxt.exe");
}

// ---- checks before a file is copied whole -----------------------------------------------------

#[test]
fn a_file_is_checked_from_its_head_and_length_before_it_is_read() {
    use gradlab::data::idx::{preflight, IdxKind};
    let head = image_header(2_000_000, 28, 28);
    // A raw file of 2,000,000 images (1.5 GB): refused from its 16 bytes and its length.
    let e = preflight("train-images", IdxKind::Images, &head, 16 + 2_000_000 * 784, MAX_IMAGES).unwrap_err();
    assert!(matches!(e, Error::TooManyItems { count: 2_000_000, .. }), "{e:?}");
    let e = preflight("t10k-labels", IdxKind::Labels, &label_header(u32::MAX), 8 + u32::MAX as u64, MAX_TEST_IMAGES).unwrap_err();
    assert!(e.to_string().contains("promises 4294967295 labels, more than the 10000"), "{e}");
    // Length checks use the real length, in u64.
    let e = preflight("images", IdxKind::Images, &image_header(10, 28, 28), 16 + 9 * 784, MAX_IMAGES).unwrap_err();
    assert_eq!(e, Error::Truncated { what: "images", expected: 16 + 7840, found: 16 + 9 * 784 });
    assert_eq!(preflight("images", IdxKind::Images, &image_header(10, 28, 28), 16 + 7840, MAX_IMAGES), Ok(()));
    let e = preflight("labels", IdxKind::Labels, &[0, 0, 8, 1, 0], 5, MAX_IMAGES).unwrap_err();
    assert!(matches!(e, Error::TooShortForHeader { len: 5, header: 8, .. }), "{e:?}");
    // A gzip is judged by its size: MNIST's training images gzipped (9.9 MB) pass, 100 MB do not.
    let gz = gzip(&head);
    assert_eq!(preflight("images", IdxKind::Images, &gz[..16], 9_912_422, MAX_IMAGES), Ok(()));
    let e = preflight("images.gz", IdxKind::Images, &gz[..16], 100_000_000, MAX_IMAGES).unwrap_err();
    assert_eq!(
        e.to_string(),
        "images.gz: the compressed file is 100000000 bytes, more than a gzip of the most GradLab reads (47040016 bytes of IDX data) can be"
    );
}

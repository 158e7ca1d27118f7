//! The IDX parser rejects each kind of bad file with the right error; samplers behave.

use gradlab::data::idx::{encode_images, encode_labels, parse_images, parse_labels, IMAGES_MAGIC, LABELS_MAGIC};
use gradlab::data::batch::{epoch_coverage, first_batch_histogram};
use gradlab::data::{Dataset, Sampler, SamplerKind};
use gradlab::rng::Rng;
use gradlab::Error;
use std::io::Write;

fn images(count: usize) -> Vec<u8> {
    encode_images(count, 28, 28, &vec![128u8; count * 784])
}

#[test]
fn valid_files_parse_raw_and_gzipped() {
    let ds = Dataset::from_idx(&images(3), &encode_labels(&[1, 2, 3])).unwrap();
    assert_eq!((ds.len(), ds.rows(), ds.cols()), (3, 28, 28));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&images(3)).unwrap();
    let gz = gz.finish().unwrap();
    let ds2 = Dataset::from_idx(&gz, &encode_labels(&[1, 2, 3])).unwrap();
    assert_eq!(ds, ds2);
    let x = ds.inputs::<f32>(&[0, 2]);
    assert_eq!(x.shape(), (2, 784));
    assert!((x[(1, 5)] - 128.0 / 255.0).abs() < 1e-7);
    let t = ds.one_hot::<f32>(&[2]);
    assert_eq!(t.row(0).iter().copied().collect::<Vec<_>>(), vec![0., 0., 0., 1., 0., 0., 0., 0., 0., 0.]);
}

#[test]
fn bad_magic_number() {
    let mut bytes = images(2);
    bytes[3] = 0x01; // a label file's magic in an image file
    let e = parse_images("train images", &bytes).unwrap_err();
    assert_eq!(e, Error::BadMagic { what: "train images", found: LABELS_MAGIC, expected: IMAGES_MAGIC });
    assert!(e.to_string().contains("bad magic number 0x00000801, expected 0x00000803"), "{e}");
    let e = parse_labels("labels", &images(1)).unwrap_err();
    assert!(matches!(e, Error::BadMagic { found: IMAGES_MAGIC, .. }));
}

#[test]
fn truncated_data() {
    let bytes = images(2);
    let e = parse_images("images", &bytes[..bytes.len() - 10]).unwrap_err();
    assert_eq!(e, Error::Truncated { what: "images", expected: 16 + 2 * 784, found: 16 + 2 * 784 - 10 });
    let e = parse_labels("labels", &encode_labels(&[1, 2, 3])[..9]).unwrap_err();
    assert_eq!(e, Error::Truncated { what: "labels", expected: 11, found: 9 });
    let e = parse_images("images", &[0, 0, 8, 3, 0]).unwrap_err();
    assert!(matches!(e, Error::TooShortForHeader { len: 5, header: 16, .. }), "{e:?}");
    let e = parse_images("images", &[]).unwrap_err();
    assert!(matches!(e, Error::TooShortForHeader { len: 0, .. }));
}

#[test]
fn trailing_bytes() {
    let mut bytes = encode_labels(&[1, 2]);
    bytes.push(7);
    assert_eq!(parse_labels("labels", &bytes).unwrap_err(), Error::TrailingBytes { what: "labels", expected: 10, found: 11 });
}

#[test]
fn count_mismatch() {
    let e = Dataset::from_idx(&images(3), &encode_labels(&[1, 2])).unwrap_err();
    assert_eq!(e, Error::CountMismatch { images: 3, labels: 2 });
}

#[test]
fn wrong_image_size() {
    let e = Dataset::from_idx(&encode_images(2, 32, 32, &vec![0; 2 * 1024]), &encode_labels(&[1, 2])).unwrap_err();
    assert_eq!(e, Error::WrongImageSize { rows: 32, cols: 32, expected_rows: 28, expected_cols: 28 });
}

#[test]
fn label_out_of_range_and_broken_gzip() {
    let e = Dataset::from_idx(&images(2), &encode_labels(&[1, 12])).unwrap_err();
    assert_eq!(e, Error::LabelOutOfRange { index: 1, value: 12 });
    let e = parse_images("images", &[0x1f, 0x8b, 1, 2, 3]).unwrap_err();
    assert!(matches!(e, Error::Gzip { .. }), "{e:?}");
}

#[test]
fn append_concatenates_chunks() {
    let mut a = Dataset::from_idx(&images(2), &encode_labels(&[1, 2])).unwrap();
    let b = Dataset::from_idx(&images(1), &encode_labels(&[9])).unwrap();
    a.append(&b).unwrap();
    assert_eq!(a.len(), 3);
    assert_eq!(a.label(2), 9);
    assert_eq!(a.take(2).len(), 2);
}

#[test]
fn shuffle_then_slice_sees_every_image_once_per_epoch() {
    let (n, batch) = (1000, 100);
    let mut sampler = Sampler::new(SamplerKind::Shuffle, &vec![0; n], batch);
    let mut rng = Rng::new(1);
    let mut seen = vec![0u32; n];
    let mut out = Vec::new();
    for _ in 0..n / batch {
        sampler.next_batch(&mut rng, &mut out);
        out.iter().for_each(|&i| seen[i] += 1);
    }
    assert!(seen.iter().all(|&c| c == 1));
}

#[test]
fn choice_with_replacement_sees_about_63_percent_per_epoch() {
    let (n, batch) = (10_000, 100);
    let mut sampler = Sampler::new(SamplerKind::Choice, &vec![0; n], batch);
    let mut rng = Rng::new(2);
    let mut seen = vec![false; n];
    let mut out = Vec::new();
    for _ in 0..n / batch {
        sampler.next_batch(&mut rng, &mut out);
        out.iter().for_each(|&i| seen[i] = true);
    }
    let fraction = seen.iter().filter(|&&s| s).count() as f64 / n as f64;
    let expected = 1.0 - (1.0 - 1.0 / n as f64).powi(n as i32); // ≈ 1 − 1/e
    assert!((fraction - expected).abs() < 0.015, "saw {fraction}, expected about {expected}");
}

#[test]
fn weighted_sampling_balances_classes_and_sequential_keeps_sorted_order() {
    // 900 images of class 0 and 100 of class 1.
    let labels: Vec<u8> = (0..1000).map(|i| if i < 900 { 0 } else { 1 }).collect();
    let mut rng = Rng::new(5);
    let h = first_batch_histogram(SamplerKind::Weighted, &labels, 500, &mut rng);
    assert!((h[0] as i64 - 250).abs() < 45 && h[0] + h[1] == 500, "balanced: {h:?}");
    let h = first_batch_histogram(SamplerKind::Choice, &labels, 500, &mut rng);
    assert!((h[1] as i64 - 50).abs() < 25, "with replacement follows the data: {h:?}");
    // Unshuffled sorted data: the first batch is all class 0.
    let h = first_batch_histogram(SamplerKind::Sequential, &labels, 100, &mut rng);
    assert_eq!(h[0], 100);
    assert_eq!(epoch_coverage(SamplerKind::Sequential, &labels, 100, &mut rng), 1.0);
    assert_eq!(epoch_coverage(SamplerKind::Shuffle, &labels, 100, &mut rng), 1.0);
    let c = epoch_coverage(SamplerKind::Choice, &vec![0; 10_000], 100, &mut rng);
    assert!((c - (1.0 - (-1.0f64).exp())).abs() < 0.015, "≈ 1 − 1/e, got {c}");
}

#[test]
fn a_batch_as_large_as_the_data_is_the_full_batch_for_every_sampler() {
    let labels: Vec<u8> = (0..1000).map(|i| if i < 900 { 0 } else { 1 }).collect();
    let mut rng = Rng::new(8);
    let mut out = Vec::new();
    for kind in SamplerKind::ALL {
        // a batch larger than the data is clamped to it, and is the full batch too
        for batch in [1000, 5000] {
            let mut sampler = Sampler::new(kind, &labels, batch);
            assert!(sampler.is_full_batch(), "{kind:?}");
            for _step in 0..3 {
                sampler.next_batch(&mut rng, &mut out);
                let mut seen = vec![0u32; labels.len()];
                out.iter().for_each(|&i| seen[i] += 1);
                assert!(seen.iter().all(|&c| c == 1), "{kind:?}: every image exactly once per step");
            }
        }
        assert!(!Sampler::new(kind, &labels, 999).is_full_batch());
    }
}

#[test]
fn an_error_about_a_pair_of_files_names_the_file_it_is_about() {
    let named = |images: &[u8], labels: &[u8]| Dataset::from_idx(images, labels).unwrap_err().in_files("my-images.gz", "my-labels.gz");
    // A labels file where the images should be: the images file is named.
    let m = named(&encode_labels(&[1, 2]), &encode_labels(&[1, 2]));
    assert!(m.starts_with("my-images.gz: images: bad magic number"), "{m}");
    // A label of 12: the labels file.
    let m = named(&images(2), &encode_labels(&[1, 12]));
    assert!(m.starts_with("my-labels.gz: "), "{m}");
    // Three images, two labels: both files.
    let m = named(&images(3), &encode_labels(&[1, 2]));
    assert!(m.starts_with("my-images.gz, my-labels.gz: "), "{m}");
}

//! The drawing view's fast path gives what the readable one gives:
//! - the pad is read only around its ink (www/draw-pad.js `inkBox`): any crop that holds all
//!   the ink gives the same 28×28 image as the whole pad;
//! - the resampling sums whole-number weights (crate/digit.rs `footprints`): the same image as
//!   the area average in f64 it replaced (kept below as the reference), on drawn strokes and on
//!   MNIST test digits painted as the pad paints them;
//! - `Reading::of` sums one image's products directly: the same hidden units, scores and guess
//!   as the network's readable layers (`Affine::apply`).

use gradlab::data::Dataset;
use gradlab::digit::{centre_of_mass, ink_from_rgba, to_mnist, Ink, SIZE};
use gradlab::model::Model;
use gradlab::reading::Reading;
use nalgebra::DMatrix;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A file the setup makes (public/data: scripts/prepare-data.mjs; public/models: train-default).
fn made_by_setup(path: &str) -> Vec<u8> {
    std::fs::read(format!("{ROOT}/public/{path}")).unwrap_or_else(|e| panic!("public/{path}: {e} (made by the setup of every npm command)"))
}

/// The first MNIST test chunk (what "Load a test image" fetches), and the default network.
fn first_test_chunk() -> Dataset {
    Dataset::from_idx(&made_by_setup("data/mnist/test-000.images.idx.gz"), &made_by_setup("data/mnist/test-000.labels.idx.gz")).unwrap()
}

/// RGBA of a `width`×`height` pad with a black anti-aliased stroke of `radius` px along `points`
/// (opacity falls from 1 to 0 over the edge's last pixel, as a canvas's does).
fn stroke_rgba(width: usize, height: usize, points: &[(f64, f64)], radius: f64) -> Vec<u8> {
    let mut rgba = vec![0u8; width * height * 4];
    for y in 0..height {
        for x in 0..width {
            let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
            let distance = points
                .windows(2)
                .map(|s| {
                    let ((x0, y0), (x1, y1)) = (s[0], s[1]);
                    let (dx, dy) = (x1 - x0, y1 - y0);
                    let t = (((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy).max(1e-9)).clamp(0.0, 1.0);
                    (px - x0 - t * dx).hypot(py - y0 - t * dy)
                })
                .fold(f64::INFINITY, f64::min);
            rgba[(y * width + x) * 4 + 3] = ((radius + 0.5 - distance).clamp(0.0, 1.0) * 255.0).round() as u8;
        }
    }
    rgba
}

/// The part (x0..x1, y0..y1) of a `width`-wide RGBA image.
fn crop(rgba: &[u8], width: usize, (x0, y0, x1, y1): (usize, usize, usize, usize)) -> Vec<u8> {
    (y0..y1).flat_map(|y| rgba[(y * width + x0) * 4..(y * width + x1) * 4].iter().copied()).collect()
}

/// An MNIST image painted as the pad paints "Load a test image": each pixel a `scale`² block
/// of black with the pixel as its opacity, at (left, top) on a `side`² pad.
fn painted(pixels: &[u8], scale: usize, side: usize, (left, top): (usize, usize)) -> Vec<u8> {
    let mut rgba = vec![0u8; side * side * 4];
    for y in 0..SIZE * scale {
        for x in 0..SIZE * scale {
            rgba[((top + y) * side + left + x) * 4 + 3] = pixels[(y / scale) * SIZE + x / scale];
        }
    }
    rgba
}

/// The preprocessing as it was before the fast path (the readable reference): a per-pixel
/// bounding box, then the area average in f64 with each source pixel's overlap computed on
/// the pad's coordinates, then the centre-of-mass shift.
fn reference_to_mnist(ink: &Ink) -> Option<[u8; SIZE * SIZE]> {
    let at = |x: usize, y: usize| ink.pixels[y * ink.width + x];
    let inked: Vec<(usize, usize)> = (0..ink.height).flat_map(|y| (0..ink.width).map(move |x| (x, y))).filter(|&(x, y)| at(x, y) > 0).collect();
    let x0 = inked.iter().map(|p| p.0).min()?;
    let y0 = inked.iter().map(|p| p.1).min()?;
    let x1 = inked.iter().map(|p| p.0).max()? + 1;
    let y1 = inked.iter().map(|p| p.1).max()? + 1;
    let (w, h) = (x1 - x0, y1 - y0);
    let scale = 20.0 / w.max(h) as f64;
    let nw = ((w as f64 * scale).round() as usize).clamp(1, 20);
    let nh = ((h as f64 * scale).round() as usize).clamp(1, 20);
    let (sx, sy) = (w as f64 / nw as f64, h as f64 / nh as f64);
    let overlap = |a0: f64, a1: f64, b0: f64| (a1.min(b0 + 1.0) - a0.max(b0)).max(0.0);
    let mut small = vec![0.0; nw * nh];
    for (i, value) in small.iter_mut().enumerate() {
        let (ox, oy) = ((i % nw) as f64, (i / nw) as f64);
        let (fx0, fx1, fy0, fy1) = (x0 as f64 + ox * sx, x0 as f64 + (ox + 1.0) * sx, y0 as f64 + oy * sy, y0 as f64 + (oy + 1.0) * sy);
        let mut sum = 0.0;
        for y in fy0.floor() as usize..(fy1.ceil() as usize).min(y1) {
            for x in fx0.floor() as usize..(fx1.ceil() as usize).min(x1) {
                sum += overlap(fy0, fy1, y as f64) * overlap(fx0, fx1, x as f64) * at(x, y) as f64;
            }
        }
        *value = sum / (sx * sy);
    }
    let (cx, cy) = centre_of_mass(&small, nw)?;
    let shift = |c: f64| (14.0 - c).round() as i64;
    let mut out = [0u8; SIZE * SIZE];
    for (i, v) in small.iter().enumerate() {
        let (tx, ty) = ((i % nw) as i64 + shift(cx), (i / nw) as i64 + shift(cy));
        if (0..SIZE as i64).contains(&tx) && (0..SIZE as i64).contains(&ty) {
            out[ty as usize * SIZE + tx as usize] = v.round().clamp(0.0, 255.0) as u8;
        }
    }
    Some(out)
}

/// Strokes on a 296×296 pad (the view's size at 1×), in pad pixels: a 7, a 1, a 0.
fn strokes() -> Vec<(&'static str, Vec<(f64, f64)>, f64)> {
    let zero = (0..=40).map(|i| {
        let a = i as f64 / 40.0 * std::f64::consts::TAU;
        (118.0 + 60.0 * a.sin(), 133.0 - 95.0 * a.cos())
    });
    vec![
        ("7", vec![(74.0, 59.0), (222.0, 59.0), (183.0, 148.0), (148.0, 237.0)], 9.6),
        ("1", vec![(213.0, 74.0), (204.0, 213.0)], 9.6),
        ("0", zero.collect(), 9.6),
        ("a small 7 in a corner", vec![(250.0, 250.0), (290.0, 250.0), (270.0, 295.0)], 4.0),
    ]
}

#[test]
fn reading_only_around_the_ink_gives_the_image_of_the_whole_pad() {
    let side = 296;
    for (what, points, radius) in strokes() {
        let rgba = stroke_rgba(side, side, &points, radius);
        let whole = to_mnist(&ink_from_rgba(side, side, &rgba)).unwrap();
        // The box the pad reads (its points ± the brush and a margin), tighter, and looser.
        let (xs, ys): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
        for margin in [radius + 2.0, radius + 1.0, radius + 20.0] {
            let lo = |v: &[f64]| (v.iter().copied().fold(f64::INFINITY, f64::min) - margin).floor().max(0.0) as usize;
            let hi = |v: &[f64]| ((v.iter().copied().fold(f64::NEG_INFINITY, f64::max) + margin).ceil() as usize).min(side);
            let bounds = (lo(&xs), lo(&ys), hi(&xs), hi(&ys));
            let (w, h) = (bounds.2 - bounds.0, bounds.3 - bounds.1);
            let part = to_mnist(&ink_from_rgba(w, h, &crop(&rgba, side, bounds))).unwrap();
            assert!(part == whole, "{what}: the {w}×{h} crop at ({}, {}) gives another image", bounds.0, bounds.1);
        }
    }
}

#[test]
fn whole_number_weights_give_the_images_the_f64_area_average_gave() {
    let side = 296;
    let mut checked = 0;
    for (what, points, radius) in strokes() {
        let ink = ink_from_rgba(side, side, &stroke_rgba(side, side, &points, radius));
        assert!(to_mnist(&ink) == reference_to_mnist(&ink), "{what}");
        checked += 1;
    }
    // MNIST digits as "Load a test image" paints them: 10× at the corner (the pad's 280 px),
    // and 7× off-centre (a size where the resampling's boxes straddle pixels).
    let test = first_test_chunk();
    for i in 0..100 {
        for (scale, at) in [(10, (0, 0)), (7, (33, 51))] {
            let ink = ink_from_rgba(side, side, &painted(test.image(i), scale, side, at));
            assert!(to_mnist(&ink) == reference_to_mnist(&ink), "test image {i} painted {scale}× at {at:?}");
            checked += 1;
        }
    }
    println!("{checked} images, each the same as the f64 reference's");
}

#[test]
fn an_even_grey_rectangle_stays_exactly_that_grey() {
    // 33 × 47 px of grey 200 → 14 × 20: every output pixel averages 200 exactly (whole-number
    // weights adding up to the box's area), so the digit is a 14 × 20 block of 200s.
    let (width, height) = (60, 70);
    let mut pixels = vec![0u8; width * height];
    for y in 11..58 {
        pixels[y * width + 5..y * width + 38].fill(200);
    }
    let img = to_mnist(&Ink { width, height, pixels }).unwrap();
    assert_eq!(img.iter().filter(|&&v| v == 200).count(), 14 * 20, "{img:?}");
    assert!(img.iter().all(|&v| v == 0 || v == 200), "{img:?}");
}

#[test]
fn one_image_read_directly_matches_the_readable_layers() {
    let model = Model::from_bytes(&made_by_setup("models/default.gradlab")).unwrap();
    let net = &model.net;
    let test = first_test_chunk();
    let mut worst = 0.0f32;
    for i in 0..200 {
        let x = DMatrix::from_iterator(1, SIZE * SIZE, test.image(i).iter().map(|&p| p as f32 / 255.0));
        let reading = Reading::of(net, &x);
        let hidden = net.activation.apply(&net.affine1.apply(&x));
        let scores = net.affine2.apply(&hidden);
        let probabilities = gradlab::nn::loss::softmax(&scores);
        for (fast, readable) in [(&reading.hidden, &hidden), (&reading.scores, &scores), (&reading.probabilities, &probabilities)] {
            assert_eq!(fast.len(), readable.len());
            for (a, b) in fast.iter().zip(readable.iter()) {
                worst = worst.max((a - b).abs());
            }
        }
        let top = (0..10).fold(0, |best, c| if probabilities[c] > probabilities[best] { c } else { best });
        assert_eq!(reading.guess.top(), top, "test image {i}");
    }
    println!("largest difference from the readable layers: {worst:e}");
    assert!(worst < 1e-5, "largest difference {worst}");
}

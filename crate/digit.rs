//! A drawn digit → the 28×28 input MNIST itself would have produced.
//!
//! MNIST's recipe (LeCun et al., "The MNIST database", the site's description): the digit was
//! size-normalized to fit a 20×20 box keeping its aspect ratio, with anti-aliasing (so grey
//! levels appear), then placed in a 28×28 field so that its centre of mass sits at the centre.
//! The same steps here: crop to the ink's bounding box → area-average resample so the longer
//! side is 20 px → shift so the centre of mass is at (14, 14).

pub const SIZE: usize = 28;
pub const BOX: usize = 20;

/// Grey ink image: `pixels[y * width + x]` in 0..=255, 0 = paper.
#[derive(Debug, Clone, PartialEq)]
pub struct Ink {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// Result of preprocessing: the 28×28 image (0..=255, row-major) the network sees.
pub type Mnist28 = [u8; SIZE * SIZE];

/// Ink intensity of an RGBA canvas (dark strokes on a light or transparent background):
/// darkness × opacity, so both a black pen on white and a white pen on transparent work.
/// darkness = 1 − luminance, luminance = (0.299 R + 0.587 G + 0.114 B) / 255 (ITU-R BT.601).
/// Done in integers, rounded half up: exact, and about ten times faster than in f64 — the pad
/// reads about 90,000 pixels on every stroke.
pub fn ink_from_rgba(width: usize, height: usize, rgba: &[u8]) -> Ink {
    // 255 × 1000: the luminance below is luminance × 255 × 1000, so the ink's scale is SCALE × 255.
    const SCALE: u32 = 255 * 1000;
    let pixels = rgba
        .chunks_exact(4)
        .map(|p| {
            let luminance = 299 * p[0] as u32 + 587 * p[1] as u32 + 114 * p[2] as u32; // 0..=SCALE
            let ink = (SCALE - luminance) * p[3] as u32; // ≤ SCALE × 255, ink level × SCALE
            ((2 * ink + SCALE) / (2 * SCALE)) as u8 // ink / SCALE rounded half up: 0..=255
        })
        .collect();
    Ink { width, height, pixels }
}

/// Bounding box of pixels above `threshold`: (x0, y0, x1, y1) exclusive, or None if blank.
fn bounding_box(ink: &Ink, threshold: u8) -> Option<(usize, usize, usize, usize)> {
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for y in 0..ink.height {
        for x in 0..ink.width {
            if ink.pixels[y * ink.width + x] > threshold {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x + 1);
                y1 = y1.max(y + 1);
            }
        }
    }
    (x0 != usize::MAX).then_some((x0, y0, x1, y1))
}

/// Length of the overlap of intervals [a0, a1) and [b0, b1).
fn overlap(a0: f64, a1: f64, b0: f64, b1: f64) -> f64 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Area-averaging resample of the crop (x0..x1, y0..y1) to out_w × out_h: each output pixel
/// is the mean ink over the source area it covers (a box filter: anti-aliased, no ringing).
fn resample(ink: &Ink, (x0, y0, x1, y1): (usize, usize, usize, usize), out_w: usize, out_h: usize) -> Vec<f64> {
    let (sx, sy) = ((x1 - x0) as f64 / out_w as f64, (y1 - y0) as f64 / out_h as f64);
    let mut out = vec![0.0; out_w * out_h];
    for oy in 0..out_h {
        let (fy0, fy1) = (y0 as f64 + oy as f64 * sy, y0 as f64 + (oy + 1) as f64 * sy);
        for ox in 0..out_w {
            let (fx0, fx1) = (x0 as f64 + ox as f64 * sx, x0 as f64 + (ox + 1) as f64 * sx);
            let mut sum = 0.0;
            for y in fy0.floor() as usize..(fy1.ceil() as usize).min(y1) {
                let wy = overlap(fy0, fy1, y as f64, y as f64 + 1.0);
                for x in fx0.floor() as usize..(fx1.ceil() as usize).min(x1) {
                    let w = wy * overlap(fx0, fx1, x as f64, x as f64 + 1.0);
                    sum += w * ink.pixels[y * ink.width + x] as f64;
                }
            }
            out[oy * out_w + ox] = sum / (sx * sy);
        }
    }
    out
}

/// Centre of mass (x, y) of an image, in pixel-centre coordinates (pixel i spans i..i+1,
/// its centre is i + 0.5). None if the image is blank.
pub fn centre_of_mass(pixels: &[f64], width: usize) -> Option<(f64, f64)> {
    let (mut m, mut mx, mut my) = (0.0, 0.0, 0.0);
    for (i, &v) in pixels.iter().enumerate() {
        m += v;
        mx += v * ((i % width) as f64 + 0.5);
        my += v * ((i / width) as f64 + 0.5);
    }
    (m > 0.0).then(|| (mx / m, my / m))
}

/// Preprocesses drawn ink the MNIST way. A blank pad gives None.
pub fn to_mnist(ink: &Ink) -> Option<Mnist28> {
    let bbox = bounding_box(ink, 0)?;
    let (w, h) = (bbox.2 - bbox.0, bbox.3 - bbox.1);
    // Longer side to 20 px, the other in proportion (at least 1 px, so a "1" stays visible).
    let scale = BOX as f64 / w.max(h) as f64;
    let (nw, nh) = (((w as f64 * scale).round() as usize).clamp(1, BOX), ((h as f64 * scale).round() as usize).clamp(1, BOX));
    let small = resample(ink, bbox, nw, nh);
    let (cx, cy) = centre_of_mass(&small, nw)?;
    // Integer shift putting the centre of mass nearest to the field's centre (14, 14);
    // the remaining error is at most half a pixel per axis.
    let centre = SIZE as f64 / 2.0;
    let ox = (centre - cx).round() as i64;
    let oy = (centre - cy).round() as i64;
    let mut out = [0u8; SIZE * SIZE];
    for y in 0..nh {
        for x in 0..nw {
            let (tx, ty) = (x as i64 + ox, y as i64 + oy);
            if (0..SIZE as i64).contains(&tx) && (0..SIZE as i64).contains(&ty) {
                out[ty as usize * SIZE + tx as usize] = small[y * nw + x].round().clamp(0.0, 255.0) as u8;
            }
        }
    }
    Some(out)
}

/// MNIST test images for the pad's "Load a test image" (a way to use the view without a
/// pointer): one picked at random each time, with its true label. Seeded, so a test can
/// replay the same picks.
pub struct TestDigits {
    data: crate::data::Dataset,
    rng: crate::rng::Rng,
}

/// One picked test image: `pixels` is 28×28, row-major, 0 = paper, as MNIST stores it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TestDigit {
    pub index: usize,
    pub label: u8,
    pub pixels: Vec<u8>,
}

impl TestDigits {
    /// `data` must hold at least one image (a `Dataset` is always 28×28 with labels 0..=9).
    pub fn new(data: crate::data::Dataset, seed: u64) -> Result<TestDigits, crate::Error> {
        if data.is_empty() {
            return Err(crate::Error::NoItems { what: "test images", kind: "images" });
        }
        Ok(TestDigits { data, rng: crate::rng::Rng::new(seed) })
    }

    pub fn len(&self) -> usize {
        self.data.len()
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// A uniformly random image of the set and its label.
    pub fn pick(&mut self) -> TestDigit {
        let index = self.rng.below(self.data.len());
        TestDigit { index, label: self.data.label(index), pixels: self.data.image(index).to_vec() }
    }
}

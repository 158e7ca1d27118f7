//! A drawn digit → the 28×28 input MNIST itself would have produced.
//!
//! MNIST's recipe (LeCun et al., "The MNIST database", the site's description): the digit was
//! size-normalized to fit a 20×20 box keeping its aspect ratio, with anti-aliasing (so grey
//! levels appear), then placed in a 28×28 field so that its centre of mass sits at the centre.
//! The same steps here: crop to the ink's bounding box → area-average resample so the longer
//! side is 20 px → shift so the centre of mass is at (14, 14).

/// Side of an MNIST image, in pixels.
pub const SIZE: usize = 28;
/// Side of the box the digit is scaled into, within the image (MNIST's recipe above).
pub const BOX: usize = 20;

/// Result of preprocessing: the 28×28 image (0..=255, row-major) the network sees.
pub type Mnist28 = [u8; SIZE * SIZE];

/// Grey ink image: `pixels[y * width + x]` in 0..=255, 0 = paper.
#[derive(Debug, Clone, PartialEq)]
pub struct Ink {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// Ink intensity of an RGBA canvas (dark strokes on a light or transparent background):
/// darkness × opacity, so both a black pen on white and a white pen on transparent work.
/// darkness = 1 − luminance, luminance = (0.299 R + 0.587 G + 0.114 B) / 255 (ITU-R BT.601).
/// Done in integers, rounded half up: exact, and about ten times faster than in f64 — the pad
/// is read on every frame of a stroke (tens of thousands of pixels around the ink).
pub fn ink_from_rgba(width: usize, height: usize, rgba: &[u8]) -> Ink {
    // 255 × 1000: the luminance below is luminance × 255 × 1000, so the ink's scale is SCALE × 255.
    const SCALE: u32 = 255 * 1000;
    let mut pixels = vec![0; rgba.len() / 4];
    for (ink, p) in pixels.iter_mut().zip(rgba.chunks_exact(4)) {
        if p[0] | p[1] | p[2] == 0 {
            *ink = p[3]; // black (the pad's ink): darkness 1, the formula below gives the opacity
            continue;
        }
        let luminance = 299 * p[0] as u32 + 587 * p[1] as u32 + 114 * p[2] as u32; // 0..=SCALE
        let level = (SCALE - luminance) * p[3] as u32; // ≤ SCALE × 255, ink level × SCALE
        *ink = ((2 * level + SCALE) / (2 * SCALE)) as u8; // level / SCALE rounded half up: 0..=255
    }
    Ink { width, height, pixels }
}

/// Bounding box of pixels above `threshold`: (x0, y0, x1, y1) exclusive, or None if blank.
fn bounding_box(ink: &Ink, threshold: u8) -> Option<(usize, usize, usize, usize)> {
    if ink.width == 0 {
        return None;
    }
    // The darkest pixel of each column and of each row: maxima without branches, which the
    // compiler turns into vector instructions (a test of every pixel would not be).
    let mut column_max = vec![0u8; ink.width];
    let mut row_max = Vec::with_capacity(ink.height);
    for row in ink.pixels.chunks_exact(ink.width) {
        column_max.iter_mut().zip(row).for_each(|(m, &p)| *m = (*m).max(p));
        row_max.push(row.iter().fold(0, |m, &p| m.max(p)));
    }
    let inked = |&m: &u8| m > threshold;
    let (x0, x1) = (column_max.iter().position(inked)?, column_max.iter().rposition(inked)? + 1);
    let (y0, y1) = (row_max.iter().position(inked)?, row_max.iter().rposition(inked)? + 1);
    Some((x0, y0, x1, y1))
}

/// Which source pixels lie under each of `out` output pixels when `len` source pixels are
/// shrunk to `out`, and how much of each: (first source pixel, overlaps). Lengths are counted
/// on a grid `len × out` units long, where a source pixel is `out` units and an output pixel
/// `len`: every overlap is a whole number, and an output pixel's overlaps add up to `len`.
fn footprints(len: usize, out: usize) -> Vec<(usize, Vec<u64>)> {
    (0..out)
        .map(|o| {
            let (start, end) = (o * len, (o + 1) * len);
            let (first, last) = (start / out, end.div_ceil(out));
            let overlaps = (first..last).map(|i| (end.min((i + 1) * out) - start.max(i * out)) as u64).collect();
            (first, overlaps)
        })
        .collect()
}

/// Area-averaging resample of the crop (x0..x1, y0..y1) to out_w × out_h: each output pixel
/// is the mean ink over the source area it covers (a box filter: anti-aliased, no ringing).
/// Whole-number weights (see `footprints`) make the sums exact, so they can be taken a
/// dimension at a time — each row shrunk to out_w sums, then each column of those to out_h —
/// touching each source pixel about once; and the result does not depend on where on the pad
/// the ink is: reading only the ink's surroundings gives the image the whole pad gives.
fn resample(ink: &Ink, (x0, y0, x1, y1): (usize, usize, usize, usize), out_w: usize, out_h: usize) -> Vec<f64> {
    let (w, h) = (x1 - x0, y1 - y0);
    let (columns, rows) = (footprints(w, out_w), footprints(h, out_h));
    // narrow: (h, out_w), row y of the crop shrunk to out_w sums.
    let mut narrow = Vec::with_capacity(h * out_w);
    for row in ink.pixels[y0 * ink.width..y1 * ink.width].chunks_exact(ink.width) {
        let row = &row[x0..x1];
        for (first, overlaps) in &columns {
            narrow.push(overlaps.iter().zip(&row[*first..]).map(|(&o, &p)| o * p as u64).sum::<u64>());
        }
    }
    // Each sum counts ink × (1/out_w of a pixel) × (1/out_h of a pixel) over an output pixel's
    // area, w/out_w × h/out_h source pixels: the mean is the sum over w·h.
    let area = (w * h) as f64;
    let mut out = Vec::with_capacity(out_w * out_h);
    for (first, overlaps) in &rows {
        for ox in 0..out_w {
            let sum: u64 = overlaps.iter().enumerate().map(|(k, &o)| o * narrow[(first + k) * out_w + ox]).sum();
            out.push(sum as f64 / area);
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

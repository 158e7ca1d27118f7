//! A drawn digit → the 28×28 input MNIST itself would have produced (the preprocessing, in
//! `gradlab_kernels::digit`, where the web build compiles it for speed: it runs on every frame
//! of a stroke), and MNIST test images for the pad.

pub use gradlab_kernels::digit::{centre_of_mass, ink_from_rgba, to_mnist, Ink, Mnist28, BOX, SIZE};

/// The pad's brush width as a share of the pad's width (18 px on a 280 px pad). A digit that
/// fills most of the pad is scaled into MNIST's 20 px box, where this brush leaves a stroke
/// about 2 px wide: a little thinner than MNIST's own pen, 2.7 px for a "1"
/// (`tests/digit_model.rs` measures both).
pub const BRUSH_FRACTION: f64 = 0.065;

/// The data set (the manifest's id) whose first test chunk "Load a test image" picks from.
pub const TEST_DIGITS_DATA: &str = "mnist";

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

//! A labelled image dataset. Pixels stay as u8 (47 MB for MNIST's training set instead of
//! 188 MB as f32); they are scaled to [0,1] only when a mini-batch is built.

use super::idx;
use crate::Error;
use nalgebra::DMatrix;

pub const MNIST_ROWS: usize = 28;
pub const MNIST_COLS: usize = 28;
pub const CLASSES: usize = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    rows: usize,
    cols: usize,
    pixels: Vec<u8>,
    labels: Vec<u8>,
}

impl Dataset {
    /// Builds a dataset from checked parts: equal counts, 28×28 images, labels 0..=9.
    pub fn new(rows: usize, cols: usize, pixels: Vec<u8>, labels: Vec<u8>) -> Result<Self, Error> {
        if (rows, cols) != (MNIST_ROWS, MNIST_COLS) {
            return Err(Error::WrongImageSize {
                rows,
                cols,
                expected_rows: MNIST_ROWS,
                expected_cols: MNIST_COLS,
            });
        }
        let images = pixels.len() / (rows * cols);
        if images != labels.len() {
            return Err(Error::CountMismatch { images, labels: labels.len() });
        }
        if let Some((index, &value)) = labels.iter().enumerate().find(|(_, &l)| l as usize >= CLASSES) {
            return Err(Error::LabelOutOfRange { index, value });
        }
        Ok(Dataset { rows, cols, pixels, labels })
    }

    /// Parses an image file and a label file (each raw IDX or gzip) of at most
    /// [`idx::MAX_IMAGES`] examples.
    pub fn from_idx(images: &[u8], labels: &[u8]) -> Result<Self, Error> {
        Dataset::from_idx_limited(images, labels, idx::MAX_IMAGES)
    }

    /// Parses an image file and a label file of at most `max_images` examples each (a test set
    /// is held to [`idx::MAX_TEST_IMAGES`]); an empty pair is refused.
    pub fn from_idx_limited(images: &[u8], labels: &[u8], max_images: u64) -> Result<Self, Error> {
        let img = idx::parse_images_limited(crate::error::IMAGES_FILE, images, max_images)?;
        let lab = idx::parse_labels_limited(crate::error::LABELS_FILE, labels, max_images)?;
        if img.count != lab.len() {
            return Err(Error::CountMismatch { images: img.count, labels: lab.len() });
        }
        Dataset::new(img.rows, img.cols, img.pixels, lab)
    }

    /// Appends another dataset's examples (for data that arrives in chunks).
    pub fn append(&mut self, other: &Dataset) -> Result<(), Error> {
        if (self.rows, self.cols) != (other.rows, other.cols) {
            return Err(Error::Incompatible(format!(
                "cannot append {}×{} images to {}×{} images",
                other.rows, other.cols, self.rows, self.cols
            )));
        }
        self.pixels.extend_from_slice(&other.pixels);
        self.labels.extend_from_slice(&other.labels);
        Ok(())
    }

    /// The first `n` examples (all of them if there are fewer).
    pub fn take(&self, n: usize) -> Dataset {
        let n = n.min(self.len());
        Dataset {
            rows: self.rows,
            cols: self.cols,
            pixels: self.pixels[..n * self.pixel_count()].to_vec(),
            labels: self.labels[..n].to_vec(),
        }
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
    pub fn rows(&self) -> usize {
        self.rows
    }
    pub fn cols(&self) -> usize {
        self.cols
    }
    /// Pixels per image (784 for MNIST): the network's input size.
    pub fn pixel_count(&self) -> usize {
        self.rows * self.cols
    }
    pub fn image(&self, i: usize) -> &[u8] {
        let n = self.pixel_count();
        &self.pixels[i * n..(i + 1) * n]
    }
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }

    /// Input matrix for the examples `indices`: x is (indices.len(), 784), pixels / 255 in [0,1].
    pub fn inputs<T: nalgebra::RealField + Copy>(&self, indices: &[usize]) -> DMatrix<T> {
        self.inputs_scaled(indices, 1.0 / 255.0)
    }

    /// Input matrix with pixels × `scale` (1.0 gives raw 0..255: the "not normalized" mistake).
    pub fn inputs_scaled<T: nalgebra::RealField + Copy>(&self, indices: &[usize], scale: f64) -> DMatrix<T> {
        // 256 possible pixel values: convert each once. `from_fn` fills the column-major
        // storage in order, so the writes are sequential.
        let lut: Vec<T> = (0..256).map(|p| nalgebra::convert(p as f64 * scale)).collect();
        let images: Vec<&[u8]> = indices.iter().map(|&i| self.image(i)).collect();
        DMatrix::from_fn(indices.len(), self.pixel_count(), |r, c| lut[images[r][c] as usize])
    }

    /// One-hot targets for `indices`: t is (indices.len(), 10) with a single 1 per row.
    pub fn one_hot<T: nalgebra::RealField + Copy>(&self, indices: &[usize]) -> DMatrix<T> {
        one_hot(indices.iter().map(|&i| self.labels[i]), indices.len())
    }
}

/// One-hot encoding of class labels: row r has a 1 in column labels[r].
pub fn one_hot<T: nalgebra::RealField + Copy>(labels: impl Iterator<Item = u8>, n: usize) -> DMatrix<T> {
    let mut t = DMatrix::<T>::zeros(n, CLASSES);
    for (r, l) in labels.enumerate() {
        t[(r, l as usize)] = T::one();
    }
    t
}

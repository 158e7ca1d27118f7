//! The one error type of the core. Messages name what was expected and what was found,
//! because they are shown to a learner as they are.

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The file is empty or shorter than its 8- or 16-byte header.
    TooShortForHeader { what: &'static str, len: usize, header: usize },
    /// The first four bytes are not the IDX magic number of this kind of file.
    BadMagic { what: &'static str, found: u32, expected: u32 },
    /// The header promises more bytes than the file holds.
    Truncated { what: &'static str, expected: u64, found: u64 },
    /// The file holds more bytes than its header describes (sizes in u64: no wrap on wasm32).
    TrailingBytes { what: &'static str, expected: u64, found: u64 },
    /// A compressed file goes on past the end its header describes; decoding stopped at `read`.
    TooMuchData { what: &'static str, expected: u64, read: u64 },
    /// A compressed file too large to hold at most `most` bytes of IDX data.
    CompressedTooLarge { what: &'static str, len: u64, most: u64 },
    /// The header says the file holds no images (or labels).
    NoItems { what: &'static str, kind: &'static str },
    /// The header promises more images (or labels) than the app can use.
    TooManyItems { what: &'static str, kind: &'static str, count: u64, max: u64 },
    /// Images and labels disagree on how many examples there are.
    CountMismatch { images: usize, labels: usize },
    /// Images are not the 28×28 the network expects.
    WrongImageSize { rows: usize, cols: usize, expected_rows: usize, expected_cols: usize },
    /// A label outside 0..=9.
    LabelOutOfRange { index: usize, value: u8 },
    /// A .gz file that does not decompress.
    Gzip { what: &'static str, message: String },
    /// Two datasets that cannot be combined or used together.
    Incompatible(String),
    /// A configuration the trainer cannot run.
    Config(String),
    /// A model file that cannot be imported.
    ModelFormat(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Error::*;
        match self {
            TooShortForHeader { what, len, header } => write!(
                f,
                "{what}: file is {len} bytes, shorter than the {header}-byte IDX header (empty or not an IDX file)"
            ),
            BadMagic { what, found, expected } => write!(
                f,
                "{what}: bad magic number 0x{found:08x}, expected 0x{expected:08x} ({})",
                if *expected == crate::data::idx::IMAGES_MAGIC { "IDX images" } else { "IDX labels" }
            ),
            Truncated { what, expected, found } => write!(
                f,
                "{what}: truncated data: the header promises {expected} bytes but the file has {found}"
            ),
            TrailingBytes { what, expected, found } => write!(
                f,
                "{what}: {found} bytes where the header describes {expected}: extra data after the last item"
            ),
            TooMuchData { what, expected, read } => write!(
                f,
                "{what}: the decompressed data goes on past {read} bytes where the header describes {expected}: \
                 decompression stopped there (extra data or a decompression bomb)"
            ),
            CompressedTooLarge { what, len, most } => write!(
                f,
                "{what}: the compressed file is {len} bytes, more than a gzip of the most GradLab reads \
                 ({most} bytes of IDX data) can be"
            ),
            NoItems { what, kind } => write!(
                f,
                "{what}: the header says the file holds 0 {kind}: there is nothing to train or test on"
            ),
            TooManyItems { what, kind, count, max } => write!(
                f,
                "{what}: the header promises {count} {kind}, more than the {max} GradLab can use; \
                 keep the first {max} (or fewer) in the file"
            ),
            CountMismatch { images, labels } => {
                write!(f, "image/label count mismatch: {images} images but {labels} labels")
            }
            WrongImageSize { rows, cols, expected_rows, expected_cols } => write!(
                f,
                "wrong image size: images are {rows}×{cols}, expected {expected_rows}×{expected_cols}"
            ),
            LabelOutOfRange { index, value } => {
                write!(f, "label {index} is {value}, expected a digit class 0..=9")
            }
            Gzip { what, message } => write!(f, "{what}: not a valid gzip file ({message})"),
            Incompatible(m) => write!(f, "{m}"),
            Config(m) => write!(f, "invalid configuration: {m}"),
            ModelFormat(m) => write!(f, "model file: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// What a pair of IDX files is called in errors about one of them (`what`): the images file
/// and the labels file.
pub const IMAGES_FILE: &str = "images";
pub const LABELS_FILE: &str = "labels";

impl Error {
    /// Which file of an images + labels pair the error is about ([`IMAGES_FILE`] or
    /// [`LABELS_FILE`]), or None when it is about both (their counts disagree) or neither.
    pub fn about(&self) -> Option<&'static str> {
        use Error::*;
        match self {
            TooShortForHeader { what, .. }
            | BadMagic { what, .. }
            | Truncated { what, .. }
            | TrailingBytes { what, .. }
            | TooMuchData { what, .. }
            | CompressedTooLarge { what, .. }
            | NoItems { what, .. }
            | TooManyItems { what, .. }
            | Gzip { what, .. } => Some(what),
            WrongImageSize { .. } => Some(IMAGES_FILE),
            LabelOutOfRange { .. } => Some(LABELS_FILE),
            _ => None,
        }
    }

    /// The message for a learner's files named `images` and `labels`: the file it is about
    /// first, or both files when it is about the pair.
    pub fn in_files(&self, images: &str, labels: &str) -> String {
        let file = match self.about() {
            Some(IMAGES_FILE) => images.to_string(),
            Some(LABELS_FILE) => labels.to_string(),
            _ => format!("{images}, {labels}"),
        };
        format!("{file}: {self}")
    }
}

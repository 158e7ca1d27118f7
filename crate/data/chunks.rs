//! The pre-cut dataset chunks (scripts/prepare-data.mjs cuts each split into gzipped IDX files
//! of up to `chunkSize` images, listed in order in manifest.json): which of them hold the
//! first N images of a split.

/// How many leading chunks, of `counts[i]` images each, hold the first `images` images (all the
/// chunks when they hold fewer). The counts are the manifest's own, so a short last chunk, or a
/// manifest cut with another chunk size, is counted as it is.
pub fn chunks_for(counts: &[usize], images: usize) -> usize {
    let mut held = 0;
    for (i, &count) in counts.iter().enumerate() {
        if held >= images {
            return i;
        }
        held += count;
    }
    counts.len()
}

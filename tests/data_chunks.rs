//! Which pre-cut chunks the worker fetches for a split's first N images (data::chunks).

use gradlab::data::chunks::chunks_for;

/// MNIST's training split as scripts/prepare-data.mjs cuts it: 60 chunks of 1000 images.
const TRAIN: [usize; 60] = [1000; 60];

#[test]
fn whole_chunks_cover_the_images_asked_for() {
    assert_eq!(chunks_for(&TRAIN, 1000), 1, "exactly one chunk's worth");
    assert_eq!(chunks_for(&TRAIN, 1001), 2, "one image more needs the next chunk");
    assert_eq!(chunks_for(&TRAIN, 10_000), 10);
    assert_eq!(chunks_for(&TRAIN, 100), 1, "the smallest subset still needs a chunk");
}

#[test]
fn no_images_need_no_chunk() {
    assert_eq!(chunks_for(&TRAIN, 0), 0);
}

#[test]
fn more_images_than_the_split_holds_take_every_chunk() {
    assert_eq!(chunks_for(&TRAIN, 60_000), 60);
    assert_eq!(chunks_for(&TRAIN, usize::MAX), 60, "'all of them' (the test split's Infinity)");
    assert_eq!(chunks_for(&[], 10), 0, "a split with no chunks");
}

#[test]
fn chunk_counts_are_read_as_the_manifest_lists_them() {
    // A short last chunk (a split of 2500 images cut by 1000) and uneven chunks both count as listed.
    assert_eq!(chunks_for(&[1000, 1000, 500], 2400), 3);
    assert_eq!(chunks_for(&[1000, 1000, 500], 2000), 2);
    assert_eq!(chunks_for(&[300, 700, 1000], 1000), 2);
}

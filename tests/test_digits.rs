//! The pad's "Load a test image": seeded random picks from the first MNIST test chunk, and the
//! path such an image takes — painted on the pad (each pixel a 10×10 block of black ink with
//! the pixel as its opacity, as www/draw-pad.js paints it) and preprocessed like a drawing —
//! still gives the default network's guess for the image itself.

use gradlab::data::Dataset;
use gradlab::digit::{ink_from_rgba, to_mnist, TestDigits, SIZE};
use gradlab::model::Model;
use gradlab::reading::Reading;
use nalgebra::DMatrix;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// public/data/mnist/test-000.*: the chunk the page fetches when the button is first pressed.
fn first_test_chunk() -> Dataset {
    let read = |name: &str| std::fs::read(format!("{ROOT}/public/data/mnist/{name}")).unwrap_or_else(|e| panic!("{name}: {e} (made by the setup: scripts/prepare-data.mjs)"));
    Dataset::from_idx(&read("test-000.images.idx.gz"), &read("test-000.labels.idx.gz")).unwrap()
}

fn default_model() -> Model {
    Model::from_bytes(&std::fs::read(format!("{ROOT}/public/models/default.gradlab")).unwrap()).unwrap()
}

/// A 28×28 image as the pad paints it: `scale`× larger, black with the pixel as alpha.
fn painted(pixels: &[u8], scale: usize) -> (usize, Vec<u8>) {
    let side = SIZE * scale;
    let mut rgba = vec![0u8; side * side * 4];
    for y in 0..side {
        for x in 0..side {
            rgba[(y * side + x) * 4 + 3] = pixels[(y / scale) * SIZE + x / scale];
        }
    }
    (side, rgba)
}

fn guess(model: &Model, pixels: &[u8]) -> usize {
    let x = DMatrix::from_iterator(1, SIZE * SIZE, pixels.iter().map(|&p| p as f32 / 255.0));
    Reading::of(&model.net, &x).guess.top()
}

#[test]
fn the_same_seed_picks_the_same_images_with_their_true_labels() {
    let data = first_test_chunk();
    let picks = |seed| {
        let mut digits = TestDigits::new(data.clone(), seed).unwrap();
        (0..20).map(|_| digits.pick()).collect::<Vec<_>>()
    };
    let (a, b, c) = (picks(7), picks(7), picks(8));
    assert_eq!(a, b);
    assert_ne!(a, c, "another seed, other images");
    for p in &a {
        assert!(p.index < data.len());
        assert_eq!(p.label, data.label(p.index));
        assert_eq!(p.pixels, data.image(p.index));
    }
    let distinct: std::collections::BTreeSet<usize> = a.iter().map(|p| p.index).collect();
    assert!(distinct.len() >= 18, "20 picks of 1000 images are nearly all different: {distinct:?}");
}

#[test]
fn an_empty_set_is_refused_with_a_message() {
    let empty = first_test_chunk().take(0);
    let err = TestDigits::new(empty, 1).err().expect("no images: an error");
    assert!(err.to_string().contains("test images"), "{err}");
}

#[test]
fn a_test_image_painted_on_the_pad_keeps_the_networks_guess_and_its_accuracy() {
    let (data, model) = (first_test_chunk(), default_model());
    let n = 200;
    let (mut same, mut right_direct, mut right_painted) = (0, 0, 0);
    for i in 0..n {
        let image = data.image(i);
        let (side, rgba) = painted(image, 10);
        let seen = to_mnist(&ink_from_rgba(side, side, &rgba)).expect("ink on the pad");
        let (direct, through_pad) = (guess(&model, image), guess(&model, &seen));
        same += (direct == through_pad) as usize;
        right_direct += (direct == data.label(i) as usize) as usize;
        right_painted += (through_pad == data.label(i) as usize) as usize;
    }
    println!("{n} test images: same guess {same}, right directly {right_direct}, right through the pad {right_painted}");
    assert!(same >= n * 95 / 100, "the pad's path changes the guess of {} images in {n}", n - same);
    assert!(right_painted >= n * 9 / 10, "through the pad only {right_painted} of {n} right");
}

#[test]
fn the_test_images_come_from_a_data_set_the_training_form_offers() {
    use gradlab::config::TRAIN_KEYS;
    use gradlab::digit::TEST_DIGITS_DATA;
    let data = TRAIN_KEYS.iter().find(|k| k.name == "data").expect("a data key").spec.options();
    assert!(data.contains(&TEST_DIGITS_DATA), "{TEST_DIGITS_DATA} among {data:?}");
}

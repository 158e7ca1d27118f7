//! Trains the network the "Draw a digit" view uses before the learner has trained their own,
//! with our own trainer and a fixed seed, and writes it in GradLab's model format.
//!
//!   cargo run --release --bin train-default -- <out-file> [settings-query]
//!
//! Prints the test accuracy and the file's CRC-32 (the one stored in its last 4 bytes), so the
//! result can be checked.

use gradlab::config::TrainConfig;
use gradlab::data::files::{load_split, mnist_dir};
use gradlab::crc32::crc32;
use gradlab::model::Model;
use gradlab::train::Trainer;
use std::path::PathBuf;
use std::sync::Arc;

/// 784-100-10 ReLU, He init, SGD η = 0.1, batch 100, shuffled epochs, 30 epochs of 60,000.
pub const DEFAULT_SETTINGS: &str =
    "data=mnist&subset=60000&hidden=100&act=relu&init=he&lr=0.1&batch=100&iters=18000&seed=2024&sampler=shuffle";

fn main() {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().expect("usage: train-default <out-file> [settings-query]"));
    let settings = args.next().unwrap_or_else(|| DEFAULT_SETTINGS.to_string());
    let dir = mnist_dir();
    let load = |split| Arc::new(load_split(&dir, split).unwrap_or_else(|e| panic!("{e}")));
    let config = TrainConfig::from_query(&settings);
    let mut trainer = Trainer::new(config, load("train"), load("t10k")).expect("config");
    while !trainer.finished() {
        trainer.run(trainer.iterations_per_epoch());
        if let Some(r) = trainer.take_epochs().last() {
            eprintln!("epoch {:>5.1}: train {:.4}, test {:.4}", r.epoch, r.train_accuracy, r.test_accuracy);
        }
    }
    let accuracy = trainer.evaluate().test_accuracy;
    let model = Model { net: trainer.net().clone(), dataset: "mnist".into(), test_accuracy: Some(accuracy), name: "GradLab default".into() };
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).expect("write the model");
    println!("{{\"file\":\"{}\",\"settings\":\"{settings}\",\"test_accuracy\":{accuracy:.4},\"bytes\":{},\"crc32\":\"{:08x}\"}}", out.display(), bytes.len(), crc32(&bytes[..bytes.len() - 4]));
}

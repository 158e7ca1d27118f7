//! The JS bindings, run in headless Chromium by wasm-bindgen-test (npm test).
#![cfg(target_arch = "wasm32")]

use gradlab::data::idx::{encode_images, encode_labels};
use gradlab::web::{
    batch_verdict, draw_step_sizes, iterations_per_epoch, normalize_train_query, preprocess_digit, sampler_stats, step_size_study,
    lesson_key_specs, train_key_specs, watch_sample, watch_snapshot, Curves, Dataset, GradientLab, Model, Pace, Trainer,
};
use wasm_bindgen::{JsCast, JsValue};

/// A JS object from JSON text (the options objects of the bindings).
fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// The verdict name of a relative error, as the check table shows it.
fn gradient_verdict(relative: f64) -> &'static str {
    gradlab::gradcheck::Verdict::of(relative).name()
}
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A tiny synthetic dataset: class k is an image whose k-th row block is bright.
fn toy_dataset(count: usize) -> Dataset {
    let mut pixels = Vec::new();
    let mut labels = Vec::new();
    for i in 0..count {
        let k = i % 10;
        labels.push(k as u8);
        pixels.extend((0..784).map(|p| if p / 78 == k { 255u8 } else { 0 }));
    }
    Dataset::from_idx(&encode_images(count, 28, 28, &pixels), &encode_labels(&labels), None, None).unwrap()
}

#[wasm_bindgen_test]
fn bad_files_throw_js_errors_with_the_reason() {
    let mut images = encode_images(1, 28, 28, &[0; 784]);
    images[2] = 9;
    let err = Dataset::from_idx(&images, &encode_labels(&[1]), None, None).err().expect("bad magic must fail");
    let value: wasm_bindgen::JsValue = err.into();
    let message = value.dyn_into::<js_sys::Error>().unwrap().message();
    assert!(String::from(message).contains("bad magic number"));
}

/// The options object of `Dataset.checkIdxSizes`.
fn idx_sizes(images_head: &[u8], images_length: f64, labels_head: &[u8], labels_length: f64, files: Option<[&str; 2]>) -> JsValue {
    let o = js(&format!("{{\"imagesLength\": {images_length}, \"labelsLength\": {labels_length}}}"));
    js_sys::Reflect::set(&o, &"imagesHead".into(), &js_sys::Uint8Array::from(images_head)).unwrap();
    js_sys::Reflect::set(&o, &"labelsHead".into(), &js_sys::Uint8Array::from(labels_head)).unwrap();
    if let Some(files) = files {
        let names: js_sys::Array = files.iter().map(|f| JsValue::from_str(f)).collect();
        js_sys::Reflect::set(&o, &"files".into(), &names).unwrap();
    }
    o
}

fn js_message(err: wasm_bindgen::JsError) -> String {
    let value: wasm_bindgen::JsValue = err.into();
    String::from(value.dyn_into::<js_sys::Error>().unwrap().message())
}

#[wasm_bindgen_test]
fn sizes_are_checked_in_64_bits_before_files_are_copied() {
    // 32-bit wasm: a count of 0xFFFFFFFF must not wrap into a small byte count.
    let mut labels = vec![0, 0, 8, 1, 0xff, 0xff, 0xff, 0xff];
    let message = js_message(Dataset::check_idx_sizes(idx_sizes(&encode_images(1, 28, 28, &[0; 784])[..16], 800.0, &labels, 108.0, None)).unwrap_err());
    assert!(message.contains("promises 4294967295 labels, more than the 60000"), "{message}");
    // Named files: the message starts with the file it is about (here the labels).
    let files = Some(["my-images.idx", "my-labels.idx"]);
    let message = js_message(Dataset::check_idx_sizes(idx_sizes(&encode_images(1, 28, 28, &[0; 784])[..16], 800.0, &labels, 108.0, files)).unwrap_err());
    assert!(message.starts_with("my-labels.idx: labels: "), "{message}");
    labels[4..8].copy_from_slice(&3u32.to_be_bytes());
    let mut head = encode_images(1, 28, 28, &[0; 784])[..16].to_vec();
    head[4..8].copy_from_slice(&2_000_000u32.to_be_bytes());
    let message = js_message(Dataset::check_idx_sizes(idx_sizes(&head, 16.0 + 2e6 * 784.0, &labels, 11.0, None)).unwrap_err());
    assert!(message.contains("promises 2000000 images"), "{message}");
    let message = js_message(Dataset::from_idx(&encode_images(10_001, 28, 28, &vec![0; 10_001 * 784]), &encode_labels(&[1; 10_001]), Some(true), None).err().unwrap());
    assert!(message.contains("more than the 10000"), "{message}");
}

#[wasm_bindgen_test]
fn trainer_learns_a_toy_problem_and_reports_epochs() {
    let data = toy_dataset(200);
    let mut trainer = Trainer::new("subset=200&batch=20&iters=100&lr=1&seed=5", &data, &data).unwrap();
    assert_eq!(trainer.iterations_per_epoch(), 10);
    assert_eq!(trainer.run(1000), 100);
    assert!(trainer.finished());
    assert_eq!(trainer.take_losses().len(), 100);
    let epochs = trainer.take_epochs();
    assert_eq!(epochs.len(), 10 * 4);
    assert!(epochs[epochs.len() - 1] > 0.99, "test accuracy {}", epochs[epochs.len() - 1]);
    assert_eq!(trainer.set_learning_rate(1e9), 10.0);
}

#[wasm_bindgen_test]
fn query_is_normalized() {
    assert_eq!(
        normalize_train_query("lr=99&hidden=-3"),
        "data=mnist&subset=10000&hidden=1&act=sigmoid&init=std&lr=10&batch=100&iters=10000&seed=42&sampler=choice\
         &sorted=0&norm=1&delta=1&bug=none&opt=sgd&sched=constant&gamma=0.5&every=2000&k=0.0005&loss=cee"
    );
}

#[wasm_bindgen_test]
fn curves_draw_on_a_canvas() {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    canvas.set_width(400);
    canvas.set_height(300);
    let mut curves = Curves::new();
    assert!(curves.push_losses(1, &[2.3, 2.0, 1.5, f32::NAN], None));
    assert!(!curves.push_losses(9, &[1.0], None), "a gap is refused");
    curves.push_epochs(&[3.0, 1.0, 0.5, 0.45], None).unwrap();
    assert!(curves.push_epochs(&[3.0, 1.0], None).is_err(), "rows of 4 numbers");
    curves.draw_loss(canvas.clone(), js(r#"{"title":"Loss","x":"iteration","y":"loss","series":["raw","smoothed"]}"#)).unwrap();
    curves.draw_accuracy(canvas.clone(), js(r#"{"title":"Accuracy","x":"epoch","y":"%","series":["train","test"]}"#)).unwrap();
    // A lab chart of named runs, against the worker's seconds.
    let mut lab = Curves::new();
    lab.start_run(js(r#"{"key":"32","label":"batch 32","planned":4,"style":{"smooth":true}}"#)).unwrap();
    assert!(lab.push_losses(1, &[2.3, 2.0], Some("32".into())));
    assert!(!lab.push_losses(1, &[2.3], Some("64".into())), "an unknown run is refused");
    lab.tick("32", 2, 40.0).unwrap();
    lab.draw_lines(canvas.clone(), js(r#"{"title":"Loss","values":"loss","x":"time","logY":true}"#)).unwrap();
    assert!(lab.draw_lines(canvas.clone(), js(r#"{"x":"furlongs"}"#)).is_err(), "an unknown axis is refused");
    // Something other than white was painted.
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let pixels = ctx.get_image_data(0.0, 0.0, 400.0, 300.0).unwrap().data();
    assert!(pixels.chunks(4).any(|p| p[0] < 200));
}

#[wasm_bindgen_test]
fn gradient_lab_on_a_small_network_flags_an_injected_bug() {
    let data = toy_dataset(20);
    let mut lab = GradientLab::new(&data, js(r#"{"hidden": 3, "batch": 4, "seed": 1}"#)).unwrap();
    assert_eq!(lab.parameter_count(), 784 * 3 + 3 + 3 * 10 + 10);
    assert_eq!(lab.numerical_counts(), vec![784 * 3, 3, 30, 10]);
    lab.backprop();
    assert!(lab.compare("").is_err(), "comparing before the numerical gradient is done is refused");
    while !lab.numerical_finished() {
        lab.advance_numerical(500);
    }
    // compare gives [mean |diff|, relative error] per parameter; the verdict reads the second.
    let relative = |v: Vec<f64>| v.chunks(2).map(|c| c[1]).collect::<Vec<_>>();
    let ok = relative(lab.compare("").unwrap());
    assert!(ok.iter().all(|&d| gradient_verdict(d) == "perfect"), "{ok:?}");
    let buggy = relative(lab.compare("no-batch-division").unwrap());
    assert!(buggy.iter().any(|&d| gradient_verdict(d) == "bug"), "{buggy:?}");
}

#[wasm_bindgen_test]
fn gradient_lab_can_check_a_sample_of_the_parameters() {
    let data = toy_dataset(20);
    let mut lab = GradientLab::new(&data, js(r#"{"hidden": 5, "batch": 4, "seed": 1, "sample": 7}"#)).unwrap();
    assert_eq!(lab.numerical_counts(), vec![7, 5, 7, 7]);
    assert_eq!(lab.numerical_total(), 26);
    while !lab.numerical_finished() {
        lab.advance_numerical(10);
    }
    let values = lab.compare("sigmoid-derivative-on-input").unwrap();
    assert_eq!(values.len(), 8);
    assert_eq!(gradient_verdict(values[3]), "bug", "b1 with the sigmoid bug: {values:?}");
}

#[wasm_bindgen_test]
fn sampler_stats_and_updates_per_epoch() {
    let data = toy_dataset(1000);
    let field = |v: &JsValue, name: &str| js_sys::Reflect::get(v, &name.into()).unwrap();
    let counts = |v: &JsValue| js_sys::Array::from(&field(v, "counts")).iter().map(|c| c.as_f64().unwrap()).collect::<Vec<_>>();
    let stats = sampler_stats(&data, js(r#"{"subset": 1000, "sampler": "shuffle", "batch": 100, "seed": 3}"#)).unwrap();
    assert_eq!(field(&stats, "coverage").as_f64(), Some(1.0));
    assert_eq!(counts(&stats).iter().sum::<f64>(), 100.0);
    let sorted = sampler_stats(&data, js(r#"{"subset": 1000, "sampler": "sequential", "batch": 100, "sorted": true, "seed": 3}"#)).unwrap();
    assert_eq!(counts(&sorted)[0], 100.0, "class-sorted, unshuffled: the first batch is all zeros");
    assert!(sampler_stats(&data, js(r#"{"subset": 1000, "sampler": "sideways", "batch": 100, "seed": 3}"#)).is_err());
    assert_eq!(iterations_per_epoch(60_000, 100), 600);
}

#[wasm_bindgen_test]
fn a_trained_network_round_trips_through_a_model_file_and_reads_a_drawing() {
    let data = toy_dataset(200);
    let mut trainer = Trainer::new("subset=200&batch=20&iters=100&lr=1&seed=5", &data, &data).unwrap();
    trainer.run(100);
    let model = Model::from_bytes(&trainer.export_model("toy", None)).unwrap();
    assert_eq!((model.input_size(), model.hidden_size(), model.output_size()), (784, 50, 10));
    // An accuracy the page already measured at this iteration is recorded as it is.
    assert_eq!(Model::from_bytes(&trainer.export_model("toy", Some(0.25))).unwrap().test_accuracy(), 0.25);
    assert!(Model::from_bytes(&[1, 2, 3]).is_err());
    // The same network through NumPy's .npz: fromBytes recognises the zip.
    let back = Model::from_bytes(&model.to_npz()).unwrap();
    assert_eq!((back.hidden_size(), back.activation()), (50, model.activation()));
    assert_eq!(back.predict(&[7u8; 784]).unwrap(), model.predict(&[7u8; 784]).unwrap());
    // A bright horizontal band in rows 28..35 of a 28×28 "drawing", as class 3's images have.
    let mut rgba = vec![255u8; 28 * 28 * 4];
    for p in 0..784 {
        if p / 78 == 3 {
            rgba[4 * p..4 * p + 3].copy_from_slice(&[0, 0, 0]);
        }
    }
    let pixels = preprocess_digit(28, 28, &rgba).unwrap().expect("not blank");
    assert_eq!(pixels.len(), 784);
    assert!(preprocess_digit(28, 28, &vec![255u8; 28 * 28 * 4]).unwrap().is_none());
    let probabilities = model.predict(&pixels).unwrap();
    assert!((probabilities.iter().sum::<f32>() - 1.0).abs() < 1e-4);
}

#[wasm_bindgen_test]
fn charts_draw_at_the_canvas_pixel_ratio() {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    // 300 CSS px wide with a bitmap twice that: drawn at scale 2.
    canvas.set_attribute("style", "width: 300px; height: 200px").unwrap();
    canvas.set_width(600);
    canvas.set_height(400);
    document.body().unwrap().append_child(&canvas).unwrap();
    draw_step_sizes(canvas.clone(), "sin", js(r#"{"title":"h","forward":"forward","central":"central","mark":"h = 1e-4"}"#)).unwrap();
    assert!(draw_step_sizes(canvas.clone(), "tan", js("{}")).is_err(), "an unknown function is refused");
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let pixels = ctx.get_image_data(0.0, 0.0, 600.0, 400.0).unwrap().data();
    assert!(pixels.chunks(4).any(|p| p[0] < 200), "something was drawn");
    canvas.remove();
}

#[wasm_bindgen_test]
fn the_key_specs_hold_the_defaults_that_normalization_writes() {
    let specs = train_key_specs();
    let from_specs: Vec<String> = specs.iter().map(|s| format!("{}={}", s.name(), s.default_value())).collect();
    assert_eq!(from_specs.join("&"), normalize_train_query(""));
    let hidden = specs.iter().find(|s| s.name() == "hidden").unwrap();
    assert_eq!((hidden.kind().as_str(), hidden.min(), hidden.max()), ("int", Some(1.0), Some(1000.0)));
    let act = specs.iter().find(|s| s.name() == "act").unwrap();
    assert_eq!((act.min(), act.options()), (None, vec!["sigmoid".to_string(), "relu".to_string()]));
    let subset = specs.iter().find(|s| s.name() == "subset").unwrap();
    assert_eq!((subset.presets(), hidden.presets()), (vec!["1000".to_string(), "10000".to_string(), "60000".to_string()], vec![]));
    // Sets say whether they may be empty (crate/lessons/mod.rs: the mini-batch sizes may not,
    // the injected bugs may); other kinds never are.
    let key = |view: &str, name: &str| lesson_key_specs(view).unwrap().into_iter().find(|s| s.name() == name).unwrap();
    assert_eq!((key("minibatch", "sizes").allow_empty(), key("backprop", "bugs").allow_empty(), hidden.allow_empty()), (false, true, false));
}

#[wasm_bindgen_test]
fn the_trainer_says_when_it_evaluates_next() {
    // 200 images, batch 20: 10 updates per epoch; 25 iterations end mid-epoch.
    let data = toy_dataset(200);
    let mut trainer = Trainer::new("subset=200&batch=20&iters=25&seed=5", &data, &data).unwrap();
    assert_eq!(trainer.steps_to_evaluation(), 10);
    trainer.run(9);
    assert_eq!(trainer.steps_to_evaluation(), 1);
    trainer.run(12);
    assert_eq!(trainer.steps_to_evaluation(), 4, "the last iteration (25) evaluates too");
    trainer.run(10);
    assert_eq!(trainer.steps_to_evaluation(), 0);
}

#[wasm_bindgen_test]
fn flattened_plan_and_last_epoch_cross_as_the_runs_own_fields() {
    // RunSpec.plan, RunSummary.plan and RunSummary.last_epoch are #[serde(flatten)] fields: JS
    // writes and reads them as fields of the run itself, as before they were grouped.
    let mut curves = Curves::new();
    curves.start_run(js(r#"{"key":"a","planned":20,"iterationsPerEpoch":5,"learningRate":0.1}"#)).unwrap();
    let get = |v: &JsValue, name: &str| js_sys::Reflect::get(v, &name.into()).unwrap();
    let first = |c: &Curves| js_sys::Reflect::get(&c.summaries().unwrap(), &0.into()).unwrap();
    let run = first(&curves);
    assert!(!run.is_instance_of::<js_sys::Map>(), "a plain object, not a Map");
    assert_eq!((get(&run, "planned").as_f64(), get(&run, "iterationsPerEpoch").as_f64()), (Some(20.0), Some(5.0)));
    assert_eq!(get(&run, "learningRate").as_f64(), Some(0.1));
    assert!(get(&run, "testAccuracy").is_undefined(), "no epoch yet");
    curves.push_epochs(&[5.0, 1.0, 0.8, 0.75], Some("a".into())).unwrap();
    let run = first(&curves);
    assert_eq!((get(&run, "epoch").as_f64(), get(&run, "testAccuracy").as_f64()), (Some(1.0), Some(0.75)));
}

#[wasm_bindgen_test]
fn lesson_summaries_cross_typed() {
    // ms per update 2 and 0.5: the second is fastest; only the first has evaluated.
    let mut curves = Curves::new();
    for (key, updates, ms) in [("1", 100, 200.0), ("32", 1000, 500.0)] {
        curves.start_run(js(&format!(r#"{{"key":"{key}","planned":{updates}}}"#))).unwrap();
        curves.tick(key, updates, ms).unwrap();
    }
    curves.push_epochs(&[100.0, 1.0, 0.91, 0.9], Some("1".into())).unwrap();
    assert!(batch_verdict(&curves).unwrap().is_undefined(), "no run has finished");
    curves.finish_run("1", "done", None).unwrap();
    curves.finish_run("32", "done", None).unwrap();
    assert!(curves.finish_run("32", "exploded", None).is_err(), "an unknown state is refused");
    let v = batch_verdict(&curves).unwrap();
    let field = |name: &str| js_sys::Reflect::get(&v, &name.into()).unwrap().as_string();
    assert_eq!((field("fastest"), field("slowest"), field("best")), (Some("32".into()), Some("1".into()), Some("1".into())));
    let study = step_size_study("sin").unwrap();
    let book = js_sys::Reflect::get(&study, &"book".into()).unwrap();
    let h = js_sys::Reflect::get(&book, &"h".into()).unwrap().as_f64().unwrap();
    assert!((h - 1e-4).abs() < 1e-12, "the row nearest the book's h is h = 1e-4: {h}");
    assert!(step_size_study("tan").is_err());
    let mut pace = Pace::new(2000.0);
    pace.sample(0.0, 0);
    pace.sample(500.0, 50);
    assert_eq!((pace.steps_per_second(), pace.seconds_left(150, 50)), (Some(100.0), Some(1.0)));
}

#[wasm_bindgen_test]
fn watched_digits_cross_as_objects_whose_pictures_are_byte_arrays() {
    let data = toy_dataset(200);
    let get = |v: &JsValue, name: &str| js_sys::Reflect::get(v, &name.into()).unwrap();
    let sample = watch_sample(&data).unwrap();
    let rgba = get(&sample, "rgba").dyn_into::<js_sys::Uint8Array>().expect("a Uint8Array, not an array of numbers");
    assert_eq!(rgba.length(), 50 * 784 * 4);
    let mut trainer = Trainer::new("subset=200&batch=20&iters=10&seed=5", &data, &data).unwrap();
    let before = trainer.watch().unwrap();
    assert_eq!(get(&before, "iteration").as_f64(), Some(0.0));
    assert_eq!(get(&before, "weightsRgba").dyn_into::<js_sys::Uint8Array>().unwrap().length(), 12 * 784 * 4);
    // a snapshot read in another instance says what the Trainer says
    trainer.run(10);
    let snapshot = trainer.export_model("", Some(0.0));
    let copy = watch_snapshot(&snapshot, "subset=200&batch=20&iters=10&seed=5", &data, 10).unwrap();
    let own = trainer.watch().unwrap();
    assert_eq!(get(&copy, "correct").as_f64(), get(&own, "correct").as_f64());
    assert_eq!(js_sys::JSON::stringify(&get(&copy, "guesses")).unwrap(), js_sys::JSON::stringify(&get(&own, "guesses")).unwrap());
}

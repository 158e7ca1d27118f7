//! Fuzzing on the stable toolchain: each parser a learner can reach (IDX images and labels, raw
//! and gzip; model files; the URL query) gets inputs made by structured mutations of valid
//! inputs (header counts and dimensions set to edge values, bytes flipped, truncated, appended,
//! spliced, repeated keys, re-compressed, …) from a seeded generator, and must answer every one
//! without a panic and without allocating beyond the limits (a counting allocator measures the
//! peak of live bytes of each call).
//!
//! `cargo test --test fuzz` runs 10,000 inputs per parser; `npm run fuzz` runs 1,000,000
//! (GRADLAB_FUZZ_ITERS sets the count, GRADLAB_FUZZ_SEED the seed). A failing input is written
//! to target/fuzz-failures/ and its seed and iteration are printed, so it can be replayed.

use gradlab::config::{normalize_query, TrainConfig, TRAIN_KEYS};
use gradlab::data::idx::{encode_images, encode_labels, parse_images, parse_labels, preflight, IdxKind, MAX_IMAGES};
use gradlab::data::Dataset;
use gradlab::crc32::crc32;
use gradlab::model::{Model, MAX_NAME_CHARS};
use gradlab::nn::{ActivationKind, TwoLayerNet, WeightInit};
use gradlab::rng::Rng;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};

// ---- a counting allocator: live and peak bytes of the current thread -------------------------

struct Counting;

thread_local! {
    static LIVE: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn track(grow: usize, shrink: usize) {
    // try_with: the thread-locals may be gone while a thread exits.
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add(grow).saturating_sub(shrink);
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        track(layout.size(), 0);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        track(layout.size(), 0);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(0, layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        track(new_size, layout.size());
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `f` and returns its result with the most bytes it had allocated at once.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let out = f();
    (out, PEAK.with(Cell::get) - base)
}

// ---- the harness ----------------------------------------------------------------------------

fn iterations() -> usize {
    std::env::var("GRADLAB_FUZZ_ITERS").ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(10_000)
}

fn seed() -> u64 {
    std::env::var("GRADLAB_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x6772_6164)
}

/// What a parser answered: "accepted", or its message with numbers and quotes blanked, so the
/// harness can show how many different answers the inputs reached.
fn outcome<T, E: std::fmt::Display>(result: &Result<T, E>) -> String {
    match result {
        Ok(_) => "accepted".into(),
        Err(e) => {
            // Blank the numbers (decimal or hex) and quoted contents: the kind of answer remains.
            let m = e.to_string();
            let m = m.split('"').step_by(2).collect::<Vec<_>>().join("\"…\"");
            m.split(' ').map(|w| if w.chars().any(|c| c.is_ascii_digit()) { "#" } else { w }).collect::<Vec<_>>().join(" ")
        }
    }
}

/// Feeds `iterations()` inputs made by `make` to `check`; a panic or a failed check stops the
/// run with the input saved and named. `check` returns the parser's answer (see `outcome`).
fn fuzz(name: &str, make: impl Fn(&mut Rng) -> Vec<u8>, check: impl Fn(&[u8]) -> Result<String, String>) {
    let (n, seed) = (iterations(), seed());
    let mut rng = Rng::new(seed ^ crc32(name.as_bytes()) as u64);
    // Quiet the default hook: a caught panic is reported below, with its input.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut answers = std::collections::BTreeMap::<String, usize>::new();
    for i in 0..n {
        let input = make(&mut rng);
        let outcome = catch_unwind(AssertUnwindSafe(|| check(&input)));
        let failure = match outcome {
            Ok(Ok(answer)) => {
                *answers.entry(answer).or_default() += 1;
                continue;
            }
            Ok(Err(message)) => message,
            Err(panic) => format!(
                "panic: {}",
                panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
            ),
        };
        std::panic::set_hook(hook);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}-{seed}-{i}.bin"));
        std::fs::write(&path, &input).unwrap();
        panic!("{name}: input {i} (seed {seed}, saved as {}): {failure}", path.display());
    }
    std::panic::set_hook(hook);
    println!("{name}: {n} inputs (seed {seed}), no panic, allocations within the limits; {} different answers:", answers.len());
    let mut by_count: Vec<_> = answers.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1));
    for (answer, count) in by_count {
        println!("  {count:>8}  {answer}");
    }
}

/// Values that break size arithmetic and limits.
fn edge_u32(rng: &mut Rng, n: u32) -> u32 {
    const EDGES: &[u32] = &[
        0, 1, 2, 27, 28, 29, 784, 9_999, 10_000, 10_001, 59_999, 60_000, 60_001, 1_500_000, 2_000_000, 0x0100_0000,
        0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff,
    ];
    match rng.below(4) {
        0 => n.wrapping_add(1),
        1 => n.wrapping_sub(1),
        2 => rng.next_u64() as u32,
        _ => EDGES[rng.below(EDGES.len())],
    }
}

fn random_bytes(rng: &mut Rng, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.next_u64() as u8).collect()
}

/// Byte-level mutations: flip, set, truncate, append, repeat or delete a chunk, splice.
fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>, other: &[u8]) {
    let len = bytes.len();
    match rng.below(8) {
        0 | 1 if len > 0 => {
            let i = rng.below(len);
            bytes[i] ^= 1 << rng.below(8);
        }
        2 if len > 0 => {
            let i = rng.below(len);
            bytes[i] = [0, 0xff, 0x7f, 0x80, 0x1f, 0x8b][rng.below(6)];
        }
        3 => bytes.truncate(rng.below(len + 1)),
        4 => {
            let n = rng.below(64);
            let extra = random_bytes(rng, n);
            bytes.extend_from_slice(&extra);
        }
        5 if len > 0 => {
            let (a, b) = (rng.below(len), rng.below(len));
            let chunk = bytes[a.min(b)..a.max(b)].to_vec();
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, chunk);
        }
        6 if len > 0 => {
            let (a, b) = (rng.below(len), rng.below(len));
            bytes.drain(a.min(b)..a.max(b));
        }
        _ => {
            // splice: keep a prefix of this input, continue with a suffix of another
            let cut = rng.below(len + 1);
            let from = rng.below(other.len() + 1);
            bytes.truncate(cut);
            bytes.extend_from_slice(&other[from..]);
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Maybe gzip the file (as one member or two), then maybe damage the compressed bytes.
fn maybe_compress(rng: &mut Rng, file: Vec<u8>) -> Vec<u8> {
    if rng.below(2) == 0 {
        return file;
    }
    let mut out = if rng.below(4) == 0 && !file.is_empty() {
        let cut = rng.below(file.len());
        let mut two = gzip(&file[..cut]);
        two.extend_from_slice(&gzip(&file[cut..]));
        two
    } else {
        gzip(&file)
    };
    if rng.below(3) == 0 {
        let other = gzip(&random_bytes(rng, 32));
        mutate_bytes(rng, &mut out, &other);
    }
    out
}

// ---- IDX ------------------------------------------------------------------------------------

fn valid_images(rng: &mut Rng) -> Vec<u8> {
    let count = 1 + rng.below(4);
    let (rows, cols) = if rng.below(8) == 0 { (1 + rng.below(30), 1 + rng.below(30)) } else { (28, 28) };
    encode_images(count, rows, cols, &random_bytes(rng, count * rows * cols))
}

fn valid_labels(rng: &mut Rng) -> Vec<u8> {
    let count = 1 + rng.below(6);
    encode_labels(
        &(0..count)
            .map(|_| {
                let classes = if rng.below(10) == 0 { 256 } else { 10 };
                rng.below(classes) as u8
            })
            .collect::<Vec<_>>(),
    )
}

/// A mutated IDX file: header fields set to edge values and/or byte mutations, maybe gzipped.
fn idx_input(rng: &mut Rng, valid: fn(&mut Rng) -> Vec<u8>) -> Vec<u8> {
    let file = valid(rng);
    let other = valid(rng);
    mutate_idx(rng, file, &other)
}

fn mutate_idx(rng: &mut Rng, mut file: Vec<u8>, other: &[u8]) -> Vec<u8> {
    for _ in 0..1 + rng.below(3) {
        if rng.below(2) == 0 && file.len() >= 8 {
            let fields = file.len().min(16) / 4;
            let at = 4 * rng.below(fields);
            let old = u32::from_be_bytes(file[at..at + 4].try_into().unwrap());
            let new = edge_u32(rng, old);
            file[at..at + 4].copy_from_slice(&new.to_be_bytes());
        } else {
            mutate_bytes(rng, &mut file, other);
        }
    }
    maybe_compress(rng, file)
}

/// An image file and a label file of the same count; each mutated half of the time.
fn idx_pair(rng: &mut Rng) -> (Vec<u8>, Vec<u8>) {
    let images = valid_images(rng);
    let count = u32::from_be_bytes(images[4..8].try_into().unwrap()) as usize;
    let labels = encode_labels(&(0..count).map(|_| rng.below(10) as u8).collect::<Vec<_>>());
    let (other_images, other_labels) = (valid_images(rng), valid_labels(rng));
    let images = if rng.below(2) == 0 { mutate_idx(rng, images, &other_images) } else { maybe_compress(rng, images) };
    let labels = if rng.below(2) == 0 { mutate_idx(rng, labels, &other_labels) } else { maybe_compress(rng, labels) };
    (images, labels)
}

/// The most a parse may hold at once: the largest image file the app reads, plus the decoder.
const IDX_PEAK_LIMIT: usize = 16 + MAX_IMAGES as usize * 784 + (1 << 20);

/// No more than the input can hold either: a raw file holds its bytes, and deflate expands at
/// most about 1032:1 (so a small file that promises 60,000 images allocates little).
fn idx_peak_limit(input: &[u8]) -> usize {
    IDX_PEAK_LIMIT.min(2 * 1100 * input.len() + (1 << 20))
}

fn check_peak(peak: usize, limit: usize) -> Result<(), String> {
    if peak > limit {
        return Err(format!("allocated {peak} bytes at once, the limit is {limit}"));
    }
    Ok(())
}

#[test]
fn fuzz_idx_images() {
    fuzz("idx-images", |rng| idx_input(rng, valid_images), |input| {
        let (result, peak) = peak_of(|| parse_images("images", input));
        check_peak(peak, idx_peak_limit(input))?;
        // The check before reading never refuses what the parser accepts, and agrees on raw files.
        let pre = preflight("images", IdxKind::Images, &input[..input.len().min(16)], input.len() as u64, MAX_IMAGES);
        let raw = input.len() < 2 || input[..2] != [0x1f, 0x8b];
        if (result.is_ok() && pre.is_err()) || (raw && pre.as_ref().err() != result.as_ref().err()) {
            return Err(format!("the check before reading says {pre:?}, the parser {:?}", result.as_ref().err()));
        }
        if let Ok(img) = &result {
            if img.count == 0 || img.count as u64 > MAX_IMAGES || img.pixels.len() != img.count * img.rows * img.cols {
                return Err(format!("accepted an inconsistent file: {} images of {}×{}, {} pixels", img.count, img.rows, img.cols, img.pixels.len()));
            }
        }
        Ok(outcome(&result))
    });
}

#[test]
fn fuzz_idx_labels() {
    fuzz("idx-labels", |rng| idx_input(rng, valid_labels), |input| {
        let (result, peak) = peak_of(|| parse_labels("labels", input));
        check_peak(peak, idx_peak_limit(input))?;
        let pre = preflight("labels", IdxKind::Labels, &input[..input.len().min(16)], input.len() as u64, MAX_IMAGES);
        let raw = input.len() < 2 || input[..2] != [0x1f, 0x8b];
        if (result.is_ok() && pre.is_err()) || (raw && pre.as_ref().err() != result.as_ref().err()) {
            return Err(format!("the check before reading says {pre:?}, the parser {:?}", result.as_ref().err()));
        }
        match &result {
            Ok(labels) if labels.is_empty() || labels.len() as u64 > MAX_IMAGES => Err(format!("accepted {} labels", labels.len())),
            _ => Ok(outcome(&result)),
        }
    });
}

#[test]
fn fuzz_idx_pairs_into_a_dataset() {
    // One input holds both files: the first byte says where the image file ends.
    let make = |rng: &mut Rng| {
        let (images, labels) = idx_pair(rng);
        let mut out = (images.len() as u32).to_le_bytes().to_vec();
        out.extend_from_slice(&images);
        out.extend_from_slice(&labels);
        out
    };
    fuzz("idx-dataset", make, |input| {
        let cut = 4 + u32::from_le_bytes(input[..4].try_into().unwrap()) as usize;
        let (images, labels) = input[4..].split_at(cut - 4);
        let (result, peak) = peak_of(|| Dataset::from_idx(images, labels));
        check_peak(peak, idx_peak_limit(input))?;
        if let Ok(ds) = &result {
            if ds.is_empty() || ds.labels().iter().any(|&l| l > 9) || (ds.rows(), ds.cols()) != (28, 28) {
                return Err(format!("accepted a bad dataset: {} images of {}×{}", ds.len(), ds.rows(), ds.cols()));
            }
        }
        Ok(outcome(&result))
    });
}

// ---- model files ----------------------------------------------------------------------------

fn valid_model(rng: &mut Rng) -> Model {
    let (input, hidden, output) = (1 + rng.below(8), 1 + rng.below(5), 1 + rng.below(4));
    let act = if rng.below(2) == 0 { ActivationKind::Sigmoid } else { ActivationKind::Relu };
    let net = TwoLayerNet::<f32>::new(input, hidden, output, act, WeightInit::Std(0.1), rng);
    const NAMES: &[&str] = &["", "mine", "ゼロから", "a\u{202E}b", "tab\there", "x=y"];
    Model { net, dataset: "mnist".into(), test_accuracy: Some(0.5), name: NAMES[rng.below(NAMES.len())].into() }
}

/// Rebuilds a model file around a new header: header length updated, `weights` f32 values
/// (random, or a special value), checksum right unless `bad_crc`.
fn model_file(rng: &mut Rng, header: &[u8], weights: usize, bad_crc: bool) -> Vec<u8> {
    let mut out = b"GRADLABM".to_vec();
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(header);
    for _ in 0..weights {
        let v = match rng.below(50) {
            0 => f32::NAN,
            1 => f32::INFINITY,
            _ => rng.uniform() as f32 - 0.5,
        };
        out.extend_from_slice(&v.to_le_bytes());
    }
    let crc = crc32(&out) ^ bad_crc as u32;
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Header-level mutations: a size set to an edge value or a non-number, a line repeated,
/// removed or broken, a bad activation, a non-UTF-8 byte.
fn mutate_header(rng: &mut Rng, header: &str) -> Vec<u8> {
    let mut lines: Vec<String> = header.lines().map(str::to_string).collect();
    const VALUES: &[&str] = &[
        "0", "1", "100", "101", "1000", "1001", "4096", "4097", "4294967296", "4294967396", "18446744073709551616",
        "99999999999999999999999999", "-1", "1e3", " 3", "3 ", "", "abc", "+5", "0x10", "٣",
    ];
    match rng.below(7) {
        0 | 1 => {
            let key = ["input", "hidden", "output"][rng.below(3)];
            if let Some(line) = lines.iter_mut().find(|l| l.starts_with(key)) {
                *line = format!("{key}={}", VALUES[rng.below(VALUES.len())]);
            }
        }
        2 if !lines.is_empty() => {
            let line = lines[rng.below(lines.len())].clone();
            let at = rng.below(lines.len() + 1);
            lines.insert(at, line);
        }
        3 if !lines.is_empty() => {
            lines.remove(rng.below(lines.len()));
        }
        4 => lines.insert(rng.below(lines.len() + 1), ["garbage", "=", "=x", "name", ""][rng.below(5)].into()),
        5 => lines.push(format!("activation={}", ["tanh", "", "RELU", "relu\0"][rng.below(4)])),
        _ => {
            let mut bytes = lines.join("\n").into_bytes();
            let at = rng.below(bytes.len() + 1);
            bytes.insert(at, 0xff);
            return bytes;
        }
    }
    (lines.join("\n") + "\n").into_bytes()
}

fn model_input(rng: &mut Rng) -> Vec<u8> {
    let model = valid_model(rng);
    let good = model.to_bytes();
    let net = &model.net;
    let weights = net.input_size() * net.hidden_size() + net.hidden_size() + net.hidden_size() * net.output_size() + net.output_size();
    let header_len = u32::from_le_bytes(good[12..16].try_into().unwrap()) as usize;
    let header = std::str::from_utf8(&good[16..16 + header_len]).unwrap().to_string();
    let mut file = match rng.below(3) {
        0 => good.clone(),
        _ => {
            let new_header = mutate_header(rng, &header);
            // Usually keep the weight count right for the old sizes (sizes that disagree are
            // then caught by the length check); sometimes a few more or fewer.
            let n = match rng.below(4) {
                0 => weights.saturating_sub(rng.below(3)) + rng.below(3),
                _ => weights,
            };
            let bad_crc = rng.below(5) == 0;
            model_file(rng, &new_header, n, bad_crc)
        }
    };
    if rng.below(3) == 0 || file == good {
        for _ in 0..1 + rng.below(3) {
            if rng.below(3) == 0 && file.len() >= 16 {
                let at = [8, 12][rng.below(2)];
                let old = u32::from_le_bytes(file[at..at + 4].try_into().unwrap());
                let new = edge_u32(rng, old);
                file[at..at + 4].copy_from_slice(&new.to_le_bytes());
            } else {
                mutate_bytes(rng, &mut file, &good);
            }
        }
    }
    file
}

#[test]
fn fuzz_model_files() {
    fuzz("model", model_input, |input| {
        let (result, peak) = peak_of(|| Model::from_bytes(input));
        // Nothing beyond what the file itself holds (its weights as values and as a matrix).
        check_peak(peak, 3 * input.len() + (64 << 10))?;
        if let Ok(model) = &result {
            let name_ok = model.name.chars().count() <= MAX_NAME_CHARS && !model.name.chars().any(char::is_control);
            if !name_ok {
                return Err(format!("kept an unsafe name {:?}", model.name));
            }
            // What was accepted writes back to a file that reads the same.
            let again = Model::from_bytes(&model.to_bytes()).map_err(|e| format!("accepted, but its own export fails: {e}"))?;
            if again.net.params() != model.net.params() || again.name != model.name {
                return Err("accepted, but its export reads back differently".into());
            }
        }
        Ok(outcome(&result))
    });
}

// ---- the URL query --------------------------------------------------------------------------

fn query_input(rng: &mut Rng) -> Vec<u8> {
    const VALUES: &[&str] = &[
        "", "0", "-1", "1e309", "-1e309", "1e-400", "NaN", "inf", "-inf", "0x10", "99999999999999999999999", "4294967296",
        "18446744073709551616", "%20", "%", "é", "\u{202E}", "1,2,3", "sgd,adam", "=", "&", " 5 ", "60000", "60001", "1.5",
        "sigmoid", "RELU", "custom", "<script>", "\0",
    ];
    let canonical = normalize_query("", TRAIN_KEYS);
    let mut pairs: Vec<String> = canonical.split('&').map(str::to_string).collect();
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 | 1 => {
                let i = rng.below(pairs.len().max(1)).min(pairs.len().saturating_sub(1));
                if let Some(pair) = pairs.get_mut(i) {
                    let key = pair.split('=').next().unwrap_or("").to_string();
                    *pair = format!("{key}={}", VALUES[rng.below(VALUES.len())]);
                }
            }
            2 if !pairs.is_empty() => {
                let pair = pairs[rng.below(pairs.len())].clone();
                pairs.insert(rng.below(pairs.len() + 1), pair);
            }
            3 if !pairs.is_empty() => {
                pairs.remove(rng.below(pairs.len()));
            }
            4 => pairs.insert(rng.below(pairs.len() + 1), format!("unknown{}={}", rng.below(3), VALUES[rng.below(VALUES.len())])),
            _ => {
                let key = TRAIN_KEYS[rng.below(TRAIN_KEYS.len())].name;
                pairs.push(format!("{key}={}", "9".repeat(rng.below(400))));
            }
        }
    }
    let prefix = ["", "?", "#/train?", "#/train?a?b="][rng.below(4)];
    let mut bytes = format!("{prefix}{}", pairs.join("&")).into_bytes();
    if rng.below(4) == 0 {
        mutate_bytes(rng, &mut bytes, canonical.as_bytes());
    }
    bytes
}

#[test]
fn fuzz_url_queries() {
    fuzz("query", query_input, |input| {
        // The page hands over a JS string: invalid UTF-8 cannot arrive, replacement characters can.
        let query = String::from_utf8_lossy(input);
        let ((normal, config), peak) = peak_of(|| (normalize_query(&query, TRAIN_KEYS), TrainConfig::from_query(&query)));
        check_peak(peak, 64 * input.len() + (64 << 10))?;
        if normalize_query(&normal, TRAIN_KEYS) != normal {
            return Err(format!("normalizing is not idempotent: {normal:?}"));
        }
        if TrainConfig::from_query(&normal) != config {
            return Err(format!("the normalized query {normal:?} means another configuration"));
        }
        // Every query is accepted (clamped); the answer is which canonical values it produced.
        let changed = normal.split('&').filter(|p| !query.contains(*p)).count();
        Ok(format!("{changed} values replaced or clamped"))
    });
}

// ---- .npz -----------------------------------------------------------------------------------

/// One .npy entry of a small network, its header text mutated at times.
fn npy_entry(rng: &mut Rng, shape: &[usize], descr: &str) -> Vec<u8> {
    let n: usize = shape.iter().product();
    let size = if descr.ends_with('8') { 8 } else { 4 };
    let shape_text = match shape {
        [a] => format!("({a},)"),
        _ => format!("({})", shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
    };
    let fortran = if rng.below(4) == 0 { "True" } else { "False" };
    let mut header = format!("{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape_text}, }}");
    if rng.below(3) == 0 {
        const EDGES: &[&str] = &[
            "(0,)", "()", "(4294967296, 4294967296)", "(18446744073709551615,)", "(0x10, 2)", "(1_0, 2)", "(-1, 2)", "(2, 2, 2)",
            "[3, 2]", "(1001, 1)", "(3, 2", "None",
        ];
        header = header.replace(&shape_text, EDGES[rng.below(EDGES.len())]);
    }
    if rng.below(8) == 0 {
        header = header.replace(descr, ["<i4", "|u1", "<c8", "|O", "<f2", "<U10", "bogus"][rng.below(7)]);
    }
    // What other writers may do, and near misses of it: the other quote, keys reordered, no
    // trailing comma, a key twice or missing, a shape without its comma.
    match rng.below(12) {
        0 => header = header.replace('\'', "\""),
        1 => header = format!("{{'shape': {shape_text}, 'fortran_order': {fortran}, 'descr': '{descr}'}}"),
        2 => header = header.replace(", }", "}"),
        3 => header = header.replace("}", &format!("'fortran_order': {fortran}, }}")),
        4 => header = header.replace(&format!("'fortran_order': {fortran}, "), ""),
        5 => header = header.replace(",)", ")"),
        _ => {}
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    let payload = n * size + [0, 0, 0, 1, 4][rng.below(5)];
    out.extend(random_bytes(rng, payload).into_iter().enumerate().map(|(i, b)| if i % size == size - 1 { b & 0x3f } else { b }));
    if rng.below(6) == 0 {
        let other = out.clone();
        mutate_bytes(rng, &mut out, &other);
    }
    out
}

fn npz_input(rng: &mut Rng) -> Vec<u8> {
    if rng.below(4) == 0 {
        // Our own export, then byte mutations of the whole archive.
        let act = if rng.below(2) == 0 { ActivationKind::Sigmoid } else { ActivationKind::Relu };
        let net = TwoLayerNet::<f32>::new(1 + rng.below(6), 1 + rng.below(4), 1 + rng.below(3), act, WeightInit::Std(0.1), rng);
        let mut bytes = gradlab::npz::to_npz(&Model { net, dataset: "mnist".into(), test_accuracy: None, name: String::new() });
        let other = bytes.clone();
        for _ in 0..1 + rng.below(3) {
            mutate_bytes(rng, &mut bytes, &other);
        }
        return bytes;
    }
    let (i, h, o) = (1 + rng.below(6), 1 + rng.below(4), 1 + rng.below(3));
    let descr = ["<f4", ">f4", "<f8", ">f8"][rng.below(4)];
    let mut entries = vec![
        ("W1", npy_entry(rng, &[i, h], descr)),
        ("b1", npy_entry(rng, &[h], descr)),
        ("W2", npy_entry(rng, &[h, o], descr)),
        ("b2", npy_entry(rng, &[o], descr)),
    ];
    match rng.below(6) {
        0 => {
            entries.remove(rng.below(4));
        }
        1 => entries.push(("activation", [b"relu".as_slice(), b"sigmoid", b"tanh", b""][rng.below(4)].to_vec())),
        2 => {
            let e = entries[rng.below(4)].1.clone();
            entries.push(("b1", e)); // a name twice
        }
        _ => {}
    }
    let deflate = rng.below(2) == 0;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        // A repeated name is refused by the writer; the archive then lacks it.
        if zip.start_file(format!("{name}.npy"), options).is_ok() {
            zip.write_all(&bytes).unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn fuzz_npz_files() {
    fuzz("npz", npz_input, |input| {
        let (result, peak) = peak_of(|| gradlab::npz::from_npz(input));
        check_peak(peak, 2 * 1100 * input.len() + (1 << 20))?;
        if let Ok(model) = &result {
            let again = gradlab::npz::from_npz(&gradlab::npz::to_npz(model)).map_err(|e| format!("accepted, but its own export fails: {e}"))?;
            if again.net.params() != model.net.params() {
                return Err("accepted, but its export reads back differently".into());
            }
        }
        Ok(outcome(&result))
    });
}

//! `.npz` export and import of a network: round trips, what NumPy writes (float32/float64, both
//! byte orders, C/Fortran order, stored or deflated), each bad archive named with numbers, and a
//! round trip through NumPy itself when python3 has numpy (skipped with a message otherwise).

use gradlab::model::Model;
use gradlab::nn::{ActivationKind, TwoLayerNet, WeightInit};
use gradlab::npz::{from_npz, to_npz};
use gradlab::rng::Rng;
use nalgebra::DMatrix;
use npyz::{DType, Order, TypeStr, WriterBuilder};
use std::io::{Cursor, Write};

fn model(input: usize, hidden: usize, output: usize, act: ActivationKind) -> Model {
    let net = TwoLayerNet::<f32>::new(input, hidden, output, act, WeightInit::Std(0.5), &mut Rng::new(3));
    Model { net, dataset: "mnist".into(), test_accuracy: Some(0.9), name: "n".into() }
}

fn message(bytes: &[u8]) -> String {
    from_npz(bytes).err().expect("must be rejected").to_string()
}

#[test]
fn export_then_import_gives_the_same_network() {
    for act in [ActivationKind::Sigmoid, ActivationKind::Relu] {
        let m = model(784, 7, 10, act);
        let back = from_npz(&to_npz(&m)).unwrap();
        assert_eq!(back.net.params(), m.net.params());
        assert_eq!(back.net.activation.kind(), act);
    }
}

/// One array as NumPy might write it: `descr` like "<f4" or ">f8", values given row-major.
struct Spec<'a> {
    name: &'a str,
    shape: Vec<u64>,
    descr: &'a str,
    fortran: bool,
    values: Vec<f64>,
}

fn npz(arrays: &[Spec], deflate: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for a in arrays {
        zip.start_file(format!("{}.npy", a.name), options).unwrap();
        let ts: TypeStr = a.descr.parse().unwrap();
        let order = if a.fortran { Order::Fortran } else { Order::C };
        // Fortran order stores column by column.
        let values: Vec<f64> = if a.fortran && a.shape.len() == 2 {
            let (r, c) = (a.shape[0] as usize, a.shape[1] as usize);
            (0..c).flat_map(|j| (0..r).map(move |i| (i, j))).map(|(i, j)| a.values[i * c + j]).collect()
        } else {
            a.values.clone()
        };
        if a.descr.ends_with('4') {
            let mut w = npyz::WriteOptions::<f32>::new()
                .dtype(DType::new_scalar(ts))
                .shape(&a.shape)
                .order(order)
                .writer(&mut zip)
                .begin_nd()
                .unwrap();
            w.extend(values.iter().map(|&v| v as f32)).unwrap();
            w.finish().unwrap();
        } else {
            let mut w =
                npyz::WriteOptions::<f64>::new().dtype(DType::new_scalar(ts)).shape(&a.shape).order(order).writer(&mut zip).begin_nd().unwrap();
            w.extend(values.iter().copied()).unwrap();
            w.finish().unwrap();
        }
    }
    zip.finish().unwrap().into_inner()
}

/// The arrays of a 3-2-2 network with distinct values, so a transposed read would show.
fn arrays<'a>(descr: &'a str, fortran: bool) -> Vec<Spec<'a>> {
    let seq = |n: usize, start: f64| (0..n).map(|i| start + i as f64 * 0.25).collect::<Vec<_>>();
    vec![
        Spec { name: "W1", shape: vec![3, 2], descr, fortran, values: seq(6, 1.0) },
        Spec { name: "b1", shape: vec![2], descr, fortran, values: seq(2, -1.0) },
        Spec { name: "W2", shape: vec![2, 2], descr, fortran, values: seq(4, 3.0) },
        Spec { name: "b2", shape: vec![2], descr, fortran, values: seq(2, 0.5) },
    ]
}

#[test]
fn what_numpy_writes_is_read_in_every_dtype_and_order() {
    let expected_w1 = DMatrix::from_row_slice(3, 2, &[1.0f32, 1.25, 1.5, 1.75, 2.0, 2.25]);
    for descr in ["<f4", ">f4", "<f8", ">f8"] {
        for fortran in [false, true] {
            for deflate in [false, true] {
                let m = from_npz(&npz(&arrays(descr, fortran), deflate)).unwrap_or_else(|e| panic!("{descr} {fortran} {deflate}: {e}"));
                assert_eq!(m.net.affine1.w, expected_w1, "{descr} fortran={fortran}");
                assert_eq!(m.net.affine2.w, DMatrix::from_row_slice(2, 2, &[3.0f32, 3.25, 3.5, 3.75]));
                assert_eq!(m.net.affine1.b.as_slice(), &[-1.0f32, -0.75]);
                assert_eq!(m.net.activation.kind(), ActivationKind::Sigmoid, "the book's default");
            }
        }
    }
}

#[test]
fn bad_archives_are_named_with_what_is_wrong() {
    assert_eq!(message(b"not a zip at all"), "model file: (.npz) not a zip archive (no end-of-central-directory record)");

    let mut a = arrays("<f4", false);
    a.pop();
    assert_eq!(message(&npz(&a, false)), "model file: (.npz) the archive has no b2.npy (it holds: W1.npy, b1.npy, W2.npy)");

    let mut a = arrays("<f4", false);
    a[1].shape = vec![3];
    a[1].values.push(0.0);
    assert_eq!(message(&npz(&a, false)), "model file: (.npz) b1 has shape [3], expected [2] (one bias per hidden unit of W1)");

    let mut a = arrays("<f4", false);
    a[2].shape = vec![3, 2];
    a[2].values.extend([0.0, 0.0]);
    assert_eq!(message(&npz(&a, false)), "model file: (.npz) W2 has 3 rows but W1 has 2 hidden units");

    let mut a = arrays("<f4", false);
    a[0].shape = vec![1, 1001];
    a[0].values = vec![0.0; 1001];
    assert_eq!(message(&npz(&a, false)), "model file: (.npz) W1 has 1001 hidden units, expected 1..=1000");

    let mut a = arrays("<f4", false);
    a[0].shape = vec![6];
    assert_eq!(message(&npz(&a, false)), "model file: (.npz) W1.npy has 1 dimensions (shape [6]), expected 2");

    let mut a = arrays("<f8", false);
    a[3].values[1] = f64::MAX; // finite in float64, infinite as float32
    assert_eq!(message(&npz(&a, true)), "model file: (.npz) b2.npy contains NaN or infinite weights as float32 (the first at index 1)");

    // An integer array is not weights.
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("W1.npy", zip::write::SimpleFileOptions::default()).unwrap();
    let mut w = npyz::WriteOptions::<i32>::new().default_dtype().shape(&[2, 2]).writer(&mut zip).begin_nd().unwrap();
    w.extend([1, 2, 3, 4]).unwrap();
    w.finish().unwrap();
    let ints = zip.finish().unwrap().into_inner();
    assert_eq!(message(&ints), "model file: (.npz) W1.npy has dtype '<i4', expected float32 or float64");
}

#[test]
fn sizes_inside_an_entry_are_bounded_before_anything_is_allocated() {
    // A .npy whose header claims 4 GB, and one whose shape multiplies past u64.
    let entry = one_entry;
    let mut huge_header = b"\x93NUMPY\x02\x00".to_vec();
    huge_header.extend_from_slice(&u32::MAX.to_le_bytes());
    huge_header.extend_from_slice(b"{'descr': '<f4'");
    assert_eq!(message(&entry(&huge_header)), "model file: (.npz) W1.npy declares a 4294967295-byte header but holds 15 bytes after its preamble");
    let header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }\n";
    let mut overflow = b"\x93NUMPY\x01\x00".to_vec();
    overflow.extend_from_slice(&(header.len() as u16).to_le_bytes());
    overflow.extend_from_slice(header);
    assert_eq!(message(&entry(&overflow)), "model file: (.npz) W1.npy declares a shape larger than any network the app can use");
    let hex = b"{'descr': '<f4', 'fortran_order': False, 'shape': (0x10, 2), }\n";
    let mut hexed = b"\x93NUMPY\x01\x00".to_vec();
    hexed.extend_from_slice(&(hex.len() as u16).to_le_bytes());
    hexed.extend_from_slice(hex);
    assert_eq!(message(&entry(&hexed)), "model file: (.npz) W1.npy has numbers in its header that are not plain decimals");
}

/// An archive of one stored entry `W1.npy` holding `bytes`.
fn one_entry(bytes: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("W1.npy", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(bytes).unwrap();
    zip.finish().unwrap().into_inner()
}

fn npy_with_header(header: &str) -> Vec<u8> {
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    out
}

#[test]
fn npy_headers_are_read_as_python_would_and_near_misses_are_named() {
    // Our own reader of the header: what Python's literal syntax allows for these three keys.
    let accepted = ["{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (0, 2)}\n", "{'shape':(0,2,),'descr':'<f4','fortran_order':True,}  \n"];
    for header in accepted {
        // A 0×2 W1 passes the header and stops at the size check of the network.
        assert_eq!(message(&one_entry(&npy_with_header(header))), "model file: (.npz) W1 has 0 inputs, expected 1..=4096", "{header}");
    }
    let refused = [
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (6), }", "bad .npy header (a one-dimensional shape without its comma at byte 53)"),
        ("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,), }", "bad .npy header (the key 'descr' appears twice at byte 31)"),
        ("{'descr': '<f4', 'shape': (6,), }", "bad .npy header (it lacks one of 'descr', 'fortran_order' and 'shape')"),
        ("{'descr': '<f4', 'fortran_order': false, 'shape': (6,), }", "bad .npy header (expected True or False at byte 34)"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), } x", "bad .npy header (text after the closing brace at byte 58)"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (-6,), }", "bad .npy header (expected a size at byte 51)"),
        ("{'descr': '<f4', 'fortran_order': False, 'shape': (06,), }", "has numbers in its header that are not plain decimals"),
    ];
    for (header, expected) in refused {
        let m = message(&one_entry(&npy_with_header(header)));
        assert!(m.ends_with(expected), "{header}: {m}");
    }
}

#[test]
fn our_export_is_read_by_independent_zip_and_npy_readers() {
    let m = model(5, 3, 2, ActivationKind::Relu);
    let mut archive = zip::ZipArchive::new(Cursor::new(to_npz(&m))).unwrap();
    let mut read = |name: &str| {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name(name).unwrap(), &mut bytes).unwrap();
        npyz::NpyFile::new(std::io::Cursor::new(bytes)).unwrap()
    };
    let w1 = read("W1.npy");
    assert_eq!(w1.shape(), &[5, 3]);
    assert_eq!(w1.order(), Order::C);
    let w1: Vec<f32> = w1.into_vec().unwrap();
    assert_eq!(w1, (0..5).flat_map(|r| (0..3).map(move |c| (r, c))).map(|rc| m.net.affine1.w[rc]).collect::<Vec<_>>());
    let activation: Vec<u8> = read("activation.npy").into_vec().unwrap();
    assert_eq!(activation, b"relu");
    let b2: Vec<f32> = read("b2.npy").into_vec().unwrap();
    assert_eq!(b2, m.net.affine2.b.as_slice());
}

#[test]
fn round_trip_through_numpy_when_it_is_installed() {
    let python = std::env::var("GRADLAB_PYTHON").unwrap_or_else(|_| "python3".into());
    let has_numpy = std::process::Command::new(&python).args(["-c", "import numpy"]).output().is_ok_and(|o| o.status.success());
    if !has_numpy {
        println!("SKIPPED: {python} with numpy is not available (set GRADLAB_PYTHON to an interpreter that has it)");
        return;
    }
    let dir = std::env::temp_dir().join(format!("gradlab-npz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let m = model(784, 50, 10, ActivationKind::Relu);
    std::fs::write(dir.join("ours.npz"), to_npz(&m)).unwrap();
    // The book's way: params loaded by name; shapes checked; saved back as float64 Fortran
    // arrays, compressed, with the activation kept.
    let script = r#"
import sys, numpy as np
d = sys.argv[1]
z = np.load(d + '/ours.npz')
params = {k: z[k] for k in ('W1', 'b1', 'W2', 'b2')}
assert params['W1'].shape == (784, 50) and params['b1'].shape == (50,), params['W1'].shape
assert params['W2'].shape == (50, 10) and params['b2'].shape == (10,)
assert params['W1'].dtype == np.float32
assert bytes(z['activation']).decode() == 'relu'
x = np.linspace(0, 1, 784).reshape(1, 784)
h = np.maximum(0, x @ params['W1'] + params['b1'])
print(' '.join(repr(float(v)) for v in (h @ params['W2'] + params['b2'])[0]))
np.savez_compressed(d + '/theirs.npz', **{k: np.asfortranarray(v.astype(np.float64)) for k, v in params.items()}, activation=z['activation'])
"#;
    let out = std::process::Command::new(&python).arg("-c").arg(script).arg(&dir).output().unwrap();
    assert!(out.status.success(), "numpy: {}", String::from_utf8_lossy(&out.stderr));
    let numpy_scores: Vec<f32> = String::from_utf8_lossy(&out.stdout).split_whitespace().map(|v| v.parse::<f64>().unwrap() as f32).collect();
    let x = DMatrix::from_fn(1, 784, |_, c| (c as f64 / 783.0) as f32);
    let ours: Vec<f32> = m.net.predict(&x).iter().copied().collect();
    for (a, b) in ours.iter().zip(&numpy_scores) {
        assert!((a - b).abs() < 1e-3, "ours {ours:?}, numpy {numpy_scores:?}");
    }
    let back = from_npz(&std::fs::read(dir.join("theirs.npz")).unwrap()).unwrap();
    assert_eq!(back.net.params(), m.net.params(), "float32 → float64 → float32 is exact");
    assert_eq!(back.net.activation.kind(), ActivationKind::Relu);
    std::fs::remove_dir_all(&dir).ok();
    println!("round trip through numpy: ok");
}

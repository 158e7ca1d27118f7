//! The fast f32 products (nn::kernels) against nalgebra's naive product, on random shapes:
//! the book's, odd sizes that leave every block remainder, and 1×N / N×1.

use gradlab::nn::kernels::{column_sums, gemm_nn, gemm_nt, gemm_tn, simd_gemm_nt, simd_gemm_tn, sparse_times_dense, nonzero_mask, transpose, SparseRows};
use gradlab::nn::kernels::portable_sparse_times_dense;
use gradlab::nn::kernels;
use gradlab::rng::Rng;
use nalgebra::DMatrix;

fn random(rows: usize, cols: usize, rng: &mut Rng) -> DMatrix<f32> {
    DMatrix::from_fn(rows, cols, |_, _| (rng.uniform() * 2.0 - 1.0) as f32)
}

/// Row-major copy of a matrix.
fn row_major(m: &DMatrix<f32>) -> Vec<f32> {
    m.transpose().as_slice().to_vec()
}

/// f32 error bound for a sum of `k` products with factors up to 1 in magnitude: the naive
/// product and the kernel add in different orders, each off by up to ~k·ε·Σ|terms|.
fn tolerance(k: usize) -> f32 {
    4.0 * f32::EPSILON * (k as f32) + 1e-6
}

fn assert_close(got: &[f32], want: &DMatrix<f32>, k: usize, what: &str) {
    // want is compared in row-major order
    let want = row_major(want);
    assert_eq!(got.len(), want.len(), "{what}: size");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!((g - w).abs() <= tolerance(k), "{what}: element {i}: kernel {g} vs naive {w}");
    }
}

/// Each test runs the dispatching product (matrixmultiply natively) and the SIMD blocks that
/// wasm runs.
const VARIANTS: [(&str, bool); 2] = [("dispatching", false), ("simd blocks", true)];

const SHAPES: &[(usize, usize, usize)] = &[
    (100, 50, 784), // x·W1 of the book's step
    (100, 10, 50),  // z1·W2
    (784, 50, 100), // xᵀ·dA1
    (50, 10, 100),  // z1ᵀ·dA2
    (100, 50, 10),  // dA2·W2ᵀ
    (1, 1, 1),
    (1, 37, 13),
    (29, 1, 7),
    (1, 1, 301),
    (7, 5, 3),
    (13, 9, 17),
    (5, 11, 2),
    (33, 3, 1),
    (4, 6, 0), // an empty sum is 0 (plus the bias)
];

#[test]
fn gemm_nt_matches_the_naive_product_with_its_epilogue() {
    let mut rng = Rng::new(11);
    for &(m, n, k) in SHAPES {
        let a = random(m, k, &mut rng);
        let w = random(k, n, &mut rng); // a weight matrix, column-major = row-major Wᵀ
        let bias = random(1, n, &mut rng);
        let mut want = &a * &w;
        for (j, mut col) in want.column_iter_mut().enumerate() {
            col.add_scalar_mut(bias[j]);
        }
        for (name, simd) in VARIANTS {
            let mut c = vec![f32::NAN; m * n];
            let epilogue = |j: usize, s: f32| s + bias[j];
            if simd {
                simd_gemm_nt(m, n, k, &row_major(&a), w.as_slice(), &mut c, epilogue);
            } else {
                gemm_nt(m, n, k, &row_major(&a), w.as_slice(), &mut c, epilogue);
            }
            assert_close(&c, &want, k, &format!("gemm_nt ({name}) {m}×{n}×{k}"));
        }
    }
}

#[test]
fn gemm_tn_matches_the_naive_transposed_product() {
    let mut rng = Rng::new(12);
    for &(m, n, r) in SHAPES {
        let a = random(r, m, &mut rng);
        let b = random(r, n, &mut rng);
        let want = a.transpose() * &b;
        for (name, simd) in VARIANTS {
            let mut c = vec![f32::NAN; m * n];
            let kernel = if simd { simd_gemm_tn } else { gemm_tn };
            kernel(r, m, n, &row_major(&a), &row_major(&b), &mut c);
            // c is column-major m × n, i.e. row-major (m × n)ᵀ
            assert_close(&c, &want.transpose(), r, &format!("gemm_tn ({name}) {r}×{m}×{n}"));
        }
    }
}

#[test]
fn gemm_nn_matches_the_naive_product() {
    let mut rng = Rng::new(13);
    for &(m, n, k) in SHAPES {
        let a = random(m, k, &mut rng);
        let b = random(k, n, &mut rng);
        let mut c = vec![f32::NAN; m * n];
        gemm_nn(m, n, k, &row_major(&a), &row_major(&b), &mut c);
        assert_close(&c, &(&a * &b), k, &format!("gemm_nn {m}×{n}×{k}"));
    }
}

#[test]
fn column_sums_match_nalgebra() {
    let mut rng = Rng::new(14);
    for &(r, n, _) in SHAPES {
        let a = random(r, n, &mut rng);
        let mut out = vec![f32::NAN; n];
        column_sums(r, n, &row_major(&a), &mut out);
        let want = DMatrix::from_iterator(1, n, a.column_iter().map(|c| c.sum()));
        assert_close(&out, &want, r, &format!("column_sums {r}×{n}"));
    }
}

#[test]
#[should_panic(expected = "slices too short")]
fn a_short_slice_is_refused_with_its_shape() {
    let mut c = vec![0.0; 4];
    gemm_nt(2, 2, 3, &[0.0; 5], &[0.0; 6], &mut c, |_, s| s);
}

#[test]
#[should_panic(expected = "slices too short")]
fn the_simd_blocks_refuse_a_short_slice_too() {
    let mut c = vec![0.0; 6];
    simd_gemm_tn(4, 2, 3, &[0.0; 8], &[0.0; 11], &mut c);
}

/// Random pixels, about `zeros` of them 0 (MNIST: 0.81), with whole zero runs as at its borders.
fn random_pixels(rows: usize, width: usize, zeros: f64, rng: &mut Rng) -> Vec<u8> {
    (0..rows * width)
        .map(|i| if (i % width) < width / 5 || rng.uniform() < zeros { 0 } else { 1 + (rng.uniform() * 254.0) as u8 })
        .collect()
}

fn sparse(pixels: &[u8], width: usize, lut: &[f32; 256]) -> SparseRows {
    let mut x = SparseRows::new(width, *lut);
    for row in pixels.chunks(width.max(1)).take(if width == 0 { 0 } else { pixels.len() / width }) {
        x.push_pixels(row);
    }
    x
}

/// (rows of x, width = rows of B, n = columns of B), incl. the book's x·W1 and xᵀ·dZ1 and
/// slices of 1..8 vectors, remainders of 1..3 floats, 1×N and N×1.
const SPARSE_SHAPES: &[(usize, usize, usize)] = &[
    (100, 784, 50),
    (784, 100, 50),
    (1000, 784, 50),
    (1, 1, 1),
    (1, 37, 13),
    (29, 1, 7),
    (1, 301, 1),
    (17, 300, 1),
    (7, 5, 3),
    (13, 9, 17),
    (5, 33, 2),
    (3, 40, 32),
    (3, 40, 33),
    (2, 21, 61),
    (2, 19, 1000),
    (4, 6, 0),
];

#[test]
fn the_sparse_product_matches_the_naive_dense_product() {
    let mut rng = Rng::new(15);
    let lut: [f32; 256] = std::array::from_fn(|p| p as f32 / 255.0);
    for &(m, width, n) in SPARSE_SHAPES {
        for zeros in [0.0, 0.8, 1.0] {
            let pixels = random_pixels(m, width, zeros, &mut rng);
            let dense = DMatrix::from_row_slice(m, width, &pixels.iter().map(|&p| lut[p as usize]).collect::<Vec<_>>());
            let b = random(width, n, &mut rng);
            let want = &dense * &b;
            // B row-major, padded as the kernel asks; the padding holds NaN: it must never show
            let mut b_rows = row_major(&b);
            b_rows.extend([f32::NAN; 7]);
            let x = sparse(&pixels, width, &lut);
            // the dispatching product (AVX2 + FMA where the CPU has them) and the 4-float one
            for portable in [false, true] {
                let mut got = vec![f32::NAN; m * n];
                let mut pieces = vec![0usize; m];
                let store = |i: usize, j0: usize, sums: &[f32]| {
                    assert_eq!(j0, pieces[i], "pieces in column order, from column 0");
                    got[i * n + j0..i * n + j0 + sums.len()].copy_from_slice(sums);
                    pieces[i] += sums.len();
                };
                if portable {
                    portable_sparse_times_dense(&x, &b_rows, n, n, store);
                } else {
                    sparse_times_dense(&x, &b_rows, n, n, store);
                }
                assert!(pieces.iter().all(|&c| c == n), "every column of every row stored once ({m}×{width}×{n})");
                let what = format!("sparse_times_dense (portable: {portable}) {m}×{width}×{n}, {zeros} zeros");
                assert_close(&got, &want, width, &what);
            }
        }
    }
}

#[test]
fn the_nonzero_mask_has_a_bit_for_each_nonzero_byte() {
    let mut rng = Rng::new(18);
    let naive = |bytes: &[u8; 16]| (0..16).fold(0u32, |m, q| m | (((bytes[q] != 0) as u32) << q));
    let mut cases: Vec<[u8; 16]> = vec![[0; 16], [255; 16], [1; 16]];
    cases.extend((0..16).map(|q| std::array::from_fn(|i| if i == q { 128 } else { 0 })));
    cases.extend((0..200).map(|_| std::array::from_fn(|_| if rng.uniform() < 0.5 { 0 } else { 1 + (rng.uniform() * 254.0) as u8 })));
    for bytes in &cases {
        assert_eq!(nonzero_mask(bytes), naive(bytes), "{bytes:?}");
    }
}

#[test]
fn pushed_pixels_keep_each_nonzero_one_with_its_column_in_order() {
    let mut rng = Rng::new(19);
    let lut: [f32; 256] = std::array::from_fn(|p| p as f32 / 255.0);
    // every 8-pixel pattern (the packing's table), blank and full rows, odd widths
    let mut rows: Vec<Vec<u8>> = (0..256).map(|bits| (0..40).map(|q| if q < 16 && bits & (1 << (q % 8)) != 0 { 1 + q as u8 } else { 0 }).collect()).collect();
    rows.extend([vec![0; 40], vec![255; 40], vec![7; 40]]);
    for width in [1, 15, 16, 17, 33, 784] {
        rows.extend((0..5).map(|_| random_pixels(1, width, 0.7, &mut rng)));
    }
    for row in &rows {
        let x = sparse(row, row.len(), &lut);
        assert_eq!(x.values(), &lut);
        let (cols, codes) = x.row(0);
        let want: Vec<(u16, u8)> = row.iter().enumerate().filter(|(_, &p)| p != 0).map(|(q, &p)| (q as u16, p)).collect();
        assert_eq!(cols.iter().copied().zip(codes.iter().copied()).collect::<Vec<_>>(), want, "{row:?}");
    }
    // rows after rows: each keeps its own entries
    let pixels: Vec<u8> = rows[..259].iter().flat_map(|r| r[..40].iter().copied()).collect();
    let x = sparse(&pixels, 40, &lut);
    for (r, row) in rows[..259].iter().enumerate() {
        assert_eq!(x.row(r).0.len(), row.iter().filter(|&&p| p != 0).count(), "row {r}");
    }
}

#[test]
#[should_panic(expected = "at most 65,536")]
fn sparse_rows_refuse_columns_beyond_16_bits() {
    SparseRows::new(70_000, [0.0; 256]);
}

#[test]
fn the_sparse_transpose_lists_each_column_in_row_order() {
    let mut rng = Rng::new(16);
    let lut: [f32; 256] = std::array::from_fn(|p| p as f32);
    for &(m, width, _) in SPARSE_SHAPES {
        let pixels = random_pixels(m, width, 0.6, &mut rng);
        let x = sparse(&pixels, width, &lut);
        let mut xt = SparseRows::new(0, [0.0; 256]);
        x.transpose_into(&mut xt);
        assert_eq!((xt.rows(), xt.width(), xt.len()), (width, m, x.len()), "{m}×{width}");
        assert_eq!(xt.values(), &lut, "the same pixel values");
        for c in 0..width {
            let (rows, codes) = xt.row(c);
            let want: Vec<(u16, u8)> = (0..m).filter(|&r| pixels[r * width + c] != 0).map(|r| (r as u16, pixels[r * width + c])).collect();
            assert_eq!(rows.iter().copied().zip(codes.iter().copied()).collect::<Vec<_>>(), want, "column {c} of {m}×{width}");
        }
    }
}

#[test]
fn transpose_gives_the_row_major_layout_of_a_column_major_matrix() {
    let mut rng = Rng::new(17);
    for &(rows, cols, _) in SHAPES {
        let b = random(rows, cols, &mut rng);
        let mut out = vec![f32::NAN; rows * cols + 2];
        transpose(rows, cols, b.as_slice(), &mut out);
        assert_eq!(&out[..rows * cols], &row_major(&b)[..], "{rows}×{cols}");
        assert!(out[rows * cols..].iter().all(|v| v.is_nan()), "padding untouched");
    }
}

#[test]
#[should_panic(expected = "not enough for 5 rows")]
fn the_sparse_product_refuses_a_short_dense_matrix() {
    let x = sparse(&[1, 0, 2, 0, 3], 5, &[1.0; 256]);
    sparse_times_dense(&x, &[0.0; 4 * 4 + 8 - 1], 4, 4, |_, _, _| {});
}

#[test]
fn the_vectorizable_exp_is_within_a_few_ulp_of_the_library_exp() {
    let mut worst = 0.0f64;
    for i in 0..=350_000 {
        let x = -87.0 + 175.0 * i as f32 / 350_000.0;
        let (got, want) = (kernels::exp(x) as f64, (x as f64).exp());
        worst = worst.max((got - want).abs() / want);
    }
    println!("largest relative error of kernels::exp on [-87, 88]: {worst:e}");
    assert!(worst < 4.0 * f32::EPSILON as f64, "relative error {worst:e}");
    assert_eq!(kernels::exp(0.0), 1.0);
    assert!(kernels::exp(f32::NAN).is_nan(), "NaN stays NaN (a diverged net must show it)");
    assert!(kernels::exp(1000.0).is_finite() && kernels::exp(-1000.0) > 0.0, "clamped, not ∞ or 0");
    for x in [-30.0f32, -5.0, -0.5, 0.0, 0.5, 5.0, 30.0] {
        let want = 1.0 / (1.0 + (-x as f64).exp());
        assert!((kernels::sigmoid(x) as f64 - want).abs() <= 2.0 * f32::EPSILON as f64 * want, "sigmoid({x})");
    }
}

#[test]
fn the_one_row_affine_matches_nalgebra_and_skips_only_zeros() {
    let mut rng = Rng::new(11);
    for (inputs, outputs) in [(784, 50), (784, 10), (7, 3), (1, 1)] {
        // a digit-like row: most inputs exactly 0
        let x = DMatrix::from_fn(1, inputs, |_, _| if rng.uniform() < 0.8 { 0.0 } else { rng.uniform() as f32 });
        let w = random(inputs, outputs, &mut rng);
        let b = random(1, outputs, &mut rng);
        let got = kernels::one_row_affine(x.as_slice(), w.as_slice(), b.as_slice());
        assert_close(&got, &(&x * &w + &b), inputs, &format!("one_row_affine {inputs}×{outputs}"));
    }
}

#[test]
#[should_panic(expected = "one_row_affine: W has 6 weights, not 4 × 2")]
fn the_one_row_affine_refuses_a_weight_matrix_of_another_shape() {
    kernels::one_row_affine(&[1.0; 4], &[0.0; 6], &[0.0; 2]);
}

//! Matrix products for the training step's shapes, in f32, on plain slices.
//!
//! Not lesson code: the layers in `layers.rs` say what is computed; these say how to compute
//! it fast. They are written in portable Rust whose inner loops work on fixed groups of
//! `LANES` floats held in local arrays, a pattern LLVM turns into SIMD: wasm SIMD128 (the
//! crate builds wasm with `+simd128`) or SSE/AVX natively, and plain scalar code elsewhere.
//! Each product keeps a small block of results in registers while it walks the shared
//! dimension once (register blocking), so every float loaded is used several times.
//!
//! Layouts (all row-major slices; nalgebra's column-major weight matrix W (in × out) is, as a
//! slice, the row-major Wᵀ (out × in), which is why the products below take it that way):
//! - `gemm_nt`: C = A·Bᵀ — x·W1 and z1·W2 (dot products of two contiguous rows), with the
//!   bias and activation applied in the pass that writes C.
//! - `gemm_tn`: C = (Aᵀ·B)ᵀ stored column by column — xᵀ·dA1 and z1ᵀ·dA2, written straight
//!   into nalgebra's column-major gradient.
//! - `gemm_nn`: C = A·B — dA2·W2ᵀ (small: batch × 10 × hidden).

/// Floats per accumulator group: one wasm v128 register.
const LANES: usize = 4;

/// C (m × n) = epilogue(j, Σₖ A[i,k]·B[j,k]); A is m × k, B is n × k, both row-major.
/// `epilogue` gets the column and the sum (bias and activation go there).
pub fn gemm_nt(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32], epilogue: impl Fn(usize, f32) -> f32) {
    assert!(a.len() >= m * k && b.len() >= n * k && c.len() >= m * n, "gemm_nt: slices too short for {m}×{n}×{k}");
    const MR: usize = 4;
    const NR: usize = 2;
    let (m_main, n_main) = (m - m % MR, n - n % NR);
    let mut i = 0;
    while i < m_main {
        let mut j = 0;
        while j < n_main {
            nt_block::<MR, NR>(i, j, n, k, a, b, c, &epilogue);
            j += NR;
        }
        while j < n {
            nt_block::<MR, 1>(i, j, n, k, a, b, c, &epilogue);
            j += 1;
        }
        i += MR;
    }
    while i < m {
        let mut j = 0;
        while j < n_main {
            nt_block::<1, NR>(i, j, n, k, a, b, c, &epilogue);
            j += NR;
        }
        while j < n {
            nt_block::<1, 1>(i, j, n, k, a, b, c, &epilogue);
            j += 1;
        }
        i += 1;
    }
}

/// MR rows of A against NR rows of B: MR·NR accumulators of LANES floats each.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn nt_block<const MR: usize, const NR: usize>(
    i0: usize,
    j0: usize,
    n: usize,
    k: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
    epilogue: &impl Fn(usize, f32) -> f32,
) {
    let a_rows: [&[f32]; MR] = std::array::from_fn(|r| &a[(i0 + r) * k..(i0 + r + 1) * k]);
    let b_rows: [&[f32]; NR] = std::array::from_fn(|q| &b[(j0 + q) * k..(j0 + q + 1) * k]);
    let mut acc = [[[0f32; LANES]; NR]; MR];
    let k_main = k - k % LANES;
    let mut p = 0;
    while p < k_main {
        let av: [[f32; LANES]; MR] = std::array::from_fn(|r| a_rows[r][p..p + LANES].try_into().unwrap());
        let bv: [[f32; LANES]; NR] = std::array::from_fn(|q| b_rows[q][p..p + LANES].try_into().unwrap());
        for r in 0..MR {
            for q in 0..NR {
                for l in 0..LANES {
                    acc[r][q][l] += av[r][l] * bv[q][l];
                }
            }
        }
        p += LANES;
    }
    for r in 0..MR {
        for q in 0..NR {
            let v = acc[r][q];
            let mut sum = (v[0] + v[2]) + (v[1] + v[3]);
            for t in k_main..k {
                sum += a_rows[r][t] * b_rows[q][t];
            }
            c[(i0 + r) * n + j0 + q] = epilogue(j0 + q, sum);
        }
    }
}

/// C[j·m + p] = Σᵢ A[i,p]·B[i,j]: Aᵀ·B (m × n) stored column-major; A is r × m and B is
/// r × n, both row-major. Overwrites C.
pub fn gemm_tn(r: usize, m: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= r * m && b.len() >= r * n && c.len() >= m * n, "gemm_tn: slices too short for {r}×{m}×{n}");
    const PW: usize = 2 * LANES; // floats of one output column kept in registers
    const NJ: usize = 4; // output columns at once
    let (m_main, n_main) = (m - m % PW, n - n % NJ);
    let mut j = 0;
    while j < n {
        let nj = if j < n_main { NJ } else { 1 };
        let mut p = 0;
        while p < m_main {
            if nj == NJ {
                tn_block::<NJ, PW>(j, p, r, m, n, a, b, c);
            } else {
                tn_block::<1, PW>(j, p, r, m, n, a, b, c);
            }
            p += PW;
        }
        while p < m {
            tn_block::<1, 1>(j, p, r, m, n, a, b, c);
            if nj == NJ {
                for q in 1..NJ {
                    tn_block::<1, 1>(j + q, p, r, m, n, a, b, c);
                }
            }
            p += 1;
        }
        j += nj;
    }
}

/// Columns j0..j0+NJ of C, rows p0..p0+PW: walks the r rows of A and B once.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn tn_block<const NJ: usize, const PW: usize>(
    j0: usize,
    p0: usize,
    r: usize,
    m: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
) {
    let mut acc = [[0f32; PW]; NJ];
    for i in 0..r {
        let av: [f32; PW] = a[i * m + p0..i * m + p0 + PW].try_into().unwrap();
        let bv: [f32; NJ] = b[i * n + j0..i * n + j0 + NJ].try_into().unwrap();
        for q in 0..NJ {
            for l in 0..PW {
                acc[q][l] += bv[q] * av[l];
            }
        }
    }
    for q in 0..NJ {
        c[(j0 + q) * m + p0..(j0 + q) * m + p0 + PW].copy_from_slice(&acc[q]);
    }
}

/// C (m × n) = A·B; A is m × k, B is k × n, both row-major. Row by row: each row of C is a
/// sum of rows of B, a contiguous multiply-add. Overwrites C.
pub fn gemm_nn(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n, "gemm_nn: slices too short for {m}×{n}×{k}");
    for i in 0..m {
        let c_row = &mut c[i * n..(i + 1) * n];
        c_row.fill(0.0);
        for (p, &a_ip) in a[i * k..(i + 1) * k].iter().enumerate() {
            for (cv, &bv) in c_row.iter_mut().zip(&b[p * n..(p + 1) * n]) {
                *cv += a_ip * bv;
            }
        }
    }
}

/// Σ over the rows of A (r × n, row-major) into `out` (n): a bias gradient.
pub fn column_sums(r: usize, n: usize, a: &[f32], out: &mut [f32]) {
    out[..n].fill(0.0);
    for row in a[..r * n].chunks_exact(n) {
        for (o, &v) in out.iter_mut().zip(row) {
            *o += v;
        }
    }
}

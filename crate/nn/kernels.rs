//! Matrix products for the training step's shapes, in f32, on plain slices.
//!
//! Not lesson code: the layers in `layers.rs` say what is computed; these say how to compute
//! it fast. The register blocks below work on 4-float vectors (`v4`): wasm SIMD128 (the crate
//! builds wasm with `+simd128`), SSE on x86-64, plain arrays elsewhere. Each product keeps a
//! small block of results in registers while it walks the shared dimension once, so every
//! float loaded is used several times; bounds are checked once per block, not per load.
//!
//! Natively the two large products go to `matrixmultiply` (nalgebra's own engine), which picks
//! AVX2/AVX-512 with FMA at run time — wider than these 4-lane blocks; wasm has no such
//! choice, so there the blocks below run. Both are tested against nalgebra.
//!
//! Layouts (all row-major slices; nalgebra's column-major weight matrix W (in × out) is, as a
//! slice, the row-major Wᵀ (out × in), which is why the products below take it that way):
//! - `gemm_nt`: C = A·Bᵀ — x·W1 and z1·W2 (dot products of two contiguous rows), with the
//!   bias and activation applied in the pass that writes C.
//! - `gemm_tn`: C = (Aᵀ·B)ᵀ stored column by column — xᵀ·dA1 and z1ᵀ·dA2, written straight
//!   into nalgebra's column-major gradient.
//! - `gemm_nn`: C = A·B — dA2·W2ᵀ (small: batch × 10 × hidden).

/// Floats per vector: one wasm v128 (or SSE) register.
const LANES: usize = 4;

/// Four f32 lanes: wasm SIMD128 when built with it, SSE on x86-64, plain arrays elsewhere.
/// (Left to itself, LLVM's vectorizer picked the wrong dimension of the register blocks and
/// shuffled; these few operations say which one.)
mod v4 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    mod imp {
        use core::arch::wasm32::*;
        pub type V = v128;
        #[inline(always)]
        pub fn zero() -> V {
            f32x4_splat(0.0)
        }
        #[inline(always)]
        pub fn splat(x: f32) -> V {
            f32x4_splat(x)
        }
        /// SAFETY: p points at 4 readable floats.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> V {
            v128_load(p.cast())
        }
        #[inline(always)]
        pub fn mul_add(acc: V, a: V, b: V) -> V {
            f32x4_add(acc, f32x4_mul(a, b))
        }
        #[inline(always)]
        pub fn lanes(v: V) -> [f32; 4] {
            [f32x4_extract_lane::<0>(v), f32x4_extract_lane::<1>(v), f32x4_extract_lane::<2>(v), f32x4_extract_lane::<3>(v)]
        }
    }
    #[cfg(target_arch = "x86_64")]
    mod imp {
        use core::arch::x86_64::*;
        pub type V = __m128;
        #[inline(always)]
        pub fn zero() -> V {
            unsafe { _mm_setzero_ps() }
        }
        #[inline(always)]
        pub fn splat(x: f32) -> V {
            unsafe { _mm_set1_ps(x) }
        }
        /// SAFETY: p points at 4 readable floats.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> V {
            _mm_loadu_ps(p)
        }
        #[inline(always)]
        pub fn mul_add(acc: V, a: V, b: V) -> V {
            unsafe { _mm_add_ps(acc, _mm_mul_ps(a, b)) }
        }
        #[inline(always)]
        pub fn lanes(v: V) -> [f32; 4] {
            let mut out = [0f32; 4];
            unsafe { _mm_storeu_ps(out.as_mut_ptr(), v) };
            out
        }
    }
    #[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
    mod imp {
        pub type V = [f32; 4];
        #[inline(always)]
        pub fn zero() -> V {
            [0.0; 4]
        }
        #[inline(always)]
        pub fn splat(x: f32) -> V {
            [x; 4]
        }
        /// SAFETY: p points at 4 readable floats.
        #[inline(always)]
        pub unsafe fn load(p: *const f32) -> V {
            p.cast::<[f32; 4]>().read_unaligned()
        }
        #[inline(always)]
        pub fn mul_add(acc: V, a: V, b: V) -> V {
            std::array::from_fn(|l| acc[l] + a[l] * b[l])
        }
        #[inline(always)]
        pub fn lanes(v: V) -> [f32; 4] {
            v
        }
    }
    pub use imp::*;
}

/// C (m × n) = epilogue(j, Σₖ A[i,k]·B[j,k]); A is m × k, B is n × k, both row-major.
/// `epilogue` gets the column and the sum (bias and activation go there).
pub fn gemm_nt(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32], epilogue: impl Fn(usize, f32) -> f32) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        assert!(a.len() >= m * k && b.len() >= n * k && c.len() >= m * n, "gemm_nt: slices too short for {m}×{n}×{k}");
        // SAFETY: the strides describe A (m × k, row-major), Bᵀ (k × n, column-major view of B)
        // and C (m × n, row-major) within the slices, whose lengths were checked above.
        unsafe {
            matrixmultiply::sgemm(m, k, n, 1.0, a.as_ptr(), k as isize, 1, b.as_ptr(), 1, k as isize, 0.0, c.as_mut_ptr(), n as isize, 1);
        }
        for row in c[..m * n].chunks_exact_mut(n.max(1)) {
            for (j, v) in row.iter_mut().enumerate() {
                *v = epilogue(j, *v);
            }
        }
    }
    #[cfg(target_arch = "wasm32")]
    simd_gemm_nt(m, n, k, a, b, c, epilogue)
}

/// `gemm_nt` on this module's register blocks (what wasm runs; natively for the tests).
pub fn simd_gemm_nt(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], c: &mut [f32], epilogue: impl Fn(usize, f32) -> f32) {
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
    let k_main = k - k % LANES;
    // The callers checked the slice lengths, so every index below is in bounds. Raw pointers
    // leave the inner loop free of bounds checks, which would keep LLVM from vectorizing it.
    assert!((i0 + MR) * k <= a.len() && (j0 + NR) * k <= b.len() && (i0 + MR - 1) * n + j0 + NR <= c.len());
    let a_rows: [*const f32; MR] = std::array::from_fn(|r| a[(i0 + r) * k..].as_ptr());
    let b_rows: [*const f32; NR] = std::array::from_fn(|q| b[(j0 + q) * k..].as_ptr());
    let mut acc = [[v4::zero(); NR]; MR];
    let mut p = 0;
    while p < k_main {
        // SAFETY: p + LANES <= k, and each row pointer starts a row of k floats (asserted above).
        let av: [v4::V; MR] = std::array::from_fn(|r| unsafe { v4::load(a_rows[r].add(p)) });
        let bv: [v4::V; NR] = std::array::from_fn(|q| unsafe { v4::load(b_rows[q].add(p)) });
        for r in 0..MR {
            for q in 0..NR {
                acc[r][q] = v4::mul_add(acc[r][q], av[r], bv[q]);
            }
        }
        p += LANES;
    }
    for r in 0..MR {
        for q in 0..NR {
            let v = v4::lanes(acc[r][q]);
            let mut sum = (v[0] + v[2]) + (v[1] + v[3]);
            for t in k_main..k {
                sum += a[(i0 + r) * k + t] * b[(j0 + q) * k + t];
            }
            c[(i0 + r) * n + j0 + q] = epilogue(j0 + q, sum);
        }
    }
}

/// C[j·m + p] = Σᵢ A[i,p]·B[i,j]: Aᵀ·B (m × n) stored column-major; A is r × m and B is
/// r × n, both row-major. Overwrites C.
pub fn gemm_tn(r: usize, m: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        assert!(a.len() >= r * m && b.len() >= r * n && c.len() >= m * n, "gemm_tn: slices too short for {r}×{m}×{n}");
        // SAFETY: Aᵀ (m × r) and B (r × n) and C (m × n, column-major) lie within the slices.
        unsafe {
            matrixmultiply::sgemm(m, r, n, 1.0, a.as_ptr(), 1, m as isize, b.as_ptr(), n as isize, 1, 0.0, c.as_mut_ptr(), 1, m as isize);
        }
    }
    #[cfg(target_arch = "wasm32")]
    simd_gemm_tn(r, m, n, a, b, c)
}

/// `gemm_tn` on this module's register blocks (what wasm runs; natively for the tests).
pub fn simd_gemm_tn(r: usize, m: usize, n: usize, a: &[f32], b: &[f32], c: &mut [f32]) {
    assert!(a.len() >= r * m && b.len() >= r * n && c.len() >= m * n, "gemm_tn: slices too short for {r}×{m}×{n}");
    if r == 0 {
        c[..m * n].fill(0.0);
        return;
    }
    const PW: usize = 2 * LANES; // floats of one output column kept in registers
    const NJ: usize = 5; // output columns at once (50 and 10 hidden/output units divide by 5)
    let (m_main, n_main) = (m - m % PW, n - n % NJ);
    // A strip of PW columns of A (r × PW floats) is reused from L1 by every block of C's columns.
    let mut p = 0;
    while p < m_main {
        let mut j = 0;
        while j < n_main {
            tn_block::<NJ, { PW / LANES }>(j, p, r, m, n, a, b, c);
            j += NJ;
        }
        while j < n {
            tn_block::<1, { PW / LANES }>(j, p, r, m, n, a, b, c);
            j += 1;
        }
        p += PW;
    }
    for p in m_main..m {
        for q in 0..n {
            c[q * m + p] = (0..r).map(|i| a[i * m + p] * b[i * n + q]).sum();
        }
    }
}

/// Columns j0..j0+NJ of C, rows p0..p0+PW (VW vectors): walks the r rows of A and B once.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn tn_block<const NJ: usize, const VW: usize>(
    j0: usize,
    p0: usize,
    r: usize,
    m: usize,
    n: usize,
    a: &[f32],
    b: &[f32],
    c: &mut [f32],
) {
    let pw = VW * LANES;
    // Bounds checked once here; the loop reads through raw pointers (see `nt_block`).
    assert!((r - 1) * m + p0 + pw <= a.len() && (r - 1) * n + j0 + NJ <= b.len() && (j0 + NJ - 1) * m + p0 + pw <= c.len());
    let mut acc = [[v4::zero(); VW]; NJ];
    let (ap, bp) = (a[p0..].as_ptr(), b[j0..].as_ptr());
    for i in 0..r {
        // SAFETY: row i of A holds p0..p0+PW and row i of B holds j0..j0+NJ (asserted above).
        let av: [v4::V; VW] = std::array::from_fn(|v| unsafe { v4::load(ap.add(i * m + v * LANES)) });
        for q in 0..NJ {
            let bq = v4::splat(unsafe { *bp.add(i * n + q) });
            for v in 0..VW {
                acc[q][v] = v4::mul_add(acc[q][v], bq, av[v]);
            }
        }
    }
    for q in 0..NJ {
        for v in 0..VW {
            let start = (j0 + q) * m + p0 + v * LANES;
            c[start..start + LANES].copy_from_slice(&v4::lanes(acc[q][v]));
        }
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

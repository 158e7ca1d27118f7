//! Matrix products for the training step's shapes, in f32, on plain slices.
//!
//! Not lesson code: the layers in `layers.rs` say what is computed; these say how to compute
//! it fast. The register blocks below work on 4-float vectors (`v4`): wasm SIMD128 (the crate
//! builds wasm with `+simd128`), SSE on x86-64, plain arrays elsewhere. Each product keeps a
//! small block of results in registers while it walks the shared dimension once, so every
//! float loaded is used several times; bounds are checked once per block, not per load.
//!
//! The two large products of the training step, x·W1 and xᵀ·dZ1, go through
//! `sparse_times_dense`: the input x is a batch of images, about 81 % of whose pixels are 0, and
//! products that skip them do a fifth of the work (natively with AVX2 + FMA where the CPU has
//! them, see `avx2`). The dense products below do the small ones
//! (the second layer); natively `gemm_nt` and `gemm_tn` call `matrixmultiply` (nalgebra's
//! engine, AVX/FMA chosen at run time), in wasm the register blocks below. All are tested
//! against nalgebra.
//!
//! Layouts (all row-major slices; nalgebra's column-major weight matrix W (in × out) is, as a
//! slice, the row-major Wᵀ (out × in), which is why the products below take it that way):
//! - `gemm_nt`: C = A·Bᵀ — z1·W2 (dot products of two contiguous rows), with the
//!   bias and activation applied in the pass that writes C.
//! - `gemm_tn`: C = (Aᵀ·B)ᵀ stored column by column — z1ᵀ·dA2, written straight
//!   into nalgebra's column-major gradient.
//! - `gemm_nn`: C = A·B — dA2·W2ᵀ (small: batch × 10 × hidden).
//! - `sparse_times_dense`: C = A·B for a `SparseRows` A and a row-major B — x·W1 (B = W1 made
//!   row-major by `transpose`) and xᵀ·dZ1 (A = the batch pixel by pixel).

/// A drawn digit → the 28×28 image MNIST would contain: per-pixel loops, run on every frame of a
/// stroke, so they are here for the same reason as the products (the web build's opt-level).
pub mod digit;

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
        /// SAFETY: p points at 4 writable floats.
        #[inline(always)]
        pub unsafe fn store(p: *mut f32, v: V) {
            v128_store(p.cast(), v)
        }
        /// acc + a·b: one fused multiply-add where relaxed SIMD is built in (rounded once),
        /// a multiply and an add otherwise.
        #[inline(always)]
        pub fn mul_add(acc: V, a: V, b: V) -> V {
            #[cfg(target_feature = "relaxed-simd")]
            return f32x4_relaxed_madd(a, b, acc);
            #[cfg(not(target_feature = "relaxed-simd"))]
            f32x4_add(acc, f32x4_mul(a, b))
        }
        #[inline(always)]
        pub fn lanes(v: V) -> [f32; 4] {
            [f32x4_extract_lane::<0>(v), f32x4_extract_lane::<1>(v), f32x4_extract_lane::<2>(v), f32x4_extract_lane::<3>(v)]
        }
        /// The 4×4 block whose rows are `m`, transposed.
        #[inline(always)]
        pub fn transpose4([a, b, c, d]: [V; 4]) -> [V; 4] {
            let (ab_lo, ab_hi) = (i32x4_shuffle::<0, 4, 1, 5>(a, b), i32x4_shuffle::<2, 6, 3, 7>(a, b));
            let (cd_lo, cd_hi) = (i32x4_shuffle::<0, 4, 1, 5>(c, d), i32x4_shuffle::<2, 6, 3, 7>(c, d));
            [
                i32x4_shuffle::<0, 1, 4, 5>(ab_lo, cd_lo),
                i32x4_shuffle::<2, 3, 6, 7>(ab_lo, cd_lo),
                i32x4_shuffle::<0, 1, 4, 5>(ab_hi, cd_hi),
                i32x4_shuffle::<2, 3, 6, 7>(ab_hi, cd_hi),
            ]
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
        /// SAFETY: p points at 4 writable floats.
        #[inline(always)]
        pub unsafe fn store(p: *mut f32, v: V) {
            _mm_storeu_ps(p, v)
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
        /// The 4×4 block whose rows are `m`, transposed.
        #[inline(always)]
        pub fn transpose4([a, b, c, d]: [V; 4]) -> [V; 4] {
            unsafe {
                let (ab_lo, ab_hi) = (_mm_unpacklo_ps(a, b), _mm_unpackhi_ps(a, b));
                let (cd_lo, cd_hi) = (_mm_unpacklo_ps(c, d), _mm_unpackhi_ps(c, d));
                [_mm_movelh_ps(ab_lo, cd_lo), _mm_movehl_ps(cd_lo, ab_lo), _mm_movelh_ps(ab_hi, cd_hi), _mm_movehl_ps(cd_hi, ab_hi)]
            }
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
        /// SAFETY: p points at 4 writable floats.
        #[inline(always)]
        pub unsafe fn store(p: *mut f32, v: V) {
            p.cast::<[f32; 4]>().write_unaligned(v)
        }
        #[inline(always)]
        pub fn mul_add(acc: V, a: V, b: V) -> V {
            std::array::from_fn(|l| acc[l] + a[l] * b[l])
        }
        #[inline(always)]
        pub fn lanes(v: V) -> [f32; 4] {
            v
        }
        /// The 4×4 block whose rows are `m`, transposed.
        #[inline(always)]
        pub fn transpose4(m: [V; 4]) -> [V; 4] {
            std::array::from_fn(|i| std::array::from_fn(|j| m[j][i]))
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
    let n4 = n / LANES * LANES;
    for i in 0..m {
        let a_row = &a[i * k..(i + 1) * k];
        let c_row = &mut c[i * n..(i + 1) * n];
        // the sums of 4 vectors of C's row at a time stay in registers while A's row is walked
        let mut j0 = 0;
        while j0 + 4 * LANES <= n4 {
            gemm_nn_block::<4>(a_row, b, n, j0, c_row);
            j0 += 4 * LANES;
        }
        while j0 < n4 {
            gemm_nn_block::<1>(a_row, b, n, j0, c_row);
            j0 += LANES;
        }
        for j in n4..n {
            c_row[j] = a_row.iter().enumerate().fold(0.0, |sum, (p, &a_ip)| sum + a_ip * b[p * n + j]);
        }
    }
}

/// Columns j0..j0 + W·LANES of one row of `gemm_nn`'s C: Σₚ A[i,p]·B[p, ..], in W vectors.
#[inline(always)]
fn gemm_nn_block<const W: usize>(a_row: &[f32], b: &[f32], n: usize, j0: usize, c_row: &mut [f32]) {
    assert!(j0 + W * LANES <= n && b.len() >= a_row.len() * n && c_row.len() >= n, "gemm_nn: block outside the matrices");
    let mut sums = [v4::zero(); W];
    for (p, &a_ip) in a_row.iter().enumerate() {
        let a_ip = v4::splat(a_ip);
        for (q, sum) in sums.iter_mut().enumerate() {
            // SAFETY: columns j0 + q·LANES.. + LANES ≤ n of row p < k of B (asserted above).
            *sum = v4::mul_add(*sum, a_ip, unsafe { v4::load(b.as_ptr().add(p * n + j0 + q * LANES)) });
        }
    }
    for (q, sum) in sums.into_iter().enumerate() {
        // SAFETY: columns j0 + q·LANES.. + LANES ≤ n of C's row (asserted above).
        unsafe { v4::store(c_row.as_mut_ptr().add(j0 + q * LANES), sum) };
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

/// Bit q set where `bytes[q]` is not 0: one compare and one mask instruction in wasm SIMD128
/// and on x86-64 (SSE2), a loop elsewhere.
#[inline(always)]
pub fn nonzero_mask(bytes: &[u8; 16]) -> u32 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::*;
        // SAFETY: 16 readable bytes (v128_load has no alignment requirement).
        let v = unsafe { v128_load(bytes.as_ptr().cast()) };
        u8x16_bitmask(i8x16_ne(v, u8x16_splat(0))) as u32
    }
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::*;
        // SAFETY: SSE2 is part of x86-64; 16 readable bytes, unaligned load.
        unsafe {
            let v = _mm_loadu_si128(bytes.as_ptr().cast());
            !(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) as u32) & 0xFFFF
        }
    }
    #[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
    {
        bytes.iter().enumerate().fold(0, |mask, (q, &b)| mask | (((b != 0) as u32) << q))
    }
}

/// The nonzero entries of a few rows, row by row (compressed sparse rows): a mini-batch of
/// images, most of whose pixels are 0 (about 81 % in MNIST). Products with it skip the zeros,
/// which changes no sum (0·w adds nothing), only the work: about a fifth of the dense product's.
///
/// An entry is a 16-bit column and the pixel's byte, whose value is `values[byte]`: three bytes
/// instead of eight, and the gather moves bytes only (the products look the value up).
#[derive(Debug, Clone)]
pub struct SparseRows {
    /// Row r's entries are `cols[starts[r]..starts[r + 1]]` and `codes[..]` alike.
    starts: Vec<u32>,
    /// Entries; the vectors only grow (their length is room, not the count: see `starts`).
    cols: Vec<u16>,
    codes: Vec<u8>,
    /// Pixel byte → the entry's value.
    values: [f32; 256],
    /// Every column index is below this.
    width: usize,
}

/// Entries `push_pixels` may write past a row's end (its 8-entry stores), within the room.
const PUSH_SLACK: usize = 8;

impl SparseRows {
    /// No rows yet; columns below `width` (at most 65,536); each entry's value is
    /// `values[pixel]`.
    pub fn new(width: usize, values: [f32; 256]) -> SparseRows {
        assert!(width <= 1 << 16, "sparse rows of {width} columns: at most 65,536 (16-bit column indices)");
        SparseRows { starts: vec![0], cols: Vec::new(), codes: Vec::new(), values, width }
    }

    pub fn clear(&mut self) {
        self.starts.truncate(1);
    }

    /// Replaces the pixel → value table (no rows stored: the entries would change meaning).
    pub fn set_values(&mut self, values: [f32; 256]) {
        assert!(self.rows() == 0, "set_values on sparse rows that hold entries");
        self.values = values;
    }

    pub fn values(&self) -> &[f32; 256] {
        &self.values
    }

    pub fn rows(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// Entries stored (the nonzeros).
    pub fn len(&self) -> usize {
        self.starts[self.rows()] as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// (columns, pixel bytes) of row r; the values are `values()[byte]`.
    pub fn row(&self, r: usize) -> (&[u16], &[u8]) {
        let (a, b) = (self.starts[r] as usize, self.starts[r + 1] as usize);
        (&self.cols[a..b], &self.codes[a..b])
    }

    /// Makes room for `count` entries after the stored ones.
    fn reserve(&mut self, count: usize) {
        let need = self.len() + count;
        if self.cols.len() < need {
            self.cols.resize(need, 0);
            self.codes.resize(need, 0);
        }
    }

    /// Appends a row of pixels (exactly `width` of them): its nonzero ones.
    pub fn push_pixels(&mut self, pixels: &[u8]) {
        assert_eq!(pixels.len(), self.width, "a row of {} pixels, not {}", self.width, pixels.len());
        self.reserve(pixels.len() + PUSH_SLACK);
        let start = self.len();
        let (cols, codes) = (&mut self.cols[start..], &mut self.codes[start..]);
        let mut len = 0;
        // 16 pixels at a time: one vector compare says which are nonzero (a bit each); each
        // half's 8 bits pick which of its pixels to keep (`pack8`), without a branch per pixel
        // (which pixels are 0 is unpredictable). Blank chunks (MNIST's borders) cost a compare.
        let mut chunks = pixels.chunks_exact(16);
        let mut base = 0;
        for chunk in &mut chunks {
            let chunk: &[u8; 16] = chunk.try_into().expect("16 bytes");
            let mask = nonzero_mask(chunk);
            if mask != 0 {
                for half in 0..2 {
                    let bits = (mask >> (8 * half)) & 0xFF;
                    // len ≤ this chunk's first pixel's index, so len + 8 ≤ pixels.len() + PUSH_SLACK
                    pack8(chunk, half, bits, (base + 8 * half) as u16, &mut cols[len..len + 8], &mut codes[len..len + 8]);
                    len += bits.count_ones() as usize;
                }
            }
            base += 16;
        }
        for (q, &p) in chunks.remainder().iter().enumerate() {
            if p != 0 {
                cols[len] = (base + q) as u16;
                codes[len] = p;
                len += 1;
            }
        }
        self.starts.push((start + len) as u32);
    }

    /// The same entries column by column into `out` (which then has `width` rows, each
    /// listing (row, pixel byte) in row order, and the same values): the transpose, by counting.
    pub fn transpose_into(&self, out: &mut SparseRows) {
        assert!(self.rows() <= 1 << 16, "a transpose of {} rows: at most 65,536 (16-bit column indices)", self.rows());
        out.width = self.rows();
        out.values = self.values;
        out.starts.clear();
        out.starts.resize(self.width + 2, 0);
        for &c in &self.cols[..self.len()] {
            out.starts[c as usize + 2] += 1;
        }
        for i in 2..out.starts.len() {
            out.starts[i] += out.starts[i - 1];
        }
        // starts[c + 1] is now where column c begins; it advances as entries are placed
        if out.cols.len() < self.len() {
            out.cols.resize(self.len(), 0);
            out.codes.resize(self.len(), 0);
        }
        for r in 0..self.rows() {
            let (cols, codes) = self.row(r);
            for (&c, &v) in cols.iter().zip(codes) {
                let at = &mut out.starts[c as usize + 1];
                out.cols[*at as usize] = r as u16;
                out.codes[*at as usize] = v;
                *at += 1;
            }
        }
        out.starts.pop();
    }
}

/// For each 8-bit mask, the positions of its set bits in order, one byte each (the rest 0).
const PACK_INDICES: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut mask = 0;
    while mask < 256 {
        let (mut bit, mut at) = (0, 0);
        while bit < 8 {
            if mask & (1 << bit) != 0 {
                table[mask] |= (bit as u64) << (8 * at);
                at += 1;
            }
            bit += 1;
        }
        mask += 1;
    }
    table
};

/// Of the pixels 8·half..8·half + 8 of `chunk`, those whose bit is set in `bits`, in order, into
/// the first popcount(bits) places of `codes`, with their columns (`base` + position) in `cols`;
/// the other places may get junk. A byte shuffle by `PACK_INDICES` and two stores in wasm
/// SIMD128 and on x86-64 with SSSE3 (checked at run time); a loop over the set bits elsewhere.
#[inline(always)]
fn pack8(chunk: &[u8; 16], half: usize, bits: u32, base: u16, cols: &mut [u16], codes: &mut [u8]) {
    let (cols, codes) = (&mut cols[..8], &mut codes[..8]);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::*;
        let indices = PACK_INDICES[bits as usize];
        let at = u64x2_splat(indices + 0x0808_0808_0808_0808 * half as u64);
        // SAFETY: 16 readable bytes in chunk, 8 writable u16 in cols and 8 bytes in codes
        unsafe {
            let packed = i8x16_swizzle(v128_load(chunk.as_ptr().cast()), at);
            v128_store64_lane::<0>(packed, codes.as_mut_ptr().cast());
            let columns = u16x8_add(u16x8_extend_low_u8x16(u64x2_splat(indices)), u16x8_splat(base));
            v128_store(cols.as_mut_ptr().cast(), columns);
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("ssse3") {
            // SAFETY: the CPU has SSSE3; the slices hold 8 entries each
            return unsafe { pack8_ssse3(chunk, half, PACK_INDICES[bits as usize], base, cols, codes) };
        }
        let mut bits = bits;
        for (col, code) in cols.iter_mut().zip(codes.iter_mut()) {
            if bits == 0 {
                break;
            }
            let q = bits.trailing_zeros() as usize;
            (*col, *code) = (base + q as u16, chunk[8 * half + q]);
            bits &= bits - 1;
        }
    }
}

/// `pack8` by x86's byte shuffle (SSSE3), for `indices` = PACK_INDICES[bits].
/// SAFETY: the CPU has SSSE3.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "ssse3")]
unsafe fn pack8_ssse3(chunk: &[u8; 16], half: usize, indices: u64, base: u16, cols: &mut [u16], codes: &mut [u8]) {
    use core::arch::x86_64::*;
    assert!(cols.len() >= 8 && codes.len() >= 8);
    let at = _mm_set1_epi64x((indices + 0x0808_0808_0808_0808 * half as u64) as i64);
    let packed = _mm_shuffle_epi8(_mm_loadu_si128(chunk.as_ptr().cast()), at);
    _mm_storel_epi64(codes.as_mut_ptr().cast(), packed);
    let columns = _mm_add_epi16(_mm_unpacklo_epi8(_mm_set1_epi64x(indices as i64), _mm_setzero_si128()), _mm_set1_epi16(base as i16));
    _mm_storeu_si128(cols.as_mut_ptr().cast(), columns);
}

/// Most vectors of one output row kept in registers at once (13 · 4 floats: the book's 50
/// hidden units in one pass over a row's nonzeros). In Chromium two passes of 6 + 7 took
/// 1.03–1.1× as long (in Node 20's older V8, 0.85×: its register allocation differs).
const MAX_VECTORS: usize = 13;

/// Floats past the last row of `sparse_times_dense`'s B that its widest vectors may read.
pub const SPARSE_PAD: usize = 8;

/// For each row i of the sparse A (rows × width): Σ A[i,p]·B[p, 0..n] over its nonzeros,
/// handed over in pieces: `store(i, j0, sums)` gets the sums of columns j0..j0 + sums.len()
/// (pieces in column order; together they cover 0..n). B is row-major with `width` rows of
/// stride `ldb` ≥ n, and SPARSE_PAD − 1 readable floats past its last row's end (a row's last
/// vector reads into the next row; those lanes are dropped).
///
/// Each nonzero adds a multiple of one row of B to sums held in registers (as many vectors as
/// fit, per pass over the row's nonzeros). No allocation. Natively on x86-64 with AVX2 and FMA
/// (checked at run time), 8-float vectors with fused multiply-adds; elsewhere the 4-float ones.
pub fn sparse_times_dense(a: &SparseRows, b: &[f32], ldb: usize, n: usize, store: impl FnMut(usize, usize, &[f32])) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        check_sparse_operands(a, b, ldb, n);
        // SAFETY: the CPU has AVX2 and FMA (checked just above), the operands' sizes are checked.
        return unsafe { avx2::sparse_times_dense(a, b, ldb, n, store) };
    }
    portable_sparse_times_dense(a, b, ldb, n, store)
}

fn check_sparse_operands(a: &SparseRows, b: &[f32], ldb: usize, n: usize) {
    assert!(ldb >= n, "sparse_times_dense: stride {ldb} below the row length {n}");
    assert!(
        a.width == 0 || n == 0 || (a.width - 1) * ldb + n.div_ceil(SPARSE_PAD) * SPARSE_PAD <= b.len(),
        "sparse_times_dense: B has {} floats, not enough for {} rows of stride {ldb} (row length {n}, padding {SPARSE_PAD})",
        b.len(),
        a.width
    );
}

/// The walk of `sparse_times_dense`, the same for every vector width: row by row of A, and
/// within a row slice by slice of at most `$max` vectors of `$lanes` floats, each slice summed
/// in registers by `$row::<VW>` for its VW vectors (a const generic takes a literal: one arm
/// per width). A macro, not a generic function, so the AVX2 walk expands inside its
/// `#[target_feature]` function and inlines its rows.
macro_rules! walk_sparse_rows {
    ($a:ident, $b:ident, $ldb:ident, $n:ident, $store:ident, $lanes:expr, $max:expr, $row:ident, [$($vw:literal)*], $last:literal) => {{
        let vectors = $n.div_ceil($lanes);
        let slices = vectors.div_ceil($max);
        let mut out = [0.0f32; $max * $lanes];
        for i in 0..$a.rows() {
            let (cols, codes) = $a.row(i);
            let mut v0 = 0;
            for s in 0..slices {
                // slices of nearly equal width: 13 vectors → 6 + 7, not 8 + 5
                let v1 = vectors * (s + 1) / slices;
                // SAFETY: every column index is below a.width (SparseRows is built that way),
                // so each row read spans floats p·ldb + v0·lanes .. p·ldb + v1·lanes ≤
                // (width − 1)·ldb + ⌈n/SPARSE_PAD⌉·SPARSE_PAD ≤ b.len() (checked by
                // `check_sparse_operands`; SPARSE_PAD is a multiple of every width); `out`
                // holds `$max` vectors.
                #[allow(unused_unsafe)]
                unsafe {
                    let bp = $b.as_ptr().add(v0 * $lanes);
                    match v1 - v0 {
                        $($vw => $row::<$vw>(cols, codes, &$a.values, bp, $ldb, &mut out),)*
                        _ => $row::<$last>(cols, codes, &$a.values, bp, $ldb, &mut out),
                    }
                }
                let j0 = v0 * $lanes;
                $store(i, j0, &out[..(v1 * $lanes).min($n) - j0]);
                v0 = v1;
            }
        }
    }};
}

/// `sparse_times_dense` on the 4-float vectors (what wasm runs; natively for the tests).
pub fn portable_sparse_times_dense(a: &SparseRows, b: &[f32], ldb: usize, n: usize, mut store: impl FnMut(usize, usize, &[f32])) {
    check_sparse_operands(a, b, ldb, n);
    walk_sparse_rows!(a, b, ldb, n, store, LANES, MAX_VECTORS, sparse_row, [1 2 3 4 5 6 7 8 9 10 11 12], 13);
}

/// One row's VW vectors: Σ values[codes[e]] · B[cols[e], 0..VW·4], B's rows at `b + p·ldb`.
/// SAFETY: see `sparse_times_dense`.
#[inline(always)]
unsafe fn sparse_row<const VW: usize>(cols: &[u16], codes: &[u8], values: &[f32; 256], b: *const f32, ldb: usize, dst: &mut [f32; MAX_VECTORS * LANES]) {
    let mut acc = [v4::zero(); VW];
    for (&p, &code) in cols.iter().zip(codes) {
        let s = v4::splat(values[code as usize]);
        let row = b.add(p as usize * ldb);
        for (q, a) in acc.iter_mut().enumerate() {
            *a = v4::mul_add(*a, s, v4::load(row.add(q * LANES)));
        }
    }
    for (q, a) in acc.iter().enumerate() {
        v4::store(dst.as_mut_ptr().add(q * LANES), *a);
    }
}

/// `sparse_times_dense` on 8-float AVX vectors with fused multiply-adds (x86-64 natively).
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::SparseRows;
    use core::arch::x86_64::*;

    const LANES: usize = 8;
    /// Of the 16 AVX registers: 12 sums, the broadcast value and a loaded vector.
    const MAX_VECTORS: usize = 12;

    /// SAFETY: the CPU has AVX2 and FMA, and the operands passed `check_sparse_operands`.
    #[target_feature(enable = "avx2,fma")]
    pub unsafe fn sparse_times_dense(a: &SparseRows, b: &[f32], ldb: usize, n: usize, mut store: impl FnMut(usize, usize, &[f32])) {
        walk_sparse_rows!(a, b, ldb, n, store, LANES, MAX_VECTORS, row, [1 2 3 4 5 6 7 8 9 10 11], 12);
    }

    /// One row's VW vectors, as `super::sparse_row`.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn row<const VW: usize>(cols: &[u16], codes: &[u8], values: &[f32; 256], b: *const f32, ldb: usize, dst: &mut [f32; MAX_VECTORS * LANES]) {
        let mut acc = [_mm256_setzero_ps(); VW];
        for (&p, &code) in cols.iter().zip(codes) {
            let s = _mm256_set1_ps(values[code as usize]);
            let r = b.add(p as usize * ldb);
            for (q, a) in acc.iter_mut().enumerate() {
                *a = _mm256_fmadd_ps(s, _mm256_loadu_ps(r.add(q * LANES)), *a);
            }
        }
        for (q, a) in acc.iter().enumerate() {
            _mm256_storeu_ps(dst.as_mut_ptr().add(q * LANES), *a);
        }
    }
}

/// Bᵀ of a column-major (rows × cols) matrix B: `out[r·cols + c] = B[c·rows + r]`, i.e. the
/// row-major layout of B. `out` may be longer (padding stays as it is).
pub fn transpose(rows: usize, cols: usize, b: &[f32], out: &mut [f32]) {
    assert!(b.len() >= rows * cols && out.len() >= rows * cols, "transpose: slices too short for {rows}×{cols}");
    // 4×4 blocks through registers (4 loads, 8 shuffles, 4 stores), the rest float by float
    let (rows4, cols4) = (rows / LANES * LANES, cols / LANES * LANES);
    for r0 in (0..rows4).step_by(LANES) {
        for c0 in (0..cols4).step_by(LANES) {
            // SAFETY: rows r0..r0 + 4 of columns c0..c0 + 4 lie within b (rows · cols floats),
            // and columns c0..c0 + 4 of rows r0..r0 + 4 within out (checked above).
            unsafe {
                let block = std::array::from_fn(|q| v4::load(b.as_ptr().add((c0 + q) * rows + r0)));
                for (i, v) in v4::transpose4(block).into_iter().enumerate() {
                    v4::store(out.as_mut_ptr().add((r0 + i) * cols + c0), v);
                }
            }
        }
    }
    for r in 0..rows {
        let first = if r < rows4 { cols4 } else { 0 };
        for c in first..cols {
            out[r * cols + c] = b[c * rows + r];
        }
    }
}

/// eˣ in f32 without a library call, so that loops over it vectorize (wasm has no exp
/// instruction; `f32::exp` is a scalar call there). Cody–Waite reduction x = n·ln 2 + r,
/// |r| ≤ ½ ln 2, then e^r by Cephes' `expf` polynomial and 2ⁿ put into the exponent bits.
/// Relative error within a few ulp of `f32::exp` (tested); NaN stays NaN; x is clamped to
/// [−87, 88] (so never ∞, and never below e⁻⁸⁷ ≈ 1.6e-38), which leaves the sigmoid unchanged.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LN2_HI: f32 = 0.693_359_4; // ln 2 in two parts: n·LN2_HI is exact for |n| ≤ 128
    const LN2_LO: f32 = -2.121_944_4e-4;
    let x = x.clamp(-87.0, 88.0);
    // rounded to the nearest integer by adding and removing 1.5·2²³ (no rounding instruction
    // needed: x86-64's baseline has none, and a call would stop vectorization)
    const ROUND: f32 = 12_582_912.0;
    let n = (x * std::f32::consts::LOG2_E + ROUND) - ROUND;
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = ((((1.987_569_1e-4 * r + 1.398_199_9e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r + 1.666_666_5e-1) * r + 5.000_000_1e-1;
    let e_r = p * r * r + r + 1.0;
    // n ∈ [−126, 127]: a normal power of two (NaN converts to 0, and e_r stays NaN)
    e_r * f32::from_bits(((n as i32 + 127) as u32) << 23)
}

/// The logistic sigmoid 1 / (1 + e⁻ˣ) through `exp`.
#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + exp(-x))
}

// The training step's passes, each one call with no closure. Closures make a function generic,
// and a generic function is compiled in the crate that calls it: these keep the step's loops
// compiled here, at this package's optimization level (see Cargo.toml's [profile.web]).

/// The hidden layer's nonlinearity h.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nonlinearity {
    Sigmoid,
    Relu,
}

/// z = h(x·W + b) for the rows of the sparse x (rows × width); W row-major (width × b.len(),
/// plus SPARSE_PAD floats of padding), z row-major (rows × b.len()).
pub fn sparse_affine(x: &SparseRows, w_rows: &[f32], b: &[f32], h: Nonlinearity, z: &mut [f32]) {
    let n = b.len();
    sparse_times_dense(x, w_rows, n, n, |i, j0, sums| {
        let out = &mut z[i * n + j0..i * n + j0 + sums.len()];
        let bias = &b[j0..j0 + sums.len()];
        match h {
            Nonlinearity::Sigmoid => {
                for ((z, &s), &b) in out.iter_mut().zip(sums).zip(bias) {
                    *z = sigmoid(s + b);
                }
            }
            Nonlinearity::Relu => {
                for ((z, &s), &b) in out.iter_mut().zip(sums).zip(bias) {
                    *z = (s + b).max(0.0);
                }
            }
        }
    });
}

/// C = A·Bᵀ plus `bias[j]` in every column j (`gemm_nt`'s shapes).
pub fn gemm_nt_bias(m: usize, n: usize, k: usize, a: &[f32], b: &[f32], bias: &[f32], c: &mut [f32]) {
    assert!(bias.len() >= n, "gemm_nt_bias: {} biases for {n} columns", bias.len());
    gemm_nt(m, n, k, a, b, c, |j, s| s + bias[j])
}

/// C = Aᵀ·B for a sparse A (rows × width) and a row-major B (rows × n, plus SPARSE_PAD floats
/// of padding), written column-major: C[j·width + p]. Given A pixel by pixel (the batch's xᵀ)
/// and B = dZ1, that is dW1 in nalgebra's layout.
pub fn sparse_times_dense_column_major(a: &SparseRows, b: &[f32], n: usize, c: &mut [f32]) {
    let rows = a.rows();
    assert!(c.len() >= rows * n, "sparse_times_dense_column_major: {} floats for {rows}×{n}", c.len());
    sparse_times_dense(a, b, n, n, |p, j0, sums| {
        for (j, &v) in (j0..).zip(sums) {
            c[j * rows + p] = v;
        }
    });
}

/// Softmax with cross-entropy over rows of `classes` scores: turns each row of `scores` into
/// probabilities y in place, writes (y − t)/N into `grad` (N = the number of rows, t the
/// one-hot label) and returns Σ −log y[label], each term computed from the scores in log space
/// (exact even where y underflows to 0).
pub fn softmax_cross_entropy(scores: &mut [f32], labels: &[u8], classes: usize, grad: &mut [f32]) -> f32 {
    let batch = labels.len() as f32;
    let mut total = 0.0;
    for ((row, g), &label) in scores.chunks_exact_mut(classes).zip(grad.chunks_exact_mut(classes)).zip(labels) {
        let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let true_score = row[label as usize] - max;
        row.iter_mut().for_each(|v| *v = (*v - max).exp());
        let sum: f32 = row.iter().sum();
        total -= true_score - sum.ln();
        row.iter_mut().for_each(|v| *v /= sum);
        for (c, (g, &y)) in g.iter_mut().zip(row.iter()).enumerate() {
            *g = (y - if c == label as usize { 1.0 } else { 0.0 }) / batch;
        }
    }
    total
}

/// dL/da = dL/dz · h′ in place, from the layer's outputs z = h(a): z(1 − z) for the sigmoid,
/// 0 where z ≤ 0 for ReLU.
pub fn nonlinearity_backward(h: Nonlinearity, dz: &mut [f32], z: &[f32]) {
    match h {
        Nonlinearity::Sigmoid => dz.iter_mut().zip(z).for_each(|(d, &z)| *d = *d * (1.0 - z) * z),
        Nonlinearity::Relu => dz.iter_mut().zip(z).for_each(|(d, &z)| if z <= 0.0 { *d = 0.0 }),
    }
}

/// p ← p + step·g, element by element (the SGD update; the same sum as a plain loop).
pub fn add_scaled(p: &mut [f32], step: f32, g: &[f32]) {
    assert_eq!(p.len(), g.len(), "add_scaled: {} parameters, {} gradients", p.len(), g.len());
    p.iter_mut().zip(g).for_each(|(p, &g)| *p += step * g);
}

/// x·W + b for a single row x (1 × in), W column-major (in × out, as nalgebra stores it): one
/// sum per output over W's column, skipping x's zeros (most pixels of a digit). The drawing
/// view's forward pass (`reading.rs`): the general product packs all of W into blocks first,
/// which for one row costs more than the product itself.
pub fn one_row_affine(x: &[f32], w: &[f32], b: &[f32]) -> Vec<f32> {
    assert_eq!(w.len(), x.len() * b.len(), "one_row_affine: W has {} weights, not {} × {}", w.len(), x.len(), b.len());
    let nonzero: Vec<usize> = (0..x.len()).filter(|&i| x[i] != 0.0).collect();
    w.chunks_exact(x.len()).zip(b).map(|(w, &b)| nonzero.iter().map(|&i| x[i] * w[i]).sum::<f32>() + b).collect()
}

// Which of the two wasm builds this browser runs. Both come from the same Rust code with the same
// exports (so pkg/gradlab.js serves both): pkg/gradlab_bg.wasm needs SIMD128 only (every current
// browser), pkg/gradlab_relaxed_bg.wasm also uses relaxed SIMD (fused multiply-add in the matrix
// products; Chromium ≥ 114). Chosen by asking WebAssembly to validate one relaxed-SIMD instruction.
// Use: `await init({ module_or_path: wasmUrl })` instead of `await init()`.

// (func (result v128) (i8x16.relaxed_swizzle (i8x16.splat (i32.const 1)) (i8x16.splat (i32.const 2))))
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253,
  15, 253, 128, 2, 11,
]);

export const relaxedSimd = WebAssembly.validate(RELAXED_SIMD_PROBE);

export const wasmUrl = relaxedSimd
  ? new URL('./pkg/gradlab_relaxed_bg.wasm', import.meta.url)
  : new URL('./pkg/gradlab_bg.wasm', import.meta.url);

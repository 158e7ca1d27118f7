// Which of the two wasm builds this browser runs. Both come from the same Rust code with the same
// exports (so pkg/gradlab.js serves both): pkg/gradlab_bg.wasm needs SIMD128 only (every current
// browser), pkg/gradlab_relaxed_bg.wasm also uses relaxed SIMD (fused multiply-add in the matrix
// products; Chromium ≥ 114). Chosen by asking WebAssembly to validate one relaxed-SIMD instruction.
// Use: `await init({ module_or_path: await compiledWasm() })` instead of `await init()`.

// (func (result v128) (i8x16.relaxed_swizzle (i8x16.splat (i32.const 1)) (i8x16.splat (i32.const 2))))
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253,
  15, 253, 128, 2, 11,
]);

export const relaxedSimd = WebAssembly.validate(RELAXED_SIMD_PROBE);

export const wasmUrl = relaxedSimd
  ? new URL('./pkg/gradlab_relaxed_bg.wasm', import.meta.url)
  : new URL('./pkg/gradlab_bg.wasm', import.meta.url);

let compiling = null;
let compiled = null;

/**
 * The chosen build, fetched and compiled once. The page compiles it and hands the module to each
 * worker it starts (a WebAssembly.Module can be posted, see sharedWasmModule): the workers then
 * neither fetch nor compile it again, and V8 optimises its hot functions once for all of them
 * instead of once per worker, in the busy second when the page is ready and a run may start.
 */
export function compiledWasm() {
  compiling ??= fetch(wasmUrl).then(async (response) => {
    if (!response.ok) throw new Error(`${wasmUrl.pathname.split('/').pop()}: HTTP ${response.status}`);
    // compileStreaming needs the wasm MIME type; a server that sends another still works
    const module = response.headers.get('Content-Type') === 'application/wasm'
      ? await WebAssembly.compileStreaming(response)
      : await WebAssembly.compile(await response.arrayBuffer());
    compiled = module;
    return module;
  });
  return compiling;
}

/** The module compiled by compiledWasm, once it is (null before, and inside a worker). */
export function sharedWasmModule() {
  return compiled;
}

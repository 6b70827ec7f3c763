// Instantiates the wasm module from the bytes embedded in the bundle, asynchronously (browsers
// refuse to compile large modules synchronously on the main thread): no asset to copy or serve.
import init from "./tallyfy_wasm.js";
import { wasmBytes } from "./wasm-bytes.js";

await init({ module_or_path: wasmBytes() });

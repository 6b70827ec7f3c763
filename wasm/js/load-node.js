// Instantiates the wasm module synchronously from the bytes embedded in the bundle (no file to
// find: Next.js, under Turbopack or webpack, moves or renames the files of server packages).
import { initSync } from "./tallyfy_wasm.js";
import { wasmBytes } from "./wasm-bytes.js";

initSync({ module: wasmBytes() });

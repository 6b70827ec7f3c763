// Fetches and instantiates the wasm module beside this file. Bundlers that understand
// `new URL(..., import.meta.url)` (Vite, webpack 5, Parcel) copy the .wasm for you; with
// esbuild or plain ESM, serve tallyfy_wasm_bg.wasm next to the script.
import init from "./tallyfy_wasm.js";

await init({ module_or_path: new URL("./tallyfy_wasm_bg.wasm", import.meta.url) });

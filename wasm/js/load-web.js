// Fetches and instantiates the wasm module beside this file. Bundlers that understand
// `new URL(..., import.meta.url)` (Vite, webpack 5) copy the .wasm for you; as plain ESM, serve
// tallyfy_wasm_bg.wasm next to the script. Bundlers that copy no assets: `tallyfy-groups/inline`.
import init from "./tallyfy_wasm.js";

await init({ module_or_path: new URL("./tallyfy_wasm_bg.wasm", import.meta.url) });

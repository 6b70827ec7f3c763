// Cloudflare Workers (workerd): the .wasm is imported as a module, which wrangler uploads as a
// compiled WebAssembly.Module, and instantiated synchronously at startup (workerd compiles no
// wasm from bytes, and an unsettled top-level await fails there).
import { initSync } from "./tallyfy_wasm.js";
import module from "./tallyfy_wasm_bg.wasm";

initSync({ module });

// Instantiates the wasm module synchronously from the file beside this one. This module is
// bundled into node.cjs (CommonJS), where __dirname is the package's folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "./tallyfy_wasm.js";

initSync({ module: readFileSync(join(__dirname, "tallyfy_wasm_bg.wasm")) });

// `tallyfy-groups/slim`: the host supplies the module (here, the package's own .wasm file).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import * as t from "tallyfy-groups/slim";
import { probeJson } from "./probe.mjs";

const wasm = createRequire(import.meta.url).resolve("tallyfy-groups/tallyfy_wasm_bg.wasm");
t.initSync({ module: new WebAssembly.Module(await readFile(wasm)) });
console.log(probeJson(t));

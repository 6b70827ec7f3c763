// Entry point `tallyfy-groups/slim` (bundled into slim.js and slim.cjs): the API without any
// initialisation, for hosts that supply the module themselves. Call `initSync({ module })` or
// `await init({ module_or_path })` once before anything else.
import initAsync, { initSync as initBindgenSync } from "./tallyfy_wasm.js";

export * from "./api.js";
export { GroupsClient } from "./client.js";

/**
 * Instantiates the module synchronously from a compiled WebAssembly.Module or the bytes of
 * tallyfy_wasm_bg.wasm. A second call does nothing.
 */
export function initSync({ module }) {
  initBindgenSync({ module });
}

/**
 * Instantiates the module from a WebAssembly.Module, its bytes, a URL, a Response or a promise
 * of one. A second call does nothing.
 */
export async function init({ module_or_path }) {
  await initAsync({ module_or_path });
}

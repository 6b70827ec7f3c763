// Entry point for Cloudflare Workers (the `workerd` condition; bundled into workerd.js, which imports ./tallyfy_wasm_bg.wasm).
// load-workerd.js comes first so that the module is instantiated before api.js runs.
import "./load-workerd.js";

export * from "./api.js";
export { GroupsClient } from "./client.js";

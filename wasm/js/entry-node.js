// Entry point for Node, Deno and Bun (bundled into node.cjs; node.mjs re-exports it for `import`).
// load-node.js comes first so that the module is instantiated before api.js runs.
import "./load-node.js";

export * from "./api.js";
export { GroupsClient } from "./client.js";

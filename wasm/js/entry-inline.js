// Entry point `tallyfy-groups/inline` for browsers and bundlers that copy no assets (bundled into inline.js).
// load-inline.js comes first so that the module is instantiated before api.js runs.
import "./load-inline.js";

export * from "./api.js";
export { GroupsClient } from "./client.js";

// Entry point for browsers and bundlers that copy assets (bundled into web.js).
// load-web.js comes first so that the module is instantiated before api.js runs.
import "./load-web.js";

export * from "./api.js";
export { GroupsClient } from "./client.js";

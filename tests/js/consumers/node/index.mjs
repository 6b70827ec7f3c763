// Node, Deno and Bun: `import` of the package root.
import * as t from "tallyfy-groups";
import { probeJson } from "./probe.mjs";

console.log(probeJson(t));

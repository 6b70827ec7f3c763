// Every shared vector in tests/vectors/ through the package's public API, once as loaded by
// `import` and once by `require`, with the same expected results as the Rust core's runner.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import * as esm from "tallyfy-groups";
import { checkCase } from "./lib/vectors.mjs";

const cjs = createRequire(import.meta.url)("tallyfy-groups");
const dir = new URL("../vectors/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();
const cases = files.flatMap((f) =>
  JSON.parse(readFileSync(new URL(f, dir), "utf8")).cases.map((c) => ({ file: f, ...c })),
);

it("the vector files hold at least 150 uniquely named cases", () => {
  assert.ok(cases.length >= 150, `only ${cases.length} cases`);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

for (const [loader, api] of [
  ["import", esm],
  ["require", cjs],
]) {
  describe(`vectors through ${loader}`, () => {
    for (const c of cases) it(`${c.file}: ${c.name}`, () => checkCase(api, c));
  });
}

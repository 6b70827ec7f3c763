// Every shared vector in tests/vectors/ through the package's public API, once as loaded by
// `import` and once by `require`, with the same expected results as the Rust core's runner.
// Each file must hold exactly the number of cases its "count" states, and each run must
// execute exactly that many (compared with the stated count, not with the cases iterated).
// Call scripts run through the package's `Call`.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, describe, it } from "node:test";
import * as esm from "tallyfy-groups";
import { casesOf, checkCase } from "./lib/vectors.mjs";

const cjs = createRequire(import.meta.url)("tallyfy-groups");
const dir = new URL("../vectors/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();
// Throws (failing the whole run) when a file is unreadable or its count is wrong.
const byFile = files.map((file) => [file, casesOf(file, readFileSync(new URL(file, dir), "utf8"))]);
const cases = byFile.flatMap(([file, { cases: list }]) => list.map((c) => ({ file, ...c })));

it("the five vector files hold uniquely named cases", () => {
  assert.deepEqual(files, ["build.json", "calls.json", "parse.json", "policy.json", "validate.json"]);
  assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
});

for (const [loader, api] of [
  ["import", esm],
  ["require", cjs],
]) {
  describe(`vectors through ${loader}`, () => {
    const ran = new Map(files.map((f) => [f, 0]));
    for (const c of cases) {
      it(`${c.file}: ${c.name}`, () => {
        ran.set(c.file, ran.get(c.file) + 1);
        checkCase(api, c);
      });
    }
    after(() => {
      for (const [file, { count }] of byFile) assert.equal(ran.get(file), count, `${loader}: ${file} ran`);
    });
  });
}

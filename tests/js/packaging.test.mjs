// The package as users load it: `require` and `import` in fresh Node processes (one module
// instance for both), the exports map, exact TypeScript declarations (tsc --strict, no `any`),
// and in headless Chromium both as plain ESM and as an esbuild bundle.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build as esbuild } from "esbuild";
import * as esm from "tallyfy-groups";
import { chromiumProbe } from "./lib/chromium.mjs";

const run = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(import.meta.url);
const pkgDir = realpathSync(join(here, "node_modules", "tallyfy-groups"));
const vectorsDir = join(here, "..", "vectors");
const vectorCount = readdirSync(vectorsDir)
  .filter((f) => f.endsWith(".json"))
  .reduce((n, f) => n + JSON.parse(readFileSync(join(vectorsDir, f), "utf8")).count, 0);

const API = [
  "Call",
  "GroupsClient",
  "TallyfyError",
  "VERSION",
  "buildCreateGroup",
  "buildDeleteGroup",
  "buildGetGroup",
  "buildListGroups",
  "buildUpdateGroup",
  "fullUpdate",
  "parseDeleteGroupResponse",
  "parseGroupListResponse",
  "parseGroupResponse",
  "redactError",
  "validateCreateGroup",
  "validateUpdateGroup",
  "wasmMemoryBytes",
];

describe("Node: import and require", () => {
  it("export the same names, from one module instance", () => {
    const cjs = require("tallyfy-groups");
    assert.deepEqual(Object.keys(esm).sort(), API);
    assert.deepEqual(Object.keys(cjs).sort(), API);
    assert.equal(cjs.TallyfyError, esm.TallyfyError);
    assert.equal(cjs.buildCreateGroup, esm.buildCreateGroup);
  });

  it("work in fresh processes, resolved through the exports map", async () => {
    const script = (load) =>
      `${load}; const r = t.buildGetGroup({accessToken: "tok"}, "org1", "g1");` +
      `process.stdout.write(r.url + " " + (t.validateCreateGroup({}).length))`;
    const cjs = await run(
      process.execPath,
      ["--input-type=commonjs", "-e", script('const t = require("tallyfy-groups")')],
      {
        cwd: here,
      },
    );
    const mjs = await run(
      process.execPath,
      ["--input-type=module", "-e", script('import * as t from "tallyfy-groups"')],
      {
        cwd: here,
      },
    );
    for (const { stdout } of [cjs, mjs])
      assert.equal(stdout, "https://go.tallyfy.com/api/organizations/org1/groups/g1 2");
  });

  it("has an exports map for node import/require, types and browsers", () => {
    const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    const root = manifest.exports["."];
    assert.equal(root.node.import.default, "./node.mjs");
    assert.equal(root.node.require.default, "./node.cjs");
    assert.equal(root.node.require.types, "./index.d.cts");
    assert.equal(root.default, "./web.js");
    assert.equal(manifest.version, esm.VERSION);
    for (const file of manifest.files) assert.ok(readdirSync(pkgDir).includes(file), `${file} is missing`);
  });

  it("hold no path of the machine that built them (the wasm's panic locations are remapped)", () => {
    const local = [homedir(), realpathSync(join(here, "..", ".."))].filter((path) => path.length > 1);
    for (const file of readdirSync(pkgDir).filter((f) => /\.(wasm|js|cjs|mjs|ts|cts)$/.test(f))) {
      const text = readFileSync(join(pkgDir, file), "latin1");
      for (const path of local) assert.ok(!text.includes(path), `${file} holds ${path}`);
    }
  });
});

describe("TypeScript declarations", () => {
  it("have no `any`", () => {
    const text = readFileSync(join(pkgDir, "index.d.ts"), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    assert.doesNotMatch(text, /\bany\b/);
  });

  it("type-check a strict usage from ESM and CommonJS (tsc --noEmit --strict)", async () => {
    const tsc = join(here, "node_modules", "typescript", "bin", "tsc");
    const { stdout } = await run(process.execPath, [tsc, "-p", join(here, "types", "tsconfig.json")]).catch((e) => {
      throw new Error(`tsc failed:\n${e.stdout}${e.stderr}`);
    });
    assert.equal(stdout, "");
  });
});

const TYPES = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".json": "application/json",
};
const PAGE = (script, importMap) => `<!doctype html><html><head><meta charset="utf-8">
${importMap ? `<script type="importmap">${JSON.stringify(importMap)}</script>` : ""}
<script type="module" src="${script}"></script></head><body></body></html>`;

describe("browsers (headless Chromium)", () => {
  let server;
  let origin;
  let bundleDir;

  before(async () => {
    bundleDir = mkdtempSync(join(tmpdir(), "tallyfy-bundle-"));
    await esbuild({
      entryPoints: [join(here, "browser", "app.mjs")],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outfile: join(bundleDir, "app.js"),
      logLevel: "warning",
    });
    // esbuild leaves `new URL("./tallyfy_wasm_bg.wasm", import.meta.url)` alone: the .wasm goes
    // beside the bundle, as the README tells esbuild users.
    copyFileSync(join(pkgDir, "tallyfy_wasm_bg.wasm"), join(bundleDir, "tallyfy_wasm_bg.wasm"));
    const roots = {
      pkg: pkgDir,
      vectors: vectorsDir,
      lib: join(here, "lib"),
      browser: join(here, "browser"),
      bundle: bundleDir,
    };
    server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
      if (path === "/plain.html" || path === "/bundled.html") {
        response.writeHead(200, { "Content-Type": "text/html" });
        const plain = path === "/plain.html";
        response.end(
          plain ? PAGE("/browser/app.mjs", { imports: { "tallyfy-groups": "/pkg/web.js" } }) : PAGE("/bundle/app.js"),
        );
        return;
      }
      if (path === "/vectors/index.json") {
        response.writeHead(200, { "Content-Type": "application/json" });
        response.end(JSON.stringify(readdirSync(vectorsDir).filter((f) => f.endsWith(".json"))));
        return;
      }
      const [, top, ...rest] = path.split("/");
      const base = roots[top];
      const file = base && normalize(join(base, ...rest));
      if (!file || !file.startsWith(base)) {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = readFileSync(file);
        response.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${server.address().port}`;
  });

  after(() => {
    server?.close();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  for (const [name, page] of [
    ["as plain ESM (import map to web.js)", "plain.html"],
    ["as an esbuild bundle", "bundled.html"],
  ]) {
    it(`runs every vector and the client ${name}`, async (t) => {
      const result = await chromiumProbe(`${origin}/${page}`);
      assert.equal(result.error, undefined, result.error);
      t.diagnostic(`${result.userAgent}: ${result.passed} vectors passed`);
      assert.deepEqual(result.failures, []);
      assert.equal(result.passed, vectorCount);
      assert.equal(result.clientRetry, true);
      assert.equal(result.invalidMember, true);
      assert.ok(result.memory > 0);
    });
  }
});

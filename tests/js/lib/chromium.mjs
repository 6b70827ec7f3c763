// Headless Chromium for the browser tests: loads a page and returns what its probe reported.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Loads `url` in headless Chromium (a fresh profile, no network of its own) and returns the
 * JSON its page wrote, base64-encoded, into `<pre id="outcome">`.
 */
export async function chromiumProbe(url) {
  const profile = mkdtempSync(join(tmpdir(), "tallyfy-chromium-"));
  try {
    const { stdout } = await run(
      "chromium",
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        `--user-data-dir=${profile}`,
        "--virtual-time-budget=20000",
        "--dump-dom",
        url,
      ],
      { timeout: 60_000, maxBuffer: 16 << 20 },
    );
    const encoded = /<pre id="outcome">([^<]*)<\/pre>/.exec(stdout)?.[1];
    assert.ok(encoded, `${url} reported nothing:\n${stdout.slice(0, 2000)}`);
    return JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

// The browser check page's script, loaded as plain ESM (an import map points "tallyfy-groups"
// at the package's web.js) and as an esbuild bundle. It runs every shared vector and a
// GroupsClient retry over a scripted fetch, then writes the outcome into the page as base64
// JSON for the test to read from Chromium's --dump-dom.
import * as api from "tallyfy-groups";
import { checkAll } from "../lib/vectors.mjs";

async function clientRetry() {
  const answers = [
    { status: 429, headers: { "Retry-After": "0" }, body: '{"message":"slow down"}' },
    { status: 201, headers: {}, body: '{"data":{"id":"g1","name":"Ops"}}' },
  ];
  const fetch = async () => {
    const a = answers.shift();
    return new Response(a.body, { status: a.status, headers: a.headers });
  };
  let retries = 0;
  const client = new api.GroupsClient({ accessToken: "tok", orgId: "org1", fetch, onRetry: () => retries++ });
  const group = await client.create({ name: "Ops", description: "d" });
  return group.id === "g1" && retries === 1;
}

function invalidMemberIsFieldError() {
  try {
    api.buildCreateGroup({ accessToken: "tok" }, "org1", { name: "Ops", description: "d", members: [Number.NaN] });
  } catch (e) {
    return e instanceof api.TallyfyError && e instanceof Error && e.fieldErrors[0].field === "members.0";
  }
  return false;
}

async function run() {
  const names = await (await fetch("/vectors/index.json")).json();
  const files = {};
  for (const name of names) files[name] = await (await fetch(`/vectors/${name}`)).text();
  const { passed, failures } = checkAll(api, files);
  return {
    passed,
    failures,
    clientRetry: await clientRetry(),
    invalidMember: invalidMemberIsFieldError(),
    memory: api.wasmMemoryBytes(),
    userAgent: navigator.userAgent,
  };
}

let outcome;
try {
  outcome = await run();
} catch (error) {
  outcome = { error: String(error?.stack ?? error) };
}
const out = document.createElement("pre");
out.id = "outcome";
out.textContent = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(outcome))));
document.body.append(out);

// The README's TypeScript quick start, type-checked with tsc --strict (tests/js/packaging.test.mjs).
declare const process: { env: Record<string, string | undefined> };

import { GroupsClient, TallyfyError, buildCreateGroup, parseGroupResponse } from "tallyfy-groups";

const groups = new GroupsClient({
  accessToken: process.env.TALLYFY_ACCESS_TOKEN!, // a personal access token
  orgId: "your-org-id",
  // baseUrl: "https://go.tallyfy.com/api" (default), fetch: globalThis.fetch (default)
});

try {
  const group = await groups.create({ name: "Onboarding", description: "New clients", members: [1001] });
  await groups.update(group.id, { members: [1001, 1005], guests: [] }); // replace members, clear guests
  const all = await groups.listAll({ q: "Onboarding" }); // every page, 100 at a time, at most 100 pages
  await groups.delete(group.id);
  void all;
} catch (e) {
  if (e instanceof TallyfyError && e.code === "invalid_input") {
    for (const f of e.fieldErrors) console.error(`${f.field}: ${f.message}`); // nothing was sent
  } else throw e;
}

const config = { accessToken: "…" };
const request = buildCreateGroup(config, "your-org-id", { name: "Ops", description: "Runs things" });
const response = await fetch(request.url, request); // method, headers and body as built
const group = parseGroupResponse({ status: response.status, headers: response.headers, body: await response.text() });
void group;

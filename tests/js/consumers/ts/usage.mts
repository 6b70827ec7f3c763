// TypeScript (strict) from an ES module: the root, /inline and /slim entries, typed exactly.
import { GroupsClient, TallyfyError, buildCreateGroup, parseGroupResponse } from "tallyfy-groups";
import type { ErrorCode, Group, HttpRequest } from "tallyfy-groups";
import * as inline from "tallyfy-groups/inline";
import { init, initSync, VERSION } from "tallyfy-groups/slim";

const request: HttpRequest = buildCreateGroup({ accessToken: "tok" }, "org1", { name: "Ops", members: [1001] });
const group: Group = parseGroupResponse({ status: 201, body: "{}" });
try {
  inline.buildCreateGroup({ accessToken: "tok" }, "org1", { name: "" });
} catch (e) {
  if (e instanceof TallyfyError) {
    const code: ErrorCode = e.code;
    void code;
  }
}
const client = new GroupsClient({ accessToken: "tok", orgId: "org1", timeoutMs: 5_000 });
void client.listAll({ perPage: 10 }, { maxPages: 3, signal: new AbortController().signal });
initSync({ module: new Uint8Array(0) });
void init({ module_or_path: new URL("https://example.com/tallyfy_wasm_bg.wasm") });
// @ts-expect-error a member id is a number
buildCreateGroup({ accessToken: "tok" }, "org1", { members: ["7"] });
// @ts-expect-error timeoutMs is a number of milliseconds
new GroupsClient({ accessToken: "tok", orgId: "org1", timeoutMs: "5s" });

export const used = [request, group, VERSION];

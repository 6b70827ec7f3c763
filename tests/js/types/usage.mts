// A typed use of every public signature (checked with tsc --strict by tests/js/packaging.test.mjs).
// Each @ts-expect-error line must be an error: the declarations are exact, not `any`.
import {
  Call,
  GroupsClient,
  TallyfyError,
  VERSION,
  buildCreateGroup,
  buildDeleteGroup,
  buildGetGroup,
  buildListGroups,
  buildUpdateGroup,
  fullUpdate,
  parseDeleteGroupResponse,
  parseGroupListResponse,
  parseGroupResponse,
  validateCreateGroup,
  validateUpdateGroup,
  wasmMemoryBytes,
  type Config,
  type ErrorCode,
  type FieldError,
  type Group,
  type GroupInput,
  type GroupPage,
  type HttpRequest,
  type Step,
} from "tallyfy-groups";

const config: Config = { accessToken: "tok", baseUrl: "https://api.tallyfy.com" };
const input: GroupInput = { name: "Ops", description: "Runs things", members: [1001], guests: ["a@b.co"] };

const create: HttpRequest = buildCreateGroup(config, "org1", input);
const method: "GET" | "POST" | "PUT" | "DELETE" = create.method;
const body: string | undefined = create.body;
const auth: string | undefined = create.headers["Authorization"];
buildGetGroup(config, "org1", "g1");
buildListGroups(config, "org1");
buildListGroups(config, "org1", { q: "ops", perPage: 50, sortBy: "name", sort: "asc", with: ["users"] });
buildUpdateGroup(config, "org1", "g1", { members: [], guests: [] });
buildDeleteGroup(config, "org1", "g1");

const group: Group = parseGroupResponse({ status: 201, body: "{}", headers: { "X-Request-Id": "r" } });
const logo: string | null = group.logo;
const ids: number[] = group.members;
const page: GroupPage = parseGroupListResponse({ status: 200, body: "{}", headers: new Headers() });
parseDeleteGroupResponse({ status: 204, body: "" });
const problems: FieldError[] = validateCreateGroup(JSON.parse("{}") as unknown);
validateUpdateGroup(input);
const body2: GroupInput = fullUpdate(group, { guests: [] });
const version: string = VERSION;
const bytes: number = wasmMemoryBytes();

try {
  buildCreateGroup(config, "org1", input);
} catch (e) {
  if (e instanceof TallyfyError) {
    const code: ErrorCode = e.code;
    const status: number | undefined = e.status;
    const retry: number | undefined = e.retryAfterSeconds;
    const requestId: string | undefined = e.requestId;
    const first: FieldError | undefined = e.fieldErrors[0];
    const message: string = e.message;
    void [code, status, retry, requestId, first, message];
  }
}

async function lifecycle(): Promise<void> {
  const client = new GroupsClient({
    accessToken: "tok",
    orgId: "org1",
    fetch: globalThis.fetch,
    onRetry: ({ attempt, delayMs, error }) => void [attempt, delayMs, error instanceof TallyfyError ? error.code : error.name],
    trace: (request, status) => void [request.url, status],
  });
  const created: Group = await client.create(input);
  const fetched: Group = await client.get(created.id);
  const listed: GroupPage = await client.list({ perPage: 10 });
  const all: Group[] = await client.listAll({ q: "x" }, { maxPages: 3 });
  const updated: Group = await client.update(created.id, { members: [1002] }, { full: true });
  const deleted: void = await client.delete(created.id);
  void [fetched, listed, all, updated, deleted];
}

function drive(): Group[] | undefined {
  const call: Call<Group[]> = Call.listAllGroups(config, "org1", { perPage: 50 }, { maxPages: 3, randomSeed: 7 });
  try {
    const step: Step<Group[]> = call.next();
    switch (step.kind) {
      case "send":
        void [step.request.url, step.trace.headers, step.timeoutMs, step.maxAnswerBytes];
        call.answered({ status: 200, headers: [["Date", "x"]], body: "{}" });
        call.noAnswer("timeout");
        return undefined;
      case "wait":
        return void [step.delayMs, step.attempt, step.reason, step.error?.code];
      case "done":
        return step.value;
      case "failed":
        throw step.error;
      case "unanswered":
        return void step.noAnswer;
    }
  } finally {
    call.free();
  }
}
const deleting: Call<undefined> = Call.deleteGroup(config, "org1", "g1");
// @ts-expect-error a no-answer kind is one of three names
deleting.noAnswer("gone");

// @ts-expect-error member ids are numbers
buildCreateGroup(config, "org1", { members: ["1001"] });
// @ts-expect-error unknown config property
buildGetGroup({ accessToken: "t", token: "x" }, "org1", "g1");
// @ts-expect-error sortBy is one of three names
buildListGroups(config, "org1", { sortBy: "title" });
// @ts-expect-error a response needs a string body
parseGroupResponse({ status: 200, body: new Uint8Array() });
// @ts-expect-error the error code is a closed set
const wrongCode: ErrorCode = "teapot";
// @ts-expect-error a group's name is a string, not any
const wrongName: number = group.name;
// @ts-expect-error the client needs an org id
new GroupsClient({ accessToken: "t" });

void [method, body, auth, logo, ids, page, problems, body2, version, bytes, lifecycle, drive, wrongCode, wrongName];

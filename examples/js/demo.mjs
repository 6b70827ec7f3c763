// The group lifecycle demo, JavaScript host: create, get, list, update, delete, a get that ends
// in not_found, and an invalid create that ends in field errors, through GroupsClient and
// Node's fetch.
//
// Reads TALLYFY_BASE_URL, TALLYFY_ACCESS_TOKEN, TALLYFY_ORG_ID and optionally
// TALLYFY_MEMBER_IDS (comma-separated user ids); `cargo xtask demo js` sets them.
import { GroupsClient, TallyfyError } from "tallyfy-groups";

const env = (name) => process.env[name] || undefined;

function printRequest(request, status) {
  console.log(`   -> ${request.method} ${request.url}`);
  for (const [name, value] of Object.entries(request.headers)) {
    console.log(`      ${name}: ${value}`); // trace shows Authorization redacted
  }
  if (request.body !== undefined) console.log(`      ${request.body}`);
  console.log(`   <- ${status}`);
}

const show = (label, value) => console.log(`   ${label}: ${JSON.stringify(value)}`);

async function expectError(code, promise) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TallyfyError && error.code === code) return error;
    throw error;
  }
  throw new Error(`expected ${code}, got a result`);
}

async function main() {
  const accessToken = env("TALLYFY_ACCESS_TOKEN");
  const orgId = env("TALLYFY_ORG_ID");
  if (!accessToken || !orgId) throw new Error("TALLYFY_ACCESS_TOKEN and TALLYFY_ORG_ID must be set");
  const baseUrl = env("TALLYFY_BASE_URL");
  const members = (env("TALLYFY_MEMBER_IDS") ?? "")
    .split(",")
    .filter((s) => s.trim())
    .map(Number);
  const client = new GroupsClient({
    accessToken,
    orgId,
    ...(baseUrl && { baseUrl }),
    trace: printRequest,
    onRetry: ({ attempt, delayMs, error }) => console.log(`   retry ${attempt} in ${delayMs} ms after ${error.code ?? error.message}`),
  });
  console.log(
    `Tallyfy Groups demo (JavaScript host) against ${baseUrl ?? "the default base URL"}, organization ${orgId}`,
  );
  const name = `Demo group ${Date.now()}`;
  const first = members.slice(0, 2);
  const rest = members.slice(2);

  console.log("\n1. create");
  const group = await client.create({
    name,
    description: "Created by the tallyfy-bindings demo",
    members: first,
    guests: ["guest@example.com"],
  });
  show("group", group);

  console.log("\n2. get");
  const fetched = await client.get(group.id);
  show("group", fetched);
  if (fetched.id !== group.id || fetched.name !== name) throw new Error("get returned another group");

  console.log("\n3. list");
  const page = await client.list({ q: name, perPage: 10 });
  show("pagination", page.pagination);
  console.log(`   groups: ${page.groups.map((g) => g.name).join(", ")}`);
  if (!page.groups.some((g) => g.id === group.id)) throw new Error("list does not show the new group");

  console.log("\n4. update (members replaced, guests cleared)");
  const updated = await client.update(group.id, { members: rest, guests: [] });
  show("group", updated);
  if (JSON.stringify(updated.members) !== JSON.stringify(rest) || updated.guests.length !== 0) {
    throw new Error("update did not replace members and clear guests");
  }

  console.log("\n5. delete");
  await client.delete(group.id);
  console.log(`   deleted ${group.id}`);

  console.log("\n6. get after delete");
  const gone = await expectError("not_found", client.get(group.id));
  console.log(`   error: ${gone.code} (status ${gone.status}): ${gone.message}`);

  console.log("\n7. invalid create (refused before any request is sent)");
  const invalid = await expectError(
    "invalid_input",
    client.create({ name: " ", description: "x", members: [0], guests: ["not-an-email"] }),
  );
  console.log(`   error: ${invalid.code}`);
  for (const f of invalid.fieldErrors) console.log(`   field ${f.field} [${f.code}]: ${f.message}`);
}

try {
  await main();
  console.log("\nJavaScript host: all 7 steps behaved as documented.");
} catch (error) {
  console.error(`\nJavaScript host demo failed: ${error?.stack ?? error}`);
  process.exitCode = 1;
}

// The probe every consumer project runs with the package it imported: build a create request,
// parse an answer, and check that an invalid input throws TallyfyError("invalid_input").
// Copied beside each consumer by packaging.test.mjs; the test compares the result exactly.

const WIRE_GROUP = {
  id: "g1",
  name: "Ops",
  description: "Runs things",
  logo: null,
  members: [1001],
  guests: [],
  created_at: "2025-06-10T14:30:00.000Z",
  last_updated: "2025-06-10T14:30:00.000Z",
};

/** What the probe finds with the package's namespace `t`. */
export function probe(t) {
  const request = t.buildCreateGroup({ accessToken: "tok_probe" }, "org1", {
    name: "Ops",
    description: "Runs things",
    members: [1001],
  });
  const group = t.parseGroupResponse({ status: 201, body: JSON.stringify({ data: WIRE_GROUP }) });
  let invalid = "nothing thrown";
  try {
    t.buildCreateGroup({ accessToken: "tok_probe" }, "org1", { name: "", members: [1.5] });
  } catch (e) {
    invalid = {
      tallyfyError: e instanceof t.TallyfyError,
      code: e.code,
      fields: e.fieldErrors.map((f) => f.field),
    };
  }
  return {
    request: { method: request.method, url: request.url, body: request.body },
    group: { id: group.id, members: group.members, updatedAt: group.updatedAt },
    invalid,
    client: typeof t.GroupsClient,
  };
}

/** The probe's result, or its failure, as JSON text. */
export function probeJson(t) {
  try {
    return JSON.stringify(probe(t));
  } catch (e) {
    return JSON.stringify({ error: String(e?.stack ?? e) });
  }
}

/** In a browser page: the probe's JSON, base64, in <pre id="outcome"> for the test to read. */
export function report(t) {
  const pre = document.createElement("pre");
  pre.id = "outcome";
  pre.textContent = btoa(probeJson(t));
  document.body.append(pre);
}

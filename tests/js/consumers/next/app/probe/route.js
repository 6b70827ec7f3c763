// A route handler.
import * as t from "tallyfy-groups";
import { probeJson } from "../../probe.mjs";

export const dynamic = "force-dynamic";

export function GET() {
  return new Response(probeJson(t), { headers: { "content-type": "application/json" } });
}

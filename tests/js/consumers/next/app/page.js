// A server component, rendered per request.
import * as t from "tallyfy-groups";
import { probeJson } from "../probe.mjs";

export const dynamic = "force-dynamic";

export default function Page() {
  return <pre id="outcome">{probeJson(t)}</pre>;
}

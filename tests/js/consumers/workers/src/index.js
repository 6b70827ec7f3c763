import * as t from "tallyfy-groups";
import { probeJson } from "../probe.mjs";

export default {
  fetch() {
    return new Response(probeJson(t), { headers: { "content-type": "application/json" } });
  },
};

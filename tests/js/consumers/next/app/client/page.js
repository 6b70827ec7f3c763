"use client";
// A client component: the probe runs in the browser (the browser build of the package).
import { useEffect, useState } from "react";
import * as t from "tallyfy-groups";
import { probeJson } from "../../probe.mjs";

export default function Client() {
  const [outcome, setOutcome] = useState("");
  useEffect(() => setOutcome(btoa(probeJson(t))), []);
  return outcome ? <pre id="outcome">{outcome}</pre> : <p>probing</p>;
}

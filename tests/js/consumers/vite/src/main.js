import * as t from "tallyfy-groups";
import { report } from "../probe.mjs";

report(t);

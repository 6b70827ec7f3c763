// esbuild copies no assets: the asset-free entry.
import * as t from "tallyfy-groups/inline";
import { report } from "./probe.mjs";

report(t);

// Node and Bun: `require` of the package root.
const t = require("tallyfy-groups");

import("./probe.mjs").then(({ probeJson }) => console.log(probeJson(t)));

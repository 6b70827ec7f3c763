// The same package from CommonJS (`require`): its declarations resolve through the "require"
// condition of the exports map.
import tallyfy = require("tallyfy-groups");

const request: tallyfy.HttpRequest = tallyfy.buildGetGroup({ accessToken: "tok" }, "org1", "g1");
const error: tallyfy.TallyfyError = new tallyfy.TallyfyError("not_found", "gone", { status: 404 });
// @ts-expect-error the error code is a closed set
new tallyfy.TallyfyError("teapot", "no");

export = [request, error];

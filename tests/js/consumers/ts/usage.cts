// TypeScript (strict) from CommonJS: the same entries through `require`.
import tallyfy = require("tallyfy-groups");
import inline = require("tallyfy-groups/inline");
import slim = require("tallyfy-groups/slim");

const request: tallyfy.HttpRequest = tallyfy.buildGetGroup({ accessToken: "tok" }, "org1", "g1");
const error: tallyfy.TallyfyError = new inline.TallyfyError("invalid_input", "bad");
slim.initSync({ module: new Uint8Array(0) });
// @ts-expect-error the error code is a closed set
new tallyfy.TallyfyError("teapot", "no");

export = [request, error];

import { bench, describe } from "vitest";
import { isGatewayPath } from "../src/server/gateway/gateway-paths";
import { checkRequestTarget } from "../src/server/security/request-target";

// What the door's one reading of the target costs per request, next to the route-table test it replaced.
describe("the door's request-target check", () => {
  bench("before: isGatewayPath alone, /v1/chat/completions", () => {
    isGatewayPath("/v1/chat/completions");
  });
  bench("checkRequestTarget, /v1/chat/completions", () => {
    checkRequestTarget("/v1/chat/completions", isGatewayPath);
  });
  bench("checkRequestTarget, /responses/resp_abc/input_items?limit=20", () => {
    checkRequestTarget("/responses/resp_abc/input_items?limit=20", isGatewayPath);
  });
  bench("checkRequestTarget, careful: /_next/static/chunks/app-4f1c.js", () => {
    checkRequestTarget("/_next/static/chunks/app-4f1c.js", isGatewayPath);
  });
});

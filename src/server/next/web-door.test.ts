import { afterEach, describe, expect, it } from "vitest";
import type { Gateway } from "../gateway/create-gateway";
import { registerGateway } from "../gateway/shared-gateway";
import { gatewayRoute } from "./web-door";

// A stand-in that answers 200 to anything: what must not happen in the dashboard's thread.
// (Where Next.js is the only door, two-doors.test.ts shows the routes serving.)
const answering = { handle: async () => ({ status: 200, headers: {}, body: "{}" }), ctx: { spend: { flush: async () => {} } } } as unknown as Gateway;

afterEach(() => {
  registerGateway(undefined as unknown as Gateway);
});

describe("gatewayRoute", () => {
  it("refuses API traffic with a 404 in the dashboard's thread, whose gateway serves pages only", async () => {
    registerGateway(answering, { pagesOnly: true });
    const response = await gatewayRoute(new Request("http://127.0.0.1/v1/chat/completions", { method: "POST", body: "{}" }));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found", type: "invalid_request_error" } });
  });

  it("refuses the route file's own path: only rewritten gateway paths, whose URL stays as sent, are served", async () => {
    registerGateway(answering);
    const response = await gatewayRoute(new Request("http://127.0.0.1/gateway/v1/models"));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: "not_found" } });
  });
});

import { createServer } from "node:http";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { GatewayError } from "../errors";
import { fromNodeRequest } from "./node";

describe("fromNodeRequest", () => {
  it("reports a client that leaves mid-body as client_closed, not as an outage (found by fuzzing)", async () => {
    const failure = new Promise<unknown>((resolve) => {
      const server = createServer((incoming, outgoing) => {
        fromNodeRequest(incoming, outgoing)
          .readBody(1_000_000)
          .then(resolve, resolve)
          .finally(() => server.close());
      });
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        const socket = connect(port, "127.0.0.1", () => {
          socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"model":');
          setTimeout(() => socket.destroy(), 50);
        });
      });
    });
    const error = await failure;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: "client_closed", status: 499 });
  });
});

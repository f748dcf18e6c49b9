import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../log";
import { OutboundAllowList } from "../../security/outbound-address";
import type { GatewayContext } from "../context";
import { keyPrincipal, testDeployment } from "../testing/builders";
import { SidebandMeter } from "./sideband-meter";

/** A port on 127.0.0.1 that refuses connections: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

describe("SidebandMeter", () => {
  it("counts and logs a sideband that cannot connect, and never throws into the call", async () => {
    const warnings: unknown[] = [];
    const log = Object.assign(silentLogger(), { warn: (...args: unknown[]) => warnings.push(args) });
    const meter = new SidebandMeter(() => ({ log }) as unknown as GatewayContext);
    const deployment = testDeployment("d", { provider: "openai", apiBase: `http://127.0.0.1:${await closedPort()}/v1`, apiKey: "sk-real" });
    expect(() => meter.watch({ callId: "rtc_1", deployment, principal: keyPrincipal(), model: "gpt-realtime" })).not.toThrow();
    const deadline = Date.now() + 3_000;
    while (meter.stats.failed === 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
    expect(meter.stats).toMatchObject({ opened: 0, failed: 1 });
    expect(warnings).toHaveLength(1);
    meter.close();
  });

  it.each(["127.0.0.1", "localhost"])("never opens the sideband of a stored credential's api_base at %s unless it is allowed", async (host) => {
    const server = createServer((socket) => socket.destroy());
    let connections = 0;
    server.on("connection", () => connections++);
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as { port: number };
    const warnings: unknown[] = [];
    const log = Object.assign(silentLogger(), { warn: (...args: unknown[]) => warnings.push(args) });
    const meter = new SidebandMeter(() => ({ log, credentials: { allowedHosts: new OutboundAllowList() } }) as unknown as GatewayContext);
    const deployment = { ...testDeployment("d", { provider: "openai", apiBase: `http://${host}:${port}/v1`, apiKey: "sk-stored" }), storedApiBase: true as const };
    meter.watch({ callId: "rtc_2", deployment, principal: keyPrincipal(), model: "gpt-realtime" });
    const deadline = Date.now() + 3_000;
    while (meter.stats.failed === 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 10));
    expect(meter.stats).toMatchObject({ opened: 0, failed: 1 });
    expect(connections).toBe(0);
    meter.close();
    await new Promise<void>((done) => server.close(() => done()));
  });
});

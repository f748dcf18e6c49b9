import type { Gateway } from "./create-gateway";

/**
 * The dashboard's thread starts its gateway before Next.js loads, and Next's bundle has its own
 * copy of these modules, so the one gateway instance is handed over on globalThis.
 */
const slot = Symbol.for("switchyard.gateway");

type GatewaySlot = { [slot]?: Gateway | Promise<Gateway> };

export function registerGateway(gateway: Gateway): void {
  (globalThis as GatewaySlot)[slot] = gateway;
}

/** The running gateway; `create` builds one when none is registered (`next dev`, serverless). */
export function sharedGateway(create: () => Promise<Gateway>): Promise<Gateway> {
  const holder = globalThis as GatewaySlot;
  const existing = holder[slot];
  if (existing) return Promise.resolve(existing);
  const created = create();
  holder[slot] = created;
  return created;
}

/** The gateway if this process runs one already; pages use this and never start one. */
export function sharedGatewayIfRunning(): Gateway | undefined {
  const value = (globalThis as GatewaySlot)[slot];
  return value instanceof Promise ? undefined : value;
}

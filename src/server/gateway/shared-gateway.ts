import type { Gateway } from "./create-gateway";

/**
 * The dashboard's thread starts its gateway before Next.js loads, and Next's bundle has its own
 * copy of these modules, so the one gateway instance is handed over on globalThis.
 */
const slot = Symbol.for("switchyard.gateway");
const readOnlySlot = Symbol.for("switchyard.gateway.pagesOnly");

type GatewaySlot = { [slot]?: Gateway | Promise<Gateway>; [readOnlySlot]?: boolean };

/**
 * `pagesOnly`: the dashboard thread's gateway, which the pages read through but which must never
 * answer API traffic: rate limits and unwritten spend live in the main thread's gateway.
 */
export function registerGateway(gateway: Gateway, options: { pagesOnly?: boolean } = {}): void {
  (globalThis as GatewaySlot)[slot] = gateway;
  (globalThis as GatewaySlot)[readOnlySlot] = options.pagesOnly === true;
}

/** Whether the registered gateway is the dashboard thread's, which serves pages only. */
export function gatewayServesPagesOnly(): boolean {
  return (globalThis as GatewaySlot)[readOnlySlot] === true;
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

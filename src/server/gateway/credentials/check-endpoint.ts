import { isIP } from "node:net";
import { mayConnect, type OutboundAllowList } from "../../security/outbound-address";
import { GatewayError } from "../errors";
import type { CredentialValues } from "./credential-values";
import { regionEndpointFields, urlEndpointFields } from "./endpoint-fields";

const urlFields: ReadonlySet<string> = new Set(urlEndpointFields);
const regionFields: ReadonlySet<string> = new Set(regionEndpointFields);

export interface EndpointPolicy {
  /** SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS: the internal hosts a stored endpoint may name. */
  allowedHosts: OutboundAllowList;
}

/** One message whatever the reason, so the answer says nothing about what an internal name resolves to. */
export const endpointRefusedMessage = "only public http(s) addresses can be stored as a credential's endpoint, unless SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS allows the host";

/**
 * Trust boundary: a stored credential's endpoint is typed by an admin, and every request for a
 * deployment naming it goes there with the provider key and relays the answer. So it must not
 * name this server, its networks or the cloud metadata service (169.254.169.254). Here only
 * what needs no network is refused: the scheme, internal literal addresses and `localhost`
 * names. Other names are not looked up: what they resolve to now proves nothing about later, so
 * the address is checked where each connection is made (checkedConnector).
 */
export async function checkCredentialEndpoints(values: CredentialValues, fields: readonly string[], policy: EndpointPolicy): Promise<void> {
  for (const field of fields) {
    const value = values[field];
    if (value === undefined) continue;
    const allowed = urlFields.has(field) ? await urlAllowed(value, policy) : !regionFields.has(field) || /^[a-z0-9-]{1,64}$/i.test(value);
    if (!allowed) throw new GatewayError("credential_endpoint_refused", `credential_values.${field}: ${endpointRefusedMessage}`, { param: `credential_values.${field}` });
  }
}

async function urlAllowed(value: string, policy: EndpointPolicy): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (policy.allowedHosts.allowsName(host)) return true;
  if (isIP(host) !== 0) return mayConnect(policy.allowedHosts, host, host);
  // RFC 6761: `localhost` and its subdomains are loopback, whatever a resolver says.
  if (host === "localhost" || host.endsWith(".localhost")) return mayConnect(policy.allowedHosts, host, "127.0.0.1");
  return true;
}

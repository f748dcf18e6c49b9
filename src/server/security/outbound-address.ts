import { BlockList, isIP } from "node:net";

/**
 * Addresses a URL typed by an admin must not reach: the server's own loopback, the networks it
 * sits in (private, carrier-grade NAT, unique-local), link-local (cloud metadata at
 * 169.254.169.254), and addresses that are not unicast. IPv4-mapped IPv6 is checked as IPv4.
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  internal.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(network, prefix, "ipv6");
}

const familyOf = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** True for an IP address outside every internal range above. */
export function isPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  return !internal.check(address, familyOf(address));
}

/**
 * The operator's exceptions (SWITCHYARD_COST_MAP_ALLOWED_HOSTS, SWITCHYARD_CREDENTIAL_ALLOWED_HOSTS):
 * host names, IP addresses or CIDR ranges, comma-separated. A host name is allowed whatever it resolves to.
 */
export class OutboundAllowList {
  private readonly names = new Set<string>();
  private readonly addresses = new BlockList();

  constructor(entries: readonly string[] = []) {
    for (const raw of entries) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, "$1");
      if (entry === "") continue;
      const [network = "", prefix] = entry.split("/");
      try {
        if (prefix !== undefined && isIP(network) !== 0) this.addresses.addSubnet(network, Number(prefix), familyOf(network));
        else if (isIP(entry) !== 0) this.addresses.addAddress(entry, familyOf(entry));
        else if (/^[a-z0-9.-]+$/.test(entry)) this.names.add(entry);
        else throw new Error("unreadable");
      } catch {
        throw new Error(`"${raw.trim()}" is not a host name, IP address or CIDR range`);
      }
    }
  }

  static parse(list: string | undefined): OutboundAllowList {
    return new OutboundAllowList(list?.split(",") ?? []);
  }

  allowsName(hostname: string): boolean {
    return this.names.has(hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1"));
  }

  allowsAddress(address: string): boolean {
    return isIP(address) !== 0 && this.addresses.check(address, familyOf(address));
  }
}

/** Whether a connection to `address` (resolved from `hostname`) may be made. */
export function mayConnect(allowList: OutboundAllowList, hostname: string, address: string): boolean {
  return allowList.allowsName(hostname) || allowList.allowsAddress(address) || isPublicAddress(address);
}

/** Whether a literal IP address is refused; a host name is left to checkedLookup, which sees what it resolves to. */
export function refusesLiteral(allowList: OutboundAllowList, hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  return isIP(host) !== 0 && !mayConnect(allowList, host, host);
}

import { buildConnector } from "undici";
import { checkedLookup, OutboundRefusedError } from "./guarded-get";
import { refusesLiteral, type OutboundAllowList } from "./outbound-address";

/**
 * An undici connector that only reaches allowed addresses: a literal address is checked here
 * (it never goes through a lookup), a host name by the lookup of the very connection made, so a
 * name that resolved to a public address when it was saved and to 127.0.0.1 now is refused now.
 * It runs when a connection is opened, not per request: kept-alive connections cost nothing more.
 */
export function checkedConnector(allowList: OutboundAllowList): buildConnector.connector {
  const connect = buildConnector({ lookup: checkedLookup(allowList) });
  return (options, callback) => {
    if (refusesLiteral(allowList, options.hostname)) return callback(new OutboundRefusedError(`${options.hostname} is an internal address`), null);
    connect(options, callback);
  };
}

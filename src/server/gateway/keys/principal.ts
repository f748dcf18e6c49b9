import type { TeamRow, VirtualKeyRow } from "../../db/schema";

/** Who is calling: the master key (everything) or a virtual key with its team. */
export type Principal = { kind: "master" } | { kind: "key"; key: VirtualKeyRow; team: TeamRow | undefined };

/** How the audit log names whoever did something through the API. */
export function actorOf(principal: Principal): string {
  return principal.kind === "master" ? "master key" : `key ${principal.key.keyAlias ?? principal.key.keyName}`;
}

export function isAdmin(principal: Principal): boolean {
  return principal.kind === "master" || principal.key.role === "admin";
}

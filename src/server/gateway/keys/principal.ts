import type { TeamRow, VirtualKeyRow } from "../../db/schema";

/** Who is calling: the master key (everything) or a virtual key with its team. */
export type Principal = { kind: "master" } | { kind: "key"; key: VirtualKeyRow; team: TeamRow | undefined };

export function isAdmin(principal: Principal): boolean {
  return principal.kind === "master" || principal.key.role === "admin";
}

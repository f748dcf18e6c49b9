import type { VirtualKeyRow } from "../../db/schema";
import type { Principal } from "./principal";

/**
 * How far a caller's power over keys reaches. `instance`: the master key, or an instance admin in
 * the dashboard; they manage every key. `team`: a team admin or owner in the dashboard, or a
 * `proxy_admin` key through the management API; they manage `user` keys only. A proxy_admin key is
 * kept out of admin keys on purpose: a leaked one could otherwise mint more admin keys to stay in,
 * or regenerate and delete the other admins' keys to lock them out.
 */
export type KeyAuthority = "instance" | "team";

/** Whether the caller may create, change, delete or see the plain value of a key with this role. */
export function mayManageKeyRole(authority: KeyAuthority, role: VirtualKeyRow["role"]): boolean {
  return authority === "instance" || role === "user";
}

/** Through the management API: the master key is the instance's; an admin key reaches `user` keys. */
export function keyAuthorityOf(principal: Principal): KeyAuthority {
  return principal.kind === "master" ? "instance" : "team";
}

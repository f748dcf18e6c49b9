import type { VirtualKeyRow } from "../../db/schema";
import { GatewayError } from "../errors";
import { actorOf, type Principal } from "./principal";

/**
 * How far a caller's power over keys reaches. `instance`: the master key, or an instance admin in
 * the dashboard; they manage every key. `team`: a team admin or owner in the dashboard, or a
 * `proxy_admin` key through the management API; they manage `user` keys only. A proxy_admin key is
 * kept out of admin keys on purpose: a leaked one could otherwise mint more admin keys to stay in,
 * or regenerate and delete the other admins' keys to lock them out.
 */
export type KeyAuthority = "instance" | "team";

/** Whoever changes a key, through either door. */
export interface KeyActor {
  /** How the audit log names them: "master key", "key <alias>", or a dashboard user's email. */
  name: string;
  authority: KeyAuthority;
  /** A dashboard member acts within one team: keys of other teams are not there for them. */
  teamId?: string;
}

/** Whether the caller may create, change, delete or see the plain value of a key with this role. */
export function mayManageKeyRole(authority: KeyAuthority, role: VirtualKeyRow["role"]): boolean {
  return authority === "instance" || role === "user";
}

/** Refused before anything changes: an admin key is for the instance's own admins alone. */
export function assertMayManageKeyRoles(actor: KeyActor, ...roles: VirtualKeyRow["role"][]): void {
  if (roles.some((role) => !mayManageKeyRole(actor.authority, role))) {
    throw new GatewayError("admin_required", "Only the master key or an instance admin may create, change, regenerate or delete a proxy_admin key");
  }
}

/** Through the management API: the master key is the instance's; an admin key reaches `user` keys. */
export function keyActorOf(principal: Principal): KeyActor {
  return { name: actorOf(principal), authority: principal.kind === "master" ? "instance" : "team" };
}

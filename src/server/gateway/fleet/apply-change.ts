import type { Change } from "../../redis/change-bus";
import type { GatewayContext } from "../context";

/** What another instance changed, applied to this one's caches; settles once applied (the change is then confirmed). */
export function applyChange(ctx: Pick<GatewayContext, "keys" | "credentials" | "costMaps" | "router" | "deployments" | "config">, change: Change): void | Promise<void> {
  switch (change.kind) {
    case "key":
      return ctx.keys.forgetKey(change.token);
    case "team":
      return ctx.keys.forgetTeam(change.teamId);
    case "credential":
      return ctx.credentials.forget(change.name);
    case "deployment":
      return ctx.config.storeModelInDb ? ctx.deployments.sync() : undefined;
    case "spend":
      return ctx.keys.applySpendTotals(change.keys, change.teams);
    case "cost-map":
      return ctx.costMaps.active.activatedElsewhere(change.versionId);
    case "cooldown":
      return ctx.router.coolDownElsewhere(change);
    case "resync":
      // Notifications were lost while Redis was away: anything cached may be stale.
      ctx.keys.forgetAll();
      ctx.credentials.forgetAll();
      return Promise.all([ctx.costMaps.active.sync(), ctx.config.storeModelInDb ? ctx.deployments.sync() : undefined]).then(() => undefined);
  }
}

import type { Deployment } from "../../config/types";
import type { GatewayContext } from "../context";
import { buildModelCatalog } from "../model-catalog";
import { ModelRoutes } from "../routing/model-routes";

/**
 * Swaps the deployment set everything reads from: the router's groups, the access catalog, the
 * routes and the config's list. Synchronous, so no request sees one without the others; objects
 * a request already holds are replaced, never edited.
 */
export function installDeployments(ctx: GatewayContext, deployments: readonly Deployment[]): void {
  ctx.router.replaceDeployments(deployments);
  const catalog = buildModelCatalog(deployments, ctx.costMaps.active, ctx.config.modelGroupAliases);
  ctx.catalog = catalog;
  ctx.routes = new ModelRoutes(ctx.router.modelGroups(), catalog);
  ctx.config = { ...ctx.config, deployments };
  ctx.costMaps = { ...ctx.costMaps, deployments };
}

import type { Deployment } from "../../config/types";
import type { ModelDeploymentRow } from "../../db/schema";
import type { GatewayContext } from "../context";

/** One entry of `/model/info`: LiteLLM's shape, secrets never present (stored ones as masked hints). */
export interface ModelInfoEntry {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}

/** config.yaml's deployments (read-only, `db_model: false`), then every stored one, served or not. */
export function modelInfoEntries(ctx: GatewayContext): ModelInfoEntry[] {
  const config = ctx.deployments.configDeployments.map((deployment) => served(ctx, deployment, { db_model: false }));
  const stored = ctx.deployments.storedStates().map(({ row, deployment, problem }) => {
    const status = { db_model: true, disabled: row.disabled, ...(problem !== undefined && { problem }), ...rowDates(row) };
    if (deployment) {
      const entry = served(ctx, deployment, status);
      return { ...entry, litellm_params: storedParams(row) };
    }
    return { model_name: row.modelName, litellm_params: storedParams(row), model_info: { ...row.modelInfo, id: row.id, ...status } };
  });
  return [...config, ...stored];
}

/** A stored row's params as shown: the clear ones, and each secret as its masked hint (sent back unchanged, it keeps the secret). */
export function storedParams(row: ModelDeploymentRow): Record<string, unknown> {
  return { ...row.publicParams, ...row.secretHints };
}

export function rowDates(row: ModelDeploymentRow) {
  return { created_by: row.createdBy, created_at: row.createdAt.toISOString(), updated_by: row.updatedBy, updated_at: row.updatedAt.toISOString() };
}

function served(ctx: GatewayContext, deployment: Deployment, status: Record<string, unknown>): ModelInfoEntry {
  const { map } = ctx.costMaps.active.current();
  const price = map.priceForDeployment(deployment);
  const override = deployment.priceOverride;
  return {
    model_name: deployment.modelGroup,
    litellm_params: deployment.publicParams,
    model_info: {
      ...deployment.publicModelInfo,
      ...status,
      mode: deployment.mode,
      litellm_provider: deployment.providerPrefix,
      base_model: deployment.baseModel ?? null,
      access_groups: deployment.accessGroups,
      input_cost_per_token: override?.inputCostPerToken ?? price?.input ?? null,
      output_cost_per_token: override?.outputCostPerToken ?? price?.output ?? null,
      cache_read_input_token_cost: override?.cacheReadInputTokenCost ?? price?.cacheRead ?? null,
      cache_creation_input_token_cost: override?.cacheCreationInputTokenCost ?? price?.cacheCreation ?? null,
      max_output_tokens: price?.maxOutputTokens ?? null,
    },
  };
}

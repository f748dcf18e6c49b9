import type { GatewayContext } from "../../gateway/context";
import { apiHostOf } from "./list-model-groups";

const text = (value: unknown) => (typeof value === "string" ? value : null);
const count = (value: unknown) => (typeof value === "number" ? value : null);

/**
 * The Models page's deployment list for instance admins: config.yaml's (read-only) and stored
 * ones with the fields the form edits. Secrets only as masked hints; URLs only as their host for
 * config ones, in full for stored ones (the admin typed them, and edits them).
 */
export function listStoredDeployments(gateway: GatewayContext) {
  const config = gateway.deployments.configDeployments.map((deployment) => ({
    id: deployment.id,
    modelName: deployment.modelGroup,
    model: `${deployment.providerPrefix}/${deployment.upstreamModel}`,
    apiHost: apiHostOf(deployment.apiBase),
  }));
  const stored = gateway.deployments.storedStates().map(({ row, deployment, problem }) => {
    const params = row.publicParams;
    const info = row.modelInfo;
    return {
      id: row.id,
      modelName: row.modelName,
      disabled: row.disabled,
      served: deployment !== undefined && !row.disabled,
      problem: problem ?? null,
      secretHints: row.secretHints,
      form: {
        model: text(params.model) ?? "",
        apiBase: text(params.api_base),
        apiVersion: text(params.api_version),
        awsRegionName: text(params.aws_region_name),
        vertexProject: text(params.vertex_project),
        vertexLocation: text(params.vertex_location),
        rpm: count(params.rpm),
        tpm: count(params.tpm),
        inputCostPerToken: count(params.input_cost_per_token),
        outputCostPerToken: count(params.output_cost_per_token),
        accessGroups: Array.isArray(info.access_groups) ? info.access_groups.filter((group): group is string => typeof group === "string") : [],
        baseModel: text(info.base_model),
        mode: text(info.mode),
      },
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt.toISOString(),
    };
  });
  return { storeEnabled: gateway.config.storeModelInDb === true, canStoreSecrets: gateway.deployments.store.canStore, config, stored };
}

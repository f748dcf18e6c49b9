import type { CredentialSummary } from "../../gateway/credentials/credential-store";
import { modelGroupsUsing } from "../../gateway/credentials/manage-credentials";
import type { CredentialServiceContext } from "./credential-service";

const text = (value: unknown) => (typeof value === "string" ? value : null);

/** A credential as the page shows it: masked hints only; the browser never receives a value. */
export function credentialRow(ctx: CredentialServiceContext, summary: CredentialSummary) {
  return {
    name: summary.name,
    source: summary.source,
    hints: summary.hints,
    provider: text(summary.info.custom_llm_provider) ?? text(summary.info.provider),
    description: text(summary.info.description),
    usedBy: modelGroupsUsing(ctx.gateway.config.deployments, summary.name),
    updatedBy: summary.updatedBy,
    updatedAt: summary.updatedAt?.toISOString() ?? null,
  };
}

export type CredentialRowView = ReturnType<typeof credentialRow>;

export async function listCredentials(ctx: CredentialServiceContext) {
  const summaries = await ctx.gateway.credentials.list();
  return { canStore: ctx.gateway.credentials.canStore, credentials: summaries.map((summary) => credentialRow(ctx, summary)) };
}

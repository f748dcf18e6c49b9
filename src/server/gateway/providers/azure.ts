import type { Deployment } from "../../config/types";
import { pathOf, upstreamBody } from "./openai";
import type { Operation, Provider, UpstreamRequest } from "./types";

const operationPaths: Record<Operation, string | undefined> = {
  chat: "/chat/completions",
  responses: "/responses",
  embeddings: "/embeddings",
  messages: undefined,
  count_tokens: undefined,
};

/**
 * Azure's GA `/openai/v1` surface needs no api-version; a dated version (`2024-10-21`,
 * `2025-04-01-preview`) selects the older per-deployment paths with `?api-version=`.
 */
export function usesAzureV1Paths(apiVersion: string | undefined): boolean {
  return apiVersion === undefined || apiVersion === "v1" || apiVersion === "preview" || apiVersion === "latest";
}

/** The resource URL, whether api_base was written with or without a trailing `/openai[/v1]` or slash. */
export function resourceBase(deployment: Deployment): string {
  return deployment.apiBase.replace(/\/+$/, "").replace(/\/openai(\/v1)?$/, "");
}

function azureUrl(operation: Operation, deployment: Deployment): string {
  const base = resourceBase(deployment);
  const apiVersion = deployment.apiVersion;
  if (usesAzureV1Paths(apiVersion)) return `${base}/openai/v1${pathOf(operationPaths, operation)}`;
  const version = encodeURIComponent(apiVersion ?? "");
  if (operation === "responses") return `${base}/openai/responses?api-version=${version}`;
  return `${base}/openai/deployments/${encodeURIComponent(deployment.upstreamModel)}${pathOf(operationPaths, operation)}?api-version=${version}`;
}

function azureHeaders(deployment: Deployment): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (deployment.apiKey) headers["api-key"] = deployment.apiKey;
  return headers;
}

export const azureProvider: Provider = {
  supports: (operation) => operationPaths[operation] !== undefined,
  buildRequest(operation, deployment, body, sourceText): UpstreamRequest {
    return { url: azureUrl(operation, deployment), method: "POST", headers: azureHeaders(deployment), body: upstreamBody(operation, deployment, body, sourceText) };
  },
  buildResourceRequest(deployment, method, resourcePath, query) {
    const base = resourceBase(deployment);
    const url = usesAzureV1Paths(deployment.apiVersion)
      ? `${base}/openai/v1${resourcePath}${query ? `?${query}` : ""}`
      : `${base}/openai${resourcePath}?api-version=${encodeURIComponent(deployment.apiVersion ?? "")}${query ? `&${query}` : ""}`;
    return { url, method, headers: azureHeaders(deployment) };
  },
};

import type { Deployment } from "../../config/types";
import { GatewayError } from "../errors";
import type { JsonObject } from "../providers/types";

/** Which of a group's deployments may serve a request; undefined: all of them. */
export type DeploymentFilter = (deployment: Deployment) => boolean;

/** `tags` in a request body or its `metadata`, as LiteLLM reads them: a list of names, or one name. */
export function requestTags(body: JsonObject): string[] | undefined {
  const metadata = body.metadata as JsonObject | undefined;
  const value = body.tags ?? metadata?.tags;
  if (value === undefined || value === null) return undefined;
  const tags = typeof value === "string" ? [value] : value;
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === "string")) throw new GatewayError("invalid_request", "'tags' must be a list of tag names", { param: "tags" });
  return tags;
}

/** LiteLLM's `x-litellm-tags` header: tag names separated by commas. */
export function headerTags(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

/** The body without its tags: routing information, which a provider would refuse as an unknown parameter. */
export function withoutTags(body: JsonObject): JsonObject {
  const { tags: _tags, ...rest } = body;
  const metadata = rest.metadata as JsonObject | undefined;
  if (metadata && "tags" in metadata) {
    const { tags: _alsoTags, ...otherMetadata } = metadata;
    rest.metadata = otherMetadata;
  }
  return rest;
}

/**
 * LiteLLM's tag filtering (`router_settings.enable_tag_filtering`): a request with tags goes to
 * deployments that have one of them, else to those tagged `default`; a request without tags goes
 * to the `default` ones when there are any, else anywhere in the group. A request whose tags no
 * deployment of the group has, with no `default` one, is refused.
 */
export function tagFilter(group: string, deployments: readonly Deployment[], requested: readonly string[] | undefined): DeploymentFilter | undefined {
  const isDefault: DeploymentFilter = (deployment) => deployment.tags?.includes("default") === true;
  const hasDefault = deployments.some(isDefault);
  if (requested === undefined || requested.length === 0) return hasDefault ? isDefault : undefined;
  const matches: DeploymentFilter = (deployment) => deployment.tags?.some((tag) => requested.includes(tag)) === true;
  if (deployments.some(matches)) return matches;
  if (hasDefault) return isDefault;
  throw new GatewayError("invalid_request", `No deployment of model group "${group}" has any of the tags ${JSON.stringify(requested)}, and none is tagged "default"`, {
    param: "tags",
  });
}

/** The tags a request's spend row records, whether or not the config routes by them; never throws (invalid tags are refused elsewhere when they matter). */
export function loggedTags(body: JsonObject, tagsHeader: string | undefined): string[] | undefined {
  const metadata = body.metadata as JsonObject | undefined;
  if (body.tags === undefined && metadata?.tags === undefined && tagsHeader === undefined) return undefined;
  let fromBody: string[] = [];
  try {
    fromBody = requestTags(body) ?? [];
  } catch {
    // Not a list of names: nothing to record.
  }
  return [...new Set([...fromBody, ...headerTags(tagsHeader)])];
}

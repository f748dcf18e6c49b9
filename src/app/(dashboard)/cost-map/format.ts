export const formatCount = (value: number) => value.toLocaleString();
export const formatDate = (value: string | null) => (value ? new Date(value).toLocaleString() : "—");

export function describeSource(kind: "litellm" | "remote" | "local", location: string | null): string {
  if (kind === "litellm") return `LiteLLM's published map, ${location} (the default: no SWITCHYARD_COST_MAP_URL set)`;
  return `${kind === "remote" ? "URL" : "file"} ${location}`;
}

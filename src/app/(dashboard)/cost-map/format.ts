export const formatCount = (value: number) => value.toLocaleString();
export const formatDate = (value: string | null) => (value ? new Date(value).toLocaleString() : "—");

export function describeSource(kind: "builtin" | "remote" | "local", location: string | null): string {
  if (kind === "builtin") return "the built-in map (no SWITCHYARD_COST_MAP_URL set)";
  return `${kind === "remote" ? "URL" : "file"} ${location}`;
}

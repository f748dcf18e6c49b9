/** The filters as the form holds them (text), and as the procedures and the CSV link take them. */
export interface FilterForm {
  range: string;
  key: string;
  team: string;
  model: string;
  deployment: string;
  status: string;
  requestId: string;
  tag: string;
}

export const ranges: Array<[value: string, label: string, ms: number]> = [
  ["1h", "Last hour", 3_600_000],
  ["24h", "Last 24 hours", 86_400_000],
  ["7d", "Last 7 days", 7 * 86_400_000],
  ["30d", "Last 30 days", 30 * 86_400_000],
];

export const emptyFilters: FilterForm = { range: "24h", key: "", team: "", model: "", deployment: "", status: "", requestId: "", tag: "" };

export interface QueryFilters {
  from: number;
  key?: string;
  team?: string;
  model?: string;
  deployment?: string;
  status?: "success" | "failure";
  requestId?: string;
  tag?: string;
}

/** Empty fields are no filter; the range becomes its start, fixed when the filters are applied. */
export function toQuery(form: FilterForm, now: number): QueryFilters {
  const span = ranges.find(([value]) => value === form.range)?.[2] ?? 86_400_000;
  const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
  return {
    from: now - span,
    key: text(form.key),
    team: text(form.team),
    model: text(form.model),
    deployment: text(form.deployment),
    status: form.status === "success" || form.status === "failure" ? form.status : undefined,
    requestId: text(form.requestId),
    tag: text(form.tag),
  };
}

/** The CSV download's address: the same filters as query parameters. */
export function csvHref(teamId: string | null, query: QueryFilters): string {
  const params = new URLSearchParams();
  if (teamId) params.set("teamId", teamId);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  return `/api/export/request-logs?${params}`;
}

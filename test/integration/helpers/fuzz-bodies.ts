import fc from "fast-check";
import { fieldValueText, jsonText, objectText, oddString } from "./fuzz-arbitraries";

/**
 * Route-shaped bodies: each known field is absent, plausible, or replaced by hostile JSON, so the
 * fuzz reaches the handlers behind the JSON parser instead of stopping at "invalid JSON".
 */
export type FieldSpec = Record<string, fc.Arbitrary<string> | Exactly>;

/** A field that only ever takes these values, never hostile ones. */
export class Exactly {
  constructor(readonly values: fc.Arbitrary<string>) {}
}

const text = (...values: string[]) => fc.constantFrom(...values.map((value) => JSON.stringify(value)));
const raw = (...values: string[]) => fc.constantFrom(...values);

const models = text("gpt-4o", "claude", "azure-gpt", "text-embedding-3-small", "gpt-realtime", "openai/gpt-4o-mini", "openai/*", "*", "", "gpt-4o ", "GPT-4O");
const messages = fc.oneof(
  raw('[{"role":"user","content":"hi"}]', "[]", '[{"role":"system"}]', '[{"role":"user","content":[{"type":"text","text":"hi"}]}]', '[{"role":"user","content":null}]'),
  oddString.map((content) => `[{"role":"user","content":${JSON.stringify(content)}}]`),
);
const responseInput = fc.oneof(
  oddString.map((value) => JSON.stringify(value)),
  raw(
    '[{"role":"user","content":"hi"}]',
    '[{"id":"msg_fake123","type":"message","role":"assistant","content":[]}]',
    '[{"type":"item_reference","id":"msg_fake123"}]',
    '[{"type":"reasoning","encrypted_content":"blob"}]',
    '[{"id":""},{"id":7},null,"x",[]]',
  ),
);
/** Mostly values a handler accepts (so the request gets through to it), sometimes the edge just outside. */
const usually = (valid: fc.Arbitrary<string>, edge: fc.Arbitrary<string>) => fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: edge });

const durations = usually(text("30s", "10m", "2h", "30d", "1w", "1mo"), text("0d", "-1d", "9007199254740991d", "999999999999999999999d", "1y", "", " 5m "));
const names = usually(
  fc.oneof(
    text("team-a", "alias", "sk-abc", "\u540d\u524d", "e\u0301"),
    oddString.filter((value) => value.trim() !== "").map((value) => JSON.stringify(value)),
  ),
  text("", " ", "x".repeat(300)),
);
const nameList = fc.array(names, { maxLength: 4 }).map((items) => `[${items.join(",")}]`);
const numbers = usually(raw("0", "1", "5", "null"), raw("-1", "0.5", "1e400", "100000000000000000000", "9007199254740991"));
const booleans = raw("true", "false", "null", '"true"', "1");
const keyReference = (known: () => string[]) =>
  fc.oneof(
    fc.constantFrom(0, 1, 2).map((index) => JSON.stringify(known()[index % known().length])),
    text("sk-does-not-exist-123", "", "0".repeat(64)),
    oddString.map((value) => JSON.stringify(value)),
  );
const costMap = raw(
  '{"gpt-4o":{"input_cost_per_token":0.000001,"output_cost_per_token":0.000002,"litellm_provider":"openai"}}',
  '"{\\"gpt-4o\\":{\\"input_cost_per_token\\":-1}}"',
  '{"sample_spec":{}}',
  '"not json"',
  '{"m":{"input_cost_per_token":1e400}}',
);

/** A stored credential's value: no answer may ever show it (see the fuzz's list of secrets). */
export const fuzzCredentialSecret = "sk-fuzz-credential-secret-value-1";
const credentialValues = fc.oneof(
  raw(
    `{"api_key":"${fuzzCredentialSecret}","api_base":"http://127.0.0.1:1/v1"}`,
    `{"api_key":"${fuzzCredentialSecret}","api_base":"https://api.example.test/v1"}`,
    `{"api_key":"${fuzzCredentialSecret}"}`,
    "{}",
    '{"api_base":"not a url"}',
  ),
  fc.tuple(oddString, oddString).map(([name, value]) => `{${JSON.stringify(name)}:${JSON.stringify(value)}}`),
);

/** Known keys (plain or hash) the body may name, filled in once the gateway has issued them. */
export function routeFieldSpecs(known: () => string[]): Record<string, FieldSpec> {
  const reference = keyReference(known);
  const keyFields: FieldSpec = {
    key_alias: names,
    team_id: names,
    user_id: names,
    user_role: text("proxy_admin", "internal_user", "internal_user_viewer", "root"),
    models: nameList,
    max_budget: numbers,
    budget_duration: durations,
    duration: durations,
    rpm_limit: numbers,
    tpm_limit: numbers,
    metadata: fc.oneof(raw("{}", '{"a":1}', '{"__proto__":{"isAdmin":true}}'), jsonText),
    blocked: booleans,
  };
  return {
    "/chat/completions": {
      model: models,
      messages,
      stream: booleans,
      stream_options: raw('{"include_usage":true}', '{"include_usage":"yes"}', "[]"),
      max_tokens: numbers,
      n: numbers,
      tools: raw("[]", '[{"type":"function","function":{"name":"f","parameters":{}}}]'),
    },
    "/messages": {
      model: models,
      messages,
      max_tokens: numbers,
      stream: booleans,
      system: raw('"be brief"', '[{"type":"text","text":"be brief","cache_control":{"type":"ephemeral"}}]', "7"),
    },
    "/responses": {
      model: models,
      input: responseInput,
      previous_response_id: fc.oneof(
        text("resp_fake123", ""),
        oddString.map((value) => JSON.stringify(value)),
      ),
      stream: booleans,
      store: booleans,
    },
    "/responses/([^/]+)/cancel": {},
    "/embeddings": { model: models, input: fc.oneof(text("hello"), raw('["a","b"]', "[1,2,3]", "[[1]]")) },
    "/realtime/client_secrets": {
      model: models,
      session: raw('{"type":"realtime","model":"gpt-realtime"}', '{"model":5}', '{"audio":{"input":{"transcription":{"model":"whisper"}}}}', '{"input_audio_transcription":null}', "[]"),
      expires_after: raw('{"anchor":"created_at","seconds":60}', '{"seconds":-5}', '{"seconds":1e400}', '{"anchor":7}'),
    },
    "/key/generate": {
      ...keyFields,
      key: fc.oneof(
        text("sk-custom-key-1", "sk-", "not-sk"),
        oddString.map((value) => JSON.stringify(`sk-${value}`)),
      ),
    },
    "/key/update": { ...keyFields, key: reference },
    "/key/delete": { keys: fc.array(reference, { maxLength: 2 }).map((items) => `[${items.join(",")}]`), key_aliases: nameList },
    "/key/regenerate": {
      key: reference,
      new_key: fc.oneof(
        text("sk-brand-new-key-1", "sk-"),
        oddString.map((value) => JSON.stringify(value)),
      ),
    },
    "/key/([^/]+)/regenerate": { new_key: text("sk-another-new-key", "x") },
    "/key/block": { key: reference },
    "/key/unblock": { key: reference },
    "/team/new": {
      team_id: names,
      team_alias: names,
      models: nameList,
      max_budget: numbers,
      budget_duration: durations,
      rpm_limit: numbers,
      tpm_limit: numbers,
      metadata: jsonText,
      blocked: booleans,
    },
    // A url makes the gateway read a file or fetch it, with retries (about a second): a few that fail fast.
    "/cost_map/preview": {
      content: fc.oneof(costMap, jsonText),
      url: new Exactly(fc.oneof({ weight: 9, arbitrary: raw("null") }, { weight: 1, arbitrary: text("http://127.0.0.1:1/x.json", "ftp://x", "http://[::1") })),
    },
    "/cost_map/apply": { preview_id: numbers },
    "/cost_map/discard": { preview_id: numbers },
    "/cost_map/rollback": { version_id: numbers },
    "/model_access/check": { model: models, key: reference, models: nameList, team_id: names },
    "/credentials": { credential_name: names, credential_values: credentialValues, credential_info: raw("{}", '{"description":"x"}', "[]") },
    "/credentials/([^/]+)": { credential_name: names, credential_values: fc.oneof(credentialValues, raw('{"api_key":null}')) },
  };
}

function objectWith(spec: FieldSpec, validWeight: number, hostileWeight: number, extraFields: number, everyField: boolean): fc.Arbitrary<string> {
  const fields = Object.entries(spec).map(([name, valid]) => {
    const value = valid instanceof Exactly ? valid.values : fc.oneof({ weight: validWeight, arbitrary: valid }, { weight: hostileWeight, arbitrary: fieldValueText });
    const field = value.map((chosen): [string, string] | null => [name, chosen]);
    return everyField && !(valid instanceof Exactly) ? field : fc.option(field, { freq: 3 });
  });
  return fc
    .tuple(fc.tuple(...fields), fc.array(fc.tuple(oddString, jsonText), { maxLength: extraFields }))
    .map(([chosen, extra]) => objectText([...chosen.filter((field): field is [string, string] => field !== null), ...extra]));
}

/** An object with some of the spec's fields and a few unknown ones: either nearly valid (to reach the handler's depths) or hostile throughout. */
export function objectFor(spec: FieldSpec): fc.Arbitrary<string> {
  return fc.oneof(objectWith(spec, 12, 1, 0, true), objectWith(spec, 12, 1, 0, false), objectWith(spec, 3, 2, 2, false));
}

export interface Procedure {
  name: string;
  kind: "query" | "mutation";
  fields: FieldSpec;
}

/** Every tRPC procedure of the dashboard with the fields of its input; `teamId()` names a team the session may use. */
export function dashboardProcedures(teamId: () => string): Procedure[] {
  const team = fc.oneof({ weight: 4, arbitrary: fc.constant(0).map(() => JSON.stringify(teamId())) }, { weight: 1, arbitrary: text("", "no-such-team", "x".repeat(300)) });
  const id = fc.oneof(
    text("1", "key-1", "", "x".repeat(200)),
    oddString.map((value) => JSON.stringify(value)),
  );
  const keyForm: FieldSpec = {
    teamId: team,
    alias: names,
    models: nameList,
    maxBudget: numbers,
    rpmLimit: numbers,
    tpmLimit: numbers,
    duration: durations,
  };
  const query = (name: string, fields: FieldSpec = {}): Procedure => ({ name, kind: "query", fields });
  const mutation = (name: string, fields: FieldSpec): Procedure => ({ name, kind: "mutation", fields });
  return [
    query("teams.mine"),
    mutation("teams.create", { alias: names }),
    query("keys.list", { teamId: team }),
    mutation("keys.create", keyForm),
    mutation("keys.update", { ...keyForm, id }),
    mutation("keys.setBlocked", { teamId: team, id, blocked: booleans }),
    mutation("keys.delete", { teamId: team, id }),
    mutation("keys.regenerate", { teamId: team, id }),
    query("members.list", { teamId: team }),
    mutation("members.add", {
      teamId: team,
      email: fc.oneof(
        text("someone@example.test", "not-an-email", ""),
        oddString.map((value) => JSON.stringify(`${value}@x.test`)),
      ),
      role: text("viewer", "member", "admin", "owner", "god"),
      password: text("a-long-password", "short"),
    }),
    mutation("members.setRole", { teamId: team, userId: id, role: text("viewer", "owner", "root") }),
    mutation("members.remove", { teamId: team, userId: id }),
    query("rules.get", { teamId: team }),
    query("rules.coverage", { teamId: team }),
    mutation("rules.test", { teamId: team, model: models, keyId: id, models: nameList }),
    mutation("rules.setTeamModels", { teamId: team, models: nameList }),
    mutation("rules.setKeyModels", { teamId: team, id, models: nameList }),
    query("costMap.overview"),
    // A URL makes the server fetch it, with retries (about a second): rare, and one that fails fast.
    mutation("costMap.preview", {
      content: fc.oneof(costMap, jsonText),
      url: new Exactly(fc.oneof({ weight: 12, arbitrary: raw("null") }, { weight: 1, arbitrary: text("http://127.0.0.1:1/x.json", "file:///etc/passwd", "javascript:alert(1)") })),
    }),
    mutation("costMap.applyPreview", { previewId: numbers }),
    mutation("costMap.discard", { previewId: numbers }),
    mutation("costMap.rollback", { versionId: numbers }),
    query("models.list"),
    query("spend.team", { teamId: team, days: numbers }),
    query("spend.teams", { days: numbers }),
    query("affinity.lookup", {
      teamId: team,
      ref: fc.oneof(
        text("resp_fake123"),
        oddString.map((value) => JSON.stringify(value)),
      ),
    }),
    query("audit.list", { teamId: team, limit: numbers }),
    query("audit.instance", { limit: numbers }),
  ];
}

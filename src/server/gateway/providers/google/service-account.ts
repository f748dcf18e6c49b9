import { readFileSync } from "node:fs";
import { z } from "zod";
import { errorBody } from "../../errors";
import { UpstreamError } from "../upstream-error";

// Trust boundary: the service account's private key is used only to sign the JWT assertion
// (vertex-token.ts); it is never sent anywhere, logged or put in an error message.

const googleTokenUri = "https://oauth2.googleapis.com/token";

const serviceAccountSchema = z.object({
  type: z.literal("service_account"),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  token_uri: z.url({ protocol: /^https?$/ }).default(googleTokenUri),
  project_id: z.string().optional(),
});

/** `gcloud auth application-default login` writes these: a refresh token instead of a key. */
const authorizedUserSchema = z.object({
  type: z.literal("authorized_user"),
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
  refresh_token: z.string().min(1),
  token_uri: z.url({ protocol: /^https?$/ }).default(googleTokenUri),
  quota_project_id: z.string().optional(),
});

const credentialsSchema = z.discriminatedUnion("type", [serviceAccountSchema, authorizedUserSchema]);

export type GoogleCredentials = z.infer<typeof credentialsSchema>;

/** A deployment whose Google credentials cannot be used: the router tries another and cools this one down. */
export function credentialsProblem(message: string): UpstreamError {
  return new UpstreamError(503, errorBody(message, "server_error", "credential_unusable"), { isRetryable: true });
}

/**
 * `vertex_credentials` as LiteLLM takes it: the JSON itself (from the config or an environment
 * variable), or the path of a file holding it. Read at each token fetch, so a rotated file is
 * picked up by the next one. Messages name the path, never the content.
 */
export function loadGoogleCredentials(source: string): GoogleCredentials {
  const inline = source.trimStart().startsWith("{");
  let text = source;
  if (!inline) {
    try {
      text = readFileSync(source, "utf8");
    } catch (error) {
      throw credentialsProblem(`Cannot read the Vertex AI credentials file ${source} (${(error as NodeJS.ErrnoException).code ?? "unreadable"})`);
    }
  }
  const where = inline ? "The Vertex AI credentials (vertex_credentials)" : `The Vertex AI credentials file ${source}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw credentialsProblem(`${where} is not JSON`);
  }
  const checked = credentialsSchema.safeParse(parsed);
  if (!checked.success) {
    const fields = [...new Set(checked.error.issues.map((issue) => issue.path.join(".") || "type"))].join(", ");
    throw credentialsProblem(`${where} is not a service account or authorized_user key file (check ${fields})`);
  }
  return checked.data;
}

/** The project a deployment without `vertex_project` uses: its credentials' own. */
export function projectOfCredentials(credentials: GoogleCredentials): string | undefined {
  return credentials.type === "service_account" ? credentials.project_id : credentials.quota_project_id;
}

import type { z } from "zod";
import { GatewayError } from "../errors";
import type { GatewayRequest } from "../http";
import { readJsonBody } from "../read-json-body";

/** Reads and validates a management request body; the first problem becomes a 400 naming the field. */
export async function parseBody<T extends z.ZodType>(request: GatewayRequest, schema: T, limit: number): Promise<z.infer<T>> {
  return validate(schema, await readJsonBody(request, limit));
}

export function validate<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = issue.path.join(".") || null;
  throw new GatewayError("invalid_request", param ? `${param}: ${issue.message}` : issue.message, { param });
}

import { masterKey } from "./gateway-process";

/** Calls the management API with the master key (or another key) and returns status and JSON. */
export async function manage(baseUrl: string, method: "GET" | "POST", path: string, body?: unknown, key = masterKey): Promise<{ status: number; json: any }> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

export async function createKey(baseUrl: string, fields: Record<string, unknown> = {}): Promise<string> {
  const { status, json } = await manage(baseUrl, "POST", "/key/generate", fields);
  if (status !== 200) throw new Error(`key/generate failed: ${status} ${JSON.stringify(json)}`);
  return json.key as string;
}

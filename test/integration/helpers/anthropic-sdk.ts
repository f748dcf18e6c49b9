import { APIError } from "@anthropic-ai/sdk";
import { manage } from "./management";
import { untilSpendWritten } from "./spend-rows";

/** The error the Anthropic SDK threw, with the status and Anthropic body the gateway answered. */
export async function anthropicFailure(call: Promise<unknown>): Promise<{ status: number | undefined; body: any }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof APIError) return { status: error.status, body: error.error };
    throw error;
  }
  throw new Error("the call succeeded");
}

/** A key's spend rows, once the gateway has written every row it holds. */
export async function spendRowsOf(gatewayUrl: string, apiKey: string): Promise<any[]> {
  await untilSpendWritten(gatewayUrl);
  return (await manage(gatewayUrl, "GET", `/spend/logs?api_key=${apiKey}`)).json;
}

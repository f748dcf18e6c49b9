import { z } from "zod";
import { compileModelPattern, isPattern } from "../../gateway/access/model-pattern";

function compiles(entry: string): boolean {
  if (!isPattern(entry)) return true;
  try {
    compileModelPattern(entry);
    return true;
  } catch {
    return false;
  }
}

/** One allow-list entry: a model, an access group, or a pattern where only `*` is special. */
export const modelEntrySchema = z.string().trim().min(1, "An entry cannot be empty").max(256, "An entry is at most 256 characters").refine(compiles, "This pattern does not compile");

/** An allow-list as the rules page edits it: the dashboard checks it before sending, the server again after. */
export const modelListSchema = z.array(modelEntrySchema).max(200, "A list holds at most 200 entries");

/** The editor's text: one entry per line or comma-separated, blanks ignored. */
export function splitModelList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

import { z } from "zod";
import { isValidDuration } from "../../gateway/keys/durations";

/** The key form's fields: the dashboard validates with these before sending, the server again after. */
export const keyFormSchema = z.object({
  alias: z.string().trim().min(1, "Give the key a name").max(128),
  models: z.array(z.string().trim().min(1).max(256)).max(200),
  maxBudget: z.number().min(0).nullable(),
  rpmLimit: z.number().int().min(0).nullable(),
  tpmLimit: z.number().int().min(0).nullable(),
  duration: z.string().refine(isValidDuration, "Use a duration such as 30d, 12h or 1mo").nullable(),
});

export type KeyForm = z.infer<typeof keyFormSchema>;

/**
 * An edit: `duration` left out keeps the key's expiry, null removes it, a duration sets a new one
 * counted from now. Keeping is the default so that saving other fields never drops an expiry.
 */
export const keyUpdateSchema = keyFormSchema.extend({ duration: keyFormSchema.shape.duration.optional() });

export type KeyUpdate = z.infer<typeof keyUpdateSchema>;

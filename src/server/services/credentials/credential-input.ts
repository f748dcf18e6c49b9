import { z } from "zod";
import { credentialNameSchema } from "../../gateway/credentials/credential-values";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === "" ? undefined : value))
    .optional();

/**
 * The dashboard's credential form, checked in the browser and again on the server. Saving
 * replaces every value: the page never holds the stored ones, so it cannot merge with them.
 */
export const credentialFormSchema = z.object({
  name: credentialNameSchema,
  apiKey: z.string().trim().min(1, "Give the API key").max(16_384),
  apiBase: z
    .string()
    .trim()
    .max(2048)
    .refine((value) => value === "" || z.url({ protocol: /^https?$/ }).safeParse(value).success, "The API base must be an http(s) URL")
    .transform((value) => (value === "" ? undefined : value))
    .optional(),
  apiVersion: optionalText(64),
  organization: optionalText(256),
  provider: optionalText(64),
  description: optionalText(500),
});

export type CredentialForm = z.infer<typeof credentialFormSchema>;

export const credentialNameInputSchema = z.object({ name: credentialNameSchema });

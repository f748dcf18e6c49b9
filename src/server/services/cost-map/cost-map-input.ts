import { z } from "zod";

/** An uploaded map travels as text; the real copies are about 1.2 MB, so 10 MB leaves room. */
export const maxUploadChars = 10 * 1024 * 1024;

/**
 * What to preview: a URL, an uploaded file's text, or neither (the configured source). Only
 * http(s) URLs: a file path would let the dashboard read the server's disk.
 */
export const previewInputSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/, error: "Give an http(s) URL" })
      .max(2048)
      .optional(),
    content: z.string().min(1, "The file is empty").max(maxUploadChars, "The file is over 10 MB").optional(),
    /** The uploaded file's name, for History: printable characters only, as it is shown to every signed-in user. */
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[^\p{Cc}\p{Cf}]+$/u, "A file name of printable characters")
      .optional(),
  })
  .refine((input) => input.url === undefined || input.content === undefined, "Give a URL or a file, not both")
  .refine((input) => input.fileName === undefined || input.content !== undefined, "A file name comes with a file's content");

export type PreviewInput = z.infer<typeof previewInputSchema>;

export const previewIdSchema = z.object({ previewId: z.number().int().positive() });
export const versionIdSchema = z.object({ versionId: z.number().int().positive() });

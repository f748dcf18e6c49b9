import { z } from "zod";

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === "" ? undefined : value))
    .optional();
const count = z.number().int().min(0).optional();
const price = z.number().min(0).optional();

/**
 * The Models page's deployment form, in LiteLLM's terms, checked in the browser and again on
 * the server (where config.yaml's compiler has the last word). A secret left empty on edit keeps
 * the stored one; the page never holds a stored secret.
 */
export const deploymentFormSchema = z.object({
  modelName: z.string().trim().min(1, "Give the model name clients ask for").max(256),
  /** `provider/model`, as in litellm_params.model. */
  model: z
    .string()
    .trim()
    .min(1, "Give the provider/model, e.g. openai/gpt-4o")
    .max(256)
    .refine((value) => !/\s/.test(value), "The model must not contain spaces"),
  apiKey: text(16_384),
  apiBase: text(2048),
  apiVersion: text(64),
  awsAccessKeyId: text(256),
  awsSecretAccessKey: text(16_384),
  awsRegionName: text(64),
  vertexProject: text(256),
  vertexLocation: text(64),
  vertexCredentials: text(65_536),
  rpm: count,
  tpm: count,
  accessGroups: z.array(z.string().trim().min(1).max(128)).max(32).default([]),
  baseModel: text(256),
  mode: text(32),
  inputCostPerToken: price,
  outputCostPerToken: price,
});

export type DeploymentForm = z.infer<typeof deploymentFormSchema>;

export const deploymentIdSchema = z.object({ id: z.string().min(1).max(128) });

/** The form as litellm_params: set fields only; secrets the form left empty are absent (kept on edit). */
export function paramsOf(form: DeploymentForm): Record<string, unknown> {
  const params: Record<string, unknown> = {
    model: form.model,
    api_key: form.apiKey,
    api_base: form.apiBase,
    api_version: form.apiVersion,
    aws_access_key_id: form.awsAccessKeyId,
    aws_secret_access_key: form.awsSecretAccessKey,
    aws_region_name: form.awsRegionName,
    vertex_project: form.vertexProject,
    vertex_location: form.vertexLocation,
    vertex_credentials: form.vertexCredentials,
    rpm: form.rpm,
    tpm: form.tpm,
    input_cost_per_token: form.inputCostPerToken,
    output_cost_per_token: form.outputCostPerToken,
  };
  return Object.fromEntries(Object.entries(params).filter((pair) => pair[1] !== undefined));
}

export function modelInfoOf(form: DeploymentForm): Record<string, unknown> {
  const info: Record<string, unknown> = { access_groups: form.accessGroups };
  if (form.baseModel) info.base_model = form.baseModel;
  if (form.mode) info.mode = form.mode;
  return info;
}

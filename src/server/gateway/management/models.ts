import { z } from "zod";
import { modelInfoSchema } from "../../config/schema";
import type { ModelDeploymentRow } from "../../db/schema";
import type { GatewayContext } from "../context";
import { rowDates, storedParams } from "../deployments/deployment-views";
import { createDeployment, deleteDeployment, updateDeployment } from "../deployments/manage-deployments";
import { GatewayError } from "../errors";
import { jsonResponse, type GatewayRequest, type GatewayResponse } from "../http";
import { actorOf, type Principal } from "../keys/principal";
import { parseBody } from "./parse-body";

// LiteLLM's model management API: POST /model/new, POST /model/update, PATCH /model/{id}/update,
// POST /model/delete. The compiler checks litellm_params in full (manage-deployments.ts); here
// only the shape. Answers carry secrets as masked hints only.

const idSchema = z
  .string()
  .min(1)
  .max(128)
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  .refine((id) => !/[/\u0000-\u001f\u007f]/.test(id) && id === id.trim(), "must not contain '/', control characters or surrounding white space");
const paramsSchema = z.record(z.string().min(1).max(64), z.unknown()).refine((params) => Object.keys(params).length <= 64, "at most 64 params");
const infoSchema = z.record(z.string().min(1).max(64), z.unknown());

const newSchema = z.looseObject({
  model_name: z.string().min(1).max(256),
  litellm_params: paramsSchema.refine((params) => typeof params.model === "string", "litellm_params.model is required"),
  model_info: infoSchema.optional(),
  /** Switchyard's: a disabled deployment is kept but not routed to. */
  disabled: z.boolean().optional(),
});

const changeSchema = z.looseObject({
  model_name: z.string().min(1).max(256).optional(),
  litellm_params: paramsSchema.optional(),
  model_info: infoSchema.optional(),
  disabled: z.boolean().optional(),
});

const updateSchema = changeSchema.extend({ model_info: infoSchema.and(z.looseObject({ id: idSchema })) });
const deleteSchema = z.looseObject({ id: idSchema });

/** The row as LiteLLM's API answers it (LiteLLM_ProxyModelTable), secrets as hints. */
function rowView(row: ModelDeploymentRow) {
  return {
    model_id: row.id,
    model_name: row.modelName,
    litellm_params: storedParams(row),
    model_info: { ...row.modelInfo, id: row.id, db_model: true, disabled: row.disabled },
    ...rowDates(row),
  };
}

/** model_info's own fields are checked as config.yaml's are (mode, access_groups, prices, ...). */
function checkedInfo(info: Record<string, unknown> | undefined, prefix = "model_info"): Record<string, unknown> | undefined {
  if (info === undefined) return undefined;
  const present = Object.fromEntries(Object.entries(info).filter((pair) => pair[1] !== null));
  const result = modelInfoSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const param = [prefix, ...issue.path.map(String)].join(".");
    throw new GatewayError("invalid_request", `${param}: ${issue.message}`, { param });
  }
  return info;
}

export async function newModelRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, newSchema, ctx.maxBodyBytes);
  const info = checkedInfo(body.model_info) ?? {};
  const id = info.id === undefined ? undefined : idSchemaOrThrow(info.id);
  const row = await createDeployment(ctx, { id, modelName: body.model_name, params: body.litellm_params, modelInfo: info, disabled: body.disabled }, actorOf(principal));
  return jsonResponse(200, rowView(row));
}

export async function updateModelRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, updateSchema, ctx.maxBodyBytes);
  const { id, ...info } = body.model_info;
  const row = await updateDeployment(ctx, id, { modelName: body.model_name, params: body.litellm_params, modelInfo: checkedInfo(info), disabled: body.disabled }, actorOf(principal));
  return jsonResponse(200, rowView(row));
}

export async function patchModelRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal, id: string): Promise<GatewayResponse> {
  const body = await parseBody(request, changeSchema, ctx.maxBodyBytes);
  const info = body.model_info === undefined ? undefined : Object.fromEntries(Object.entries(body.model_info).filter(([key]) => key !== "id"));
  const row = await updateDeployment(
    ctx,
    idSchemaOrThrow(id),
    { modelName: body.model_name, params: body.litellm_params, modelInfo: checkedInfo(info), disabled: body.disabled },
    actorOf(principal),
  );
  return jsonResponse(200, rowView(row));
}

export async function deleteModelRoute(ctx: GatewayContext, request: GatewayRequest, principal: Principal): Promise<GatewayResponse> {
  const body = await parseBody(request, deleteSchema, ctx.maxBodyBytes);
  await deleteDeployment(ctx, body.id, actorOf(principal));
  return jsonResponse(200, { message: `Model: ${body.id} deleted successfully` });
}

function idSchemaOrThrow(value: unknown): string {
  const result = idSchema.safeParse(value);
  if (!result.success) throw new GatewayError("invalid_request", `model_info.id: ${result.error.issues[0].message}`, { param: "model_info.id" });
  return result.data;
}

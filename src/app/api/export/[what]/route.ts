import { currentUser } from "@/server/auth/current-user";
import { runningGateway } from "@/server/next/web-door";
import { exportCsv } from "@/server/services/export/export-csv";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** CSV downloads of the Request logs and Usage pages; exportCsv authorises (a GET: no cross-site check needed, it changes nothing). */
export async function GET(request: Request, { params }: { params: Promise<{ what: string }> }) {
  const { what } = await params;
  if (what !== "request-logs" && what !== "usage")
    return new Response(JSON.stringify({ error: { message: "No such export", type: "not_found_error", param: null, code: null } }), {
      status: 404,
      headers: { "content-type": "application/json" },
    });
  const gateway = (await runningGateway()).ctx;
  return exportCsv(what, request, gateway, await currentUser());
}

import type { Metadata } from "next";
import { runningGateway } from "@/server/next/web-door";
import { RealtimeTester } from "./realtime-tester";

export const metadata: Metadata = { title: "Realtime tester" };

export const dynamic = "force-dynamic";

export default async function RealtimePage() {
  const { ctx } = await runningGateway();
  // Only groups with a realtime deployment: any other name would be refused at client_secrets.
  const realtimeGroups = ctx.router.modelGroups().filter((group) => ctx.router.deploymentsOf(group).some((deployment) => deployment.mode === "realtime"));
  return (
    <main>
      <h1>Realtime tester</h1>
      <p className="lead">Browser → Switchyard → provider over WebRTC, the way your app will do it: a key mints a short-lived token, the browser sends its SDP offer with it.</p>
      <RealtimeTester models={realtimeGroups} />
    </main>
  );
}

import type { Metadata } from "next";
import { runningGateway } from "@/server/next/web-door";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Overview" };

/** Overview: the model groups this gateway serves, with their deployments' health. */
export default async function Overview() {
  const { ctx } = await runningGateway();
  const now = ctx.now();
  const groups = ctx.router.modelGroups();
  return (
    <main>
      <h1>Overview</h1>
      <p className="lead">
        OpenAI-compatible LLM gateway. Point any OpenAI SDK at <code>/v1</code> with a virtual key.
      </p>
      <section className="card" aria-labelledby="groups-heading">
        <h2 id="groups-heading">Model groups</h2>
        {groups.length === 0 ? (
          <p>
            No models configured. Add a <code>model_list</code> to your config.yaml.
          </p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Model group</th>
                <th scope="col">Deployments</th>
                <th scope="col">Healthy</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => {
                const deployments = ctx.router.deploymentsOf(group);
                const healthy = deployments.filter((deployment) => !ctx.router.healthOf(deployment.id)?.isCoolingDown(now)).length;
                return (
                  <tr key={group}>
                    <td>
                      <code>{group}</code>
                    </td>
                    <td>{deployments.length}</td>
                    <td>{healthy}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

import { sharedGatewayIfRunning } from "@/server/gateway/shared-gateway";

export const dynamic = "force-dynamic";

/** A status page: which model groups this gateway serves. The team dashboard grows from here. */
export default function Home() {
  const gateway = sharedGatewayIfRunning();
  const groups = gateway?.ctx.router.modelGroups() ?? [];
  return (
    <main>
      <h1>Switchyard</h1>
      <p className="lead">OpenAI-compatible LLM gateway. Point any OpenAI SDK at <code>/v1</code> with a virtual key.</p>
      <section className="card" aria-labelledby="groups-heading">
        <h2 id="groups-heading">Model groups</h2>
        {gateway === undefined ? (
          <p>The gateway has not started in this process yet.</p>
        ) : groups.length === 0 ? (
          <p>No models configured. Add a <code>model_list</code> to your config.yaml.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Model group</th>
                <th scope="col">Deployments</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((group) => (
                <tr key={group}>
                  <td>
                    <code>{group}</code>
                  </td>
                  <td>{gateway.ctx.router.deploymentsOf(group).length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

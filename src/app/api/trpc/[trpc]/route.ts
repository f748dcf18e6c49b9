import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { currentUser } from "@/server/auth/current-user";
import { runningGateway } from "@/server/gateway/web-door";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const handler = (request: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: async () => ({ user: await currentUser(), gateway: (await runningGateway()).ctx }),
  });

export { handler as GET, handler as POST };

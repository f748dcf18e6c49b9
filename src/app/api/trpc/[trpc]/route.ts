import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { readEnv } from "@/env";
import { appRouter } from "@/server/api/root";
import { toTRPCError } from "@/server/api/to-trpc-error";
import { confirmationHeaders } from "@/server/gateway/fleet/change-confirmations";
import { currentUser } from "@/server/auth/current-user";
import { runningGateway } from "@/server/next/web-door";
import { checkSameOrigin } from "@/server/security/same-origin";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const siteUrls = () => {
  const { NEXTAUTH_URL } = readEnv();
  return NEXTAUTH_URL ? [NEXTAUTH_URL] : [];
};

const handler = (request: Request) => {
  const changes = { expected: new Set<string>(), unconfirmed: new Set<string>() };
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    // How far a mutation's changes reached (docs/scale-out.md), as the management API says it.
    responseMeta: () => ({ headers: new Headers(confirmationHeaders({ expected: [...changes.expected], unconfirmed: [...changes.unconfirmed] })) }),
    createContext: async () => {
      // Before the session is read: another site's page must not borrow the cookie for a mutation.
      const origin = checkSameOrigin(request, siteUrls());
      if (!origin.ok) throw new TRPCError({ code: "FORBIDDEN", message: `Cross-site request refused: ${origin.reason}` });
      const gateway = (await runningGateway()).ctx;
      try {
        return { user: await currentUser(), gateway, changes };
      } catch (error) {
        // Reading the session is the first database read of every call: its failure is mapped as a procedure's would be.
        throw toTRPCError(new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error }), gateway.log, "session");
      }
    },
  });
};

// tRPC answers the other methods itself (405 in its own error shape) rather than Next's empty 405.
export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };

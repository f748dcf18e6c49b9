import { accountRouter } from "./routers/account";
import { affinityRouter } from "./routers/affinity";
import { auditRouter } from "./routers/audit";
import { costMapRouter } from "./routers/cost-map";
import { credentialsRouter } from "./routers/credentials";
import { keysRouter } from "./routers/keys";
import { logsRouter } from "./routers/logs";
import { membersRouter } from "./routers/members";
import { modelsRouter } from "./routers/models";
import { rulesRouter } from "./routers/rules";
import { spendRouter } from "./routers/spend";
import { teamsRouter } from "./routers/teams";
import { usageRouter } from "./routers/usage";
import { createCallerFactory, router } from "./trpc";

/** One router per dashboard page. */
export const appRouter = router({
  account: accountRouter,
  teams: teamsRouter,
  keys: keysRouter,
  members: membersRouter,
  rules: rulesRouter,
  costMap: costMapRouter,
  credentials: credentialsRouter,
  models: modelsRouter,
  spend: spendRouter,
  logs: logsRouter,
  usage: usageRouter,
  affinity: affinityRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

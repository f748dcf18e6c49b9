import { keysRouter } from "./routers/keys";
import { teamsRouter } from "./routers/teams";
import { createCallerFactory, router } from "./trpc";

/** One router per dashboard page. */
export const appRouter = router({
  teams: teamsRouter,
  keys: keysRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);

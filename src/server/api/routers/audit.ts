import { router } from "../trpc";

/** The audit page's procedures (being built). */
export const auditRouter = router({});

import { router } from "../trpc";

/** The cost-map page's procedures (being built). */
export const costMapRouter = router({});

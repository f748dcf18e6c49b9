import { router } from "../trpc";

/** The affinity page's procedures (being built). */
export const affinityRouter = router({});

import { router } from "../trpc";

/** The models page's procedures (being built). */
export const modelsRouter = router({});

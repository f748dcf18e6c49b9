import { router } from "../trpc";

/** The spend page's procedures (being built). */
export const spendRouter = router({});

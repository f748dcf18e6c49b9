import { router } from "../trpc";

/** The rules page's procedures (being built). */
export const rulesRouter = router({});

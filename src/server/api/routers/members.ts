import { router } from "../trpc";

/** The members page's procedures (being built). */
export const membersRouter = router({});

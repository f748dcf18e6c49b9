import { changePasswordSchema, setPasswordWithTokenSchema } from "../../services/account/account-input";
import { changeOwnPassword } from "../../services/account/change-own-password";
import { setPasswordWithToken } from "../../services/account/set-password-with-token";
import { router, signedInProcedure, tokenProcedure } from "../trpc";

/** The Account page (one's own password) and the set-password page an invite or reset link opens. */
export const accountRouter = router({
  changePassword: signedInProcedure.input(changePasswordSchema).mutation(({ ctx, input }) => changeOwnPassword(ctx.gateway, ctx.user, input)),
  // No session: the link's token is the credential, checked (hash, unused, unexpired) before anything changes.
  setPasswordWithToken: tokenProcedure.input(setPasswordWithTokenSchema).mutation(({ ctx, input }) => setPasswordWithToken(ctx.gateway, input)),
});

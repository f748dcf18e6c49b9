import { z } from "zod";
import { teamRoles } from "../../auth/roles";

/**
 * The add-member form: validated in the browser and again by the procedure. Nobody invents a
 * password for someone else: a new account gets a one-time invite link to set their own.
 */
export const addMemberSchema = z.object({
  email: z.email("Enter an email address").max(256),
  role: z.enum(teamRoles),
});

import { z } from "zod";
import { teamRoles } from "../../auth/roles";

/** The add-member form: validated in the browser and again by the procedure. */
export const addMemberSchema = z.object({
  email: z.email("Enter an email address").max(256),
  role: z.enum(teamRoles),
  /** Only for someone without an account yet: their first password. */
  password: z.string().min(8, "At least 8 characters").max(256).optional(),
});

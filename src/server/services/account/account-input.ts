import { z } from "zod";

/** A password someone chooses: validated in the browser and again by the procedure. */
export const newPasswordSchema = z.string().min(8, "At least 8 characters").max(256, "At most 256 characters");

export const setPasswordWithTokenSchema = z.object({ token: z.string().min(1).max(128), password: newPasswordSchema });

export const changePasswordSchema = z.object({ currentPassword: z.string().min(1).max(256), newPassword: newPasswordSchema });

"use client";

import { useState, type FormEvent } from "react";
import { changePasswordSchema } from "@/server/services/account/account-input";
import { trpc } from "../../trpc-client";

export function ChangePasswordForm() {
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setDone(false);
    const parsed = changePasswordSchema.safeParse({ currentPassword: String(data.get("current") ?? ""), newPassword: String(data.get("password") ?? "") });
    if (!parsed.success) return setProblem(parsed.error.issues.map((issue) => issue.message).join("; "));
    if (data.get("password") !== data.get("confirm")) return setProblem("The two new passwords differ");
    setBusy(true);
    setProblem(undefined);
    try {
      await trpc.account.changePassword.mutate(parsed.data);
      form.reset();
      setDone(true);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="card stack" aria-labelledby="change-password-heading">
      <h2 id="change-password-heading">Change your password</h2>
      <label>
        Current password
        <input name="current" type="password" autoComplete="current-password" required />
      </label>
      <label>
        New password
        <input name="password" type="password" autoComplete="new-password" minLength={8} maxLength={256} required />
      </label>
      <label>
        New password again
        <input name="confirm" type="password" autoComplete="new-password" minLength={8} maxLength={256} required />
      </label>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {done && (
        <p role="status" className="notice">
          Your password is changed.
        </p>
      )}
      <div>
        <button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Change password"}
        </button>
      </div>
    </form>
  );
}

"use client";

import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";
import { newPasswordSchema } from "@/server/services/account/account-input";
import { trpc } from "../trpc-client";

/**
 * Where an invite or reset link lands: `/set-password#token=...`. The token is in the fragment,
 * which the browser never sends, and is taken out of the address bar at once, so it is in no
 * server log and no history entry; it goes to the server once, in the POST that spends it.
 */
export default function SetPasswordPage() {
  const [token, setToken] = useState<string | null>();
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string | null>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const found = new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (found) window.history.replaceState(null, "", window.location.pathname);
    setToken(found);
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get("password") ?? "");
    const parsed = newPasswordSchema.safeParse(password);
    if (!parsed.success) return setProblem(parsed.error.issues[0].message);
    if (password !== data.get("confirm")) return setProblem("The two passwords differ");
    setBusy(true);
    setProblem(undefined);
    try {
      const result = await trpc.account.setPasswordWithToken.mutate({ token: token!, password });
      setDone(result.email);
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="narrow">
      <h1>Set your password</h1>
      {done !== undefined ? (
        <p role="status" className="notice">
          Your password is set{done ? ` for ${done}` : ""}. <Link href="/sign-in">Sign in</Link>
        </p>
      ) : token === undefined ? (
        <p aria-busy="true">Loading…</p>
      ) : token === null ? (
        <p role="alert" className="error">
          This page needs the link you were sent (it ends in #token=…). Ask for a new one if you lost it.
        </p>
      ) : (
        <form onSubmit={submit} className="card stack" aria-describedby={problem ? "set-password-problem" : undefined}>
          <label>
            New password
            <input name="password" type="password" autoComplete="new-password" minLength={8} maxLength={256} required />
          </label>
          <label>
            The same again
            <input name="confirm" type="password" autoComplete="new-password" minLength={8} maxLength={256} required />
          </label>
          {problem && (
            <p id="set-password-problem" role="alert" className="error">
              {problem}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? "Saving…" : "Set password"}
          </button>
        </form>
      )}
    </main>
  );
}

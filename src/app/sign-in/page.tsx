"use client";

import { getProviders, signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { throttledError } from "@/server/auth/sign-in-throttle";

export default function SignInPage() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState<string>();

  useEffect(() => {
    getProviders().then((providers) => setSso(providers?.oidc?.name));
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const data = new FormData(event.currentTarget);
    const result = await signIn("credentials", { email: data.get("email"), password: data.get("password"), redirect: false });
    setBusy(false);
    if (result?.ok) router.push("/");
    else if (result?.error === throttledError) setError("Too many failed sign-ins. Try again in 15 minutes.");
    else setError("Wrong email or password.");
  }

  return (
    <main className="narrow">
      <h1>Sign in to Switchyard</h1>
      <form onSubmit={submit} className="card stack" aria-describedby={error ? "sign-in-error" : undefined}>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error && (
          <p id="sign-in-error" role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {sso && (
        <button type="button" className="secondary" onClick={() => signIn("oidc", { callbackUrl: "/" })}>
          Sign in with {sso}
        </button>
      )}
    </main>
  );
}

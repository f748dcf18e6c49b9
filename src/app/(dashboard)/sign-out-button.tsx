"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";

/** Signs out without next-auth's absolute redirect, which needs NEXTAUTH_URL behind a proxy. */
export function SignOutButton() {
  const router = useRouter();
  return (
    <button type="button" className="secondary" onClick={() => signOut({ redirect: false }).then(() => router.push("/sign-in"))}>
      Sign out
    </button>
  );
}

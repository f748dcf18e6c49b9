import type { Metadata } from "next";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Account" };

export default function AccountPage() {
  return (
    <main>
      <h1>Account</h1>
      <p className="lead">Your own sign-in. An instance admin can send you a reset link if you forget your password.</p>
      <ChangePasswordForm />
    </main>
  );
}

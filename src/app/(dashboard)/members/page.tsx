import type { Metadata } from "next";
import { MembersPanel } from "./members-panel";

export const metadata: Metadata = { title: "Members" };

export default function MembersPage() {
  return (
    <main>
      <h1>Members</h1>
      <p className="lead">Who is in each team, and what they may do: viewers read, members use, admins manage keys and rules, owners manage members.</p>
      <MembersPanel />
    </main>
  );
}

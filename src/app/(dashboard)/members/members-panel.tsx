"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { addMemberSchema } from "@/server/services/members/member-input";
import { trpc } from "../../trpc-client";
import { TeamSelect, useMyTeams } from "../team-choice";

type Member = Awaited<ReturnType<typeof trpc.members.list.query>>[number];
const roles = ["owner", "admin", "member", "viewer"] as const;

/** The token goes in the fragment: browsers never send it, so no log on the way holds it. */
const linkOf = (token: string) => `${window.location.origin}/set-password#token=${token}`;

export function MembersPanel() {
  const { mine, team, teamId, setTeamId, reload: loadTeams } = useMyTeams();
  const [members, setMembers] = useState<Member[]>();
  const [problem, setProblem] = useState<string>();
  // What the last add or reset produced: a link to hand over (shown once), or a plain message.
  const [outcome, setOutcome] = useState<{ message: string; link?: string }>();

  const reload = useCallback(async () => {
    if (teamId) setMembers(await trpc.members.list.query({ teamId }));
  }, [teamId]);
  useEffect(() => {
    reload().catch((error: Error) => setProblem(error.message));
  }, [reload]);

  const act = (action: () => Promise<unknown>) =>
    action().then(
      () => {
        setProblem(undefined);
        return reload();
      },
      (error: Error) => setProblem(error.message),
    );

  async function addMember(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = addMemberSchema.safeParse({ email: data.get("email"), role: data.get("role") });
    if (!parsed.success) return setProblem(parsed.error.issues.map((issue) => issue.message).join("; "));
    setOutcome(undefined);
    await act(async () => {
      const added = await trpc.members.add.mutate({ teamId: teamId!, ...parsed.data });
      setOutcome(
        added.invite
          ? {
              message: `${added.email} is invited as ${added.role}. Send them this one-time link to set their password; it expires ${new Date(added.invite.expiresAt).toLocaleString()}.`,
              link: linkOf(added.invite.token),
            }
          : { message: `${added.email} already has an account: added as ${added.role}. Their password is unchanged.` },
      );
    });
    form.reset();
  }

  async function createTeam(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const alias = String(new FormData(form).get("alias") ?? "").trim();
    if (!alias) return setProblem("Give the team a name");
    const created = await trpc.teams.create.mutate({ alias }).catch((error: Error) => setProblem(error.message));
    if (!created) return;
    form.reset();
    await loadTeams();
    setTeamId(created.teamId);
  }

  if (!mine)
    return problem ? (
      <p role="alert" className="error">
        {problem}
      </p>
    ) : (
      <p aria-busy="true">Loading…</p>
    );
  const isOwner = team?.role === "owner";

  return (
    <div className="stack">
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {outcome && (
        <div className="notice" role="status" data-testid="member-outcome">
          <p>{outcome.message}</p>
          {outcome.link && (
            <p className="row">
              <code data-testid="password-link">{outcome.link}</code>
              <button type="button" className="secondary" onClick={() => navigator.clipboard?.writeText(outcome.link!)}>
                Copy link
              </button>
            </p>
          )}
        </div>
      )}
      {mine.user.isAdmin && (
        <form onSubmit={createTeam} className="card row" aria-label="Create a team">
          <label>
            New team name
            <input name="alias" maxLength={128} />
          </label>
          <button type="submit">Create team</button>
        </form>
      )}
      {mine.teams.length === 0 ? (
        <p>You are not in any team yet{mine.user.isAdmin ? ": create one above." : ". Ask an instance admin to add you."}</p>
      ) : (
        <>
          <TeamSelect teams={mine.teams} teamId={teamId} onChange={setTeamId} />
          {members === undefined ? (
            <p aria-busy="true">Loading members…</p>
          ) : members.length === 0 ? (
            <p>No members yet.</p>
          ) : (
            <div className="table-wrap" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    {isOwner && <th scope="col">Actions</th>}
                  </tr>
                </thead>
                <tbody>
                  {members.map((member) => (
                    <tr key={member.userId}>
                      <td>{member.email}</td>
                      <td>
                        {isOwner ? (
                          <select
                            aria-label={`Role of ${member.email}`}
                            value={member.role}
                            onChange={(event) => act(() => trpc.members.setRole.mutate({ teamId: teamId!, userId: member.userId, role: event.target.value as Member["role"] }))}
                          >
                            {roles.map((option) => (
                              <option key={option}>{option}</option>
                            ))}
                          </select>
                        ) : (
                          member.role
                        )}
                      </td>
                      {isOwner && (
                        <td className="row">
                          <button type="button" className="secondary" onClick={() => act(() => trpc.members.remove.mutate({ teamId: teamId!, userId: member.userId }))}>
                            Remove<span className="visually-hidden"> {member.email}</span>
                          </button>
                          {mine.user.isAdmin && (
                            <button
                              type="button"
                              className="secondary"
                              onClick={() =>
                                act(async () => {
                                  const reset = await trpc.members.resetPassword.mutate({ userId: member.userId });
                                  setOutcome({
                                    message: `A reset link for ${reset.email}: their current password works until they use it. It expires ${new Date(reset.expiresAt).toLocaleString()}.`,
                                    link: linkOf(reset.token),
                                  });
                                })
                              }
                            >
                              Reset password<span className="visually-hidden"> of {member.email}</span>
                            </button>
                          )}
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {isOwner && (
            <form onSubmit={addMember} className="card row" aria-label="Add a member">
              <label>
                Email
                <input name="email" type="email" required />
              </label>
              <label>
                Role
                <select name="role" defaultValue="member">
                  {roles.map((option) => (
                    <option key={option}>{option}</option>
                  ))}
                </select>
              </label>
              <button type="submit">Add member</button>
              <p className="muted">Someone new gets a one-time link to set their own password; an existing account keeps its password.</p>
            </form>
          )}
        </>
      )}
    </div>
  );
}

/** Team roles, weakest last: owners manage members, admins keys and rules, members use, viewers read. */
export const teamRoles = ["owner", "admin", "member", "viewer"] as const;
export type TeamRole = (typeof teamRoles)[number];

/**
 * The permission matrix: which role may do what. One table, enforced on every route (each route
 * declares the permission it needs) and documented in docs/api.md from this same table.
 *
 * Roles are ordered: viewer < operator < admin < owner; each role has every permission of the
 * roles below it. Never check a role by name elsewhere — ask `can(role, permission)`.
 */
import type { Role } from "../db/schema.ts";

export const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, owner: 3 };

export const PERMISSIONS = {
  /** Read fleet state, schedules, policies, events, savings, recommendations, accounts, members. */
  "org:read": "viewer",
  /** Wake or sleep a database now, create and cancel overrides. */
  "instances:act": "operator",
  /** Create, change and delete schedules. */
  "schedules:write": "admin",
  /** Create, change and delete policies. */
  "policies:write": "admin",
  /** Set database price overrides and account discounts; rebuild savings rollups. */
  "pricing:write": "admin",
  /** Connect, change, sync and remove cloud accounts. */
  "accounts:write": "admin",
  /** Manage Slack and webhook integrations. */
  "integrations:write": "admin",
  /** Create, list and revoke API tokens. */
  "tokens:manage": "admin",
  /** Invite people, change roles (up to their own), remove members. */
  "members:manage": "admin",
  /** Read the audit log and export it. */
  "audit:read": "admin",
  /** Rename the organization, change its settings, transfer ownership. */
  "org:manage": "owner",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[PERMISSIONS[permission]];
}

/** Whether `actor` may hand out `granted` (to a member or a token): never above their own role. */
export function canGrant(actor: Role, granted: Role): boolean {
  return ROLE_RANK[granted] <= ROLE_RANK[actor];
}

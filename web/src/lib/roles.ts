// Roles and permissions as the API enforces them (owner > admin > operator > viewer), for hiding actions.

// The roles are the server's own (worker/domain/vocabulary.ts), not a copy.
import { ROLES, type Role } from '../../../worker/domain/vocabulary.ts';
export { ROLES, type Role };

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, owner: 3 };

/** The lowest role holding each permission (mirrors the API's permission matrix). */
const PERMISSIONS = {
	'org:read': 'viewer',
	'instances:act': 'operator',
	'schedules:write': 'admin',
	'policies:write': 'admin',
	'pricing:write': 'admin',
	'accounts:write': 'admin',
	'integrations:write': 'admin',
	'tokens:manage': 'admin',
	'members:manage': 'admin',
	'audit:read': 'admin',
	'org:manage': 'owner'
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_LABELS: Record<Role, string> = {
	owner: 'Owner',
	admin: 'Admin',
	operator: 'Operator',
	viewer: 'Viewer'
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
	owner: 'Everything, including organization settings and ownership.',
	admin: 'Manage cloud accounts, schedules, policies, API tokens, members; read the audit log.',
	operator: 'Wake or sleep databases now and create overrides.',
	viewer: 'Read-only access to databases, schedules, savings and activity.'
};

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` holds `permission`; null (no organization) holds nothing. */
export function can(role: Role | null | undefined, permission: Permission): boolean {
	return role ? RANK[role] >= RANK[PERMISSIONS[permission]] : false;
}

/** The lowest role that holds `permission`, for explaining why an action is unavailable. */
export function requiredRole(permission: Permission): Role {
	return PERMISSIONS[permission];
}

/** Whether `actor` may hand out `granted` (to a member, an invitation or a token): never above their own. */
export function canGrant(actor: Role | null | undefined, granted: Role): boolean {
	return actor ? RANK[granted] <= RANK[actor] : false;
}

/** The roles `actor` may grant, highest first. */
export function grantableRoles(actor: Role | null | undefined): Role[] {
	return ROLES.filter((role) => canGrant(actor, role));
}

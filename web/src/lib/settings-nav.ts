// The Settings sub-navigation: one entry per section, with the permission a role needs to open it.
import type { IconName } from './components/icons.ts';
import type { Permission } from './roles.ts';

export interface SettingsSection {
	href: '/settings/accounts' | '/settings/integrations' | '/settings/tokens' | '/settings/members' | '/settings/audit-log' | '/settings/sessions';
	label: string;
	icon: IconName;
	/** Sections whose permission the role lacks are left out of the navigation. */
	permission: Permission;
}

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
	{ href: '/settings/accounts', label: 'Cloud accounts', icon: 'cloud', permission: 'org:read' },
	{ href: '/settings/integrations', label: 'Integrations', icon: 'plug', permission: 'org:read' },
	{ href: '/settings/tokens', label: 'API tokens', icon: 'key', permission: 'tokens:manage' },
	{ href: '/settings/members', label: 'Members', icon: 'users', permission: 'org:read' },
	{ href: '/settings/audit-log', label: 'Audit log', icon: 'audit', permission: 'audit:read' },
	{ href: '/settings/sessions', label: 'Sessions', icon: 'lock', permission: 'org:read' }
];

export function currentSettingsSection(pathname: string): SettingsSection | undefined {
	return SETTINGS_SECTIONS.find((section) => pathname === section.href || pathname.startsWith(`${section.href}/`));
}

// The dashboard's primary navigation: one entry per top-level route, in sidebar order.
import type { IconName } from './components/icons.ts';
import type { RouteId } from '$app/types';

/** Routes without parameters (a detail page such as /databases/[id] is reached from its list). */
type StaticRouteId = Exclude<RouteId, `${string}[${string}`>;

export interface NavItem {
	href: StaticRouteId;
	label: string;
	icon: IconName;
	/** One-line description, used as the page subtitle. */
	description: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
	{
		href: '/',
		label: 'Overview',
		icon: 'overview',
		description: 'What is asleep, what wakes next, and what it has saved.'
	},
	{
		href: '/databases',
		label: 'Databases',
		icon: 'databases',
		description: 'RDS instances, Aurora clusters and Cloud SQL instances discovered in your cloud accounts.'
	},
	{
		href: '/schedules',
		label: 'Schedules',
		icon: 'schedules',
		description: 'When databases go to sleep and when they wake up again.'
	},
	{
		href: '/policies',
		label: 'Policies',
		icon: 'policies',
		description: 'Rules on hourly metrics: stop idle databases, tell people, or scale Aurora Serverless v2, with cooldowns, windows and dry run.'
	},
	{
		href: '/recommendations',
		label: 'Recommendations',
		icon: 'recommendations',
		description: 'Sleep windows suggested from observed database activity.'
	},
	{
		href: '/activity',
		label: 'Activity',
		icon: 'activity',
		description: 'Every sleep, wake and skipped action, with who or what triggered it.'
	},
	{
		href: '/savings',
		label: 'Savings',
		icon: 'savings',
		description: 'Money saved by sleeping databases, with the numbers behind it.'
	},
	{
		href: '/settings',
		label: 'Settings',
		icon: 'settings',
		description: 'Cloud accounts, integrations, API tokens, members and the audit log of your organization.'
	}
];

/** True when `pathname` is `href` or below it (the Overview link only matches `/` exactly). */
export function isActive(href: NavItem['href'], pathname: string): boolean {
	if (href === '/') return pathname === '/';
	return pathname === href || pathname.startsWith(`${href}/`);
}

/** The nav entry for a route, for page headers and titles. */
export function navItem(href: NavItem['href']): NavItem {
	const item = NAV_ITEMS.find((entry) => entry.href === href);
	if (!item) throw new Error(`No navigation entry for ${href}`);
	return item;
}

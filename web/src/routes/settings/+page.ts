// /settings has no page of its own: it opens the first section, Cloud accounts.
import { redirect } from '@sveltejs/kit';
import { resolve } from '$app/paths';

export function load() {
	redirect(307, resolve('/settings/accounts'));
}

// Reactive state for a cursor-paginated API list: first page, "Load more", reload, and errors.
import { asApiError, type ApiError } from './api.ts';
import type { Page } from './api/client.ts';

export type ListStatus = 'loading' | 'ready' | 'error';

export class PagedList<T> {
	items = $state.raw<T[]>([]);
	nextCursor = $state<string | null>(null);
	status = $state<ListStatus>('loading');
	loadingMore = $state(false);
	/** Why the first page (or the last "Load more") failed. */
	error = $state.raw<ApiError | null>(null);

	readonly #fetchPage: (cursor?: string) => Promise<Page<T>>;
	/** Bumped by every reload, so a slow answer to an older request never overwrites a newer one. */
	#generation = 0;

	constructor(fetchPage: (cursor?: string) => Promise<Page<T>>) {
		this.#fetchPage = fetchPage;
	}

	/** Loads the first page again. Keeps showing the current items while it loads unless `reset`. */
	async reload({ reset = false } = {}): Promise<void> {
		const generation = ++this.#generation;
		if (reset || this.status === 'error') this.status = 'loading';
		try {
			const page = await this.#fetchPage();
			if (generation !== this.#generation) return;
			this.items = page.data;
			this.nextCursor = page.nextCursor;
			this.error = null;
			this.status = 'ready';
		} catch (err) {
			if (generation !== this.#generation) return;
			this.error = asApiError(err);
			this.status = 'error';
		}
	}

	async loadMore(): Promise<void> {
		if (!this.nextCursor || this.loadingMore) return;
		const generation = this.#generation;
		this.loadingMore = true;
		try {
			const page = await this.#fetchPage(this.nextCursor);
			if (generation !== this.#generation) return;
			this.items = [...this.items, ...page.data];
			this.nextCursor = page.nextCursor;
			this.error = null;
		} catch (err) {
			if (generation === this.#generation) this.error = asApiError(err);
		} finally {
			this.loadingMore = false;
		}
	}

	/** Replaces the items `match` selects with `next`, or drops them when `next` is omitted (no round trip). */
	update(match: (item: T) => boolean, next?: T): void {
		this.items = next === undefined ? this.items.filter((item) => !match(item)) : this.items.map((item) => (match(item) ? next : item));
	}
}

/**
 * The CLI's time words, pure: `--for 2h` / `90m` / `1h30m` / `1d` as minutes, `--until 18:00` as
 * the next such local time (or an ISO 8601 instant), and "in 3 h 20 min" for what is coming.
 */

/** Minutes in a duration such as `2h`, `90m`, `1h30m`, `1d`; null when it is not one. */
export function parseDuration(text: string): number | null {
	const match = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?$/i.exec(text.trim());
	if (!match || !text.trim() || (!match[1] && !match[2] && !match[3])) return null;
	const minutes = Number(match[1] ?? 0) * 1440 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
	return minutes > 0 ? minutes : null;
}

/**
 * The instant meant by `--until`: `HH:MM` is the next time the local clock shows it (today, or
 * tomorrow if it has passed); anything with a date is read as an ISO 8601 instant. Null when neither.
 */
export function parseUntil(text: string, now = new Date()): Date | null {
	const clock = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
	if (clock) {
		const at = new Date(now);
		at.setHours(Number(clock[1]), Number(clock[2]), 0, 0);
		if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
		return at;
	}
	if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return null;
	const at = new Date(text.trim());
	return Number.isNaN(at.getTime()) ? null : at;
}

/** "in 3 h 20 min", "in 45 min", "2 min ago", for a time relative to now. */
export function relative(iso: string, now = Date.now()): string {
	const minutes = Math.round((Date.parse(iso) - now) / 60_000);
	const size = Math.abs(minutes);
	const words = size >= 1440 ? `${Math.floor(size / 1440)} d ${Math.floor((size % 1440) / 60)} h` : size >= 60 ? `${Math.floor(size / 60)} h ${size % 60} min` : `${size} min`;
	return minutes >= 0 ? `in ${words}` : `${words} ago`;
}

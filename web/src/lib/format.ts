// Date and time formatting for tables and badges: absolute (locale) and relative ("3 minutes ago").

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
	['year', 365 * 86_400],
	['month', 30 * 86_400],
	['week', 7 * 86_400],
	['day', 86_400],
	['hour', 3_600],
	['minute', 60]
];

function toDate(value: string | Date): Date {
	return typeof value === 'string' ? new Date(value) : value;
}

export function formatDateTime(value: string | Date): string {
	return dateTime.format(toDate(value));
}

export function formatDate(value: string | Date): string {
	return dateOnly.format(toDate(value));
}

export function formatTime(value: string | Date): string {
	return timeOnly.format(toDate(value));
}

/** "in 3 days", "5 minutes ago", "now". */
export function formatRelative(value: string | Date, now = Date.now()): string {
	const seconds = Math.round((toDate(value).getTime() - now) / 1000);
	for (const [unit, size] of UNITS) {
		if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
	}
	return Math.abs(seconds) < 45 ? 'just now' : relative.format(seconds, 'second');
}

/** "45 s", "14 min", "1 h 5 min": how long until a retry is allowed. */
export function formatDuration(totalSeconds: number): string {
	const seconds = Math.max(0, Math.ceil(totalSeconds));
	if (seconds < 60) return `${seconds} s`;
	const minutes = Math.ceil(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	const rest = minutes % 60;
	return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** "14:05" (minutes:seconds), or "1:02:05" past an hour: a ticking countdown. */
export function formatClock(totalSeconds: number): string {
	const seconds = Math.max(0, Math.ceil(totalSeconds));
	const pad = (n: number) => String(n).padStart(2, '0');
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = seconds % 60;
	return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Two initials for an avatar, from a name (or an email when the name is empty). */
export function initials(name: string, email = ''): string {
	const words = (name.trim() || email.split('@')[0] || '?').split(/[\s._-]+/).filter(Boolean);
	const letters = words.length > 1 ? `${words[0]![0]}${words[words.length - 1]![0]}` : (words[0] ?? '?').slice(0, 2);
	return letters.toUpperCase();
}

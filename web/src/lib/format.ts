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

// ---------------------------------------------------------------------------------------------
// Money and time asleep. The API sends money as integers (cents for amounts, micro-dollars per
// hour for prices); these helpers only format them, from a decimal string built with integer
// arithmetic, so no float ever carries money.
// ---------------------------------------------------------------------------------------------

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string, fractionDigits: { min: number; max: number }, compact = false): Intl.NumberFormat {
	const key = `${currency}:${fractionDigits.min}:${fractionDigits.max}:${compact}`;
	let format = moneyFormats.get(key);
	if (!format) {
		format = new Intl.NumberFormat(undefined, {
			style: 'currency',
			currency,
			minimumFractionDigits: fractionDigits.min,
			maximumFractionDigits: fractionDigits.max,
			...(compact && { notation: 'compact' })
		});
		moneyFormats.set(key, format);
	}
	return format;
}

/** An integer amount of minor units as a decimal string ("-12.05" for -1205 with scale 100). */
function decimalString(units: number, scale: bigint): `${number}` {
	const value = BigInt(Math.trunc(units));
	const negative = value < 0n;
	const abs = negative ? -value : value;
	const digits = scale.toString().length - 1;
	const fraction = (abs % scale).toString().padStart(digits, '0');
	return `${negative ? '-' : ''}${abs / scale}${digits ? `.${fraction}` : ''}` as `${number}`;
}

/** "$1,234.56": integer cents with the currency (USD unless the API says otherwise). */
export function formatCents(cents: number, currency = 'USD'): string {
	return moneyFormat(currency, { min: 2, max: 2 }).format(decimalString(cents, 100n));
}

/** For chart axes: "$1.2K" from $1,000 up, else "$250", "$2.5", "$0.01" (integer cents in). */
export function formatCentsCompact(cents: number, currency = 'USD'): string {
	if (Math.abs(cents) >= 100_000) return moneyFormat(currency, { min: 0, max: 1 }, true).format(decimalString(cents, 100n));
	return moneyFormat(currency, { min: 0, max: 2 }).format(decimalString(cents, 100n));
}

/** "$0.072/h": a price in integer micro-dollars per hour (up to 4 decimals, at least 2). */
export function formatHourlyMicros(micros: number, currency = 'USD'): string {
	return `${moneyFormat(currency, { min: 2, max: 4 }).format(decimalString(micros, 1_000_000n))}/h`;
}

/** The number of micro-dollars in a price typed as dollars ("0.072" → 72000), or null if it is not one. */
export function parseDollarsToMicros(text: string): number | null {
	const match = /^\s*\$?\s*(\d{0,7})(?:[.,](\d{0,6}))?\s*$/.exec(text);
	if (!match || (!match[1] && !match[2])) return null;
	const micros = Number(match[1] || '0') * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
	return Number.isSafeInteger(micros) ? micros : null;
}

/** "1,234 h", "3.5 h", "40 min": hours asleep (a display number, never money). */
export function formatHours(hours: number): string {
	if (hours > 0 && hours < 1) return `${Math.round(hours * 60)} min`;
	return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: hours < 10 ? 1 : 0 }).format(hours)} h`;
}

/** "+12%", "−4%": a trend against the previous period; null (nothing to compare with) is "—". */
export function formatPercentChange(percent: number | null): string {
	if (percent === null || !Number.isFinite(percent)) return '—';
	return new Intl.NumberFormat(undefined, { signDisplay: 'exceptZero', maximumFractionDigits: Math.abs(percent) < 10 ? 1 : 0 }).format(percent) + '%';
}

/** A price in micro-dollars as plain dollars for an input ("0.072" for 72000), built from integers. */
export function microsToDollarsText(micros: number): string {
	const text = decimalString(micros, 1_000_000n);
	return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

// Small shape checks for API responses, each throwing a TypeError naming the field that does not fit.
// Deprecated: the generated client (./api/client.ts) types every response; only resources/schedules.ts
// still uses these, until it moves to the generated client — then delete this file.

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or a TypeError naming `what`. */
export function object(value: unknown, what: string): Json {
	if (!isRecord(value)) throw new TypeError(`${what} is not an object`);
	return value;
}

export function string(data: Json, key: string, what: string): string {
	const value = data[key];
	if (typeof value !== 'string') throw new TypeError(`${what}.${key} is not a string`);
	return value;
}

export function nullableString(data: Json, key: string, what: string): string | null {
	const value = data[key];
	if (value === null || value === undefined) return null;
	if (typeof value !== 'string') throw new TypeError(`${what}.${key} is not a string or null`);
	return value;
}

export function boolean(data: Json, key: string, what: string): boolean {
	const value = data[key];
	if (typeof value !== 'boolean') throw new TypeError(`${what}.${key} is not a boolean`);
	return value;
}

export function nullableNumber(data: Json, key: string, what: string): number | null {
	const value = data[key];
	if (value === null || value === undefined) return null;
	if (typeof value !== 'number') throw new TypeError(`${what}.${key} is not a number or null`);
	return value;
}

/** One of the listed string values. */
export function oneOf<const T extends string>(data: Json, key: string, values: readonly T[], what: string): T {
	const value = data[key];
	if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
		throw new TypeError(`${what}.${key} is not one of ${values.join(', ')}`);
	}
	return value as T;
}

export function array<T>(data: Json, key: string, item: (value: unknown, what: string) => T, what: string): T[] {
	const value = data[key];
	if (!Array.isArray(value)) throw new TypeError(`${what}.${key} is not an array`);
	return value.map((entry, index) => item(entry, `${what}.${key}[${index}]`));
}

/** A cursor-paginated list: `{ data: T[], nextCursor: string | null }`. */
export interface Page<T> {
	data: T[];
	nextCursor: string | null;
}

export function pageOf<T>(item: (value: unknown, what: string) => T, what: string) {
	return (value: unknown): Page<T> => {
		const data = object(value, what);
		return { data: array(data, 'data', item, what), nextCursor: nullableString(data, 'nextCursor', what) };
	};
}

/** For 204 No Content answers. */
export function noContent(): void {}

// Savings API: what sleeping databases saved (summary, daily series, by database, by schedule or
// cause, per database), CSV exports, per-database price overrides, and the transitions to come.
// Money arrives as integers (cents; micro-dollars per hour for prices) and stays integer here.
import { apiRequest, apiUrl } from '../api.ts';
import { array, boolean, nullableNumber, nullableString, object, oneOf, string, type Json } from '../parse.ts';
import type { Permission } from '../roles.ts';
import { POWER_STATES, PROVIDERS, type PowerState, type Provider } from './instances.ts';

/** Who may set a database's price (the API's permission for PUT /instances/{id}/price). */
export const PRICE_PERMISSION: Permission = 'pricing:write';

/** An inclusive range of days in the organization's timezone (YYYY-MM-DD); empty = the API's default (last 30 days). */
export interface DayRange {
	from?: string;
	to?: string;
}

export interface TopSaver {
	instanceId: string;
	name: string;
	provider: Provider;
	savedCents: number;
	hoursAsleep: number;
	priceSource: string;
}

export interface SavingsSummary {
	currency: string;
	timezone: string;
	from: string;
	to: string;
	totalCents: number;
	previousPeriodCents: number;
	trendPercent: number | null;
	monthToDateCents: number;
	lastMonthSameDaysCents: number;
	allTimeCents: number;
	hoursAsleep: number;
	ongoing: { databasesAsleep: number; centsPerHour: number; accruedCents: number };
	unpricedDatabases: number;
	topSavers: TopSaver[];
	storageNote: string;
}

export interface DailySavings {
	day: string;
	savedCents: number;
	hoursAsleep: number;
	actualCostCents: number;
	projectedCostCents: number;
}

export interface DailySeries {
	currency: string;
	timezone: string;
	items: DailySavings[];
}

export interface InstanceSavingsRow {
	instanceId: string;
	name: string;
	provider: Provider;
	region: string;
	engine: string;
	instanceClass: string | null;
	/** null: no price known (shown as "price unknown — set one", never as $0). */
	hourlyPriceMicros: number | null;
	/** "catalog 2026-11", "override" or "unknown". */
	priceSource: string;
	discountPercent: number;
	savedCents: number;
	hoursAsleep: number;
	asleepNow: boolean;
}

export interface ScheduleSavingsRow {
	causeKind: string;
	causeId: string | null;
	name: string;
	savedCents: number;
	hoursAsleep: number;
	databases: number;
}

export interface InstanceSavings {
	currency: string;
	timezone: string;
	instanceId: string;
	hourlyPriceMicros: number | null;
	priceSource: string;
	totalCents: number;
	asleepNow: boolean;
	ongoingCents: number;
	items: DailySavings[];
}

export interface UpcomingTransition {
	at: string;
	instanceId: string;
	name: string;
	provider: Provider;
	region: string;
	currentState: PowerState;
	action: 'stop' | 'start';
	cause: { kind: 'schedule' | 'override'; id: string; name: string };
	/** Why the agent will let it pass; null when it will act. */
	skipReason: string | null;
}

export interface UpcomingTransitions {
	from: string;
	to: string;
	items: UpcomingTransition[];
	/** How many there are in the window (items holds the earliest, up to the limit). */
	total: number;
	truncated: boolean;
}

// ---------------------------------------------------------------------------------------------
// Shape checks
// ---------------------------------------------------------------------------------------------

/** An integer (money is never fractional on the wire). */
function integer(data: Json, key: string, what: string): number {
	const value = data[key];
	if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${what}.${key} is not an integer`);
	return value;
}

function nullableInteger(data: Json, key: string, what: string): number | null {
	const value = nullableNumber(data, key, what);
	if (value !== null && !Number.isInteger(value)) throw new TypeError(`${what}.${key} is not an integer or null`);
	return value;
}

/** A display number (hours, percentages): finite. */
function finite(data: Json, key: string, what: string): number {
	const value = data[key];
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${what}.${key} is not a number`);
	return value;
}

function currencyOf(data: Json, what: string): string {
	const value = string(data, 'currency', what);
	if (!/^[A-Z]{3}$/.test(value)) throw new TypeError(`${what}.currency is not an ISO 4217 code`);
	return value;
}

function parseTopSaver(value: unknown, what: string): TopSaver {
	const data = object(value, what);
	return {
		instanceId: string(data, 'instanceId', what),
		name: string(data, 'name', what),
		provider: oneOf(data, 'provider', PROVIDERS, what),
		savedCents: integer(data, 'savedCents', what),
		hoursAsleep: finite(data, 'hoursAsleep', what),
		priceSource: string(data, 'priceSource', what)
	};
}

export function parseSummary(value: unknown): SavingsSummary {
	const what = 'savings';
	const data = object(value, what);
	const ongoing = object(data.ongoing, `${what}.ongoing`);
	return {
		currency: currencyOf(data, what),
		timezone: string(data, 'timezone', what),
		from: string(data, 'from', what),
		to: string(data, 'to', what),
		totalCents: integer(data, 'totalCents', what),
		previousPeriodCents: integer(data, 'previousPeriodCents', what),
		trendPercent: nullableNumber(data, 'trendPercent', what),
		monthToDateCents: integer(data, 'monthToDateCents', what),
		lastMonthSameDaysCents: integer(data, 'lastMonthSameDaysCents', what),
		allTimeCents: integer(data, 'allTimeCents', what),
		hoursAsleep: finite(data, 'hoursAsleep', what),
		ongoing: {
			databasesAsleep: integer(ongoing, 'databasesAsleep', `${what}.ongoing`),
			centsPerHour: integer(ongoing, 'centsPerHour', `${what}.ongoing`),
			accruedCents: integer(ongoing, 'accruedCents', `${what}.ongoing`)
		},
		unpricedDatabases: integer(data, 'unpricedDatabases', what),
		topSavers: array(data, 'topSavers', parseTopSaver, what),
		storageNote: string(data, 'storageNote', what)
	};
}

function parseDay(value: unknown, what: string): DailySavings {
	const data = object(value, what);
	return {
		day: string(data, 'day', what),
		savedCents: integer(data, 'savedCents', what),
		hoursAsleep: finite(data, 'hoursAsleep', what),
		actualCostCents: integer(data, 'actualCostCents', what),
		projectedCostCents: integer(data, 'projectedCostCents', what)
	};
}

export function parseDaily(value: unknown): DailySeries {
	const what = 'daily savings';
	const data = object(value, what);
	return { currency: currencyOf(data, what), timezone: string(data, 'timezone', what), items: array(data, 'items', parseDay, what) };
}

function parseInstanceRow(value: unknown, what: string): InstanceSavingsRow {
	const data = object(value, what);
	return {
		instanceId: string(data, 'instanceId', what),
		name: string(data, 'name', what),
		provider: oneOf(data, 'provider', PROVIDERS, what),
		region: string(data, 'region', what),
		engine: string(data, 'engine', what),
		instanceClass: nullableString(data, 'instanceClass', what),
		hourlyPriceMicros: nullableInteger(data, 'hourlyPriceMicros', what),
		priceSource: string(data, 'priceSource', what),
		discountPercent: finite(data, 'discountPercent', what),
		savedCents: integer(data, 'savedCents', what),
		hoursAsleep: finite(data, 'hoursAsleep', what),
		asleepNow: boolean(data, 'asleepNow', what)
	};
}

function parseScheduleRow(value: unknown, what: string): ScheduleSavingsRow {
	const data = object(value, what);
	return {
		causeKind: string(data, 'causeKind', what),
		causeId: nullableString(data, 'causeId', what),
		name: string(data, 'name', what),
		savedCents: integer(data, 'savedCents', what),
		hoursAsleep: finite(data, 'hoursAsleep', what),
		databases: integer(data, 'databases', what)
	};
}

export function parseInstanceSavings(value: unknown): InstanceSavings {
	const what = 'database savings';
	const data = object(value, what);
	return {
		currency: currencyOf(data, what),
		timezone: string(data, 'timezone', what),
		instanceId: string(data, 'instanceId', what),
		hourlyPriceMicros: nullableInteger(data, 'hourlyPriceMicros', what),
		priceSource: string(data, 'priceSource', what),
		totalCents: integer(data, 'totalCents', what),
		asleepNow: boolean(data, 'asleepNow', what),
		ongoingCents: integer(data, 'ongoingCents', what),
		items: array(data, 'items', parseDay, what)
	};
}

function parseTransition(value: unknown, what: string): UpcomingTransition {
	const data = object(value, what);
	const cause = object(data.cause, `${what}.cause`);
	const state = data.currentState;
	return {
		at: string(data, 'at', what),
		instanceId: string(data, 'instanceId', what),
		name: string(data, 'name', what),
		provider: oneOf(data, 'provider', PROVIDERS, what),
		region: string(data, 'region', what),
		currentState: (POWER_STATES as readonly unknown[]).includes(state) ? (state as PowerState) : 'unknown',
		action: oneOf(data, 'action', ['stop', 'start'], what),
		cause: {
			kind: oneOf(cause, 'kind', ['schedule', 'override'], `${what}.cause`),
			id: string(cause, 'id', `${what}.cause`),
			name: string(cause, 'name', `${what}.cause`)
		},
		skipReason: nullableString(data, 'skipReason', what)
	};
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

function rangeQuery(range: DayRange, extra: Record<string, string | undefined> = {}): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries({ from: range.from, to: range.to, ...extra })) if (value) params.set(key, value);
	const search = params.toString();
	return search ? `?${search}` : '';
}

export function getSavingsSummary(range: DayRange = {}) {
	return apiRequest(`/savings${rangeQuery(range)}`, parseSummary);
}

export function getDailySavings(range: DayRange = {}, instanceId?: string) {
	return apiRequest(`/savings/daily${rangeQuery(range, { instanceId })}`, parseDaily);
}

export function getSavingsByInstance(range: DayRange = {}) {
	return apiRequest(`/savings/by-instance${rangeQuery(range)}`, (value) => {
		const data = object(value, 'savings by database');
		return { currency: currencyOf(data, 'savings by database'), items: array(data, 'items', parseInstanceRow, 'savings by database') };
	});
}

export function getSavingsBySchedule(range: DayRange = {}) {
	return apiRequest(`/savings/by-schedule${rangeQuery(range)}`, (value) => {
		const data = object(value, 'savings by schedule');
		return { currency: currencyOf(data, 'savings by schedule'), items: array(data, 'items', parseScheduleRow, 'savings by schedule') };
	});
}

export function getInstanceSavings(instanceId: string, range: DayRange = {}) {
	return apiRequest(`/instances/${encodeURIComponent(instanceId)}/savings${rangeQuery(range)}`, parseInstanceSavings);
}

/** Sets a database's price per hour in micro-dollars; null goes back to the catalog. */
export function setInstancePrice(instanceId: string, hourlyPriceMicros: number | null) {
	return apiRequest(`/instances/${encodeURIComponent(instanceId)}/price`, () => undefined, { method: 'PUT', body: { hourlyPriceMicros } });
}

/** The CSV download of a savings table for the same range (the API's `?format=csv`). */
export function savingsCsvUrl(table: 'daily' | 'by-instance' | 'by-schedule', range: DayRange = {}): string {
	return apiUrl(`/savings/${table}`, { format: 'csv', from: range.from, to: range.to });
}

export function getUpcomingTransitions(hours = 24, limit = 500) {
	return apiRequest(`/transitions/upcoming?hours=${hours}&limit=${limit}`, (value): UpcomingTransitions => {
		const data = object(value, 'upcoming transitions');
		return {
			from: string(data, 'from', 'upcoming transitions'),
			to: string(data, 'to', 'upcoming transitions'),
			items: array(data, 'items', parseTransition, 'upcoming transitions'),
			total: integer(data, 'total', 'upcoming transitions'),
			truncated: boolean(data, 'truncated', 'upcoming transitions')
		};
	});
}

// ---------------------------------------------------------------------------------------------
// Days in the organization's timezone
// ---------------------------------------------------------------------------------------------

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The YYYY-MM-DD `days` calendar days before or after `day` (calendar arithmetic, no time zone). */
export function addDays(day: string, days: number): string {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The last `days` days up to today in `timeZone`, inclusive. */
export function lastDays(days: number, timeZone: string, now = new Date()): Required<DayRange> {
	const to = todayIn(timeZone, now);
	return { from: addDays(to, -(days - 1)), to };
}

/** A YYYY-MM-DD day as a Date at noon UTC, for formatting it as a date without shifting it a day. */
export function dayAsDate(day: string): Date {
	return new Date(`${day}T12:00:00Z`);
}

/** A day label ("Nov 30") of a YYYY-MM-DD day, in the person's locale. */
export function formatDay(day: string, options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' }): string {
	return new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' }).format(dayAsDate(day));
}

/** The price source in words: "catalog 2026-11", "override", or "price unknown". */
export function priceSourceLabel(source: string, hourlyPriceMicros?: number | null): string {
	if (hourlyPriceMicros === null || source === 'unknown') return 'price unknown';
	return source;
}

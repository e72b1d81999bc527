// Savings API: what sleeping databases saved (summary, daily series, by database, by schedule or
// cause, per database), CSV exports, per-database price overrides, and the transitions to come.
// Money arrives as integers (cents; micro-dollars per hour for prices) and stays integer here.
import { apiUrl } from '../api.ts';
import { api, body, compact, type Schemas } from '../api/client.ts';
import type { Permission } from '../roles.ts';

/** Who may set a database's price (the API's permission for PUT /instances/{id}/price). */
export const PRICE_PERMISSION: Permission = 'pricing:write';

/** An inclusive range of days in the organization's timezone (YYYY-MM-DD); empty = the API's default (last 30 days). */
export interface DayRange {
	from?: string;
	to?: string;
}

export type SavingsSummary = Schemas['SavingsSummary'];
export type TopSaver = SavingsSummary['topSavers'][number];
export type DailySavings = Schemas['SavingsDay'];
export type DailySeries = Schemas['SavingsDaily'];
export type InstanceSavingsRow = Schemas['InstanceSavings'];
export type ScheduleSavingsRow = Schemas['CauseSavings'];
export type InstanceSavings = Schemas['DatabaseSavings'];
export type UpcomingTransition = Schemas['UpcomingTransition'];
export type UpcomingTransitions = Schemas['UpcomingTransitions'];

const range = (days: DayRange) => compact({ from: days.from, to: days.to });

export function getSavingsSummary(days: DayRange = {}) {
	return body(api.GET('/savings', { params: { query: range(days) } }));
}

export function getDailySavings(days: DayRange = {}, instanceId?: string) {
	return body(api.GET('/savings/daily', { params: { query: { ...range(days), ...(instanceId && { instanceId }) } } }));
}

export function getSavingsByInstance(days: DayRange = {}) {
	return body(api.GET('/savings/by-instance', { params: { query: range(days) } }));
}

export function getSavingsBySchedule(days: DayRange = {}) {
	return body(api.GET('/savings/by-schedule', { params: { query: range(days) } }));
}

export function getInstanceSavings(instanceId: string, days: DayRange = {}) {
	return body(api.GET('/instances/{id}/savings', { params: { path: { id: instanceId }, query: range(days) } }));
}

/** Sets a database's price per hour in micro-dollars; null goes back to the catalog. */
export async function setInstancePrice(instanceId: string, hourlyPriceMicros: number | null): Promise<void> {
	await body(api.PUT('/instances/{id}/price', { params: { path: { id: instanceId } }, body: { hourlyPriceMicros } }));
}

/** The CSV download of a savings table for the same range (the API's `?format=csv`). */
export function savingsCsvUrl(table: 'daily' | 'by-instance' | 'by-schedule', days: DayRange = {}): string {
	return apiUrl(`/savings/${table}`, { format: 'csv', from: days.from, to: days.to });
}

export function getUpcomingTransitions(hours = 24, limit = 500) {
	return body(api.GET('/transitions/upcoming', { params: { query: { hours, limit } } }));
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

// Recommendations API: schedules proposed from each database's hourly activity (with the
// hour-of-week evidence, confidence and projected monthly savings in integer cents), the reasons
// other databases have none, and apply / dismiss / analyse now.
import { apiRequest } from '../api.ts';
import { array, boolean, isRecord, nullableNumber, nullableString, object, oneOf, string, type Json } from '../parse.ts';
import type { Permission } from '../roles.ts';

/** Who may apply, dismiss and re-analyse (the API's permission for those routes). */
export const RECOMMENDATIONS_PERMISSION: Permission = 'schedules:write';

export const RECOMMENDATION_KINDS = ['schedule', 'skipped', 'waiting'] as const;
export type RecommendationKind = (typeof RECOMMENDATION_KINDS)[number];
export const RECOMMENDATION_STATUSES = ['open', 'applied', 'dismissed'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

/** Hours in a week, Monday 00:00 first (the evidence's slot order). */
export const HOURS_PER_WEEK = 168;

export interface Projection {
	asleepHoursPerWeek: number;
	asleepHoursPerMonth: number;
	hourlyPriceMicros: number | null;
	priceSource: string;
	/** null when the price is unknown (never shown as $0). */
	monthlySavingsCents: number | null;
	currency: string;
}

export interface Evidence {
	timezone: string;
	from: string;
	to: string;
	daysOfData: number;
	hoursObserved: number;
	/** Per hour of the week: percent of observed weeks it was active; null = no data. */
	activePercent: (number | null)[];
	weeks: number[];
	/** Per hour of the week: awake in the proposal (null when nothing is proposed). */
	proposedAwake: boolean[] | null;
	coveragePercent: number;
	consistencyPercent: number;
	thresholds: { cpuPercent: number; connections: number | null; connectionsNote: string };
}

export interface Recommendation {
	id: string;
	kind: RecommendationKind;
	status: RecommendationStatus;
	instance: { id: string; name: string; provider: string; region: string; engine: string };
	summary: string;
	reason: string | null;
	confidencePercent: number;
	confidence: ConfidenceLevel | null;
	proposedSchedule: Record<string, unknown> | null;
	projection: Projection | null;
	evidence: Evidence | null;
	appliedScheduleId: string | null;
	analyzedAt: string;
}

export interface Recommendations {
	items: Recommendation[];
	skipped: Recommendation[];
}

export interface AnalysisResult {
	analyzed: number;
	proposed: number;
	skipped: number;
	waiting: number;
}

export const REASON_LABELS: Record<string, string> = {
	busy: 'Busy',
	irregular: 'Irregular use',
	ineligible: 'Cannot be stopped',
	scheduled: 'Already scheduled',
	'low-confidence': 'Low confidence',
	'not-enough-data': 'Collecting data'
};

// ---------------------------------------------------------------------------------------------
// Shape checks

function finite(data: Json, key: string, what: string): number {
	const value = data[key];
	if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${what}.${key} is not a number`);
	return value;
}

function nullableInteger(data: Json, key: string, what: string): number | null {
	const value = nullableNumber(data, key, what);
	if (value !== null && !Number.isInteger(value)) throw new TypeError(`${what}.${key} is not an integer or null`);
	return value;
}

function slots<T>(data: Json, key: string, item: (value: unknown) => value is T, what: string): T[] {
	const value = data[key];
	if (!Array.isArray(value) || value.length !== HOURS_PER_WEEK || !value.every(item)) throw new TypeError(`${what}.${key} is not ${HOURS_PER_WEEK} hours of the week`);
	return value;
}

const percentOrNull = (v: unknown): v is number | null => v === null || (typeof v === 'number' && v >= 0 && v <= 100);
const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const flag = (v: unknown): v is boolean => typeof v === 'boolean';

function parseProjection(value: unknown, what: string): Projection | null {
	if (value === null) return null;
	const data = object(value, what);
	return {
		asleepHoursPerWeek: finite(data, 'asleepHoursPerWeek', what),
		asleepHoursPerMonth: finite(data, 'asleepHoursPerMonth', what),
		hourlyPriceMicros: nullableInteger(data, 'hourlyPriceMicros', what),
		priceSource: string(data, 'priceSource', what),
		monthlySavingsCents: nullableInteger(data, 'monthlySavingsCents', what),
		currency: string(data, 'currency', what)
	};
}

function parseEvidence(value: unknown, what: string): Evidence | null {
	if (value === null) return null;
	const data = object(value, what);
	const thresholds = object(data.thresholds, `${what}.thresholds`);
	return {
		timezone: string(data, 'timezone', what),
		from: string(data, 'from', what),
		to: string(data, 'to', what),
		daysOfData: finite(data, 'daysOfData', what),
		hoursObserved: finite(data, 'hoursObserved', what),
		activePercent: slots(data, 'activePercent', percentOrNull, what),
		weeks: slots(data, 'weeks', count, what),
		proposedAwake: data.proposedAwake === null ? null : slots(data, 'proposedAwake', flag, what),
		coveragePercent: finite(data, 'coveragePercent', what),
		consistencyPercent: finite(data, 'consistencyPercent', what),
		thresholds: {
			cpuPercent: finite(thresholds, 'cpuPercent', `${what}.thresholds`),
			connections: nullableNumber(thresholds, 'connections', `${what}.thresholds`),
			connectionsNote: string(thresholds, 'connectionsNote', `${what}.thresholds`)
		}
	};
}

export function parseRecommendation(value: unknown, what = 'recommendation'): Recommendation {
	const data = object(value, what);
	const instance = object(data.instance, `${what}.instance`);
	return {
		id: string(data, 'id', what),
		kind: oneOf(data, 'kind', RECOMMENDATION_KINDS, what),
		status: oneOf(data, 'status', RECOMMENDATION_STATUSES, what),
		instance: {
			id: string(instance, 'id', `${what}.instance`),
			name: string(instance, 'name', `${what}.instance`),
			provider: string(instance, 'provider', `${what}.instance`),
			region: string(instance, 'region', `${what}.instance`),
			engine: string(instance, 'engine', `${what}.instance`)
		},
		summary: string(data, 'summary', what),
		reason: nullableString(data, 'reason', what),
		confidencePercent: finite(data, 'confidencePercent', what),
		confidence: data.confidence === null ? null : oneOf(data, 'confidence', CONFIDENCE_LEVELS, what),
		proposedSchedule: isRecord(data.proposedSchedule) ? data.proposedSchedule : null,
		projection: parseProjection(data.projection ?? null, `${what}.projection`),
		evidence: parseEvidence(data.evidence ?? null, `${what}.evidence`),
		appliedScheduleId: nullableString(data, 'appliedScheduleId', what),
		analyzedAt: string(data, 'analyzedAt', what)
	};
}

function parseList(value: unknown): Recommendations {
	const data = object(value, 'recommendations');
	return { items: array(data, 'items', parseRecommendation, 'recommendations'), skipped: array(data, 'skipped', parseRecommendation, 'recommendations') };
}

function parseAnalysis(value: unknown): AnalysisResult {
	const data = object(value, 'analysis');
	return { analyzed: finite(data, 'analyzed', 'analysis'), proposed: finite(data, 'proposed', 'analysis'), skipped: finite(data, 'skipped', 'analysis'), waiting: finite(data, 'waiting', 'analysis') };
}

function parseApplied(value: unknown): { recommendation: Recommendation; schedule: { id: string; name: string; created: boolean } } {
	const data = object(value, 'applied recommendation');
	const schedule = object(data.schedule, 'applied recommendation.schedule');
	return {
		recommendation: parseRecommendation(data.recommendation),
		schedule: { id: string(schedule, 'id', 'schedule'), name: string(schedule, 'name', 'schedule'), created: boolean(schedule, 'created', 'schedule') }
	};
}

// ---------------------------------------------------------------------------------------------
// Requests

export function listRecommendations(): Promise<Recommendations> {
	return apiRequest('/recommendations', parseList);
}

export function analyzeRecommendations(): Promise<AnalysisResult> {
	return apiRequest('/recommendations/analyze', parseAnalysis, { method: 'POST' });
}

export function applyRecommendation(id: string) {
	return apiRequest(`/recommendations/${encodeURIComponent(id)}/apply`, parseApplied, { method: 'POST' });
}

export function dismissRecommendation(id: string): Promise<Recommendation> {
	return apiRequest(`/recommendations/${encodeURIComponent(id)}/dismiss`, (v) => parseRecommendation(v), { method: 'POST' });
}

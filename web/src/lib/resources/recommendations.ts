// Recommendations API: schedules proposed from each database's hourly activity (with the
// hour-of-week evidence, confidence and projected monthly savings in integer cents), the reasons
// other databases have none, and apply / dismiss / analyse now.
import { api, body, type Schemas } from '../api/client.ts';
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

export type Recommendation = Schemas['Recommendation'];
export type Projection = NonNullable<Recommendation['projection']>;
export type Evidence = NonNullable<Recommendation['evidence']>;
export type Recommendations = Schemas['RecommendationList'];
export type AnalysisResult = Schemas['RecommendationAnalysis'];
export type AppliedRecommendation = Schemas['AppliedRecommendation'];

export const REASON_LABELS: Record<string, string> = {
	busy: 'Busy',
	irregular: 'Irregular use',
	ineligible: 'Cannot be stopped',
	scheduled: 'Already scheduled',
	'low-confidence': 'Low confidence',
	'not-enough-data': 'Collecting data'
};

// ---------------------------------------------------------------------------------------------
// Requests

export function listRecommendations(): Promise<Recommendations> {
	return body(api.GET('/recommendations'));
}

export function analyzeRecommendations(): Promise<AnalysisResult> {
	return body(api.POST('/recommendations/analyze'));
}

export function applyRecommendation(id: string): Promise<AppliedRecommendation> {
	return body(api.POST('/recommendations/{id}/apply', { params: { path: { id } } }));
}

export function dismissRecommendation(id: string): Promise<Recommendation> {
	return body(api.POST('/recommendations/{id}/dismiss', { params: { path: { id } } }));
}

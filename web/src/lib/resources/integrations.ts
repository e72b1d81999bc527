// Integrations API: Slack (app or incoming webhook) and Standard Webhooks-signed webhooks — list,
// add (a webhook's secret is in that answer only), change, remove, test, delivery log, Add to Slack.
import { api, body, withOptions, type Schemas } from '../api/client.ts';

export type Integration = Schemas['Integration'];
export type IntegrationKind = Integration['kind'];
export const INTEGRATION_KINDS = ['webhook', 'slack_webhook', 'slack_app'] as const satisfies readonly IntegrationKind[];

export const KIND_LABELS: Record<IntegrationKind, string> = {
	webhook: 'Webhook',
	slack_webhook: 'Slack webhook',
	slack_app: 'Slack app'
};

export type CreatedIntegration = Schemas['CreatedIntegration'];
export type CreateIntegrationRequest = Schemas['CreateIntegrationRequest'];
export type UpdateIntegrationRequest = Schemas['UpdateIntegrationRequest'];
/** A notification type an integration can subscribe to (the API's enum). */
export type NotificationType = NonNullable<UpdateIntegrationRequest['eventTypes']>[number];

type EventTypeEntry = Awaited<ReturnType<typeof getEventTypes>>[number];
/**
 * One entry of GET /integrations/event-types; `coming` = not produced yet: shown, not offered.
 * The API's schema declares `type` as a plain string; it is one of the notification types the
 * create/update requests accept, so it is narrowed here (remove once the schema declares the enum).
 */
export type EventType = Omit<EventTypeEntry, 'type'> & { type: NotificationType };

export type Delivery = Schemas['Delivery'];
export type DeliveryStatus = Delivery['status'];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const satisfies readonly DeliveryStatus[];

const byId = (id: string) => ({ params: { path: { id } } });

export async function listIntegrations() {
	return (await body(api.GET('/integrations'))).data;
}

const getEventTypes = async () => (await body(api.GET('/integrations/event-types'))).data;

export async function listEventTypes(): Promise<EventType[]> {
	return (await getEventTypes()) as EventType[];
}

export function createIntegration(request: CreateIntegrationRequest) {
	return body(api.POST('/integrations', { body: request }));
}

export function updateIntegration(id: string, request: UpdateIntegrationRequest) {
	return body(api.PATCH('/integrations/{id}', { ...byId(id), body: request }));
}

export async function deleteIntegration(id: string): Promise<void> {
	await body(api.DELETE('/integrations/{id}', byId(id)));
}

/** Sends a test notification; waits for the first attempt (up to 30 s). */
export function testIntegration(id: string) {
	return body(api.POST('/integrations/{id}/test', { ...byId(id), fetch: withOptions({ timeoutMs: 30_000 }) }));
}

export function listDeliveries(id: string) {
	return body(api.GET('/integrations/{id}/deliveries', { params: { path: { id }, query: { limit: 50 } } }));
}

export async function slackInstallUrl() {
	return (await body(api.GET('/integrations/slack/install'))).url;
}

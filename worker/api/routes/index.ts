/** The route table: every /api/v1 route registers here, one file per resource action. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../context.ts";
import { registerHealth } from "./health.ts";
import { registerChangePassword } from "./auth/change-password.ts";
import { registerLogin } from "./auth/login.ts";
import { registerLogout } from "./auth/logout.ts";
import { registerMe } from "./auth/me.ts";
import { registerSignup } from "./auth/signup.ts";
import { registerEmailLinks } from "./auth/email-links.ts";
import { registerSwitchOrganization } from "./auth/switch-organization.ts";
import { registerSessions } from "./auth/sessions.ts";
import { registerReseal } from "./security/reseal.ts";
import { registerCreateToken } from "./tokens/create-token.ts";
import { registerListTokens } from "./tokens/list-tokens.ts";
import { registerRevokeToken } from "./tokens/revoke-token.ts";
import { registerListMembers } from "./members/list-members.ts";
import { registerChangeMember } from "./members/change-member.ts";
import { registerInvitations } from "./invitations/invitations.ts";
import { registerListAuditLog } from "./audit/list-audit-log.ts";
import { registerConnectAccount } from "./accounts/connect-account.ts";
import { registerReadAccounts } from "./accounts/read-accounts.ts";
import { registerUpdateAccount } from "./accounts/update-account.ts";
import { registerAccountActions } from "./accounts/account-actions.ts";
import { registerListEvents } from "./events/list-events.ts";
import { registerReadInstances } from "./instances/read-instances.ts";
import { registerInstanceActions } from "./instances/instance-actions.ts";
import { registerInstanceSchedules } from "./instances/instance-schedules.ts";
import { registerOverrides } from "./overrides/overrides.ts";
import { registerSchedules } from "./schedules/schedules.ts";
import { registerScheduleOverview } from "./schedules/schedule-overview.ts";
import { registerPolicies } from "./policies/policies.ts";
import { registerInstancePrice } from "./instances/instance-price.ts";
import { registerAccountPricing } from "./accounts/account-pricing.ts";
import { registerSavingsSummary } from "./savings/savings-summary.ts";
import { registerSavingsDaily } from "./savings/savings-daily.ts";
import { registerSavingsByInstance } from "./savings/savings-by-instance.ts";
import { registerSavingsBySchedule } from "./savings/savings-by-schedule.ts";
import { registerInstanceSavings } from "./savings/instance-savings.ts";
import { registerSavingsRecompute } from "./savings/savings-recompute.ts";
import { registerUpcomingTransitions } from "./transitions/upcoming.ts";
import { registerIntegrations } from "./integrations/integrations.ts";
import { registerIntegrationDeliveries } from "./integrations/deliveries.ts";
import { registerSlackInstall } from "./integrations/slack-install.ts";
import { registerSlackEndpoints } from "./slack/slack-endpoints.ts";
import { registerWebhookDocs } from "./integrations/webhook-docs.ts";
import { registerInstanceMetrics } from "./instances/instance-metrics.ts";
import { registerListRecommendations } from "./recommendations/list-recommendations.ts";
import { registerDecideRecommendation } from "./recommendations/decide-recommendation.ts";
import { registerSleepCalendar } from "./calendar/sleep-calendar.ts";

export function registerRoutes(v1: OpenAPIHono<AppEnv>): void {
  v1.openAPIRegistry.registerComponent("securitySchemes", "bearerToken", {
    type: "http",
    scheme: "bearer",
    description: "An API token (`sq_live_…`) from POST /api/v1/tokens.",
  });
  v1.openAPIRegistry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "__Host-sq_session",
    description: "The dashboard's session; mutations also need the X-CSRF-Token header.",
  });
  registerHealth(v1);
  registerSignup(v1);
  registerEmailLinks(v1);
  registerLogin(v1);
  registerLogout(v1);
  registerMe(v1);
  registerChangePassword(v1);
  registerSwitchOrganization(v1);
  registerSessions(v1);
  registerReseal(v1);
  registerCreateToken(v1);
  registerListTokens(v1);
  registerRevokeToken(v1);
  registerListMembers(v1);
  registerChangeMember(v1);
  registerInvitations(v1);
  registerListAuditLog(v1);
  registerConnectAccount(v1);
  registerReadAccounts(v1);
  registerUpdateAccount(v1);
  registerAccountActions(v1);
  registerListEvents(v1);
  registerReadInstances(v1);
  registerInstanceActions(v1);
  registerInstanceSchedules(v1);
  registerOverrides(v1);
  registerScheduleOverview(v1); // before /schedules/{id}, which would take "overview" for an id
  registerSchedules(v1);
  registerPolicies(v1);
  registerInstancePrice(v1);
  registerAccountPricing(v1);
  registerSavingsSummary(v1);
  registerSavingsDaily(v1);
  registerSavingsByInstance(v1);
  registerSavingsBySchedule(v1);
  registerInstanceSavings(v1);
  registerSavingsRecompute(v1);
  registerUpcomingTransitions(v1);
  registerSlackInstall(v1);
  registerIntegrations(v1);
  registerIntegrationDeliveries(v1);
  registerSlackEndpoints(v1);
  registerWebhookDocs(v1);
  registerInstanceMetrics(v1);
  registerListRecommendations(v1);
  registerDecideRecommendation(v1);
  registerSleepCalendar(v1);
}

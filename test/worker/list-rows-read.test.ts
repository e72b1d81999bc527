// A page of a list costs D1 rows in proportion to the page, not to the organization: with 1,000
// databases, thousands of events (hundreds of them at one instant, as when a schedule stops a
// fleet together) and long histories of overrides, audit entries, policy firings and deliveries,
// every list route reads a small multiple of its page size (D1's own `rows_read`, through the
// development-only `X-D1-Stats` header of worker/db/d1-stats.ts), on the first page and deep in
// the list. Positive control per route: the same request with the route's index as it was before
// migrations/0020_list_indexes.sql (or without it) reads past the bound, so the bound can fail.
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { createCloudAccount } from "../helpers/fixtures.ts";
import { copies, expectPagesReadAPage, PAGE, walk, type ListCase } from "../helpers/rows-read.ts";
import { holdSchedule } from "../helpers/simulator.ts";
import { IDLE_STOP } from "../helpers/policies.ts";
import { newId } from "../../worker/db/ids.ts";

const T0 = Date.UTC(2026, 9, 1, 18);
const MINUTE = 60_000;

let orgId: string;
let token: string;
let accountId: string;
let instanceId: string;
let policyId: string;
let integrationId: string;

beforeAll(async () => {
  ({ orgId } = await createOrgDirect("Fleet"));
  token = await tokenFor(orgId, "admin");
  accountId = await createCloudAccount(orgId);
  instanceId = newId("instance");
  await env.DB.prepare(
    `insert into instances (id, org_id, cloud_account_id, provider, kind, external_id, region, name, engine, created_at)
     values (?, ?, ?, 'aws', 'rds_instance', 'db-0', 'eu-west-1', 'db-0', 'postgres', ?)`,
  )
    .bind(instanceId, orgId, accountId, T0)
    .run();
  // 1,000 databases, created in runs of ten at one instant (discovery writes a listing together).
  await copies("instances", instanceId, 1000, "ins_fleet", {
    external_id: "'db-' || i",
    name: "'db-' || i",
    created_at: `${T0} + (i / 10) * ${MINUTE}`,
    state: "case i % 3 when 0 then 'stopped' else 'running' end",
  });

  // A year of nights, compressed: 12 instants at which 300 databases stopped together, and the
  // one database's own events in between.
  await env.DB.prepare(
    `insert into events (id, org_id, instance_id, cloud_account_id, type, cause_kind, occurred_at) values (?, ?, ?, ?, 'instance.stopped', 'schedule', ?)`,
  )
    .bind("evt_seed", orgId, instanceId, accountId, T0)
    .run();
  await copies("events", "evt_seed", 3600, "evt_night", {
    instance_id: `printf('ins_fleet_%06d', 1 + i % 1000)`,
    occurred_at: `${T0} + (i / 300) * 86400000`,
  });
  await copies("events", "evt_seed", 400, "evt_own", { occurred_at: `${T0} + i * 3600000 + 1` });
  // Another account's newest events: a filtered page must not read past them.
  const otherAccount = await createCloudAccount(orgId);
  await copies("events", "evt_seed", 1000, "evt_acct", { cloud_account_id: `'${otherAccount}'`, instance_id: "null", occurred_at: `${T0} + 20 * 86400000 + i * 1000` });

  // Schedules and policies, as the API creates them, then many like them.
  const headers = bearer(token);
  const schedule = await (await api("/schedules", { method: "POST", headers, body: JSON.stringify(holdSchedule("stopped")) })).json<{ id: string }>();
  await copies("schedules", schedule.id, 600, "sch_copy", { name: "'schedule ' || i", created_at: `${T0} + (i / 20) * ${MINUTE}` });
  const policy = await api("/policies", { method: "POST", headers, body: JSON.stringify(IDLE_STOP) });
  expect(policy.status).toBe(201);
  policyId = (await policy.json<{ id: string }>()).id;
  await copies("policies", policyId, 600, "pol_copy", { name: "'policy ' || i", created_at: `${T0} + (i / 20) * ${MINUTE}` });

  // Policy firings: one row per database per evaluated minute, so minutes tie by the hundred;
  // another policy's firings interleave.
  await env.DB.prepare(
    `insert into policy_evaluations (id, org_id, policy_id, instance_id, evaluated_at, outcome, dry_run, actions, reason, evidence)
     values ('pev_seed', ?, ?, ?, ?, 'would_act', 1, '[]', 'idle', '[]')`,
  )
    .bind(orgId, policyId, instanceId, T0)
    .run();
  await copies("policy_evaluations", "pev_seed", 2000, "pev_fire", {
    instance_id: `printf('ins_fleet_%06d', 1 + i % 1000)`,
    evaluated_at: `${T0} + (i / 250) * ${MINUTE}`,
  });
  await copies("policy_evaluations", "pev_seed", 2000, "pev_other", { policy_id: "'pol_copy_000001'", evaluated_at: `${T0} + (i / 250) * ${MINUTE} + 1` });

  // Overrides: a long history of used and cancelled ones, and a few active ones among them.
  await env.DB.prepare(
    `insert into overrides (id, org_id, instance_id, kind, until, cause_kind, created_at) values ('ovr_seed', ?, ?, 'keep_awake', ?, 'user', ?)`,
  )
    .bind(orgId, instanceId, Date.UTC(2099, 0, 1), T0)
    .run();
  // Kept awake in bulk: a hundred databases at one instant.
  await copies("overrides", "ovr_seed", 2000, "ovr_used", {
    instance_id: `printf('ins_fleet_%06d', 1 + i % 1000)`,
    created_at: `${T0} + (i / 100) * ${MINUTE}`,
    consumed_at: `case i % 2 when 0 then ${T0} + i * ${MINUTE} + 1 end`,
    cancelled_at: `case i % 2 when 1 then ${T0} + i * ${MINUTE} + 1 end`,
  });
  await copies("overrides", "ovr_seed", 60, "ovr_live", { created_at: `${T0} - i * ${MINUTE}` });

  // Audit log: 2,000 entries, in bursts of 100 at one instant (a bulk action).
  await env.DB.prepare(`insert into audit_log (id, org_id, actor_kind, action, target_type, target_id, created_at) values ('aud_seed', ?, 'system', 'instance.stopped', 'instance', ?, ?)`)
    .bind(orgId, instanceId, T0)
    .run();
  await copies("audit_log", "aud_seed", 2000, "aud_bulk", { created_at: `${T0} + (i / 100) * ${MINUTE}` });

  // Deliveries of two integrations: the one listed and a busier one.
  integrationId = newId("integration");
  await env.DB.prepare(`insert into integrations (id, org_id, kind, name, config_sealed) values (?, ?, 'webhook', 'hook', 'sealed'), ('int_busy', ?, 'webhook', 'busy', 'sealed')`)
    .bind(integrationId, orgId, orgId)
    .run();
  await env.DB.prepare(`insert into deliveries (id, org_id, integration_id, event_id, created_at) values ('dlv_seed', ?, ?, 'evt_seed', ?)`).bind(orgId, integrationId, T0).run();
  await copies("deliveries", "dlv_seed", 200, "dlv_mine", { event_id: "'e' || i", created_at: `${T0} + i * ${MINUTE}` });
  await copies("deliveries", "dlv_seed", 3000, "dlv_busy", { integration_id: "'int_busy'", event_id: "'e' || i", created_at: `${T0} + 200 * ${MINUTE} + i * 1000` });
}, 120_000);

const cases: ListCase[] = [
  { name: "databases", path: () => "/instances", pages: 20, index: "instances_org_created_idx", previous: null },
  { name: "events", path: () => "/events", pages: 30, index: "events_org_time_idx", previous: "create index events_org_time_idx on events (org_id, occurred_at)" },
  {
    name: "one database's events",
    path: () => `/events?instanceId=${instanceId}`,
    pages: 4,
    index: "events_instance_time_idx",
    previous: "create index events_instance_time_idx on events (instance_id, occurred_at)",
  },
  {
    name: "one account's events",
    path: () => `/events?cloudAccountId=${accountId}`,
    pages: 12,
    index: "events_account_time_idx",
    previous: "create index events_account_time_idx on events (cloud_account_id, occurred_at)",
  },
  { name: "schedules", path: () => "/schedules", pages: 12, index: "schedules_org_created_idx", previous: null },
  { name: "policies", path: () => "/policies", pages: 12, index: "policies_org_created_idx", previous: null },
  { name: "active overrides", path: () => "/overrides", pages: 1, index: "overrides_org_active_idx", previous: null },
  { name: "all overrides", path: () => "/overrides?active=false", pages: 12, index: "overrides_org_idx", previous: "create index overrides_org_idx on overrides (org_id, created_at)" },
  { name: "audit log", path: () => "/audit-log", pages: 12, index: "audit_log_org_time_idx", previous: "create index audit_log_org_time_idx on audit_log (org_id, created_at)" },
  {
    name: "policy history",
    path: () => `/policies/${policyId}/history`,
    pages: 12,
    index: "policy_evaluations_policy_idx",
    previous: "create index policy_evaluations_policy_idx on policy_evaluations (org_id, policy_id, evaluated_at)",
  },
  { name: "deliveries", path: () => `/integrations/${integrationId}/deliveries`, pages: 4, index: "deliveries_integration_time_idx", previous: null },
];

describe("D1 rows read by a page of a list", () => {
  for (const c of cases) {
    it(`${c.name}: each page reads a small multiple of the page, deep pages too; the index before 0020 reads far more`, async () => {
      await expectPagesReadAPage(c, await tokenFor(orgId, "admin"), Math.min(c.pages * PAGE, 60), "0020");
    });
  }

  it("the cursor seeks: a deep page of events reads no more than the first, where the disjunction alone re-reads every newer row", async () => {
    const own = await tokenFor(orgId, "admin");
    const { rows } = await walk("/events", own, 40);
    expect(rows.length).toBe(40);
    expect(rows[39]).toBeLessThanOrEqual(rows[0]! + 10);

    // The cursor predicate before 0020, on today's index: page 40 reads the 1,950 rows before it.
    const [last] = (await env.DB.prepare("select occurred_at as t, id from events where org_id = ? order by occurred_at desc, id desc limit 1 offset 1949").bind(orgId).all<{ t: number; id: string }>()).results;
    const old = await env.DB.prepare("select * from events where org_id = ? and (occurred_at < ? or (occurred_at = ? and id < ?)) order by occurred_at desc, id desc limit 51")
      .bind(orgId, last!.t, last!.t, last!.id)
      .all();
    expect(old.results).toHaveLength(51);
    expect(old.meta.rows_read).toBeGreaterThan(1900);
  });
});

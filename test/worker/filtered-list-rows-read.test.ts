// A filtered page of a list costs D1 rows in proportion to the page, not to the organization: the
// databases of one account, one provider, in one state or one region, one database's overrides, the
// audit log of one actor, one action or action prefix, one target or target type, and the events of
// one type, type prefix or cause each read a small multiple of the page (D1's own `rows_read`)
// although thousands of the organization's rows do not match; a filter nothing matches reads
// almost nothing. Positive control per filter: the same walk with the filter's index as it was
// before migrations/0022_filtered_list_indexes.sql or 0023_filtered_list_prefixes.sql (or without
// it) reads past the bound, so the bound can fail.
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "cloudflare:workers";
import { createOrgDirect, tokenFor } from "../helpers/auth.ts";
import { createCloudAccount } from "../helpers/fixtures.ts";
import { BOUND, copies, expectPagesReadAPage, measured, PAGE, withIndex, type ListCase } from "../helpers/rows-read.ts";
import { newId } from "../../worker/db/ids.ts";

const T0 = Date.UTC(2026, 9, 1, 18);
const MINUTE = 60_000;

let orgId: string;
let accountId: string;
let instanceId: string;

beforeAll(async () => {
  ({ orgId } = await createOrgDirect("Filtered fleet"));
  accountId = await createCloudAccount(orgId);
  const otherAccount = await createCloudAccount(orgId);
  instanceId = newId("instance");
  await env.DB.prepare(
    `insert into instances (id, org_id, cloud_account_id, provider, kind, external_id, region, name, engine, state, created_at)
     values (?, ?, ?, 'aws', 'rds_instance', 'db-0', 'eu-west-1', 'db-0', 'postgres', 'stopped', ?)`,
  )
    .bind(instanceId, orgId, accountId, T0)
    .run();
  // 2,000 databases, one in ten in the listed account, stopped, in eu-west-1; the rest elsewhere,
  // running, in us-east-1 (created in runs of ten at one instant, as discovery writes a listing);
  // another one in ten (not those) at GCP.
  const tenth = (yes: string, no: string) => `case i % 10 when 0 then ${yes} else ${no} end`;
  const gcp = (yes: string, no: string) => `case i % 10 when 5 then ${yes} else ${no} end`;
  await copies("instances", instanceId, 2000, "ins_fleet", {
    external_id: "'db-' || i",
    name: "'db-' || i",
    cloud_account_id: tenth(`'${accountId}'`, `'${otherAccount}'`),
    state: tenth("'stopped'", "'running'"),
    region: tenth("'eu-west-1'", "'us-east-1'"),
    provider: gcp("'gcp'", "'aws'"),
    kind: gcp("'cloudsql_instance'", "'rds_instance'"),
    created_at: `${T0} + (i / 10) * ${MINUTE}`,
  });

  // One database's overrides (half of them still active) among the fleet's long history of them.
  await env.DB.prepare(`insert into overrides (id, org_id, instance_id, kind, until, cause_kind, created_at) values ('ovr_seed', ?, ?, 'keep_awake', ?, 'user', ?)`)
    .bind(orgId, instanceId, Date.UTC(2099, 0, 1), T0)
    .run();
  await copies("overrides", "ovr_seed", 400, "ovr_mine", { created_at: `${T0} + i * 10 * ${MINUTE}`, consumed_at: `case i % 2 when 0 then ${T0} + i * 10 * ${MINUTE} + 1 end` });
  await copies("overrides", "ovr_seed", 4000, "ovr_fleet", { instance_id: `printf('ins_fleet_%06d', 1 + i % 2000)`, created_at: `${T0} + i * ${MINUTE} + 1` });

  // Audit log: one person's token changes among 3,000 entries of a bulk actor, in bursts of ten.
  await env.DB.prepare(
    `insert into audit_log (id, org_id, actor_kind, actor_id, action, target_type, target_id, created_at) values ('aud_seed', ?, 'user', 'usr_bulk', 'instance.stopped', 'instance', ?, ?)`,
  )
    .bind(orgId, instanceId, T0)
    .run();
  await copies("audit_log", "aud_seed", 3000, "aud_bulk", { created_at: `${T0} + (i / 10) * ${MINUTE}` });
  await copies("audit_log", "aud_seed", 300, "aud_mine", {
    actor_id: "'usr_me'", action: "'token.created'", target_type: "'api_token'", target_id: "'tok_me'", created_at: `${T0} + i * ${MINUTE} + 1`,
  });

  // Events: a rare type among 4,000 stops of the fleet.
  await env.DB.prepare(`insert into events (id, org_id, instance_id, cloud_account_id, type, cause_kind, occurred_at) values ('evt_fseed', ?, ?, ?, 'instance.stopped', 'schedule', ?)`)
    .bind(orgId, instanceId, accountId, T0)
    .run();
  await copies("events", "evt_fseed", 4000, "evt_fleet", { instance_id: `printf('ins_fleet_%06d', 1 + i % 2000)`, occurred_at: `${T0} + (i / 300) * 86400000` });
  await copies("events", "evt_fseed", 300, "evt_sync", { type: "'account.sync_failed'", instance_id: "null", cause_kind: "'system'", occurred_at: `${T0} + i * 3600000 + 1` });
}, 120_000);

const cases: ListCase[] = [
  { name: "one account's databases", path: () => `/instances?cloudAccountId=${accountId}`, pages: 4, index: "instances_org_account_created_idx", previous: null },
  { name: "databases in one state", path: () => "/instances?state=stopped", pages: 4, index: "instances_org_state_idx", previous: "create index instances_org_state_idx on instances (org_id, state)" },
  { name: "databases in one region", path: () => "/instances?region=eu-west-1", pages: 4, index: "instances_org_region_created_idx", previous: null },
  { name: "one database's overrides", path: () => `/overrides?instanceId=${instanceId}&active=false`, pages: 8, index: "overrides_instance_created_idx", previous: null },
  { name: "one database's active overrides", path: () => `/overrides?instanceId=${instanceId}`, pages: 4, index: "overrides_instance_created_idx", previous: null },
  { name: "one actor's audit entries", path: () => "/audit-log?actorId=usr_me", pages: 6, index: "audit_log_org_actor_idx", previous: null },
  { name: "audit entries of one action", path: () => "/audit-log?action=token.created", pages: 6, index: "audit_log_org_action_idx", previous: null },
  {
    name: "one target's audit entries",
    path: () => "/audit-log?targetType=api_token&targetId=tok_me",
    pages: 6,
    index: "audit_log_org_target_idx",
    previous: "create index audit_log_org_target_idx on audit_log (org_id, target_type, target_id)",
    later: ["audit_log_org_target_type_idx"],
  },
  { name: "events of one type", path: () => "/events?type=account.sync_failed", pages: 6, index: "events_org_type_time_idx", previous: null },
];

// migrations/0023: the filters that still walked the organization.
const cases0023: ListCase[] = [
  { name: "databases at one provider", path: () => "/instances?provider=gcp", pages: 4, index: "instances_org_provider_created_idx", previous: null },
  { name: "audit entries of an action prefix", path: () => "/audit-log?action=token.", pages: 6, index: "audit_log_org_action_family_idx", previous: null },
  { name: "audit entries of one target type", path: () => "/audit-log?targetType=api_token", pages: 6, index: "audit_log_org_target_type_idx", previous: null },
  { name: "events of a type prefix", path: () => "/events?type=account.", pages: 6, index: "events_org_type_family_time_idx", previous: null },
  { name: "events of one cause", path: () => "/events?cause=system", pages: 6, index: "events_org_cause_time_idx", previous: null },
];

describe("D1 rows read by a filtered page of a list", () => {
  for (const [migration, list] of [["0022", cases], ["0023", cases0023]] as const) {
    for (const c of list) {
      it(`${c.name}: each page reads a small multiple of the page, deep pages too; without its index far more`, async () => {
        await expectPagesReadAPage(c, await tokenFor(orgId, "admin"), c.pages * PAGE, migration);
      });
    }
  }

  // A filter nothing matches answers from the index's first entry, not by reading every row.
  const empty: [string, string][] = [
    ["/events?cause=slack", "events_org_cause_time_idx"],
    ["/events?type=policy.", "events_org_type_family_time_idx"],
    ["/audit-log?action=schedule.", "audit_log_org_action_family_idx"],
  ];
  for (const [path, index] of empty) {
    it(`${path} (nothing matches): an empty page reads a handful of rows; without ${index} the organization's`, async () => {
      const token = await tokenFor(orgId, "admin");
      const page = await measured(path, token);
      expect(page.body.data).toEqual([]);
      expect(page.rowsRead, path).toBeLessThanOrEqual(BOUND - 3 * (PAGE + 1));
      const before = await withIndex(index, null, () => measured(path, token));
      expect(before.body.data).toEqual([]);
      expect(before.rowsRead, `${path} before 0023`).toBeGreaterThan(3000);
    });
  }
});

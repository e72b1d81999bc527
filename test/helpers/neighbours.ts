// An organization and a neighbouring one, each with a disabled AWS account (no agent runs for a
// disabled account, so its databases keep the states written here), databases written straight
// to D1 in either, and schedules created through the API: the seed of the schedule read routes'
// tests (the overview, a database's schedules, drafts, the calendar, upcoming transitions), each
// of which shows what matches in its own organization and nothing of the neighbour's.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { drizzle } from "drizzle-orm/d1";
import { cloudAccounts, instances } from "../../worker/db/schema.ts";
import { newId } from "../../worker/db/ids.ts";
import { api, bearer, createOrgDirect, tokenFor } from "./auth.ts";

type DatabaseRow = typeof instances.$inferInsert;

export async function withNeighbour(name: string) {
  const { orgId } = await createOrgDirect(name);
  const neighbour = await createOrgDirect("Neighbour");
  const db = drizzle(env.DB);
  const accountId = newId("cloudAccount");
  const neighbourAccountId = newId("cloudAccount");
  await db.insert(cloudAccounts).values([
    { id: accountId, orgId, provider: "aws", name: "sandbox", authKind: "access_keys", status: "disabled" },
    { id: neighbourAccountId, orgId: neighbour.orgId, provider: "aws", name: "sandbox", authKind: "access_keys", status: "disabled" },
  ]);
  /** A database of the organization's account named `name` (its external id too): a running env=dev postgres in eu-central-1 unless `over` says otherwise. */
  const database = (name: string, over: Partial<DatabaseRow> = {}) => ({
    id: newId("instance"), orgId, cloudAccountId: accountId, provider: "aws" as const, kind: "rds_instance" as const, externalId: name,
    region: "eu-central-1", name, engine: "postgres", state: "running" as const, tags: { env: "dev" }, ...over,
  });
  /** The same in the neighbour's organization and account. */
  const neighbourDatabase = (name: string, over: Partial<DatabaseRow> = {}) => database(name, { orgId: neighbour.orgId, cloudAccountId: neighbourAccountId, ...over });
  /** Writes database rows to D1. */
  const insert = async (...rows: DatabaseRow[]) => void (await db.insert(instances).values(rows));
  let owner: Record<string, string> | null = null;
  /** Creates a schedule through the API, as an owner of the organization; its id. */
  const schedule = async (body: Record<string, unknown>) => {
    owner ??= bearer(await tokenFor(orgId, "owner"));
    const res = await api("/schedules", { method: "POST", headers: owner, body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json<{ id: string }>()).id;
  };
  return { orgId, neighbourOrgId: neighbour.orgId, accountId, database, neighbourDatabase, insert, schedule };
}

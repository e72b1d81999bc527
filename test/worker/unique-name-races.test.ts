// Names that must be unique in an organization (schedules, policies, cloud accounts) are checked
// before the write, but two requests can pass the check together: the one that loses the race at
// the unique index answers the same 409 problem as the check, never a 500. Found by the bad-input
// fuzzer (test/reliability/api), which sends one valid body from several connections at once.
import { describe, expect, inject, it } from "vitest";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";

const schedule = (name: string) => ({ name, timezone: "UTC", periods: [{ begin: "09:00", end: "17:00", weekdays: ["mon-fri"] }], selector: { match: [{ field: "tag", key: "env", op: "equals", value: "race" }] } });
const policy = (name: string) => ({ name, selector: { match: [{ field: "name", op: "glob", value: "race-*" }] }, rules: [{ metric: "connections", operator: "lte", threshold: 0, duration: "3h" }], actions: [{ type: "notify" }] });

async function owner() {
  const { orgId } = await createOrgDirect("Races");
  return bearer(await tokenFor(orgId, "owner"));
}

/** Sends `count` requests at once and returns their statuses, sorted, checking every refusal's shape. */
async function together(count: number, send: (i: number) => Promise<Response>): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: count }, (_, i) => send(i)));
  for (const res of answers) {
    if (res.status >= 400) {
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect((await res.json<{ status: number; type: string }>()).type).toBe("https://snoozeql.dev/problems/conflict");
    } else await res.arrayBuffer();
  }
  return answers.map((r) => r.status).sort();
}

const CONFLICTS = (n: number) => new Array(n).fill(409);

describe("the same name sent by concurrent requests", () => {
  it("creates one schedule and answers the others 409", async () => {
    const headers = await owner();
    expect(await together(6, () => api("/schedules", { method: "POST", headers, body: JSON.stringify(schedule("Nightly")) }))).toEqual([201, ...CONFLICTS(5)]);
  });

  it("renames at most one schedule to a taken name at a time; the rest answer 409", async () => {
    const headers = await owner();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await (await api("/schedules", { method: "POST", headers, body: JSON.stringify(schedule(`s${i}`)) })).json<{ id: string }>()).id);
    expect(await together(4, (i) => api(`/schedules/${ids[i]}`, { method: "PUT", headers, body: JSON.stringify(schedule("Same")) }))).toEqual([200, ...CONFLICTS(3)]);
  });

  it("creates one policy and answers the others 409", async () => {
    const headers = await owner();
    expect(await together(6, () => api("/policies", { method: "POST", headers, body: JSON.stringify(policy("Idle")) }))).toEqual([201, ...CONFLICTS(5)]);
  });

  it("connects one cloud account and answers the others 409", async () => {
    const headers = await owner();
    const body = { provider: "aws", connection: "access_keys", name: "Sandbox", regions: ["us-east-1"], accessKeyId: "AKIARACE000000000001", secretAccessKey: "raceSecretAccessKey0123456789abcdefghijk", endpoint: inject("simUrl") };
    expect(await together(4, () => api("/accounts", { method: "POST", headers, body: JSON.stringify(body) }))).toEqual([201, ...CONFLICTS(3)]);
  });
});

// Minimum sleep: a schedule may not promise a sleep shorter than AWS's 10-minute start billing,
// except on development and test deployments.
import { describe, expect, it } from "vitest";
import { MINIMUM_SLEEP_FLOOR_MINUTES, parseSchedule } from "../../worker/api/routes/schedules/schedules.ts";
import { ApiProblem } from "../../worker/api/problem.ts";
import { api, bearer, createOrgDirect, tokenFor } from "../helpers/auth.ts";

const body = (minimumSleepMinutes: number) => ({
  name: "Nights", timezone: "UTC", periods: [{ begin: "08:00", end: "19:00", weekdays: ["mon-fri"] }],
  selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] }, minimumSleepMinutes,
});

describe("minimum sleep", () => {
  it.each(["production", "staging"])("is refused under %s minutes' floor on %s, naming the field", (appEnv) => {
    let problem: unknown;
    try {
      parseSchedule(body(MINIMUM_SLEEP_FLOOR_MINUTES - 1), appEnv);
    } catch (error) {
      problem = error;
    }
    expect(problem).toBeInstanceOf(ApiProblem);
    expect((problem as ApiProblem).status).toBe(400);
    expect((problem as ApiProblem).extra.errors).toEqual([expect.objectContaining({ location: "body", path: "minimumSleepMinutes", message: expect.stringMatching(/at least 10 minutes/) })]);
    expect(parseSchedule(body(MINIMUM_SLEEP_FLOOR_MINUTES), appEnv).minimumSleepMinutes).toBe(10);
  });

  it("is allowed below the floor on development and test deployments", async () => {
    expect(parseSchedule(body(0), "development").minimumSleepMinutes).toBe(0);
    const { orgId } = await createOrgDirect("Floor");
    const res = await api("/schedules", { method: "POST", headers: bearer(await tokenFor(orgId, "owner")), body: JSON.stringify(body(2)) });
    expect(res.status).toBe(201); // this suite runs with APP_ENV=test
  });
});

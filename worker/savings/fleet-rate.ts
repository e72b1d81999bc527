/**
 * The organization's projected compute cost ("what the fleet would have cost running 24/7") as a
 * rollup: `savings_fleet_rate`, the fleet's total running price as breakpoints, computed in D1 from
 * every database's price history (`instance_prices`; its current price when it has none) up to
 * when it left the fleet. The daily series integrates it per local day, cut at now, so a request
 * reads a few breakpoints instead of the fleet and its price history.
 *
 * Owns: the breakpoint statements (delete + insert from the sources: a recompute, so running them
 * twice or out of order gives the same rows) and reading them back. Whoever changes a price, adds
 * a priced database or removes one appends `fleetRateStatements` to the same D1 batch (the ledger's
 * price sync, discovery, disconnecting an account, the recompute).
 * Never: accumulates deltas (always rebuilt from the sources), or reads another organization's rows.
 *
 * Semantics equal `fleetRate` in worker/api/routes/savings/savings-read.ts (tested): a database's
 * first price applies before its own date, unknown or zero prices add nothing, a removed database
 * stops counting at its removal; the end at "now" is applied at read time.
 */
import { asc, eq, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { savingsFleetRate } from "../db/schema.ts";
import { UNKNOWN_SOURCE } from "./price.ts";
import { savingsVersionBump } from "./version.ts";

/** Stands for "always" in `savings_fleet_rate.at` (the earliest instant a JS Date can hold). */
export const ALWAYS = -8_640_000_000_000_000;
const NEVER = 9_000_000_000_000_000;

/** Statements that rewrite the organization's fleet-rate breakpoints from its databases and prices. */
export function fleetRateStatements(db: DrizzleD1Database, orgId: string) {
  return [
    db.delete(savingsFleetRate).where(eq(savingsFleetRate.orgId, orgId)),
    db.insert(savingsFleetRate).select(sql`
      with periods as (
        select case when row_number() over w = 1 then ${ALWAYS} else p.effective_from end as start,
          min(coalesce(lead(p.effective_from) over w, ${NEVER}), coalesce(i.deleted_at, ${NEVER})) as "end",
          p.hourly_micros as rate
        from instance_prices p join instances i on i.id = p.instance_id and i.org_id = p.org_id
        where p.org_id = ${orgId}
        window w as (partition by p.instance_id order by p.effective_from)
        union all
        select ${ALWAYS}, coalesce(i.deleted_at, ${NEVER}), i.hourly_price_micros
        from instances i
        where i.org_id = ${orgId} and i.price_source is not null and i.price_source <> ${UNKNOWN_SOURCE}
          and not exists (select 1 from instance_prices p where p.instance_id = i.id)
      ),
      deltas as (
        select start as at, rate as delta from periods where rate is not null and rate <> 0 and "end" > start
        union all
        select "end", -rate from periods where rate is not null and rate <> 0 and "end" > start and "end" < ${NEVER}
      )
      select ${orgId}, at, sum(sum(delta)) over (order by at rows unbounded preceding) from deltas group by at`),
    savingsVersionBump(db, orgId),
  ] as const;
}

export function fleetRateQuery(db: DrizzleD1Database, orgId: string) {
  return db.select({ at: savingsFleetRate.at, rate: savingsFleetRate.rateMicros }).from(savingsFleetRate).where(eq(savingsFleetRate.orgId, orgId)).orderBy(asc(savingsFleetRate.at));
}

// Hourly metric rollups for the detector's tests, generated from the simulator's own usage
// patterns (sim/state/usage.ts: the same 1-minute samples CloudWatch would aggregate), plus the
// mess real data has: hours missing from collection and one-off spikes of ad-hoc use.
import { rand01 } from "../../sim/util.ts";
import type { UsagePattern } from "../../sim/state/model.ts";
import { rdsClassInfo, series, type ClassInfo } from "../../sim/state/usage.ts";
import type { HourlyRollup } from "../../worker/recommendations/detect.ts";
import { toLocal } from "../../worker/schedules/timezone.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface HourlySeries {
  cpu: HourlyRollup[];
  connections: HourlyRollup[];
}

export interface Mess {
  /** Share of hours the collector missed (0..1). */
  missing?: number;
  /** Hours (epoch ms, on the hour) of one-off ad-hoc use. */
  spikes?: number[];
  seed?: number;
}

function hourlyOf(kind: "cpu" | "connections", stat: "Average" | "Maximum", pattern: UsagePattern, opts: SimOptions) {
  return series({
    kind,
    usage: { pattern, utcOffsetMinutes: opts.utcOffsetMinutes ?? 0 },
    resourceKey: opts.resourceKey ?? `db-${pattern}`,
    seed: opts.seed ?? 7,
    cls: opts.cls ?? rdsClassInfo("db.t3.medium"),
    power: [],
    createdAt: 0,
    now: opts.now,
    start: opts.now - opts.days * DAY,
    end: opts.now,
    periodSec: 3600,
    stat,
  });
}

export interface SimOptions {
  now: number;
  days: number;
  utcOffsetMinutes?: number;
  cls?: ClassInfo;
  seed?: number;
  resourceKey?: string;
}

/** The simulator's pattern as hourly CPU and connection rollups (avg and max per hour). */
export function simulatedSeries(pattern: UsagePattern, opts: SimOptions, mess: Mess = {}): HourlySeries {
  const zip = (kind: "cpu" | "connections"): HourlyRollup[] => {
    const avg = hourlyOf(kind, "Average", pattern, opts);
    const max = new Map(hourlyOf(kind, "Maximum", pattern, opts).map((p) => [p.t, p.v]));
    return avg.map((p) => ({ hourStart: p.t, avg: p.v, max: max.get(p.t) ?? p.v }));
  };
  return withMess({ cpu: zip("cpu"), connections: zip("connections") }, mess);
}

/**
 * A workload the detector was not tuned on: busy `days` (0 = Monday) between `begin` and `end`
 * local hours in an IANA zone (DST-aware), quiet otherwise, with minute-level noise averaged into
 * each hour the way CloudWatch's hourly Average is.
 */
export function workweekSeries(opts: { now: number; days: number; zone: string; workdays: number[]; begin: number; end: number; maxConnections?: number; seed?: number }, mess: Mess = {}): HourlySeries {
  const seed = opts.seed ?? 11;
  const maxConnections = opts.maxConnections ?? 200;
  const cpu: HourlyRollup[] = [];
  const connections: HourlyRollup[] = [];
  for (let h = opts.now - opts.days * DAY; h < opts.now; h += HOUR) {
    const local = toLocal(opts.zone, h);
    const weekday = (new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay() + 6) % 7;
    const busy = opts.workdays.includes(weekday) && local.hour >= opts.begin && local.hour < opts.end;
    const level = busy ? 0.5 + 0.2 * rand01(seed, h / HOUR) : 0.01;
    const cpuSamples: number[] = [];
    const connSamples: number[] = [];
    for (let m = 0; m < 12; m++) {
      const n = rand01(seed ^ 0x5bd1e995, (h / HOUR) * 12 + m) - 0.5;
      cpuSamples.push(Math.max(0.2, 1.2 + level * 80 + n * 2));
      connSamples.push(Math.max(0, Math.round(level * maxConnections * 0.5 + n * 3)));
    }
    const avg = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
    cpu.push({ hourStart: h, avg: avg(cpuSamples), max: Math.max(...cpuSamples) });
    connections.push({ hourStart: h, avg: avg(connSamples), max: Math.max(...connSamples) });
  }
  return withMess({ cpu, connections }, mess);
}

function withMess(s: HourlySeries, mess: Mess): HourlySeries {
  const seed = mess.seed ?? 3;
  const keep = (r: HourlyRollup) => !mess.missing || rand01(seed, r.hourStart / HOUR) >= mess.missing;
  const spikes = new Set(mess.spikes ?? []);
  const spike = (r: HourlyRollup, busy: number): HourlyRollup => (spikes.has(r.hourStart) ? { ...r, avg: Math.max(r.avg, busy), max: Math.max(r.max, busy) } : r);
  return {
    cpu: s.cpu.filter(keep).map((r) => spike(r, 55)),
    connections: s.connections.filter(keep).map((r) => spike(r, 120)),
  };
}

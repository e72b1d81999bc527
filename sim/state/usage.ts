// Synthetic, deterministic workload: per-resource usage patterns (office hours, nightly batch,
// always busy, always idle, weekly-only, noisy) turned into 1-minute samples of CPU, connections,
// IOPS and memory, aggregated per period and statistic. No samples while a resource is stopped.
import { clamp, fnv1a, rand01 } from "../util.ts";
import type { Usage } from "./model.ts";

export type MetricKind = "cpu" | "connections" | "readIops" | "writeIops" | "freeMemory" | "acu";

/** Workload intensity in [0,1] at time t (ms, simulated clock). */
export function activity(u: Usage, t: number, seed: number): number {
  const local = t + u.utcOffsetMinutes * 60_000;
  const d = new Date(local);
  const h = d.getUTCHours() + d.getUTCMinutes() / 60;
  const dow = d.getUTCDay(); // 0 = Sunday
  const weekday = dow >= 1 && dow <= 5;
  const hourIdx = Math.floor(local / 3_600_000);
  switch (u.pattern) {
    case "office-hours":
      if (!weekday) return 0.02;
      if (h >= 9 && h < 18) return 0.45 + 0.2 * Math.sin(((h - 9) / 9) * Math.PI);
      if ((h >= 8 && h < 9) || (h >= 18 && h < 19)) return 0.12;
      return 0.02;
    case "nightly-batch":
      return h >= 1 && h < 3 ? 0.85 : 0.03;
    case "always-busy":
      return 0.7 + 0.1 * Math.sin((h / 24) * 2 * Math.PI);
    case "always-idle":
      return 0;
    case "weekly-only":
      return dow === 1 && h >= 10 && h < 12 ? 0.6 : 0.01;
    case "noisy": {
      // A new random level every hour, with occasional spikes.
      const level = rand01(seed, hourIdx);
      return level > 0.85 ? 0.9 : level * 0.5;
    }
  }
}

export interface ClassInfo {
  vcpu: number;
  memGiB: number;
  maxConnections: number;
}

/** One 1-minute sample of a metric. */
export function sample(kind: MetricKind, u: Usage, t: number, resourceKey: string, seed: number, cls: ClassInfo, acu?: { min: number; max: number }): number {
  const s = (seed ^ fnv1a(resourceKey)) >>> 0;
  return sampleSeeded(kind, u, t, s, (s ^ fnv1a(kind)) >>> 0, cls, acu);
}

function sampleSeeded(kind: MetricKind, u: Usage, t: number, s: number, ks: number, cls: ClassInfo, acu?: { min: number; max: number }): number {
  const a = activity(u, t, s);
  const minute = Math.floor(t / 60_000);
  const n = rand01(ks, minute); // 0..1
  const jitter = (n - 0.5) * 2; // -1..1
  switch (kind) {
    case "cpu":
      return round2(clamp(1.5 + a * 88 + jitter * (1 + a * 6), 0.2, 100));
    case "connections":
      if (a < 0.015) return 0;
      return Math.max(0, Math.round(a * cls.maxConnections * 0.6 + jitter * 2));
    case "readIops":
      return round2(Math.max(0, 0.2 + a * 450 * cls.vcpu * 0.5 + jitter * (0.3 + a * 20)));
    case "writeIops":
      return round2(Math.max(0, 0.5 + a * 220 * cls.vcpu * 0.5 + jitter * (0.3 + a * 10)));
    case "freeMemory":
      return Math.round(cls.memGiB * 1024 ** 3 * clamp(0.72 - a * 0.45 + jitter * 0.02, 0.05, 0.95));
    case "acu": {
      const lo = acu?.min ?? 0.5;
      const hi = acu?.max ?? 16;
      if (lo === 0 && a < 0.015) return 0; // auto-paused
      return round2(clamp(Math.max(lo, 0.5) + a * (hi - Math.max(lo, 0.5)), lo, hi));
    }
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export type Statistic = "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount" | `p${number}`;

export interface SeriesRequest {
  kind: MetricKind;
  usage: Usage;
  resourceKey: string;
  seed: number;
  cls: ClassInfo;
  acu?: { min: number; max: number };
  power: { at: number; up: boolean }[];
  createdAt: number;
  now: number;
  start: number;
  end: number;
  periodSec: number;
  stat: string;
}

export function isUp(power: { at: number; up: boolean }[], createdAt: number, t: number): boolean {
  if (t < createdAt) return false;
  let lo = 0;
  let hi = power.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (power[mid]!.at <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? true : power[found]!.up;
}

/** Datapoints of one series, oldest first; buckets aligned to the period. */
export function series(r: SeriesRequest): { t: number; v: number }[] {
  const p = r.periodSec * 1000;
  const first = Math.ceil(r.start / p) * p;
  const out: { t: number; v: number }[] = [];
  const minutesPerBucket = Math.max(1, Math.floor(r.periodSec / 60));
  const samplesPerBucket = Math.min(minutesPerBucket, 12);
  const s = (r.seed ^ fnv1a(r.resourceKey)) >>> 0;
  const ks = (s ^ fnv1a(r.kind)) >>> 0;
  for (let b = first; b < r.end; b += p) {
    const vals: number[] = [];
    for (let i = 0; i < samplesPerBucket; i++) {
      const t = b + Math.floor((i * minutesPerBucket) / samplesPerBucket) * 60_000;
      if (t > r.now) break;
      if (!isUp(r.power, r.createdAt, t)) continue;
      vals.push(sampleSeeded(r.kind, r.usage, t, s, ks, r.cls, r.acu));
    }
    if (vals.length === 0) continue;
    const v = aggregate(vals, r.stat, (vals.length / samplesPerBucket) * minutesPerBucket);
    if (v === null) continue;
    out.push({ t: b, v });
  }
  return out;
}

function aggregate(vals: number[], stat: string, sampleCount: number): number | null {
  const sum = vals.reduce((a, b) => a + b, 0);
  const avg = sum / vals.length;
  switch (stat) {
    case "Average":
      return round2(avg);
    case "Sum":
      return round2(avg * sampleCount);
    case "Minimum":
      return Math.min(...vals);
    case "Maximum":
      return Math.max(...vals);
    case "SampleCount":
      return Math.round(sampleCount);
  }
  const m = /^p(\d+(?:\.\d+)?)$/.exec(stat);
  if (m) {
    const q = Number(m[1]) / 100;
    const sorted = [...vals].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  }
  return null;
}

// ---- catalogue -------------------------------------------------------------------------------

const RDS_CLASSES: Record<string, [number, number]> = {
  "db.t3.micro": [2, 1],
  "db.t3.small": [2, 2],
  "db.t3.medium": [2, 4],
  "db.t3.large": [2, 8],
  "db.t4g.micro": [2, 1],
  "db.t4g.small": [2, 2],
  "db.t4g.medium": [2, 4],
  "db.t4g.large": [2, 8],
  "db.m5.large": [2, 8],
  "db.m5.xlarge": [4, 16],
  "db.m5.2xlarge": [8, 32],
  "db.m6g.large": [2, 8],
  "db.m6g.xlarge": [4, 16],
  "db.m6i.large": [2, 8],
  "db.m6i.xlarge": [4, 16],
  "db.r5.large": [2, 16],
  "db.r5.xlarge": [4, 32],
  "db.r6g.large": [2, 16],
  "db.r6g.xlarge": [4, 32],
  "db.r6g.2xlarge": [8, 64],
  "db.r6i.large": [2, 16],
  "db.serverless": [2, 4],
};

export function rdsClassInfo(cls: string): ClassInfo {
  const [vcpu, mem] = RDS_CLASSES[cls] ?? [2, 8];
  return { vcpu, memGiB: mem, maxConnections: Math.min(5000, Math.round(mem * 112)) };
}

export function sqlTierInfo(tier: string): ClassInfo {
  const custom = /^db-(?:custom|perf-optimized-N)-(\d+)-(\d+)$/.exec(tier);
  if (custom) {
    const vcpu = Number(custom[1]);
    const memGiB = Number(custom[2]) / 1024;
    return { vcpu, memGiB, maxConnections: Math.min(4000, Math.round(memGiB * 100)) };
  }
  if (tier === "db-f1-micro") return { vcpu: 1, memGiB: 0.6, maxConnections: 25 };
  if (tier === "db-g1-small") return { vcpu: 1, memGiB: 1.7, maxConnections: 50 };
  return { vcpu: 2, memGiB: 7.5, maxConnections: 400 };
}

// Where the app Worker's own JavaScript CPU goes, for the fleet benchmark (bench/lib/fleet.ts):
// a V8 sampling CPU profile of the app's isolate over the measured window, taken through wrangler
// dev's inspector proxy with the Chrome DevTools Protocol (bench/lib/inspector.ts), and
// attributed to source files and to entry categories (agent, events consumer, cron tick, API, …).
// A frame's bundle location is mapped to its source file by the bundle's source map (wrangler.toml
// minifies, and wrangler dev writes index.js.map beside the bundle) or, for an unminified bundle,
// by esbuild's `// path/to/file.ts` module markers.
//
// What a sample means: workerd's isolate was executing this Worker's JavaScript (or V8's GC or
// runtime for it) when the sampler fired. Under workerd the sampler only records while the isolate
// is running, at about the requested interval, and nothing while it waits (the gap to the next
// sample can be seconds), so each sample stands for at most one interval: its weight is the time
// to the next sample, capped at the interval. The sums are JS-thread time, not the process's CPU:
// local D1's SQLite (another object in the process), the queue plumbing, workerd's C++ and
// wrangler's own workers are not in them.
//
// Pure: no I/O here (tested in test/bench/cpu-profile.test.ts); the protocol client that takes
// the profile is bench/lib/inspector.ts.

export interface CallFrame { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number }
export interface ProfileNode { id: number; callFrame: CallFrame; hitCount?: number; children?: number[] }
/** A `Profiler.Profile` (times in µs), as DevTools saves it in a .cpuprofile file. */
export interface CpuProfile { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] }

/** A bundle's (0-based line, column) → the source file there and its 1-based line when known, or null. */
export type Locator = (line: number, column: number) => { file: string; line: number | null } | null;

/** One module of a bundle: its source path and the bundle's 0-based first line. */
export interface ModuleRange { startLine: number; file: string }

const MARKER = /^\/\/ ((?:\.\.\/)*[\w@.+-]+(?:\/[\w@.+-]+)*\.(?:[cm]?[jt]s|[jt]sx|json|txt|sql|html|wasm))$/;

/** esbuild's module markers: the `// path` line it writes before each module of an unminified bundle. */
export function bundleModules(bundle: string): ModuleRange[] {
  const modules: ModuleRange[] = [];
  bundle.split("\n").forEach((line, i) => {
    const m = MARKER.exec(line.trimEnd());
    if (m) modules.push({ startLine: i, file: normalizeFile(m[1]!) });
  });
  return modules;
}

/** Locates by esbuild's module markers (an unminified bundle's text). */
export function markerLocator(bundle: string): Locator {
  const modules = bundleModules(bundle);
  return (line) => {
    let lo = 0, hi = modules.length - 1, found: ModuleRange | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (modules[mid]!.startLine <= line) { found = modules[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return found ? { file: found.file, line: null } : null;
  };
}

const B64 = new Map([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((c, i) => [c, i]));

/**
 * Locates by a source map (version 3): of each generated line's segments, only the generated
 * column and the source index are kept (the file is all the attribution needs).
 */
export function sourceMapLocator(map: { sources: string[]; mappings: string }): Locator {
  const sources = map.sources.map(normalizeFile); // relative to the map's directory; its sourceRoot is not needed
  const lines: Int32Array[] = []; // per generated line: [column, source, source line, …], columns ascending
  let source = 0, sourceLine = 0;
  for (const text of map.mappings.split(";")) {
    const out: number[] = [];
    let column = 0;
    for (const segment of text.split(",")) {
      if (segment === "") continue;
      const fields: number[] = [];
      let value = 0, shift = 0;
      for (const ch of segment) {
        const digit = B64.get(ch);
        if (digit === undefined) throw new Error(`source map: bad VLQ digit ${JSON.stringify(ch)}`);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        source += fields[1]!;
        sourceLine += fields[2]!;
        out.push(column, source, sourceLine);
      } else out.push(column, -1, -1); // a segment with no source
    }
    lines.push(Int32Array.from(out));
  }
  return (line, column) => {
    const segs = lines[line];
    if (!segs || segs.length === 0) return null;
    let lo = 0, hi = segs.length / 3 - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid * 3]! <= column) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    const index = found < 0 ? -1 : segs[found * 3 + 1]!;
    const file = index >= 0 ? sources[index] : undefined;
    return file === undefined ? null : { file, line: segs[found * 3 + 2]! + 1 };
  };
}

/**
 * Packages whose published source maps point above their own root, as esbuild composes them:
 * drizzle-orm's `entity.js.map` names `../src/entity.ts`, which lands in `node_modules/src/`.
 */
const MISPLACED_SOURCES: readonly (readonly [from: string, to: string])[] = [["node_modules/src/", "node_modules/drizzle-orm/src/"]];

/** `../../node_modules/.pnpm/x@1/node_modules/x/dist/a.js` → `node_modules/x/dist/a.js`; project paths as they are. */
export function normalizeFile(path: string): string {
  const nm = path.lastIndexOf("node_modules/");
  if (nm < 0) return path.replace(/^(\.\.\/)+/, "");
  const file = path.slice(nm);
  for (const [from, to] of MISPLACED_SOURCES) if (file.startsWith(from)) return to + file.slice(from.length);
  return file;
}

/** The package a file belongs to (`npm:drizzle-orm`, `npm:@hono/zod-openapi`), or the file itself. */
export function packageOf(file: string): string {
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return m ? `npm:${m[1]}` : file;
}

export type Category = "agent" | "events consumer" | "cron tick" | "other queues" | "API routes" | "idle/program/GC" | "other";

/**
 * Entry categories by source path prefix, matched from the outermost frame of a sample's stack
 * inward (the first frame that names one decides). Files that name none (worker/index.ts's
 * dispatch, worker/db, shared domain code, packages) are looked through.
 */
export const CATEGORY_RULES: readonly (readonly [prefix: string, category: Category])[] = [
  ["durable-objects/", "agent"],
  ["worker/reconcile/", "agent"],
  ["worker/discovery/", "agent"],
  ["worker/cloud/", "agent"],
  ["worker/queues/events.ts", "events consumer"],
  ["worker/events/", "events consumer"],
  ["worker/savings/", "events consumer"],
  ["worker/ticks/", "cron tick"],
  ["worker/queues/account-ticks.ts", "cron tick"],
  ["worker/queues/", "other queues"],
  ["worker/notifications/", "other queues"],
  ["worker/recommendations/", "other queues"],
  ["worker/api/", "API routes"],
  ["worker/auth/", "API routes"],
];

const VM_STATES = new Set(["(program)", "(idle)", "(garbage collector)", "(root)"]);

export function categoryOf(file: string): Category | null {
  for (const [prefix, category] of CATEGORY_RULES) if (file.startsWith(prefix)) return category;
  return null;
}

export interface Attribution {
  /** Sampled time of the whole profile, ms. */
  totalMs: number;
  samples: number;
  /** Inclusive ms per entry category (they partition totalMs). */
  byCategory: Record<Category, number>;
  /** Self ms per source file or package (native functions count to their nearest JS caller's file). */
  selfByFile: { file: string; ms: number }[];
  /** Self ms per source file or package, of the agent category's samples only. */
  agentSelfByFile: { file: string; ms: number }[];
  /** Self ms per function (`name file:line`), heaviest first. */
  selfByFunction: { fn: string; ms: number }[];
}

/**
 * Attribute a profile taken at `intervalUs`: `locators` maps a script url (as in the call frames)
 * to its Locator; a frame in another script is named by its url. `top` bounds the lists.
 */
export function attributeProfile(profile: CpuProfile, locators: ReadonlyMap<string, Locator>, intervalUs: number, top = 20): Attribution {
  const placeOf = (frame: CallFrame): { file: string; line: number | null } | null => {
    if (VM_STATES.has(frame.functionName) && frame.url === "") return { file: frame.functionName, line: null };
    if (frame.url === "") return null; // native (builtins, JSON.parse, crypto): its caller's file
    const locate = locators.get(frame.url);
    if (!locate) return { file: frame.url, line: frame.lineNumber + 1 };
    return locate(frame.lineNumber, frame.columnNumber) ?? { file: `${frame.url} (unmapped)`, line: null };
  };

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Per node, computed once: its file (native frames inherit the nearest JS caller's), category, and label.
  const memo = new Map<number, { file: string; category: Category; fn: string }>();
  const resolve = (id: number): { file: string; category: Category; fn: string } => {
    const hit = memo.get(id);
    if (hit) return hit;
    const node = byId.get(id)!;
    const up = parent.has(id) ? resolve(parent.get(id)!) : null;
    const place = placeOf(node.callFrame);
    const own = place?.file ?? null;
    const file = own ?? (up && !VM_STATES.has(up.file) ? up.file : "(native)");
    let category: Category;
    if (VM_STATES.has(file)) category = "idle/program/GC";
    else if (up && up.category !== "other" && up.category !== "idle/program/GC") category = up.category; // outermost decides
    else category = (own && categoryOf(own)) || "other";
    const name = node.callFrame.functionName || "(anonymous)";
    const fn = own === null ? `${name} (native, from ${file})` : VM_STATES.has(own) ? own : `${name} ${own}${place?.line ? `:${place.line}` : ""}`;
    const out = { file, category, fn };
    memo.set(id, out);
    return out;
  };

  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // Sample i lasts until sample i+1 (as DevTools draws it), the last one until the profile's end,
  // but never longer than the interval: the gap after a burst is the isolate waiting, unsampled.
  const stamps: number[] = [];
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) stamps.push((t += deltas[i] ?? 0));
  const byCategory: Record<Category, number> = { agent: 0, "events consumer": 0, "cron tick": 0, "other queues": 0, "API routes": 0, "idle/program/GC": 0, other: 0 };
  const selfFile = new Map<string, number>();
  const agentFile = new Map<string, number>();
  const selfFn = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const us = Math.min(intervalUs, Math.max(0, (i + 1 < samples.length ? stamps[i + 1]! : profile.endTime) - stamps[i]!));
    const { file, category, fn } = resolve(samples[i]!);
    const pkg = packageOf(file);
    total += us;
    byCategory[category] += us;
    selfFile.set(pkg, (selfFile.get(pkg) ?? 0) + us);
    if (category === "agent") agentFile.set(pkg, (agentFile.get(pkg) ?? 0) + us);
    selfFn.set(fn, (selfFn.get(fn) ?? 0) + us);
  }
  const ms = (us: number) => Math.round(us / 10) / 100;
  const ranked = <K extends string>(m: Map<string, number>, key: K) =>
    [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, top).map(([k, us]) => ({ [key]: k, ms: ms(us) }) as Record<K, string> & { ms: number });
  return {
    totalMs: ms(total),
    samples: samples.length,
    byCategory: Object.fromEntries(Object.entries(byCategory).map(([k, us]) => [k, ms(us)])) as Record<Category, number>,
    selfByFile: ranked(selfFile, "file"),
    agentSelfByFile: ranked(agentFile, "file"),
    selfByFunction: ranked(selfFn, "fn"),
  };
}

/** The script urls of a profile's frames (the bundles to read). */
export function scriptUrls(profile: CpuProfile): string[] {
  return [...new Set(profile.nodes.map((n) => n.callFrame.url).filter((u) => u !== ""))];
}

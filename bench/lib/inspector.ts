// A V8 CPU profile of a Worker under `wrangler dev`, over the Chrome DevTools Protocol (Node's
// global WebSocket) through wrangler's inspector proxy (the `--inspector-port`). What the proxy
// requires (wrangler-dist/InspectorProxyWorker.js): GET /json lists one target whose
// webSocketDebuggerUrl is ws://<host>/ws; the upgrade needs a Host of localhost/127.0.0.1 and an
// Origin of localhost/127.0.0.1 (or no User-Agent; Node's WebSocket sends one, so the Origin is
// set); and it accepts ONE DevTools client at a time (a second is closed with 1013 "Too many
// clients"), so no profile can be taken while a developer's DevTools is attached: startCpuProfile
// then throws and the caller reports why. The proxy forwards to workerd's own inspector for the
// Worker's isolate, which also runs its Durable Objects and queue consumers locally.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { markerLocator, normalizeFile, scriptUrls, sourceMapLocator, type CpuProfile, type Locator } from "./cpu-profile.ts";

export interface RunningProfile {
  /** Stops the profiler and returns the profile (the connection is closed). */
  stop(): Promise<CpuProfile>;
}

/**
 * Connects to the inspector at `port` (wrangler's proxy: GET /json lists one target), enables the
 * profiler at `intervalUs` and starts it. Throws when the inspector is unreachable or busy.
 */
export async function startCpuProfile(port: number, intervalUs = 1000): Promise<RunningProfile> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl?: string }[];
  const wsUrl = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
  if (!wsUrl) throw new Error(`no inspector target at 127.0.0.1:${port}/json`);
  // Node's WebSocket (undici) takes an options object with headers where the DOM type says protocols.
  const init = { headers: { origin: "http://127.0.0.1" } } as unknown as string[];
  const ws = new WebSocket(wsUrl.replace("localhost", "127.0.0.1"), init);
  const pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  let closed: string | null = null;
  const failAll = (why: string) => {
    closed = why;
    for (const p of pending.values()) p.reject(new Error(why));
    pending.clear();
  };
  ws.addEventListener("message", (event) => {
    const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const p = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!p) return; // events (console, script parsed…) are not ours
    pending.delete(msg.id!);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  });
  ws.addEventListener("close", (event) => failAll(`inspector connection closed: ${event.code} ${event.reason}`));
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot connect to the inspector at ${wsUrl}`)), { once: true });
  });
  let next = 1;
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> => {
    if (closed) return Promise.reject(new Error(closed));
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (r: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });
  };
  try {
    await send("Profiler.enable");
    await send("Profiler.setSamplingInterval", { interval: intervalUs });
    await send("Profiler.start");
  } catch (error) {
    ws.close();
    throw error;
  }
  return {
    async stop() {
      try {
        const { profile } = await send<{ profile: CpuProfile }>("Profiler.stop");
        await send("Profiler.disable").catch(() => undefined);
        return profile;
      } finally {
        ws.close();
      }
    },
  };
}

/**
 * The Locators for a profile's scripts, from the bundle `wrangler dev` wrote for the Worker whose
 * entry is `entry` (under `.wrangler/tmp/dev-*`, removed when wrangler exits: call this while the
 * stack runs; `dir` may also be a directory holding a copy of that bundle): its source map when
 * there is one, else its module markers. Scripts of the runtime (cloudflare-internal:…,
 * node-internal:…) get none and are named by their url. The profile names the bundle only as
 * `index.js`, and a wrangler that was killed leaves its dev-* directory behind: the newest bundle
 * written at or after `notBefore` (the run's start) is taken, never an older one, whose source map
 * would name the wrong files for every frame.
 */
export function bundleLocators(profile: CpuProfile, dir: string, entry: string, notBefore = 0): Map<string, Locator> {
  const out = new Map<string, Locator>();
  const dirs = [dir, ...(existsSync(dir) ? readdirSync(dir).filter((d) => d.startsWith("dev-")).map((d) => join(dir, d)) : [])];
  for (const url of scriptUrls(profile)) {
    const name = url.startsWith("file://") ? basename(fileURLToPath(url)) : url;
    if (!/\.m?js$/.test(name)) continue;
    const candidates = dirs
      .map((d) => join(d, name))
      .filter((js) => existsSync(js) && statSync(js).mtimeMs >= notBefore)
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    for (const js of candidates) {
      const mapFile = `${js}.map`;
      if (existsSync(mapFile)) {
        const map = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[]; mappings: string };
        if (!map.sources.some((s) => normalizeFile(s) === entry)) continue; // another Worker's bundle (the simulator's)
        out.set(url, sourceMapLocator(map));
      } else {
        const text = readFileSync(js, "utf8");
        if (!text.includes(`// ${entry}\n`)) continue;
        out.set(url, markerLocator(text));
      }
      break;
    }
  }
  return out;
}

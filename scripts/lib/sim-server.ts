// Starts the cloud simulator Worker (sim/wrangler.toml) in-process with wrangler's programmatic
// API on a free port and throw-away state: used by the test suites' global setups.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";
import { freePort } from "./process.ts";

export interface RunningSimulator {
  origin: string;
  dispose(): Promise<void>;
}

export async function startSimulator(): Promise<RunningSimulator> {
  const persist = await mkdtemp(join(tmpdir(), "snoozeql-sim-"));
  const worker = await unstable_startWorker({
    config: "sim/wrangler.toml",
    dev: {
      server: { hostname: "127.0.0.1", port: await freePort() },
      inspector: false,
      persist,
      watch: false,
      logLevel: "warn",
    },
  });
  await worker.ready;
  const origin = (await worker.url).origin;
  const health = await fetch(`${origin}/__sim/health`);
  if (!health.ok) throw new Error(`simulator did not start: ${health.status}`);
  return {
    origin,
    async dispose() {
      await worker.dispose();
      await rm(persist, { recursive: true, force: true });
    },
  };
}

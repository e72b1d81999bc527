// Starts the simulator Worker (sim/wrangler.toml) once for the whole run with wrangler's
// programmatic API on a free port and a throw-away persistence directory, provides its origin to
// the tests as inject("simUrl"), and tears it down afterwards.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { unstable_startWorker } from "wrangler";

declare module "vitest" {
  export interface ProvidedContext {
    simUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const persist = await mkdtemp(join(tmpdir(), "snoozeql-sim-"));
  const port = await freePort();
  const worker = await unstable_startWorker({
    config: "sim/wrangler.toml",
    dev: {
      server: { hostname: "127.0.0.1", port },
      inspector: false,
      persist,
      watch: false,
      logLevel: "warn",
    },
  });
  await worker.ready;
  const url = await worker.url;
  const origin = url.origin;
  const health = await fetch(`${origin}/__sim/health`);
  if (!health.ok) throw new Error(`simulator did not start: ${health.status}`);
  project.provide("simUrl", origin);
  return async () => {
    await worker.dispose();
    await rm(persist, { recursive: true, force: true });
  };
}

// Child-process helpers for the dev stack and the e2e harness: run to completion, run in the
// background with prefixed output, wait for an HTTP endpoint, and find free ports.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const WRANGLER = fileURLToPath(new URL("../../node_modules/wrangler/bin/wrangler.js", import.meta.url));
export const VITE = fileURLToPath(new URL("../../node_modules/vite/bin/vite.js", import.meta.url));

// No telemetry and no fetch of the `Request.cf` sample: local runs need no network beyond localhost.
const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

export interface RunOptions {
  cwd?: string;
  quiet?: boolean;
}

/** Runs `node <script> ...args` to completion (Node 22, whatever is on PATH); throws on failure. */
export function runNode(script: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: options.cwd ?? ROOT,
      env: quietEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d;
      if (!options.quiet) process.stdout.write(d);
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d;
      if (!options.quiet) process.stderr.write(d);
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${script} ${args.join(" ")} exited with ${code}\n${output.slice(-4000)}`)),
    );
  });
}

/** Starts a long-running `node <script> ...args`, prefixing its output lines with `[name]`. */
export function startNode(name: string, script: string, args: string[], options: { log?: (line: string) => void } = {}): ChildProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: quietEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: process.platform !== "win32",
  });
  const log = options.log ?? ((line: string) => console.log(line));
  const pipe = (stream: NodeJS.ReadableStream) => {
    let buffer = "";
    stream.on("data", (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) log(`[${name}] ${line}`);
    });
  };
  pipe(child.stdout!);
  pipe(child.stderr!);
  return child;
}

/** Stops a child started with startNode and everything it spawned (workerd included). */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    child.kill("SIGTERM");
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** Polls `url` until it answers with an accepted status or the deadline passes. */
export async function waitForHttp(url: string, timeoutMs: number, accept = (status: number) => status < 500): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (accept(response.status)) return response;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not become ready within ${timeoutMs} ms (last: ${last})`);
}

/** Asks the OS for a free TCP port on localhost. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

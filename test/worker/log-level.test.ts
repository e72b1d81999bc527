// The logger's level: production (no LOG_LEVEL) writes info and above, so the agent's per-pass
// debug line stays out of Workers Logs; LOG_LEVEL=debug (npm run dev, the benchmarks) writes it;
// readEnv applies the level it validated, and refuses an unknown one.
import { afterEach, describe, expect, it, vi } from "vitest";
import { env } from "cloudflare:workers";
import { log, setLogLevel } from "../../worker/log.ts";
import { EnvError, readEnv } from "../../worker/env.ts";

afterEach(() => {
  setLogLevel(undefined);
  vi.restoreAllMocks();
});

describe("log level", () => {
  it("drops debug records by default and writes them at debug", () => {
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const info = vi.spyOn(console, "log").mockImplementation(() => {});
    setLogLevel(undefined);
    log.debug("agent pass", { databases: 3 });
    log.info("cron tick");
    expect(debug).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledOnce();
    setLogLevel("debug");
    log.debug("agent pass", { databases: 3 });
    expect(debug).toHaveBeenCalledOnce();
    expect(JSON.parse(debug.mock.calls[0]![0] as string)).toEqual({ level: "debug", msg: "agent pass", databases: 3 });
  });

  it("at warn, drops info too but never errors", () => {
    const info = vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    setLogLevel("warn");
    log.info("cron tick");
    log.error("pass failed");
    expect(info).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledOnce();
  });

  it("is applied by readEnv from LOG_LEVEL, and an unknown level is refused", () => {
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    readEnv({ ...env, LOG_LEVEL: "debug" });
    log.debug("agent pass");
    expect(debug).toHaveBeenCalledOnce();
    expect(() => readEnv({ ...env, LOG_LEVEL: "verbose" })).toThrow(EnvError);
  });
});

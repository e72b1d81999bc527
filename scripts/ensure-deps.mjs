// Runs before `npm run dev` and `npm test` (pre-scripts), under whatever Node the machine has:
// installs the locked dependencies (which bring Node 22 for every later script) when they are
// missing or older than package-lock.json, so a fresh clone needs no separate install step.
// Plain JavaScript on purpose: it must run on the machine's Node 20 before Node 22 is installed.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

const marker = "node_modules/.package-lock.json";
const stale =
  !existsSync(marker) ||
  !existsSync("node_modules/.bin/node") ||
  statSync("package-lock.json").mtimeMs > statSync(marker).mtimeMs + 1000;

if (stale) {
  console.log("snoozeql: installing dependencies (npm ci)…");
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Attribute a fleet run's saved CPU profile again, with a given copy of the bundle it ran:
//   node bench/reattribute-profile.ts bench/results/fleet-100.json <dir holding index.js + index.js.map>
// For a record whose attribution used the wrong bundle (before bench/lib/inspector.ts took the
// newest one, a dev-* directory a killed wrangler had left behind could be picked, and its source
// map named the wrong files). wrangler's esbuild build of the same commit is byte-identical, so a
// copy taken from another `wrangler dev` of that commit serves; the script refuses a bundle whose
// function names do not sit where the profile's frames say (checked on the named frames). It
// rewrites the record's `cpuProfile` (bench/lib/fleet.ts cpuProfileRecord) and says so in it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { attributeProfile, type CpuProfile } from "./lib/cpu-profile.ts";
import { bundleLocators } from "./lib/inspector.ts";
import { cpuProfileRecord } from "./lib/fleet.ts";
import { ROOT } from "../scripts/lib/process.ts";

const [recordFile, bundleDir] = process.argv.slice(2);
if (!recordFile || !bundleDir) throw new Error("usage: node bench/reattribute-profile.ts <fleet result json> <bundle dir>");
const record = JSON.parse(readFileSync(recordFile, "utf8"));
const profile = JSON.parse(readFileSync(join(ROOT, record.cpuProfile.file), "utf8")) as CpuProfile;

// The bundle must be the one that ran: every named JS frame of index.js has its name at its position.
const lines = readFileSync(join(bundleDir, "index.js"), "utf8").split("\n");
let named = 0;
let matched = 0;
for (const n of profile.nodes) {
  const f = n.callFrame;
  if (f.url !== "index.js" || !/^[A-Za-z_$][\w$]{2,}$/.test(f.functionName)) continue;
  named++;
  // V8 reports a function's position at its name or at its parameter list, just after the name.
  const around = (lines[f.lineNumber] ?? "").slice(Math.max(0, f.columnNumber - f.functionName.length - 12), f.columnNumber + f.functionName.length + 2);
  if (around.includes(f.functionName)) matched++;
}
console.log(`bundle check: ${matched} of ${named} named frames found at their positions`);
if (named === 0 || matched / named < 0.95) throw new Error("this bundle is not the one the profile ran");

const attribution = attributeProfile(profile, bundleLocators(profile, bundleDir, "worker/index.ts"), record.cpuProfile.intervalUs);
record.cpuProfile = {
  ...cpuProfileRecord(attribution, record.cpuProfile.file, record.agent.databasesEvaluated, record.cpu.appSeconds),
  reattributed: { at: new Date().toISOString(), bundleCheck: `${matched}/${named} named frames at their positions`, why: "the run's own attribution took a stale dev-* bundle left by a killed wrangler (fixed in bench/lib/inspector.ts)" },
};
writeFileSync(recordFile, JSON.stringify(record, null, 2) + "\n");
console.log(JSON.stringify({ byCategoryMs: record.cpuProfile.byCategoryMs, agentMsPerDatabaseEvaluated: record.cpuProfile.agentMsPerDatabaseEvaluated, agentSelfByFileMs: record.cpuProfile.agentSelfByFileMs.slice(0, 10) }, null, 1));

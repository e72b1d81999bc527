// `npm run seed`: (re)seeds the demo organization into a stack that is already running (e.g. one
// started with `npm run dev`, which seeds on start), through the same API a user goes through.
// Safe to repeat: existing accounts and schedules are kept. PORT (default 8787) and SIM_PORT
// (default 8788) say where the app and the simulator listen.
import { seedDemo, type SimAccounts } from "./lib/demo-seed.ts";

const appUrl = `http://localhost:${process.env.PORT ?? 8787}`;
const simUrl = `http://localhost:${process.env.SIM_PORT ?? 8788}`;

async function reachable(url: string): Promise<boolean> {
  return fetch(url).then((r) => r.ok, () => false);
}

if (!(await reachable(`${simUrl}/__sim/accounts`)) || !(await reachable(`${appUrl}/api/v1/health`))) {
  console.error(`npm run seed needs the stack running (app on ${appUrl}, simulator on ${simUrl}): start it with \`npm run dev\`.`);
  process.exit(1);
}
const simSeed = await fetch(`${simUrl}/__sim/seed/demo`, { method: "POST" });
if (!simSeed.ok) throw new Error(`simulator demo seed failed: HTTP ${simSeed.status} ${await simSeed.text()}`);
const sim = (await (await fetch(`${simUrl}/__sim/accounts`)).json()) as SimAccounts;
const seeded = await seedDemo(appUrl, simUrl, sim, (line) => console.log(line));
for (const a of seeded.accounts) console.log(`${a.name}: ${a.status}${a.databases === null ? "" : `, ${a.databases} databases`}`);

// `npm run dev`: the whole product locally with demo data, in one command.
// PORT (default 8787) and SIM_PORT (default 8788) choose the ports.
import { join } from "node:path";
import { ROOT } from "./lib/process.ts";
import { DEMO_EMAIL, DEMO_PASSWORD } from "./lib/demo-seed.ts";
import { startStack } from "./lib/stack.ts";

const port = Number(process.env.PORT ?? 8787);
const simPort = Number(process.env.SIM_PORT ?? 8788);

const stack = await startStack({ port, simPort, persistTo: join(ROOT, ".wrangler/state"), build: true, ticks: true });

console.log(`
  SnoozeQL is running:   ${stack.url}
  API docs:              ${stack.url}/api/docs
  Cloud simulator:       ${stack.simUrl}/__sim/accounts
  Demo login:            ${DEMO_EMAIL} / ${DEMO_PASSWORD}
  Sandbox accounts:      ${stack.seeded.accounts.map((a) => `${a.name} (${a.status}${a.databases === null ? "" : `, ${a.databases} databases`})`).join(", ") || "none"}
  Cron tick:             fired every minute (Ctrl-C stops everything)
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

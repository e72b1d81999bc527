// `npm run bench`: measurements recorded under bench/results/ (figures come from this machine;
// quote them with the command). Today: the deployable Worker bundle size.
import { ROOT, runNode } from "../scripts/lib/process.ts";

await runNode(new URL("../scripts/deploy-dry-run.ts", import.meta.url).pathname, ["--record"], { cwd: ROOT });
console.log("recorded bench/results/bundle-size.json");

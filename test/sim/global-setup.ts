// Starts the simulator Worker once for the fidelity suite and provides its origin to the tests
// as inject("simUrl"); tears it down afterwards.
import type { TestProject } from "vitest/node";
import { startSimulator } from "../../scripts/lib/sim-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    simUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sim = await startSimulator();
  project.provide("simUrl", sim.origin);
  return () => sim.dispose();
}

// Global setup of the Workers-runtime suite and the simulator fidelity suite: starts the cloud
// simulator (in Node, over real HTTP on loopback) and provides its origin as inject("simUrl").
import type { TestProject } from "vitest/node";
import { startSimulator } from "../scripts/lib/sim-server.ts";

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

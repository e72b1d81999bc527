// Values the suites' global setups (Node) provide to tests (inject) — the simulator's origin.
export {};

declare module "vitest" {
  export interface ProvidedContext {
    simUrl: string;
  }
}

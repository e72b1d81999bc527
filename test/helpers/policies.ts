// The idle-stop policy the policy tests share: no connections and CPU under 5 % for 2 hours on
// env=dev databases, then stop (not a dry run), at most once per 6 hours per database.
export const IDLE_STOP = {
  name: "Idle stop",
  selector: { match: [{ field: "tag", key: "env", op: "equals", value: "dev" }] },
  rules: [
    { metric: "connections", operator: "lte", threshold: 0, duration: "2h" },
    { metric: "cpu", operator: "lt", threshold: 5, duration: "2h" },
  ],
  actions: [{ type: "stop" }],
  cooldown: "6h",
  dryRun: false,
} as const;

// The confirmation trade-off, computed (not measured) at the simulator's realistic durations: for
// a poll policy, how many account listings an agent makes until a stop (240 s) or start (420 s) is
// confirmed, how late after the database reached its state the confirmation comes, and the cloud
// calls per action that gives an account whose D databases change in one wave (one listing
// confirms them all; the wave's longest transition decides the polls). "current" replays the
// product's own schedule (first look POLL_INTERVAL_MS after the call, then pollDelay).
import { POLL_INTERVAL_MS, pollDelay } from "../../worker/reconcile/pass.ts";

type Policy = { name: string; first: number; next: (elapsedMs: number) => number };

const POLICIES: Policy[] = [
  { name: "current (10 s for 1 min, 30 s to 5 min, then 60 s)", first: POLL_INTERVAL_MS, next: pollDelay },
  ...[10, 30, 60, 120, 300].map((s) => ({ name: `every ${s} s`, first: s * 1000, next: () => s * 1000 })),
  { name: "doubling from 15 s (15, 45, 105, 225, 465 s…)", first: 15_000, next: (e: number) => Math.max(15_000, e) },
];

function confirm(policy: Policy, durationMs: number): { polls: number; delayMs: number; worstDelayMs: number } {
  let t = policy.first;
  let polls = 1;
  while (t < durationMs) {
    t += policy.next(t);
    polls++;
  }
  // At the simulator's exact durations a poll can land on the instant; a duration not known in
  // advance waits up to the interval in effect then.
  return { polls, delayMs: t - durationMs, worstDelayMs: durationMs < policy.first ? policy.first : policy.next(durationMs) };
}

export function pollTradeoff(durations: { stopSec: number; startSec: number }, wavesOf: readonly number[]) {
  return POLICIES.map((p) => {
    const stop = confirm(p, durations.stopSec * 1000);
    const start = confirm(p, durations.startSec * 1000);
    const mixed = Math.max(stop.polls, start.polls);
    return {
      policy: p.name,
      stop: { polls: stop.polls, confirmationDelayS: stop.delayMs / 1000, worstConfirmationDelayS: stop.worstDelayMs / 1000 },
      start: { polls: start.polls, confirmationDelayS: start.delayMs / 1000, worstConfirmationDelayS: start.worstDelayMs / 1000 },
      callsPerActionByWaveSize: Object.fromEntries(wavesOf.map((d) => [`${d} databases`, Math.round((1 + mixed / d) * 100) / 100])),
    };
  });
}

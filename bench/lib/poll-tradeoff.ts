// The confirmation trade-off, computed (not measured) at the simulator's realistic durations: for
// a poll policy, how many account listings an agent makes until a stop (240 s) or start (420 s) is
// confirmed, how late after the database reached its state the confirmation comes, and the cloud
// calls per action that gives an account whose D databases change in one wave (one listing
// confirms them all; the wave's longest transition decides the polls).
// "learned" replays the product's own rule (worker/reconcile/confirm.ts: the first look when the
// transition is expected to be done, then every 15 s backing off; learned per database) twice:
// at a cold start (no history: the kind's defaults) and once learned (the mean over transitions
// 21–40 of one database stopped and started again and again at these durations). The fixed
// policies are the alternatives it was weighed against; "previous" is the rule it replaced (a
// look 10 s after the call, then every 10 s for a minute, 30 s to 5 minutes, then 60 s).
import { learn, lookPlan, nextLookAt, STEADY_LOOK_MS, type LearnedDurations } from "../../worker/reconcile/confirm.ts";
import type { PowerAction } from "../../worker/domain/vocabulary.ts";

type Policy = { name: string; first: number; next: (elapsedMs: number) => number };

const previousDelay = (elapsedMs: number) => (elapsedMs < 60_000 ? 10_000 : elapsedMs < 5 * 60_000 ? 30_000 : 60_000);

const POLICIES: Policy[] = [
  { name: "previous (10 s for 1 min, 30 s to 5 min, then 60 s)", first: 10_000, next: previousDelay },
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

/** One transition under the product's rule: the looks until one at or after `takesMs` sees it done, and what that teaches. */
function confirmLearned(learned: LearnedDurations | undefined, action: PowerAction, takesMs: number) {
  const plan = lookPlan("rds_instance", action, learned);
  let t = nextLookAt(0, plan, 0);
  let looks = 1;
  let seenMoving: number | null = null;
  while (t < takesMs) {
    seenMoving = t;
    t = nextLookAt(0, plan, t);
    looks++;
  }
  return { looks, delayMs: t - takesMs, learned: learn(learned, action, t, seenMoving) };
}

/** One RDS instance stopped and started 40 times: the first transition of each (cold) and the mean of the last 20 (learned). */
function learnedRule(durations: { stopSec: number; startSec: number }) {
  let learned: LearnedDurations | undefined;
  const runs: Record<PowerAction, { looks: number; delayMs: number }[]> = { stop: [], start: [] };
  for (let i = 0; i < 40; i++) {
    for (const action of ["stop", "start"] as const) {
      const r = confirmLearned(learned, action, (action === "stop" ? durations.stopSec : durations.startSec) * 1000);
      runs[action].push({ looks: r.looks, delayMs: r.delayMs });
      learned = r.learned;
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const learnedOf = (a: PowerAction) => ({ looks: mean(runs[a].slice(20).map((r) => r.looks)), delayMs: Math.max(...runs[a].slice(20).map((r) => r.delayMs)) });
  return {
    cold: { stop: runs.stop[0]!, start: runs.start[0]! },
    learned: { stop: learnedOf("stop"), start: learnedOf("start") },
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function pollTradeoff(durations: { stopSec: number; startSec: number }, wavesOf: readonly number[]) {
  const row = (policy: string, stop: { polls: number; delayMs: number; worstDelayMs: number }, start: { polls: number; delayMs: number; worstDelayMs: number }) => {
    const mixed = Math.max(stop.polls, start.polls);
    return {
      policy,
      stop: { polls: round2(stop.polls), confirmationDelayS: stop.delayMs / 1000, worstConfirmationDelayS: stop.worstDelayMs / 1000 },
      start: { polls: round2(start.polls), confirmationDelayS: start.delayMs / 1000, worstConfirmationDelayS: start.worstDelayMs / 1000 },
      callsPerActionByWaveSize: Object.fromEntries(wavesOf.map((d) => [`${d} databases`, round2(1 + mixed / d)])),
    };
  };
  const fixed = POLICIES.map((p) => row(p.name, confirm(p, durations.stopSec * 1000), confirm(p, durations.startSec * 1000)));
  // Worst delay of the learned rule: a transition slower than expected is seen within the steady
  // interval for its first two minutes late (then 30 s, then 60 s: worker/reconcile/confirm.ts).
  const rule = learnedRule(durations);
  const asRow = (r: { looks: number; delayMs: number }) => ({ polls: r.looks, delayMs: r.delayMs, worstDelayMs: STEADY_LOOK_MS });
  return [
    ...fixed,
    row("learned per database, cold start (kind defaults)", asRow(rule.cold.stop), asRow(rule.cold.start)),
    row("learned per database, learned (mean of transitions 21–40)", asRow(rule.learned.stop), asRow(rule.learned.start)),
  ];
}

// `node bench/lib/poll-tradeoff.ts`: the table at the simulator's realistic durations, and at the
// durations plus 1 s (the cloud starts counting when the call arrives, after the pass's clock).
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const lag of [0, 1]) {
    console.log(`realistic durations + ${lag} s`);
    console.table(pollTradeoff({ stopSec: 240 + lag, startSec: 420 + lag }, [20, 5, 1]).map((r) => ({
      policy: r.policy, polls: `${r.stop.polls} / ${r.start.polls}`, delay: `${r.stop.confirmationDelayS} / ${r.start.confirmationDelayS}`,
      worst: `${r.stop.worstConfirmationDelayS} / ${r.start.worstConfirmationDelayS}`, calls: Object.values(r.callsPerActionByWaveSize).join(" / "),
    })));
  }
}

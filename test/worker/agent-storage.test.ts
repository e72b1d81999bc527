// The AccountAgent's own storage holds agent_meta and its databases' memory in memory (issue 14):
// what it answers is always what SQLite holds, a rolled-back transaction included; the memory it
// hands out cannot be edited behind its back; the tick ledger keeps its last 2,000 ids; a database
// gone from the account takes its per-database keys with it.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { AccountAgent } from "../../durable-objects/account-agent.ts";
import { AgentStorage } from "../../durable-objects/agent/storage.ts";
import { accountAgent } from "../../worker/accounts/agent.ts";
import type { EventMessage } from "../../worker/events/event.ts";
import { EMPTY_MEMORY, type AgentMemory } from "../../worker/reconcile/pass.ts";

const agentOf = (name: string) => accountAgent(env, `${name}-${crypto.randomUUID()}`);

/** What SQLite itself holds, read around the storage. */
const stored = {
  meta: (state: DurableObjectState, key: string) => state.storage.sql.exec<{ value: string }>("select value from agent_meta where key = ?", key).toArray()[0]?.value ?? null,
  lastDesired: (state: DurableObjectState, id: string) => state.storage.sql.exec<{ v: string | null }>("select last_desired as v from instance_memory where instance_id = ?", id).toArray()[0]?.v,
};

const stopped: AgentMemory = { ...EMPTY_MEMORY, lastDesired: "stopped", stoppedByUsAt: 1_000, durations: { stop: { doneMs: [242_000], floorMs: null } } };

/** An event that cannot be written (its detail does not serialize): the commit throws after writing the memory. */
const unwritable = { id: "evt_00000000000000000000000000", detail: { n: 1n } } as unknown as EventMessage;

describe("the agent's storage held in memory", () => {
  it("answers what SQLite holds after a commit rolls back: the memory and the keys written in it are undone", async () => {
    await runInDurableObject(agentOf("storage-rollback"), (_: AccountAgent, state) => {
      const store = new AgentStorage(state.storage);
      store.saveMemory("db_1", stopped);
      store.remember("hold_until", "5");
      const running: AgentMemory = { ...stopped, lastDesired: "running" };
      expect(() => store.commit({ memory: new Map([["db_1", running], ["db_2", running]]), events: [unwritable] })).toThrow();
      expect(stored.lastDesired(state, "db_1")).toBe("stopped");
      expect(store.memory().get("db_1")).toEqual(stopped);
      expect(store.memory().has("db_2")).toBe(false);
      // The same memory again is written (the held copy did not keep the rolled-back one).
      store.commit({ memory: new Map([["db_1", running]]) });
      expect(stored.lastDesired(state, "db_1")).toBe("running");
      expect(store.recall("hold_until")).toBe("5");
    });
  });

  it("undoes a key remembered inside a transaction that rolls back (as the metric cursors' forgetting does)", async () => {
    await runInDurableObject(agentOf("storage-rollback-meta"), (_: AccountAgent, state) => {
      const store = new AgentStorage(state.storage);
      store.remember("auto_restart_at:db_gone", "1000");
      // A cursor without its end breaks the table's not-null rule, after the gone database's keys were forgotten.
      expect(() => store.saveMetricCursors(new Map([["db_live", { through: null as unknown as number, backfill: null }]]), ["db_live"])).toThrow();
      expect(stored.meta(state, "auto_restart_at:db_gone")).toBe("1000");
      expect(store.recall("auto_restart_at:db_gone")).toBe("1000");
    });
  });

  it("is shared by every AgentStorage over the same Durable Object, the agent's own included", async () => {
    const agent = agentOf("storage-shared");
    await runInDurableObject(agent, (_: AccountAgent, state) => new AgentStorage(state.storage).remember("hold_until", "42"));
    await runInDurableObject(agent, (instance: AccountAgent) => {
      expect((instance as unknown as { store: AgentStorage }).store.recallNumber("hold_until")).toBe(42);
    });
  });

  it("reads again after `reload` what was written around it", async () => {
    await runInDurableObject(agentOf("storage-reload"), (_: AccountAgent, state) => {
      const store = new AgentStorage(state.storage);
      store.remember("metrics_due_at", "100");
      state.storage.sql.exec("update agent_meta set value = '0' where key = 'metrics_due_at'");
      expect(store.recall("metrics_due_at")).toBe("100"); // held: the storage is the only writer
      store.reload();
      expect(store.recall("metrics_due_at")).toBe("0");
    });
  });

  it("hands out memory that callers cannot edit in place: a fresh map each time, frozen memories", async () => {
    await runInDurableObject(agentOf("storage-frozen"), (_: AccountAgent, state) => {
      const store = new AgentStorage(state.storage);
      store.saveMemory("db_1", stopped);
      const first = store.memory();
      first.delete("db_1");
      expect(store.memory().has("db_1")).toBe(true);
      const m = store.memory().get("db_1")!;
      expect(() => ((m as { lastDesired: string }).lastDesired = "running")).toThrow(TypeError);
      expect(() => m.durations!.stop!.doneMs.push(1)).toThrow(TypeError);
      expect(store.memory().get("db_1")).toEqual(stopped);
      // The caller's own object is not frozen by saving it.
      const mine: AgentMemory = { ...stopped, lastSkip: "x" };
      store.saveMemory("db_2", mine);
      expect(Object.isFrozen(mine)).toBe(false);
    });
  });

  it("does not rewrite what is stored already: the same memory or value again writes no row", async () => {
    await runInDurableObject(agentOf("storage-unchanged"), (_: AccountAgent, state) => {
      const store = new AgentStorage(state.storage);
      store.commit({ memory: new Map([["db_1", stopped]]) });
      store.remember("failed_passes", "0");
      const marker = "update instance_memory set last_skip = 'planted' where instance_id = 'db_1'";
      state.storage.sql.exec(marker); // a write the storage would overwrite if it rewrote the row
      state.storage.sql.exec("update agent_meta set value = 'planted' where key = 'failed_passes'");
      store.commit({ memory: new Map([["db_1", { ...stopped, durations: { stop: { doneMs: [242_000], floorMs: null } } }]]) });
      store.remember("failed_passes", "0");
      expect(state.storage.sql.exec<{ s: string }>("select last_skip as s from instance_memory where instance_id = 'db_1'").one().s).toBe("planted");
      expect(stored.meta(state, "failed_passes")).toBe("planted");
      // A change is written.
      store.commit({ memory: new Map([["db_1", { ...stopped, lastSkip: "maintenance" }]]) });
      expect(state.storage.sql.exec<{ s: string }>("select last_skip as s from instance_memory where instance_id = 'db_1'").one().s).toBe("maintenance");
    });
  });
});

describe("the tick ledger", () => {
  it("remembers the last 2,000 tick ids, and reads the whole ledger only every hundred ticks or so", async () => {
    await runInDurableObject(agentOf("storage-ticks"), (_: AccountAgent, state) => {
      const store = new AgentStorage(state.storage);
      const size = () => state.storage.sql.exec<{ n: number }>("select count(*) as n from tick_ledger").one().n;
      let trims = 0;
      for (let i = 0; i < 2_350; i++) {
        const before = size();
        store.recordTick(`t${i}`, i * 60_000, i * 60_000);
        if (size() <= before) trims++;
        expect(size()).toBeLessThanOrEqual(2_100);
      }
      expect(trims).toBeGreaterThanOrEqual(2);
      expect(trims).toBeLessThanOrEqual(4);
      for (let i = 350; i < 2_350; i++) expect(store.tickHandled(`t${i}`)).toBe(true);
      expect(store.tickHandled("t0")).toBe(false);
    });
  });
});

describe("a database gone from the account", () => {
  it("takes its forced starts and closings with it; the live databases' and the account's keys stay", async () => {
    await runInDurableObject(agentOf("storage-forget"), (_: AccountAgent, state) => {
      const store = new AgentStorage(state.storage);
      store.remember("history_checkpoint", "7");
      for (const id of ["db_live", "db_gone"]) {
        store.remember(`auto_restart_at:${id}`, "1000");
        store.remember(`own_change_closed:${id}`, JSON.stringify({ stopped: { callAt: 1, at: 2 } }));
      }
      // Forgotten with the hourly metric cursors, which know the live databases.
      store.saveMetricCursors(new Map([["db_live", { through: 3_600_000, backfill: null }]]), ["db_live"]);
      expect(stored.meta(state, "auto_restart_at:db_gone")).toBeNull();
      expect(stored.meta(state, "own_change_closed:db_gone")).toBeNull();
      expect(store.recall("auto_restart_at:db_gone")).toBeNull();
      expect(store.recall("auto_restart_at:db_live")).toBe("1000");
      expect(stored.meta(state, "own_change_closed:db_live")).not.toBeNull();
      expect(store.recall("history_checkpoint")).toBe("7");
      expect(store.forgetDatabasesExcept(["db_live"])).toEqual([]);
      expect(store.forgetDatabasesExcept([])).toEqual(["auto_restart_at:db_live", "own_change_closed:db_live"]);
    });
  });
});

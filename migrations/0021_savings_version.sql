-- The organization's savings version: bumped in the same D1 batch as every write of its savings
-- ledger, rollups, fleet rate or prices (worker/savings/store.ts `savingsVersionBump`), so a
-- savings read computed at version N stays true until the version moves. The savings routes keep
-- what they computed per isolate, keyed by it (worker/api/routes/savings/savings-memo.ts).
ALTER TABLE organizations ADD COLUMN savings_version integer NOT NULL DEFAULT 0;

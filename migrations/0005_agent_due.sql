-- Every cloud account has a due time (the cron tick's query is a range on cloud_accounts_due_idx,
-- without an IS NULL branch): accounts created before this had none, so make them due now.
UPDATE cloud_accounts SET next_due_at = 0 WHERE next_due_at IS NULL;

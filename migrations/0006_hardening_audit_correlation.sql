-- Hardening (issue 13): audit entries keep the server-generated request id in request_id and a
-- client's X-Request-Id, length-limited, only as a separate correlation field.
ALTER TABLE `audit_log` ADD `correlation_id` text;

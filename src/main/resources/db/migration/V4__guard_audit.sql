-- The audit trail: one row per state-changing call (MCP tool, REST route, key create/revoke).
-- Append-only; rows older than SYNAPSE_AUDIT_RETENTION_DAYS are deleted.
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         INTEGER NOT NULL,
  agent      TEXT    NOT NULL,
  key_prefix TEXT,
  action     TEXT    NOT NULL,
  target     TEXT,
  outcome    TEXT    NOT NULL,
  client     TEXT
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_agent ON audit_log(agent, at);

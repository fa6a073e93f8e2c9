-- Agents own sessions (and later runs and releases); keys authenticate an agent and carry its roles.
CREATE TABLE agents (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY,
  agent_id     INTEGER NOT NULL REFERENCES agents(id),
  prefix       TEXT    NOT NULL,
  key_hash     BLOB    NOT NULL,
  roles        TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  revoked_at   INTEGER
);
CREATE INDEX api_keys_prefix ON api_keys(prefix);

-- status holds only what was decided (active|closed); inactive is derived from last_active_at when read.
CREATE TABLE sessions (
  id             TEXT    PRIMARY KEY,
  agent_id       INTEGER NOT NULL REFERENCES agents(id),
  name           TEXT    NOT NULL,
  description    TEXT,
  status         TEXT    NOT NULL CHECK (status IN ('active', 'closed')),
  last_active_at INTEGER NOT NULL,
  expires_at     INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  closed_at      INTEGER,
  heartbeats     INTEGER NOT NULL DEFAULT 0,
  version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX sessions_agent_status ON sessions(agent_id, status, last_active_at);
CREATE INDEX sessions_agent_name ON sessions(agent_id, name);

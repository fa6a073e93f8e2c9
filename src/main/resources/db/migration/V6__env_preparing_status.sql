-- rebuilds tables (foreign keys are off while this runs, checked before it commits).
-- Runs gain the status 'preparing' (accepted, waiting for its environment to be built). SQLite cannot change a
-- CHECK constraint, so runs is rebuilt the documented way: new table, copy, drop, rename.
CREATE TABLE runs_v4 (
  id             TEXT    PRIMARY KEY,
  agent_id       INTEGER NOT NULL REFERENCES agents(id),
  session_id     TEXT    REFERENCES sessions(id),
  plugin         TEXT    NOT NULL,
  plugin_version TEXT    NOT NULL,
  plugin_path    TEXT    NOT NULL,
  action         TEXT    NOT NULL,
  mode           TEXT    NOT NULL CHECK (mode IN ('local', 'task', 'job')),
  status         TEXT    NOT NULL CHECK (status IN ('queued', 'preparing', 'running', 'succeeded', 'failed', 'cancelled', 'lost')),
  params         TEXT    NOT NULL,
  result         TEXT,
  error          TEXT,
  message        TEXT,
  progress       TEXT,
  metrics        TEXT,
  handle         TEXT,
  logs_dir       TEXT    NOT NULL,
  timeout_s      INTEGER,
  job_id         TEXT,
  created_at     INTEGER NOT NULL,
  started_at     INTEGER,
  finished_at    INTEGER,
  updated_at     INTEGER NOT NULL,
  version        INTEGER NOT NULL DEFAULT 1
);
INSERT INTO runs_v4 SELECT * FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v4 RENAME TO runs;
CREATE INDEX runs_agent_created ON runs(agent_id, created_at);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_session ON runs(session_id);
CREATE INDEX runs_plugin_path ON runs(plugin_path, status);

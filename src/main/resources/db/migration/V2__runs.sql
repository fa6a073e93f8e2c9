-- Every run, whatever its mode, from the moment it is accepted; run_history is append-only.
CREATE TABLE runs (
  id             TEXT    PRIMARY KEY,
  agent_id       INTEGER NOT NULL REFERENCES agents(id),
  session_id     TEXT    REFERENCES sessions(id),
  plugin         TEXT    NOT NULL,
  plugin_version TEXT    NOT NULL,
  plugin_path    TEXT    NOT NULL,
  action         TEXT    NOT NULL,
  mode           TEXT    NOT NULL CHECK (mode IN ('local', 'task', 'job')),
  status         TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'lost')),
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
CREATE INDEX runs_agent_created ON runs(agent_id, created_at);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_session ON runs(session_id);

CREATE TABLE run_history (
  run_id      TEXT    NOT NULL REFERENCES runs(id),
  from_status TEXT,
  to_status   TEXT    NOT NULL,
  reason      TEXT,
  at          INTEGER NOT NULL
);
CREATE INDEX run_history_run ON run_history(run_id);

-- Sessions claimed by the Claude Code hooks: who spawned them, how they were paired with their
-- spawn, and which Claude Code process they belong to (pid + start time, so a reused pid is not
-- mistaken for it). closed_reason says why a session ended (stopped, ended, orphaned, expired).
ALTER TABLE sessions ADD COLUMN parent_id TEXT;
ALTER TABLE sessions ADD COLUMN agent_type TEXT;
ALTER TABLE sessions ADD COLUMN tool_use_id TEXT;
ALTER TABLE sessions ADD COLUMN cc_session_id TEXT;
ALTER TABLE sessions ADD COLUMN cc_agent_id TEXT;
ALTER TABLE sessions ADD COLUMN pairing TEXT;
ALTER TABLE sessions ADD COLUMN process_pid INTEGER;
ALTER TABLE sessions ADD COLUMN process_start TEXT;
ALTER TABLE sessions ADD COLUMN closed_reason TEXT;
CREATE INDEX sessions_claim ON sessions(agent_id, cc_session_id, cc_agent_id);
CREATE INDEX sessions_parent ON sessions(parent_id);

-- Agent tool calls seen by the hooks (PreToolUse), waiting for the sub-agent they started.
-- agent_id is set by the exact key (PostToolUse async_launched/completed, or the sub-agent's meta
-- file); session_id once a session holds the spawn.
CREATE TABLE spawns (
  agent_id_owner INTEGER NOT NULL REFERENCES agents(id),
  cc_session_id  TEXT    NOT NULL,
  tool_use_id    TEXT    NOT NULL,
  name           TEXT,
  description    TEXT,
  agent_type     TEXT    NOT NULL,
  background     INTEGER NOT NULL DEFAULT 0,
  cc_agent_id    TEXT,
  session_id     TEXT,
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (agent_id_owner, cc_session_id, tool_use_id)
);
CREATE INDEX spawns_agent ON spawns(agent_id_owner, cc_session_id, cc_agent_id);

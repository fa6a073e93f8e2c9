-- Plugin releases fetched from the plugin store and cached under $SYNAPSE_HOME/releases/<code>@<version>/.
-- The unique index is the last guard against two cached copies of one release.
CREATE TABLE plugin_releases (
  id         INTEGER PRIMARY KEY,
  code       TEXT    NOT NULL,
  version    TEXT    NOT NULL,
  source     TEXT    NOT NULL,
  sha256     TEXT    NOT NULL,
  size       INTEGER NOT NULL,
  actions    TEXT    NOT NULL,
  config     TEXT    NOT NULL,
  created_by INTEGER REFERENCES agents(id),
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX plugin_releases_ref ON plugin_releases(code, version);

-- Deleting a release asks for the unfinished runs of its folder.
CREATE INDEX runs_plugin_path ON runs(plugin_path, status);

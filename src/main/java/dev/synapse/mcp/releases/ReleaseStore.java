package dev.synapse.mcp.releases;

import java.util.List;
import java.util.Optional;

/**
 * Where the rows of cached plugin releases are kept (the folders are {@link ReleaseFolders}'s).
 * Rows come back without {@code path}: where a release lives on disk is the service's to say.
 */
public interface ReleaseStore {
  /** Records a new release; returns its id. */
  long insert(NewRelease r, Long agentId, long now);

  /** Rewrites what a re-fetch may change; returns {@code id}. */
  long refresh(long id, NewRelease r);

  Optional<PluginRelease> find(ReleaseLookup lookup);

  boolean delete(long id);

  /** One page, oldest first, with the count of every match. */
  Slice page(ReleaseFilter f, int offset, int limit);

  record Slice(int count, List<PluginRelease> rows) {}
}

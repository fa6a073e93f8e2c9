package dev.synapse.mcp.releases;

import java.util.List;

/** One page of a release listing, numbered from 1, with what a pager needs. */
public record ReleasePage(int count, int page, int pageSize, List<PluginRelease> results) {
  public boolean hasNext() {
    return (long) page * pageSize < count;
  }

  public boolean hasPrevious() {
    return page > 1;
  }
}

package dev.synapse.mcp.audit;

import java.util.List;

/** Where the append-only audit trail is kept. */
public interface AuditStore {
  /** Appends one entry (its fields already clipped). */
  void append(AuditEntry e);

  /** Deletes entries older than {@code cutoff} (epoch ms); returns how many. */
  int deleteBefore(long cutoff);

  /** Newest first. */
  List<AuditEntry> list(AuditFilter f);
}

package dev.synapse.mcp.sessions;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A durable record of one agent's piece of work, as it reads now. */
public record Session(
    String id,
    String agent,
    String name,
    String description,
    SessionStatus status,
    @JsonProperty("last_active_at") Instant lastActiveAt,
    @JsonProperty("expires_at") Instant expiresAt,
    @JsonProperty("created_at") Instant createdAt,
    @JsonProperty("updated_at") Instant updatedAt,
    @JsonProperty("closed_at") Instant closedAt,
    long heartbeats) {}

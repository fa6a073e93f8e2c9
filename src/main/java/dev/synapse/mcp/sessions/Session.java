package dev.synapse.mcp.sessions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A durable record of one agent's piece of work, as it reads now. The trailing fields are set only
 * on sessions the Claude Code hooks claimed: the parent (lead) session, the spawn's agent type and
 * tool_use_id, how the spawn was paired ({@code exact} or {@code by-order}) and why it closed.
 */
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
    long heartbeats,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("parent_id") String parentId,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("agent_type") String agentType,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("tool_use_id") String toolUseId,
    @JsonInclude(JsonInclude.Include.NON_NULL) String pairing,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("closed_reason")
        String closedReason) {}

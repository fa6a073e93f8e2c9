package dev.synapse.mcp.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.modelcontextprotocol.spec.McpError;
import java.io.IOException;

/**
 * The one JSON configuration of the server. The SDK writes transport errors (bad session, malformed
 * JSON-RPC) by serializing the {@link McpError} exception itself, stack trace included; here it
 * becomes a plain JSON-RPC error.
 */
public final class Json {
  private Json() {}

  public static ObjectMapper mapper() {
    var module = new SimpleModule("synapse-clean-errors");
    module.addSerializer(McpError.class, new McpErrorSerializer());
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(module)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static final class McpErrorSerializer extends StdSerializer<McpError> {
    McpErrorSerializer() {
      super(McpError.class);
    }

    @Override
    public void serialize(McpError e, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      var rpc = e.getJsonRpcError();
      int code = rpc == null ? -32603 : rpc.code();
      String message = rpc == null ? "internal error" : firstLine(rpc.message());
      gen.writeObject(JsonResponses.rpcError(code, message));
    }

    private static String firstLine(String s) {
      if (s == null) {
        return "error";
      }
      int nl = s.indexOf('\n');
      return nl < 0 ? s : s.substring(0, nl);
    }
  }
}

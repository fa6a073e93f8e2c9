package dev.synapse.mcp.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A seeded generator of JSON-RPC messages that are each wrong in one known way, starting from a
 * random valid request (method, id, params) and breaking one part of it. Each case says which id
 * the answer must carry: the request's own when it was a valid id, else null.
 */
final class MalformedEnvelopes {
  record Case(String name, byte[] body, JsonNode id, boolean withSession) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] METHODS = {
    "tools/call", "tools/list", "ping", "initialize", "logging/setLevel", "resources/list"
  };
  private final Random random;

  MalformedEnvelopes(long seed) {
    this.random = new Random(seed);
  }

  /** {@code perKind} cases of every kind of mistake. */
  List<Case> generate(int perKind) {
    List<Case> out = new ArrayList<>();
    List<Supplier<Case>> kinds =
        List.of(
            this::badVersion,
            this::badId,
            this::paramsNotObject,
            this::badMethod,
            this::requestWithResult,
            this::badResponse,
            this::badEncoding,
            this::notJson,
            this::notAnObject);
    for (Supplier<Case> kind : kinds) {
      for (int i = 0; i < perKind; i++) {
        out.add(kind.get());
      }
    }
    return out;
  }

  private ObjectNode valid() {
    ObjectNode msg = F.objectNode().put("jsonrpc", "2.0");
    msg.set("id", validId());
    String method = METHODS[random.nextInt(METHODS.length)];
    msg.put("method", method);
    ObjectNode params = F.objectNode();
    if (method.equals("tools/call")) {
      params.put("name", "create_session");
      params.set("arguments", F.objectNode().put("name", "fuzz-" + random.nextInt(1000)));
    }
    msg.set("params", params);
    return msg;
  }

  private JsonNode validId() {
    return switch (random.nextInt(4)) {
      case 0 -> F.numberNode(random.nextInt(1_000_000));
      case 1 -> F.numberNode(random.nextLong());
      case 2 -> F.textNode("req-" + Integer.toHexString(random.nextInt()));
      default -> F.textNode(randomText(1 + random.nextInt(40)));
    };
  }

  private Case badVersion() {
    ObjectNode msg = valid();
    JsonNode[] wrong = {
      null,
      F.textNode("1.0"),
      F.textNode("2"),
      F.numberNode(2.0),
      F.nullNode(),
      F.textNode("2.0 "),
      F.textNode(randomText(5)),
      F.booleanNode(true),
      F.arrayNode().add("2.0")
    };
    JsonNode v = wrong[random.nextInt(wrong.length)];
    if (v == null) {
      msg.remove("jsonrpc");
    } else {
      msg.set("jsonrpc", v);
    }
    return new Case("jsonrpc=" + v, bytes(msg), msg.get("id"), random.nextBoolean());
  }

  private Case badId() {
    ObjectNode msg = valid();
    JsonNode[] wrong = {
      F.nullNode(),
      F.booleanNode(random.nextBoolean()),
      F.objectNode(),
      F.arrayNode().add(1),
      F.numberNode(random.nextDouble() + 0.5),
      F.numberNode(BigInteger.TWO.pow(63).add(BigInteger.valueOf(random.nextInt(1000)))),
      F.numberNode(BigInteger.TWO.pow(63).negate().subtract(BigInteger.ONE)),
      F.numberNode(new BigDecimal("1e400")),
      F.textNode("x".repeat(257 + random.nextInt(500)))
    };
    JsonNode id = wrong[random.nextInt(wrong.length)];
    msg.set("id", id);
    String shown = id.toString();
    return new Case(
        "id=" + shown.substring(0, Math.min(30, shown.length())),
        bytes(msg),
        null,
        random.nextBoolean());
  }

  private Case paramsNotObject() {
    ObjectNode msg = valid();
    JsonNode[] wrong = {
      F.arrayNode(),
      F.arrayNode().add("create_session").add(1),
      F.textNode(randomText(8)),
      F.numberNode(random.nextInt()),
      F.booleanNode(false),
      F.nullNode()
    };
    JsonNode p = wrong[random.nextInt(wrong.length)];
    msg.set("params", p);
    return new Case("params=" + p, bytes(msg), msg.get("id"), random.nextBoolean());
  }

  private Case badMethod() {
    ObjectNode msg = valid();
    JsonNode[] wrong = {
      F.numberNode(random.nextInt()),
      F.textNode(""),
      F.nullNode(),
      F.objectNode(),
      F.textNode("m".repeat(129 + random.nextInt(300))),
      null
    };
    JsonNode m = wrong[random.nextInt(wrong.length)];
    if (m == null) {
      msg.remove("method");
    } else {
      msg.set("method", m);
    }
    return new Case("method=" + m, bytes(msg), msg.get("id"), random.nextBoolean());
  }

  private Case requestWithResult() {
    ObjectNode msg = valid();
    msg.set(random.nextBoolean() ? "result" : "error", F.objectNode());
    return new Case("request+result", bytes(msg), msg.get("id"), random.nextBoolean());
  }

  private Case badResponse() {
    ObjectNode msg = F.objectNode().put("jsonrpc", "2.0");
    JsonNode id = validId();
    int shape = random.nextInt(3);
    if (shape == 0) {
      msg.set("result", F.objectNode());
      id = null;
    } else if (shape == 1) {
      msg.set("id", id);
      msg.set("result", F.objectNode());
      msg.set("error", F.objectNode().put("code", 1).put("message", "x"));
    } else {
      msg.set("id", id);
      msg.set("error", random.nextBoolean() ? F.textNode("oops") : F.objectNode().put("code", "x"));
    }
    return new Case("response shape " + shape, bytes(msg), id, random.nextBoolean());
  }

  private Case badEncoding() {
    ObjectNode msg = valid();
    int kind = random.nextInt(4);
    byte[] utf8 = bytes(msg);
    if (kind == 0) {
      byte[] withBom = new byte[utf8.length + 3];
      withBom[0] = (byte) 0xEF;
      withBom[1] = (byte) 0xBB;
      withBom[2] = (byte) 0xBF;
      System.arraycopy(utf8, 0, withBom, 3, utf8.length);
      return new Case("utf-8 bom", withBom, msg.get("id"), random.nextBoolean());
    }
    Charset cs =
        kind == 1
            ? StandardCharsets.UTF_16
            : kind == 2 ? StandardCharsets.UTF_16LE : Charset.forName("UTF-32");
    String text = new String(utf8, StandardCharsets.UTF_8);
    return new Case("encoding " + cs, text.getBytes(cs), null, random.nextBoolean());
  }

  private Case notJson() {
    byte[] utf8 = bytes(valid());
    int kind = random.nextInt(5);
    byte[] body;
    if (kind == 0) {
      int cut = 1 + random.nextInt(utf8.length - 2);
      body = java.util.Arrays.copyOf(utf8, cut);
    } else if (kind == 1) {
      body =
          (new String(utf8, StandardCharsets.UTF_8) + " garbage").getBytes(StandardCharsets.UTF_8);
    } else if (kind == 2) {
      body = new byte[1 + random.nextInt(64)];
      random.nextBytes(body);
      body[0] = (byte) ('!' + random.nextInt(20));
    } else if (kind == 3) {
      body =
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/list\"}"
              .getBytes(StandardCharsets.UTF_8);
    } else {
      body = new byte[0];
    }
    return new Case("not json " + kind, body, null, random.nextBoolean());
  }

  private Case notAnObject() {
    String[] bodies = {
      "[" + new String(bytes(valid()), StandardCharsets.UTF_8) + "]",
      "[]",
      "\"ping\"",
      String.valueOf(random.nextInt()),
      "null",
      "true"
    };
    String body = bodies[random.nextInt(bodies.length)];
    return new Case(
        "not an object: " + body.substring(0, Math.min(20, body.length())),
        body.getBytes(StandardCharsets.UTF_8),
        null,
        random.nextBoolean());
  }

  private String randomText(int n) {
    var sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int pick = random.nextInt(10);
      sb.append(
          pick < 7
              ? (char) ('a' + random.nextInt(26))
              : pick < 9
                  ? (char) (0x20 + random.nextInt(0x5f))
                  : (char) (0x400 + random.nextInt(200)));
    }
    return sb.toString();
  }

  private static byte[] bytes(JsonNode msg) {
    try {
      return JSON.writeValueAsBytes(msg);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.synapse.mcp.mcp;

import dev.synapse.mcp.errors.InvalidInputException;
import java.util.Map;

/**
 * Typed access to a tool call's arguments; a wrong type is a one-line error naming the argument.
 */
final class Args {
  private final Map<String, Object> values;

  Args(Map<String, Object> values) {
    this.values = values == null ? Map.of() : values;
  }

  String string(String name) {
    String v = optString(name);
    if (v == null) {
      throw new InvalidInputException("argument '" + name + "' is required");
    }
    return v;
  }

  String optString(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw wrongType(name, "a string", v);
    }
    return s;
  }

  /** The argument as sent, for arguments that accept more than one shape. */
  Object raw(String name) {
    return values.get(name);
  }

  Integer optInt(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw wrongType(name, "an integer", v);
  }

  boolean optBool(String name) {
    Object v = values.get(name);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrongType(name, "true or false", v);
  }

  Object optObject(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw wrongType(name, "an object", v);
    }
    return v;
  }

  java.util.List<String> optStringList(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof java.util.List<?> list && list.stream().allMatch(x -> x instanceof String)) {
      return list.stream().map(String.class::cast).toList();
    }
    throw wrongType(name, "an array of strings", v);
  }

  private static InvalidInputException wrongType(String name, String expected, Object v) {
    String got =
        v instanceof Map ? "an object" : v instanceof java.util.List ? "an array" : "'" + v + "'";
    return new InvalidInputException(
        "argument '" + name + "' must be " + expected + "; got " + got);
  }
}

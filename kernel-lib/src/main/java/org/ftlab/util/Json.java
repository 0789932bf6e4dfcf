package org.ftlab.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * A JSON object under construction, printed on one line; a thin wrapper over Gson so every command
 * prints JSON the same way. Doubles print with full precision ({@link Double#toString} round-trips);
 * NaN and infinities are written as strings {@code "NaN"}, {@code "Infinity"}, since JSON has none.
 */
public final class Json {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private final JsonObject obj = new JsonObject();

  private Json() {}

  /** A new empty object. */
  public static Json object() {
    return new Json();
  }

  /** Adds a string. */
  public Json put(String key, String value) {
    obj.add(key, value == null ? com.google.gson.JsonNull.INSTANCE : new JsonPrimitive(value));
    return this;
  }

  /** Adds a number. */
  public Json put(String key, double value) {
    obj.add(key, number(value));
    return this;
  }

  /** Adds a whole number. */
  public Json put(String key, long value) {
    obj.addProperty(key, value);
    return this;
  }

  /** Adds a boolean. */
  public Json put(String key, boolean value) {
    obj.addProperty(key, value);
    return this;
  }

  /** Adds an array of numbers. */
  public Json put(String key, double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(number(v));
    }
    obj.add(key, a);
    return this;
  }

  /** Adds an array of whole numbers. */
  public Json put(String key, long[] values) {
    JsonArray a = new JsonArray();
    for (long v : values) {
      a.add(v);
    }
    obj.add(key, a);
    return this;
  }

  /** Adds a nested object. */
  public Json put(String key, Json nested) {
    obj.add(key, nested.obj);
    return this;
  }

  /** Adds an array of nested objects. */
  public Json put(String key, java.util.List<Json> nested) {
    JsonArray a = new JsonArray();
    for (Json j : nested) {
      a.add(j.obj);
    }
    obj.add(key, a);
    return this;
  }

  /** Adds any value as Gson serialises it (records, lists, maps; NaN as a string). */
  public Json putValue(String key, Object value) {
    obj.add(key, VALUES.toJsonTree(value));
    return this;
  }

  private static final Gson VALUES = new GsonBuilder().disableHtmlEscaping()
      .serializeSpecialFloatingPointValues().create();

  private static JsonElement number(double v) {
    return Double.isFinite(v) ? new JsonPrimitive(v) : new JsonPrimitive(Double.toString(v));
  }

  /** Parses a JSON object (for tests and tools). */
  public static JsonObject parse(String text) {
    return GSON.fromJson(text, JsonObject.class);
  }

  @Override
  public String toString() {
    return GSON.toJson(obj);
  }
}

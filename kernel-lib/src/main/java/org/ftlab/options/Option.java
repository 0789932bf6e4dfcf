package org.ftlab.options;

import java.util.List;

/**
 * One option of a command: {@code --name value} (or {@code --name=value}); flags take no value.
 *
 * @param name name without dashes
 * @param kind value type
 * @param defaultValue default as text, or null when required (flags default to false)
 * @param accepted accepted values for {@link Kind#CHOICE}, empty otherwise
 * @param help one-line description
 */
public record Option(String name, Kind kind, String defaultValue, List<String> accepted,
    String help) {
  /** Value types. */
  public enum Kind {
    /** Any text. */
    STRING,
    /** A whole number. */
    INT,
    /** A whole number > 0. */
    POSITIVE_INT,
    /** A 64-bit whole number (seeds). */
    LONG,
    /** A finite real number. */
    DOUBLE,
    /** A finite real number > 0. */
    POSITIVE_DOUBLE,
    /** One of {@link Option#accepted()}. */
    CHOICE,
    /** A path to a file or folder. */
    PATH,
    /** Present or absent; no value. */
    FLAG
  }

  /** An option with a default. */
  public static Option of(String name, Kind kind, String defaultValue, String help) {
    return new Option(name, kind, defaultValue, List.of(), help);
  }

  /** A required option (no default). */
  public static Option required(String name, Kind kind, String help) {
    return new Option(name, kind, null, List.of(), help);
  }

  /** A choice among fixed values; the first is the default unless {@code defaultValue} is set. */
  public static Option choice(String name, String defaultValue, List<String> accepted,
      String help) {
    return new Option(name, Kind.CHOICE, defaultValue, List.copyOf(accepted), help);
  }

  /** A flag. */
  public static Option flag(String name, String help) {
    return new Option(name, Kind.FLAG, "false", List.of(), help);
  }

  /** "--name VALUE" as shown in help. */
  public String synopsis() {
    String v = switch (kind) {
      case FLAG -> "";
      case CHOICE -> " " + String.join("|", accepted);
      case PATH -> " FILE";
      case INT, POSITIVE_INT, LONG -> " N";
      case DOUBLE, POSITIVE_DOUBLE -> " X";
      default -> " TEXT";
    };
    return "--" + name + v;
  }
}

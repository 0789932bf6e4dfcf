package org.ftlab.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one argument parser shared by the command line ({@code ./ftlab ntk --n 100}), the notebook
 * helpers ({@code ntk("--n 100")}) and the magics ({@code %ntk --n 100}), so a cell and a shell line
 * are interchangeable. Unknown options, missing values and values of the wrong type give a
 * {@link UsageException} whose one-line message names the option and what it accepts.
 */
public final class Args {
  private final String command;
  private final Map<String, Option> spec;
  private final Map<String, String> values;

  private Args(String command, Map<String, Option> spec, Map<String, String> values) {
    this.command = command;
    this.spec = spec;
    this.values = values;
  }

  /** Parses tokens against a spec. */
  public static Args parse(String command, List<Option> options, List<String> tokens) {
    Map<String, Option> spec = new LinkedHashMap<>();
    for (Option o : options) {
      spec.put(o.name(), o);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (!t.startsWith("--") || t.length() == 2) {
        throw new UsageException(command + ": unexpected argument '" + t
            + "' (options look like --name value; see ./ftlab " + command + " --help)");
      }
      String name = t.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option o = spec.get(name);
      if (o == null) {
        throw new UsageException(command + ": unknown option --" + name + " (accepted: "
            + String.join(", ", spec.keySet().stream().map(s -> "--" + s).toList()) + ")");
      }
      if (o.kind() == Option.Kind.FLAG) {
        if (value != null) {
          throw new UsageException(command + ": --" + name + " is a flag and takes no value");
        }
        value = "true";
      } else if (value == null) {
        if (i + 1 >= tokens.size() || (tokens.get(i + 1).startsWith("--")
            && !looksNumeric(tokens.get(i + 1)))) {
          throw new UsageException(command + ": --" + name + " needs a value ("
              + describe(o) + ")");
        }
        value = tokens.get(++i);
      }
      if (values.containsKey(name)) {
        throw new UsageException(command + ": --" + name + " given twice");
      }
      check(command, o, value);
      values.put(name, value);
    }
    for (Option o : options) {
      if (!values.containsKey(o.name())) {
        if (o.defaultValue() == null) {
          throw new UsageException(command + ": missing required option --" + o.name() + " ("
              + describe(o) + ")");
        }
        values.put(o.name(), o.defaultValue());
      }
    }
    return new Args(command, spec, Collections.unmodifiableMap(values));
  }

  /** Parses one line of text, splitting on blanks and honouring "double" or 'single' quotes. */
  public static Args parse(String command, List<Option> options, String line) {
    return parse(command, options, split(line));
  }

  /** Splits a line into tokens, honouring quotes; an unclosed quote is an error. */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    if (line == null) {
      return out;
    }
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean inToken = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          cur.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inToken = true;
      } else if (Character.isWhitespace(c)) {
        if (inToken) {
          out.add(cur.toString());
          cur.setLength(0);
          inToken = false;
        }
      } else {
        cur.append(c);
        inToken = true;
      }
    }
    if (quote != 0) {
      throw new UsageException("unclosed " + quote + " quote in: " + line);
    }
    if (inToken) {
      out.add(cur.toString());
    }
    return out;
  }

  private static boolean looksNumeric(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String describe(Option o) {
    return switch (o.kind()) {
      case CHOICE -> "one of " + String.join(", ", o.accepted());
      case INT -> "a whole number";
      case POSITIVE_INT -> "a whole number > 0";
      case LONG -> "a whole number";
      case DOUBLE -> "a number";
      case POSITIVE_DOUBLE -> "a number > 0";
      case PATH -> "a file path";
      case FLAG -> "a flag";
      default -> "text";
    };
  }

  private static void check(String command, Option o, String v) {
    String bad = command + ": --" + o.name() + " expects " + describe(o) + ", got '" + v + "'";
    try {
      switch (o.kind()) {
        case INT -> Integer.parseInt(v);
        case POSITIVE_INT -> {
          if (Integer.parseInt(v) <= 0) {
            throw new UsageException(bad);
          }
        }
        case LONG -> Long.parseLong(v);
        case DOUBLE -> {
          if (!Double.isFinite(Double.parseDouble(v))) {
            throw new UsageException(bad);
          }
        }
        case POSITIVE_DOUBLE -> {
          double d = Double.parseDouble(v);
          if (!(d > 0) || !Double.isFinite(d)) {
            throw new UsageException(bad);
          }
        }
        case CHOICE -> {
          if (!o.accepted().contains(v)) {
            throw new UsageException(bad);
          }
        }
        case PATH, STRING -> {
          if (v.isEmpty()) {
            throw new UsageException(bad);
          }
        }
        default -> { }
      }
    } catch (NumberFormatException e) {
      throw new UsageException(bad);
    }
  }

  private String raw(String name) {
    if (!spec.containsKey(name)) {
      throw new IllegalStateException(command + ": option --" + name + " is not declared");
    }
    return values.get(name);
  }

  /** The command these arguments belong to. */
  public String command() {
    return command;
  }

  /** Text value (null if optional without default). */
  public String string(String name) {
    return raw(name);
  }

  /** Integer value. */
  public int integer(String name) {
    return Integer.parseInt(raw(name));
  }

  /** Long value. */
  public long longValue(String name) {
    return Long.parseLong(raw(name));
  }

  /** Double value. */
  public double real(String name) {
    return Double.parseDouble(raw(name));
  }

  /** Flag value. */
  public boolean flag(String name) {
    return Boolean.parseBoolean(raw(name));
  }

  /** Path value. */
  public Path path(String name) {
    String v = raw(name);
    return v == null || v.isEmpty() ? null : Path.of(v);
  }

  /** True if the option has a non-empty value (given or defaulted). */
  public boolean has(String name) {
    String v = raw(name);
    return v != null && !v.isEmpty();
  }

  /** Help text for a spec, one option a line. */
  public static String help(List<Option> options) {
    StringBuilder sb = new StringBuilder();
    for (Option o : options) {
      String def = o.defaultValue() == null ? " (required)"
          : o.kind() == Option.Kind.FLAG || o.defaultValue().isEmpty() ? ""
          : " (default " + o.defaultValue() + ")";
      sb.append(String.format("  %-34s %s%s%n", o.synopsis(), o.help(), def));
    }
    return sb.toString();
  }
}

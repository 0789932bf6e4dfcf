package org.ftlab.experiment;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ftlab.options.Args;
import org.ftlab.options.Option;
import org.ftlab.options.UsageException;

/**
 * Derives command-line options from an experiment's options record and binds parsed arguments
 * back to a record, so each default is declared once (in the experiment's
 * {@code defaults(RunMode)}) and the command line, the notebook helper and the magic accept the
 * same options with the same help.
 *
 * <p>Component types: {@code int}, {@code long}, {@code double}, {@code boolean} (a flag when its
 * default is false, else {@code true|false}), {@code String}, enums (lower-case choices),
 * {@code List<String>} and {@code int[]}/{@code double[]} (comma-separated) and {@link Path}.
 * Names are the components' names in kebab case unless {@link Help#name()} says otherwise. The
 * record's compact constructor validates combinations; its {@link IllegalArgumentException}
 * becomes the one-line usage error.
 *
 * @param <O> the options record
 */
public final class OptionsBinder<O extends Record> {
  private final Class<O> type;
  private final RecordComponent[] components;
  private final String[] names;

  private OptionsBinder(Class<O> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    this.type = type;
    this.components = type.getRecordComponents();
    this.names = new String[components.length];
    for (int i = 0; i < components.length; i++) {
      Help h = components[i].getAnnotation(Help.class);
      if (h == null) {
        throw new IllegalArgumentException(type.getSimpleName() + "." + components[i].getName()
            + " has no @Help: every option needs one line of help");
      }
      names[i] = h.name().isEmpty() ? kebab(components[i].getName()) : h.name();
    }
  }

  /** The binder of an options record. */
  public static <O extends Record> OptionsBinder<O> of(Class<O> type) {
    return new OptionsBinder<>(type);
  }

  /** {@code trainSize} → {@code train-size}. */
  static String kebab(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('-').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The option names in declaration order (without dashes). */
  public List<String> names() {
    return List.of(names);
  }

  /** The options with {@code defaults}' values as their defaults. */
  public List<Option> options(O defaults) {
    List<Option> out = new ArrayList<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      Help h = c.getAnnotation(Help.class);
      Class<?> t = c.getType();
      String def = text(get(c, defaults));
      Option.Kind kind;
      List<String> accepted = List.of();
      if (t == int.class || t == Integer.class) {
        kind = h.positive() ? Option.Kind.POSITIVE_INT : Option.Kind.INT;
      } else if (t == long.class || t == Long.class) {
        kind = Option.Kind.LONG;
      } else if (t == double.class || t == Double.class) {
        kind = h.positive() ? Option.Kind.POSITIVE_DOUBLE : Option.Kind.DOUBLE;
      } else if (t == boolean.class) {
        if ("false".equals(def)) {
          kind = Option.Kind.FLAG;
        } else {
          kind = Option.Kind.CHOICE;
          accepted = List.of("true", "false");
        }
      } else if (t.isEnum()) {
        kind = Option.Kind.CHOICE;
        accepted = Arrays.stream(t.getEnumConstants()).map(e -> enumText((Enum<?>) e)).toList();
      } else if (t == Path.class) {
        kind = Option.Kind.PATH;
      } else if (t == String.class && h.accepted().length > 0) {
        kind = Option.Kind.CHOICE;
        accepted = List.of(h.accepted());
      } else if (t == String.class || t == List.class || t == int[].class
          || t == double[].class) {
        kind = Option.Kind.STRING;
      } else {
        throw new IllegalArgumentException(type.getSimpleName() + "." + c.getName()
            + ": unsupported option type " + t.getSimpleName());
      }
      out.add(new Option(names[i], kind, def, accepted, h.value()));
    }
    return out;
  }

  /**
   * Parses tokens ({@code --name value ...}) over {@code defaults}.
   *
   * @param label what to name in errors, e.g. "early-stopping"
   * @throws UsageException one line naming the bad option
   */
  public O parse(String label, List<String> tokens, O defaults) {
    Args a = Args.parse(label, options(defaults), tokens);
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = convert(label, components[i], names[i], a.string(names[i]));
    }
    return construct(label, values);
  }

  /** The record with one component replaced (by option name), validated by its constructor. */
  public O with(O options, String name, String value) {
    Object[] values = values(options);
    int i = List.of(names).indexOf(name);
    if (i < 0) {
      throw new UsageException("unknown option --" + name + " (accepted: " + String.join(", ",
          List.of(names).stream().map(s -> "--" + s).toList()) + ")");
    }
    values[i] = convert(type.getSimpleName(), components[i], name, value);
    return construct(type.getSimpleName(), values);
  }

  /** The options as name → value text, in declaration order (for JSON and the ledger). */
  public Map<String, String> asText(O options) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < components.length; i++) {
      m.put(names[i], text(get(components[i], options)));
    }
    return m;
  }

  /** The tokens that reproduce {@code options} on top of {@code defaults} (only what differs). */
  public List<String> tokens(O options, O defaults) {
    List<String> out = new ArrayList<>();
    Map<String, String> d = asText(defaults);
    asText(options).forEach((k, v) -> {
      if (!v.equals(d.get(k))) {
        out.add("--" + k);
        if (!(components[names().indexOf(k)].getType() == boolean.class && "true".equals(v)
            && "false".equals(d.get(k)))) {
          out.add(v);
        }
      }
    });
    return out;
  }

  /** Help text of the options with these defaults. */
  public String help(O defaults) {
    return Args.help(options(defaults));
  }

  private Object[] values(O options) {
    Object[] v = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      v[i] = get(components[i], options);
    }
    return v;
  }

  private O construct(String label, Object[] values) {
    try {
      Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType)
          .toArray(Class<?>[]::new);
      Constructor<O> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return ctor.newInstance(values);
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      if (c instanceof IllegalArgumentException iae) {
        String msg = iae.getMessage() == null ? iae.getClass().getSimpleName() : iae.getMessage();
        throw new UsageException(msg.startsWith(label + ":") ? msg : label + ": " + msg);
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(c);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type.getName() + ": cannot construct", e);
    }
  }

  private static Object get(RecordComponent c, Object o) {
    try {
      var m = c.getAccessor();
      m.setAccessible(true);
      return m.invoke(o);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static String enumText(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The text form of a value (the inverse of {@link #convert}). */
  static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Enum<?> e) {
      return enumText(e);
    }
    if (v instanceof List<?> l) {
      return String.join(",", l.stream().map(String::valueOf).toList());
    }
    if (v instanceof int[] a) {
      return String.join(",", Arrays.stream(a).mapToObj(String::valueOf).toList());
    }
    if (v instanceof double[] a) {
      return String.join(",", Arrays.stream(a).mapToObj(OptionsBinder::number).toList());
    }
    if (v instanceof Double d) {
      return number(d);
    }
    return String.valueOf(v);
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d)
        : String.valueOf(d);
  }

  private static Object convert(String label, RecordComponent c, String name, String v) {
    Class<?> t = c.getType();
    String bad = label + ": --" + name + " expects ";
    try {
      if (t == int.class || t == Integer.class) {
        return Integer.parseInt(v.trim());
      }
      if (t == long.class || t == Long.class) {
        return Long.parseLong(v.trim());
      }
      if (t == double.class || t == Double.class) {
        double d = Double.parseDouble(v.trim());
        if (!Double.isFinite(d)) {
          throw new UsageException(bad + "a finite number, got '" + v + "'");
        }
        return d;
      }
      if (t == boolean.class) {
        return Boolean.parseBoolean(v.trim());
      }
      if (t.isEnum()) {
        for (Object e : t.getEnumConstants()) {
          if (enumText((Enum<?>) e).equals(v.trim())) {
            return e;
          }
        }
        throw new UsageException(bad + "one of " + String.join(", ", Arrays.stream(
            t.getEnumConstants()).map(e -> enumText((Enum<?>) e)).toList()) + ", got '" + v + "'");
      }
      if (t == Path.class) {
        return v.isEmpty() ? null : Path.of(v);
      }
      if (t == String.class) {
        return v;
      }
      if (t == List.class) {
        Type g = c.getGenericType();
        if (!(g instanceof ParameterizedType p) || p.getActualTypeArguments()[0] != String.class) {
          throw new IllegalStateException(name + ": only List<String> options are supported");
        }
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
          if (!s.isBlank()) {
            out.add(s.trim());
          }
        }
        if (out.isEmpty() && !v.isBlank()) {
          throw new UsageException(bad + "a comma-separated list, got '" + v + "'");
        }
        return List.copyOf(out);
      }
      if (t == int[].class) {
        return v.isBlank() ? new int[0] : Arrays.stream(v.split(",")).map(String::trim)
            .mapToInt(Integer::parseInt).toArray();
      }
      if (t == double[].class) {
        double[] d = v.isBlank() ? new double[0] : Arrays.stream(v.split(","))
            .map(String::trim).mapToDouble(Double::parseDouble).toArray();
        for (double x : d) {
          if (!Double.isFinite(x)) {
            throw new UsageException(bad + "finite numbers, got '" + v + "'");
          }
        }
        return d;
      }
    } catch (NumberFormatException e) {
      String what = t == int[].class ? "comma-separated whole numbers"
          : t == double[].class ? "comma-separated numbers"
          : t == double.class ? "a number" : "a whole number";
      throw new UsageException(bad + what + ", got '" + v + "'");
    }
    throw new IllegalStateException(name + ": unsupported type " + t);
  }
}

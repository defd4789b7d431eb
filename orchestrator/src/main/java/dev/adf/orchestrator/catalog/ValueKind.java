package dev.adf.orchestrator.catalog;

import java.util.Arrays;
import java.util.List;

/**
 * What a value must be. Written in the catalog resource as a short spec:
 *
 * <ul>
 *   <li>{@code text}, {@code integer}, {@code number}, {@code boolean}, {@code timespan} (.NET
 *       {@code [d.]hh:mm:ss}), {@code any} — scalars;
 *   <li>{@code enum:None|Always|Failure} — text, one of the values (ignoring case, as .NET enum
 *       parsing did);
 *   <li>{@code object} (any object), {@code map} (object of scalar values, e.g. {@code defines}),
 *       {@code array} (any array);
 *   <li>a {@link Category} name such as {@code COPY_SOURCE} — an object typed by its own {@code
 *       type} key;
 *   <li>{@code shape:partition} — an object of a named untyped shape (ARM definition name);
 *   <li>a suffix {@code []} — array of the kind; {@code {}} — object whose values are of the kind.
 * </ul>
 */
public sealed interface ValueKind {

  /** The expected form, for messages: {@code an integer, e.g. 10000}. */
  String form();

  /** True for kinds written as a JSON scalar, where an ADF expression {@code $$…} is accepted. */
  default boolean scalar() {
    return false;
  }

  record Text() implements ValueKind {
    public String form() {
      return "text, e.g. \"abc\"";
    }

    public boolean scalar() {
      return true;
    }
  }

  record Integer() implements ValueKind {
    public String form() {
      return "an integer, e.g. 10000";
    }

    public boolean scalar() {
      return true;
    }
  }

  record Number() implements ValueKind {
    public String form() {
      return "a number, e.g. 10 or 2.5";
    }

    public boolean scalar() {
      return true;
    }
  }

  record Bool() implements ValueKind {
    public String form() {
      return "true or false";
    }

    public boolean scalar() {
      return true;
    }
  }

  record TimeSpanText() implements ValueKind {
    public String form() {
      return "a TimeSpan " + dev.adf.orchestrator.definition.TimeSpan.FORM;
    }

    public boolean scalar() {
      return true;
    }
  }

  record Any() implements ValueKind {
    public String form() {
      return "any JSON value";
    }
  }

  record Enum(List<String> values) implements ValueKind {
    public Enum {
      values = List.copyOf(values);
    }

    public String form() {
      return "one of " + String.join(", ", values);
    }

    public boolean scalar() {
      return true;
    }
  }

  record AnyObject() implements ValueKind {
    public String form() {
      return "a JSON object {…}";
    }
  }

  record ScalarMap() implements ValueKind {
    public String form() {
      return "an object of text values, e.g. {\"key\": \"value\"}";
    }
  }

  record AnyArray() implements ValueKind {
    public String form() {
      return "a JSON array […]";
    }
  }

  record Typed(Category category) implements ValueKind {
    public String form() {
      return "a " + category.label() + " object with a \"type\"";
    }
  }

  record Shape(String name) implements ValueKind {
    public String form() {
      return "a JSON object (" + name + ")";
    }
  }

  record ArrayOf(ValueKind item) implements ValueKind {
    public String form() {
      return "an array of " + item.form();
    }
  }

  record MapOf(ValueKind value) implements ValueKind {
    public String form() {
      return "an object whose values are " + value.form();
    }
  }

  /** Parses a spec of the catalog resource (see the type Javadoc). */
  static ValueKind parse(String spec) {
    if (spec.endsWith("[]")) {
      return new ArrayOf(parse(spec.substring(0, spec.length() - 2)));
    }
    if (spec.endsWith("{}")) {
      return new MapOf(parse(spec.substring(0, spec.length() - 2)));
    }
    if (spec.startsWith("enum:")) {
      return new Enum(Arrays.asList(spec.substring(5).split("\\|")));
    }
    if (spec.startsWith("shape:")) {
      return new Shape(spec.substring(6));
    }
    return switch (spec) {
      case "text" -> new Text();
      case "integer" -> new Integer();
      case "number" -> new Number();
      case "boolean" -> new Bool();
      case "timespan" -> new TimeSpanText();
      case "any" -> new Any();
      case "object" -> new AnyObject();
      case "map" -> new ScalarMap();
      case "array" -> new AnyArray();
      default -> new Typed(Category.valueOf(spec));
    };
  }
}

package dev.adf.activities.expression;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One ADF v1 function: its name as documented ({@code Time.AddHours}), its parameters, its result
 * type, an optional parse-time check and its body.
 *
 * @param variadic whether the last parameter may repeat (zero or more times)
 */
record Function(
    String name,
    List<Param> params,
    boolean variadic,
    Value.Type returns,
    StaticCheck check,
    Body body) {

  /** A parameter: a name for messages and the types it accepts. */
  record Param(String name, Kind kind) {
    @Override
    public String toString() {
      return name + ": " + kind.label;
    }
  }

  /** The types a parameter accepts. */
  enum Kind {
    DATETIME("DateTime"),
    STRING("string"),
    INT("int"),
    NUMBER("number"),
    ANY("any value");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    boolean accepts(Value.Type t) {
      return switch (this) {
        case DATETIME -> t == Value.Type.DATETIME;
        case STRING -> t == Value.Type.STRING;
        case INT -> t == Value.Type.INTEGER;
        case NUMBER -> t == Value.Type.INTEGER || t == Value.Type.DECIMAL;
        case ANY -> true;
      };
    }
  }

  /** Parse-time checks beyond count and types (e.g. a literal format string). */
  interface StaticCheck {
    void check(Node.Call call, String text);
  }

  /** Evaluates a call; arguments are already evaluated and of the declared types. */
  interface Body {
    Value apply(Node.Call call, List<Value> args, Node.Evaluation ctx);
  }

  /** {@code Time.AddHours(X: DateTime, Y: number)}. */
  String signature() {
    String ps = params.stream().map(Param::toString).collect(Collectors.joining(", "));
    return name + "(" + ps + (variadic ? ", …" : "") + ")";
  }
}

package dev.adf.activities.expression;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A value of the ADF v1 expression language: a UTC date-time, a string, a 64-bit integer, a
 * decimal or a boolean. {@link #toText()} is .NET's invariant {@code ToString()}, which is what
 * {@code {0}} in {@code Text.Format} and a whole {@code $$} property value produce.
 */
public sealed interface Value {

  /** The static type of values and expressions. */
  enum Type {
    DATETIME("DateTime"),
    STRING("string"),
    INTEGER("int"),
    DECIMAL("decimal"),
    BOOLEAN("bool");

    private final String adfName;

    Type(String adfName) {
      this.adfName = adfName;
    }

    /** The name used in messages, e.g. {@code DateTime}, {@code int}. */
    public String adfName() {
      return adfName;
    }
  }

  /** This value's type. */
  Type type();

  /** .NET's invariant {@code ToString()}: DateTime as {@code MM/dd/yyyy HH:mm:ss}, True/False. */
  String toText();

  /** A UTC instant within .NET's DateTime range. */
  record DateTimeValue(Instant instant) implements Value {
    @Override
    public Type type() {
      return Type.DATETIME;
    }

    @Override
    public String toText() {
      return DotNetDateFormat.format(instant, "G");
    }
  }

  /** A string. */
  record StringValue(String text) implements Value {
    @Override
    public Type type() {
      return Type.STRING;
    }

    @Override
    public String toText() {
      return text;
    }
  }

  /** A 64-bit integer (.NET Int64). */
  record IntegerValue(long value) implements Value {
    @Override
    public Type type() {
      return Type.INTEGER;
    }

    @Override
    public String toText() {
      return Long.toString(value);
    }
  }

  /** A decimal number as written, scale kept. */
  record DecimalValue(BigDecimal value) implements Value {
    @Override
    public Type type() {
      return Type.DECIMAL;
    }

    @Override
    public String toText() {
      return value.toPlainString();
    }
  }

  /** A boolean; .NET prints {@code True}/{@code False}. */
  record BooleanValue(boolean value) implements Value {
    @Override
    public Type type() {
      return Type.BOOLEAN;
    }

    @Override
    public String toText() {
      return value ? "True" : "False";
    }
  }
}

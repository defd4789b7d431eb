package dev.adf.activities.expression;

import dev.adf.activities.expression.Function.Kind;
import dev.adf.activities.expression.Function.Param;
import dev.adf.activities.expression.Value.Type;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/**
 * The ADF v1 functions ("Azure Data Factory - Functions and System Variables"), looked up by name
 * ignoring case. Date-times are UTC; results outside .NET's DateTime range are errors.
 */
final class Functions {
  private static final Param X = new Param("X", Kind.DATETIME);
  private static final Map<String, Function> BY_NAME = new LinkedHashMap<>();

  static {
    addTime("Time.AddHours", 3_600_000L);
    addTime("Time.AddMinutes", 60_000L);
    addTime("Time.AddSeconds", 1_000L);
    addTime("Date.AddDays", 86_400_000L);
    unary("Time.StartOfHour", t -> t.truncatedTo(ChronoUnit.HOURS));
    addCalendar("Date.AddMonths", (t, n) -> t.plusMonths(n));
    addCalendar("Date.AddQuarters", (t, n) -> t.plusMonths(Math.multiplyExact(n, 3L)));
    addCalendar("Date.AddWeeks", (t, n) -> t.plusDays(Math.multiplyExact(n, 7L)));
    addCalendar("Date.AddYears", (t, n) -> t.plusYears(n));
    part("Date.Day", LocalDateTime::getDayOfMonth);
    part("Date.DayOfWeek", t -> t.getDayOfWeek().getValue() % 7);
    part("Date.DayOfYear", LocalDateTime::getDayOfYear);
    part("Date.DaysInMonth", t -> t.toLocalDate().lengthOfMonth());
    unary("Date.EndOfDay", t -> t.toLocalDate().atTime(23, 59, 59));
    unary(
        "Date.EndOfMonth",
        t -> t.toLocalDate().withDayOfMonth(t.toLocalDate().lengthOfMonth()).atTime(23, 59, 59));
    unary("Date.StartOfDay", t -> t.toLocalDate().atStartOfDay());
    unary("Date.StartOfMonth", t -> t.toLocalDate().withDayOfMonth(1).atStartOfDay());
    add(
        new Function(
            "DateTime.From",
            List.of(new Param("X", Kind.STRING)),
            false,
            Type.DATETIME,
            Functions::checkFrom,
            (call, args, ctx) -> {
              String s = ((Value.StringValue) args.get(0)).text();
              Optional<Instant> parsed = DateTimeText.parse(s);
              if (parsed.isEmpty()) {
                throw ctx.fail(call.args().get(0).column(), DateTimeText.problem(s));
              }
              return dateTime(parsed.get(), call, ctx);
            }));
    add(
        new Function(
            "DateTime.Ticks",
            List.of(X),
            false,
            Type.INTEGER,
            null,
            (call, args, ctx) -> new Value.IntegerValue(ticks(instant(args.get(0))))));
    add(
        new Function(
            "Text.Format",
            List.of(new Param("format", Kind.STRING), new Param("args", Kind.ANY)),
            true,
            Type.STRING,
            TextFormat::check,
            TextFormat::evaluate));
  }

  private Functions() {}

  /** The function named {@code name} ignoring case. */
  static Optional<Function> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
  }

  /** All functions, in documentation order. */
  static Collection<Function> all() {
    return BY_NAME.values();
  }

  /**
   * The advice for an unknown name: the same function under its documented prefix ({@code
   * AddHours} → {@code Time.AddHours}), else the closest name by edit distance, else the list.
   */
  static String adviceFor(String name) {
    String simple = name.substring(name.lastIndexOf('.') + 1);
    for (Function f : all()) {
      String fSimple = f.name().substring(f.name().indexOf('.') + 1);
      if (fSimple.equalsIgnoreCase(simple)) {
        return "did you mean " + f.name() + "?";
      }
    }
    String best = Suggestions.closest(name, all().stream().map(Function::name).toList());
    if (best != null) {
      return "did you mean " + best + "?";
    }
    return "the functions are "
        + String.join(", ", all().stream().map(Function::name).toList());
  }

  static long ticks(Instant t) {
    long seconds = t.getEpochSecond() - DotNetDateFormat.MIN.getEpochSecond();
    return seconds * 10_000_000L + t.getNano() / 100;
  }

  static Instant instant(Value v) {
    return ((Value.DateTimeValue) v).instant();
  }

  static Value dateTime(Instant t, Node.Call call, Node.Evaluation ctx) {
    if (t.isBefore(DotNetDateFormat.MIN) || t.isAfter(DotNetDateFormat.MAX)) {
      throw outOfRange(call, ctx);
    }
    return new Value.DateTimeValue(t);
  }

  private static ExpressionException outOfRange(Node.Call call, Node.Evaluation ctx) {
    return ctx.fail(
        call.column(),
        call.function().name()
            + " gives a date-time outside the .NET DateTime range (years 0001 to 9999); check its"
            + " arguments");
  }

  private static void add(Function f) {
    BY_NAME.put(f.name().toLowerCase(Locale.ROOT), f);
  }

  /** X + Y units; Y may be a decimal, rounded to whole milliseconds as .NET's AddHours(double) does. */
  private static void addTime(String name, long millisPerUnit) {
    add(
        new Function(
            name,
            List.of(X, new Param("Y", Kind.NUMBER)),
            false,
            Type.DATETIME,
            null,
            (call, args, ctx) -> {
              try {
                Duration d;
                if (args.get(1) instanceof Value.IntegerValue i) {
                  d = Duration.ofMillis(Math.multiplyExact(i.value(), millisPerUnit));
                } else {
                  BigDecimal n = ((Value.DecimalValue) args.get(1)).value();
                  BigDecimal ms =
                      n.multiply(BigDecimal.valueOf(millisPerUnit)).setScale(0, RoundingMode.HALF_UP);
                  d = Duration.ofMillis(ms.longValueExact());
                }
                return dateTime(instant(args.get(0)).plus(d), call, ctx);
              } catch (ArithmeticException | DateTimeException e) {
                throw outOfRange(call, ctx);
              }
            }));
  }

  private static void addCalendar(String name, BiFunction<LocalDateTime, Long, LocalDateTime> op) {
    add(
        new Function(
            name,
            List.of(X, new Param("Y", Kind.INT)),
            false,
            Type.DATETIME,
            null,
            (call, args, ctx) -> {
              try {
                LocalDateTime t = utc(instant(args.get(0)));
                long n = ((Value.IntegerValue) args.get(1)).value();
                return dateTime(op.apply(t, n).toInstant(ZoneOffset.UTC), call, ctx);
              } catch (ArithmeticException | DateTimeException e) {
                throw outOfRange(call, ctx);
              }
            }));
  }

  private static void unary(String name, UnaryOperator<LocalDateTime> op) {
    add(
        new Function(
            name,
            List.of(X),
            false,
            Type.DATETIME,
            null,
            (call, args, ctx) ->
                dateTime(op.apply(utc(instant(args.get(0)))).toInstant(ZoneOffset.UTC), call, ctx)));
  }

  private static void part(String name, ToIntFunction<LocalDateTime> op) {
    add(
        new Function(
            name,
            List.of(X),
            false,
            Type.INTEGER,
            null,
            (call, args, ctx) -> new Value.IntegerValue(op.applyAsInt(utc(instant(args.get(0)))))));
  }

  private static LocalDateTime utc(Instant t) {
    return LocalDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static void checkFrom(Node.Call call, String text) {
    if (call.args().get(0) instanceof Node.Literal lit
        && lit.value() instanceof Value.StringValue s
        && DateTimeText.parse(s.text()).isEmpty()) {
      throw new ExpressionException(text, lit.column(), DateTimeText.problem(s.text()));
    }
  }
}

package dev.adf.web;

import dev.adf.orchestrator.history.WindowFilter;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Query and form parameters, parsed with a clear {@link BadRequest} naming the parameter and what is
 * accepted. Multi-valued parameters may repeat ({@code status=Failed&status=Waiting}) or list values
 * with commas ({@code status=Failed,Waiting}).
 */
final class Params {
  private Params() {}

  /** A non-blank parameter (query, else form), or null. */
  static String text(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null && isForm(ctx)) {
      v = ctx.formParam(name);
    }
    return v == null || v.isBlank() ? null : v.strip();
  }

  static String required(Context ctx, String name) {
    String v = text(ctx, name);
    if (v == null) {
      throw new BadRequest("parameter '" + name + "' is required");
    }
    return v;
  }

  /** Every value of a parameter (query and form), split at commas, blanks dropped. */
  static List<String> values(Context ctx, String name) {
    List<String> raw = new ArrayList<>(ctx.queryParams(name));
    if (isForm(ctx)) {
      raw.addAll(ctx.formParams(name));
    }
    List<String> out = new ArrayList<>();
    for (String r : raw) {
      Arrays.stream(r.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
    }
    return out;
  }

  private static boolean isForm(Context ctx) {
    String ct = ctx.contentType();
    return ct != null && (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/form-data"));
  }

  static Set<WindowStatus> statuses(Context ctx) {
    Set<WindowStatus> out = EnumSet.noneOf(WindowStatus.class);
    for (String v : values(ctx, "status")) {
      out.add(Arrays.stream(WindowStatus.values()).filter(s -> s.name().equalsIgnoreCase(v)).findFirst()
          .orElseThrow(() -> new BadRequest("status '" + v + "' is not one of " + Arrays.toString(WindowStatus.values()))));
    }
    return out;
  }

  /**
   * Substatuses by ADF name; {@code Validation} means both Waiting/Validation and Failed/Validation
   * unless a status narrows it.
   */
  static Set<WindowSubstatus> substatuses(Context ctx) {
    Set<WindowSubstatus> out = EnumSet.noneOf(WindowSubstatus.class);
    for (String v : values(ctx, "substatus")) {
      boolean found = false;
      for (WindowSubstatus s : WindowSubstatus.values()) {
        if (s.adfName().equalsIgnoreCase(v) || s.name().equalsIgnoreCase(v)) {
          out.add(s);
          found = true;
        }
      }
      if (!found) {
        throw new BadRequest("substatus '" + v + "' is not one of "
            + Arrays.stream(WindowSubstatus.values()).map(WindowSubstatus::adfName).distinct().toList());
      }
    }
    return out;
  }

  /**
   * A time: ISO-8601 UTC ({@code 2015-11-16T00:00:00Z}), or without zone ({@code 2015-11-16T00:00},
   * {@code 2015-11-16}), read as UTC.
   */
  static Instant time(Context ctx, String name) {
    String v = text(ctx, name);
    return v == null ? null : parseTime(name, v);
  }

  static Instant parseTime(String name, String v) {
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        try {
          return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw new BadRequest(name + " '" + v + "' is not a time: write ISO-8601 UTC, e.g. 2015-11-16T00:00:00Z");
        }
      }
    }
  }

  static int integer(Context ctx, String name, int def, int min, int max) {
    String v = text(ctx, name);
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new BadRequest(name + " " + n + " is not in " + min + ".." + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " '" + v + "' is not a number");
    }
  }

  /**
   * The list filter of the windows page and {@code /api/windows}: pipeline, activity, status,
   * substatus, from, to, view (recent, failed, inprogress), order (newest, oldest), page (from 1), size.
   */
  static WindowFilter windowFilter(Context ctx) {
    Set<WindowStatus> statuses = statuses(ctx);
    WindowFilter.Order order = WindowFilter.Order.NEWEST;
    String view = text(ctx, "view");
    if (view != null) {
      switch (view.toLowerCase(java.util.Locale.ROOT)) {
        case "recent" -> order = WindowFilter.Order.RECENT;
        case "failed" -> statuses.add(WindowStatus.Failed);
        case "inprogress" -> statuses.add(WindowStatus.InProgress);
        default -> throw new BadRequest("view '" + view + "' is not one of recent, failed, inprogress");
      }
    }
    String o = text(ctx, "order");
    if (o != null) {
      order = switch (o.toLowerCase(java.util.Locale.ROOT)) {
        case "newest" -> WindowFilter.Order.NEWEST;
        case "oldest" -> WindowFilter.Order.OLDEST;
        case "recent" -> WindowFilter.Order.RECENT;
        default -> throw new BadRequest("order '" + o + "' is not one of newest, oldest, recent");
      };
    }
    int size = integer(ctx, "size", WindowFilter.DEFAULT_LIMIT, 1, WindowFilter.MAX_LIMIT);
    int page = integer(ctx, "page", 1, 1, 1_000_000);
    Instant from = time(ctx, "from");
    Instant to = time(ctx, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw new BadRequest("from " + from + " must be before to " + to + " (to is exclusive)");
    }
    long offset = (long) (page - 1) * size;
    if (offset > Integer.MAX_VALUE) {
      throw new BadRequest("page " + page + " is too far");
    }
    return new WindowFilter(text(ctx, "pipeline"), text(ctx, "activity"), statuses, substatuses(ctx), from, to,
        order, (int) offset, size);
  }
}

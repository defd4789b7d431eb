package dev.adf.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Hides secrets that job arguments may carry (e.g. {@code --connectionString …}) before logging. */
public final class Redaction {
  private Redaction() {}

  private static final List<String> SECRET_FLAG_WORDS =
      List.of("connectionstring", "key", "sas", "secret", "password", "token");
  private static final List<String> SECRET_FRAGMENTS =
      List.of("accountkey=", "sharedaccesssignature=", "sig=", "password=");

  /**
   * The arguments with secrets replaced by {@code ***}: the value after a flag whose name mentions a
   * connection string, key, SAS, secret, password or token, and any argument containing {@code
   * AccountKey=}, {@code SharedAccessSignature=}, {@code sig=} or {@code Password=}.
   */
  public static List<String> args(List<String> args) {
    List<String> out = new ArrayList<>(args.size());
    boolean hideNext = false;
    for (String a : args) {
      String lower = a.toLowerCase(Locale.ROOT);
      if (hideNext || SECRET_FRAGMENTS.stream().anyMatch(lower::contains)) {
        out.add("***");
      } else {
        out.add(a);
      }
      hideNext = lower.startsWith("-") && SECRET_FLAG_WORDS.stream().anyMatch(lower::contains);
    }
    return out;
  }
}

package dev.adf.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Hides secrets that job arguments may carry (e.g. {@code --connectionString …}) before logging. */
public final class Redaction {
  private Redaction() {}

  private static final List<String> SECRET_FLAG_WORDS =
      List.of("connectionstring", "key", "sas", "secret", "password", "token");
  private static final java.util.regex.Pattern KEY_VALUE_SECRET = java.util.regex.Pattern.compile(
      "(?i)\\b(AccountKey|SharedAccessSignature|SharedAccessKey|Password|Pwd|sig)=([^;&\"'\\s]+)");

  /**
   * Free text (a log line, an error message) with every secret written as {@code key=value} masked:
   * the values of {@code AccountKey=}, {@code SharedAccessSignature=}, {@code SharedAccessKey=}, {@code
   * Password=}, {@code Pwd=} and {@code sig=} (connection strings, SAS query strings) become {@code ***};
   * the rest of the text is kept.
   *
   * @param text the text, or null
   * @return the masked text, or null for null
   */
  public static String text(String text) {
    return text == null ? null : KEY_VALUE_SECRET.matcher(text).replaceAll("$1=***");
  }

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

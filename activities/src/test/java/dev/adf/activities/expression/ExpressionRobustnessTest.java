package dev.adf.activities.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input never escapes as a raw exception: seeded mutations (deleted, duplicated and replaced
 * characters) of real expressions either evaluate or throw {@link ExpressionException}.
 */
class ExpressionRobustnessTest {
  private static final SliceVariables DAY =
      SliceVariables.of(Instant.parse("2016-07-12T00:00:00Z"), Instant.parse("2016-07-13T00:00:00Z"));
  private static final List<String> SEEDS =
      List.of(
          "$$Text.Format('select * from t where ts >= \\'{0:yyyy-MM-dd HH:mm}\\' and x < {1,-5:N2}', WindowStart, 1.5)",
          "Date.AddDays(SliceStart, -Date.DayOfWeek(SliceStart))",
          "$$Text.Format('{0:yyyyMMddHH}_{{*}}_{1:%d}', Time.AddHours(SliceStart, -6), DateTime.From('2016-07-12'))",
          "$$Text.Format('{0:#,##0.00;(0);zero} {1:X4}', DateTime.Ticks(SliceEnd), 255)");
  private static final String ALPHABET = "(),'\\{}:%-.0123456789 $fFyMdHhmsKz#;\"aZ";

  @Test
  void mutationsOnlyEverThrowExpressionException() {
    Random random = new Random(20160712L);
    List<String> raw = new ArrayList<>();
    int rejected = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder b = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
      for (int k = 1 + random.nextInt(3); k > 0 && b.length() > 0; k--) {
        int at = random.nextInt(b.length());
        switch (random.nextInt(3)) {
          case 0 -> b.deleteCharAt(at);
          case 1 -> b.insert(at, b.charAt(at));
          default -> b.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
      }
      String text = b.toString();
      try {
        Expressions.parse(text).evaluateText(DAY);
      } catch (ExpressionException e) {
        rejected++;
        assertThat(e.column()).isBetween(1, Math.max(1, text.length() + 1));
      } catch (RuntimeException e) {
        raw.add(text + " -> " + e);
      }
    }
    assertThat(raw).isEmpty();
    assertThat(rejected).isGreaterThan(1000);
  }
}

package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * A dataset's {@code policy.validation} (adf-v1-semantics §3.2, rule 11).
 *
 * <ul>
 *   <li>{@code minimumSizeMB} (AzureBlob; a decimal number ≥ 0): the slice's data, the blob {@code
 *       fileName} or, without one, every blob under its folder, must total at least this many MB,
 *       where 1 MB = 1,048,576 bytes ({@link #BYTES_PER_MB}); the minimum in bytes is rounded up.
 *   <li>{@code minimumRows} (AzureSqlTable, AzureTable): not checked, there is no SQL/Table connector
 *       here; the validation records that it was skipped and does not fail.
 *   <li>{@code validationPriorityOrder} (OldestFirst default | NewestFirst): which slices of one
 *       activity are validated first when several are due.
 * </ul>
 *
 * On an activity's output dataset the window goes Waiting/Validation after its attempt succeeds, then
 * InProgress/Validating, then Ready or Failed/Validation; on an external input dataset the check is
 * part of the slice's availability (data present but too small is not available).
 */
public record ValidationPolicy(BigDecimal minimumSizeMB, Long minimumRows, ExecutionPriorityOrder order) {

  /** Bytes in one MB of {@code minimumSizeMB}. */
  public static final long BYTES_PER_MB = 1_048_576L;

  /**
   * The validation policy of a dataset; empty when it has none, or one that sets neither
   * minimumSizeMB nor minimumRows (nothing to validate).
   */
  public static Optional<ValidationPolicy> of(Dataset dataset) {
    JsonNode v = AdfJson.member(dataset.policy(), "validation");
    if (v == null || !v.isObject()) {
      return Optional.empty();
    }
    BigDecimal size = decimal(AdfJson.member(v, "minimumSizeMB"));
    BigDecimal rows = decimal(AdfJson.member(v, "minimumRows"));
    ExecutionPriorityOrder order = "NewestFirst".equalsIgnoreCase(
        String.valueOf(AdfJson.text(v, "validationPriorityOrder")).strip())
        ? ExecutionPriorityOrder.NewestFirst : ExecutionPriorityOrder.OldestFirst;
    if (size == null && rows == null) {
      return Optional.empty();
    }
    return Optional.of(new ValidationPolicy(size, rows == null ? null : rows.longValue(), order));
  }

  /** The minimum size in bytes (minimumSizeMB × 1,048,576, rounded up), or 0 when none is set. */
  public long minimumBytes() {
    return minimumSizeMB == null ? 0
        : minimumSizeMB.multiply(BigDecimal.valueOf(BYTES_PER_MB)).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /**
   * Judges a slice's data of {@code bytes} bytes: null when it passes, else why not, e.g. {@code
   * "size 0.5 MB (524288 bytes) is below minimumSizeMB 1 (1048576 bytes)"}.
   */
  public String judgeSize(long bytes) {
    if (minimumSizeMB == null || bytes >= minimumBytes()) {
      return null;
    }
    return "size " + mb(bytes) + " MB (" + bytes + " bytes) is below minimumSizeMB " + minimumSizeMB.toPlainString()
        + " (" + minimumBytes() + " bytes)";
  }

  /** {@code bytes} in MB with up to 6 decimals, rounded down (so a size below a minimum never shows equal to it). */
  public static String mb(long bytes) {
    return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(BYTES_PER_MB), 6, RoundingMode.DOWN)
        .stripTrailingZeros().toPlainString();
  }

  private static BigDecimal decimal(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    try {
      BigDecimal d = n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().strip());
      return d.signum() < 0 ? null : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

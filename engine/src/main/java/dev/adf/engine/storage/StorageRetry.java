package dev.adf.engine.storage;

import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import java.util.Map;

/**
 * How often and how patiently the Azure SDK retries a failed request to a blob store (refused or
 * reset connection, timeout, 5xx): up to {@code maxTries} tries in all, the k-th retry after
 * {@code retryDelay × (2^k − 1)}, at most {@code maxRetryDelay} (the SDK's exponential policy). The
 * default is the SDK's own: 4 tries, 4 s, 120 s, so a store that is unreachable for more than about
 * 4 + 12 + 28 = 44 s fails the operation, and one back within that time goes unnoticed. A job's conf
 * may change it with {@value #CONF_MAX_TRIES} and {@value #CONF_RETRY_DELAY_MS} (tests use a short
 * one; the local folder store ignores it).
 */
public record StorageRetry(int maxTries, Duration retryDelay, Duration maxRetryDelay) {

  /** Conf key: tries of one request in all (1..20). */
  public static final String CONF_MAX_TRIES = "adf.storage.maxTries";

  /** Conf key: the base delay between tries in milliseconds (1..60000). */
  public static final String CONF_RETRY_DELAY_MS = "adf.storage.retryDelayMs";

  /** The Azure SDK's defaults ({@link RequestRetryOptions#RequestRetryOptions()}). */
  public static final StorageRetry DEFAULT = new StorageRetry(4, Duration.ofSeconds(4), Duration.ofSeconds(120));

  /** @throws IllegalArgumentException when a value is out of range */
  public StorageRetry {
    if (maxTries < 1 || maxTries > 20) {
      throw new IllegalArgumentException(CONF_MAX_TRIES + " must be within 1..20, got " + maxTries);
    }
    if (retryDelay.toMillis() < 1 || retryDelay.toMillis() > 60_000 || maxRetryDelay.compareTo(retryDelay) < 0) {
      throw new IllegalArgumentException(CONF_RETRY_DELAY_MS + " must be within 1..60000 ms and at most the"
          + " longest delay " + maxRetryDelay.toMillis() + " ms, got " + retryDelay.toMillis());
    }
  }

  /**
   * The policy a job's conf asks for, else {@link #DEFAULT}.
   *
   * @throws IllegalArgumentException naming the key when a value is not a number in range
   */
  public static StorageRetry fromConf(Map<String, String> conf) {
    String tries = conf.get(CONF_MAX_TRIES);
    String delay = conf.get(CONF_RETRY_DELAY_MS);
    if (tries == null && delay == null) {
      return DEFAULT;
    }
    try {
      return new StorageRetry(tries == null ? DEFAULT.maxTries : Integer.parseInt(tries.trim()),
          delay == null ? DEFAULT.retryDelay : Duration.ofMillis(Long.parseLong(delay.trim())), DEFAULT.maxRetryDelay);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("job conf " + CONF_MAX_TRIES + " and " + CONF_RETRY_DELAY_MS
          + " must be whole numbers, got '" + tries + "' and '" + delay + "'");
    }
  }

  /** The SDK's options (no per-try timeout, no secondary host). */
  RequestRetryOptions toSdk() {
    return new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, maxTries, (Integer) null,
        retryDelay.toMillis(), maxRetryDelay.toMillis(), null);
  }

  /** "4 tries, 4000 ms apart doubling" for logs and errors. */
  public String describe() {
    return maxTries + " tries, retry delay " + retryDelay.toMillis() + " ms growing exponentially";
  }
}

package dev.adf.engine.livy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch session as Livy shows it (apache/incubator-livy {@code docs/rest-api.md}, "Batch"). Unknown
 * fields are ignored when read, since newer Livy versions add some ({@code ttl}, {@code
 * executorLogUrls}).
 *
 * @param id the batch id (the built-in engine's {@code JobStatus.number})
 * @param name the session name, or null
 * @param owner the user who submitted it, or null
 * @param proxyUser the user it runs as, or null
 * @param state a Livy state name, see {@link LivyState}
 * @param appId the Spark application id, or null (always null outside YARN and Kubernetes)
 * @param appInfo details such as {@code driverLogUrl} and {@code sparkUiUrl}; values may be null
 * @param log the last lines of the log (10 on Livy and on the built-in engine)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Batch(
    int id,
    String name,
    String owner,
    String proxyUser,
    String state,
    String appId,
    Map<String, String> appInfo,
    List<String> log) {

  /** Key of {@link #appInfo} holding the driver's log location. */
  public static final String DRIVER_LOG_URL = "driverLogUrl";

  /** Key of {@link #appInfo} holding the Spark UI's address. */
  public static final String SPARK_UI_URL = "sparkUiUrl";

  /** Key of {@link #appInfo} the built-in engine adds while a batch waits for capacity. */
  public static final String WAITING_FOR = "waitingFor";

  public Batch {
    appInfo = appInfo == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(appInfo));
    log = log == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(log));
  }

  /**
   * The parsed {@link #state}.
   *
   * @throws IllegalArgumentException for a state name this client does not know
   */
  public LivyState livyState() {
    return LivyState.parse(state);
  }
}

package dev.adf.engine.livy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /batches}, with Livy's JSON field names (apache/incubator-livy {@code
 * docs/rest-api.md}, "POST /batches"; {@code CreateBatchRequest.scala}). Every field may be null; null
 * fields are omitted when serialized, and an unknown field is rejected when deserialized, as Livy does
 * (400 "Unrecognized field …").
 *
 * @param file the application's jar or Python file (a URI); required by Livy ("File is required.")
 * @param proxyUser the user to impersonate when running the job
 * @param className the application's main class
 * @param args the application's arguments
 * @param jars extra jars for the session
 * @param pyFiles Python files for the session
 * @param files files for the session
 * @param archives archives for the session
 * @param driverMemory driver memory, JVM style ("512m", "1g")
 * @param driverCores driver cores
 * @param executorMemory memory per executor, JVM style
 * @param executorCores cores per executor
 * @param numExecutors executors to launch
 * @param queue the YARN queue
 * @param name the session's name, unique among the sessions the server holds
 * @param conf Spark configuration properties
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record CreateBatchRequest(
    String file,
    String proxyUser,
    String className,
    List<String> args,
    List<String> jars,
    List<String> pyFiles,
    List<String> files,
    List<String> archives,
    String driverMemory,
    Integer driverCores,
    String executorMemory,
    Integer executorCores,
    Integer numExecutors,
    String queue,
    String name,
    Map<String, String> conf) {

  public CreateBatchRequest {
    args = copy(args);
    jars = copy(jars);
    pyFiles = copy(pyFiles);
    files = copy(files);
    archives = copy(archives);
    conf = conf == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(conf));
  }

  /** A request running {@code className} from {@code file} with {@code args}; everything else null. */
  public static CreateBatchRequest of(String file, String className, List<String> args) {
    return new CreateBatchRequest(file, null, className, args, null, null, null, null, null, null, null, null, null,
        null, null, null);
  }

  /** This request with another {@code name}. */
  public CreateBatchRequest withName(String newName) {
    return new CreateBatchRequest(file, proxyUser, className, args, jars, pyFiles, files, archives, driverMemory,
        driverCores, executorMemory, executorCores, numExecutors, queue, newName, conf);
  }

  /** This request with another {@code conf}. */
  public CreateBatchRequest withConf(Map<String, String> newConf) {
    return new CreateBatchRequest(file, proxyUser, className, args, jars, pyFiles, files, archives, driverMemory,
        driverCores, executorMemory, executorCores, numExecutors, queue, name, newConf);
  }

  /** Never shows conf values or arguments, which may carry secrets. */
  @Override
  public String toString() {
    return "CreateBatchRequest[name=" + name + ", file=" + file + ", className=" + className + ", args="
        + (args == null ? 0 : args.size()) + " args, conf keys=" + (conf == null ? "[]" : conf.keySet()) + "]";
  }

  private static List<String> copy(List<String> l) {
    return l == null ? null : Collections.unmodifiableList(new java.util.ArrayList<>(l));
  }
}

package dev.adf.engine.child;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine tells a child JVM over its stdin: the job to run. Conf holds secrets, so this
 * travels only over the pipe, never on the command line or in a file.
 *
 * <p>Wire format: int magic {@link #MAGIC}, then id, main class, args (int count + strings), conf
 * (int count + key/value strings); each string as int byte length + UTF-8 bytes.
 *
 * @param id the job id
 * @param mainClass a built-in job name, an {@link dev.adf.engine.EngineJob} class or a class with
 *     {@code public static void main(String[])}
 * @param args the application arguments
 * @param conf the job's settings
 */
public record ChildJob(String id, String mainClass, List<String> args, Map<String, String> conf) {
  static final int MAGIC = 0xADF00001;

  public void writeTo(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(MAGIC);
    string(d, id);
    string(d, mainClass);
    d.writeInt(args.size());
    for (String a : args) {
      string(d, a);
    }
    d.writeInt(conf.size());
    for (var e : conf.entrySet()) {
      string(d, e.getKey());
      string(d, e.getValue());
    }
    d.flush();
  }

  /**
   * Reads one job.
   *
   * @throws IOException when the stream ends early or does not start with {@link #MAGIC}
   */
  public static ChildJob readFrom(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    if (d.readInt() != MAGIC) {
      throw new IOException("stdin does not hold an engine job (bad magic number)");
    }
    String id = string(d);
    String mainClass = string(d);
    int n = d.readInt();
    List<String> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(string(d));
    }
    int m = d.readInt();
    Map<String, String> conf = new LinkedHashMap<>();
    for (int i = 0; i < m; i++) {
      conf.put(string(d), string(d));
    }
    return new ChildJob(id, mainClass, List.copyOf(args), Map.copyOf(conf));
  }

  private static void string(DataOutputStream d, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    d.writeInt(b.length);
    d.write(b);
  }

  private static String string(DataInputStream d) throws IOException {
    int n = d.readInt();
    if (n < 0 || n > 64 << 20) {
      throw new IOException("bad string length " + n);
    }
    return new String(d.readNBytes(n), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "ChildJob[" + id + ", " + mainClass + "]"; // never args or conf (secrets)
  }
}

package dev.adf.engine.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest frames of a JFR recording's jdk.ExecutionSample and jdk.NativeMethodSample events (what {@code jfr print --events
 * jdk.ExecutionSample} lists, counted): self (top frame) and inclusive (anywhere on the stack, once
 * per sample), as shares of all samples. Usage: {@code JfrTop file.jfr [N]}.
 */
public final class JfrTop {
  public static void main(String[] args) throws IOException {
    print(args[0], Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 15);
  }

  static void print(String label, Path jfr, int n) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> incl = new HashMap<>();
    int total = 0;
    int nativeSamples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      String type = e.getEventType().getName();
      if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
        continue;
      }
      if (type.equals("jdk.NativeMethodSample")) {
        nativeSamples++;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null || st.getFrames().isEmpty()) {
        continue;
      }
      total++;
      List<RecordedFrame> frames = st.getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String m = name(f);
        if (seen.add(m)) {
          incl.merge(m, 1, Integer::sum);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n### %s: %d samples (%d of them jdk.NativeMethodSample)%n| self %% | top frame | | incl %% | on the stack |%n|---:|---|---|---:|---|%n",
        label, total, nativeSamples);
    List<Map.Entry<String, Integer>> s = top(self, n);
    List<Map.Entry<String, Integer>> i = top(incl, n);
    for (int k = 0; k < n; k++) {
      String a = k < s.size() ? String.format(Locale.ROOT, "%.1f | %s", 100.0 * s.get(k).getValue() / total, s.get(k).getKey()) : " | ";
      String b = k < i.size() ? String.format(Locale.ROOT, "%.1f | %s", 100.0 * i.get(k).getValue() / total, i.get(k).getKey()) : " | ";
      System.out.printf("| %s | | %s |%n", a, b);
    }
  }

  private static List<Map.Entry<String, Integer>> top(Map<String, Integer> m, int n) {
    return m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n).toList();
  }

  private static String name(RecordedFrame f) {
    String cls = f.getMethod().getType().getName();
    return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }
}

// Driver of tools/reliability/data-path-faults.sh (issue 16, "Faults in the data path"): runs the
// engine's fault test classes REPEAT times each through the JUnit Platform launcher (the same tests
// as in `mvn verify`, plus AzuriteLongOutage, which verify does not run), and prints per test: runs,
// passes, failures (with their first message line), median and max seconds, and a count of the
// outcome lines the tests print ("adf.reliability <case> outcome=…").
//
// Usage (from the script): java -cp CP tools/reliability/DataPathFaults.java REPEAT SELECTOR...
//   SELECTOR = a class name, or class#method
import java.io.*;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.*;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.*;
import org.junit.platform.launcher.core.*;

public class DataPathFaults {
  record Run(boolean ok, double seconds, String failure) {}

  public static void main(String[] args) throws Exception {
    int repeat = Integer.parseInt(args[0]);
    List<DiscoverySelector> selectors = new ArrayList<>();
    for (String s : Arrays.copyOfRange(args, 1, args.length)) {
      selectors.add(s.contains("#") ? DiscoverySelectors.selectMethod(s) : DiscoverySelectors.selectClass(s));
    }
    Map<String, List<Run>> runs = new TreeMap<>();
    Map<String, Integer> outcomes = new TreeMap<>();
    Pattern outcome = Pattern.compile("adf\\.reliability (\\S+)(?: \\S+=\\S+)*?(?: (outcome=\\S+))?(?: |$).*");
    PrintStream realOut = System.out;
    List<String> examples = new ArrayList<>();
    OutputStream tee = new OutputStream() {
      final ByteArrayOutputStream line = new ByteArrayOutputStream();
      @Override public synchronized void write(int b) {
        if (b == '\n') {
          String l = line.toString();
          line.reset();
          int at = l.indexOf("adf.reliability ");
          if (at >= 0) {
            String rec = l.substring(at);
            String[] f = rec.split(" ");
            String key = f[1] + (rec.contains(" outcome=") ? " " + rec.replaceAll(".* outcome=(\\S+).*", "outcome=$1") : "")
                + (rec.contains("ContainerNotFound") ? " (container forgotten: 404 ContainerNotFound)"
                    : rec.contains("although its write was acknowledged") ? " (verification: a blob forgotten)"
                    : rec.contains("Connection refused") ? " (connection refused)" : "");
            outcomes.merge(key, 1, Integer::sum);
            if (examples.stream().noneMatch(e -> e.startsWith(key + ": "))) {
              examples.add(key + ": " + rec);
            }
          }
        } else {
          line.write(b);
        }
      }
    };
    System.setOut(new PrintStream(tee, true));
    Launcher launcher = LauncherFactory.create();
    Map<String, Long> started = new ConcurrentHashMap<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override public void executionStarted(TestIdentifier id) {
        if (id.isTest()) started.put(id.getUniqueId(), System.nanoTime());
      }
      @Override public void executionFinished(TestIdentifier id, TestExecutionResult r) {
        if (!id.isTest()) {
          if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            realOut.println("container " + id.getDisplayName() + " " + r.getStatus() + ": "
                + r.getThrowable().map(t -> firstLine(t)).orElse(""));
          }
          return;
        }
        double s = (System.nanoTime() - started.get(id.getUniqueId())) / 1e9;
        String name = id.getLegacyReportingName().replaceAll("\\(.*", "");
        String cls = id.getUniqueId().replaceAll(".*\\[class:([^\\]]+)\\].*", "$1").replaceAll(".*\\.", "");
        boolean ok = r.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        runs.computeIfAbsent(cls + "." + name, k -> new ArrayList<>())
            .add(new Run(ok, s, ok ? null : r.getThrowable().map(DataPathFaults::firstLine).orElse(r.getStatus().toString())));
        realOut.printf("  %-5s %6.1f s  %s.%s%n", ok ? "ok" : "FAIL", s, cls, name);
      }
    };
    for (int i = 1; i <= repeat; i++) {
      realOut.println("# round " + i + " of " + repeat);
      launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), listener);
    }
    System.setOut(realOut);
    System.out.println();
    System.out.println("| test | runs | passed | median s | max s | failures |");
    System.out.println("|---|---|---|---|---|---|");
    int failed = 0;
    for (var e : runs.entrySet()) {
      List<Run> l = e.getValue();
      double[] t = l.stream().mapToDouble(Run::seconds).sorted().toArray();
      long ok = l.stream().filter(Run::ok).count();
      failed += l.size() - ok;
      String fails = String.join("; ", l.stream().filter(r -> !r.ok()).map(Run::failure).distinct().toList());
      System.out.printf("| %s | %d | %d | %.1f | %.1f | %s |%n", e.getKey(), l.size(), ok, t[t.length / 2], t[t.length - 1], fails);
    }
    System.out.println();
    System.out.println("outcome lines:");
    outcomes.forEach((k, v) -> System.out.println("  " + v + " x " + k));
    System.out.println("an example of each:");
    examples.forEach(e -> System.out.println("  " + e));
    System.exit(failed == 0 ? 0 : 1);
  }

  static String firstLine(Throwable t) {
    String m = t.getClass().getSimpleName() + ": " + t.getMessage();
    m = m.strip().replaceAll("\\s+", " ");
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }
}

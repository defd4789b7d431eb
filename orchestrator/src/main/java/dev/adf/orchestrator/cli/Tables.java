package dev.adf.orchestrator.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plain-text tables for the terminal: left-aligned columns, two spaces apart. */
final class Tables {
  private Tables() {}

  static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> r : all) {
      for (int i = 0; i < r.size(); i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    for (List<String> r : all) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        String cell = r.get(i);
        sb.append(cell);
        if (i < r.size() - 1) {
          sb.append(" ".repeat(width[i] - cell.length() + 2));
        }
      }
      out.println(sb.toString().stripTrailing());
    }
    out.flush();
  }

  static String time(Instant t) {
    return t == null ? "-" : t.toString();
  }

  static String text(Object o) {
    return o == null ? "-" : o.toString();
  }
}

package dev.adf.web.diagram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A layered (Sugiyama-style) layout of a directed acyclic graph, left to right, a pure function of
 * (nodes, edges): each node's layer is the longest path to it from a source (a node without incoming
 * edges is in layer 0); an edge spanning several layers goes through one placeholder per layer in
 * between, so that it bends around the nodes; the order within each layer starts from the order the
 * nodes are given in and is improved by barycenter sweeps (down, then up, {@link #SWEEPS} times),
 * keeping the order with the fewest crossings. Every node is a {@link #NODE_WIDTH} × {@link
 * #NODE_HEIGHT} box in its own slot: nodes never overlap, and every edge runs strictly left to right.
 * Coordinates are pixels from the top-left corner.
 */
public final class LayeredLayout {
  public static final double NODE_WIDTH = 190;
  public static final double NODE_HEIGHT = 48;
  /** Horizontal space between layers, for the edges and their arrows. */
  public static final double LAYER_GAP = 70;
  /** Vertical space between two slots of a layer. */
  public static final double ROW_GAP = 18;
  public static final double MARGIN = 12;
  /** Barycenter sweeps (one down and one up each). */
  public static final int SWEEPS = 4;

  private LayeredLayout() {}

  /** A directed edge between two node ids. */
  public record Edge(String from, String to) {}

  /**
   * A placed node.
   *
   * @param id as given
   * @param layer 0 for a source, else 1 + the highest layer of its predecessors
   * @param order its slot in the layer, from the top, 0 first (placeholders of long edges take slots too)
   * @param x left edge, pixels
   * @param y top edge, pixels
   */
  public record Node(String id, int layer, int order, double x, double y) {
    public double width() {
      return NODE_WIDTH;
    }

    public double height() {
      return NODE_HEIGHT;
    }
  }

  /** A point in pixels. */
  public record Point(double x, double y) {}

  /**
   * An edge's route: from the middle of the source's right side, through its placeholders, to the
   * middle of the target's left side; x increases along it.
   */
  public record Route(String from, String to, List<Point> points) {
    public Route {
      points = List.copyOf(points);
    }

    /** The SVG {@code points} attribute of a polyline: {@code x,y x,y ...}. */
    public String svgPoints() {
      StringBuilder b = new StringBuilder();
      for (Point p : points) {
        b.append(b.isEmpty() ? "" : " ").append(fmt(p.x())).append(',').append(fmt(p.y()));
      }
      return b.toString();
    }

    private static String fmt(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
  }

  /**
   * The result.
   *
   * @param nodes the nodes in the order given
   * @param edges the edges in the order given
   * @param layers how many layers
   * @param crossings edge crossings between adjacent layers in the final order
   * @param width pixels, margins included
   * @param height pixels, margins included
   */
  public record Layout(List<Node> nodes, List<Route> edges, int layers, int crossings, double width, double height) {
    public Node node(String id) {
      return nodes.stream().filter(n -> n.id().equals(id)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no node " + id));
    }
  }

  /**
   * Lays out a graph.
   *
   * @param nodes node ids, unique; their order is the initial order within each layer
   * @param edges edges between given nodes; duplicates are drawn once
   * @throws IllegalArgumentException for a duplicate id, an edge to or from an unknown node, a self
   *     loop, or a cycle (naming the nodes on or behind it)
   */
  public static Layout layout(List<String> nodes, List<Edge> edges) {
    Map<String, Integer> index = new LinkedHashMap<>();
    for (String n : nodes) {
      if (index.put(n, index.size()) != null) {
        throw new IllegalArgumentException("node " + n + " is given twice");
      }
    }
    List<Edge> unique = new ArrayList<>(new java.util.LinkedHashSet<>(edges));
    for (Edge e : unique) {
      if (!index.containsKey(e.from()) || !index.containsKey(e.to())) {
        throw new IllegalArgumentException("edge " + e.from() + " -> " + e.to() + " names an unknown node");
      }
      if (e.from().equals(e.to())) {
        throw new IllegalArgumentException("edge " + e.from() + " -> " + e.to() + " is a loop");
      }
    }
    int[] layer = layers(nodes, unique, index);

    // The graph of slots: the nodes, then one placeholder per layer crossed by a long edge.
    int maxLayer = 0;
    for (int l : layer) {
      maxLayer = Math.max(maxLayer, l);
    }
    List<Integer> slotLayer = new ArrayList<>();
    for (int l : layer) {
      slotLayer.add(l);
    }
    List<int[]> segments = new ArrayList<>();
    List<List<Integer>> chains = new ArrayList<>();
    for (Edge e : unique) {
      int u = index.get(e.from());
      int v = index.get(e.to());
      List<Integer> chain = new ArrayList<>(List.of(u));
      for (int l = layer[u] + 1; l < layer[v]; l++) {
        slotLayer.add(l);
        chain.add(slotLayer.size() - 1);
      }
      chain.add(v);
      for (int i = 0; i + 1 < chain.size(); i++) {
        segments.add(new int[] {chain.get(i), chain.get(i + 1)});
      }
      chains.add(chain);
    }
    List<List<Integer>> order = new ArrayList<>();
    for (int l = 0; l <= maxLayer; l++) {
      order.add(new ArrayList<>());
    }
    for (int s = 0; s < slotLayer.size(); s++) {
      order.get(slotLayer.get(s)).add(s);
    }
    order = minimizeCrossings(order, segments, slotLayer.size());

    int rows = order.stream().mapToInt(List::size).max().orElse(0);
    double slot = NODE_HEIGHT + ROW_GAP;
    double[] x = new double[slotLayer.size()];
    double[] y = new double[slotLayer.size()];
    int[] pos = new int[slotLayer.size()];
    for (List<Integer> lane : order) {
      double offset = (rows - lane.size()) * slot / 2;
      for (int i = 0; i < lane.size(); i++) {
        int s = lane.get(i);
        pos[s] = i;
        x[s] = MARGIN + slotLayer.get(s) * (NODE_WIDTH + LAYER_GAP);
        y[s] = MARGIN + offset + i * slot;
      }
    }
    List<Node> placed = new ArrayList<>();
    for (String n : nodes) {
      int s = index.get(n);
      placed.add(new Node(n, layer[s], pos[s], x[s], y[s]));
    }
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < unique.size(); i++) {
      List<Integer> chain = chains.get(i);
      List<Point> pts = new ArrayList<>();
      double mid = NODE_HEIGHT / 2;
      pts.add(new Point(x[chain.get(0)] + NODE_WIDTH, y[chain.get(0)] + mid));
      for (int k = 1; k + 1 < chain.size(); k++) {
        int d = chain.get(k);
        pts.add(new Point(x[d], y[d] + mid));
        pts.add(new Point(x[d] + NODE_WIDTH, y[d] + mid));
      }
      int last = chain.get(chain.size() - 1);
      pts.add(new Point(x[last], y[last] + mid));
      routes.add(new Route(unique.get(i).from(), unique.get(i).to(), pts));
    }
    double width = nodes.isEmpty() ? 2 * MARGIN : 2 * MARGIN + (maxLayer + 1) * NODE_WIDTH + maxLayer * LAYER_GAP;
    double height = 2 * MARGIN + Math.max(0, rows * slot - ROW_GAP);
    return new Layout(placed, routes, nodes.isEmpty() ? 0 : maxLayer + 1, crossings(order, segments,
        slotLayer.size()), width, height);
  }

  /** Longest-path layering in topological order (Kahn), refusing cycles. */
  private static int[] layers(List<String> nodes, List<Edge> edges, Map<String, Integer> index) {
    int n = nodes.size();
    List<List<Integer>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ArrayList<>());
    }
    int[] in = new int[n];
    for (Edge e : edges) {
      out.get(index.get(e.from())).add(index.get(e.to()));
      in[index.get(e.to())]++;
    }
    int[] layer = new int[n];
    java.util.ArrayDeque<Integer> ready = new java.util.ArrayDeque<>();
    for (int i = 0; i < n; i++) {
      if (in[i] == 0) {
        ready.add(i);
      }
    }
    int done = 0;
    while (!ready.isEmpty()) {
      int u = ready.poll();
      done++;
      for (int v : out.get(u)) {
        layer[v] = Math.max(layer[v], layer[u] + 1);
        if (--in[v] == 0) {
          ready.add(v);
        }
      }
    }
    if (done < n) {
      List<String> stuck = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (in[i] > 0) {
          stuck.add(nodes.get(i));
        }
      }
      throw new IllegalArgumentException("the graph has a cycle through or behind " + stuck);
    }
    return layer;
  }

  private static List<List<Integer>> minimizeCrossings(List<List<Integer>> start, List<int[]> segments, int slots) {
    List<List<Integer>> up = new ArrayList<>();
    List<List<Integer>> down = new ArrayList<>();
    for (int s = 0; s < slots; s++) {
      up.add(new ArrayList<>());
      down.add(new ArrayList<>());
    }
    for (int[] seg : segments) {
      down.get(seg[0]).add(seg[1]);
      up.get(seg[1]).add(seg[0]);
    }
    List<List<Integer>> order = copy(start);
    List<List<Integer>> best = copy(order);
    int bestCrossings = crossings(order, segments, slots);
    for (int sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
      for (int l = 1; l < order.size(); l++) {
        reorder(order.get(l), positions(order.get(l - 1), slots), up);
      }
      for (int l = order.size() - 2; l >= 0; l--) {
        reorder(order.get(l), positions(order.get(l + 1), slots), down);
      }
      int c = crossings(order, segments, slots);
      if (c < bestCrossings) {
        bestCrossings = c;
        best = copy(order);
      }
    }
    return best;
  }

  /** Sorts a layer by the mean position of its neighbours in the fixed layer; stable, a node without any keeps its place. */
  private static void reorder(List<Integer> lane, int[] fixed, List<List<Integer>> neighbours) {
    Map<Integer, Double> key = new HashMap<>();
    for (int i = 0; i < lane.size(); i++) {
      int s = lane.get(i);
      double sum = 0;
      int count = 0;
      for (int t : neighbours.get(s)) {
        if (fixed[t] >= 0) {
          sum += fixed[t];
          count++;
        }
      }
      key.put(s, count == 0 ? i : sum / count);
    }
    lane.sort(Comparator.comparingDouble(key::get));
  }

  private static int[] positions(List<Integer> lane, int slots) {
    int[] pos = new int[slots];
    java.util.Arrays.fill(pos, -1);
    for (int i = 0; i < lane.size(); i++) {
      pos[lane.get(i)] = i;
    }
    return pos;
  }

  /** Crossings between adjacent layers: pairs of segments whose ends are in opposite orders. */
  static int crossings(List<List<Integer>> order, List<int[]> segments, int slots) {
    int[] pos = new int[slots];
    int[] lane = new int[slots];
    for (int l = 0; l < order.size(); l++) {
      for (int i = 0; i < order.get(l).size(); i++) {
        pos[order.get(l).get(i)] = i;
        lane[order.get(l).get(i)] = l;
      }
    }
    int c = 0;
    for (int i = 0; i < segments.size(); i++) {
      for (int j = i + 1; j < segments.size(); j++) {
        int[] a = segments.get(i);
        int[] b = segments.get(j);
        if (lane[a[0]] == lane[b[0]]
            && (long) Integer.compare(pos[a[0]], pos[b[0]]) * Integer.compare(pos[a[1]], pos[b[1]]) < 0) {
          c++;
        }
      }
    }
    return c;
  }

  private static List<List<Integer>> copy(List<List<Integer>> order) {
    List<List<Integer>> out = new ArrayList<>();
    order.forEach(l -> out.add(new ArrayList<>(l)));
    return out;
  }
}

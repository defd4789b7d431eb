package dev.adf.web.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.web.diagram.LayeredLayout.Edge;
import dev.adf.web.diagram.LayeredLayout.Layout;
import dev.adf.web.diagram.LayeredLayout.Node;
import dev.adf.web.diagram.LayeredLayout.Point;
import dev.adf.web.diagram.LayeredLayout.Route;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayeredLayoutTest {

  static Edge e(String from, String to) {
    return new Edge(from, to);
  }

  /** No two node boxes overlap, every edge's x increases strictly, and it goes from a lower to a higher layer. */
  static void wellFormed(Layout layout) {
    List<Node> nodes = layout.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      Node a = nodes.get(i);
      assertThat(a.x()).isGreaterThanOrEqualTo(0);
      assertThat(a.y()).isGreaterThanOrEqualTo(0);
      assertThat(a.x() + a.width()).isLessThanOrEqualTo(layout.width());
      assertThat(a.y() + a.height()).isLessThanOrEqualTo(layout.height());
      for (int j = i + 1; j < nodes.size(); j++) {
        Node b = nodes.get(j);
        boolean apart = a.x() + a.width() <= b.x() || b.x() + b.width() <= a.x()
            || a.y() + a.height() <= b.y() || b.y() + b.height() <= a.y();
        assertThat(apart).as(a + " and " + b + " overlap").isTrue();
      }
    }
    for (Route r : layout.edges()) {
      assertThat(layout.node(r.from()).layer()).isLessThan(layout.node(r.to()).layer());
      List<Point> p = r.points();
      for (int k = 1; k < p.size(); k++) {
        assertThat(p.get(k).x()).as(r.toString()).isGreaterThan(p.get(k - 1).x());
      }
      Node from = layout.node(r.from());
      Node to = layout.node(r.to());
      assertThat(p.get(0)).isEqualTo(new Point(from.x() + from.width(), from.y() + from.height() / 2));
      assertThat(p.get(p.size() - 1)).isEqualTo(new Point(to.x(), to.y() + to.height() / 2));
    }
  }

  @Test
  void threePipelinesChainedThroughDatasetsLayOutInSevenLayersLeftToRight() {
    // raw -> Ingest -> stage -> Clean -> clean -> Report -> report, plus Audit reading stage.
    List<String> nodes = List.of("d:raw", "d:stage", "d:clean", "d:report", "d:audit",
        "a:Ingest", "a:Clean", "a:Audit", "a:Report");
    List<Edge> edges = List.of(e("d:raw", "a:Ingest"), e("a:Ingest", "d:stage"), e("d:stage", "a:Clean"),
        e("a:Clean", "d:clean"), e("d:clean", "a:Report"), e("a:Report", "d:report"),
        e("d:stage", "a:Audit"), e("a:Audit", "d:audit"));
    Layout layout = LayeredLayout.layout(nodes, edges);

    assertThat(layout.layers()).isEqualTo(7).isGreaterThanOrEqualTo(5);
    assertThat(nodes).extracting(n -> layout.node(n).layer()).containsExactly(0, 2, 4, 6, 4, 1, 3, 3, 5);
    assertThat(layout.crossings()).isZero();
    wellFormed(layout);
    // Layers are columns: x is a function of the layer.
    assertThat(layout.node("a:Clean").x()).isEqualTo(layout.node("a:Audit").x());
    assertThat(layout.node("d:raw").x()).isEqualTo(LayeredLayout.MARGIN);
  }

  @Test
  void theLayerIsTheLongestPathFromASourceAndALongEdgeBendsAroundTheLayersBetween() {
    // a -> b -> c -> d and a -> d: d is in layer 3, the edge a -> d passes two placeholders.
    Layout layout = LayeredLayout.layout(List.of("a", "b", "c", "d"),
        List.of(e("a", "b"), e("b", "c"), e("c", "d"), e("a", "d")));
    assertThat(layout.node("d").layer()).isEqualTo(3);
    Route longEdge = layout.edges().get(3);
    assertThat(longEdge.points()).hasSize(6);
    wellFormed(layout);
    // The placeholders take their own slots: b and c are not under the long edge's path.
    assertThat(longEdge.points().get(1).y()).isNotEqualTo(layout.node("b").y() + LayeredLayout.NODE_HEIGHT / 2);
  }

  @Test
  void aBarycenterPassUndoesTheCrossingsOfABadInitialOrder() {
    // Given order puts x2 above x1 although x1's inputs are on top: two crossings, untangled.
    List<String> nodes = List.of("s1", "s2", "s3", "t3", "t2", "t1");
    List<Edge> edges = List.of(e("s1", "t1"), e("s2", "t2"), e("s3", "t3"));
    Layout layout = LayeredLayout.layout(nodes, edges);
    assertThat(layout.crossings()).isZero();
    assertThat(layout.node("t1").order()).isZero();
    assertThat(layout.node("t3").order()).isEqualTo(2);
    wellFormed(layout);
  }

  @Test
  void aCrossingThatCannotBeAvoidedIsCountedNotHidden() {
    // K(2,2): a1, a2 -> b1, b2 always crosses once.
    Layout layout = LayeredLayout.layout(List.of("a1", "a2", "b1", "b2"),
        List.of(e("a1", "b1"), e("a1", "b2"), e("a2", "b1"), e("a2", "b2")));
    assertThat(layout.crossings()).isEqualTo(1);
    wellFormed(layout);
  }

  @Test
  void isolatedNodesAndTheEmptyGraphAreLaidOut() {
    Layout one = LayeredLayout.layout(List.of("x", "y"), List.of());
    assertThat(one.layers()).isEqualTo(1);
    assertThat(one.node("y").order()).isEqualTo(1);
    wellFormed(one);
    Layout none = LayeredLayout.layout(List.of(), List.of());
    assertThat(none.layers()).isZero();
    assertThat(none.nodes()).isEmpty();
  }

  @Test
  void cyclesUnknownNodesLoopsAndDuplicatesAreRefused() {
    assertThatThrownBy(() -> LayeredLayout.layout(List.of("a", "b", "c"),
        List.of(e("a", "b"), e("b", "c"), e("c", "b"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle").hasMessageContaining("[b, c]");
    assertThatThrownBy(() -> LayeredLayout.layout(List.of("a"), List.of(e("a", "z"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown node");
    assertThatThrownBy(() -> LayeredLayout.layout(List.of("a"), List.of(e("a", "a"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loop");
    assertThatThrownBy(() -> LayeredLayout.layout(List.of("a", "a"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
  }

  @Test
  void theSvgPointsAreXyPairs() {
    Layout layout = LayeredLayout.layout(List.of("a", "b"), List.of(e("a", "b")));
    assertThat(layout.edges().get(0).svgPoints()).isEqualTo("202,36 272,36");
  }
}

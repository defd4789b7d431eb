package dev.adf.orchestrator.bench.cluster;

final class AdfFailover {
  private AdfFailover() {}

  static void main(String url, String user) throws Exception {
    throw new UnsupportedOperationException("todo");
  }
}

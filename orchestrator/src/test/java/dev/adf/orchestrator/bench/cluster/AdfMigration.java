package dev.adf.orchestrator.bench.cluster;

final class AdfMigration {
  private AdfMigration() {}

  static void main(String url, String user) throws Exception {
    throw new UnsupportedOperationException("todo");
  }
}

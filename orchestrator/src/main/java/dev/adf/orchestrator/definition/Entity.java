package dev.adf.orchestrator.definition;

/** A top-level ADF entity: a linked service, a dataset or a pipeline. */
public sealed interface Entity permits LinkedService, Dataset, Pipeline {
  String name();

  SourceFile source();
}

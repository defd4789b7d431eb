package dev.adf.orchestrator.definition;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A complete set of definitions (a "data factory"), names matched case-insensitively as ADF v1 does.
 */
public final class Factory {
  private final Map<String, LinkedService> linkedServices = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, Dataset> datasets = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, Pipeline> pipelines = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public Factory(List<LinkedService> linkedServices, List<Dataset> datasets, List<Pipeline> pipelines) {
    linkedServices.forEach(l -> this.linkedServices.put(l.name(), l));
    datasets.forEach(d -> this.datasets.put(d.name(), d));
    pipelines.forEach(p -> this.pipelines.put(p.name(), p));
  }

  public Optional<LinkedService> linkedService(String name) {
    return Optional.ofNullable(name == null ? null : linkedServices.get(name));
  }

  public Optional<Dataset> dataset(String name) {
    return Optional.ofNullable(name == null ? null : datasets.get(name));
  }

  public Optional<Pipeline> pipeline(String name) {
    return Optional.ofNullable(name == null ? null : pipelines.get(name));
  }

  public Collection<LinkedService> linkedServices() {
    return linkedServices.values();
  }

  public Collection<Dataset> datasets() {
    return datasets.values();
  }

  public Collection<Pipeline> pipelines() {
    return pipelines.values();
  }

  /** Every entity: linked services, then datasets, then pipelines, each sorted by name. */
  public List<Entity> entities() {
    var all = new java.util.ArrayList<Entity>();
    all.addAll(linkedServices.values());
    all.addAll(datasets.values());
    all.addAll(pipelines.values());
    return all;
  }
}

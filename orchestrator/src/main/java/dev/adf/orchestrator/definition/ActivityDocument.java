package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.validation.AdfName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One activity of a pipeline file as read (adf-v1-semantics §5: name and type required, at least one
 * output because the output dataset drives the schedule; policy §5.1; scheduler §3.1).
 */
record ActivityDocument(
    @NotNull(message = "name is required") @AdfName String name,
    @NotBlank(message = "type is required, e.g. HDInsightMapReduce or Copy") String type,
    String linkedServiceName,
    JsonNode typeProperties,
    @Valid List<DatasetRef> inputs,
    @NotNull(message = "outputs is required: every activity needs at least one output dataset (§5)")
        @Size(min = 1, message = "outputs must name at least one dataset: the output drives the schedule (§5)")
        @Valid
        List<DatasetRef> outputs,
    @Valid PolicyDocument policy,
    @Valid AvailabilityDocument scheduler) {

  /**
   * An input or output: {@code {"name": "…"}}; inputs may add a dependency period ({@code startTime},
   * {@code endTime} expressions, {@code length} TimeSpan, §6).
   */
  record DatasetRef(
      @NotBlank(message = "name is required: the dataset's name") String name,
      String startTime,
      String endTime,
      Duration length) {}

  static ActivityDocument read(ObjectCursor c) {
    ObjectCursor policy = c.object("policy");
    ObjectCursor scheduler = c.object("scheduler");
    var doc = new ActivityDocument(
        c.text("name"),
        c.text("type"),
        c.text("linkedServiceName"),
        c.object("typeProperties") == null ? null : c.any("typeProperties"),
        refs(c, "inputs"),
        refs(c, "outputs"),
        policy == null ? null : PolicyDocument.read(policy),
        scheduler == null ? null : AvailabilityDocument.read(scheduler));
    c.accept("description");
    c.warnUnknown("an activity");
    return doc;
  }

  private static List<DatasetRef> refs(ObjectCursor c, String key) {
    List<Map.Entry<String, JsonNode>> elements = c.array(key);
    if (elements == null) {
      return null;
    }
    List<DatasetRef> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : elements) {
      if (e.getValue() instanceof ObjectNode o) {
        ObjectCursor ref = new ObjectCursor(o, e.getKey(), c.problems());
        if (key.equals("inputs")) {
          out.add(new DatasetRef(ref.text("name"), ref.text("startTime"), ref.text("endTime"),
              ref.timeSpan("length", true)));
        } else {
          out.add(new DatasetRef(ref.text("name"), null, null, null));
        }
        ref.warnUnknown(key.equals("inputs") ? "an input" : "an output");
      } else {
        c.problems().error(e.getKey(), key + " entries must be objects like {\"name\": \"MyDataset\"}");
        out.add(null);
      }
    }
    return out;
  }

  /** Called only after validation passed. */
  PipelineActivity toActivity() {
    return new PipelineActivity(name, type, linkedServiceName,
        typeProperties == null ? JsonNodeFactory.instance.objectNode() : typeProperties,
        inputs == null ? List.of() : inputs.stream().map(DatasetRef::name).toList(),
        outputs.stream().map(DatasetRef::name).toList(),
        policy == null ? ActivityPolicy.DEFAULTS : policy.toPolicy(),
        scheduler == null ? null : scheduler.toAvailability(),
        inputs == null ? List.of() : inputs.stream()
            .map(i -> new InputDependency(i.name(), i.startTime(), i.endTime(), i.length())).toList());
  }
}

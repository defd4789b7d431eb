package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.validation.AdfName;
import dev.adf.orchestrator.validation.JsonPointers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A pipeline file as read (adf-v1-semantics §4): name and at least one activity required; start and
 * end given together with start before end; pipelineMode Scheduled (default) or OneTime.
 */
record PipelineDocument(
    @NotNull(message = "name is required") @AdfName String name,
    @NotNull(message = "properties is required") @Valid Properties properties) {

  record Properties(
      String description,
      @NotNull(message = "activities is required: a pipeline runs one or more activities")
          @Size(min = 1, message = "activities must hold at least one activity")
          List<@Valid ActivityDocument> activities,
      Instant start,
      Instant end,
      Boolean isPaused,
      String pipelineMode) {}

  static PipelineDocument read(ObjectCursor root) {
    String name = root.text("name");
    ObjectCursor p = root.object("properties");
    Properties properties = null;
    if (p != null) {
      properties = new Properties(p.text("description"), activities(p), p.instant("start"), p.instant("end"),
          p.bool("isPaused"), p.text("pipelineMode"));
      p.accept("hubName", "published", "expirationTime", "datasets", "runtimeInfo", "provisioningState");
      p.warnUnknown("a pipeline's properties");
    }
    root.accept("$schema");
    root.warnUnknown("a pipeline");
    return new PipelineDocument(name, properties);
  }

  private static List<ActivityDocument> activities(ObjectCursor p) {
    List<Map.Entry<String, JsonNode>> elements = p.array("activities");
    if (elements == null) {
      return null;
    }
    List<ActivityDocument> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : elements) {
      if (e.getValue() instanceof ObjectNode o) {
        out.add(ActivityDocument.read(new ObjectCursor(o, e.getKey(), p.problems())));
      } else {
        p.problems().error(e.getKey(), "an activity must be a JSON object {\"name\": …, \"type\": …}");
        out.add(null);
      }
    }
    return out;
  }

  /** Rules across fields that constraints do not express; reported into {@code problems}. */
  void checkAcrossFields(FileProblems problems) {
    Properties p = properties;
    if (p == null) {
      return;
    }
    if ((p.start() == null) != (p.end() == null) && !problems.failedAt("/properties/start")
        && !problems.failedAt("/properties/end")) {
      String missing = p.start() == null ? "start" : "end";
      problems.error("/properties/" + missing, missing + " is missing: give start and end together (§4),"
          + " e.g. \"start\": \"2016-07-12T00:00:00Z\", \"end\": \"2016-07-13T00:00:00Z\"");
    }
    if (p.start() != null && p.end() != null && p.end().isBefore(p.start())) {
      problems.error("/properties/end", "end " + p.end() + " must not be before start " + p.start()
          + " (the active period is [start, end), §4)");
    } else if (p.start() != null && p.start().equals(p.end()) && !"OneTime".equalsIgnoreCase(p.pipelineMode())) {
      problems.warning("/properties/end", "end equals start (" + p.end() + "): the active period [start, end)"
          + " is empty, so no activity window runs until the period is extended (§4)");
    }
    if (p.pipelineMode() != null && !p.pipelineMode().equalsIgnoreCase("Scheduled")
        && !p.pipelineMode().equalsIgnoreCase("OneTime")) {
      problems.error("/properties/pipelineMode", "pipelineMode '" + p.pipelineMode()
          + "' must be one of Scheduled, OneTime");
    }
    if (p.activities() != null) {
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < p.activities().size(); i++) {
        ActivityDocument a = p.activities().get(i);
        if (a == null || a.name() == null) {
          continue;
        }
        Integer first = seen.putIfAbsent(a.name().toLowerCase(Locale.ROOT), i);
        if (first != null) {
          String at = JsonPointers.child(JsonPointers.child("/properties/activities", i), "name");
          problems.error(at, "activity name '" + a.name() + "' is already used by activity " + first
              + " of this pipeline (names are case-insensitive); rename one");
        }
      }
    }
  }

  Pipeline toEntity(SourceFile source) {
    Properties p = properties;
    return new Pipeline(name, p.description(), p.activities().stream().map(ActivityDocument::toActivity).toList(),
        p.start(), p.end(), Boolean.TRUE.equals(p.isPaused()),
        p.pipelineMode() == null ? "Scheduled" : p.pipelineMode(), source);
  }
}

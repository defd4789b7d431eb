package dev.adf.orchestrator.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProblemTest {

  private final Path file = Path.of("defs/Pipeline.json");

  @Test
  void rendersPointerAsJsonPath() {
    Problem p = Problem.error(file, "/properties/activities/0/policy/timeout", 36, 17,
        "timeout 'abc' is not a TimeSpan");
    assertThat(p.jsonPath()).isEqualTo("$.properties.activities[0].policy.timeout");
    assertThat(p.render()).isEqualTo(
        "defs/Pipeline.json:36:17  $.properties.activities[0].policy.timeout  timeout 'abc' is not a TimeSpan");
  }

  @Test
  void rendersWarningsAndUnknownPlaces() {
    assertThat(Problem.warning(file, "", 0, 0, "skipped").render()).isEqualTo("defs/Pipeline.json  $  warning: skipped");
    assertThat(JsonPointers.toJsonPath("/StorageLinkedService.json/0/name")).isEqualTo("$['StorageLinkedService.json'][0].name");
    assertThat(JsonPointers.toJsonPath(JsonPointers.child("", "a/b~c"))).isEqualTo("$['a/b~c']");
  }

  @Test
  void deepPathsAreElidedKeepingTheirStartAndEndAndLongKeysAreCut() {
    String deep = "/properties/activities/0/typeProperties" + "/0".repeat(996);
    assertThat(JsonPointers.toJsonPath(deep))
        .isEqualTo("$.properties.activities[0].typeProperties[0][0][0][0]…(990 levels)…[0][0]");
    String twelve = "/a/b/c/d/e/f/g/h/i/j/k/l";
    assertThat(JsonPointers.toJsonPath(twelve)).isEqualTo("$.a.b.c.d.e.f.g.h.i.j.k.l");
    assertThat(JsonPointers.toJsonPath(twelve + "/m")).isEqualTo("$.a.b.c.d.e.f.g.h…(3 levels)….l.m");
    assertThat(JsonPointers.toJsonPath("/properties/" + "x".repeat(100_000)))
        .isEqualTo("$.properties['" + "x".repeat(48) + "…(100,000 characters)']");
  }

  @Test
  void aMessageIsOnePrintableLineAndAHugeValueInItIsCutInTheMiddle() {
    Problem p = Problem.error(file, "/properties/start", 3, 4, "start 'line one\nline two\r\tx\u0000\u202e' is bad");
    assertThat(p.message()).isEqualTo("start 'line one\\nline two\\r\\tx\\u0000\\u202e' is bad");
    assertThat(p.render()).doesNotContain("\n").doesNotContain("\r");
    Problem huge = Problem.error(file, "/properties/type", 3, 4,
        "type {" + "\"a\":{".repeat(2_000) + "} is not known; write a type name");
    assertThat(huge.message()).hasSizeLessThan(Problem.MAX_MESSAGE + 40).startsWith("type {\"a\":{")
        .contains("characters)…").endsWith("} is not known; write a type name");
  }

  @Test
  void secretsAreMasked() {
    Problem p = Problem.error(file, "", 1, 1,
        "bad 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc123==' and ?sv=1&sig=XYZ%3D and Password=pw;");
    assertThat(p.message()).doesNotContain("abc123").doesNotContain("XYZ").doesNotContain("pw;")
        .contains("AccountKey=***").contains("sig=***").contains("AccountName=a");
    assertThat(Secrets.show("/properties/typeProperties/connectionString", TextNode.valueOf("anything")))
        .isEqualTo("***");
    assertThat(Secrets.show("/properties/typeProperties/sasUri", TextNode.valueOf("https://x?sig=1"))).isEqualTo("***");
    assertThat(Secrets.show("/properties/typeProperties/folderPath", TextNode.valueOf("a/b"))).isEqualTo("'a/b'");
  }
}

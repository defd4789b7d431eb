package dev.adf.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigPathTest {

  @Test
  void parsesNamesAndIndexes() {
    assertThat(ConfigPath.parse("$.properties.activities[0].typeProperties.arguments[12]").segments())
        .containsExactly("properties", "activities", 0, "typeProperties", "arguments", 12);
  }

  @Test
  void rejectsOtherForms() {
    for (String bad : List.of("properties.x", "$", "$..a", "$.a[x]", "$['a']", "$.a.")) {
      assertThatThrownBy(() -> ConfigPath.parse(bad)).hasMessageContaining("'" + bad + "' is not a config path");
    }
  }

  @Test
  void setsCaseInsensitivelyAndExplainsMissingParts() throws Exception {
    var root = new ObjectMapper().readTree("{\"Properties\": {\"list\": [1, 2]}}");
    assertThat(ConfigPath.parse("$.properties.LIST[1]").set(root, IntNode.valueOf(9))).isNull();
    assertThat(root.toString()).isEqualTo("{\"Properties\":{\"list\":[1,9]}}");
    assertThat(ConfigPath.parse("$.properties.list[5]").set(root, IntNode.valueOf(9)))
        .isEqualTo("$.Properties.list has only 2 elements");
    assertThat(ConfigPath.parse("$.properties.x.y").set(root, IntNode.valueOf(9)))
        .isEqualTo("$.Properties has no key 'x'");
  }
}

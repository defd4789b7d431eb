package dev.adf.activities.hdinsight;

import static dev.adf.activities.hdinsight.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading HDInsightSpark typeProperties: paths, defaults and errors that name the property. */
class SparkTypePropertiesTest {

  @Test
  void readsTheAdfSampleWithItsBackslashRootPath() {
    SparkTypeProperties p = SparkTypeProperties.from(json("{'rootPath': 'adfspark\\\\pyFiles', 'entryFilePath': 'test.py',"
        + " 'getDebugInfo': 'Always', 'sparkJobLinkedService': {'referenceName': 'Storage', 'type': 'LinkedServiceReference'}}"));
    assertThat(p.rootPath()).isEqualTo("adfspark/pyFiles");
    assertThat(p.container()).isEqualTo("adfspark");
    assertThat(p.folderPrefix()).isEqualTo("pyFiles/");
    assertThat(p.entryBlobName()).isEqualTo("pyFiles/test.py");
    assertThat(p.isPython()).isTrue();
    assertThat(p.className()).isNull();
    assertThat(p.getDebugInfo()).isEqualTo(DebugInfo.ALWAYS);
    assertThat(p.sparkJobLinkedService()).isEqualTo("Storage");
  }

  @Test
  void aContainerAloneIsARootPathAndDefaultsAreEmpty() {
    SparkTypeProperties p = SparkTypeProperties.from(json(
        "{'ROOTPATH': '/jobs/', 'EntryFilePath': 'app/Main.JAR', 'classname': 'a.Main', 'sparkJobLinkedService': 'S'}"));
    assertThat(p.container()).isEqualTo("jobs");
    assertThat(p.folderPrefix()).isEmpty();
    assertThat(p.entryBlobName()).isEqualTo("app/Main.JAR");
    assertThat(p.arguments()).isEmpty();
    assertThat(p.sparkConfig()).isEmpty();
    assertThat(p.proxyUser()).isNull();
    assertThat(p.getDebugInfo()).isEqualTo(DebugInfo.FAILURE);
    assertThat(p.sparkJobLinkedService()).isEqualTo("S");
  }

  @Test
  void errorsNameThePropertyAndWhatToDo() {
    assertThatThrownBy(() -> SparkTypeProperties.from(json("{'entryFilePath': 'a.py'}")))
        .hasMessageStartingWith("typeProperties.rootPath is required: the container/folder");
    assertThatThrownBy(() -> SparkTypeProperties.from(json("{'rootPath': 'c/f'}")))
        .hasMessageStartingWith("typeProperties.entryFilePath is required");
    assertThatThrownBy(() -> SparkTypeProperties.from(json("{'rootPath': 'c/f', 'entryFilePath': 'run.sh'}")))
        .hasMessage("typeProperties.entryFilePath 'run.sh' must name a .jar or .py file relative to rootPath");
    assertThatThrownBy(() -> SparkTypeProperties.from(json("{'rootPath': 'c/f', 'entryFilePath': 'a.jar'}")))
        .hasMessageStartingWith("typeProperties.className is required when entryFilePath is a .jar");
    assertThatThrownBy(() -> SparkTypeProperties.from(json(
        "{'rootPath': 'c', 'entryFilePath': 'a.py', 'arguments': ['x', {'y': 1}]}")))
        .hasMessage("typeProperties.arguments[1] must be a string");
    assertThatThrownBy(() -> SparkTypeProperties.from(json("{'rootPath': 'c', 'entryFilePath': 'a.py', 'sparkConfig': 'x'}")))
        .hasMessageStartingWith("typeProperties.sparkConfig must be an object");
    assertThatThrownBy(() -> SparkTypeProperties.from(json(
        "{'rootPath': 'c', 'entryFilePath': 'a.py', 'sparkConfig': {'spark.executor.instances': 'many'}}")))
        .hasMessage("typeProperties.sparkConfig['spark.executor.instances'] must be a whole number, got 'many'");
  }
}

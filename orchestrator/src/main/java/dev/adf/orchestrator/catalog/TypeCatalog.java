package dev.adf.orchestrator.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every ADF v1 entity type and what its {@code typeProperties} may hold: 37 linked services, 18
 * datasets, 12 activities, 13 copy sources, 10 copy sinks, the tabular translator, 5 dataset
 * formats, 4 compressions and the DateTime partition value. Data: {@code /catalog/adf-v1-types.json}, derived from the ARM schema
 * 2015-10-01 {@code Microsoft.DataFactory.json} (each type names its {@code #/definitions/…}) and
 * completed from adf-v1-semantics §2–§5 and the v1 connector docs where the schema is silent
 * (HDInsightSpark, ParquetFormat, ZipDeflate, one-of script groups, service-principal Data Lake
 * auth, AmazonS3/FTP/SFTP/HTTP/MongoDB/Redshift/Azure Search/SAP connectors); those types say so
 * in {@link TypeSpec#source()}.
 *
 * <p>Rules of {@link #check} (ADF v1 tolerance, ARCHITECTURE "Decisions"):
 *
 * <ul>
 *   <li>keys and type names match ignoring case; a JSON {@code null} counts as absent;
 *   <li>unknown type: ERROR listing the known types of the category and the closest name;
 *   <li>missing required key (or none of a "one of" group such as {@code script}/{@code
 *       scriptPath}): ERROR with an example value;
 *   <li>unknown key: WARNING only;
 *   <li>value of the wrong kind: ERROR with the value (secrets masked by {@link
 *       dev.adf.orchestrator.validation.Secrets#show}) and the expected form;
 *   <li>text starting with {@code $$} (an ADF expression) is accepted for every scalar kind;
 *       integers, numbers and booleans may be written as text ({@code "10000"}, {@code "true"}), as
 *       ADF's .NET deserializer accepted;
 *   <li>nested typed objects are checked by their own {@code type}: Copy {@code source}/{@code
 *       sink}/{@code translator}, dataset {@code format}/{@code compression}, {@code
 *       partitionedBy[i].value}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class TypeCatalog {

  private static final class Holder {
    static final TypeCatalog ADF_V1 = CatalogLoader.load();
  }

  private final Map<Category, List<TypeSpec>> types;
  private final Map<String, ObjectShape> shapes;
  private final Map<String, JsonNode> examples;
  private final Map<String, String> legacyNames;

  TypeCatalog(
      Map<Category, List<TypeSpec>> types,
      Map<String, ObjectShape> shapes,
      Map<String, JsonNode> examples,
      Map<String, String> legacyNames) {
    Map<Category, List<TypeSpec>> t = new EnumMap<>(Category.class);
    types.forEach((c, l) -> t.put(c, List.copyOf(l)));
    this.types = Collections.unmodifiableMap(t);
    this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
    this.examples = Collections.unmodifiableMap(new LinkedHashMap<>(examples));
    this.legacyNames = Collections.unmodifiableMap(new LinkedHashMap<>(legacyNames));
  }

  /** The ADF v1 catalog, loaded once from the class path. */
  public static TypeCatalog adfV1() {
    return Holder.ADF_V1;
  }

  /** The type named {@code type} (ignoring case) in category {@code c}. */
  public Optional<TypeSpec> find(Category c, String type) {
    if (type == null) {
      return Optional.empty();
    }
    return types.get(c).stream().filter(t -> t.name().equalsIgnoreCase(type)).findFirst();
  }

  /** All type names of a category, in catalog order (linked services, then as the ARM schema lists them). */
  public List<String> names(Category c) {
    return types.get(c).stream().map(TypeSpec::name).toList();
  }

  /**
   * Checks the {@code typeProperties} of an entity (or, for nested categories, the object itself)
   * of type {@code type}.
   *
   * @param typeProperties the object; null, missing or JSON null means absent
   * @param pointer RFC 6901 pointer of {@code typeProperties}; an unknown type is reported there too
   */
  public void check(Category c, String type, JsonNode typeProperties, String pointer, ProblemSink sink) {
    new Checker(this, sink).checkTyped(c, type, typeProperties, pointer);
  }

  /**
   * Finds {@code type} and {@code typeProperties} (keys ignoring case) in an entity's {@code
   * properties} object, or in an activity object, and checks them. A missing or non-text {@code
   * type} is an ERROR at {@code pointer}.
   *
   * @param pointer RFC 6901 pointer of {@code properties} (or of the activity)
   */
  public void checkEntity(Category c, JsonNode properties, String pointer, ProblemSink sink) {
    new Checker(this, sink).checkEntity(c, properties, pointer);
  }

  ObjectShape shape(String name) {
    ObjectShape s = shapes.get(name);
    if (s == null) {
      throw new IllegalStateException("catalog names unknown shape " + name);
    }
    return s;
  }

  Optional<JsonNode> example(String key) {
    return Optional.ofNullable(examples.get(key.toLowerCase(java.util.Locale.ROOT)));
  }

  /**
   * The GA name of a 2014 preview type name ({@code AzureStorageLinkedService} → {@code AzureStorage},
   * {@code AzureBlobLocation} → {@code AzureBlob}, {@code CopyActivity} → {@code Copy}; adf-v1-semantics
   * §1), ignoring case; empty for any other name.
   */
  public Optional<String> legacyName(String type) {
    return Optional.ofNullable(legacyNames.get(type.toLowerCase(java.util.Locale.ROOT)));
  }
}

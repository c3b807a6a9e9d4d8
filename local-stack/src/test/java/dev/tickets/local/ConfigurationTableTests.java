package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's configuration table of each service against the service itself, as the configuration
 * processor lists its properties in {@code META-INF/spring-configuration-metadata.json} (with the
 * records' {@code @DefaultValue}s):
 *
 * <ul>
 *   <li>each of the service's own properties has a row with its default;
 *   <li>each row names a property the service has, one its {@code application.yaml} sets, or one of
 *       Spring Boot or a library on the classpath; its default is the one the yaml sets, else the
 *       metadata's, else "none";
 *   <li>each row gives the environment variable Spring binds to the property;
 *   <li>the properties records, bound from nothing, hold the defaults the metadata lists (a
 *       forgotten {@code @DefaultValue} on a nested record would bind {@code null}).
 * </ul>
 */
class ConfigurationTableTests {

  private static final Path ROOT = Path.of(System.getProperty("tickets.services.dir", ".."));
  private static final String METADATA = "META-INF/spring-configuration-metadata.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What a service refuses to start without, and so the least its records are bound from. */
  private static final Map<String, String> REQUIRED =
      Map.of("ticket-api.security.jwt.secret", "a-secret-of-more-than-thirty-two-bytes");

  @ParameterizedTest
  @ValueSource(strings = {"ticket-api", "order-projector"})
  void theReadmeTableMatchesTheService(String service) throws IOException {
    JsonNode metadata = metadata(service);
    Map<String, JsonNode> own = ownProperties(service, metadata);
    Map<String, JsonNode> known = classpathProperties();
    Properties yaml = applicationYaml(service);
    List<String> problems = new ArrayList<>();

    List<Row> rows = rows(service);
    Map<String, Row> byName = new LinkedHashMap<>();
    rows.forEach(
        row -> {
          if (byName.put(row.name(), row) != null) {
            problems.add(row.name() + ": more than one row");
          }
        });
    own.forEach(
        (name, property) -> {
          if (!byName.containsKey(isMap(property) ? name + ".*" : name)) {
            problems.add(name + ": no row in the README");
          }
        });
    for (Row row : rows) {
      String name = row.name().endsWith(".*") ? row.name().replace(".*", "") : row.name();
      JsonNode property = own.containsKey(name) ? own.get(name) : known.get(name);
      if (property == null) {
        problems.add(row.name() + ": in the README, but no such property");
        continue;
      }
      String expectedDefault =
          yaml.containsKey(name)
              ? "`" + yaml.getProperty(name) + "`"
              : property.has("defaultValue")
                  ? "`" + text(property.get("defaultValue")) + "`"
                  : "none";
      if (!row.defaultValue().equals(expectedDefault)
          && !(expectedDefault.equals("none") && row.defaultValue().startsWith("none"))) {
        problems.add(
            row.name() + ": README default " + row.defaultValue() + ", not " + expectedDefault);
      }
      String expectedVariable =
          property != null && isMap(property)
              ? "`" + name.replace("-", "").toUpperCase(Locale.ROOT).replace('.', '_') + "_*`"
              : "`" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + "`";
      if (!row.variable().equals(expectedVariable)) {
        problems.add(
            row.name() + ": README variable " + row.variable() + ", not " + expectedVariable);
      }
    }
    problems.addAll(boundDefaults(metadata, own));

    assertThat(own).as("the service's own properties").isNotEmpty();
    assertThat(problems).as("README configuration table of " + service).isEmpty();
  }

  /**
   * Binds each of the service's properties records from nothing (but what it cannot start without)
   * and compares every property that has a default with what the record holds. A property belongs
   * to the record with the longest prefix of its name ({@code ticket-api.operator.username} to the
   * record bound at {@code ticket-api}, {@code ticket-api.outbox.batch-size} to the one at {@code
   * ticket-api.outbox}).
   */
  private static List<String> boundDefaults(JsonNode metadata, Map<String, JsonNode> own) {
    List<String> problems = new ArrayList<>();
    List<String> records = new ArrayList<>();
    for (JsonNode group : metadata.get("groups")) {
      if (group.get("type").asString().equals(group.get("sourceType").asString())) {
        records.add(group.get("name").asString());
      }
    }
    for (JsonNode group : metadata.get("groups")) {
      String prefix = group.get("name").asString();
      boolean topLevel = records.contains(prefix);
      List<Map.Entry<String, JsonNode>> defaults =
          own.entrySet().stream()
              .filter(entry -> prefix.equals(record(entry.getKey(), records)))
              .filter(entry -> entry.getValue().has("defaultValue"))
              .toList();
      if (!topLevel || defaults.isEmpty()) {
        continue;
      }
      Object bound = bind(prefix, group.get("type").asString());
      for (Map.Entry<String, JsonNode> entry : defaults) {
        Object value = valueAt(bound, entry.getKey().substring(prefix.length() + 1));
        String documented = text(entry.getValue().get("defaultValue"));
        Object expected =
            value == null
                ? documented
                : ApplicationConversionService.getSharedInstance()
                    .convert(documented, value.getClass());
        if (value == null || !value.equals(expected)) {
          problems.add(entry.getKey() + ": binds " + value + " from nothing, not " + documented);
        }
      }
    }
    return problems;
  }

  /** The longest of {@code records} that is a prefix of {@code property}, or null. */
  private static String record(String property, List<String> records) {
    return records.stream()
        .filter(prefix -> property.startsWith(prefix + "."))
        .max(Comparator.comparingInt(String::length))
        .orElse(null);
  }

  private static Object bind(String prefix, String type) {
    try {
      return new Binder(new MapConfigurationPropertySource(REQUIRED))
          .bindOrCreate(prefix, Class.forName(type));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The value at a dotted, kebab-case path of record components, or null where one is null. */
  private static Object valueAt(Object root, String path) {
    Object value = root;
    for (String segment : path.split("\\.")) {
      if (value == null) {
        return null;
      }
      try {
        Method accessor = value.getClass().getMethod(camelCase(segment));
        value = accessor.invoke(value);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("No component " + segment + " in " + value.getClass(), e);
      }
    }
    return value;
  }

  private static String camelCase(String kebab) {
    StringBuilder name = new StringBuilder();
    for (String part : kebab.split("-")) {
      name.append(
          name.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return name.toString();
  }

  private static boolean isMap(JsonNode property) {
    return property.path("type").asString("").startsWith("java.util.Map");
  }

  private static String text(JsonNode value) {
    return value.isArray()
        ? String.join(",", JSON.convertValue(value, String[].class))
        : value.asString();
  }

  /**
   * The rows of the first table after {@code ### <service>} in {@code ## Configuration}; a row that
   * names several properties becomes one row each, with the variable in the same place.
   */
  private static List<Row> rows(String service) throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    int configuration = lines.indexOf("## Configuration");
    assertThat(configuration).as("README section ## Configuration").isNotNegative();
    int line = lines.subList(configuration, lines.size()).indexOf("### " + service) + configuration;
    assertThat(line).as("README section ### " + service).isGreaterThan(configuration);
    while (!lines.get(line).startsWith("|")) {
      line++;
    }
    List<Row> rows = new ArrayList<>();
    for (line += 2; line < lines.size() && lines.get(line).startsWith("|"); line++) {
      String[] cells = lines.get(line).split(" \\| ");
      String[] names = cells[0].substring(1).trim().split(", ");
      String variableCell = cells[2].trim().replaceFirst(" \\(.*$", "");
      String[] variables = variableCell.split(", ");
      for (int i = 0; i < names.length; i++) {
        String variable = names.length == variables.length ? variables[i] : variableCell;
        rows.add(new Row(names[i].replace("`", ""), cells[1].trim(), variable));
      }
    }
    return rows;
  }

  private static JsonNode metadata(String service) throws IOException {
    Path metadata = ROOT.resolve(service).resolve("target/classes").resolve(METADATA);
    assertThat(metadata).as("built by the configuration processor (./mvnw compile)").exists();
    return JSON.readTree(metadata.toFile());
  }

  /** The service's own properties (its prefix), without the removed ones. */
  private static Map<String, JsonNode> ownProperties(String service, JsonNode metadata) {
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    for (JsonNode property : metadata.get("properties")) {
      String name = property.get("name").asString();
      if (name.startsWith(service + ".") && !property.path("deprecated").asBoolean(false)) {
        properties.put(name, property);
      }
    }
    return properties;
  }

  /** The properties of Spring Boot and the libraries on this classpath, ours excluded. */
  private static Map<String, JsonNode> classpathProperties() throws IOException {
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    for (URL url :
        Collections.list(ConfigurationTableTests.class.getClassLoader().getResources(METADATA))) {
      try (InputStream in = url.openStream()) {
        for (JsonNode property : JSON.readTree(in).get("properties")) {
          String name = property.get("name").asString();
          if (!name.startsWith("ticket-api.") && !name.startsWith("order-projector.")) {
            properties.putIfAbsent(name, property);
          }
        }
      }
    }
    return properties;
  }

  private static Properties applicationYaml(String service) {
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(
        new FileSystemResource(
            ROOT.resolve(service).resolve("src/main/resources/application.yaml")));
    return yaml.getObject();
  }

  private record Row(String name, String defaultValue, String variable) {}
}

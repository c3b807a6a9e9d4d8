package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's configuration table of each service against the service itself. Each property of the
 * service's own {@code @ConfigurationProperties} (as the configuration processor lists them in
 * {@code META-INF/spring-configuration-metadata.json}, with the records' {@code @DefaultValue}s)
 * has a row with that default and the environment variable Spring binds to it; every row of the
 * service's own prefix names a property that exists; and a row of Spring's own properties that the
 * service's {@code application.yaml} sets gives the value set there.
 */
class ConfigurationTableTests {

  private static final Path ROOT = Path.of(System.getProperty("tickets.services.dir", ".."));

  @ParameterizedTest
  @ValueSource(strings = {"ticket-api", "order-projector"})
  void theReadmeTableMatchesTheService(String service) throws IOException {
    Map<String, Row> rows = rows(service);
    Map<String, JsonNode> properties = ownProperties(service);
    Properties yaml = applicationYaml(service);
    List<String> problems = new ArrayList<>();

    properties.forEach(
        (name, property) -> {
          boolean map = property.path("type").asString("").startsWith("java.util.Map");
          Row row = rows.get(map ? name + ".*" : name);
          if (row == null) {
            problems.add(name + ": no row in the README");
            return;
          }
          String expectedDefault =
              property.has("defaultValue")
                  ? "`" + property.get("defaultValue").asString() + "`"
                  : "none";
          if (!row.defaultValue().equals(expectedDefault)
              && !(expectedDefault.equals("none") && row.defaultValue().startsWith("none"))) {
            problems.add(
                name
                    + ": README default "
                    + row.defaultValue()
                    + ", the service's "
                    + expectedDefault);
          }
          String expectedVariable =
              map
                  ? "`" + name.replace("-", "").toUpperCase(Locale.ROOT).replace('.', '_') + "_*`"
                  : "`" + environmentVariable(name) + "`";
          if (!row.variable().startsWith(expectedVariable)) {
            problems.add(
                name
                    + ": README variable "
                    + row.variable()
                    + ", Spring binds "
                    + expectedVariable);
          }
        });
    rows.forEach(
        (name, row) -> {
          String property = name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
          if (name.startsWith(service + ".")) {
            if (!properties.containsKey(property)) {
              problems.add(name + ": in the README, but the service has no such property");
            }
          } else if (yaml.containsKey(property)
              && !row.defaultValue().equals("`" + yaml.getProperty(property) + "`")) {
            problems.add(
                name
                    + ": README default "
                    + row.defaultValue()
                    + ", application.yaml sets `"
                    + yaml.getProperty(property)
                    + "`");
          }
        });

    assertThat(properties).as("the service's own properties").isNotEmpty();
    assertThat(problems).as("README configuration table of " + service).isEmpty();
  }

  /**
   * Spring's canonical environment variable of a property: upper case, {@code .} and {@code -} as
   * {@code _}.
   */
  private static String environmentVariable(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * The rows of the first table after {@code ### <service>} in {@code ## Configuration}, by
   * property; a row may name several.
   */
  private static Map<String, Row> rows(String service) throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    int configuration = lines.indexOf("## Configuration");
    assertThat(configuration).as("README section ## Configuration").isNotNegative();
    int line = lines.subList(configuration, lines.size()).indexOf("### " + service) + configuration;
    assertThat(line).as("README section ### " + service).isGreaterThan(configuration);
    while (!lines.get(line).startsWith("|")) {
      line++;
    }
    Map<String, Row> rows = new LinkedHashMap<>();
    for (line += 2; line < lines.size() && lines.get(line).startsWith("|"); line++) {
      String[] cells = lines.get(line).split(" \\| ");
      for (String name : cells[0].substring(1).trim().split(", ")) {
        rows.put(name.replace("`", ""), new Row(cells[1].trim(), cells[2].trim()));
      }
    }
    return rows;
  }

  private static Map<String, JsonNode> ownProperties(String service) throws IOException {
    Path metadata =
        ROOT.resolve(service).resolve("target/classes/META-INF/spring-configuration-metadata.json");
    assertThat(metadata).as("built by the configuration processor (./mvnw compile)").exists();
    Map<String, JsonNode> properties = new LinkedHashMap<>();
    for (JsonNode property :
        JsonMapper.builder().build().readTree(metadata.toFile()).get("properties")) {
      String name = property.get("name").asString();
      if (name.startsWith(service + ".") && !property.path("deprecated").asBoolean(false)) {
        properties.put(name, property);
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

  private record Row(String defaultValue, String variable) {}
}

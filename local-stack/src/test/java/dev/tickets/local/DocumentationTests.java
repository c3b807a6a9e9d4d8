package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and {@code docs/} as a newcomer reads them: a README short enough to read first, links
 * that lead somewhere, and code snippets that are the code the build runs.
 */
class DocumentationTests {

  private static final Path ROOT = Path.of(System.getProperty("tickets.services.dir", ".."));
  private static final int README_MAX_LINES = 350;
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern FENCE = Pattern.compile("(?s)```java\\n(.*?)```");

  /** The examples the documentation quotes, each compiled and run by {@code ./mvnw verify}. */
  private static final List<Path> EXAMPLE_SOURCES =
      List.of(
          ROOT.resolve(
              "ticket-pair-test/src/test/java/dev/tickets/testkit/examples/ListenerExamplesTests.java"),
          ROOT.resolve(
              "ticket-api/src/test/java/dev/tickets/api/examples/TicketContractExampleIT.java"));

  @Test
  void theReadmeIsShortEnoughToReadFirst() throws IOException {
    assertThat(Files.readAllLines(ROOT.resolve("README.md"))).hasSizeLessThan(README_MAX_LINES);
  }

  @Test
  void everyRelativeLinkLeadsToAFileAndHeadingThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      Matcher link = LINK.matcher(Files.readString(page));
      while (link.find()) {
        String target = link.group(1);
        if (target.contains("://") || target.startsWith("mailto:")) {
          continue;
        }
        String[] parts = target.split("#", 2);
        Path file = parts[0].isEmpty() ? page : page.getParent().resolve(parts[0]).normalize();
        if (!Files.exists(file)) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
        } else if (parts.length == 2
            && file.toString().endsWith(".md")
            && !anchors(file).contains(parts[1])) {
          broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  /**
   * The README's table of {@code ./run-local}'s options against the options themselves: each port's
   * option, variable and default in the same place of a row, and every option and variable it names
   * known to the usage text.
   */
  @Test
  void theRunLocalTableStatesTheOptionsAsTheLauncherTakesThem() throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    int line = lines.indexOf("## Run it, test it");
    while (!lines.get(line).startsWith("| option |")) {
      line++;
    }
    Set<String> documented = new HashSet<>();
    List<String> unknown = new ArrayList<>();
    for (line += 2; lines.get(line).startsWith("|"); line++) {
      String[] cells = lines.get(line).split("\\|");
      String[] options = cells[1].strip().split(", ");
      String[] variables = cells[2].strip().split(", ");
      String[] defaults = cells[3].strip().split(", ");
      for (int i = 0; i < options.length; i++) {
        String option = options[i].replace("`", "").replaceFirst("=.*", "");
        String variable = i < variables.length ? variables[i].replace("`", "") : "";
        String fallback = i < defaults.length ? defaults[i].replace("`", "") : "";
        documented.add(option + " " + variable + " " + fallback);
        for (String name : List.of(option, variable)) {
          if (!name.isEmpty() && !StackOptions.usage().contains(name)) {
            unknown.add(name);
          }
        }
      }
    }
    assertThat(unknown).as("named in the README, unknown to ./run-local --help").isEmpty();
    for (StackOptions.Port port : StackOptions.Port.values()) {
      assertThat(documented)
          .contains(port.option() + " " + port.variable() + " " + port.defaultPort());
    }
  }

  /** A line of a quoted Java example that is not in the examples' sources was made up or is old. */
  @Test
  void everyJavaSnippetIsCodeThatTheBuildRuns() throws IOException {
    Set<String> code =
        EXAMPLE_SOURCES.stream()
            .flatMap(DocumentationTests::lines)
            .map(String::strip)
            .collect(Collectors.toSet());
    List<String> invented = new ArrayList<>();
    int quoted = 0;
    for (Path page : pages()) {
      Matcher fence = FENCE.matcher(Files.readString(page));
      while (fence.find()) {
        for (String line : fence.group(1).split("\n")) {
          if (line.isBlank()) {
            continue;
          }
          quoted++;
          if (!code.contains(line.strip())) {
            invented.add(ROOT.relativize(page) + ": " + line.strip());
          }
        }
      }
    }
    assertThat(quoted).as("lines of Java quoted by the documentation").isPositive();
    assertThat(invented).as("quoted lines found in no example").isEmpty();
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces as dashes. */
  private static Set<String> anchors(Path page) {
    return lines(page)
        .filter(line -> line.startsWith("#"))
        .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT))
        .map(heading -> heading.replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
        .collect(Collectors.toSet());
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException ex) {
      throw new IllegalStateException("Cannot read " + file, ex);
    }
  }
}

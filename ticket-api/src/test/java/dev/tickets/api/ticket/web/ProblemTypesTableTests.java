package dev.tickets.api.ticket.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The README's table of problem types against the code: its first rows are {@link Refusal}'s table,
 * in its order, and every other row is a problem ticket-api writes for a status outside it.
 */
class ProblemTypesTableTests {

  private static final Path README = Path.of("..", "README.md");

  /** The problems ProblemAdvice names itself; every other one is named after its status. */
  private static final Map<String, Integer> OWN_NAMES =
      Map.of("storage-unavailable", 503, "internal-error", 500);

  record Row(int status, String name) {}

  @Test
  void theFirstRowsAreTheRefusalTableInItsOrder() throws IOException {
    List<Row> refusals =
        Arrays.stream(Refusal.values())
            .map(refusal -> new Row(refusal.status().value(), refusal.type()))
            .toList();

    assertThat(rows().subList(0, refusals.size())).isEqualTo(refusals);
  }

  @Test
  void everyOtherRowIsAProblemNamedAfterItsStatusOrOneOfProblemAdvicesOwn() throws IOException {
    List<Row> rows = rows();
    List<Row> others = rows.subList(Refusal.values().length, rows.size());

    assertThat(others).isNotEmpty();
    assertThat(others)
        .allSatisfy(
            row ->
                assertThat(row.name())
                    .as("the problem type of status %d", row.status())
                    .isEqualTo(
                        OWN_NAMES.containsKey(row.name())
                                && OWN_NAMES.get(row.name()) == row.status()
                            ? row.name()
                            : HttpStatus.valueOf(row.status())
                                .name()
                                .toLowerCase(Locale.ROOT)
                                .replace('_', '-')));
  }

  /** The rows of the first table after the paragraph that begins "Problem types". */
  private static List<Row> rows() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int line = 0;
    while (!lines.get(line).startsWith("Problem types")) {
      line++;
    }
    while (!lines.get(line).startsWith("|")) {
      line++;
    }
    List<Row> rows = new ArrayList<>();
    for (line += 2; line < lines.size() && lines.get(line).startsWith("|"); line++) {
      String[] cells = lines.get(line).split("\\|");
      rows.add(new Row(Integer.parseInt(cells[1].strip()), cells[2].strip().replace("`", "")));
    }
    return rows;
  }
}

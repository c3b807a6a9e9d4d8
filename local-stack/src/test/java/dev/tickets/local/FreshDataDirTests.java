package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --fresh} empties a data dir of the stack's, and refuses to empty anything else. */
class FreshDataDirTests {

  @TempDir Path data;

  @Test
  void aDirHoldingOnlyWhatTheStackWritesMayBeEmptied() throws IOException {
    Files.createDirectories(data.resolve("kafka/ticket-events-0"));
    Files.createDirectories(data.resolve("logs"));
    Files.writeString(data.resolve("mongo.mv.db"), "h2");
    Files.writeString(data.resolve("alice.token"), "token");
    Files.writeString(data.resolve("operator.password"), "secret");

    assertThatCode(() -> Stack.requireOnlyStackData(data)).doesNotThrowAnyException();
  }

  @Test
  void anEmptyDirMayBeEmptied() {
    assertThatCode(() -> Stack.requireOnlyStackData(data)).doesNotThrowAnyException();
  }

  @Test
  void aDirWithFilesTheStackDidNotWriteIsRefusedAndNamed() throws IOException {
    Files.createDirectories(data.resolve(".git"));
    Files.writeString(data.resolve("README.md"), "# not the stack's");
    Files.createDirectories(data.resolve("logs"));

    assertThatThrownBy(() -> Stack.requireOnlyStackData(data))
        .isInstanceOf(StackOptions.BadCommandLine.class)
        .hasMessage(
            "--fresh would delete "
                + data
                + ", which holds files the stack did not write (.git, README.md); choose a new or"
                + " empty --data-dir");
  }
}

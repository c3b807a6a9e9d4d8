package dev.tickets.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary directories owned by the servers of this module, and the report files tests leave in
 * their module's {@code target} directory for later build steps.
 */
public final class Directories {

  private Directories() {}

  static Path createTemp(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a temporary directory " + prefix, e);
    }
  }

  static Path create(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create directory " + dir, e);
    }
  }

  /**
   * Writes {@code content} to {@code target/fileName} of the module under test (Maven's {@code
   * basedir}, else the working directory), creating {@code target} when needed.
   */
  public static Path writeToTarget(String fileName, String content) {
    Path file = Path.of(System.getProperty("basedir", "."), "target", fileName);
    create(file.getParent());
    try {
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Deletes {@code dir} and everything below it; a missing directory is not an error. */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(Directories::delete);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + dir, e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + path, e);
    }
  }
}

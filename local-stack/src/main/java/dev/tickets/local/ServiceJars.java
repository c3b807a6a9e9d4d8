package dev.tickets.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the services' executable jars are: {@code <root>/<service>/target/*-exec.jar}. */
public final class ServiceJars {

  private ServiceJars() {}

  /** The executable jar of {@code service} under the repository root {@code servicesDir}. */
  public static Path find(Path servicesDir, String service) {
    Path target = servicesDir.resolve(service).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "No executable jar in "
                          + target
                          + "; build it first: ./mvnw -DskipTests package"));
    } catch (IOException ex) {
      throw new IllegalStateException(
          "No " + target + "; build it first: ./mvnw -DskipTests package", ex);
    }
  }
}

package dev.tickets.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tickets.infra.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./run-local} and the local stack's executable jar as a user runs them: what they print and
 * their exit status for help and for command lines or ports that cannot work. None starts the
 * stack: each fails (or answers) before anything is started.
 */
class RunLocalIT {

  private static final Path ROOT =
      Path.of(System.getProperty("tickets.services.dir", "..")).toAbsolutePath().normalize();

  @TempDir Path data;

  record Run(int status, String out, String err) {

    List<String> errLines() {
      return err.lines().toList();
    }
  }

  @Test
  void scriptPrintsTheUsageForHelpWithoutBuildingAndExitsZero() throws Exception {
    for (String help : List.of("--help", "-h")) {
      Run run =
          run(List.of("bash", ROOT.resolve("run-local").toString(), "--fresh", help), Map.of());

      assertThat(run.status()).isZero();
      assertThat(run.out()).isEqualTo(StackOptions.usage());
      assertThat(run.err()).isEmpty();
    }
  }

  @Test
  void jarPrintsTheUsageForHelpAndExitsZero() throws Exception {
    Run run = runJar("-h");

    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo(StackOptions.usage());
  }

  @Test
  void unknownOptionIsOneLineNamingItWithStatusTwo() throws Exception {
    Run run = runJar("--fresh", "--frsh");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "run-local: unknown option '--frsh'; see ./run-local --help for the options");
  }

  @Test
  void badPortIsOneLineWithStatusTwo() throws Exception {
    Run run = runJar("--projector-port=70000");

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.errLines())
        .containsExactly(
            "run-local: --projector-port must be a port number from 1 to 65535, was '70000'");
  }

  @Test
  void portInUseIsOneLineNamingPortComponentAndOptionAndNothingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Run run = runJar(freePortsWith("--kafka-port=" + port));

      assertThat(run.status()).isEqualTo(1);
      assertThat(run.errLines())
          .containsExactly(
              "run-local: port "
                  + port
                  + " is already in use, and Kafka needs it;"
                  + " choose another with --kafka-port=N or KAFKA_PORT");
      assertThat(run.out()).isEmpty();
      assertThat(data).isEmptyDirectory();
    }
  }

  @Test
  void sendEventSaysTheStackIsNotRunning() throws Exception {
    int unused = FreePorts.next();

    Run run = runJar("send-event", "--kafka-port=" + unused, "{\"ticketId\":\"t-1\"}");

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err())
        .startsWith("run-local: nothing listens on 127.0.0.1:" + unused)
        .contains("is the local stack running");
  }

  @Test
  void scriptRefusesAJavaOlderThan17InOneLine() throws Exception {
    Path jdk = Files.createDirectories(data.resolve("jdk11/bin"));
    Path java = jdk.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();

    Run run =
        run(
            List.of("bash", ROOT.resolve("run-local").toString()),
            Map.of("JAVA_HOME", jdk.getParent().toString()));

    assertThat(run.status()).isEqualTo(1);
    assertThat(run.errLines())
        .singleElement()
        .asString()
        .startsWith("run-local: Java 17 or newer is needed, " + java + " is 11.0.2");
  }

  /** The other three ports free, then {@code option}, then a data dir of this test. */
  private String[] freePortsWith(String option) {
    List<String> args = new ArrayList<>();
    for (StackOptions.Port port : StackOptions.Port.values()) {
      if (!option.startsWith(port.option() + "=")) {
        args.add(port.option() + "=" + FreePorts.next());
      }
    }
    args.add(option);
    args.add("--data-dir=" + data.resolve("stack"));
    return args.toArray(String[]::new);
  }

  private Run runJar(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(ServiceJars.find(ROOT, "local-stack").toString());
    command.addAll(List.of(args));
    return run(command, Map.of());
  }

  private Run run(List<String> command, Map<String, String> environment) throws Exception {
    Path out = data.resolve("stdout");
    Path err = data.resolve("stderr");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
      return new Run(process.exitValue(), read(out), read(err));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}

package dev.tickets.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FreePortsTests {

  @Test
  void neverHandsOutTheSamePortTwice() {
    assertThat(IntStream.range(0, 50).map(i -> FreePorts.next()).distinct().count()).isEqualTo(50);
  }

  @Test
  void returnsABindableLoopbackPort() throws Exception {
    int port = FreePorts.next();

    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }
}

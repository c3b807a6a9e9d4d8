package dev.tickets.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tickets.infra.AdvertisedListener;
import dev.tickets.infra.EmbeddedKafka;
import dev.tickets.infra.FreePorts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netcrusher.core.reactor.NioReactor;

/**
 * The wiring every link fault relies on: a client that bootstraps through its {@link Link} is told
 * the link's address for the broker and for its group coordinator, so all its connections cross
 * that link, and a frozen link cuts off that client only.
 */
class KafkaLinkIT {

  @Test
  void aClientBootstrappedThroughItsLinkReachesTheBrokerOnlyThroughIt(@TempDir Path logDir)
      throws Exception {
    int proxyPort = FreePorts.next();
    int listenerPort = FreePorts.next();
    try (NioReactor reactor = new NioReactor();
        Link link = Link.open(reactor, "kafka link", proxyPort, listenerPort);
        EmbeddedKafka kafka =
            EmbeddedKafka.start(
                logDir, 0, List.of(new AdvertisedListener("LINK_0", listenerPort, proxyPort)));
        Admin linked = admin("127.0.0.1:" + proxyPort);
        Admin direct = admin(kafka.bootstrapServers())) {

      assertThat(linked.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .extracting(Node::port)
          .containsExactly(proxyPort);
      assertThat(
              linked
                  .describeConsumerGroups(List.of("order-projector"))
                  .all()
                  .get(30, TimeUnit.SECONDS)
                  .get("order-projector")
                  .coordinator()
                  .port())
          .as("the group coordinator, as the linked client is told")
          .isEqualTo(proxyPort);
      assertThat(direct.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .extracting(Node::port)
          .containsExactly(kafka.port());

      link.freeze();
      assertThatThrownBy(
              () -> linked.describeCluster().nodes().get(3, TimeUnit.SECONDS),
              "the linked client is cut off")
          .isInstanceOf(TimeoutException.class);
      assertThat(direct.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .as("a client on another listener is not")
          .hasSize(1);
      link.unfreeze();
    }
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }
}

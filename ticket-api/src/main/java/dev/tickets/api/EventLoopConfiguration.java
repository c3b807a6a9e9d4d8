package dev.tickets.api;

import com.mongodb.connection.TransportSettings;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.resources.LoopResources;

/**
 * One set of event loops (native epoll where available) for the HTTP server and the MongoDB driver,
 * sized to the processors. By default Reactor Netty starts at least four HTTP loops and the driver
 * four more of its own (NIO), so on a small machine eight threads took turns on two processors, and
 * every answer from MongoDB crossed to another thread to be written to its HTTP connection. Sharing
 * the loops lets a request and its MongoDB answer meet on one thread more often.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventLoopProperties.class)
class EventLoopConfiguration {

  @Bean(destroyMethod = "dispose")
  LoopResources eventLoops(EventLoopProperties properties) {
    return LoopResources.create("ticket-api-io", properties.effectiveThreads(), true);
  }

  /** The HTTP server's loops (Spring Boot's server takes them from this factory). */
  @Bean
  ReactorResourceFactory reactorResourceFactory(LoopResources eventLoops) {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    factory.setLoopResources(eventLoops);
    return factory;
  }

  /**
   * The driver's transport on the shared loops. It runs after Spring Boot's own customizer, which
   * still creates (and at close shuts down) a loop group for the driver that is then never used: a
   * {@code MongoClientSettings} bean of our own would avoid that, but it would also switch off
   * Spring Boot's {@code spring.mongodb.*} settings.
   */
  @Bean
  MongoClientSettingsBuilderCustomizer mongoOnSharedEventLoops(LoopResources eventLoops) {
    EventLoopGroup group = eventLoops.onServer(true);
    return settings ->
        settings.transportSettings(
            TransportSettings.nettyBuilder()
                .eventLoopGroup(group)
                .socketChannelClass(eventLoops.onChannelClass(SocketChannel.class, group))
                .build());
  }
}

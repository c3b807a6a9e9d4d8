package dev.tickets.infra;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB wire-protocol server (de.bwaldvogel mongo-java-server) bound to 127.0.0.1.
 *
 * <p>It is not MongoDB: no sessions or transactions, no {@code hello} command, change streams miss
 * {@code findAndModify} updates. The in-memory variant loses its data on {@link #close()}; the on-disk
 * variant keeps it in an H2 MVStore file that a later {@link #onDisk(Path, int)} on the same file
 * serves again. A file can be open in one server at a time.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongo.class);

    private final MongoServer server;
    private final InetSocketAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedMongo(MongoServer server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Starts a server with the memory backend on a free loopback port. */
    public static EmbeddedMongo inMemory() {
        return inMemory(0);
    }

    /** Starts a server with the memory backend on {@code port} (0: a free one). */
    public static EmbeddedMongo inMemory(int port) {
        return bind(new MemoryBackend(), port, "memory backend");
    }

    /**
     * Starts a server whose data lives in the H2 MVStore {@code file} (created if absent).
     *
     * @param port the port, or 0 for a free one
     */
    public static EmbeddedMongo onDisk(Path file, int port) {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null) {
            Directories.create(absolute.getParent());
        }
        return bind(new H2Backend(absolute.toString()), port, "H2 MVStore " + absolute);
    }

    private static EmbeddedMongo bind(MongoBackend backend, int port, String storage) {
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", port);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw new IllegalStateException("mongo-java-server cannot bind 127.0.0.1:" + port, e);
        }
        EmbeddedMongo mongo = new EmbeddedMongo(server, server.getLocalAddress());
        log.info("mongo-java-server ({}) listening at {}", storage, mongo.hostAndPort());
        return mongo;
    }

    /** Returns {@code "mongodb://127.0.0.1:<port>"}. */
    public String connectionString() {
        return "mongodb://" + hostAndPort();
    }

    /** Returns {@code "mongodb://127.0.0.1:<port>/<database>"}. */
    public String connectionString(String database) {
        return connectionString() + "/" + database;
    }

    /** The port the server listens on. */
    public int port() {
        return address.getPort();
    }

    /** Stops listening, closes client connections and the backend (flushing an on-disk store). Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.shutdown();
            log.info("mongo-java-server at {} stopped", hostAndPort());
        }
    }

    private String hostAndPort() {
        return "127.0.0.1:" + address.getPort();
    }
}

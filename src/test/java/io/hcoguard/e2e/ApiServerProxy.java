package io.hcoguard.e2e;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP pass-through in front of a test API server (TLS goes end to end), so a test can take the
 * API server away from the app and give it back:
 * <ul>
 * <li>{@link #cut()} closes the listener and every live connection, as a crashed API server
 * would; {@link #restore()} listens again on the same port;
 * <li>{@link #blackhole()} stops forwarding without closing anything, as a silent partition
 * does (a firewall or NAT that drops packets, a hung API server replica behind a load
 * balancer that keeps the TCP connection up): open connections stay open and carry nothing,
 * new ones are accepted and carry nothing, and a side that closes meanwhile is not told to the
 * other; {@link #heal()} lets everything held through, in order, as TCP retransmission would;
 * <li>{@link #retarget(int)} sends new connections to another port (an API server restarted on
 * another port behind the same address).
 * </ul>
 */
final class ApiServerProxy {

    private final String upstreamHost;
    private volatile int upstreamPort;
    private final int port;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "api-server-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Object gate = new Object();
    private boolean flowing = true;
    private ServerSocket listener;

    private ApiServerProxy(String upstreamHost, int upstreamPort, int port) {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.port = port;
    }

    /** A listening proxy on a free local port, forwarding to the API server at {@code masterUrl}. */
    static ApiServerProxy to(String masterUrl) {
        URI uri = URI.create(masterUrl);
        ApiServerProxy proxy = new ApiServerProxy(uri.getHost(), uri.getPort(), ControlPlane.freePort());
        proxy.restore();
        return proxy;
    }

    int port() {
        return port;
    }

    /** The API server as the app sees it: {@code https://127.0.0.1:<port>}. */
    String url() {
        return "https://127.0.0.1:" + port;
    }

    /** Listens again on the same port; the API server behind is reachable again. */
    synchronized void restore() {
        if (listener != null) {
            return;
        }
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true); // the port still has connections in TIME_WAIT from the last cut
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = socket;
            pumps.execute(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + port + " again", e);
        }
    }

    /**
     * Closes the listener and every connection through it: new connections are refused, open ones
     * break. A blackhole in force ends with it.
     */
    synchronized void cut() {
        heal();
        if (listener == null) {
            return;
        }
        close(listener);
        listener = null;
        List<Socket> open = new ArrayList<>(live);
        live.clear();
        open.forEach(ApiServerProxy::close);
    }

    /** Cuts, and stops the proxy's threads: for a control plane that goes away with its test. */
    void close() {
        cut();
        pumps.shutdownNow();
    }

    /** Stops forwarding in both directions, closing nothing. */
    void blackhole() {
        synchronized (gate) {
            flowing = false;
        }
    }

    /** Forwards again: what was held goes through, and so do closes that happened meanwhile. */
    void heal() {
        synchronized (gate) {
            flowing = true;
            gate.notifyAll();
        }
    }

    /** New connections go to this port of the same host; open ones stay where they are. */
    void retarget(int upstreamPort) {
        this.upstreamPort = upstreamPort;
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return;
            }
            pumps.execute(() -> connect(socket, client));
        }
    }

    private void connect(ServerSocket acceptedBy, Socket client) {
        Socket server = new Socket();
        synchronized (this) {
            // A connection accepted just before a cut must not survive it.
            if (listener != acceptedBy) {
                close(client);
                return;
            }
            live.add(client);
            live.add(server);
        }
        try {
            server.connect(new InetSocketAddress(upstreamHost, upstreamPort), 5_000);
        } catch (IOException e) {
            awaitFlowing(); // behind a blackhole, the refusal does not get through either
            release(client, server);
            return;
        }
        pumps.execute(() -> pump(client, server));
        pump(server, client);
    }

    /**
     * Copies one direction until either side ends, then closes both: no half-open connection
     * stays. While a blackhole is in force, nothing is written and no close is passed on.
     */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                awaitFlowing();
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ended) {
            // cut, or the other side went away
        } finally {
            awaitFlowing();
            release(from, to);
        }
    }

    private void awaitFlowing() {
        synchronized (gate) {
            while (!flowing) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void release(Socket one, Socket other) {
        close(one);
        close(other);
        live.remove(one);
        live.remove(other);
    }

    private static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}

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
 * A TCP pass-through in front of the test API server (TLS goes end to end), so a test can take the
 * API server away from the app and give it back: {@link #cut()} closes the listener and every live
 * connection, as a crashed API server would; {@link #restore()} listens again on the same port.
 */
final class ApiServerProxy {

    private final InetSocketAddress upstream;
    private final int port;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "api-server-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private ServerSocket listener;

    private ApiServerProxy(InetSocketAddress upstream, int port) {
        this.upstream = upstream;
        this.port = port;
    }

    /** A listening proxy on a free local port, forwarding to the API server at {@code masterUrl}. */
    static ApiServerProxy to(String masterUrl) {
        URI uri = URI.create(masterUrl);
        ApiServerProxy proxy = new ApiServerProxy(new InetSocketAddress(uri.getHost(), uri.getPort()), ControlPlane.freePort());
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

    /** Closes the listener and every connection through it: new connections are refused, open ones break. */
    synchronized void cut() {
        if (listener == null) {
            return;
        }
        close(listener);
        listener = null;
        List<Socket> open = new ArrayList<>(live);
        live.clear();
        open.forEach(ApiServerProxy::close);
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
            server.connect(upstream, 5_000);
        } catch (IOException e) {
            close(client);
            close(server);
            return;
        }
        pumps.execute(() -> pump(client, server));
        pump(server, client);
    }

    /** Copies one direction until either side ends, then closes both: no half-open connection stays. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ended) {
            // cut, or the other side went away
        } finally {
            close(from);
            close(to);
            live.remove(from);
            live.remove(to);
        }
    }

    private static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}

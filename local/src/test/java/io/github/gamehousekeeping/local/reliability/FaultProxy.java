package io.github.gamehousekeeping.local.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on loopback in front of one endpoint (here DynamoDB Local) that injects network faults on command:
 * {@link Mode#RESET} refuses every connection with a reset (and resets the open ones), {@link Mode#BLACKHOLE} accepts
 * and forwards nothing (bytes vanish; connections held are reset when the mode changes), {@link Mode#DELAY} forwards
 * each chunk after a delay. {@link Mode#PASS} forwards as is.
 */
final class FaultProxy implements AutoCloseable {
    enum Mode { PASS, RESET, BLACKHOLE, DELAY }

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;
    private volatile long delayMs = 300;
    private final java.util.concurrent.atomic.AtomicInteger faulted = new java.util.concurrent.atomic.AtomicInteger();

    FaultProxy(URI target) throws IOException {
        this.target = new InetSocketAddress(target.getHost(), target.getPort());
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Switches the fault; connections open under the previous mode are reset (as when a network path changes). */
    void mode(Mode next) {
        Mode previous = mode;
        mode = next;
        if (next != Mode.PASS || previous == Mode.BLACKHOLE) {
            resetAll();
        }
    }

    /** Connections reset or blackholed so far. */
    int faulted() {
        return faulted.get();
    }

    /** Waits (up to 30 s) until a connection has met the fault since {@code before}, then {@code ms} more. */
    void holdFor(int before, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (faulted.get() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(ms);
    }

    void delayMs(long ms) {
        this.delayMs = ms;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Mode at = mode;
        if (at == Mode.RESET || at == Mode.BLACKHOLE) {
            faulted.incrementAndGet();
        }
        if (at == Mode.RESET) {
            reset(client);
            return;
        }
        if (at == Mode.BLACKHOLE) {
            try {
                client.getInputStream().transferTo(OutputStream.nullOutputStream()); // swallow until reset or closed
            } catch (IOException ignored) {
                // reset when the mode changes
            }
            reset(client);
            return;
        }
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 2000);
            open.add(upstream);
            threads.execute(() -> pump(upstream, client));
            pump(client, upstream);
        } catch (IOException e) {
            reset(client);
            reset(upstream);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (mode == Mode.DELAY) {
                    Thread.sleep(delayMs);
                }
                if (mode == Mode.BLACKHOLE) {
                    continue; // bytes vanish
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException | InterruptedException e) {
            reset(from);
            reset(to);
        }
    }

    private void resetAll() {
        for (Socket s : open) {
            reset(s);
        }
    }

    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0); // RST, not FIN: "connection reset by peer"
        } catch (SocketException ignored) {
            // already closed
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        resetAll();
        threads.shutdownNow();
    }
}

package io.github.gamehousekeeping.functions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A plain-socket HTTP/1.1 endpoint on 127.0.0.1 that answers each request with the next scripted {@link Answer}
 * (the last one repeats), or drops the connection without answering. Records every request it receives.
 */
final class FakeEndpoint implements AutoCloseable {
    /** A received request. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What to do with a request: answer it (status, headers, body) or drop the connection. */
    record Answer(int status, Map<String, String> headers, byte[] body, boolean drop, boolean reset) {
        Answer(int status, Map<String, String> headers, byte[] body, boolean drop) {
            this(status, headers, body, drop, false);
        }

        static Answer of(int status, String contentType, byte[] body) {
            return new Answer(status, Map.of("Content-Type", contentType), body, false);
        }

        /** Sends the status line, headers announcing a longer body and part of it, then resets the connection (RST). */
        static Answer resetMidResponse() {
            return new Answer(200, Map.of("Content-Type", "application/x-amz-json-1.0", "Content-Length", "4096"),
                    "{\"Item\":{\"playerId\":{\"S\":\"p".getBytes(StandardCharsets.UTF_8), false, true);
        }

        /** A chunked response whose first chunk is cut short by a reset (RST). */
        static Answer resetMidChunk() {
            return new Answer(200, Map.of("Content-Type", "application/x-amz-json-1.0", "Transfer-Encoding", "chunked"),
                    "400\r\n{\"Item\":{\"playerId\":{\"S\":\"p".getBytes(StandardCharsets.UTF_8), false, true);
        }

        /** Announces a longer body, sends part of it and closes normally (FIN): an unexpected end of stream. */
        static Answer truncatedBody() {
            return new Answer(200, Map.of("Content-Type", "application/x-amz-json-1.0", "Content-Length", "4096"),
                    "{\"Item\":{\"playerId\":{\"S\":\"p".getBytes(StandardCharsets.UTF_8), true, false);
        }

        /** Resets the connection (RST) after reading the request, without answering. */
        static Answer resetBeforeResponse() {
            return new Answer(0, Map.of(), new byte[0], false, true);
        }

        static Answer json(int status, String body) {
            return of(status, "application/x-amz-json-1.0", body.getBytes(StandardCharsets.UTF_8));
        }

        static Answer dropConnection() {
            return new Answer(0, Map.of(), new byte[0], true);
        }
    }

    private final ServerSocket server;
    private final BlockingQueue<Function<Request, Answer>> script = new LinkedBlockingQueue<>();
    private volatile Function<Request, Answer> last;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    @SafeVarargs
    FakeEndpoint(Function<Request, Answer>... answers) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        for (Function<Request, Answer> answer : answers) {
            script.add(answer);
        }
        thread = new Thread(this::serve, "fake-endpoint");
        thread.setDaemon(true);
        thread.start();
    }

    static Function<Request, Answer> always(Answer answer) {
        return request -> answer;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private Function<Request, Answer> next() {
        Function<Request, Answer> answer = script.poll();
        if (answer != null) {
            last = answer;
            return answer;
        }
        return last;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) { // keep-alive: several requests per connection
                    Request request = read(in);
                    if (request == null) {
                        break;
                    }
                    requests.add(request);
                    Answer answer = next().apply(request);
                    if (answer.drop()) {
                        if (answer.status() > 0) {
                            writePartial(out, answer);
                        }
                        break; // close without a (complete) response
                    }
                    if (answer.reset()) {
                        if (answer.status() > 0) {
                            writePartial(out, answer);
                        }
                        socket.setSoLinger(true, 0); // close() now sends RST: "Connection reset" on the client
                        break;
                    }
                    write(out, answer);
                }
            } catch (IOException e) {
                // client went away, or closed
            }
        }
    }

    private static Request read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        if (head.size() == 0) {
            return null;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] start = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Request(start[0], start.length > 1 ? start[1] : "/", headers, body);
    }

    private static void writePartial(OutputStream out, Answer answer) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(" X\r\n");
        answer.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(answer.body());
        out.flush();
        try {
            Thread.sleep(50); // let the client start reading the body
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, Answer answer) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.status()).append(" X\r\n");
        answer.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(answer.body().length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(answer.body());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}

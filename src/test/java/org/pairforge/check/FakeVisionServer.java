package org.pairforge.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.pairforge.core.Hashing;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model server on 127.0.0.1 speaking OpenAI chat completions the way vLLM does: {@code GET /v1/models},
 * {@code POST /v1/chat/completions}, errors as {@code {"error": {...}}} (or vLLM's older flat shape). It
 * validates every request (model, message shape, the data URL decodes to an image, a token limit, temperature
 * 0) and answers from a script, which can misbehave: 429 with Retry-After, 5xx, slow answers, malformed JSON,
 * 400, reset connections. Everything it saw is recorded for the test to assert on.
 */
final class FakeVisionServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Real model servers (uvicorn) answer with Nagle's algorithm off; the JDK's HttpServer only when told,
        // before its first use, else each answer waits out a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as the server decoded it; {@code attempt} counts requests for the same image, from 1. */
    record Call(String imageSha, String mediaType, int width, int height, String prompt, byte[] body, int attempt,
                long atNanos) {
    }

    /** What to answer. {@code reset}: close the connection without an answer. */
    record Reply(int status, Map<String, String> headers, String body, long delayMs, boolean reset) {
        static Reply ok(String text) {
            return ok(text, "stop");
        }

        static Reply ok(String text, String finishReason) {
            try {
                String content = JSON.writeValueAsString(text);
                return new Reply(200, Map.of(), "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"m\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + content
                        + "},\"finish_reason\":\"" + finishReason + "\"}],"
                        + "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":" + (text.length() / 4 + 1)
                        + ",\"total_tokens\":1100}}", 0, false);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Reply error(int status, String message) {
            return new Reply(status, Map.of(), "{\"error\":{\"message\":\"" + message + "\",\"type\":\"BadRequestError\",\"code\":"
                    + status + "}}", 0, false);
        }

        /** vLLM's older error shape. */
        static Reply flatError(int status, String message) {
            return new Reply(status, Map.of(), "{\"object\":\"error\",\"message\":\"" + message + "\",\"type\":\"ServiceUnavailableError\",\"code\":"
                    + status + "}", 0, false);
        }

        static Reply tooMany(int retryAfterSeconds) {
            return new Reply(429, Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
                    "{\"error\":{\"message\":\"rate limited\",\"type\":\"RateLimitError\",\"code\":429}}", 0, false);
        }

        static Reply malformed() {
            return new Reply(200, Map.of(), "{\"choices\": [{\"message\": ", 0, false);
        }

        static Reply dropConnection() {
            return new Reply(0, Map.of(), "", 0, true);
        }

        Reply after(long ms) {
            return new Reply(status, headers, body, ms, reset);
        }
    }

    @FunctionalInterface
    interface Script {
        Reply answer(Call call);
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<String> models;
    private final String expectedModel;
    private volatile Script script;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    FakeVisionServer(List<String> models, String expectedModel, Script script) throws IOException {
        this.models = models;
        this.expectedModel = expectedModel;
        this.script = script;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(executor);
        server.createContext("/v1/models", this::models);
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    void script(Script s) {
        this.script = s;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    void forget() {
        calls.clear();
        attempts.clear();
        maxInFlight.set(0);
    }

    private void models(HttpExchange ex) throws IOException {
        StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < models.size(); i++) {
            sb.append(i > 0 ? "," : "").append("{\"id\":\"").append(models.get(i)).append("\",\"object\":\"model\",\"owned_by\":\"vllm\"}");
        }
        send(ex, 200, Map.of(), sb.append("]}").toString());
    }

    private void complete(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        // a request stops counting before its answer goes out: the client may send its next one as soon as it reads it
        boolean[] counted = {true};
        Runnable answered = () -> {
            if (counted[0]) {
                counted[0] = false;
                inFlight.decrementAndGet();
            }
        };
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            Call call;
            try {
                call = decode(body);
            } catch (Exception e) {
                problems.add("invalid request: " + e.getMessage());
                answered.run();
                send(ex, 400, Map.of(), "{\"error\":{\"message\":\"" + e.getMessage().replace('"', '\'') + "\",\"type\":\"BadRequestError\",\"code\":400}}");
                return;
            }
            calls.add(call);
            Reply r = script.answer(call);
            if (r.delayMs() > 0) {
                try {
                    Thread.sleep(r.delayMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answered.run();
            if (r.reset()) {
                ex.getRequestBody().close();
                ex.close();
                return;
            }
            send(ex, r.status(), r.headers(), r.body());
        } finally {
            answered.run();
        }
    }

    private Call decode(byte[] body) throws IOException {
        JsonNode root = JSON.readTree(body);
        if (!expectedModel.equals(root.path("model").asText())) {
            throw new IOException("model " + root.path("model") + " is not " + expectedModel);
        }
        if (!root.path("max_completion_tokens").isInt() && !root.path("max_tokens").isInt()) {
            throw new IOException("no token limit");
        }
        if (root.path("temperature").asDouble(-1) != 0) {
            throw new IOException("temperature is not 0");
        }
        JsonNode content = root.path("messages").path(0).path("content");
        String url = null;
        String prompt = null;
        for (JsonNode part : content) {
            if ("image_url".equals(part.path("type").asText())) {
                url = part.path("image_url").path("url").asText();
            } else if ("text".equals(part.path("type").asText())) {
                prompt = part.path("text").asText();
            }
        }
        if (url == null || !url.startsWith("data:image/") || prompt == null || prompt.isBlank()) {
            throw new IOException("messages lack an image_url data URL and a text prompt");
        }
        int comma = url.indexOf(',');
        String mediaType = url.substring(5, url.indexOf(';'));
        byte[] image = Base64.getDecoder().decode(url.substring(comma + 1));
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(image));
        if (img == null) {
            throw new IOException("the data URL is not a decodable image");
        }
        String sha = Hashing.sha256Hex(image);
        int attempt = attempts.computeIfAbsent(sha, k -> new AtomicInteger()).incrementAndGet();
        return new Call(sha, mediaType, img.getWidth(), img.getHeight(), prompt, body, attempt, System.nanoTime());
    }

    private static void send(HttpExchange ex, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

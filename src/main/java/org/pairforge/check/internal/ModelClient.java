package org.pairforge.check.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pairforge.check.CheckOptions;
import org.pairforge.core.internal.Daemons;
import org.pairforge.core.UsageException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * OpenAI chat completions over the JDK's asynchronous {@link HttpClient}: at most {@code concurrency} samples in
 * flight (a sample holds its slot through its retries, so the server never sees more), a per-request timeout,
 * and retries with exponential backoff and jitter on connection errors, timeouts, 408, 429, 5xx and answers that
 * do not parse. {@code Retry-After} is honoured. Other 4xx answers (a prompt over the context length: 400) are
 * not retried; their message is the error. Both error shapes servers use are read: OpenAI's
 * {@code {"error": {"message", "type", "code"}}} and vLLM's older flat {@code {"object": "error", "message"}}.
 */
public final class ModelClient implements Reader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** A server asking for a longer wait than this is waited for this long: a check must end. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private final CheckOptions options;
    private final URI completions;
    private final Semaphore slots;
    private final ExecutorService io;
    private final ScheduledExecutorService timer;
    private final HttpClient http;

    public ModelClient(CheckOptions options) {
        this.options = options;
        this.completions = URI.create(options.modelUrl() + "/chat/completions");
        this.slots = new Semaphore(options.concurrency(), true);
        this.io = Executors.newCachedThreadPool(Daemons.named("pairforge-check-http"));
        this.timer = Executors.newSingleThreadScheduledExecutor(Daemons.named("pairforge-check-retry"));
        this.http = client(options.requestTimeout(), io);
    }

    private static HttpClient client(Duration timeout, java.util.concurrent.Executor executor) {
        // HTTP/1.1: vLLM (uvicorn) and most model servers speak no HTTP/2; asking to upgrade only costs a header.
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (executor != null) {
            b.executor(executor);
        }
        return b.build();
    }

    @Override
    public String checker() {
        return "model";
    }

    @Override
    public String model() {
        return options.model();
    }

    /**
     * Asks the server which models it serves, once, before any sample is sent: a wrong URL, key or model name
     * is misuse of the command and stops it, rather than becoming one error per sample.
     *
     * @throws UsageException naming the flag and, for a wrong model, the models the server does serve
     */
    public static void verifyModel(CheckOptions options) {
        URI models = URI.create(options.modelUrl() + "/models");
        HttpRequest.Builder req = HttpRequest.newBuilder(models).timeout(options.requestTimeout()).GET();
        if (options.apiKey() != null) {
            req.header("Authorization", "Bearer " + options.apiKey());
        }
        HttpResponse<byte[]> resp;
        try {
            resp = client(options.requestTimeout(), null).send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UsageException("--model-url " + options.modelUrl() + " cannot be reached (GET " + models + ": " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("interrupted while asking --model-url " + options.modelUrl() + " for its models");
        }
        if (resp.statusCode() == 401 || resp.statusCode() == 403) {
            throw new UsageException("--model-url " + options.modelUrl() + " refused the API key (HTTP " + resp.statusCode()
                    + "); set it with --api-key-env VAR: " + errorMessage(resp.body()));
        }
        if (resp.statusCode() != 200) {
            throw new UsageException("--model-url " + options.modelUrl() + " answered GET /models with HTTP "
                    + resp.statusCode() + ": " + errorMessage(resp.body()) + " (is it an OpenAI-compatible /v1 base?)");
        }
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode m : JSON.readTree(resp.body()).path("data")) {
                if (m.path("id").isTextual()) {
                    ids.add(m.get("id").asText());
                }
            }
        } catch (IOException e) {
            throw new UsageException("--model-url " + options.modelUrl() + " answered GET /models with no JSON model list");
        }
        if (!ids.contains(options.model())) {
            throw new UsageException("--model " + options.model() + " is not served by --model-url " + options.modelUrl()
                    + "; it serves: " + (ids.isEmpty() ? "no models" : String.join(", ", ids)));
        }
    }

    @Override
    public CompletableFuture<Reading> read(Request request) throws InterruptedException {
        byte[] body = body(request);
        slots.acquire();
        Attempts state = new Attempts(request, body);
        state.result.whenComplete((r, e) -> slots.release());
        attempt(state);
        return state.result;
    }

    /** One sample's attempts so far. */
    private static final class Attempts {
        final Request request;
        final byte[] body;
        final CompletableFuture<Reading> result = new CompletableFuture<>();
        final Map<String, Integer> retries = new TreeMap<>();
        final List<Long> latencies = new ArrayList<>();
        int attempts;

        Attempts(Request request, byte[] body) {
            this.request = request;
            this.body = body;
        }

        long[] latencyArray() {
            return latencies.stream().mapToLong(Long::longValue).toArray();
        }
    }

    private void attempt(Attempts s) {
        s.attempts++;
        HttpRequest.Builder req = HttpRequest.newBuilder(completions).timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(s.body));
        if (options.apiKey() != null) {
            req.header("Authorization", "Bearer " + options.apiKey());
        }
        long started = System.nanoTime();
        // The request's own timeout covers the wait for the answer's head; this one also a body that stalls.
        long limitMs = options.requestTimeout().toMillis() + 1000;
        http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(limitMs, TimeUnit.MILLISECONDS)
                .whenComplete((resp, failure) -> {
                    s.latencies.add((System.nanoTime() - started) / 1_000_000);
                    try {
                        settle(s, resp, failure);
                    } catch (RuntimeException e) {
                        s.result.complete(failed(s, "the client failed on the answer (please report): " + e));
                    }
                });
    }

    private void settle(Attempts s, HttpResponse<byte[]> resp, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            boolean timeout = cause instanceof HttpTimeoutException || cause instanceof TimeoutException;
            retryOrFail(s, timeout ? "timeout" : "connection", null, (timeout ? "no answer within --request-timeout "
                    + options.requestTimeout().toSeconds() + "s" : "connection failed: " + cause));
            return;
        }
        int status = resp.statusCode();
        if (status == 200) {
            Reading r = parse(s, resp.body());
            if (r != null) {
                s.result.complete(r);
            } else {
                retryOrFail(s, "malformed_response", null, "HTTP 200 with an answer that is not a chat completion: "
                        + snippet(resp.body()));
            }
        } else if (status == 408 || status == 429 || status >= 500) {
            retryOrFail(s, String.valueOf(status), retryAfter(resp), "HTTP " + status + ": " + errorMessage(resp.body()));
        } else {
            s.result.complete(failed(s, "HTTP " + status + " (not retried): " + errorMessage(resp.body())));
        }
    }

    private void retryOrFail(Attempts s, String cause, Duration retryAfter, String message) {
        if (s.attempts > options.retries()) {
            s.result.complete(failed(s, message + " (after " + s.attempts + " attempts; --retries " + options.retries() + ")"));
            return;
        }
        s.retries.merge(cause, 1, Integer::sum);
        long delay = retryAfter != null ? Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis()) : backoffMillis(s.attempts);
        timer.schedule(() -> attempt(s), delay, TimeUnit.MILLISECONDS);
    }

    /** Exponential in the attempt, capped, with "equal jitter": half fixed, half random, so a fleet of clients spreads out. */
    private long backoffMillis(int failedAttempts) {
        double exp = options.retryBackoff().toMillis() * Math.pow(2, failedAttempts - 1);
        long capped = (long) Math.min(exp, MAX_BACKOFF.toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    /** Seconds, or an HTTP date (RFC 7231 §7.1.3); null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> resp) {
        String v = resp.headers().firstValue("Retry-After").orElse(null);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(v.trim()) * 1000)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (java.time.format.DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Reading failed(Attempts s, String error) {
        return new Reading(null, error, s.request.promptId(), null, null, null, s.attempts, s.retries, s.latencyArray());
    }

    /** The answer's text, finish reason and usage; null when it is not a chat completion. */
    private static Reading parse(Attempts s, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        JsonNode choice = root == null ? null : root.path("choices").path(0);
        if (choice == null || choice.isMissingNode()) {
            return null;
        }
        JsonNode content = choice.path("message").path("content");
        String text;
        if (content.isTextual()) {
            text = content.asText();
        } else if (content.isArray()) { // a list of parts: the text ones, in order
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("text").isTextual()) {
                    sb.append(part.get("text").asText());
                }
            }
            text = sb.toString();
        } else if (content.isNull()) {
            text = "";
        } else {
            return null;
        }
        String finish = choice.path("finish_reason").isTextual() ? choice.get("finish_reason").asText() : null;
        JsonNode usage = root.path("usage");
        Integer in = usage.path("prompt_tokens").isInt() ? usage.get("prompt_tokens").asInt() : null;
        Integer out = usage.path("completion_tokens").isInt() ? usage.get("completion_tokens").asInt() : null;
        return new Reading(text, null, s.request.promptId(), finish, in, out, s.attempts, s.retries, s.latencyArray());
    }

    /** The message of an error answer in either shape, else the start of its body. */
    static String errorMessage(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null) {
                JsonNode error = root.path("error");
                if (error.isObject() && error.path("message").isTextual()) {
                    return error.get("message").asText();
                }
                if (error.isTextual()) {
                    return error.asText();
                }
                if (root.path("message").isTextual()) {
                    return root.get("message").asText();
                }
                if (root.path("detail").isTextual()) { // FastAPI's own errors
                    return root.get("detail").asText();
                }
            }
        } catch (IOException ignored) {
            // not JSON: the body itself says what happened
        }
        return snippet(body);
    }

    private static String snippet(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return s.isEmpty() ? "(empty body)" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /**
     * The request, byte for byte the same for the same sample and settings: fields in a fixed order, temperature 0
     * and a fixed seed. Both token-limit fields are sent: {@code max_completion_tokens} is the current one,
     * {@code max_tokens} what older servers (and llama.cpp, Ollama) still read.
     */
    byte[] body(Request r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(r.image().length * 4 / 3 + 4096);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", options.model());
            g.writeArrayFieldStart("messages");
            g.writeStartObject();
            g.writeStringField("role", "user");
            g.writeArrayFieldStart("content");
            g.writeStartObject();
            g.writeStringField("type", "image_url");
            g.writeObjectFieldStart("image_url");
            g.writeFieldName("url");
            String prefix = "data:" + r.mediaType() + ";base64,";
            byte[] b64 = Base64.getEncoder().encode(r.image());
            byte[] url = new byte[prefix.length() + b64.length];
            System.arraycopy(prefix.getBytes(StandardCharsets.US_ASCII), 0, url, 0, prefix.length());
            System.arraycopy(b64, 0, url, prefix.length(), b64.length);
            g.writeRawUTF8String(url, 0, url.length); // ASCII only: nothing to escape, so no copy to a String
            g.writeEndObject();
            g.writeEndObject();
            g.writeStartObject();
            g.writeStringField("type", "text");
            g.writeStringField("text", r.prompt());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeNumberField("temperature", 0);
            g.writeNumberField("seed", options.seed());
            g.writeNumberField("max_completion_tokens", options.maxTokens());
            g.writeNumberField("max_tokens", options.maxTokens());
            g.writeEndObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        io.shutdownNow();
    }
}

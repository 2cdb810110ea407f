package org.pairforge.check;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the self-check reads and scores samples. Immutable; {@link #builder()} for defaults, {@link #toBuilder()}
 * to change one. Without {@code modelUrl} an embedded reader runs on this machine (see {@link Embedded}); with it,
 * a vision model served behind an OpenAI-compatible API (vLLM, SGLang, TGI, llama.cpp server, Ollama).
 *
 * @param modelUrl        the API's base, e.g. {@code http://gpu1:8000/v1} ({@code --model-url}); null: an embedded
 *                        reader
 * @param model           the served model id ({@code --model}); must be listed by {@code GET /v1/models}
 * @param apiKey          sent as a bearer token when not null (the CLI reads it from {@code --api-key-env})
 * @param concurrency     most requests in flight at once ({@code --concurrency}); Tesseract runs at most as many
 *                        processes as there are cores
 * @param minScore        samples scoring under it are dropped as {@code check_below_min_score}
 *                        ({@code --min-score}); null keeps every sample and only records its score
 * @param prompts         one prompt per sample kind ({@code --prompts})
 * @param requestTimeout  longest one request (or one Tesseract call) may take ({@code --request-timeout})
 * @param retries         further attempts after a failed one ({@code --retries})
 * @param retryBackoff    the first retry's delay; each further one doubles it, with jitter, up to a minute
 * @param maxImageSide    a larger image is scaled down to this many pixels on its longer side before it is sent
 *                        ({@code --max-image-side})
 * @param maxTokens       the answer's token limit ({@code --max-tokens})
 * @param seed            sent with every request, with temperature 0, so a server that honours both answers the
 *                        same way each time ({@code --model-seed})
 * @param embedded        which reader runs here without a model server ({@code --checker})
 */
public record CheckOptions(URI modelUrl, String model, String apiKey, int concurrency, Double minScore,
                           Prompts prompts, Duration requestTimeout, int retries, Duration retryBackoff,
                           int maxImageSide, int maxTokens, long seed, Embedded embedded)
        implements java.io.Serializable {

    /** The readers that run in this JVM's machine, without a model server ({@code --checker}). */
    public enum Embedded {
        /** PP-OCR for samples whose text has Chinese characters, Tesseract for the rest (the default). */
        AUTO,
        /** Debian's Tesseract CLI for every sample. */
        TESSERACT,
        /** PaddleOCR's PP-OCRv4 models in ONNX Runtime for every sample. */
        PPOCR;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming {@code --checker} and the value */
        public static Embedded of(String id) {
            for (Embedded e : values()) {
                if (e.id().equals(id)) {
                    return e;
                }
            }
            throw new IllegalArgumentException("--checker " + id + " is not one of auto, tesseract, ppocr");
        }
    }

    public CheckOptions {
        if (embedded == null) {
            embedded = Embedded.AUTO;
        }
        if (modelUrl != null && embedded != Embedded.AUTO) {
            throw new IllegalArgumentException("--checker " + embedded.id() + " runs without a model server; leave out --model-url " + modelUrl);
        }
        if (modelUrl != null && (model == null || model.isBlank())) {
            throw new IllegalArgumentException("--model is required with --model-url " + modelUrl);
        }
        if (modelUrl != null && !("http".equals(modelUrl.getScheme()) || "https".equals(modelUrl.getScheme()))) {
            throw new IllegalArgumentException("--model-url must be an http:// or https:// URL, got " + modelUrl);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        if (minScore != null && !(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("--min-score must be between 0 and 1, got " + minScore);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("--request-timeout must be positive, got " + requestTimeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("--retries must be 0 or more, got " + retries);
        }
        if (maxImageSide < 64) {
            throw new IllegalArgumentException("--max-image-side must be at least 64 pixels, got " + maxImageSide);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("--max-tokens must be at least 1, got " + maxTokens);
        }
        if (modelUrl != null) {
            String s = modelUrl.toString();
            modelUrl = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        }
    }

    /** What reads the images: {@code model}, or the embedded reader's id ({@code auto}, {@code tesseract}, {@code ppocr}). */
    public String checker() {
        return modelUrl == null ? embedded.id() : "model";
    }

    /** The settings that decide check results, for {@code run.json} (a resume must see the same) and the summary. */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checker", checker());
        if (modelUrl != null) {
            m.put("model_url", modelUrl.toString());
            m.put("model", model);
            m.put("max_tokens", maxTokens);
            m.put("seed", seed);
        }
        m.put("min_score", minScore);
        m.put("prompts", prompts.ids());
        m.put("max_image_side", maxImageSide);
        return m;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.modelUrl = modelUrl;
        b.model = model;
        b.apiKey = apiKey;
        b.concurrency = concurrency;
        b.minScore = minScore;
        b.prompts = prompts;
        b.requestTimeout = requestTimeout;
        b.retries = retries;
        b.retryBackoff = retryBackoff;
        b.maxImageSide = maxImageSide;
        b.maxTokens = maxTokens;
        b.seed = seed;
        b.embedded = embedded;
        return b;
    }

    public static final class Builder {
        private URI modelUrl;
        private String model;
        private String apiKey;
        private int concurrency = 64;
        private Double minScore;
        private Prompts prompts;
        private Duration requestTimeout = Duration.ofSeconds(120);
        private int retries = 6;
        private Duration retryBackoff = Duration.ofMillis(500);
        private int maxImageSide = 1600;
        private int maxTokens = 4096;
        private long seed;
        private Embedded embedded = Embedded.AUTO;

        private Builder() {
        }

        /** A model server; without one, Tesseract reads the images. */
        public Builder model(URI url, String name) {
            this.modelUrl = url;
            this.model = name;
            return this;
        }

        public Builder apiKey(String key) {
            this.apiKey = key;
            return this;
        }

        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        /** null: record scores, drop nothing. */
        public Builder minScore(Double score) {
            this.minScore = score;
            return this;
        }

        public Builder prompts(Prompts p) {
            this.prompts = p;
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        public Builder retries(int n) {
            this.retries = n;
            return this;
        }

        public Builder retryBackoff(Duration d) {
            this.retryBackoff = d;
            return this;
        }

        public Builder maxImageSide(int px) {
            this.maxImageSide = px;
            return this;
        }

        public Builder maxTokens(int n) {
            this.maxTokens = n;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** The reader without a model server (default {@link Embedded#AUTO}). */
        public Builder embedded(Embedded e) {
            this.embedded = e;
            return this;
        }

        public CheckOptions build() {
            return new CheckOptions(modelUrl, model, apiKey, concurrency, minScore,
                    prompts != null ? prompts : Prompts.defaults(), requestTimeout, retries, retryBackoff,
                    maxImageSide, maxTokens, seed, embedded);
        }
    }
}

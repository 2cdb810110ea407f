package org.pairforge.cli;

import org.pairforge.check.CheckOptions;
import org.pairforge.check.Prompts;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** The self-check's options, shared by {@code check} and by every generating command's {@code --check}. */
final class CheckFlags {
    @Option(names = "--model-url", paramLabel = "URL", description = "an OpenAI-compatible API base (e.g. http://gpu1:8000/v1) serving a vision model; without it, --checker reads the images")
    String modelUrl;

    @Option(names = "--checker", paramLabel = "NAME", description = "the reader without --model-url: auto (PP-OCR for samples with Chinese text, Tesseract for the rest), tesseract, or ppocr (default: ${DEFAULT-VALUE})")
    String checker = "auto";

    @Option(names = "--model", paramLabel = "NAME", description = "the served model id; the server's GET /v1/models must list it")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR", description = "the environment variable holding the API key (sent as a bearer token)")
    String apiKeyEnv;

    @Option(names = "--concurrency", paramLabel = "N", description = "most requests in flight (default: ${DEFAULT-VALUE}); Tesseract runs at most one process per core")
    int concurrency = 64;

    @Option(names = "--min-score", paramLabel = "X", description = "drop samples scoring under X (0..1) as check_below_min_score; by default scores are only recorded")
    Double minScore;

    @Option(names = "--prompts", paramLabel = "FILE", description = "prompts per sample kind, JSON shaped like templates/check/prompts.json (default: that file)")
    Path prompts;

    @Option(names = "--request-timeout", paramLabel = "TIME", description = "longest one request or Tesseract call may take: 120s, 2m, 500ms (default: ${DEFAULT-VALUE})")
    String requestTimeout = "120s";

    @Option(names = "--retries", paramLabel = "N", description = "further attempts after a connection error, timeout, 408, 429, 5xx or malformed answer (default: ${DEFAULT-VALUE})")
    int retries = 6;

    @Option(names = "--retry-backoff", paramLabel = "TIME", description = "the first retry's delay, doubled each time with jitter, at most 1m; Retry-After overrides it (default: ${DEFAULT-VALUE})")
    String retryBackoff = "500ms";

    @Option(names = "--max-image-side", paramLabel = "PX", description = "larger images are scaled down to this longer side before they are sent (default: ${DEFAULT-VALUE})")
    int maxImageSide = 1600;

    @Option(names = "--max-tokens", paramLabel = "N", description = "the answer's token limit (default: ${DEFAULT-VALUE})")
    int maxTokens = 4096;

    @Option(names = "--model-seed", paramLabel = "S", description = "the seed sent with every request, with temperature 0 (default: ${DEFAULT-VALUE})")
    long modelSeed = 0;

    /** @throws IllegalArgumentException naming the flag and the value */
    CheckOptions options() {
        CheckOptions.Builder b = CheckOptions.builder().concurrency(concurrency).minScore(minScore)
                .requestTimeout(Durations.parse("--request-timeout", requestTimeout))
                .retryBackoff(Durations.parse("--retry-backoff", retryBackoff)).retries(retries)
                .maxImageSide(maxImageSide).maxTokens(maxTokens).seed(modelSeed)
                .embedded(CheckOptions.Embedded.of(checker));
        if (modelUrl != null) {
            URI url;
            try {
                url = URI.create(modelUrl);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--model-url " + modelUrl + " is not a URL: " + e.getMessage());
            }
            b.model(url, model);
        } else if (model != null) {
            throw new IllegalArgumentException("--model " + model + " needs --model-url (without it --checker reads the images)");
        }
        if (apiKeyEnv != null) {
            String key = System.getenv(apiKeyEnv);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("--api-key-env " + apiKeyEnv + " names an environment variable that is not set");
            }
            b.apiKey(key);
        }
        if (prompts != null) {
            b.prompts(Prompts.load(prompts));
        }
        return b.build();
    }

}

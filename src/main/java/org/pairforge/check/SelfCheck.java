package org.pairforge.check;

import org.pairforge.check.internal.ImageScaler;
import org.pairforge.check.internal.ModelClient;
import org.pairforge.check.internal.PpOcrReader;
import org.pairforge.check.internal.Reader;
import org.pairforge.check.internal.Reading;
import org.pairforge.check.internal.TesseractReader;
import org.pairforge.core.EncodedImage;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.internal.Daemons;
import org.pairforge.pipeline.BatchStage;
import org.pairforge.pipeline.Reporting;
import org.pairforge.pipeline.ShardAccounting;
import org.pairforge.pipeline.Verdict;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The self-check as a stage: a reader (a served vision model, or an embedded OCR: Tesseract, PP-OCR for samples
 * with Chinese text in {@code auto}) reads each sample's image; its answer
 * becomes the sample's {@code KEY.caption.txt} and is scored against the sample's own text (see {@link Scores}).
 * The sample gains a {@code check} object in its metadata: checker, model, prompt id, status ({@code ok},
 * {@code no_text}, {@code error}), scores, tokens, attempts, finish reason. Under {@code minScore} it is
 * dropped as {@code check_below_min_score}, with its score and transcript in the rejection. A sample whose
 * reading failed after all retries is kept with status {@code error}: nothing is lost for a server's bad hour.
 *
 * <p>A batch's samples are sent together, so up to {@code concurrency} are in flight. Thread-safe. The caller
 * that {@link #open opened} it closes it (its HTTP client, Tesseract processes, ONNX sessions), after the pipeline
 * it is in.
 */
public final class SelfCheck implements BatchStage, Reporting, ShardAccounting, AutoCloseable {
    public static final String NAME = "check";
    public static final String BELOW_MIN_SCORE = "check_below_min_score";
    public static final String CAPTION_MEMBER = "caption.txt";
    /** Each shard's samples whose reading failed after all retries, and the run's, joined. */
    public static final String ERRORS_FILE = "check_errors.jsonl";

    private final CheckOptions options;
    private final Reader reader;
    /** Reads samples with Chinese text: PP-OCR in {@code auto}, else the same as {@link #reader}. */
    private final Reader cjkReader;
    private final Latencies latencies = new Latencies();
    private volatile Map<String, Prior> priors = Map.of();
    /** Scales images and hands them to the reader, one thread a core: a large page's copy costs a decode and an encode. */
    private final java.util.concurrent.ExecutorService prepare;

    private SelfCheck(CheckOptions options, Reader reader, Reader cjkReader) {
        this.options = options;
        this.reader = reader;
        this.cjkReader = cjkReader;
        this.prepare = java.util.concurrent.Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                Daemons.named("pairforge-check-prepare"));
    }

    /**
     * A self-check ready to read. With a model server, asks it first whether it serves the model.
     *
     * @throws org.pairforge.core.UsageException when the server cannot be reached, refuses the key or does not
     *                                          serve the model (naming the ones it does), Tesseract is missing,
     *                                          or {@code --checker ppocr} cannot load ONNX Runtime
     */
    public static SelfCheck open(CheckOptions options) {
        if (options.modelUrl() != null) {
            ModelClient.verifyModel(options);
            ModelClient client = new ModelClient(options);
            return new SelfCheck(options, client, client);
        }
        // Both embedded readers keep to one process or session call per core, together.
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(
                Math.min(options.concurrency(), Runtime.getRuntime().availableProcessors()), true);
        return switch (options.embedded()) {
            case TESSERACT -> {
                TesseractReader t = new TesseractReader(slots, options.requestTimeout());
                yield new SelfCheck(options, t, t);
            }
            case PPOCR -> {
                PpOcrReader p = new PpOcrReader(slots, options.requestTimeout());
                try {
                    p.load();
                } catch (RuntimeException e) {
                    p.close();
                    throw e;
                }
                yield new SelfCheck(options, p, p);
            }
            // PP-OCR loads when the first Chinese sample comes: an English run never pays for it.
            case AUTO -> new SelfCheck(options, new TesseractReader(slots, options.requestTimeout()),
                    new PpOcrReader(slots, options.requestTimeout()));
        };
    }

    public CheckOptions options() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A call's worth of samples keeps every request slot busy. */
    @Override
    public int batchSize() {
        return options.concurrency();
    }

    /**
     * A result from an earlier run that a resume keeps instead of asking again: a kept sample's check object and
     * caption, or the rejection that dropped it.
     */
    public record Prior(Map<String, Object> check, String caption, Rejection dropped) {
    }

    /** Results to reuse by sample key (a resume that retries only the samples in {@code error}). */
    public void reuse(Map<String, Prior> byKey) {
        this.priors = Map.copyOf(byKey);
    }

    @Override
    public List<Verdict> apply(List<Sample> samples) throws Exception {
        List<CompletableFuture<Reading>> readings = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            readings.add(priors.containsKey(s.key()) ? null : send(s, readerFor(s)));
        }
        List<Verdict> verdicts = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (readings.get(i) == null) {
                verdicts.add(reused(s, priors.get(s.key())));
                continue;
            }
            Reading r = readings.get(i).join();
            latencies.add(kind(s), r.latencies());
            verdicts.add(verdict(s, r, readerFor(s)));
        }
        return verdicts;
    }

    private static Verdict reused(Sample s, Prior p) {
        if (p.dropped() != null) {
            Rejection d = p.dropped();
            return Verdict.drop(d.reason(), d.message(), d.stage(), d.details());
        }
        Sample out = s.withMetadata(NAME, p.check());
        return Verdict.keep(p.caption() == null ? out : out.withMember(CAPTION_MEMBER, p.caption()));
    }

    static String kind(Sample s) {
        Object k = s.metadata().get("kind");
        return k instanceof String str ? str : "document-page";
    }

    /** The reader for a sample: in {@code auto}, PP-OCR when its text has Chinese characters. */
    private Reader readerFor(Sample s) {
        return cjkReader != reader && TesseractReader.language(s.text()).startsWith("chi_sim") ? cjkReader : reader;
    }

    private CompletableFuture<Reading> send(Sample s, Reader reader) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return prepareAndRead(s, reader);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.completedFuture(new Reading(null, "interrupted before it was sent",
                        options.prompts().forKind(kind(s)).id(), null, null, null, 0, Map.of(), new long[0]));
            }
        }, prepare).thenCompose(f -> f);
    }

    private CompletableFuture<Reading> prepareAndRead(Sample s, Reader reader) throws InterruptedException {
        String kind = kind(s);
        Prompts.Prompt prompt = options.prompts().forKind(kind);
        EncodedImage img = s.image();
        ImageScaler.Scaled scaled;
        try {
            scaled = ImageScaler.fit(img.bytes(), img.probed().mediaType, img.width(), img.height(), options.maxImageSide());
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(new Reading(null, e.getMessage(), prompt.id(), null, null, null,
                    0, Map.of(), new long[0]));
        }
        return reader.read(new Reader.Request(s.key(), kind, scaled.bytes(), scaled.mediaType(), prompt.text(),
                prompt.id(), TesseractReader.language(s.text()), columns(s)));
    }

    /** Text columns a templated page's style states; 1 otherwise. */
    private static int columns(Sample s) {
        return s.metadata().get("style") instanceof Map<?, ?> style && style.get("columns") instanceof Number n
                ? n.intValue() : 1;
    }

    /** A line that is only this word separates an answer's parts (see templates/check/prompts.json). */
    private static Pattern marker(String word) {
        return Pattern.compile("(?im)^[\\s*#_]*" + word + "[\\s*:_]*$");
    }

    private static final Pattern LAYOUT = marker("LAYOUT");
    private static final Pattern TEXT = marker("TEXT");

    /** Before the marker line, and after it; the whole answer as {@code [answer, null]} when there is none. */
    private static String[] split(String answer, Pattern marker) {
        java.util.regex.Matcher m = marker.matcher(answer);
        if (!m.find()) {
            return new String[]{answer, null};
        }
        return new String[]{answer.substring(0, m.start()), answer.substring(m.end())};
    }

    private Verdict verdict(Sample s, Reading r, Reader reader) {
        String kind = kind(s);
        if (!r.ok()) {
            return Verdict.keep(s.withMetadata(NAME, result(reader, r, CheckResult.Status.ERROR, null).toMap()));
        }
        String answer = r.text().strip();
        boolean model = reader instanceof ModelClient;
        Map<String, Object> scores = new LinkedHashMap<>();
        Double score;
        CheckResult.Status status;
        if (Scores.scoredAsPage(kind)) {
            // A web answer ends with a layout paragraph: only the text before it is scored.
            String transcript = model && kind.equals("web-page") ? split(answer, LAYOUT)[0] : answer;
            if (kind.equals("web-page")) {
                Scores.ScreenScore w = Scores.screen(transcript, s.text());
                score = w.score();
                scores.put("score", w.score());
                scores.put("metric", Scores.WORD_F1);
                scores.put("recall", w.recall());
                scores.put("precision", w.precision());
                scores.put("matched_chars", w.matchedChars());
                scores.put("reference_chars", w.referenceChars());
                scores.put("read_chars", w.readChars());
            } else {
                Scores.PageScore p = Scores.page(transcript, s.text(), options.minScore());
                score = p.score();
                scores.put("score", p.score());
                scores.put("metric", Scores.CER);
                scores.put("cer", p.cer());
                if (!p.exact()) {
                    scores.put("exact", false); // the banded distance passed the bound: the score is at most this
                }
                scores.put("reference_chars", p.referenceChars());
                scores.put("read_chars", p.readChars());
            }
            status = CheckResult.Status.OK;
        } else {
            String[] parts = model ? split(answer, TEXT) : new String[]{null, answer};
            String figureText = parts[1] != null ? parts[1] : parts[0];
            String caption = model ? parts[0] : null;
            Scores.FigureScore f = Scores.figure(figureText, caption, s.text());
            score = f.textRecall();
            scores.put("score", f.textRecall());
            scores.put("text_recall", f.textRecall());
            scores.put("words_read", f.wordsRead());
            scores.put("words_in_code", f.wordsInCode());
            scores.put("chart_type_agreement", f.chartTypeAgreement());
            scores.put("chart_types_caption", List.copyOf(f.captionChartTypes()));
            scores.put("chart_types_code", List.copyOf(f.codeChartTypes()));
            status = score == null ? CheckResult.Status.NO_TEXT : CheckResult.Status.OK;
        }
        boolean below = score != null && options.minScore() != null && score < options.minScore();
        CheckResult result = result(reader, r, below ? CheckResult.Status.BELOW_MIN_SCORE : status, scores);
        if (below) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("score", score);
            details.put("transcript", answer);
            details.put("kind", kind);
            details.put(NAME, result.toMap());
            return Verdict.drop(BELOW_MIN_SCORE, "self-check score " + score + " is under --min-score "
                    + options.minScore() + " (" + reader.checker() + " " + reader.model() + ")", Rejection.Stage.CHECK, details);
        }
        return Verdict.keep(s.withMetadata(NAME, result.toMap()).withMember(CAPTION_MEMBER, answer));
    }

    private static CheckResult result(Reader reader, Reading r, CheckResult.Status status, Map<String, Object> scores) {
        return new CheckResult(reader.checker(), reader.model(), r.promptId(), status, r.error(), scores,
                r.tokensIn() == null ? null : r.tokensIn().longValue(), r.tokensOut() == null ? null : r.tokensOut().longValue(),
                r.attempts(), r.retries(), r.finishReason(), "length".equals(r.finishReason()));
    }

    @Override
    public ShardAccounting.Account open() {
        return new CheckAccount();
    }

    @Override
    public String linesFile() {
        return ERRORS_FILE;
    }

    @Override
    public ShardAccounting.Report summarize(List<com.fasterxml.jackson.databind.JsonNode> shards) {
        CheckTally tally = tallyOf(shards);
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("by_kind", tally.summary());
        List<String> lines = new ArrayList<>();
        tally.summary().forEach((kind, v) -> {
            Map<?, ?> k = (Map<?, ?>) v;
            lines.add(String.format("checked %-18s %s, median score %s, p10 %s", kind, k.get("status"), k.get("median"), k.get("p10")));
        });
        return new ShardAccounting.Report(section, lines);
    }

    @Override
    public Map<String, byte[]> runFiles(List<com.fasterxml.jackson.databind.JsonNode> shards) throws IOException {
        return ScoreCharts.charts(tallyOf(shards));
    }

    private static CheckTally tallyOf(List<com.fasterxml.jackson.databind.JsonNode> shards) {
        CheckTally tally = new CheckTally();
        for (com.fasterxml.jackson.databind.JsonNode shard : shards) {
            tally.merge(org.pairforge.core.Json.MAPPER.convertValue(shard, Map.class));
        }
        return tally;
    }

    @Override
    public Map<String, Object> report() {
        return latencies.report();
    }

    @Override
    public void close() {
        prepare.shutdownNow();
        reader.close();
        if (cjkReader != reader) {
            cjkReader.close();
        }
    }

    /** Every attempt's latency this run, by sample kind, for percentiles. */
    private static final class Latencies {
        private final Map<String, long[]> ms = new java.util.TreeMap<>();
        private final Map<String, Integer> n = new java.util.TreeMap<>();

        synchronized void add(String kind, long[] more) {
            long[] a = ms.computeIfAbsent(kind, k -> new long[256]);
            int count = n.getOrDefault(kind, 0);
            for (long v : more) {
                if (count == a.length) {
                    a = Arrays.copyOf(a, count * 2);
                    ms.put(kind, a);
                }
                a[count++] = v;
            }
            n.put(kind, count);
        }

        synchronized Map<String, Object> report() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("note", "attempts made by this run (a resumed run reports only its own)");
            Map<String, Object> byKind = new java.util.TreeMap<>();
            ms.forEach((kind, a) -> {
                int count = n.get(kind);
                Map<String, Object> k = new LinkedHashMap<>();
                k.put("attempts", count);
                if (count > 0) {
                    long[] sorted = Arrays.copyOf(a, count);
                    Arrays.sort(sorted);
                    Map<String, Object> l = new LinkedHashMap<>();
                    l.put("p50", sorted[(int) Math.min(count - 1, Math.floor(0.50 * count))]);
                    l.put("p95", sorted[(int) Math.min(count - 1, Math.floor(0.95 * count))]);
                    l.put("max", sorted[count - 1]);
                    k.put("latency_ms", l);
                }
                byKind.put(kind, k);
            });
            m.put("by_kind", byKind);
            return m;
        }
    }
}

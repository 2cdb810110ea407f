package org.pairforge.run;

import org.pairforge.check.CheckTally;
import org.pairforge.check.SelfCheck;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.core.internal.Daemons;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.shard.ShardStats;
import org.pairforge.shard.ShardWriter;
import org.pairforge.source.Input;
import org.pairforge.source.ReadBuffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;

/**
 * The one core every front end calls: a shard of inputs in, a finished shard (tar, rejects, stats) out.
 * The CLI runs it on a thread pool; a Spark job runs it once per partition. Samples go to the shard's tar
 * as soon as they are made; only their de-duplication keys wait for the shard's turn. With
 * {@link Workers} that help, idle workers extract some of the shard's inputs; they are still written in order.
 */
public final class ShardProcessor {
    private final Pipeline pipeline;
    private final long maxInputBytes;
    private final Deduplicator dedup;
    private final ShardWriter writer;
    private final Workers helpers;
    /** Whether the pipeline self-checks: then each shard's stats tally the checks and it lists its check errors. */
    private final boolean checking;
    /**
     * Samples per call of the stages when a stage batches (0 when none does): the stages then run over several
     * inputs' samples at once, so a self-check keeps {@code --concurrency} requests in flight even when each
     * input makes a few samples (a notebook's figures).
     */
    private final int window;
    /** Each thread reads its inputs into the same memory, for extractors that can take it. */
    private final ThreadLocal<ReadBuffer> buffers = ThreadLocal.withInitial(ReadBuffer::new);

    /** @param pipeline extraction and stages; its owner closes it */
    public ShardProcessor(Pipeline pipeline, Deduplicator dedup, ShardWriter writer) {
        this(pipeline, dedup, writer, null);
    }

    /** @param helpers the run's workers, which help a shard while idle; null: every input on its shard's thread */
    ShardProcessor(Pipeline pipeline, Deduplicator dedup, ShardWriter writer, Workers helpers) {
        this.pipeline = pipeline;
        this.maxInputBytes = pipeline.maxInputBytes();
        this.dedup = dedup;
        this.writer = writer;
        this.helpers = helpers;
        this.checking = SelfCheck.isIn(pipeline);
        this.window = pipeline.stageBatchSize();
    }

    /** One input's result, and the bytes it was read from. */
    private record Extracted(Extraction result, long bytes) {
    }

    private Extracted extract(Input input) {
        ReadBuffer buffer = pipeline.readsBuffers() ? buffers.get() : null;
        long bytes = 0;
        try {
            Extraction result;
            if (buffer != null) {
                SourceRef ref = input.loadInto(buffer, maxInputBytes);
                bytes = buffer.length();
                result = window > 0 ? pipeline.processUpToBatch(ref, buffer.bytes(), buffer.length())
                        : pipeline.process(ref, buffer.bytes(), buffer.length());
            } else {
                SourceData loaded = input.load(maxInputBytes);
                // an engine that reads its input from disk was handed no bytes: the file's size is what it read
                bytes = loaded.content().length > 0 || loaded.location() == null ? loaded.content().length : Math.max(0, input.size());
                result = window > 0 ? pipeline.processUpToBatch(loaded) : pipeline.process(loaded);
            }
            return new Extracted(result, bytes);
        } catch (UnreadableInputException e) {
            return new Extracted(Extraction.unreadable(new Rejection(input.id(), null, Rejection.Stage.READ, e.reason(),
                    e.getMessage())), 0);
        } catch (RuntimeException | StackOverflowError e) {
            return new Extracted(fault(input, e), bytes);
        } finally {
            if (buffer != null) {
                buffer.release();
            }
        }
    }

    /**
     * An input that trips a fault in pairforge or a library (a bug, not bad data we foresaw) is one rejection
     * with the fault named, not the end of a batch that other inputs are in.
     */
    private static Extraction fault(Input input, Throwable e) {
        return Pipeline.fault(SourceRef.of(input.id()), e);
    }

    private interface ResultSink {
        void accept(Input input, Extracted extracted) throws IOException;
    }

    /** Each input's result, in input order: extracted here, some by helpers while cores are spare. */
    private void extractInOrder(List<Input> inputs, ResultSink sink) throws IOException {
        if (helpers == null) {
            for (Input input : inputs) {
                sink.accept(input, extract(input));
            }
            return;
        }
        SharedInputs<Extracted> shared = new SharedInputs<>(inputs.size(), i -> extract(inputs.get(i)));
        helpers.started(shared);
        try {
            for (int i = 0; i < inputs.size(); i++) {
                Extracted e;
                try {
                    e = shared.take(i);
                } catch (CompletionException ex) {
                    throw new IllegalStateException("an extraction failed: " + ex.getCause(), ex.getCause());
                }
                helpers.advanced();
                sink.accept(inputs.get(i), e);
            }
        } finally {
            shared.abandon(); // nothing left, or the shard failed: either way helpers are done with it
            helpers.finished(shared);
        }
    }

    /**
     * Runs the stages over windows of about {@link #window} samples, in input order, each window's call made on a
     * thread of its own while the next window fills; results go to {@code sink} in order, on the caller's thread.
     * At most two windows are out at once: one finishing while the next keeps the batch stage busy.
     */
    private final class Windows implements ResultSink, AutoCloseable {
        private record Out(List<Input> inputs, List<Extracted> extracted, java.util.concurrent.Future<List<Extraction>> staged) {
        }

        private final ResultSink sink;
        private final java.util.concurrent.ExecutorService calls = java.util.concurrent.Executors.newCachedThreadPool(
                Daemons.named("pairforge-stages"));
        private final java.util.ArrayDeque<Out> out = new java.util.ArrayDeque<>();
        private List<Input> inputs = new ArrayList<>();
        private List<Extracted> extracted = new ArrayList<>();
        private int samples;

        Windows(ResultSink sink) {
            this.sink = sink;
        }

        @Override
        public void accept(Input input, Extracted e) throws IOException {
            inputs.add(input);
            extracted.add(e);
            samples += e.result().samples().size();
            if (samples >= window) {
                submit();
            }
        }

        private void submit() throws IOException {
            if (inputs.isEmpty()) {
                return;
            }
            List<Extraction> results = extracted.stream().map(Extracted::result).toList();
            out.add(new Out(inputs, extracted, calls.submit(() -> pipeline.applyBatchStages(results))));
            inputs = new ArrayList<>();
            extracted = new ArrayList<>();
            samples = 0;
            while (out.size() > 2) {
                drainOne();
            }
        }

        private void drainOne() throws IOException {
            Out o = out.poll();
            List<Extraction> staged;
            try {
                staged = o.staged().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the stages ran");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the stages failed: " + e.getCause(), e.getCause());
            }
            for (int i = 0; i < staged.size(); i++) {
                sink.accept(o.inputs().get(i), new Extracted(staged.get(i), o.extracted().get(i).bytes()));
            }
        }

        void finish() throws IOException {
            submit();
            while (!out.isEmpty()) {
                drainOne();
            }
        }

        @Override
        public void close() {
            calls.shutdownNow();
        }
    }

    private static final class Counts {
        int unreadable;
        int candidates;
        long inputBytes;
        final Map<String, Double> seconds = new TreeMap<>();
        final Map<String, Integer> extracted = new TreeMap<>();
    }

    private record CheckedSample(String source, Object kind, Map<?, ?> check) {
    }

    /**
     * The shard's check tally over the samples it keeps (duplicates left out) and the ones the check dropped;
     * the samples in {@code error} go to {@code errors} as {@code check_errors.jsonl} lines.
     */
    private static Map<String, Object> checkTally(Map<String, CheckedSample> checked, Set<String> duplicates,
                                                  List<Rejection> rejections, List<String> errors) throws IOException {
        CheckTally tally = new CheckTally();
        for (Map.Entry<String, CheckedSample> c : checked.entrySet()) {
            if (!duplicates.contains(c.getKey())) {
                CheckedSample cs = c.getValue();
                tally.add(cs.kind() instanceof String k ? k : null, cs.check());
                if ("error".equals(cs.check().get("status"))) {
                    errors.add(checkErrorLine(cs, c.getKey()));
                }
            }
        }
        tally.addRejections(rejections);
        return tally.toMap();
    }

    private static String checkErrorLine(CheckedSample c, String key) throws IOException {
        return CheckTally.errorLine(c.source(), key, c.kind(), c.check());
    }

    /** @param inputDone told the on-disk size of each input as it finishes, for progress */
    public ShardStats process(ShardTask task, LongConsumer inputDone) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<Deduplicator.Entry> written = new ArrayList<>();
        Map<String, CheckedSample> checked = new java.util.LinkedHashMap<>();
        List<Rejection> rejections = new ArrayList<>();
        Counts counts = new Counts();
        try (ShardWriter.TarBuilder tar = writer.begin(task.index())) {
            ResultSink write = (input, extracted) -> {
                Extraction result = extracted.result();
                counts.inputBytes += extracted.bytes();
                if (!result.readable()) {
                    counts.unreadable++;
                }
                counts.candidates += result.candidates();
                result.seconds().forEach((k, v) -> counts.seconds.merge(k, v, Double::sum));
                result.counts().forEach((k, v) -> counts.extracted.merge(k, v, Integer::sum));
                for (Sample s : result.samples()) {
                    tar.add(s);
                    written.add(new Deduplicator.Entry(s.key(), s.dedupKey(), s.source().id()));
                    if (checking && s.metadata().get(SelfCheck.NAME) instanceof Map<?, ?> check) {
                        checked.put(s.key(), new CheckedSample(s.source().id(), s.metadata().get("kind"), check));
                    }
                }
                rejections.addAll(result.rejections());
                inputDone.accept(input.size());
            };
            if (window == 0) {
                extractInOrder(task.inputs(), write);
            } else {
                try (Windows windows = new Windows(write)) {
                    extractInOrder(task.inputs(), windows);
                    windows.finish();
                }
            }
            Set<String> duplicates = dedup.admit(task.index(), written, rejections);
            Map<String, Integer> dropped = new TreeMap<>();
            for (Rejection r : rejections) {
                if (r.key() != null) { // candidate-level; whole-input failures are counted as unreadable
                    dropped.merge(r.reason(), 1, Integer::sum);
                }
            }
            int inputs = task.inputs().size();
            int kept = written.size() - duplicates.size();
            List<String> checkErrors = checking ? new ArrayList<>() : null;
            Map<String, Object> checkTally = checking ? checkTally(checked, duplicates, rejections, checkErrors) : null;
            return tar.commit(duplicates, rejections, checkErrors, tarBytes -> new ShardStats(task.index(), inputs,
                    counts.unreadable, counts.candidates, kept, dropped, counts.inputBytes, tarBytes,
                    Math.round((System.nanoTime() - started) / 1e6) / 1e3, counts.seconds, checkTally, counts.extracted));
        }
    }
}

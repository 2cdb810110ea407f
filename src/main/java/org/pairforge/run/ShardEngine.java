package org.pairforge.run;

import org.pairforge.core.Extraction;
import org.pairforge.core.Json;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.core.internal.Daemons;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.pipeline.ShardAccounting;
import org.pairforge.shard.RunStore;
import org.pairforge.shard.SampleFormat;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardStats;
import org.pairforge.shard.WebDatasetWriter;
import org.pairforge.source.Input;
import org.pairforge.source.ReadBuffer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;

/**
 * The one shard engine: a shard's inputs and a {@link Pipeline} in; its samples file (a WebDataset tar or a
 * Parquet file), rejects, listing, stage files and stats out, through a {@link RunStore}. The CLI's runner runs it
 * on its thread pool, a Spark task on its partition, fixtures through the runner; each only schedules it.
 *
 * <p>A shard is made ({@link #make}: samples written as they come, only what de-duplication needs kept back),
 * then, once de-duplication has decided (the CLI's workers in order; a Spark driver over every partition), it is
 * committed ({@link #commit}): duplicates taken out of the samples file, then rejects, the listing of its inputs,
 * the stage files, and the stats, last: a shard with stats is finished, anything else is made again.
 */
public final class ShardEngine {
    private final Pipeline pipeline;
    private final RunStore store;
    private final SampleFormat format;
    private final Workers helpers;
    private final long maxInputBytes;
    /**
     * Samples per call of the stages when a stage batches (0 when none does): the stages then run over several
     * inputs' samples at once, so a self-check keeps {@code --concurrency} requests in flight even when each
     * input makes a few samples (a notebook's figures).
     */
    private final int window;
    private final List<ShardAccounting> accounting = new ArrayList<>();
    /** Whether shards record how long they took (not for fixtures, whose bytes must not depend on the machine). */
    private boolean timed = true;
    /** Each thread reads its inputs into the same memory, for extractors that can take it. */
    private final ThreadLocal<ReadBuffer> buffers = ThreadLocal.withInitial(ReadBuffer::new);

    /** @param pipeline extraction and stages; its owner closes it */
    public ShardEngine(Pipeline pipeline, RunStore store, SampleFormat format) {
        this(pipeline, store, format, null);
    }

    /** @param helpers the run's workers, which help a shard while idle; null: every input on its shard's thread */
    ShardEngine(Pipeline pipeline, RunStore store, SampleFormat format, Workers helpers) {
        this.pipeline = pipeline;
        this.store = store;
        this.format = format;
        this.helpers = helpers;
        this.maxInputBytes = pipeline.maxInputBytes();
        this.window = pipeline.stageBatchSize();
        this.accounting.addAll(accountingOf(pipeline));
    }

    /** Shards record no time: the same inputs give the same stats files, byte for byte, on any machine. */
    public ShardEngine untimed() {
        this.timed = false;
        return this;
    }

    /** The stages of {@code pipeline} that keep accounts per shard. */
    public static List<ShardAccounting> accountingOf(Pipeline pipeline) {
        List<ShardAccounting> out = new ArrayList<>();
        for (Object stage : pipeline.stages()) {
            if (stage instanceof ShardAccounting a) {
                out.add(a);
            }
        }
        return out;
    }

    /** Makes, de-duplicates and commits a shard, with the run's de-duplication (which may wait for earlier shards). */
    public ShardStats process(ShardTask task, Deduplicator dedup, LongConsumer inputDone)
            throws IOException, InterruptedException {
        MadeShard made;
        try {
            made = make(task, inputDone);
        } catch (IOException | RuntimeException | Error e) {
            dedup.settle(task.index(), Map.of()); // never leave later shards waiting
            throw e;
        }
        return commit(made, dedup.admit(task.index(), made.entries()));
    }

    /** One input's result, and the bytes it was read from. */
    private record Extracted(Extraction result, long bytes) {
    }

    private interface ResultSink {
        void accept(Input input, Extracted extracted) throws IOException;
    }

    /**
     * Makes a shard: every input through the pipeline in order, each sample into the shard's samples file as it
     * comes. The file is whole when this returns; the shard is not finished until {@link #commit}.
     *
     * @param inputDone told the on-disk size of each input as it finishes, for progress
     */
    public MadeShard make(ShardTask task, LongConsumer inputDone) throws IOException {
        return make(task.index(), task.inputs(), inputDone);
    }

    /**
     * {@link #make(ShardTask, LongConsumer)} over inputs taken one at a time as they come (a Spark partition's,
     * never all in memory); the run's helpers, which need the whole list, are not asked.
     */
    public MadeShard make(int shard, Iterator<Input> inputs, LongConsumer inputDone) throws IOException {
        List<Input> none = null;
        return make(shard, none, inputs, inputDone);
    }

    private MadeShard make(int shard, List<Input> list, LongConsumer inputDone) throws IOException {
        return make(shard, list, list.iterator(), inputDone);
    }

    private MadeShard make(int index, List<Input> list, Iterator<Input> iterator, LongConsumer inputDone) throws IOException {
        long started = System.nanoTime();
        List<String> listing = new ArrayList<>();
        int[] unreadable = {0}, candidates = {0};
        long[] inputBytes = {0};
        List<String> rejectLines = new ArrayList<>();
        TreeMap<String, Integer> dropped = new TreeMap<>();
        List<Deduplicator.Entry> entries = new ArrayList<>();
        Map<String, ShardAccounting.Account> accounts = new LinkedHashMap<>();
        accounting.forEach(a -> accounts.put(a.name(), a.open()));
        TreeMap<String, Double> seconds = new TreeMap<>();
        TreeMap<String, Integer> counts = new TreeMap<>();
        SampleFormat.Writer samples = format.create(store, format.file(index));
        try {
            ResultSink write = (input, extracted) -> {
                Extraction result = extracted.result();
                listing.add(ShardListing.line(input));
                inputBytes[0] += extracted.bytes();
                unreadable[0] += result.readable() ? 0 : 1;
                candidates[0] += result.candidates();
                result.seconds().forEach((k, v) -> seconds.merge(k, v, Double::sum));
                result.counts().forEach((k, v) -> counts.merge(k, v, Integer::sum));
                for (Sample s : result.samples()) {
                    samples.add(s);
                    entries.add(new Deduplicator.Entry(s.key(), s.dedupKey(), s.source().id()));
                    accounts.values().forEach(a -> a.sample(s));
                }
                for (Rejection r : result.rejections()) {
                    reject(r, rejectLines, dropped, accounts);
                }
                inputDone.accept(input.size());
            };
            if (window == 0) {
                extractInOrder(list, iterator, write);
            } else {
                try (Windows windows = new Windows(write)) {
                    extractInOrder(list, iterator, windows);
                    windows.finish();
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            samples.abort();
            throw e;
        }
        samples.close();
        Map<String, String> linesFiles = new TreeMap<>();
        accounting.forEach(a -> {
            if (a.linesFile() != null) {
                linesFiles.put(a.name(), a.linesFile());
            }
        });
        return new MadeShard(index, listing, unreadable[0], candidates[0], inputBytes[0], rejectLines, dropped,
                entries, accounts, linesFiles, timed ? seconds : new TreeMap<>(), counts,
                timed ? (System.nanoTime() - started) / 1e9 : 0);
    }

    private static void reject(Rejection r, List<String> lines, Map<String, Integer> dropped,
                               Map<String, ShardAccounting.Account> accounts) {
        lines.add(WebDatasetWriter.rejectionLine(r));
        if (r.key() != null) { // candidate-level; whole-input failures are counted as unreadable
            dropped.merge(r.reason(), 1, Integer::sum);
        }
        accounts.values().forEach(a -> a.rejection(r));
    }

    /**
     * Finishes a made shard: its duplicates taken out of the samples file, then its rejects, the listing of its
     * inputs, its stages' files, and its stats, last. Every file is written whole; a commit that dies midway leaves
     * a shard without stats, which a resume makes again.
     */
    public ShardStats commit(MadeShard made, List<Deduplicator.Duplicate> duplicates) throws IOException {
        return commit(store, format, made, duplicates);
    }

    /**
     * {@link #commit(MadeShard, List)} where no pipeline is open (a Spark task that only commits): all it needs is
     * in the made shard.
     */
    public static ShardStats commit(RunStore store, SampleFormat format, MadeShard made,
                                    List<Deduplicator.Duplicate> duplicates) throws IOException {
        int shard = made.shard();
        String samplesFile = format.file(shard);
        Settled settled = settle(made, duplicates);
        if (!settled.duplicateKeys().isEmpty()) {
            format.rewriteWithout(store, samplesFile, settled.duplicateKeys()); // rare: the copy is paid only then
        }
        store.writeLines(ShardLayout.rejectsName(shard), settled.rejectLines());
        store.writeLines(ShardLayout.inputsName(shard), made.listing());
        settled.lines().forEach((file, lines) -> {
            try {
                store.writeLines(ShardLayout.shardFile(shard, file), lines);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ShardStats stats = settled.stats(store.exists(samplesFile) ? store.size(samplesFile) : 0);
        store.write(ShardLayout.statsName(shard), Json.PRETTY.writeValueAsBytes(stats));
        return stats;
    }

    /**
     * A made shard once de-duplication has spoken: its rejections (the duplicates' after the rest), the keys to take
     * out, its stages' lines by file, and its stats.
     */
    public record Settled(MadeShard made, List<String> rejectLines, Set<String> duplicateKeys,
                          Map<String, List<String>> lines, Map<String, com.fasterxml.jackson.databind.JsonNode> stages,
                          TreeMap<String, Integer> dropped) {
        /** The shard's stats, its samples file being {@code samplesBytes} long. */
        public ShardStats stats(long samplesBytes) {
            return new ShardStats(made.shard(), made.listing().size(), made.unreadable(), made.candidates(),
                    made.entries().size() - duplicateKeys.size(), dropped, made.inputBytes(), samplesBytes,
                    Math.round(made.seconds() * 1000) / 1e3, made.engineSeconds(), made.counts(), stages);
        }
    }

    /**
     * What a made shard comes to with {@code duplicates} taken out, without writing anything (a Spark dataset's
     * funnel counts shards so). Tells the shard's accounts which samples were duplicates: once per made shard.
     */
    public static Settled settle(MadeShard made, List<Deduplicator.Duplicate> duplicates) {
        List<String> rejectLines = new ArrayList<>(made.rejectLines());
        TreeMap<String, Integer> dropped = new TreeMap<>(made.dropped());
        Set<String> duplicateKeys = new HashSet<>();
        for (Deduplicator.Duplicate d : duplicates) {
            duplicateKeys.add(d.key());
            made.accounts().values().forEach(a -> a.duplicate(d.key()));
            reject(new Rejection(d.source(), d.key(), Rejection.Stage.DEDUP, Deduplicator.REASON, d.message()),
                    rejectLines, dropped, made.accounts());
        }
        Map<String, List<String>> lines = new TreeMap<>();
        Map<String, com.fasterxml.jackson.databind.JsonNode> stages = new TreeMap<>();
        for (Map.Entry<String, ShardAccounting.Account> a : made.accounts().entrySet()) {
            String linesFile = made.linesFiles().get(a.getKey());
            if (linesFile != null) {
                lines.put(linesFile, a.getValue().lines());
            }
            stages.put(a.getKey(), Json.MAPPER.valueToTree(a.getValue().stats()));
        }
        return new Settled(made, rejectLines, duplicateKeys, lines, stages, dropped);
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
            // a fault in pairforge or a library (a bug, not bad data we foresaw) is one rejection, not the end of the shard
            return new Extracted(Pipeline.fault(SourceRef.of(input.id()), e), bytes);
        } finally {
            if (buffer != null) {
                buffer.release();
            }
        }
    }

    /** Each input's result, in input order: extracted here, some by helpers while cores are spare. */
    private void extractInOrder(List<Input> inputs, Iterator<Input> iterator, ResultSink sink) throws IOException {
        if (helpers == null || inputs == null) {
            while (iterator.hasNext()) {
                Input input = iterator.next();
                sink.accept(input, extract(input));
            }
            return;
        }
        SharedInputs<Extracted> shared = new SharedInputs<>(inputs.size(), i -> extract(inputs.get(i)), helpers);
        helpers.started(shared);
        try {
            shared.drain((i, e) -> {
                sink.accept(inputs.get(i), e);
                return true;
            });
        } catch (CompletionException ex) {
            throw new IllegalStateException("an extraction failed: " + ex.getCause(), ex.getCause());
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
}

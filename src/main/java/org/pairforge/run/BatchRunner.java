package org.pairforge.run;

import org.pairforge.core.Json;
import org.pairforge.core.UsageException;
import com.fasterxml.jackson.databind.JsonNode;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;
import org.pairforge.shard.ShardStats;
import org.pairforge.shard.ShardWriter;
import org.pairforge.source.Input;
import org.pairforge.source.InputKind;
import org.pairforge.source.InputScanner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.pairforge.check.CheckTally;
import org.pairforge.check.ScoreCharts;
import org.pairforge.check.SelfCheck;
import org.pairforge.pipeline.Reporting;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Runs a batch: lists inputs in order, cuts them into shards, processes shards on a pool of workers
 * (at most two shards per worker in flight, so memory stays bounded), then writes the run's
 * {@code rejects.jsonl} and {@code summary.json} from the per-shard files. With {@code resume}, shards
 * whose stats exist are kept and the rest are done again; the result equals an uninterrupted run.
 */
public final class BatchRunner {
    private final Pipeline pipeline;
    private final RunConfig config;
    private final Progress progress;
    private final ShardLayout layout;

    private final InputKind kind;
    private java.util.function.IntPredicate redo = i -> false;

    /** @param pipeline what each input goes through; its owner (the caller) closes it */
    public BatchRunner(Pipeline pipeline, RunConfig config, Progress progress) {
        this.pipeline = pipeline;
        this.kind = pipeline.inputKind();
        this.config = config;
        this.progress = progress;
        this.layout = new ShardLayout(config.out());
    }

    /**
     * On resume, finished shards for which {@code shards} holds are done again (the self-check's shards with
     * samples in error); the test runs after the resume is validated, so a refused resume changes nothing.
     */
    public BatchRunner redoing(java.util.function.IntPredicate shards) {
        this.redo = shards;
        return this;
    }

    public Map<String, Object> run() throws IOException, InterruptedException {
        try {
            InputScanner.checkArguments(config.inputs());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        InputScanner scanner = new InputScanner(config.maxInputBytes(), kind, config.out());
        prepareOutput(scanner);
        Set<Integer> finished = new HashSet<>(layout.finishedShards());
        finished.removeIf(redo::test);
        long started = System.nanoTime();

        // Sizing the input walks it all once more: only worth it when a progress bar will show the total.
        progress.start(progress == Progress.NONE ? 0 : scanner.totalBytes(config.inputs()));
        Deduplicator dedup = new OrderedDeduplicator();
        // A worker extracts its shard's inputs itself; with more workers, those without a shard help the others,
        // so a run of fewer shards than workers, and the last shards of every run, keep each worker busy.
        Workers pool = new Workers(config.workers());
        ShardProcessor processor = new ShardProcessor(pipeline, dedup, new ShardWriter(layout),
                config.workers() > 1 ? pool : null);
        Semaphore inFlight = new Semaphore(config.workers() * 2);
        List<Future<ShardStats>> futures = new ArrayList<>();
        AtomicInteger shardCount = new AtomicInteger();
        AtomicLong processedBytes = new AtomicLong();
        AtomicInteger processedKept = new AtomicInteger();
        List<Input> pending = new ArrayList<>(config.shardSize());
        int resumed = 0;
        try {
            Dispatcher dispatch = inputs -> {
                int index = shardCount.getAndIncrement();
                ShardTask task = new ShardTask(index, inputs);
                if (finished.contains(index)) {
                    dedup.settle(index, keptDedupKeys(index));
                    progress.advance(inputs.stream().mapToLong(Input::size).sum());
                    return;
                }
                inFlight.acquireUninterruptibly();
                futures.add(pool.submit(() -> {
                    try {
                        ShardStats s = processor.process(task, progress::advance);
                        processedBytes.addAndGet(s.inputBytes());
                        processedKept.addAndGet(s.kept());
                        return s;
                    } catch (Throwable t) {
                        dedup.settle(index, Map.of()); // never leave later shards waiting
                        throw t;
                    } finally {
                        inFlight.release();
                    }
                }));
            };
            scanner.scan(config.inputs(), input -> {
                pending.add(input);
                if (pending.size() == config.shardSize()) {
                    dispatch.accept(List.copyOf(pending));
                    pending.clear();
                }
            });
            if (!pending.isEmpty()) {
                dispatch.accept(List.copyOf(pending));
            }
            for (Future<ShardStats> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException("a worker failed: " + cause, cause);
                }
            }
            for (int i = 0; i < shardCount.get(); i++) {
                if (finished.contains(i)) {
                    resumed++;
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            pool.close();
            progress.finish();
        }
        List<ShardStats> all = new ArrayList<>();
        for (int i = 0; i < shardCount.get(); i++) {
            all.add(Json.MAPPER.readValue(layout.stats(i).toFile(), ShardStats.class));
        }
        concatenate(shardCount.get(), layout::rejects, layout.rejectsJsonl());
        CheckTally tally = CheckTally.ofShards(all);
        if (SelfCheck.isIn(pipeline) || tally != null) {
            concatenate(shardCount.get(), layout::checkErrors, layout.checkErrorsJsonl());
        } else {
            Files.deleteIfExists(layout.checkErrorsJsonl());
        }
        Map<String, Object> summary = RunSummary.of(config, all, resumed, (System.nanoTime() - started) / 1e9,
                processedBytes.get(), processedKept.get(), tally);
        for (Object stage : pipeline.stages()) {
            if (stage instanceof Reporting r) {
                String name = stage instanceof org.pairforge.pipeline.BatchStage b ? b.name()
                        : ((org.pairforge.pipeline.Stage) stage).name();
                Object section = summary.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
                if (section instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) m;
                    typed.put("this_run", r.report());
                }
            }
        }
        if (tally != null) {
            ScoreCharts.write(tally, config.out());
        }
        Path tmp = ShardLayout.tmpFor(layout.summary());
        Json.PRETTY.writeValue(tmp.toFile(), summary);
        ShardLayout.moveIntoPlace(tmp, layout.summary());
        return summary;
    }

    @FunctionalInterface
    private interface Dispatcher {
        void accept(List<Input> inputs);
    }

    private void prepareOutput(InputScanner scanner) throws IOException {
        Path out = config.out();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new IOException("cannot create output folder " + out + ": " + e, e);
        }
        if (!Files.isWritable(out)) {
            throw new IOException("output folder " + out + " is not writable");
        }
        boolean earlierRun = Files.exists(layout.runManifest()) || Files.isDirectory(layout.shardsDir());
        Map<String, Object> manifest = manifest();
        if (earlierRun && config.overwrite()) {
            deleteEarlierRun();
        } else if (earlierRun && config.resume()) {
            checkSameRun(manifest);
            checkSameInputs(scanner);
            deleteTemporaries();
        } else if (earlierRun) {
            throw new UsageException(out + " already holds a run; pass --resume to finish it or --overwrite to replace it");
        }
        if (!(earlierRun && config.resume())) {
            writeListing(scanner);
        }
        Path tmp = ShardLayout.tmpFor(layout.runManifest());
        Json.PRETTY.writeValue(tmp.toFile(), manifest);
        ShardLayout.moveIntoPlace(tmp, layout.runManifest());
    }

    /** What must be equal for a resumed run to continue an earlier one. Worker count is free to change. */
    private Map<String, Object> manifest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", config.command());
        // Inputs made inside OUT (template pages, fixtures) by their place in it, as their ids are: the run's
        // record then does not depend on where OUT is.
        Path out = config.out().toAbsolutePath().normalize();
        m.put("inputs", config.inputs().stream().map(p -> {
            Path abs = p.toAbsolutePath().normalize();
            return abs.startsWith(out) && !abs.equals(out) ? out.relativize(abs).toString() : p.normalize().toString();
        }).toList());
        m.put("shard_size", config.shardSize());
        m.put("max_input_bytes", config.maxInputBytes());
        m.put("settings", new java.util.TreeMap<>(config.settings()));
        return m;
    }

    private void checkSameRun(Map<String, Object> manifest) throws IOException {
        if (!Files.exists(layout.runManifest())) {
            throw new UsageException(config.out() + " has shards but no run.json; cannot tell what run they belong to");
        }
        JsonNode before = Json.MAPPER.readTree(layout.runManifest().toFile());
        // Through text, as the stored one went, so numbers compare by value rather than by node type.
        JsonNode now = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(manifest));
        List<String> differ = new ArrayList<>();
        now.fieldNames().forEachRemaining(f -> {
            if (!now.get(f).equals(before.get(f))) {
                differ.add(f + " (was " + before.get(f) + ", now " + now.get(f) + ")");
            }
        });
        if (!differ.isEmpty()) {
            throw new UsageException("--resume needs the same run as before, but these differ: " + String.join("; ", differ));
        }
    }

    /** One line per input, in the order shards are cut: its id and {@link Input#fingerprint()}. */
    private static String listingLine(Input input) {
        try {
            Map<String, String> line = new LinkedHashMap<>(); // Map.of's order changes from one JVM to the next
            line.put("id", input.id());
            line.put("fingerprint", input.fingerprint());
            return Json.MAPPER.writeValueAsString(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeListing(InputScanner scanner) throws IOException {
        Path tmp = ShardLayout.tmpFor(layout.inputsListing());
        try (java.io.BufferedWriter w = Files.newBufferedWriter(tmp, java.nio.charset.StandardCharsets.UTF_8)) {
            scanner.scan(config.inputs(), input -> {
                try {
                    w.write(listingLine(input));
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        ShardLayout.moveIntoPlace(tmp, layout.inputsListing());
    }

    /**
     * A resumed run must see exactly the inputs the interrupted one listed, or its shards would be cut from two
     * listings. Compared as the inputs are listed, before anything in OUT is touched.
     */
    private void checkSameInputs(InputScanner scanner) throws IOException {
        Path listing = layout.inputsListing();
        if (!Files.exists(listing)) {
            throw new UsageException(config.out() + " has no inputs.jsonl (made by an older pairforge, or the run was "
                    + "interrupted before it listed its inputs): cannot tell whether the inputs changed; pass --overwrite to start afresh");
        }
        String[] differs = new String[1];
        try (java.io.BufferedReader before = Files.newBufferedReader(listing, java.nio.charset.StandardCharsets.UTF_8)) {
            scanner.scan(config.inputs(), input -> {
                if (differs[0] != null) {
                    return;
                }
                try {
                    String was = before.readLine();
                    String now = listingLine(input);
                    if (was == null) {
                        differs[0] = "input " + input.id() + " is new";
                    } else if (!was.equals(now)) {
                        JsonNode old = Json.MAPPER.readTree(was);
                        differs[0] = old.path("id").asText().equals(input.id())
                                ? "input " + input.id() + " changed (was " + old.path("fingerprint").asText() + ", now "
                                        + input.fingerprint() + ")"
                                : "the inputs differ from " + input.id() + " on (the run listed " + old.path("id").asText()
                                        + " there: an input was added or removed)";
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (differs[0] == null) {
                String more = before.readLine();
                if (more != null) {
                    differs[0] = "input " + Json.MAPPER.readTree(more).path("id").asText() + " is gone";
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (differs[0] != null) {
            throw new UsageException("--resume needs the inputs the run began with, but " + differs[0]
                    + "; pass --overwrite to start afresh");
        }
    }

    private void deleteEarlierRun() throws IOException {
        org.pairforge.core.internal.Trees.delete(layout.shardsDir());
        Files.deleteIfExists(layout.rejectsJsonl());
        Files.deleteIfExists(layout.checkErrorsJsonl());
        ScoreCharts.deleteAll(layout.out());
        Files.deleteIfExists(layout.summary());
        Files.deleteIfExists(layout.runManifest());
        Files.deleteIfExists(layout.inputsListing());
    }

    private void deleteTemporaries() throws IOException {
        if (!Files.isDirectory(layout.shardsDir())) {
            return;
        }
        try (Stream<Path> files = Files.list(layout.shardsDir())) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A finished shard's kept samples still count for de-duplication in the rest of the run. */
    private Map<String, String> keptDedupKeys(int shard) {
        try {
            return ShardReader.dedupKeys(layout.tar(shard));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run's file made of each shard's (a shard without one adds nothing). */
    private static void concatenate(int shards, java.util.function.IntFunction<Path> perShard, Path target) throws IOException {
        ShardLayout.concatenate(java.util.stream.IntStream.range(0, shards).mapToObj(perShard).toList(), target);
    }
}

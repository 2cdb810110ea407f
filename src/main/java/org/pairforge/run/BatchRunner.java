package org.pairforge.run;

import org.pairforge.core.UsageException;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.shard.LocalStore;
import org.pairforge.shard.SampleFormat;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardStats;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a batch on this machine: lists inputs in order, cuts them into shards, makes each shard with the
 * {@link ShardEngine} on a pool of workers (at most two shards per worker in flight, so memory stays bounded),
 * then ends the run ({@link RunEnd}). With {@code resume}, shards whose stats exist are kept and the rest are made
 * again; the result equals an uninterrupted run.
 */
public final class BatchRunner {
    private final Pipeline pipeline;
    private final RunConfig config;
    private final Progress progress;
    private final LocalStore store;

    private final InputKind kind;
    private java.util.function.IntPredicate redo = i -> false;
    private List<String> terminal = List.of();
    private boolean timed = true;

    /** @param pipeline what each input goes through; its owner (the caller) closes it */
    public BatchRunner(Pipeline pipeline, RunConfig config, Progress progress) {
        this.pipeline = pipeline;
        this.kind = pipeline.inputKind();
        this.config = config;
        this.progress = progress;
        this.store = new LocalStore(config.out());
    }

    /**
     * On resume, finished shards for which {@code shards} holds are done again (the self-check's shards with
     * samples in error); the test runs after the resume is validated, so a refused resume changes nothing.
     */
    public BatchRunner redoing(java.util.function.IntPredicate shards) {
        this.redo = shards;
        return this;
    }

    /**
     * A run that records no time nor worker count (fixtures): its stats and summary are the same bytes for the same
     * inputs and settings on any machine.
     */
    public BatchRunner reproducible() {
        this.timed = false;
        return this;
    }

    /** What the run's stages add to the funnel a terminal shows (after {@link #run()}). */
    public List<String> terminalLines() {
        return terminal;
    }

    public Map<String, Object> run() throws IOException, InterruptedException {
        try {
            InputScanner.checkArguments(config.inputs());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        InputScanner scanner = new InputScanner(config.maxInputBytes(), kind, config.out());
        prepareOutput(scanner);
        Set<Integer> finished = new HashSet<>(ShardLayout.finishedShards(store));
        finished.removeIf(redo::test);
        long started = System.nanoTime();

        // Sizing the input walks it all once more: only worth it when a progress bar will show the total.
        progress.start(progress == Progress.NONE ? 0 : scanner.totalBytes(config.inputs()));
        Deduplicator dedup = new OrderedDeduplicator();
        // A worker extracts its shard's inputs itself; with more workers, those without a shard help the others,
        // so a run of fewer shards than workers, and the last shards of every run, keep each worker busy.
        Workers pool = new Workers(config.workers());
        ShardEngine engine = new ShardEngine(pipeline, store, SampleFormat.WEBDATASET, config.workers() > 1 ? pool : null);
        if (!timed) {
            engine.untimed();
        }
        Semaphore inFlight = new Semaphore(config.workers() * 2);
        List<Future<ShardStats>> futures = new ArrayList<>();
        AtomicInteger shardCount = new AtomicInteger();
        AtomicLong processedBytes = new AtomicLong();
        AtomicInteger processedKept = new AtomicInteger();
        int resumed = 0;
        try {
            forEachShard(scanner, inputs -> {
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
                        ShardStats s = engine.process(task, dedup, progress::advance);
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
            });
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
        int resumedShards = resumed;
        Double seconds = timed ? (System.nanoTime() - started) / 1e9 : null;
        Map<String, Object> cut = new LinkedHashMap<>();
        if (timed) {
            cut.put("workers", config.workers());
        }
        cut.put("shard_size", config.shardSize());
        RunEnd.Result end = RunEnd.finish(store, shardCount.get(), pipeline.stages(), timed, all -> RunSummary.of(config.command(),
                all, resumedShards, seconds, processedBytes.get(), processedKept.get(), cut, config.settings()));
        terminal = end.terminal();
        return end.summary();
    }

    /** The inputs cut into shards of {@code --shard-size}, in order. */
    private void forEachShard(InputScanner scanner, java.util.function.Consumer<List<Input>> shard) {
        List<Input> pending = new ArrayList<>(config.shardSize());
        scanner.scan(config.inputs(), input -> {
            pending.add(input);
            if (pending.size() == config.shardSize()) {
                shard.accept(List.copyOf(pending));
                pending.clear();
            }
        });
        if (!pending.isEmpty()) {
            shard.accept(List.copyOf(pending));
        }
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
        RunManifest manifest = new RunManifest(config.command(), inputNames(), Map.of("shard_size", config.shardSize()),
                config.maxInputBytes(), config.settings());
        if (manifest.prepare(store, config.resume(), config.overwrite())) {
            checkSameInputs(scanner);
            store.removeTemporaries();
        } else {
            writeListings(scanner);
        }
        manifest.write(store);
    }

    /**
     * The inputs as named: those made inside OUT (template pages, fixtures) by their place in it, as their ids are,
     * so the run's record does not depend on where OUT is.
     */
    private List<String> inputNames() {
        Path out = config.out().toAbsolutePath().normalize();
        return config.inputs().stream().map(p -> {
            Path abs = p.toAbsolutePath().normalize();
            return abs.startsWith(out) && !abs.equals(out) ? out.relativize(abs).toString() : p.normalize().toString();
        }).toList();
    }

    /** Every shard's listing, before any is made: a resume then compares every input, finished shard or not. */
    private void writeListings(InputScanner scanner) throws IOException {
        int[] index = {0};
        try {
            forEachShard(scanner, inputs -> {
                try {
                    store.writeLines(ShardLayout.inputsName(index[0]++), inputs.stream().map(ShardListing::line).toList());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A resumed run must see exactly the inputs the interrupted one listed, or its shards would be cut from two
     * listings. Compared as the inputs are listed, before anything in OUT is touched.
     */
    private void checkSameInputs(InputScanner scanner) throws IOException {
        String[] differs = new String[1];
        int[] index = {0};
        try {
            forEachShard(scanner, inputs -> {
                if (differs[0] != null) {
                    return;
                }
                try {
                    List<String> before = RunManifest.listing(store, index[0]++);
                    differs[0] = before == null ? "input " + inputs.get(0).id() + " is new"
                            : ShardListing.difference(before, inputs.stream().map(ShardListing::line).toList());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (differs[0] == null) {
            List<String> more = RunManifest.listing(store, index[0]);
            if (more != null && !more.isEmpty()) {
                differs[0] = "input " + ShardListing.id(more.get(0)) + " is gone";
            }
        }
        if (differs[0] != null) {
            throw new UsageException("--resume needs the inputs the run began with, but " + differs[0]
                    + "; pass --overwrite to start afresh");
        }
    }

    /** A finished shard's kept samples still count for de-duplication in the rest of the run. */
    private Map<String, String> keptDedupKeys(int shard) {
        try {
            return SampleFormat.WEBDATASET.dedupKeys(store, SampleFormat.WEBDATASET.file(shard));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

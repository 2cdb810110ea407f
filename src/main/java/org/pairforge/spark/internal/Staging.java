package org.pairforge.spark.internal;

import org.apache.spark.TaskContext;
import org.pairforge.check.CheckOptions;
import org.pairforge.check.CheckTally;
import org.pairforge.check.SelfCheck;
import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.pipeline.Verdict;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;
import org.pairforge.shard.ShardStats;
import org.pairforge.shard.WebDatasetWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A whole run's work inside the tasks, in at most two passes and no shuffle: each partition's task runs the pipeline
 * and writes its samples straight into a file of the output format, and its rejections beside it, returning only
 * what the driver needs to de-duplicate across partitions and to count (a {@link Part}); then, for the partitions
 * that hold a duplicate, or all of them when the run self-checks, a second task rewrites the file without the
 * duplicates (and with the check's verdicts). Every file is written under its task attempt's name and renamed
 * into place, so a retried or speculative attempt leaves one whole file.
 */
public final class Staging {
    private Staging() {
    }

    /** Where a run's partitions write, by partition. WebDataset shards go where the CLI puts them. */
    public record Where(SampleFiles.Format format, String out, Map<String, String> footer) implements Serializable {
        public ShardLayout layout() {
            return new ShardLayout(Path.of(out));
        }

        /** Parquet's staging folder: moved into {@code data/} whole at the end. */
        public Path staging() {
            return Path.of(out).resolve(".staging");
        }

        public Path samples(int p) {
            return format == SampleFiles.Format.WEBDATASET ? layout().tar(p)
                    : staging().resolve("data").resolve(String.format("part-%05d.parquet", p));
        }

        public Path rejects(int p) {
            return format == SampleFiles.Format.WEBDATASET ? layout().rejects(p)
                    : staging().resolve("rejects").resolve(ShardLayout.name(p) + ".rejects.jsonl");
        }

        /** The second pass's rejections (duplicates, the check's), apart so that a retried attempt can rewrite them. */
        public Path laterRejects(int p) {
            return rejects(p).resolveSibling(ShardLayout.name(p) + ".rejects-2.jsonl");
        }

        public Path checkErrors(int p) {
            return format == SampleFiles.Format.WEBDATASET ? layout().checkErrors(p)
                    : staging().resolve("rejects").resolve(ShardLayout.name(p) + ".check_errors.jsonl");
        }

        /** What a finished shard was made of (a rerun takes the shard only for the same inputs and settings). */
        public Path inputs(int p) {
            return layout().shardsDir().resolve(ShardLayout.name(p) + ".inputs.json");
        }
    }

    /**
     * What a partition made in the first pass: its funnel counts, its samples' keys, dedup keys and sources in
     * order, and the fingerprint of its inputs and the run's settings. {@code reused}: an earlier run's finished
     * shard, whose counts (and {@code check} tally) are final. {@code changed}: an earlier run's shard made of other
     * inputs or with other settings.
     */
    public record Part(int partition, long inputs, long unreadable, long candidates, long inputBytes, long kept,
                       TreeMap<String, Long> dropped, String[] keys, String[] dedupKeys, String[] sources,
                       String fingerprint, boolean reused, boolean changed, double seconds,
                       Map<String, Object> check) implements Serializable {
    }

    /** What the second pass left of a partition. */
    public record Finished(int partition, long kept, TreeMap<String, Long> dropped, Map<String, Object> tally)
            implements Serializable {
    }

    /** A second-pass task: the keys to drop and their rejection lines. */
    public record Redo(int partition, Set<String> duplicates, List<String> lines) implements Serializable {
    }

    /**
     * The first pass over one partition. A partition whose shard an earlier run finished ({@code finished}) is not
     * made again: its counts come from the shard's stats, provided its inputs are the same.
     */
    public static Part write(int p, Iterator<Partitions.Placed> placed, PipelineSpec spec, Where where, boolean finished,
                             String settings) throws IOException {
        long started = System.nanoTime();
        MessageDigest digest = sha256();
        digest.update((settings + "\n").getBytes(StandardCharsets.UTF_8));
        long[] bytes = {0};
        Iterator<Partitions.Placed> tapped = new ClosingIterator<Partitions.Placed, Partitions.Placed>(placed, (in, out) -> {
            digest.update((in.input().id() + "\n" + in.input().fingerprint() + "\n").getBytes(StandardCharsets.UTF_8));
            bytes[0] += in.input().size();
            out.accept(in);
        }, () -> {
        });
        if (finished) {
            tapped.forEachRemaining(x -> {
            });
            return reused(p, where, HexFormat.of().formatHex(digest.digest()));
        }
        Path file = where.samples(p);
        Path rejects = where.rejects(p);
        Files.createDirectories(file.getParent());
        Files.createDirectories(rejects.getParent());
        Path tmp = attempt(file);
        Path tmpRejects = attempt(rejects);
        long inputs = 0, unreadable = 0, candidates = 0;
        TreeMap<String, Long> dropped = new TreeMap<>();
        List<String> keys = new ArrayList<>(), dedupKeys = new ArrayList<>(), sources = new ArrayList<>();
        try (SampleFiles.Sink sink = SampleFiles.create(where.format(), tmp, where.footer());
             BufferedWriter lines = Files.newBufferedWriter(tmpRejects)) {
            Iterator<Partitions.Outcome> outcomes = Partitions.run(spec, tapped);
            while (outcomes.hasNext()) {
                Extraction e = outcomes.next().extraction();
                inputs++;
                unreadable += e.readable() ? 0 : 1;
                candidates += e.candidates();
                for (Sample s : e.samples()) {
                    sink.add(s);
                    keys.add(s.key());
                    dedupKeys.add(s.dedupKey());
                    sources.add(s.source().id());
                }
                for (Rejection r : e.rejections()) {
                    lines.write(WebDatasetWriter.rejectionLine(r));
                    lines.write('\n');
                    if (r.key() != null) {
                        dropped.merge(r.reason(), 1L, Long::sum);
                    }
                }
            }
        } catch (Throwable e) { // an Error too: a task that dies leaves no half file behind if it can help it
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(tmpRejects);
            throw e;
        }
        ShardLayout.moveIntoPlace(tmp, file);
        ShardLayout.moveIntoPlace(tmpRejects, rejects);
        String fingerprint = HexFormat.of().formatHex(digest.digest());
        return new Part(p, inputs, unreadable, candidates, bytes[0], keys.size(), dropped, keys.toArray(String[]::new),
                dedupKeys.toArray(String[]::new), sources.toArray(String[]::new), fingerprint, false, false,
                (System.nanoTime() - started) / 1e9, null);
    }

    private static Part reused(int p, Where where, String fingerprint) throws IOException {
        Path inputs = where.inputs(p);
        String earlier = Files.exists(inputs) ? Json.MAPPER.readTree(inputs.toFile()).path("sha256").asText() : "";
        if (!earlier.equals(fingerprint)) {
            return new Part(p, 0, 0, 0, 0, 0, new TreeMap<>(), new String[0], new String[0], new String[0], fingerprint,
                    false, true, 0, null);
        }
        ShardStats s = Json.MAPPER.readValue(where.layout().stats(p).toFile(), ShardStats.class);
        // for de-duplication, only the samples that have a dedup key matter
        Map<String, String> kept = ShardReader.dedupKeys(where.samples(p));
        TreeMap<String, Long> dropped = new TreeMap<>();
        s.dropped().forEach((k, v) -> dropped.put(k, v.longValue()));
        return new Part(p, s.inputsRead(), s.inputsUnreadable(), s.candidates(), s.inputBytes(), s.kept(), dropped,
                kept.values().toArray(String[]::new), kept.keySet().toArray(String[]::new), new String[kept.size()],
                fingerprint, true, false, 0, s.check());
    }

    /**
     * The second pass over one partition: its file again without the duplicates and, when {@code check} is set,
     * with the self-check's verdicts (samples under the minimum score move to the rejections).
     */
    public static Finished finish(Redo redo, Where where, CheckOptions check) throws IOException {
        int p = redo.partition();
        Path file = where.samples(p);
        List<Sample> kept = new ArrayList<>();
        for (Sample s : SampleFiles.read(where.format(), file)) {
            if (!redo.duplicates().contains(s.key())) {
                kept.add(s);
            }
        }
        List<String> lines = new ArrayList<>(redo.lines());
        TreeMap<String, Long> dropped = new TreeMap<>();
        Map<String, Object> tally = null;
        List<String> errors = new ArrayList<>();
        if (check != null) {
            CheckTally t = new CheckTally();
            List<Sample> checked = new ArrayList<>(kept.size());
            List<Rejection> below = new ArrayList<>();
            try (SelfCheck c = SelfCheck.open(check)) {
                int batch = Math.max(1, c.batchSize());
                for (int from = 0; from < kept.size(); from += batch) {
                    List<Sample> b = kept.subList(from, Math.min(kept.size(), from + batch));
                    List<Verdict> verdicts = Checks.apply(c, b);
                    for (int i = 0; i < b.size(); i++) {
                        Verdict v = verdicts.get(i);
                        Sample s = b.get(i);
                        if (v.kept()) {
                            Sample k = v.sample();
                            checked.add(k);
                            if (k.metadata().get(SelfCheck.NAME) instanceof Map<?, ?> m) {
                                Object kind = k.metadata().get("kind");
                                t.add(kind instanceof String ks ? ks : null, m);
                                if ("error".equals(m.get("status"))) {
                                    errors.add(CheckTally.errorLine(k.source().id(), k.key(), kind, m));
                                }
                            }
                        } else {
                            Rejection r = Checks.rejection(s, v);
                            below.add(r);
                            lines.add(WebDatasetWriter.rejectionLine(r));
                            dropped.merge(r.reason(), 1L, Long::sum);
                        }
                    }
                }
            }
            t.addRejections(below);
            tally = t.toMap();
            kept = checked;
        }
        writeLines(where.laterRejects(p), lines);
        if (check != null) {
            writeLines(where.checkErrors(p), errors);
        }
        writeSamples(file, where, kept.iterator());
        return new Finished(p, kept.size(), dropped, tally);
    }

    /** Samples written whole into {@code file}, under this attempt's name first; returns how many. */
    public static long writeSamples(Path file, Where where, Iterator<Sample> samples) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = attempt(file);
        long n = 0;
        try (SampleFiles.Sink sink = SampleFiles.create(where.format(), tmp, where.footer())) {
            while (samples.hasNext()) {
                sink.add(samples.next());
                n++;
            }
        } catch (Throwable e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        ShardLayout.moveIntoPlace(tmp, file);
        return n;
    }

    /** What attempts killed with their JVM (an executor lost) left under {@code dir}: their partitions were redone. */
    public static void removeAttempts(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            for (Path p : left.filter(p -> p.getFileName().toString().contains(".attempt-")).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Lines written whole under a temporary name, then moved into place. */
    public static void writeLines(Path file, List<String> lines) throws IOException {
        Path tmp = attempt(file);
        try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
        ShardLayout.moveIntoPlace(tmp, file);
    }

    /** A name of this task attempt's own beside {@code file}. */
    public static Path attempt(Path file) {
        TaskContext task = TaskContext.get();
        String attempt = task == null ? "driver" : Long.toString(task.taskAttemptId());
        return file.resolveSibling(file.getFileName() + ".attempt-" + attempt);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fingerprint of a finished shard's inputs, as {@link #reused} compares it. */
    public static void writeInputs(Where where, Part part) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", part.inputs());
        m.put("sha256", part.fingerprint());
        try {
            Path f = where.inputs(part.partition());
            Path tmp = attempt(f);
            Json.PRETTY.writeValue(tmp.toFile(), m);
            ShardLayout.moveIntoPlace(tmp, f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.pairforge.spark.internal;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.pairforge.core.SourceData;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.source.FailedInput;
import org.pairforge.source.Input;
import org.pairforge.source.InputScanner;
import org.pairforge.source.JsonLines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * Inputs named by path, as the CLI names them. Each argument's inputs are placed after the previous argument's
 * ({@code index = argument << 52 | position}), so input order is the CLI's.
 */
public final class Scans {
    /** An input's index: the argument's number, then its place in the argument, then a line within a listed file. */
    private static final int ARGUMENT_SHIFT = 52, LINE_BITS = 24, ROW_BITS = 36;
    private static final String ROW_INDEX = "__pairforge_row_index";

    private Scans() {
    }

    /** Every input at its place, not yet read: partitions in input order. */
    public static JavaRDD<Partitions.Placed> placed(JavaSparkContext jsc, List<String> paths, PipelineSpec spec, int partitions) {
        return placed(jsc, paths, spec, partitions, Ahead.NONE);
    }

    /**
     * The local folders among a job's arguments, listed on a thread of their own while Spark starts (a second
     * core is idle then; a large folder's walk is a noticeable part of a short job). {@link #placed} takes them.
     */
    public static final class Ahead {
        private static final Ahead NONE = new Ahead(Map.of());
        private final Map<String, java.util.concurrent.CompletableFuture<List<Slot>>> listings;

        private Ahead(Map<String, java.util.concurrent.CompletableFuture<List<Slot>>> listings) {
            this.listings = listings;
        }

        /** Nothing listed ahead: every argument is listed when placed. */
        public static Ahead none() {
            return NONE;
        }

        /** Starts listing every argument that is a local folder; the others are listed when placed. */
        public static Ahead start(List<String> paths, PipelineSpec spec) {
            Map<String, java.util.concurrent.CompletableFuture<List<Slot>>> m = new java.util.HashMap<>();
            for (String arg : paths) {
                if (!isJsonLines(arg) && !HadoopInputs.isRemote(arg) && java.nio.file.Files.isDirectory(Path.of(arg))) {
                    java.util.concurrent.CompletableFuture<List<Slot>> f = new java.util.concurrent.CompletableFuture<>();
                    Thread t = new Thread(() -> {
                        try {
                            f.complete(list(arg, spec));
                        } catch (Throwable e) {
                            f.completeExceptionally(e);
                        }
                    }, "pairforge-list-ahead");
                    t.setDaemon(true);
                    t.start();
                    m.put(arg, f);
                }
            }
            return new Ahead(m);
        }

        List<Slot> listing(String arg, PipelineSpec spec) {
            java.util.concurrent.CompletableFuture<List<Slot>> f = listings.get(arg);
            if (f == null) {
                return list(arg, spec);
            }
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while listing " + arg, e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("cannot list " + arg + ": " + e.getCause(), e.getCause());
            }
        }
    }

    /** {@link #placed(JavaSparkContext, List, PipelineSpec, int)}, with local folders listed {@code ahead}. */
    public static JavaRDD<Partitions.Placed> placed(JavaSparkContext jsc, List<String> paths, PipelineSpec spec, int partitions,
                                                    Ahead ahead) {
        HadoopStore fs = HadoopStore.of(".", jsc.hadoopConfiguration());
        List<JavaRDD<Partitions.Placed>> parts = new ArrayList<>();
        for (int a = 0; a < paths.size(); a++) {
            String arg = paths.get(a);
            long base = (long) a << ARGUMENT_SHIFT;
            if (isJsonLines(arg)) {
                if (HadoopInputs.isRemote(arg)) {
                    try {
                        HadoopInputs.list(fs, arg, spec.builder().inputKind()); // one that does not exist is misuse
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("cannot read " + arg + ": " + e.getMessage(), e);
                    }
                }
                parts.add(jsonLines(jsc, arg, base, spec, partitions));
            } else if (!parquetFiles(fs, arg).isEmpty()) {
                parts.add(parquet(jsc, fs, arg, base, spec));
            } else if (HadoopInputs.isRemote(arg)) {
                parts.add(remote(jsc, fs, arg, base, spec, partitions));
            } else {
                parts.add(listed(jsc, ahead.listing(arg, spec), base, spec, partitions));
            }
        }
        JavaRDD<Partitions.Placed> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.union(parts.get(i));
        }
        return all;
    }

    /** Whether an argument names a file system other than the local one ({@code hdfs://}, {@code s3a://}). */
    public static boolean isRemote(String arg) {
        return HadoopInputs.isRemote(arg);
    }

    static boolean isJsonLines(String arg) {
        String n = arg.toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz");
    }

    /** Spark reads the file's lines (splitting it where it can); each line is named {@code ARG#N} as the CLI names it. */
    private static JavaRDD<Partitions.Placed> jsonLines(JavaSparkContext jsc, String arg, long base, PipelineSpec spec, int partitions) {
        return jsc.textFile(arg, partitions).zipWithIndex().mapPartitions(it -> {
            var kind = spec.builder();
            JsonLines reader = new JsonLines(kind.inputKind(), kind.maxInputBytes());
            long limit = kind.maxInputBytes();
            return new ClosingIterator<scala.Tuple2<String, Long>, Partitions.Placed>(it, (t, out) -> {
                String line = t._1();
                if (line.isBlank()) {
                    return;
                }
                String id = arg + "#" + (t._2() + 1);
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                out.accept(new Partitions.Placed(base + t._2(), bytes.length > limit ? FailedInput.tooLong(id, limit) : reader.line(id, bytes)));
            }, () -> {
            });
        });
    }

    /**
     * The Parquet files an argument names: itself when it is one (a name ending in {@code .parquet}, as Spark
     * names its output folders too), else the {@code *.parquet} files directly in it, sorted by name.
     */
    static List<String> parquetFiles(HadoopStore fs, String arg) {
        if (HadoopInputs.isRemote(arg)) {
            try {
                org.apache.hadoop.fs.FileSystem remote = fs.fileSystem(arg);
                org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(arg);
                if (!remote.exists(p)) {
                    return List.of();
                }
                if (remote.getFileStatus(p).isFile()) {
                    return arg.toLowerCase(Locale.ROOT).endsWith(".parquet") ? List.of(arg) : List.of();
                }
                List<String> files = new ArrayList<>();
                for (org.apache.hadoop.fs.FileStatus s : remote.listStatus(p)) {
                    if (s.isFile() && s.getPath().getName().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                        files.add(s.getPath().toString());
                    }
                }
                files.sort(null);
                return files;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot list " + arg + ": " + e.getMessage(), e);
            }
        }
        Path p = Path.of(arg);
        if (p.getFileName() != null && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            if (!java.nio.file.Files.isDirectory(p)) {
                return List.of(arg);
            }
        } else if (!java.nio.file.Files.isDirectory(p)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(p)) {
            return s.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")
                    && java.nio.file.Files.isRegularFile(f)).map(Path::toString).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + arg + ": " + e.getMessage(), e);
        }
    }

    /**
     * Each Parquet file's rows as inputs (see {@link RowInputs}), files in name order and each file's rows in its
     * order, whatever Spark's scan does with them: a row without an {@code id} is named {@code FILE#N} (N from 1),
     * as a JSON Lines row is. One read per file keeps that order, since Spark packs the splits of several files
     * into partitions by size.
     */
    private static JavaRDD<Partitions.Placed> parquet(JavaSparkContext jsc, HadoopStore fs, String arg, long base, PipelineSpec spec) {
        SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        List<String> files = parquetFiles(fs, arg);
        if (files.size() >= 1 << (ARGUMENT_SHIFT - ROW_BITS)) {
            throw new IllegalArgumentException(arg + " holds " + files.size() + " Parquet files, more than "
                    + (1 << (ARGUMENT_SHIFT - ROW_BITS)) + " in one argument: name them in several");
        }
        List<JavaRDD<Partitions.Placed>> all = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            String file = files.get(f);
            long fileBase = base + ((long) f << ROW_BITS);
            Dataset<Row> rows = spark.read().parquet(file);
            StructType schema = rows.schema();
            Dataset<Row> numbered = rows.select(col("*"), col("_metadata.row_index").as(ROW_INDEX));
            all.add(numbered.javaRDD().mapPartitions(it -> {
                var kind = spec.builder();
                RowInputs inputs = new RowInputs(kind.inputKind(), kind.maxInputBytes());
                return new ClosingIterator<Row, Partitions.Placed>(it, (r, out) -> {
                    long n = r.getLong(r.length() - 1);
                    Object[] values = new Object[r.length() - 1];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = r.get(i);
                    }
                    out.accept(new Partitions.Placed(fileBase + n, inputs.of(new GenericRowWithSchema(values, schema), file + "#" + (n + 1))));
                }, () -> {
                });
            }));
        }
        return all.isEmpty() ? jsc.emptyRDD() : all.size() == 1 ? all.get(0) : jsc.union(all.toArray(JavaRDD[]::new));
    }

    private static List<Slot> list(String arg, PipelineSpec spec) {
        var kind = spec.builder();
        List<Slot> slots = new ArrayList<>();
        new InputScanner(kind.maxInputBytes(), kind.inputKind()).list(Path.of(arg), l -> slots.add(new Slot(slots.size(), l)));
        return slots;
    }

    /** A listed entry at its place in the argument. */
    record Slot(long position, InputScanner.Listed listed) implements java.io.Serializable {
    }

    /**
     * The argument listed once, here on the driver (nothing is read), the list cut into {@code partitions} ranges
     * in order; each executor opens its own entries, so paths must be visible there as here (a shared file
     * system). A JSON Lines file found in a folder is read by the executor that opens it, each line an input.
     */
    private static JavaRDD<Partitions.Placed> listed(JavaSparkContext jsc, List<Slot> slots, long base, PipelineSpec spec, int partitions) {
        return jsc.parallelize(slots, partitions).mapPartitions(it -> {
            var k = spec.builder();
            InputScanner scanner = new InputScanner(k.maxInputBytes(), k.inputKind());
            return new ClosingIterator<Slot, Partitions.Placed>(it, (slot, out) -> {
                int[] line = {0};
                scanner.open(slot.listed(), input -> out.accept(new Partitions.Placed(
                        base + (slot.position() << LINE_BITS) + Math.min(line[0]++, (1 << LINE_BITS) - 1), input)));
            }, () -> {
            });
        });
    }

    /**
     * An argument on a file system other than the local one ({@code hdfs://}, {@code s3a://}): listed once on the
     * driver, the list cut into {@code partitions} ranges; a file found is read by the executor that makes it, a JSON
     * Lines file's rows each an input named {@code FILE#N}.
     */
    private static JavaRDD<Partitions.Placed> remote(JavaSparkContext jsc, HadoopStore fs, String arg, long base,
                                                     PipelineSpec spec, int partitions) {
        List<HadoopInputs.Found> found;
        try {
            found = HadoopInputs.list(fs, arg, spec.builder().inputKind());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + arg + ": " + e.getMessage(), e);
        }
        List<scala.Tuple2<Long, HadoopInputs.Found>> slots = new ArrayList<>();
        for (HadoopInputs.Found f : found) {
            slots.add(new scala.Tuple2<>((long) slots.size(), f));
        }
        return jsc.parallelize(slots, partitions).mapPartitions(it -> {
            var kind = spec.builder();
            JsonLines reader = new JsonLines(kind.inputKind(), kind.maxInputBytes());
            long limit = kind.maxInputBytes();
            return new ClosingIterator<scala.Tuple2<Long, HadoopInputs.Found>, Partitions.Placed>(it, (slot, out) -> {
                HadoopInputs.Found f = slot._2();
                long at = base + (slot._1() << LINE_BITS);
                if (!HadoopInputs.isJsonLines(f.uri())) {
                    out.accept(new Partitions.Placed(at, HadoopInputs.file(fs, f)));
                    return;
                }
                InputScanner.readJsonLines(f.uri(), () -> {
                    java.io.InputStream raw = fs.fileSystem(f.uri()).open(new org.apache.hadoop.fs.Path(f.uri()));
                    return f.uri().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw;
                }, limit, reader, (n, input) -> out.accept(new Partitions.Placed(at + Math.min(n, (1L << LINE_BITS) - 1), input)));
            }, () -> {
            });
        });
    }
}

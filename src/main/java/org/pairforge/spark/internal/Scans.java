package org.pairforge.spark.internal;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.pairforge.core.SourceData;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.source.Input;
import org.pairforge.source.InputScanner;
import org.pairforge.source.JsonLines;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Inputs named by path, as the CLI names them. Each argument's inputs are placed after the previous argument's
 * ({@code index = argument << 40 | position}), so input order is the CLI's.
 */
public final class Scans {
    private static final int ARGUMENT_SHIFT = 40;

    private Scans() {
    }

    public static JavaRDD<Row> events(JavaSparkContext jsc, List<String> paths, PipelineSpec spec, int partitions) {
        List<JavaRDD<Row>> parts = new ArrayList<>();
        for (int a = 0; a < paths.size(); a++) {
            String arg = paths.get(a);
            long base = (long) a << ARGUMENT_SHIFT;
            if (isJsonLines(arg)) {
                parts.add(jsonLines(jsc, arg, base, spec));
            } else {
                parts.add(listed(jsc, arg, base, spec, partitions));
            }
        }
        JavaRDD<Row> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.union(parts.get(i));
        }
        return all;
    }

    static boolean isJsonLines(String arg) {
        String n = arg.toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".jsonl.gz");
    }

    /** Spark reads the file's lines (splitting it where it can); each line is named {@code ARG#N} as the CLI names it. */
    private static JavaRDD<Row> jsonLines(JavaSparkContext jsc, String arg, long base, PipelineSpec spec) {
        return jsc.textFile(arg).zipWithIndex().mapPartitions(it -> {
            var kind = spec.builder();
            JsonLines reader = new JsonLines(kind.inputKind(), kind.maxInputBytes());
            return Partitions.run(spec, it, (t, pipeline) -> {
                String line = t._1();
                if (line.isBlank()) {
                    return null;
                }
                long n = t._2() + 1;
                String id = arg + "#" + n;
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > pipeline.maxInputBytes()) {
                    return new Partitions.Placed(base + t._2(), tooLong(id, pipeline.maxInputBytes()));
                }
                return new Partitions.Placed(base + t._2(), reader.line(id, bytes));
            });
        });
    }

    /** The argument listed on each executor, which takes its share of the list: partition p of n its p-th range. */
    private static JavaRDD<Row> listed(JavaSparkContext jsc, String arg, long base, PipelineSpec spec, int partitions) {
        List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
        return jsc.parallelize(ids, partitions).mapPartitions(it -> {
            int part = it.next();
            var kind = spec.builder();
            List<Input> inputs = new ArrayList<>();
            new InputScanner(kind.maxInputBytes(), kind.inputKind()).scan(List.of(Path.of(arg)), inputs::add);
            int from = (int) ((long) inputs.size() * part / partitions);
            int to = (int) ((long) inputs.size() * (part + 1) / partitions);
            List<Partitions.Placed> mine = new ArrayList<>();
            for (int i = from; i < to; i++) {
                mine.add(new Partitions.Placed(base + i, inputs.get(i)));
            }
            return Partitions.run(spec, mine.iterator(), (placed, pipeline) -> placed);
        });
    }

    private static Input tooLong(String id, long limit) {
        return new Input() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public long size() {
                return 0;
            }

            @Override
            public SourceData load(long maxBytes) throws UnreadableInputException {
                throw new UnreadableInputException("too_large", "line is longer than " + limit + " bytes (--max-input-mb)");
            }

            @Override
            public String fingerprint() {
                return id;
            }
        };
    }
}

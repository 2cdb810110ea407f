package org.pairforge.shard;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows a run's file layout, whatever holds it (a local folder, HDFS, S3):
 *
 * <pre>
 * OUT/run.json                       what the run was asked (a resume must ask the same)
 * OUT/shards/NNNNNN.tar              a shard's samples (WebDataset), or OUT/data/NNNNNN.parquet (Parquet)
 * OUT/shards/NNNNNN.rejects.jsonl    its rejections
 * OUT/shards/NNNNNN.inputs.jsonl     its inputs, each with its fingerprint (what a resume compares)
 * OUT/shards/NNNNNN.FILE             a stage's lines for the shard (the self-check's check_errors.jsonl)
 * OUT/shards/NNNNNN.stats.json       its funnel, written last: a shard with stats is finished
 * OUT/rejects.jsonl, OUT/FILE        the shards' files joined in order
 * OUT/summary.json                   the run's funnel, written at the end
 * </pre>
 *
 * Names are relative to OUT, for a {@link RunStore}; a run in a local folder also has them as paths.
 */
public final class ShardLayout {
    public static final String SHARDS = "shards";
    /** Where a Parquet run's files go ({@code data/*.parquet}, as Hugging Face datasets looks for them). */
    public static final String DATA = "data";
    public static final String RUN = "run.json";
    public static final String REJECTS = "rejects.jsonl";
    public static final String SUMMARY = "summary.json";
    private static final Pattern STATS = Pattern.compile("(\\d{6})\\.stats\\.json");

    private final Path out;

    /** The layout of a run in the local folder {@code out}. */
    public ShardLayout(Path out) {
        this.out = out;
    }

    public static String name(int shard) {
        return String.format("%06d", shard);
    }

    /** A file of one shard in {@code shards/}: {@code NNNNNN.SUFFIX}. */
    public static String shardFile(int shard, String suffix) {
        return SHARDS + "/" + name(shard) + "." + suffix;
    }

    public static String tarName(int shard) {
        return shardFile(shard, "tar");
    }

    public static String rejectsName(int shard) {
        return shardFile(shard, "rejects.jsonl");
    }

    public static String inputsName(int shard) {
        return shardFile(shard, "inputs.jsonl");
    }

    public static String statsName(int shard) {
        return shardFile(shard, "stats.json");
    }

    /** Shards whose stats file exists, i.e. finished ones, in order. */
    public static List<Integer> finishedShards(RunStore store) throws IOException {
        List<Integer> done = new ArrayList<>();
        for (String name : store.list(SHARDS)) {
            Matcher m = STATS.matcher(name.substring(name.lastIndexOf('/') + 1));
            if (m.matches()) {
                done.add(Integer.parseInt(m.group(1)));
            }
        }
        done.sort(null);
        return done;
    }

    // ---- a run in a local folder

    public Path out() {
        return out;
    }

    public Path shardsDir() {
        return out.resolve(SHARDS);
    }

    public Path tar(int shard) {
        return out.resolve(tarName(shard));
    }

    public Path rejects(int shard) {
        return out.resolve(rejectsName(shard));
    }

    public Path inputs(int shard) {
        return out.resolve(inputsName(shard));
    }

    public Path stats(int shard) {
        return out.resolve(statsName(shard));
    }

    /** A shard's file of a stage's lines ({@code check_errors.jsonl}). */
    public Path file(int shard, String suffix) {
        return out.resolve(shardFile(shard, suffix));
    }

    public Path rejectsJsonl() {
        return out.resolve(REJECTS);
    }

    public Path summary() {
        return out.resolve(SUMMARY);
    }

    public List<Integer> finishedShards() throws IOException {
        return finishedShards(new LocalStore(out));
    }
}

package org.pairforge.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI and a Spark job run one shard engine: the same inputs, cut into the same shards (twelve notebooks, shards
 * of four; three partitions of four), self-checked, give the same files, shard by shard, byte for byte; the same
 * stats and summary, field by field, times and the way the run was driven aside.
 */
class SharedEngineIT {
    @TempDir
    Path dir;

    @Test
    void theCliAndSparkMakeTheSameShardsRejectsStatsAndSummary() throws Exception {
        Path in = Files.createDirectories(dir.resolve("notebooks"));
        try (Stream<Path> files = Files.list(TestData.corpus("notebooks"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("04.")).sorted().limit(12).toList()) {
                Files.copy(f, in.resolve(f.getFileName()));
            }
        }
        Path cli = TestData.runCli(dir, "cli", "notebooks", in.toString(), "--shard-size", "4", "--check", "--checker", "tesseract");
        Path spark = dir.resolve("spark");
        StringBuilder err = new StringBuilder();
        assertEquals(0, SparkJobIT.spark(err, "notebooks", in.toString(), "-o", spark.toString(), "--format", "webdataset",
                "--master", "local[2]", "--partitions", "3", "--check", "--checker", "tesseract"), err.toString());

        ShardLayout a = new ShardLayout(cli), b = new ShardLayout(spark);
        assertEquals(List.of(0, 1, 2), a.finishedShards());
        assertEquals(a.finishedShards(), b.finishedShards());
        for (int shard : a.finishedShards()) {
            assertArrayEquals(Files.readAllBytes(a.tar(shard)), Files.readAllBytes(b.tar(shard)), "tar " + shard);
            assertArrayEquals(Files.readAllBytes(a.rejects(shard)), Files.readAllBytes(b.rejects(shard)), "rejects " + shard);
            assertArrayEquals(Files.readAllBytes(a.inputs(shard)), Files.readAllBytes(b.inputs(shard)), "listing " + shard);
            assertArrayEquals(Files.readAllBytes(a.file(shard, "check_errors.jsonl")),
                    Files.readAllBytes(b.file(shard, "check_errors.jsonl")), "check errors " + shard);
            assertEquals(withoutTimes(a.stats(shard)), withoutTimes(b.stats(shard)), "stats " + shard);
            assertTrue(Json.MAPPER.readTree(a.stats(shard).toFile()).at("/stages/check").size() > 0,
                    "the self-check's account is in the stats: " + a.stats(shard));
        }
        assertArrayEquals(Files.readAllBytes(cli.resolve("rejects.jsonl")), Files.readAllBytes(spark.resolve("rejects.jsonl")));
        assertArrayEquals(Files.readAllBytes(cli.resolve("check_errors.jsonl")), Files.readAllBytes(spark.resolve("check_errors.jsonl")));
        JsonNode cliSummary = summary(cli), sparkSummary = summary(spark);
        assertEquals(cliSummary, sparkSummary, "the summary's funnel, check tally and files");
        assertTrue(cliSummary.at("/check/by_kind").size() > 0, cliSummary.toString());
    }

    private static JsonNode withoutTimes(Path stats) throws Exception {
        ObjectNode n = (ObjectNode) Json.MAPPER.readTree(stats.toFile());
        n.remove(List.of("seconds", "engine_seconds"));
        return n;
    }

    /** A summary without what only says how the run went: times, the command's name, the way it was driven. */
    private static JsonNode summary(Path out) throws Exception {
        ObjectNode n = (ObjectNode) Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        n.remove(List.of("seconds", "throughput", "engine_seconds", "settings", "command", "master", "format", "partitions",
                "spark_start_seconds"));
        ((ObjectNode) n.get("check")).remove("this_run");
        return n;
    }
}

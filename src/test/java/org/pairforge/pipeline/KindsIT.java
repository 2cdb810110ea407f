package org.pairforge.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Json;
import org.pairforge.run.BatchRunner;
import org.pairforge.run.Progress;
import org.pairforge.run.RunConfig;
import org.pairforge.shard.ShardLayout;
import org.pairforge.spark.SparkJob;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kind added from outside the core ({@link ToyKind}, registered in the tests' service file) runs through the CLI's
 * runner and through a Spark job, the same shards from both, and no core file names it.
 */
class KindsIT {
    @TempDir
    Path dir;

    @Test
    void aKindRegisteredOutsideTheCoreRunsThroughTheRunnerAndSpark() throws Exception {
        assertEquals(java.util.Set.of("notebooks", "documents", "latex", "web", "toy"),
                Kinds.all().stream().map(Kind::name).collect(java.util.stream.Collectors.toSet()), "pairforge's own kinds, and the registered one");
        @SuppressWarnings("unchecked")
        Kind<ToyKind.Options> toy = (Kind<ToyKind.Options>) Kinds.named("toy");
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.toy"), "one\ntwo lines\n!dropped\n");
        Files.writeString(in.resolve("b.toy"), "three\n\nfour\n");
        Files.writeString(in.resolve("c.toy"), "one\nfive five\n"); // "one" again: a duplicate of a.toy's
        Files.writeString(in.resolve("d.toy"), "six\n");
        ToyKind.Options options = new ToyKind.Options(10);

        Path cli = dir.resolve("cli");
        RunConfig config = new RunConfig(toy.name(), List.of(in), cli, 2, toy.shardSize(), false, false, 1 << 20,
                toy.settings(options));
        Map<String, Object> summary;
        try (Pipeline p = toy.pipeline(options).build()) {
            summary = new BatchRunner(p, config, Progress.NONE).run();
        }
        assertEquals(4, ((Number) summary.get("inputs_read")).intValue());
        assertEquals(6, ((Number) summary.get("kept")).intValue(), summary.toString());
        assertEquals(Map.of("toy_bang", 1L, "duplicate", 1L), summary.get("dropped"));
        assertEquals(10, Json.MAPPER.readTree(cli.resolve("run.json").toFile()).at("/settings/height").asInt(),
                "the kind's settings are the run's");

        Path spark = dir.resolve("spark");
        new SparkJob(toy.name(), toy.spec(options), List.of(in.toString()), spark.toString(), "local[2]", "webdataset", 2,
                null, toy.settings(options), false, false, Map.of()).run();
        ShardLayout a = new ShardLayout(cli), b = new ShardLayout(spark);
        assertEquals(List.of(0, 1), a.finishedShards());
        assertEquals(a.finishedShards(), b.finishedShards());
        for (int shard : a.finishedShards()) {
            assertArrayEquals(Files.readAllBytes(a.tar(shard)), Files.readAllBytes(b.tar(shard)), "tar " + shard);
            assertArrayEquals(Files.readAllBytes(a.rejects(shard)), Files.readAllBytes(b.rejects(shard)), "rejects " + shard);
        }
        assertTrue(TestData.samples(spark).stream().allMatch(s -> s.members().containsKey("png")));
    }
}

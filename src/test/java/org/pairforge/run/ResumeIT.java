package org.pairforge.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run killed with SIGKILL part-way, then resumed, gives the same shards, rejects and funnel as one
 * uninterrupted run (with another worker count, which must not matter either).
 */
class ResumeIT {
    @TempDir
    Path tmp;

    @Test
    void killedThenResumedEqualsUninterrupted() throws Exception {
        // Five copies of the corpus (195 notebooks): enough shards to be caught mid-way, and duplicates
        // across shards, so resume must also restore de-duplication state.
        Path input = tmp.resolve("in");
        for (int copy = 0; copy < 5; copy++) {
            Path dir = Files.createDirectories(input.resolve("copy" + copy));
            try (var files = Files.list(TestData.corpus("notebooks"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
        }
        Path whole = tmp.resolve("whole");
        assertEquals(0, Main.execute("notebooks", input.toString(), "-o", whole.toString(), "--workers", "2",
                "--shard-size", "4", "--no-progress"));

        Path resumed = tmp.resolve("resumed");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true", Main.class.getName(),
                "notebooks", input.toString(), "-o", resumed.toString(), "--workers", "1", "--shard-size", "4", "--no-progress")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        ShardLayout layout = new ShardLayout(resumed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (layout.finishedShards().size() < 5 && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(5);
        }
        child.destroyForcibly().waitFor();
        int finishedAtKill = layout.finishedShards().size();
        assertFalse(Files.exists(layout.summary()), "the run must have been killed before it finished");
        assertTrue(finishedAtKill >= 5 && finishedAtKill < 49, "killed mid-way, after " + finishedAtKill + " shards");

        assertEquals(2, Main.execute("notebooks", input.toString(), "-o", resumed.toString(), "--shard-size", "4",
                "--no-progress"), "an existing run is not silently overwritten");
        assertEquals(2, Main.execute("notebooks", input.toString(), "-o", resumed.toString(), "--shard-size", "5",
                "--resume", "--no-progress"), "resume refuses different settings");
        assertEquals(0, Main.execute("notebooks", input.toString(), "-o", resumed.toString(), "--workers", "2",
                "--shard-size", "4", "--resume", "--no-progress"));

        ShardLayout wholeLayout = new ShardLayout(whole);
        List<Integer> shards = wholeLayout.finishedShards();
        assertEquals(49, shards.size());
        assertEquals(shards, layout.finishedShards());
        for (int i : shards) {
            assertArrayEquals(Files.readAllBytes(wholeLayout.tar(i)), Files.readAllBytes(layout.tar(i)), "tar " + i);
            assertArrayEquals(Files.readAllBytes(wholeLayout.rejects(i)), Files.readAllBytes(layout.rejects(i)), "rejects " + i);
        }
        assertArrayEquals(Files.readAllBytes(wholeLayout.rejectsJsonl()), Files.readAllBytes(layout.rejectsJsonl()));
        var a = org.pairforge.shard.Json.MAPPER.readTree(wholeLayout.summary().toFile());
        var b = org.pairforge.shard.Json.MAPPER.readTree(layout.summary().toFile());
        for (String field : List.of("inputs_read", "inputs_unreadable", "candidates", "kept", "dropped", "shards")) {
            assertEquals(a.get(field), b.get(field), field);
        }
        assertEquals(139 * 5, a.get("candidates").asInt());
        assertEquals(139 * 5, a.get("kept").asInt() + sum(a.get("dropped")));
        assertEquals(a.get("kept").asInt() * 4, a.get("dropped").get("duplicate").asInt(),
                "each of the four later copies duplicates every pair of the first");
        assertTrue(b.get("resumed_shards").asInt() >= 5);
        List<String> leftovers = new ArrayList<>();
        try (var files = Files.list(layout.shardsDir())) {
            files.filter(p -> p.toString().endsWith(".tmp")).forEach(p -> leftovers.add(p.toString()));
        }
        assertEquals(List.of(), leftovers);
    }

    private static int sum(com.fasterxml.jackson.databind.JsonNode map) {
        int total = 0;
        for (var v : map) {
            total += v.asInt();
        }
        return total;
    }
}

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
        var a = org.pairforge.core.Json.MAPPER.readTree(wholeLayout.summary().toFile());
        var b = org.pairforge.core.Json.MAPPER.readTree(layout.summary().toFile());
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

    @Test
    void resumeRefusesAnInputFolderThatChangedAndLeavesTheRunAsItWas() throws Exception {
        Path input = Files.createDirectories(tmp.resolve("in"));
        try (var files = Files.list(TestData.corpus("notebooks"))) {
            for (Path f : files.sorted().limit(12).toList()) {
                Files.copy(f, input.resolve(f.getFileName()));
            }
        }
        Path out = tmp.resolve("out");
        assertEquals(0, Main.execute("notebooks", input.toString(), "-o", out.toString(), "--shard-size", "4", "--no-progress"));
        ShardLayout layout = new ShardLayout(out);
        // An interrupted run: its last shard never finished.
        Files.delete(layout.stats(2));
        Files.delete(layout.summary());
        java.util.Map<Path, byte[]> before = snapshot(out);

        Path added = input.resolve("zz-added.ipynb");
        Files.copy(input.resolve(Files.list(input).sorted().findFirst().orElseThrow().getFileName()), added);
        assertRefused(input, out, before, "zz-added.ipynb");
        Files.delete(added);

        Path removed = Files.list(input).sorted().toList().get(5);
        byte[] removedBytes = Files.readAllBytes(removed);
        java.nio.file.attribute.FileTime removedTime = Files.getLastModifiedTime(removed);
        Files.delete(removed);
        assertRefused(input, out, before, removed.getFileName().toString());
        Files.write(removed, removedBytes);
        Files.setLastModifiedTime(removed, removedTime);

        Path changed = Files.list(input).sorted().toList().get(7);
        byte[] changedBytes = Files.readAllBytes(changed);
        java.nio.file.attribute.FileTime changedTime = Files.getLastModifiedTime(changed);
        Files.writeString(changed, Files.readString(changed) + " ");
        assertRefused(input, out, before, changed.getFileName().toString());

        // Everything put back as it was: the resume goes through and finishes what the first run began.
        Files.write(changed, changedBytes);
        Files.setLastModifiedTime(changed, changedTime);
        assertEquals(0, Main.execute("notebooks", input.toString(), "-o", out.toString(), "--shard-size", "4", "--resume", "--no-progress"));
        Path whole = tmp.resolve("whole");
        assertEquals(0, Main.execute("notebooks", input.toString(), "-o", whole.toString(), "--shard-size", "4", "--no-progress"));
        ShardLayout wholeLayout = new ShardLayout(whole);
        assertEquals(wholeLayout.finishedShards(), layout.finishedShards());
        for (int i : wholeLayout.finishedShards()) {
            assertArrayEquals(Files.readAllBytes(wholeLayout.tar(i)), Files.readAllBytes(layout.tar(i)), "tar " + i);
        }
    }

    private static void assertRefused(Path input, Path out, java.util.Map<Path, byte[]> before, String named) throws Exception {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.err;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.execute("notebooks", input.toString(), "-o", out.toString(), "--shard-size", "4", "--resume", "--no-progress");
        } finally {
            System.setErr(old);
        }
        String message = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(message.contains(named) && message.contains("--overwrite"), "names the input and the flag: " + message);
        java.util.Map<Path, byte[]> after = snapshot(out);
        assertEquals(before.keySet(), after.keySet(), "no file of OUT added or removed");
        for (Path p : before.keySet()) {
            assertArrayEquals(before.get(p), after.get(p), p + " unchanged");
        }
    }

    private static java.util.Map<Path, byte[]> snapshot(Path dir) throws Exception {
        java.util.Map<Path, byte[]> files = new java.util.TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static int sum(com.fasterxml.jackson.databind.JsonNode map) {
        int total = 0;
        for (var v : map) {
            total += v.asInt();
        }
        return total;
    }
}

package org.pairforge.run;

import org.pairforge.pipeline.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.core.Extraction;
import org.pairforge.TestData;
import org.pairforge.core.Extractor;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.notebook.NotebookPairs;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardReader;
import org.pairforge.source.InputKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchRunnerTest {
    @TempDir
    Path tmp;

    @Test
    void anInputThatTripsAFaultIsOneRejectionAndTheRunGoesOn() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (String name : List.of("a", "bug", "c", "deep", "e")) {
            Files.writeString(in.resolve(name + ".ipynb"), "{}");
        }
        // A fault pairforge did not foresee: an unchecked exception, or a stack overflow in a recursive walk.
        Extractor faulty = input -> {
            if (input.ref().id().endsWith("bug.ipynb")) {
                throw new IllegalStateException("unforeseen");
            }
            if (input.ref().id().endsWith("deep.ipynb")) {
                throw new StackOverflowError();
            }
            return new Extraction(true, 0, List.of(), List.of());
        };
        Path out = tmp.resolve("out");
        RunConfig config = new RunConfig("notebooks", List.of(in), out, 2, 2, false, false, 1 << 20, Map.of());
        Map<String, Object> summary = new BatchRunner(Pipeline.of("notebooks", faulty, InputKind.NOTEBOOKS, config.maxInputBytes()).build(), config, Progress.NONE).run();
        assertEquals(5, ((Number) summary.get("inputs_read")).intValue());
        assertEquals(2, ((Number) summary.get("inputs_unreadable")).intValue());
        List<String> rejects = Files.readAllLines(out.resolve("rejects.jsonl"));
        assertEquals(2, rejects.size(), String.join("\n", rejects));
        assertTrue(rejects.stream().allMatch(r -> r.contains("\"extractor_fault\"")), String.join("\n", rejects));
        assertTrue(rejects.stream().anyMatch(r -> r.contains("IllegalStateException: unforeseen")), String.join("\n", rejects));
    }

    @Test
    void workersShareTheInputsOfOneShardAndItsSamplesKeepTheirOrder() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path notebook = TestData.fixtures("notebooks/real/04.03-Errorbars.ipynb");
        String json = Files.readString(notebook);
        for (int i = 0; i < 12; i++) { // a comment line in each cell: the same pairs, but no copy a duplicate
            Files.writeString(in.resolve(String.format("n%02d.ipynb", i)),
                    json.replace("\"source\": [\n", "\"source\": [\n    \"# copy " + i + "\\n\",\n"));
        }
        NotebookPairs pairs = new NotebookPairs(NotebookOptions.builder().build());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Extractor slow = input -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(input.ref().id().endsWith("n00.ipynb") ? 400 : 40); // the first finishes last
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return pairs.extract(input);
        };
        // One shard for all twelve inputs: before, one worker did the whole shard while the other idled.
        Path out = tmp.resolve("out");
        RunConfig config = new RunConfig("notebooks", List.of(in), out, 2, 100, false, false, 64 << 20, Map.of());
        Map<String, Object> summary = new BatchRunner(Pipeline.of("notebooks", slow, InputKind.NOTEBOOKS, config.maxInputBytes()).build(), config, Progress.NONE).run();
        assertEquals(2, most.get(), "two inputs of the one shard were extracted at once");
        assertEquals(1, ((Number) summary.get("shards")).intValue());
        List<String> sources = new ArrayList<>();
        for (ShardReader.TarSample s : TestData.samples(out)) {
            String source = Json.MAPPER.readTree(s.members().get("json")).get("source").asText();
            if (sources.isEmpty() || !sources.get(sources.size() - 1).equals(source)) {
                sources.add(source);
            }
        }
        assertEquals(12, sources.size());
        assertEquals(sources.stream().sorted().toList(), sources, "samples are in input order");
    }

    @Test
    void whileEveryWorkerHasAShardEachShardsInputsAreExtractedOnItsOwnThread() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 20; i++) {
            Files.writeString(in.resolve(String.format("n%02d.ipynb", i)), "{}");
        }
        Map<String, String> threadOf = new java.util.concurrent.ConcurrentHashMap<>();
        Extractor recording = input -> {
            threadOf.put(input.ref().id(), Thread.currentThread().getName() + "@" + Thread.currentThread().getId());
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Extraction(true, 0, List.of(), List.of());
        };
        // Two shards of ten for two workers: each worker has a shard from the start to the end.
        RunConfig config = new RunConfig("notebooks", List.of(in), tmp.resolve("out"), 2, 10, false, false, 1 << 20, Map.of());
        new BatchRunner(Pipeline.of("notebooks", recording, InputKind.NOTEBOOKS, config.maxInputBytes()).build(), config, Progress.NONE).run();
        for (int shard = 0; shard < 2; shard++) {
            Map<String, Integer> byThread = new java.util.TreeMap<>();
            for (int i = shard * 10; i < shard * 10 + 10; i++) {
                byThread.merge(threadOf.get(in.resolve(String.format("n%02d.ipynb", i)).normalize().toString()), 1, Integer::sum);
            }
            // A helper may take an input in the instant before the second shard starts; not more.
            int most = byThread.values().stream().max(Integer::compare).orElse(0);
            assertTrue(most >= 8, "shard " + shard + " extracted on " + byThread);
        }
    }

    @Test
    void inputsAreExtractedOnNoMoreThreadsThanWorkers() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        for (int i = 0; i < 23; i++) {
            Files.writeString(in.resolve(String.format("n%02d.ipynb", i)), "{}");
        }
        Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Extractor recording = input -> {
            threads.add(Thread.currentThread());
            try {
                Thread.sleep(input.ref().id().endsWith("0.ipynb") ? 60 : 10); // uneven, so workers run out of shards
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Extraction(true, 0, List.of(), List.of());
        };
        // Per-thread state (a browser per thread for web pages) must exist once per worker, as --workers says,
        // also while idle workers help the last shards.
        RunConfig config = new RunConfig("notebooks", List.of(in), tmp.resolve("out"), 2, 5, false, false, 1 << 20, Map.of());
        new BatchRunner(Pipeline.of("notebooks", recording, InputKind.NOTEBOOKS, config.maxInputBytes()).build(), config, Progress.NONE).run();
        assertEquals(2, threads.size(), threads.toString());
    }
}

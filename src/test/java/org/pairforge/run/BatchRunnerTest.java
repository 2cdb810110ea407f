package org.pairforge.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.core.Extraction;
import org.pairforge.core.Extractor;
import org.pairforge.source.InputKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        Map<String, Object> summary = new BatchRunner(faulty, InputKind.NOTEBOOKS, config, Progress.NONE).run();
        assertEquals(5, ((Number) summary.get("inputs_read")).intValue());
        assertEquals(2, ((Number) summary.get("inputs_unreadable")).intValue());
        List<String> rejects = Files.readAllLines(out.resolve("rejects.jsonl"));
        assertEquals(2, rejects.size(), String.join("\n", rejects));
        assertTrue(rejects.stream().allMatch(r -> r.contains("\"extractor_fault\"")), String.join("\n", rejects));
        assertTrue(rejects.stream().anyMatch(r -> r.contains("IllegalStateException: unforeseen")), String.join("\n", rejects));
    }
}

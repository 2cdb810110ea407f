package org.pairforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Extraction;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.run.BatchRunner;
import org.pairforge.run.Progress;
import org.pairforge.run.RunConfig;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline core on real notebooks: stages, faults, annotations, bytes and paths, limits, closing. */
class PipelineTest {
    private static final NotebookOptions OPTIONS = NotebookOptions.builder().build();

    @TempDir
    Path tmp;

    private static Path notebook() {
        return TestData.corpus("notebooks").resolve("04.01-Simple-Line-Plots.ipynb");
    }

    @Test
    void bytesAndPathGiveTheSameSamplesAndTheImageFiltersRunAsStages() throws Exception {
        byte[] bytes = Files.readAllBytes(notebook());
        try (Pipeline p = Pipeline.notebooks(OPTIONS).build()) {
            Extraction fromBytes = p.process(bytes, notebook().toString());
            Extraction fromPath = p.process(notebook());
            assertTrue(fromBytes.samples().size() >= 3, "figures of a real notebook: " + fromBytes.samples().size());
            assertEquals(fromBytes.samples().stream().map(Sample::key).toList(), fromPath.samples().stream().map(Sample::key).toList());
            assertEquals(fromBytes.rejections(), fromPath.rejections());
            for (Sample s : fromBytes.samples()) {
                assertEquals(s.metadata().get("dedup_key"), s.dedupKey(), "the typed key is the one written");
                assertThrows(UnsupportedOperationException.class, () -> s.metadata().put("x", 1), "metadata is read-only");
            }
        }
        // Blank and corrupt figures are dropped by the image stages, which the bare extractor leaves to the pipeline.
        Path broken = TestData.fixtures("notebooks/bad").resolve("broken-images.ipynb");
        try (Pipeline p = Pipeline.notebooks(OPTIONS).build()) {
            List<String> reasons = p.process(broken).rejections().stream().map(Rejection::reason).toList();
            assertTrue(reasons.contains("blank_image") && reasons.contains("image_corrupt"), reasons.toString());
        }
        List<String> bare = new org.pairforge.notebook.NotebookPairs(OPTIONS, false)
                .extract(Files.readAllBytes(broken), org.pairforge.core.SourceRef.of("b")).rejections().stream()
                .map(Rejection::reason).toList();
        assertFalse(bare.contains("blank_image"), bare.toString());
    }

    @Test
    void aStageThatThrowsOnOneSampleRejectsOnlyThatSampleNamingTheStage() throws Exception {
        String victim;
        try (Pipeline p = Pipeline.notebooks(OPTIONS).build()) {
            victim = p.process(notebook()).samples().get(2).key();
        }
        Stage flaky = Stage.named("flaky-checker", s -> {
            if (s.key().equals(victim)) {
                throw new IllegalStateException("model server said no");
            }
            return Verdict.keep(s);
        });
        Map<String, Object> plain = run(Pipeline.notebooks(OPTIONS), "plain");
        Map<String, Object> faulty = run(Pipeline.notebooks(OPTIONS).stage(flaky), "faulty");
        assertEquals(((Number) plain.get("kept")).intValue() - 1, ((Number) faulty.get("kept")).intValue());
        assertEquals(plain.get("candidates"), faulty.get("candidates"));
        assertFunnelAddsUp(faulty);
        @SuppressWarnings("unchecked")
        Map<String, Number> dropped = (Map<String, Number>) faulty.get("dropped");
        assertEquals(1, dropped.get(StageChain.FAULT).intValue());
        String rejects = Files.readString(tmp.resolve("faulty").resolve("rejects.jsonl"));
        JsonNode line = rejects.lines().map(PipelineTest::json).filter(j -> j.path("key").asText().equals(victim))
                .findFirst().orElseThrow();
        assertEquals(StageChain.FAULT, line.get("reason").asText());
        assertTrue(line.get("message").asText().contains("flaky-checker")
                && line.get("message").asText().contains("model server said no"), line.toString());
        List<String> written = TestData.samples(tmp.resolve("faulty")).stream().map(ShardReader.TarSample::key).toList();
        assertFalse(written.contains(victim));
        assertEquals(((Number) faulty.get("kept")).intValue(), written.size());
    }

    @Test
    void anAnnotatingStageAddsAMemberAndMetadataThatReachTheShard() throws Exception {
        Stage caption = s -> Verdict.keep(s.withMember("caption.txt", "a line plot of " + s.key())
                .withMetadata("checked", true));
        Stage dropEveryOther = new Stage() {
            private final AtomicInteger seen = new AtomicInteger();

            @Override
            public Verdict apply(Sample s) {
                return (s.key().hashCode() & 1) == 0 ? Verdict.keep(s) : Verdict.drop("odd_key", "key " + s.key() + " is odd");
            }
        };
        Map<String, Object> summary = run(Pipeline.notebooks(OPTIONS).stage(caption).stage(dropEveryOther), "annotated");
        assertFunnelAddsUp(summary);
        List<ShardReader.TarSample> samples = TestData.samples(tmp.resolve("annotated"));
        assertFalse(samples.isEmpty());
        for (ShardReader.TarSample s : samples) {
            assertEquals("a line plot of " + s.key(), new String(s.members().get("caption.txt"), java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(Json.MAPPER.readTree(s.members().get("json")).get("checked").asBoolean());
            assertEquals(0, s.key().hashCode() & 1);
        }
        @SuppressWarnings("unchecked")
        Map<String, Number> dropped = (Map<String, Number>) summary.get("dropped");
        assertTrue(dropped.get("odd_key").intValue() > 0, dropped.toString());
    }

    @Test
    void aBatchStageSeesAnInputsSamplesTogetherAndAWrongAnswerFailsThemAll() throws Exception {
        List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        BatchStage counting = samples -> {
            batchSizes.add(samples.size());
            return samples.stream().map(Verdict::keep).toList();
        };
        try (Pipeline p = Pipeline.notebooks(OPTIONS).stage(counting).build()) {
            Extraction e = p.process(notebook());
            assertEquals(List.of(e.samples().size()), batchSizes, "one call with all of the input's samples");
        }
        BatchStage broken = new BatchStage() {
            @Override
            public List<Verdict> apply(List<Sample> samples) {
                return List.of(Verdict.keep(samples.get(0)));
            }

            @Override
            public String name() {
                return "short-answer";
            }
        };
        try (Pipeline p = Pipeline.notebooks(OPTIONS).stage(broken).build()) {
            Extraction e = p.process(notebook());
            assertEquals(List.of(), e.samples());
            assertFalse(e.rejections().isEmpty());
            for (Rejection r : e.rejections().stream().filter(r -> r.reason().equals(StageChain.FAULT)).toList()) {
                assertTrue(r.message().contains("short-answer"), r.message());
            }
            assertTrue(e.rejections().stream().filter(r -> r.reason().equals(StageChain.FAULT)).count() >= 3);
        }
    }

    @Test
    void batchStagesOverSeveralInputsSeeAllTheirSamplesAndGiveEachItsOwnOutcome() throws Exception {
        Path other = TestData.corpus("notebooks").resolve("04.05-Histograms-and-Binnings.ipynb");
        List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger seenBySingle = new AtomicInteger();
        // a per-sample stage before the batch stage runs in processUpToBatch; the batch stage and what follows do not
        Stage before = s -> {
            seenBySingle.incrementAndGet();
            return Verdict.keep(s);
        };
        BatchStage dropsEveryOther = samples -> {
            batchSizes.add(samples.size());
            List<Verdict> v = new java.util.ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                v.add(i % 2 == 0 ? Verdict.keep(samples.get(i)) : Verdict.drop("odd_one", "dropped by position " + i));
            }
            return v;
        };
        try (Pipeline p = Pipeline.notebooks(OPTIONS).stage(before).stage(dropsEveryOther).build()) {
            Extraction whole1 = p.process(notebook()), whole2 = p.process(other);
            batchSizes.clear();
            seenBySingle.set(0);
            Extraction up1 = p.processUpToBatch(new org.pairforge.core.SourceData(
                    org.pairforge.core.SourceRef.of(notebook().toString()), Files.readAllBytes(notebook()), null));
            Extraction up2 = p.processUpToBatch(new org.pairforge.core.SourceData(
                    org.pairforge.core.SourceRef.of(other.toString()), Files.readAllBytes(other), null));
            int n1 = up1.samples().size(), n2 = up2.samples().size();
            assertEquals(n1 + n2, seenBySingle.get(), "the stage before the batch stage ran");
            assertEquals(List.of(), batchSizes, "the batch stage did not run yet");
            assertEquals(64, p.stageBatchSize());
            List<Extraction> staged = p.applyBatchStages(List.of(up1, up2));
            assertEquals(List.of(n1 + n2), batchSizes, "one call with both inputs' samples");
            int kept1 = (n1 + 1) / 2;
            assertEquals(kept1, staged.get(0).samples().size());
            for (int i = 0; i < n1; i++) {
                String key = up1.samples().get(i).key();
                assertEquals(i % 2 == 0, staged.get(0).samples().stream().anyMatch(s -> s.key().equals(key)), key);
            }
            // the second input's samples sit after the first's in the batch: their positions decide
            for (int i = 0; i < n2; i++) {
                String key = up2.samples().get(i).key();
                boolean kept = staged.get(1).samples().stream().anyMatch(s -> s.key().equals(key));
                assertEquals((n1 + i) % 2 == 0, kept, key);
            }
            assertEquals(n1 - kept1, staged.get(0).rejections().stream().filter(r -> r.reason().equals("odd_one")).count());
            assertEquals(n2 - staged.get(1).samples().size(),
                    staged.get(1).rejections().stream().filter(r -> r.reason().equals("odd_one")).count());
            for (Rejection r : staged.get(1).rejections()) {
                assertTrue(whole2.rejections().contains(r) || r.reason().equals("odd_one"),
                        "each input's rejections stay its own: " + r);
            }
            assertTrue(n1 >= 2 && n2 >= 2, "both notebooks make figures: " + n1 + ", " + n2);
            assertTrue(whole1.samples().size() < n1, "the whole chain drops as the batch stage says");
        }
    }

    @Test
    void inputsOverTheLimitAreTooLargeAndAClosedPipelineRefusesWork() throws Exception {
        byte[] bytes = Files.readAllBytes(notebook());
        Pipeline p = Pipeline.notebooks(OPTIONS.toBuilder().maxInputBytes(1000).build()).build();
        Extraction e = p.process(bytes, "big.ipynb");
        assertFalse(e.readable());
        assertEquals("too_large", e.rejections().get(0).reason());
        assertTrue(e.rejections().get(0).message().contains("--max-input-mb"), e.rejections().get(0).message());
        p.close();
        assertThrows(IllegalStateException.class, () -> p.process(bytes, "x.ipynb"));
    }

    private Map<String, Object> run(Pipeline.Builder builder, String name) throws Exception {
        RunConfig config = new RunConfig("notebooks", List.of(TestData.corpus("notebooks")), tmp.resolve(name), 2, 8,
                false, false, OPTIONS.maxInputBytes(), Map.of());
        try (Pipeline p = builder.build()) {
            return new BatchRunner(p, config, Progress.NONE).run();
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertFunnelAddsUp(Map<String, Object> summary) {
        int dropped = ((Map<String, Number>) summary.get("dropped")).values().stream().mapToInt(Number::intValue).sum();
        assertEquals(((Number) summary.get("candidates")).intValue(), ((Number) summary.get("kept")).intValue() + dropped,
                "candidates = kept + sum(dropped): " + summary);
    }

    private static JsonNode json(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

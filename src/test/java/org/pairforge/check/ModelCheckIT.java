package org.pairforge.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.core.Hashing;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check} against a loopback server speaking OpenAI chat completions, well and badly. */
class ModelCheckIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "Qwen/Qwen2.5-VL-7B-Instruct";

    @TempDir
    static Path data;
    /** The fixture notebooks as a dataset of one shard, and of several (4 notebooks a shard). */
    static Path oneShard;
    static Path shards;
    /** image sha256 → the sample's code, for the script to answer from. */
    static final Map<String, String> codeByImage = new HashMap<>();
    static final Map<String, int[]> sizeByImage = new HashMap<>();
    /** Some notebooks draw the same figure: how many samples share each image. */
    static final Map<String, Integer> samplesByImage = new HashMap<>();

    @BeforeAll
    static void datasets() throws Exception {
        oneShard = TestData.runCli(data, "one", "notebooks", TestData.fixtures("notebooks").toString());
        shards = TestData.runCli(data, "many", "notebooks", TestData.fixtures("notebooks").toString(), "--shard-size", "4");
        for (ShardReader.TarSample t : TestData.samples(oneShard)) {
            byte[] image = t.members().containsKey("png") ? t.members().get("png") : t.members().get("jpg");
            String sha = Hashing.sha256Hex(image);
            codeByImage.put(sha, new String(t.members().get("txt"), StandardCharsets.UTF_8));
            samplesByImage.merge(sha, 1, Integer::sum);
            Map<?, ?> meta = JSON.readValue(t.members().get("json"), Map.class);
            sizeByImage.put(sha, new int[]{((Number) meta.get("width")).intValue(), ((Number) meta.get("height")).intValue()});
        }
        assertTrue(codeByImage.size() >= 8, "the fixture dataset has its figures: " + codeByImage.size());
    }

    /** A caption naming the chart, then words that are in the code: text_recall 1 for every figure. */
    static String answer(FakeVisionServer.Call call) {
        String code = codeByImage.getOrDefault(call.imageSha(), "");
        List<String> words = new ArrayList<>(Scores.words(code));
        return "A line chart of the data.\nTEXT\n" + String.join("\n", words.subList(0, Math.min(3, words.size())));
    }

    static FakeVisionServer.Reply healthy(FakeVisionServer.Call call) {
        return FakeVisionServer.Reply.ok(answer(call));
    }

    static List<String> modelFlags(FakeVisionServer server) {
        return List.of("--model-url", server.base().toString(), "--model", MODEL);
    }

    static Path check(Path dir, String name, Path dataset, FakeVisionServer server, String... more) {
        List<String> args = new ArrayList<>(List.of("check", dataset.toString()));
        args.addAll(modelFlags(server));
        args.addAll(List.of(more));
        return TestData.runCli(dir, name, args.toArray(String[]::new));
    }

    /** key → check object, over kept samples. */
    static Map<String, Map<?, ?>> checks(Path out) throws Exception {
        Map<String, Map<?, ?>> m = new TreeMap<>();
        for (ShardReader.TarSample t : TestData.samples(out)) {
            m.put(t.key(), (Map<?, ?>) JSON.readValue(t.members().get("json"), Map.class).get("check"));
        }
        return m;
    }

    static Set<String> keys(Path out) throws Exception {
        Set<String> keys = new HashSet<>();
        for (ShardReader.TarSample t : TestData.samples(out)) {
            keys.add(t.key());
        }
        return keys;
    }

    static List<String> orderedKeys(Path out) throws Exception {
        return TestData.samples(out).stream().map(ShardReader.TarSample::key).toList();
    }

    static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void everySampleEndsWithOneCheckThroughAServerThatMisbehaves(@TempDir Path dir) throws Exception {
        List<String> shas = new ArrayList<>(new TreeMap<>(codeByImage).keySet());
        String tooLong = shas.stream().filter(x -> samplesByImage.get(x) == 1).findFirst().orElseThrow();
        try (FakeVisionServer server = new FakeVisionServer(List.of(MODEL), MODEL, call -> {
            if (call.imageSha().equals(tooLong)) {
                return FakeVisionServer.Reply.error(400, "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens");
            }
            if (call.attempt() > 1) {
                return healthy(call);
            }
            return switch (shas.indexOf(call.imageSha()) % 7) {
                case 1 -> FakeVisionServer.Reply.tooMany(1);
                case 2 -> FakeVisionServer.Reply.error(500, "internal error");
                case 3 -> FakeVisionServer.Reply.flatError(503, "The server is overloaded");
                case 4 -> healthy(call).after(2500); // past --request-timeout
                case 5 -> FakeVisionServer.Reply.malformed();
                case 6 -> FakeVisionServer.Reply.dropConnection();
                default -> healthy(call);
            };
        })) {
            Path out = check(dir, "checked", shards, server, "--request-timeout", "1s", "--retries", "3",
                    "--retry-backoff", "20ms", "--concurrency", "6");
            assertEquals(List.of(), server.problems(), "every request is valid");

            Set<String> in = keys(shards);
            Set<String> kept = keys(out);
            assertEquals(in, kept, "no min score: every sample is kept, none lost, none made up");
            Map<String, Map<?, ?>> checks = checks(out);
            for (Map.Entry<String, Map<?, ?>> c : checks.entrySet()) {
                assertNotNull(c.getValue(), c.getKey() + " has a check");
                assertTrue(((Number) c.getValue().get("attempts")).intValue() <= 4, "within --retries 3: " + c);
                assertEquals(MODEL, c.getValue().get("model"));
                assertEquals("figure-caption-v1", c.getValue().get("prompt_id"));
            }
            // each image was sent at most retries + 1 times, and every image once at least
            Map<String, Long> perImage = server.calls().stream().collect(Collectors.groupingBy(FakeVisionServer.Call::imageSha, Collectors.counting()));
            assertEquals(codeByImage.keySet(), perImage.keySet());
            perImage.forEach((sha, n) -> assertTrue(n <= 4L * samplesByImage.get(sha), "at most 4 attempts a sample: " + n));
            assertEquals(1L, perImage.get(tooLong), "a 400 is not retried");

            List<String> errors = lines(out.resolve("check_errors.jsonl"));
            assertEquals(1, errors.size(), "exactly the 400 failed: " + errors);
            Map<?, ?> error = JSON.readValue(errors.get(0), Map.class);
            assertTrue(String.valueOf(error.get("error")).contains("maximum context length is 4096 tokens"), error.toString());
            long statusError = checks.values().stream().filter(c -> "error".equals(c.get("status"))).count();
            assertEquals(1, statusError);

            Map<?, ?> summary = JSON.readValue(out.resolve("summary.json").toFile(), Map.class);
            Map<?, ?> figure = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) summary.get("check")).get("by_kind")).get("notebook-figure");
            Map<?, ?> retries = (Map<?, ?>) figure.get("retries");
            for (String cause : List.of("429", "500", "503", "timeout", "malformed_response", "connection")) {
                assertTrue(retries.containsKey(cause), "retried on " + cause + ": " + retries);
            }
            assertEquals(server.calls().size(), ((Number) figure.get("requests")).intValue(),
                    "requests in the summary are the requests the server saw");
            assertEquals(1.0, ((Number) figure.get("median")).doubleValue(), "the healthy answers' words are all in the code");

            // Retry-After: 1 was waited for
            for (String sha : shas) {
                if (shas.indexOf(sha) % 7 == 1 && !sha.equals(tooLong) && samplesByImage.get(sha) == 1) {
                    List<FakeVisionServer.Call> c = server.calls().stream().filter(x -> x.imageSha().equals(sha)).toList();
                    assertTrue(c.get(1).atNanos() - c.get(0).atNanos() >= 950_000_000L, "Retry-After honoured");
                }
            }
            assertTrue(Files.size(out.resolve("check_scores_notebook-figure.png")) > 1000, "a histogram PNG");
        }
    }

    @Test
    void concurrencyIsReachedAndRequestBodiesAreTheSameEachRun(@TempDir Path dir) throws Exception {
        try (FakeVisionServer server = new FakeVisionServer(List.of("other", MODEL), MODEL, call -> healthy(call).after(400))) {
            check(dir, "a", oneShard, server, "--concurrency", "8", "--workers", "1");
            assertEquals(8, server.maxInFlight(), "requests in flight reach --concurrency and no more");
            Map<String, String> first = bodies(server);
            server.forget();
            check(dir, "b", oneShard, server, "--concurrency", "8", "--workers", "1");
            assertEquals(first, bodies(server), "the same dataset gives byte-identical requests");
            assertEquals(List.of(), server.problems());
            assertShardsEqual(dir.resolve("a"), dir.resolve("b"));
        }
    }

    private static Map<String, String> bodies(FakeVisionServer server) {
        Map<String, String> m = new TreeMap<>();
        for (FakeVisionServer.Call c : server.calls()) {
            m.put(c.imageSha(), Hashing.sha256Hex(c.body()));
        }
        return m;
    }

    static void assertShardsEqual(Path a, Path b) throws Exception {
        ShardLayout la = new ShardLayout(a), lb = new ShardLayout(b);
        assertEquals(la.finishedShards(), lb.finishedShards());
        for (int i : la.finishedShards()) {
            assertArrayEquals(Files.readAllBytes(la.tar(i)), Files.readAllBytes(lb.tar(i)), "shard " + i + " tar");
            assertArrayEquals(Files.readAllBytes(la.rejects(i)), Files.readAllBytes(lb.rejects(i)), "shard " + i + " rejects");
        }
    }

    @Test
    void aModelTheServerDoesNotServeStopsTheRunNamingTheServedOnes(@TempDir Path dir) throws Exception {
        try (FakeVisionServer server = new FakeVisionServer(List.of("llava-hf/llava-1.5-7b-hf", "olmOCR-7B"), MODEL, c -> FakeVisionServer.Reply.ok("unused"))) {
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Main.execute("check", oneShard.toString(), "-o", dir.resolve("out").toString(), "--no-progress",
                        "--model-url", server.base().toString(), "--model", MODEL);
            } finally {
                System.setErr(err);
            }
            String message = captured.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, message);
            assertTrue(message.contains("llava-hf/llava-1.5-7b-hf") && message.contains("olmOCR-7B") && message.contains(MODEL), message);
            assertEquals(1, message.strip().lines().count(), "one line: " + message);
            assertTrue(server.calls().isEmpty(), "no sample was sent");
            assertFalse(Files.exists(dir.resolve("out").resolve("shards")), "nothing written");
        }
    }

    @Test
    void resumeAsksAgainForExactlyTheSamplesInError(@TempDir Path dir) throws Exception {
        List<String> shas = new ArrayList<>(new TreeMap<>(codeByImage).keySet());
        Set<String> failing = Set.of(shas.get(1), shas.get(4), shas.get(7));
        int failingSamples = failing.stream().mapToInt(samplesByImage::get).sum();
        try (FakeVisionServer server = new FakeVisionServer(List.of(MODEL), MODEL, call -> failing.contains(call.imageSha())
                ? FakeVisionServer.Reply.flatError(503, "queue full") : healthy(call))) {
            Path out = check(dir, "out", shards, server, "--retries", "1", "--retry-backoff", "10ms");
            assertEquals(failingSamples, lines(out.resolve("check_errors.jsonl")).size());

            server.script(ModelCheckIT::healthy);
            server.forget();
            check(dir, "out", shards, server, "--retries", "1", "--retry-backoff", "10ms", "--resume");
            assertEquals(failing, server.calls().stream().map(FakeVisionServer.Call::imageSha).collect(Collectors.toSet()),
                    "only the samples in error are asked again");
            assertEquals(failingSamples, server.calls().size());
            assertEquals(List.of(), lines(out.resolve("check_errors.jsonl")));

            server.forget();
            Path whole = check(dir, "whole", shards, server, "--retries", "1", "--retry-backoff", "10ms");
            assertShardsEqual(whole, out);
        }
    }

    @Test
    void aKilledCheckResumesToTheSameDataset(@TempDir Path dir) throws Exception {
        try (FakeVisionServer server = new FakeVisionServer(List.of(MODEL), MODEL, call -> healthy(call).after(300))) {
            Path out = dir.resolve("out");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.awt.headless=true", "-jar", Path.of("target", "pairforge.jar").toString(), "check",
                    shards.toString(), "-o", out.toString(), "--no-progress", "--workers", "1"));
            cmd.addAll(modelFlags(server));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
            ShardLayout layout = new ShardLayout(out);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (layout.finishedShards().size() < 2 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "the run was still going when killed: " + Files.readString(dir.resolve("log")));
            p.destroyForcibly().waitFor();
            int done = layout.finishedShards().size();
            int all = new ShardLayout(shards).finishedShards().size();
            assertTrue(done >= 2 && done < all, "killed part way: " + done + " of " + all + " shards");

            server.script(ModelCheckIT::healthy);
            server.forget();
            check(dir, "out", shards, server, "--resume");
            assertFalse(server.calls().isEmpty());
            assertTrue(server.calls().size() < keys(shards).size(), "finished shards were not asked again");
            Path whole = check(dir, "whole", shards, server);
            assertShardsEqual(whole, out);
            assertEquals(lines(whole.resolve("rejects.jsonl")), lines(out.resolve("rejects.jsonl")));
        }
    }

    @Test
    void checkOnAGeneratingCommandEqualsCheckOnItsOutput(@TempDir Path dir) throws Exception {
        try (FakeVisionServer server = new FakeVisionServer(List.of(MODEL), MODEL, ModelCheckIT::healthy)) {
            List<String> args = new ArrayList<>(List.of("notebooks", TestData.fixtures("notebooks").toString(), "--check"));
            args.addAll(modelFlags(server));
            Path inline = TestData.runCli(dir, "inline", args.toArray(String[]::new));
            Path after = check(dir, "after", oneShard, server);
            assertEquals(checks(after), checks(inline));
            assertFalse(checks(inline).isEmpty());
            Map<String, String> captionsInline = captions(inline), captionsAfter = captions(after);
            assertEquals(captionsAfter, captionsInline);
            assertEquals(keys(oneShard).size(), captionsInline.size(), "every figure has its caption member");
        }
    }

    @Test
    void checkOnAGeneratingCommandKeepsConcurrencyAcrossInputs(@TempDir Path dir) throws Exception {
        // no fixture notebook makes more than a few figures: 8 in flight means requests from several notebooks at once
        int mostPerNotebook = keys(oneShard).stream().collect(java.util.stream.Collectors.groupingBy(
                k -> k.substring(0, k.lastIndexOf('_')), java.util.stream.Collectors.counting()))
                .values().stream().mapToInt(Long::intValue).max().orElseThrow();
        assertTrue(mostPerNotebook < 8, "fixture notebooks make at most " + mostPerNotebook + " figures each");
        try (FakeVisionServer server = new FakeVisionServer(List.of(MODEL), MODEL, call -> healthy(call).after(300))) {
            List<String> args = new ArrayList<>(List.of("notebooks", TestData.fixtures("notebooks").toString(), "--check",
                    "--concurrency", "8", "--workers", "1"));
            args.addAll(modelFlags(server));
            Path inline = TestData.runCli(dir, "inline", args.toArray(String[]::new));
            assertEquals(8, server.maxInFlight(), "a generating command's check keeps --concurrency requests in flight");
            assertEquals(orderedKeys(oneShard), orderedKeys(inline), "the same samples, in input order");
            assertEquals(List.of(), server.problems());
        }
    }

    static Map<String, String> captions(Path out) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        for (ShardReader.TarSample t : TestData.samples(out)) {
            byte[] c = t.members().get("caption.txt");
            if (c != null) {
                m.put(t.key(), new String(c, StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Test
    void largeImagesAreScaledDownAndSmallOnesSentAsTheyAre(@TempDir Path dir) throws Exception {
        try (FakeVisionServer server = new FakeVisionServer(List.of(MODEL), MODEL, ModelCheckIT::healthy)) {
            List<Integer> sides = sizeByImage.values().stream().map(o -> Math.max(o[0], o[1])).sorted().toList();
            int side = sides.get(sides.size() / 2);
            check(dir, "out", oneShard, server, "--max-image-side", String.valueOf(side));
            int asIs = 0, scaled = 0;
            for (FakeVisionServer.Call c : server.calls()) {
                assertTrue(Math.max(c.width(), c.height()) <= side, "within --max-image-side: " + c.width() + "x" + c.height());
                int[] original = sizeByImage.get(c.imageSha());
                if (original != null) {
                    assertTrue(Math.max(original[0], original[1]) <= side, "an image sent as it is was small enough");
                    asIs++;
                } else {
                    assertEquals("image/png", c.mediaType());
                    boolean matches = sizeByImage.values().stream().anyMatch(o -> Math.max(o[0], o[1]) > side
                            && Math.abs(Math.round(o[0] * (double) side / Math.max(o[0], o[1])) - c.width()) <= 1
                            && Math.abs(Math.round(o[1] * (double) side / Math.max(o[0], o[1])) - c.height()) <= 1);
                    assertTrue(matches, "a scaled copy keeps a large figure's aspect: " + c.width() + "x" + c.height());
                    scaled++;
                }
            }
            assertTrue(scaled > 0 && asIs > 0, "both kinds occur: " + scaled + " scaled, " + asIs + " as they are");
        }
    }

    @Test
    void webAnswersAreScoredOnTheirTextAndTruncatedAnswersAreMarked() throws Exception {
        ShardReader.TarSample figure = TestData.samples(oneShard).get(0);
        org.pairforge.core.Sample base = ShardReader.toSample(figure);
        Map<String, Object> web = new LinkedHashMap<>(base.metadata());
        web.put("kind", "web-page");
        Map<String, Object> paper = new LinkedHashMap<>(base.metadata());
        paper.put("kind", "latex-page");
        org.pairforge.core.Sample screen = new org.pairforge.core.Sample("web_0", base.source(), base.images(),
                "Pricing  Plans\nStart free", web, Map.of(), null);
        org.pairforge.core.Sample page = new org.pairforge.core.Sample("tex_0", base.source(), base.images(),
                "Abstract. We study pandas.", paper, Map.of(), null);
        try (FakeVisionServer server = new FakeVisionServer(List.of(MODEL), MODEL, call -> call.prompt().contains("web page")
                ? FakeVisionServer.Reply.ok("Pricing Plans\nStart free\n\nLAYOUT\nA header above two pricing cards on white.")
                : FakeVisionServer.Reply.ok("Abstract. We study", "length"));
             SelfCheck check = SelfCheck.open(CheckOptions.builder().model(server.base(), MODEL).build())) {
            List<org.pairforge.pipeline.Verdict> v = check.apply(List.of(screen, page));
            Map<?, ?> webCheck = (Map<?, ?>) v.get(0).sample().metadata().get("check");
            assertEquals("web-visible-text-v1", webCheck.get("prompt_id"));
            assertEquals(1.0, ((Map<?, ?>) webCheck.get("scores")).get("score"), "the layout paragraph is not scored: " + webCheck);
            assertTrue(v.get(0).sample().extras().get("caption.txt").contains("two pricing cards"), "the whole answer is kept");
            assertEquals(1000, ((Number) webCheck.get("tokens_in")).intValue());

            Map<?, ?> texCheck = (Map<?, ?>) v.get(1).sample().metadata().get("check");
            assertEquals("page-transcribe-v1", texCheck.get("prompt_id"));
            assertEquals("length", texCheck.get("finish_reason"));
            assertEquals(Boolean.TRUE, texCheck.get("truncated"), "an answer cut at --max-tokens says so");
            assertTrue(((Number) ((Map<?, ?>) texCheck.get("scores")).get("score")).doubleValue() < 0.8);
        }
    }
}

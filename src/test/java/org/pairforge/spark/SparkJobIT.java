package org.pairforge.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.apache.spark.TaskContext;
import org.pairforge.cli.Main;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.pipeline.Stage;
import org.pairforge.pipeline.Verdict;
import org.pairforge.core.Sample;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;
import org.pairforge.spark.internal.SampleFiles;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code pairforge spark KIND} as a user runs it, in local mode: the tasks write the output themselves (see
 * {@code Staging}), so what is checked here is what the files hold, against the CLI on the same rows.
 */
class SparkJobIT {
    @TempDir
    static Path dir;
    static Path rows;
    static Path cli;

    @BeforeAll
    static void rows() throws Exception {
        rows = SparkPairsIT.stackRows(dir.resolve("rows.jsonl"));
        cli = TestData.runCli(dir, "cli", "notebooks", rows.toString());
    }

    /** {@code pairforge spark ARGS}; returns the exit code, and the error stream in {@code err}. */
    static int spark(StringBuilder err, String... args) {
        List<String> all = new ArrayList<>(List.of("spark"));
        all.addAll(List.of(args));
        PrintStream was = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return Main.execute(all.toArray(String[]::new));
        } finally {
            System.setErr(was);
            err.append(captured.toString(StandardCharsets.UTF_8));
        }
    }

    static List<List<String>> parquetSamples(Path out) throws Exception {
        List<List<String>> all = new ArrayList<>();
        for (Path f : files(out.resolve("data"), ".parquet")) {
            for (Sample s : SampleFiles.read(f)) {
                all.add(List.of(s.key(), SparkPairsIT.sha(s.image().bytes()), s.text(),
                        new String(Json.MAPPER.writeValueAsBytes(s.metadata()), StandardCharsets.UTF_8)));
            }
        }
        return all;
    }

    static List<Path> files(Path folder, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    static Map<String, Object> funnel(Path out) throws Exception {
        return SparkPairsIT.cliFunnel(out);
    }

    static List<String> sortedRejects(Path out) throws Exception {
        return Files.readAllLines(out.resolve("rejects.jsonl")).stream().sorted().toList();
    }

    @Test
    void latexPagesCarryTheirMarkdownAndTypedBlocksInParquet() throws Exception {
        Path paper = TestData.corpus("latex/panda-wms");
        Path out = dir.resolve("latex-parquet");
        StringBuilder err = new StringBuilder();
        assertEquals(0, spark(err, "latex", paper.toString(), "-o", out.toString(), "--master", "local[2]", "--dpi", "50",
                "--max-pages", "2"), err.toString());
        Path cliOut = TestData.runCli(dir, "latex-cli", "latex", paper.toString(), "--dpi", "50", "--max-pages", "2");
        Map<String, String> cliMd = new TreeMap<>();
        for (var s : TestData.samples(cliOut)) {
            cliMd.put(s.key(), new String(s.members().get("md"), StandardCharsets.UTF_8));
        }
        Map<String, String> parquetMd = new TreeMap<>();
        for (Path f : files(out.resolve("data"), ".parquet")) {
            try (org.apache.parquet.hadoop.ParquetReader<org.apache.parquet.example.data.Group> r = org.apache.parquet.hadoop.ParquetReader
                    .builder(new org.apache.parquet.hadoop.example.GroupReadSupport(), new org.apache.hadoop.fs.Path(f.toUri())).build()) {
                for (var g = r.read(); g != null; g = r.read()) {
                    parquetMd.put(g.getString("key", 0), g.getString("md", 0));
                    assertTrue(g.getGroup("blocks", 0).getFieldRepetitionCount("list") > 3, "blocks as a list of structs");
                }
            }
        }
        assertEquals(cliMd, parquetMd, "the md column holds the CLI's KEY.md");
        JsonNode loaded = SparkPairsIT.loadParquet(out);
        for (String how : List.of("card_blocks_feature", "footer_blocks_feature")) {
            String blocks = loaded.get(how).asText();
            assertTrue(blocks.contains("'type': Value('string')") && blocks.contains("'x0': Value('int32')")
                    && blocks.contains("'md': Value('string')"), how + ": " + blocks);
        }
        assertTrue(loaded.get("first_block").get("type").isTextual(), loaded.toString());
    }

    @Test
    void parquetHoldsTheCliSamplesInOrderAndIsTheSameBytesWhateverTheMaster() throws Exception {
        Map<String, String> first = null;
        for (String master : List.of("local[1]", "local[2]")) {
            Path out = dir.resolve("parquet-" + master.replaceAll("\\W", ""));
            StringBuilder err = new StringBuilder();
            assertEquals(0, spark(err, "notebooks", rows.toString(), "-o", out.toString(), "--master", master,
                    "--partitions", "4"), err.toString());
            assertEquals(SparkPairsIT.cliSamples(cli), parquetSamples(out), "the CLI's keys, image bytes, code and metadata, in order");
            assertEquals(funnel(cli), funnel(out));
            assertTrue(((Map<?, ?>) funnel(out).get("dropped")).containsKey("duplicate"), "the fork's figures were dropped");
            assertEquals(sortedRejects(cli), sortedRejects(out), "the same rejections");
            assertFalse(Files.exists(out.resolve(".staging")), "no staging left");
            Map<String, String> shas = new TreeMap<>();
            for (Path f : files(out.resolve("data"), ".parquet")) {
                shas.put(f.getFileName().toString(), SparkPairsIT.sha(Files.readAllBytes(f)));
            }
            assertFalse(shas.isEmpty());
            if (first == null) {
                first = shas;
            } else {
                assertEquals(first, shas, "the same part files, byte for byte, with one core or two");
            }
        }
    }

    @Test
    void webdatasetShardsResumeWhereARunStoppedAndRefuseChangedInputs() throws Exception {
        // keys derive from the input's path: the CLI's run to compare with is over the same file
        Path input = Files.copy(rows, dir.resolve("resume-rows.jsonl"));
        Path cli = TestData.runCli(dir, "cli-resume", "notebooks", input.toString());
        Path out = dir.resolve("wds");
        String[] args = {"--format", "webdataset", "notebooks", input.toString(), "-o", out.toString(),
                "--master", "local[2]", "--partitions", "3"};
        StringBuilder err = new StringBuilder();
        assertEquals(0, spark(err, args), err.toString());
        ShardLayout layout = new ShardLayout(out);
        assertEquals(List.of(0, 1, 2), layout.finishedShards());
        List<List<String>> expected = SparkPairsIT.cliSamples(cli);
        assertEquals(expected, SparkPairsIT.cliSamples(out), "the CLI's samples, in order, across the shards");
        assertEquals(funnel(cli), funnel(out));
        assertEquals(sortedRejects(cli), sortedRejects(out));
        for (int shard : layout.finishedShards()) {
            JsonNode stats = Json.MAPPER.readTree(layout.stats(shard).toFile());
            assertEquals(ShardReader.read(layout.tar(shard)).size(), stats.get("kept").asInt(), "shard " + shard + "'s stats count its tar");
        }

        // the run stopped while shard 1 was being written: its stats are missing, its tar is half
        Files.delete(out.resolve("summary.json"));
        Files.delete(layout.stats(1));
        byte[] tar = Files.readAllBytes(layout.tar(1));
        Files.write(layout.tar(1), java.util.Arrays.copyOf(tar, tar.length / 2));
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(layout.tar(0), old);
        Files.setLastModifiedTime(layout.tar(2), old);
        StringBuilder notResumed = new StringBuilder();
        assertEquals(2, spark(notResumed, args), "OUT holds a run: --resume or --overwrite");
        assertTrue(notResumed.toString().contains("--resume"), notResumed.toString());
        List<String> resume = new ArrayList<>(List.of(args));
        resume.add("--resume");
        assertEquals(0, spark(err, resume.toArray(String[]::new)), err.toString());
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(2, summary.get("resumed_shards").asInt(), summary.toString());
        assertEquals(old, Files.getLastModifiedTime(layout.tar(0)), "a finished shard is not written again");
        assertEquals(old, Files.getLastModifiedTime(layout.tar(2)));
        assertEquals(expected, SparkPairsIT.cliSamples(out), "the same samples after the resume");
        assertEquals(funnel(cli), funnel(out), "the funnel counts the resumed shards");
        assertEquals(sortedRejects(cli), sortedRejects(out));

        // a resume with other settings, or over other inputs, would mix two runs: refused, naming the way out
        Files.delete(out.resolve("summary.json"));
        Files.delete(layout.stats(1));
        List<String> otherSettings = new ArrayList<>(resume);
        otherSettings.addAll(List.of("--min-code-lines", "6"));
        StringBuilder settingsRefused = new StringBuilder();
        assertEquals(2, spark(settingsRefused, otherSettings.toArray(String[]::new)), settingsRefused.toString());
        assertTrue(settingsRefused.toString().contains("--overwrite"), settingsRefused.toString());
        List<String> lines = new ArrayList<>(Files.readAllLines(input));
        lines.set(0, lines.get(0).replace("jakevdp/PythonDataScienceHandbook", "someone/else"));
        Files.write(input, lines);
        StringBuilder refused = new StringBuilder();
        assertEquals(2, spark(refused, resume.toArray(String[]::new)), refused.toString());
        assertTrue(refused.toString().contains("--overwrite") && refused.toString().contains("changed"), refused.toString());
        assertFalse(Files.exists(layout.stats(1)), "nothing was committed");
    }

    @Test
    void theSelfCheckDropsWhatTheCliDrops() throws Exception {
        Path checkedCli = TestData.runCli(dir, "cli-checked", "notebooks", rows.toString(), "--check", "--min-score", "0.3");
        Path out = dir.resolve("checked");
        StringBuilder err = new StringBuilder();
        assertEquals(0, spark(err, "notebooks", rows.toString(), "-o", out.toString(), "--master", "local[2]",
                "--partitions", "3", "--check", "--min-score", "0.3"), err.toString());
        Map<String, Object> expected = funnel(checkedCli);
        assertTrue(((Map<?, ?>) expected.get("dropped")).containsKey("check_below_min_score"),
                "some figures score under 0.3: " + expected);
        assertTrue((Long) expected.get("kept") > 0, "and some over: " + expected);
        assertEquals(expected, funnel(out));
        assertEquals(SparkPairsIT.cliSamples(checkedCli), parquetSamples(out), "the same samples, each with its check");
        assertEquals(sortedRejects(checkedCli), sortedRejects(out));
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(Json.MAPPER.readTree(checkedCli.resolve("summary.json").toFile()).at("/check/by_kind"),
                summary.at("/check/by_kind"), "the same check tally");
    }

    @Test
    void parquetRowsAreInputsInFileOrderEachNamedByItsFileAndRow() throws Exception {
        // The Stack's rows as two Parquet files, the second holding the first half, so name order is not write order
        Path folder = Files.createDirectories(dir.resolve("stack.parquet"));
        List<String> lines = Files.readAllLines(rows).stream().filter(l -> !l.isBlank()).toList();
        int half = lines.size() / 2;
        org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[1]")
                .appName("pairforge-parquet-rows").config("spark.ui.enabled", "false").getOrCreate();
        try {
            Map<String, List<String>> files = Map.of("b-first-half.parquet", lines.subList(0, half),
                    "a-second-half.parquet", lines.subList(half, lines.size()));
            for (Map.Entry<String, List<String>> f : files.entrySet()) {
                Path tmp = dir.resolve("write-" + f.getKey());
                spark.read().schema("content string, path string, max_stars_repo_name string, max_stars_count long, licenses array<string>")
                        .json(spark.createDataset(f.getValue(), org.apache.spark.sql.Encoders.STRING()))
                        .coalesce(1).write().parquet(tmp.toString());
                Files.move(files(tmp, ".parquet").get(0), folder.resolve(f.getKey()));
            }
        } finally {
            spark.stop();
        }
        Path out = dir.resolve("from-parquet");
        StringBuilder err = new StringBuilder();
        assertEquals(0, spark(err, "notebooks", folder.toString(), "-o", out.toString(), "--master", "local[2]"), err.toString());
        List<List<String>> made = parquetSamples(out);
        List<List<String>> expected = SparkPairsIT.cliSamples(cli);
        // the CLI read the same rows in the order first half, second half; here the second half's file comes first
        List<String> cliPairs = expected.stream().map(x -> x.get(1) + x.get(2)).toList();
        List<String> pairs = made.stream().map(x -> x.get(1) + x.get(2)).toList();
        assertEquals(cliPairs.size(), pairs.size(), "the same number of pairs: the fork's duplicate dropped here too");
        assertEquals(new java.util.HashSet<>(cliPairs), new java.util.HashSet<>(pairs), "the same pairs");
        assertFalse(cliPairs.equals(pairs), "in the files' name order, not the CLI's line order");
        for (Path f : files(out.resolve("data"), ".parquet")) {
            for (Sample s : SampleFiles.read(f)) {
                String source = s.source().id();
                assertTrue(source.matches(java.util.regex.Pattern.quote(folder.resolve("a-second-half.parquet").toString()) + "#\\d+")
                        || source.matches(java.util.regex.Pattern.quote(folder.resolve("b-first-half.parquet").toString()) + "#\\d+"), source);
            }
        }
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(lines.size(), summary.get("inputs_read").asInt(), "every row is an input, the broken ones too");
    }

    @Test
    void sparkCheckOfADatasetGivesTheCliChecksDataset() throws Exception {
        Path checkedCli = TestData.runCli(dir, "cli-check", "check", cli.toString(), "--min-score", "0.3");
        Path out = dir.resolve("spark-check");
        StringBuilder err = new StringBuilder();
        assertEquals(0, spark(err, "--format", "webdataset", "check", cli.toString(), "-o", out.toString(),
                "--master", "local[2]", "--partitions", "2", "--min-score", "0.3"), err.toString());
        Map<String, Object> expected = funnel(checkedCli);
        assertTrue(((Map<?, ?>) expected.get("dropped")).containsKey("check_below_min_score"), expected.toString());
        assertTrue(((Map<?, ?>) expected.get("dropped")).containsKey("duplicate"), "earlier drops are carried: " + expected);
        assertEquals(expected, funnel(out));
        assertEquals(SparkPairsIT.cliSamples(checkedCli), SparkPairsIT.cliSamples(out), "the same checked samples, in order");
        assertEquals(sortedRejects(checkedCli), sortedRejects(out));
        assertEquals(Json.MAPPER.readTree(checkedCli.resolve("summary.json").toFile()).at("/check/by_kind"),
                Json.MAPPER.readTree(out.resolve("summary.json").toFile()).at("/check/by_kind"));


        // the same check of the same samples written as Parquet by a Spark run: its rejects.jsonl is carried
        Path parquet = dir.resolve("parquet-to-check");
        assertEquals(0, spark(err, "notebooks", rows.toString(), "-o", parquet.toString(), "--master", "local[2]",
                "--partitions", "3"), err.toString());
        Path checkedParquet = dir.resolve("spark-check-parquet");
        assertEquals(0, spark(err, "check", parquet.toString(), "-o", checkedParquet.toString(), "--master", "local[2]",
                "--min-score", "0.3"), err.toString());
        assertEquals(SparkPairsIT.cliSamples(checkedCli), parquetSamples(checkedParquet));
        Map<String, Object> parquetFunnel = funnel(checkedParquet);
        for (String k : List.of("candidates", "kept", "dropped")) {
            assertEquals(expected.get(k), parquetFunnel.get(k), k + " (inputs are part files there, shards here)");
        }
        assertEquals(sortedRejects(checkedCli), sortedRejects(checkedParquet));
        assertEquals(Json.MAPPER.readTree(checkedCli.resolve("summary.json").toFile()).at("/check/by_kind"),
                Json.MAPPER.readTree(checkedParquet.resolve("summary.json").toFile()).at("/check/by_kind"));

        StringBuilder refused = new StringBuilder();
        assertEquals(2, spark(refused, "check", parquet.resolve("data").toString(), "-o", dir.resolve("no").toString()));
        assertTrue(refused.toString().contains("name the dataset's own folder"), refused.toString());
    }

    /**
     * Notebooks whose every partition's first attempt dies (an Error, which nothing in the pipeline takes for bad
     * input) after its third sample, a file named for the partition left in {@code kills}.
     */
    static PipelineSpec dyingOnFirstAttempt(NotebookOptions options, String kills) {
        return () -> {
            AtomicInteger seen = new AtomicInteger();
            return Pipeline.notebooks(options).stage(Stage.named("dies", sample -> {
                if (seen.incrementAndGet() == 3 && TaskContext.get().attemptNumber() == 0) {
                    Files.writeString(Path.of(kills, "partition-" + TaskContext.get().partitionId()), "killed");
                    throw new AssertionError("killed mid-partition");
                }
                return Verdict.keep(sample);
            }));
        };
    }

    @Test
    void aTaskKilledMidPartitionIsRetriedAndLeavesOneCopyOfItsFiles() throws Exception {
        NotebookOptions options = NotebookOptions.builder().build();
        // every partition's first attempt dies (an Error, which nothing in the pipeline takes for bad input)
        // after its third sample: a task lost half-way through writing its tar
        String kills = Files.createDirectories(dir.resolve("kills")).toString();
        PipelineSpec dying = dyingOnFirstAttempt(options, kills);
        Path out = dir.resolve("killed");
        Map<String, Object> summary = new SparkJob("notebooks", dying, List.of(rows.toString()), out.toString(), "local[2,2]",
                "webdataset", 2, null, Map.of(), false, false, Map.of()).run();
        assertEquals(2, ((Number) summary.get("partitions")).intValue());
        assertEquals(2, files(Path.of(kills), "").size(), "each partition's first attempt died");
        try (Stream<Path> listed = Files.list(out.resolve("shards"))) {
            assertEquals(List.of("000000.inputs.jsonl", "000000.rejects.jsonl", "000000.stats.json", "000000.tar",
                            "000001.inputs.jsonl", "000001.rejects.jsonl", "000001.stats.json", "000001.tar"),
                    listed.map(f -> f.getFileName().toString()).sorted().toList(), "one of each per partition, nothing of the dead attempts");
        }
        assertEquals(SparkPairsIT.cliSamples(cli), SparkPairsIT.cliSamples(out), "every sample once, in order");
        assertEquals(funnel(cli), funnel(out));
        assertEquals(sortedRejects(cli), sortedRejects(out), "no rejection twice");
    }
}

package org.pairforge.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notebooks path in a real SparkSession ({@code local[2]}) against the CLI on the same rows: The Stack-style
 * JSON Lines of the corpus notebooks and the broken fixtures, plus rows that are not notebooks at all.
 */
class SparkPairsIT {
    static SparkSession spark;
    static Path rows;
    static Path cli;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("pairforge-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "3").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        rows = stackRows(dir.resolve("rows.jsonl"));
        cli = TestData.runCli(dir, "cli", "notebooks", rows.toString());
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /**
     * The Stack's layout: the notebook as a JSON string in {@code content}, beside its path, repository and
     * licences; then a line that is not JSON, a row without content and a blank line.
     */
    static Path stackRows(Path file) throws Exception {
        List<Path> notebooks;
        try (Stream<Path> a = Files.list(TestData.corpus("notebooks")); Stream<Path> b = Files.list(TestData.fixtures("notebooks/bad"))) {
            notebooks = Stream.concat(a.sorted(), b.sorted()).filter(p -> p.toString().endsWith(".ipynb")).toList();
        }
        StringBuilder out = new StringBuilder();
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        for (Path nb : notebooks) {
            String content;
            try {
                content = utf8.decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(nb))).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                continue; // a row's content is a string: a notebook that is not UTF-8 cannot be one
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("content", content);
            row.put("path", nb.getFileName().toString());
            row.put("max_stars_repo_name", "jakevdp/PythonDataScienceHandbook");
            row.put("max_stars_count", 40000);
            row.put("licenses", List.of("MIT"));
            out.append(Json.MAPPER.writeValueAsString(row)).append('\n');
        }
        // a fork's copy of a notebook: its figures are duplicates of the first's, dropped wherever they land
        String original = out.toString().lines().filter(l -> l.contains("\"path\":\"04.01-Simple-Line-Plots.ipynb\""))
                .findFirst().orElseThrow();
        Map<String, Object> fork = Json.MAPPER.readValue(original, LinkedHashMap.class);
        fork.put("max_stars_repo_name", "someone/fork");
        out.append(Json.MAPPER.writeValueAsString(fork)).append('\n');
        out.append("this line is not JSON\n");
        out.append("{\"path\": \"no-content.ipynb\"}\n");
        out.append("\n");
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        return file;
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** key → sha of image, text, meta, as the CLI's shards hold them, in order. */
    static List<List<String>> cliSamples(Path out) throws Exception {
        List<List<String>> all = new ArrayList<>();
        for (ShardReader.TarSample t : TestData.samples(out)) {
            all.add(List.of(t.key(), sha(t.members().get("png")), new String(t.members().get("txt"), StandardCharsets.UTF_8),
                    new String(t.members().get("json"), StandardCharsets.UTF_8)));
        }
        return all;
    }

    static List<List<String>> sparkSamples(Dataset<Row> samples) throws Exception {
        List<List<String>> all = new ArrayList<>();
        for (Row r : samples.collectAsList()) {
            Row image = r.getAs("image");
            all.add(List.of(r.getAs("key"), sha(image.getAs("bytes")), r.getAs("text"), r.getAs("meta")));
        }
        return all;
    }

    static Map<String, Object> cliFunnel(Path out) throws Exception {
        JsonNode s = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs_read", s.get("inputs_read").asLong());
        m.put("inputs_unreadable", s.get("inputs_unreadable").asLong());
        m.put("candidates", s.get("candidates").asLong());
        m.put("kept", s.get("kept").asLong());
        Map<String, Long> dropped = new java.util.TreeMap<>();
        s.get("dropped").fields().forEachRemaining(e -> dropped.put(e.getKey(), e.getValue().asLong()));
        m.put("dropped", dropped);
        return m;
    }

    @Test
    void filesGiveTheCliKeysBytesAndFunnel() throws Exception {
        try (SparkPairs.Pairs pairs = SparkPairs.files(spark, List.of(rows.toString()),
                PipelineSpec.notebooks(NotebookOptions.builder().build()), 3)) {
            List<List<String>> expected = cliSamples(cli);
            assertTrue(expected.size() >= 10, "the corpus makes pairs: " + expected.size());
            assertEquals(expected, sparkSamples(pairs.samples()), "the same keys, image bytes, code and metadata, in order");
            Map<String, Object> funnel = cliFunnel(cli);
            assertTrue(((Map<?, ?>) funnel.get("dropped")).containsKey("duplicate"), "the corpus has a duplicate: " + funnel);
            assertEquals(funnel, pairs.funnel());
            List<String> cliRejects = Files.readAllLines(cli.resolve("rejects.jsonl")).stream().sorted().toList();
            Path out = dir.resolve("spark-out");
            SparkOutput.parquet(pairs, out);
            assertEquals(cliRejects, Files.readAllLines(out.resolve("rejects.jsonl")).stream().sorted().toList(),
                    "the same rejects.jsonl lines");
        }
    }

    @Test
    void rowsOfADataFrameAreInputsAndBadRowsAreRejectionsNotFailures() throws Exception {
        Dataset<Row> frame = spark.read().json(rows.toString()).repartition(4);
        // repartition shuffles rows: the input order is the frame's own, so compare as sets
        try (SparkPairs.Pairs pairs = SparkPairs.notebooks(frame, NotebookOptions.builder().build())) {
            List<String> cliTexts = cliSamples(cli).stream().map(s -> s.get(1) + s.get(2)).sorted().toList();
            List<String> sparkTexts = sparkSamples(pairs.samples()).stream().map(s -> s.get(1) + s.get(2)).sorted().toList();
            assertEquals(cliTexts, sparkTexts, "the same pairs");
            List<Row> rejected = pairs.rejections().collectAsList();
            assertTrue(rejected.stream().anyMatch(r -> "missing_content".equals(r.getAs("reason"))), "rows without a notebook are recorded");
            assertTrue(rejected.stream().anyMatch(r -> "bad_base64".equals(r.getAs("reason"))), "broken notebooks are recorded");
            for (Row s : pairs.samples().collectAsList()) {
                JsonNode meta = Json.MAPPER.readTree((String) s.getAs("meta"));
                assertTrue(meta.at("/provenance/path").isTextual(), meta.toString());
                assertTrue(List.of("jakevdp/PythonDataScienceHandbook", "someone/fork").contains(meta.at("/provenance/max_stars_repo_name").asText()),
                        "provenance carried from the row: " + meta);
                assertTrue(((String) s.getAs("key")).length() > 8);
            }
        }
    }

    /** What Hugging Face datasets makes of a Spark output folder (src/test/python/load_parquet.py). */
    static JsonNode loadParquet(Path out) throws Exception {
        Process p = new ProcessBuilder(TestData.hfPython().toString(), "src/test/python/load_parquet.py", out.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "datasets loads the folder");
        return Json.MAPPER.readTree(stdout.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void parquetHasTheHuggingFaceFooterAndLoadsInDatasets() throws Exception {
        Path out = dir.resolve("parquet");
        List<Path> files;
        try (SparkPairs.Pairs pairs = SparkPairs.files(spark, List.of(rows.toString()),
                PipelineSpec.notebooks(NotebookOptions.builder().build()), 2)) {
            files = SparkOutput.parquet(pairs, out).stream().map(out::resolve).toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(f))) {
                String hf = r.getFooter().getFileMetaData().getKeyValueMetaData().get("huggingface");
                assertEquals("Image", Json.MAPPER.readTree(hf).at("/info/features/image/_type").asText(), f.toString());
            }
        }
        Dataset<Row> back = spark.read().parquet(out.resolve("data").toString());
        StructField image = back.schema().apply("image");
        assertTrue(image.nullable(), "the image struct is nullable");
        assertEquals(cliSamples(cli).size(), back.count());
        List<String> keys = cliSamples(cli).stream().map(s -> s.get(0)).toList();
        assertEquals(keys, back.select("key").collectAsList().stream().map(r -> r.getString(0)).toList(), "in input order");

        JsonNode loaded = loadParquet(out);
        assertEquals("Image", loaded.get("card_image_feature").asText());
        assertEquals("Image", loaded.get("footer_image_feature").asText());
        assertEquals(keys.size(), loaded.get("rows").asInt());
        assertTrue(loaded.get("image_size").get(0).asInt() > 0);
    }

    @Test
    void theSelfCheckRunsPerPartitionAndAnnotatesEverySample() throws Exception {
        try (SparkPairs.Pairs pairs = SparkPairs.files(spark, List.of(rows.toString()),
                PipelineSpec.notebooks(NotebookOptions.builder().build()), 2)) {
            Dataset<Row> some = pairs.samples().limit(6).repartition(2);
            try (SparkPairs.Pairs checked = SparkPairs.check(some, org.pairforge.check.CheckOptions.builder()
                    .embedded(org.pairforge.check.CheckOptions.Embedded.TESSERACT).build())) {
                List<Row> out = checked.samples().collectAsList();
                assertEquals(6, out.size(), "no --min-score: every sample is kept");
                assertEquals(0, checked.rejections().count());
                for (Row r : out) {
                    JsonNode check = Json.MAPPER.readTree((String) r.getAs("meta")).get("check");
                    assertEquals("tesseract", check.get("checker").asText(), (String) r.getAs("key"));
                    assertTrue(List.of("ok", "no_text").contains(check.get("status").asText()), check.toString());
                }
            }
        }
    }
}

package org.pairforge.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Json;
import org.pairforge.core.Sample;
import org.pairforge.core.UsageException;
import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.shard.ShardReader;
import org.pairforge.spark.internal.SampleFiles;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark jobs whose inputs and output are on HDFS (Hadoop's own MiniDFSCluster, a NameNode and a DataNode in this
 * JVM) and on S3 (an S3 server on 127.0.0.1 over a folder, reached by Hadoop's S3A client): no shared disk, only a
 * Hadoop file system. What they write equals the CLI's on the same rows; on S3 a task that dies midway leaves one
 * copy of every file and no object that looks finished but is not, and a resume keeps finished shards and refuses
 * changed inputs, as on local disk.
 */
class SparkStoresIT {
    @TempDir
    static Path dir;
    static Path rows;
    static Path cli;
    static MiniDFSCluster hdfs;
    static String hdfsRoot;
    static S3Proxy s3;
    static Map<String, String> s3conf;

    @BeforeAll
    static void start() throws Exception {
        rows = SparkPairsIT.stackRows(dir.resolve("rows.jsonl"));
        cli = TestData.runCli(dir, "cli", "notebooks", rows.toString());

        Configuration c = new Configuration();
        c.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, Files.createDirectories(dir.resolve("dfs")).toString());
        hdfs = new MiniDFSCluster.Builder(c).numDataNodes(1).build();
        hdfs.waitActive();
        hdfsRoot = hdfs.getFileSystem().getUri().toString();

        Path bucket = Files.createDirectories(dir.resolve("s3").resolve("bucket"));
        Properties p = new Properties();
        p.setProperty("jclouds.filesystem.basedir", bucket.getParent().toString());
        BlobStoreContext blobs = ContextBuilder.newBuilder("filesystem").overrides(p).build(BlobStoreContext.class);
        s3 = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        s3.start();
        while (!s3.getState().equals("STARTED")) {
            Thread.sleep(10);
        }
        s3conf = new LinkedHashMap<>();
        s3conf.put("spark.hadoop.fs.s3a.endpoint", "http://127.0.0.1:" + s3.getPort());
        s3conf.put("spark.hadoop.fs.s3a.path.style.access", "true");
        s3conf.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
        s3conf.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
        s3conf.put("spark.hadoop.fs.s3a.access.key", "any");
        s3conf.put("spark.hadoop.fs.s3a.secret.key", "any");
        s3conf.put("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    /** One sample as its bytes: the image's hash, the text, the metadata (ids of the CLI's input written as {@code in}'s). */
    private static List<String> sample(String key, byte[] image, String text, String meta) throws Exception {
        return List.of(SparkPairsIT.sha(image), text, meta);
    }

    /** The CLI's samples in order, their metadata naming the input as {@code id} names it (the CLI's path → a URI). */
    private static List<List<String>> cliSamplesAs(String id) throws Exception {
        List<List<String>> all = new ArrayList<>();
        for (List<String> s : SparkPairsIT.cliSamples(cli)) {
            all.add(List.of(s.get(1), s.get(2), s.get(3).replace(rows.toString(), id)));
        }
        return all;
    }

    /** A run's rejections, sorted, their sources named as {@code id} names the rows and their keys (derived from it) left out. */
    private static List<String> rejects(Path out, String from, String id) throws Exception {
        return Files.readAllLines(out.resolve("rejects.jsonl")).stream()
                .map(l -> l.replace(from, id).replaceAll("[0-9a-f]{16}_c\\d+", "KEY")).sorted().toList();
    }

    private static FileSystem fs(String uri, Map<String, String> conf) throws Exception {
        Configuration c = new Configuration();
        conf.forEach((k, v) -> c.set(k.replaceFirst("^spark\\.hadoop\\.", ""), v));
        return FileSystem.get(URI.create(uri), c);
    }

    /** The samples of a run's tars or Parquet files, in shard order, keys aside (they derive from the input's name). */
    private static List<List<String>> samples(FileSystem fs, String out, String format) throws Exception {
        List<List<String>> all = new ArrayList<>();
        String folder = format.equals("parquet") ? "/data" : "/shards";
        List<FileStatus> files = new ArrayList<>(List.of(fs.listStatus(new org.apache.hadoop.fs.Path(out + folder))));
        files.sort(java.util.Comparator.comparing(f -> f.getPath().getName()));
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            if (format.equals("parquet") && name.endsWith(".parquet")) {
                List<Sample> read = new ArrayList<>();
                SampleFiles.read(HadoopInputFile.fromPath(f.getPath(), fs.getConf()), read::add);
                for (Sample s : read) {
                    all.add(sample(s.key(), s.image().bytes(), s.text(), new String(Json.MAPPER.writeValueAsBytes(s.metadata()),
                            StandardCharsets.UTF_8)));
                }
            } else if (name.endsWith(".tar")) {
                try (InputStream in = fs.open(f.getPath())) {
                    for (ShardReader.TarSample t : ShardReader.read(in, name)) {
                        all.add(sample(t.key(), t.members().get("png"), new String(t.members().get("txt"), StandardCharsets.UTF_8),
                                new String(t.members().get("json"), StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return all;
    }

    private static Path local(FileSystem fs, String uri, String name) throws Exception {
        Path to = Files.createDirectories(dir.resolve("copies").resolve(Integer.toHexString(uri.hashCode())));
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(uri + "/" + name))) {
            Files.copy(in, to.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    @Test
    void aJobReadsJsonLinesOnHdfsAndWritesParquetAndWebDatasetThereAsTheCliWould() throws Exception {
        FileSystem fs = hdfs.getFileSystem();
        String in = hdfsRoot + "/in/rows.jsonl";
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(rows.toUri()), new org.apache.hadoop.fs.Path(in));
        for (String format : List.of("parquet", "webdataset")) {
            String out = hdfsRoot + "/out-" + format;
            StringBuilder err = new StringBuilder();
            assertEquals(0, SparkJobIT.spark(err, "notebooks", in, "-o", out, "--format", format, "--master", "local[2]",
                    "--partitions", "3"), err.toString());
            assertEquals(cliSamplesAs(in), samples(fs, out, format), format + ": the CLI's samples, byte for byte, in order");
            Path summary = local(fs, out, "summary.json");
            local(fs, out, "rejects.jsonl");
            assertEquals(SparkPairsIT.cliFunnel(cli), SparkPairsIT.cliFunnel(summary), format);
            assertEquals(rejects(cli, rows.toString(), in), rejects(summary, in, in), format);
            for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(out + "/shards"))) {
                assertFalse(f.getPath().getName().contains(".attempt-"), "no attempt's file left: " + f.getPath());
            }
        }
    }

    @Test
    void onS3ATaskThatDiesMidwayLeavesOneCopyOfEachFileAndAResumeKeepsFinishedShardsAndRefusesChangedInputs() throws Exception {
        FileSystem fs = fs("s3a://bucket/", s3conf);
        String in = "s3a://bucket/in/rows.jsonl";
        upload(fs, rows, in);
        String out = "s3a://bucket/out";
        NotebookOptions options = NotebookOptions.builder().build();
        String kills = Files.createDirectories(dir.resolve("kills")).toString();
        PipelineSpec dying = SparkJobIT.dyingOnFirstAttempt(options, kills); // its tar half written
        long renames = renames(fs);
        Map<String, Object> summary = new SparkJob("notebooks", dying, List.of(in), out, "local[2,2]", "webdataset", 3,
                null, Map.of(), false, false, s3conf).run();
        assertEquals(3, Files.list(Path.of(kills)).count(), "each partition's first attempt died");
        assertEquals(renames, renames(fs), "nothing renamed on S3, where a rename is a copy: each file written once, whole");
        List<String> objects = new ArrayList<>();
        for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(out + "/shards"))) {
            objects.add(f.getPath().getName());
        }
        objects.sort(null);
        List<String> expected = new ArrayList<>();
        for (int shard = 0; shard < 3; shard++) {
            for (String suffix : List.of("inputs.jsonl", "rejects.jsonl", "stats.json", "tar")) {
                expected.add(String.format("%06d.%s", shard, suffix));
            }
        }
        expected.sort(null);
        assertEquals(expected, objects, "one of each file per shard, nothing of the attempts that died");
        for (int shard = 0; shard < 3; shard++) {
            JsonNode stats;
            try (InputStream s = fs.open(new org.apache.hadoop.fs.Path(out + String.format("/shards/%06d.stats.json", shard)))) {
                stats = Json.MAPPER.readTree(s);
            }
            try (InputStream tar = fs.open(new org.apache.hadoop.fs.Path(out + String.format("/shards/%06d.tar", shard)))) {
                assertEquals(stats.get("kept").asInt(), ShardReader.read(tar, "shard " + shard).size(),
                        "shard " + shard + ": a shard with stats has its whole tar");
            }
        }
        assertEquals(cliSamplesAs(in), samples(fs, out, "webdataset"), "every sample once, in order, as the CLI's");
        assertEquals(SparkPairsIT.cliFunnel(cli), SparkPairsIT.cliFunnel(local(fs, out, "summary.json")));

        // a run stopped before shard 1 was committed: its stats never written
        String stats1 = out + "/shards/000001.stats.json";
        fs.delete(new org.apache.hadoop.fs.Path(stats1), false);
        fs.delete(new org.apache.hadoop.fs.Path(out + "/summary.json"), false);
        Map<Integer, Long> written = new TreeMap<>();
        for (int shard : List.of(0, 2)) {
            written.put(shard, fs.getFileStatus(new org.apache.hadoop.fs.Path(out + String.format("/shards/%06d.tar", shard)))
                    .getModificationTime());
        }
        Thread.sleep(1100); // S3 times have seconds: a tar written again would show
        PipelineSpec plain = () -> Pipeline.notebooks(options);
        UsageException notResumed = assertThrows(UsageException.class, () -> new SparkJob("notebooks", plain, List.of(in), out,
                "local[2]", "webdataset", 3, null, Map.of(), false, false, s3conf).run());
        assertTrue(notResumed.getMessage().contains("--resume"), notResumed.getMessage());
        Map<String, Object> resumed = new SparkJob("notebooks", plain, List.of(in), out, "local[2]", "webdataset", 3,
                null, Map.of(), true, false, s3conf).run();
        assertEquals(2, ((Number) resumed.get("resumed_shards")).intValue(), resumed.toString());
        for (int shard : List.of(0, 2)) {
            assertEquals(written.get(shard), fs.getFileStatus(new org.apache.hadoop.fs.Path(out + String.format("/shards/%06d.tar", shard)))
                    .getModificationTime(), "finished shard " + shard + " is not written again");
        }
        assertEquals(cliSamplesAs(in), samples(fs, out, "webdataset"), "the same samples after the resume");
        assertEquals(SparkPairsIT.cliFunnel(cli), SparkPairsIT.cliFunnel(local(fs, out, "summary.json")),
                "the funnel counts the resumed shards");

        // the inputs changed under a stopped run: a resume would mix two runs' shards, so it is refused
        fs.delete(new org.apache.hadoop.fs.Path(stats1), false);
        List<String> lines = new ArrayList<>(Files.readAllLines(rows));
        lines.set(0, lines.get(0).replace("jakevdp/PythonDataScienceHandbook", "someone/else"));
        Path changed = Files.write(dir.resolve("changed.jsonl"), lines);
        upload(fs, changed, in);
        UsageException refused = assertThrows(UsageException.class, () -> new SparkJob("notebooks", plain, List.of(in), out,
                "local[2]", "webdataset", 3, null, Map.of(), true, false, s3conf).run());
        assertTrue(refused.getMessage().contains("changed") && refused.getMessage().contains("--overwrite"), refused.getMessage());
        assertFalse(fs.exists(new org.apache.hadoop.fs.Path(stats1)), "nothing was committed");
    }

    /** A file put on the file system through S3A's own output stream, as the job writes. */
    private static void upload(FileSystem fs, Path file, String to) throws Exception {
        try (var out = fs.create(new org.apache.hadoop.fs.Path(to), true)) {
            Files.copy(file, out);
        }
    }

    private static long renames(FileSystem fs) {
        Long n = fs.getStorageStatistics().getLong("op_rename");
        return n == null ? 0 : n;
    }
}

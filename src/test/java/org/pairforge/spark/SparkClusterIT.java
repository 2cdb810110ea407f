package org.pairforge.spark;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.core.Json;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real standalone cluster on 127.0.0.1: Spark's own Master and Worker from the same jars, and the notebooks job
 * submitted with SparkSubmit and the project's jar, so the work runs in an executor JVM the worker starts. Its
 * output equals the CLI's: the functions serialize and nothing depends on the driver's state.
 */
class SparkClusterIT {
    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A SPARK_HOME whose jars/ links this JVM's class path: what a Worker needs to start executors. */
    private Path sparkHome(List<String> classpath) throws Exception {
        Path jars = Files.createDirectories(dir.resolve("spark-home").resolve("jars"));
        for (String entry : classpath) {
            Path p = Path.of(entry);
            // pairforge's no-op SLF4J provider would silence the master's and worker's logs
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !p.getFileName().toString().startsWith("slf4j-nop")
                    && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        return jars.getParent();
    }

    private Process java(String name, Path home, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        cmd.addAll(List.of(Files.readString(Path.of("bin/spark-jvm-flags")).strip().split("\\s+")));
        cmd.addAll(List.of("-cp", home.resolve("jars") + File.separator + "*"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /** The master's own account (its web UI's JSON) of the workers registered with it; 0 while it starts. */
    private static int aliveWorkers(int ui) {
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            var answer = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + ui + "/json/"))
                    .timeout(java.time.Duration.ofSeconds(2)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return Json.MAPPER.readTree(answer.body()).path("aliveworkers").asInt(0);
        } catch (Exception e) {
            return 0;
        }
    }

    private String log(String name) throws Exception {
        return Files.readString(dir.resolve(name + ".log"));
    }

    private static List<String> toList(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(n -> l.add(n.asText()));
        return l;
    }

    @Test
    void theNotebooksJobOnAStandaloneClusterEqualsTheCli() throws Exception {
        Path jar = Path.of("target", "pairforge.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the project's jar is built before the integration tests");
        Path rows = SparkPairsIT.stackRows(dir.resolve("rows.jsonl"));
        Path cli = TestData.runCli(dir, "cli", "notebooks", rows.toString());

        Path home = sparkHome(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        int port = freePort();
        int ui = freePort();
        String masterUrl = "spark://127.0.0.1:" + port;
        List<Process> cluster = new ArrayList<>();
        try {
            cluster.add(java("master", home, List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--webui-port", String.valueOf(ui))));
            Path work = Files.createDirectories(dir.resolve("worker-work"));
            cluster.add(java("worker", home, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "2", "--memory", "2g", "--work-dir", work.toString(), "--webui-port", String.valueOf(freePort()),
                    masterUrl)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (aliveWorkers(ui) < 1) {
                assertTrue(System.nanoTime() < deadline, "the worker registers:\n" + log("worker"));
                assertTrue(cluster.stream().allMatch(Process::isAlive), "master and worker run:\n" + log("master") + log("worker"));
                Thread.sleep(200);
            }
            Path out = dir.resolve("cluster-out");
            String flags = Files.readString(Path.of("bin/spark-jvm-flags")).strip();
            Process submit = java("submit", home, List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl,
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=1g",
                    "--conf", "spark.executor.extraJavaOptions=" + flags,
                    "--class", "org.pairforge.spark.SparkMain", jar.toString(),
                    "notebooks", rows.toString(), "-o", out.toString(), "--partitions", "3"));
            assertTrue(submit.waitFor(240, TimeUnit.SECONDS), "the job ends:\n" + log("submit"));
            assertEquals(0, submit.exitValue(), "the job succeeds:\n" + log("submit"));

            // the figures were made in an executor the worker started, not in the driver
            try (Stream<Path> apps = Files.list(work)) {
                List<Path> executors = apps.flatMap(a -> {
                    try {
                        return Files.list(a);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
                assertTrue(!executors.isEmpty() && executors.stream().allMatch(e -> Files.exists(e.resolve("stderr"))),
                        "an executor JVM ran under the worker: " + executors);
            }

            JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
            assertEquals(masterUrl, summary.get("master").asText());
            Map<String, Object> funnel = SparkPairsIT.cliFunnel(cli);
            for (String k : List.of("inputs_read", "inputs_unreadable", "candidates", "kept")) {
                assertEquals(funnel.get(k), summary.get(k).asLong(), k);
            }
            assertEquals(Files.readAllLines(cli.resolve("rejects.jsonl")).stream().sorted().toList(),
                    Files.readAllLines(out.resolve("rejects.jsonl")).stream().sorted().toList(), "the same rejections");
            List<String> keys = SparkPairsIT.cliSamples(cli).stream().map(sample -> sample.get(0)).toList();
            assertEquals(keys, toList(SparkPairsIT.loadParquet(out).get("keys")), "the same samples, in order");
        } finally {
            for (Process p : cluster) {
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}

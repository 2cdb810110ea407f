package org.pairforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true));
            System.setErr(new PrintStream(err, true));
            int code = Main.execute(args);
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aCompletedRunExitsZeroAndPrintsTheFunnel() {
        Result r = run("notebooks", TestData.fixtures("notebooks").toString(), "-o", tmp.resolve("o").toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("candidates"), r.out());
        assertTrue(r.out().contains("dropped too_few_code_lines"), r.out());
        assertTrue(Files.exists(tmp.resolve("o/summary.json")));
    }

    @Test
    void sparkMisuseExitsTwoInOneLineBeforeSparkStarts() throws Exception {
        String in = TestData.fixtures("notebooks").toString();
        String out = tmp.resolve("s").toString();
        for (String[] args : List.of(
                new String[]{"spark", "--format", "zip", "notebooks", in, "-o", out},
                new String[]{"spark", "notebooks", in, "-o", out, "--format", "zip"},
                new String[]{"spark", "notebooks", in, "-o", out, "--format=zip"},
                new String[]{"spark", "notebooks", in, "-o", out, "--partitions", "0"},
                new String[]{"spark", "notebooks", in, "-o", out, "--resume", "--overwrite"})) {
            long t0 = System.nanoTime();
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().contains(List.of(args).stream().anyMatch(a -> a.startsWith("--format")) ? "--format"
                    : args[args.length - 2].startsWith("--") ? args[args.length - 2] : args[args.length - 1]), r.err());
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused before a Spark session starts");
        }
        String missing = tmp.resolve("no-such-folder").toString();
        long t0 = System.nanoTime();
        Result r = run("spark", "notebooks", missing, "-o", out);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains("input " + missing + " does not exist"), r.err());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused before a Spark session starts");
        Result remote = run("spark", "check", "s3a://bucket/dataset", "-o", out);
        assertEquals(2, remote.code(), remote.err());
        assertTrue(remote.err().contains("s3a://bucket/dataset") && remote.err().contains("local or shared disk"), remote.err());
    }

    @Test
    void aMisplacedFlagsMessageNamesTheCommandAsTyped() {
        Result r = run("spark", "notebooks", TestData.fixtures("notebooks").toString(), "--no-such-flag");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("(see 'pairforge spark notebooks --help')"), r.err());
        Result plain = run("notebooks", TestData.fixtures("notebooks").toString(), "--no-such-flag");
        assertTrue(plain.err().contains("(see 'pairforge notebooks --help')"), plain.err());
    }

    @Test
    void checkMisuseExitsTwoNamingTheFlagAndValue() throws Exception {
        String ds = tmp.resolve("ds").toString();
        String out = tmp.resolve("c").toString();
        Files.createDirectories(tmp.resolve("ds/shards"));
        java.util.function.BiConsumer<String, String[]> expect = (needle, args) -> {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(needle), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        };
        expect.accept("--model gpt needs --model-url", new String[]{"check", ds, "-o", out, "--model", "gpt"});
        expect.accept("--model is required with --model-url", new String[]{"check", ds, "-o", out, "--model-url", "http://127.0.0.1:9/v1"});
        expect.accept("--api-key-env PAIRFORGE_NO_SUCH_VARIABLE", new String[]{"check", ds, "-o", out, "--api-key-env", "PAIRFORGE_NO_SUCH_VARIABLE"});
        expect.accept("--request-timeout soon", new String[]{"check", ds, "-o", out, "--request-timeout", "soon"});
        expect.accept("--min-score must be between 0 and 1, got 1.5", new String[]{"check", ds, "-o", out, "--min-score", "1.5"});
        expect.accept("--checker ocr is not one of auto, tesseract, ppocr", new String[]{"check", ds, "-o", out, "--checker", "ocr"});
        expect.accept("--checker tesseract runs without a model server", new String[]{"check", ds, "-o", out, "--checker", "tesseract",
                "--model-url", "http://127.0.0.1:9/v1", "--model", "m"});
        expect.accept("--concurrency must be at least 1", new String[]{"check", ds, "-o", out, "--concurrency", "0"});
        Path prompts = tmp.resolve("prompts.json");
        Files.writeString(prompts, "{\"document-page\": {\"id\": \"p\", \"text\": \"read it\"}}");
        expect.accept("has no prompt for 'latex-page'", new String[]{"check", ds, "-o", out, "--prompts", prompts.toString()});
        expect.accept("cannot be reached", new String[]{"check", ds, "-o", out, "--model-url", "http://127.0.0.1:9/v1", "--model", "m"});
        expect.accept("--model-url http://127.0.0.1:9/v1 cannot be reached", new String[]{"notebooks", TestData.fixtures("notebooks").toString(),
                "-o", out, "--check", "--model-url", "http://127.0.0.1:9/v1", "--model", "m"});
        assertFalse(Files.exists(Path.of(out, "shards")), "nothing was written");
    }

    @Test
    void fixturesAndInspectMisuseExitsTwoNamingTheFlagAndValue() throws Exception {
        java.util.function.BiConsumer<String, String[]> expect = (needle, args) -> {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(needle), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        };
        String fx = tmp.resolve("fx").toString();
        expect.accept("--kinds: 'pdfs' is not one of notebooks,documents,latex,web", new String[]{"fixtures", "-o", fx, "--kinds", "web,pdfs"});
        expect.accept("--count must be between 1 and 1000", new String[]{"fixtures", "-o", fx, "--count", "0"});
        expect.accept("--check ocr is not one of auto, tesseract, ppocr", new String[]{"fixtures", "-o", fx, "--check", "ocr"});
        Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(tmp.resolve("taken/mine.txt"), "x");
        expect.accept("holds files but no fixtures.json", new String[]{"fixtures", "-o", tmp.resolve("taken").toString(), "--kinds", "notebooks"});
        assertFalse(Files.exists(Path.of(fx)), "nothing was made");
        expect.accept("not a pairforge dataset", new String[]{"inspect", tmp.resolve("taken").toString()});
        expect.accept("is not a folder", new String[]{"inspect", tmp.resolve("nope").toString()});
        Files.createDirectories(tmp.resolve("run/shards"));
        expect.accept("--sample must be 0 or more, got -1", new String[]{"inspect", tmp.resolve("run").toString(), "--sample", "-1"});
        expect.accept("--kind latex", new String[]{"inspect", tmp.resolve("run").toString(), "--kind", "latex"});
        expect.accept("--html " + tmp.resolve("no/g.html") + ": its folder does not exist",
                new String[]{"inspect", tmp.resolve("run").toString(), "--html", tmp.resolve("no/g.html").toString()});
    }

    @Test
    void usageErrorsExitTwoWithAMessage() {
        Result missing = run("notebooks", tmp.resolve("nope").toString(), "-o", tmp.resolve("o").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        assertEquals(2, run("notebooks", "-o", tmp.toString()).code(), "no input");
        assertEquals(2, run("notebooks", tmp.toString(), "-o", tmp.resolve("o").toString(), "--context", "whole-file").code());
        assertEquals(2, run("notebooks", tmp.toString(), "-o", tmp.resolve("o").toString(), "--workers", "0").code());
        assertEquals(2, run("notebooks", tmp.toString(), "-o", tmp.resolve("o").toString(), "--bogus").code());
        // A template makes its own inputs: misusing it is a usage error that names the problem.
        Result noContent = run("documents", "--template", "exam", "--content", tmp.resolve("nope.json").toString(), "-o", tmp.resolve("t").toString());
        assertEquals(2, noContent.code());
        assertTrue(noContent.err().contains("--content") && noContent.err().contains("no such file"), noContent.err());
        Result withInput = run("web", "--template", "landing", tmp.toString(), "-o", tmp.resolve("t").toString());
        assertEquals(2, withInput.code());
        assertTrue(withInput.err().contains("give no INPUT"), withInput.err());
        Result zero = run("web", "--template", "landing", "--count", "0", "-o", tmp.resolve("t").toString());
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--count must be at least 1"), zero.err());
        Result huge = run("web", tmp.toString(), "--viewport", "100000x100000", "-o", tmp.resolve("t").toString());
        assertEquals(2, huge.code());
        assertTrue(huge.err().contains("100..8192 px, got 100000x100000"), huge.err());
        Result unknown = run("documents", "--template", "nope", "-o", tmp.resolve("t").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("ebook, exam, article"), unknown.err());
    }

    @Test
    void withoutDashOTheOutputIsTheProjectsOutputFolderByCommand() {
        RunOptions run = new RunOptions();
        assertEquals(Path.of("output", "web"), run.out("web"));
        run.out = tmp;
        assertEquals(tmp, run.out("web"));
    }

    @Test
    void anUnwritableOutputIsFatal() throws Exception {
        Path blocker = Files.writeString(tmp.resolve("file"), "x");
        // A regular file where the output folder should be cannot be made a folder, even by root; nor can a
        // folder under /proc (a folder's permission bits would not stop root, who runs CI).
        for (Path out : List.of(blocker.resolve("out"), Path.of("/proc/pairforge-out"))) {
            Result r = run("notebooks", TestData.fixtures("notebooks/real").toString(), "-o", out.toString(), "--no-progress");
            assertEquals(1, r.code(), out + ": " + r.err());
            assertTrue(r.err().startsWith("pairforge: error: "), r.err());
            assertTrue(r.err().contains(out.toString()), "the message names the folder: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
    }
}

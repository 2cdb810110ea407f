import com.sun.net.httpserver.HttpServer;
import org.pairforge.check.CheckOptions;
import org.pairforge.check.Scores;
import org.pairforge.check.SelfCheck;
import org.pairforge.core.Sample;
import org.pairforge.pipeline.Verdict;
import org.pairforge.shard.ShardReader;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The self-check's speed. usage: java -cp target/pairforge.jar bench/check/CheckBench.java MODE SHARD_TAR [N MAX_SIDE]
 * MODE client: N page requests through SelfCheck against a loopback server answering after 200 ms at
 * --concurrency 64, then after 0 ms (the client's own cost, with the server on the same cores);
 * MODE distance: edit distance on the shard's longest page, full and banded; MODE tesseract: pages/s of the
 * Tesseract checker over the shard's pages; MODE readers: pages/s and mean CER of Tesseract and of PP-OCR over the
 * shard's (Chinese) pages. Prints Markdown table rows.
 */
public class CheckBench {
    public static void main(String[] args) throws Exception {
        // The JDK's HttpServer leaves Nagle's algorithm on unless told (model servers such as uvicorn turn it off):
        // its answer's head and body then wait out the client's delayed ACK, ~40 ms an answer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        List<Sample> pages = new ArrayList<>();
        for (ShardReader.TarSample t : ShardReader.read(Path.of(args[1]))) {
            pages.add(ShardReader.toSample(t));
        }
        switch (args[0]) {
            case "client" -> client(pages, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "distance" -> distance(pages);
            case "tesseract" -> tesseract(pages);
            case "readers" -> readers(pages);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static List<Sample> repeat(List<Sample> pages, int n) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Sample s = pages.get(i % pages.size());
            out.add(new Sample(s.key() + "_r" + i, s.source(), s.images(), s.text(), s.metadata(), s.extras(), s.dedupKey()));
        }
        return out;
    }

    static void client(List<Sample> pages, int n, int maxSide) throws Exception {
        int side = pages.stream().mapToInt(p -> Math.max(p.image().width(), p.image().height())).max().orElseThrow();
        String what = pages.get(0).metadata().get("kind") + "s";
        String how = side > maxSide ? "each scaled from " + side + " px to --max-image-side " + maxSide
                : "sent as they are";
        for (int delay : new int[]{200, 0}) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            server.setExecutor(Executors.newCachedThreadPool());
            byte[] models = "{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}".getBytes(StandardCharsets.UTF_8);
            server.createContext("/v1/models", ex -> {
                ex.sendResponseHeaders(200, models.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(models);
                }
            });
            server.createContext("/v1/chat/completions", ex -> {
                ex.getRequestBody().readAllBytes();
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] answer = ("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"a transcript of the page\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1500,\"completion_tokens\":700}}").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, answer.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(answer);
                }
            });
            server.start();
            CheckOptions options = CheckOptions.builder()
                    .model(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1"), "m").concurrency(64)
                    .maxImageSide(maxSide).build();
            try (SelfCheck check = SelfCheck.open(options)) {
                check.apply(repeat(pages, 128)); // warm-up
                List<Sample> batch = repeat(pages, n);
                long t0 = System.nanoTime();
                List<Verdict> v = check.apply(batch);
                double s = (System.nanoTime() - t0) / 1e9;
                long ok = v.stream().filter(Verdict::kept).count();
                double rate = n / s;
                if (delay > 0) {
                    double ideal = 64 * 1000.0 / delay;
                    System.out.printf("| %d %s, %s; server answers after %d ms, --concurrency 64 | %.1f requests/s | ideal %.0f/s | **%.2f** of ideal |%n",
                            n, what, how, delay, rate, ideal, rate / ideal);
                } else {
                    System.out.printf("| %d %s, %s; server answers at once (it shares the 2 cores) | %.0f requests/s | goal 500/s | **%.2fx** the goal |%n",
                            n, what, how, rate, rate / 500);
                }
                if (ok != n) {
                    throw new IllegalStateException(ok + " of " + n + " kept");
                }
            } finally {
                server.stop(0);
            }
        }
    }

    static void distance(List<Sample> pages) {
        Sample longest = pages.stream().max((a, b) -> Integer.compare(a.text().length(), b.text().length())).orElseThrow();
        String ref = longest.text();
        if (ref.length() > 3000) {
            ref = ref.substring(0, 3000);
        }
        // an OCR-like reading: every 20th character wrong
        StringBuilder read = new StringBuilder(ref);
        for (int i = 0; i < read.length(); i += 20) {
            read.setCharAt(i, '#');
        }
        String other = pages.get(0) == longest ? pages.get(1).text() : pages.get(0).text();
        String mismatched = other.length() > 3000 ? other.substring(0, 3000) : other;
        for (String[] c : new String[][]{{"close reading", read.toString()}, {"another page's text", mismatched}}) {
            for (Double min : new Double[]{null, 0.8}) {
                int reps = 50;
                for (int i = 0; i < 5; i++) {
                    Scores.page(c[1], ref, min);
                }
                long t0 = System.nanoTime();
                Scores.PageScore s = null;
                for (int i = 0; i < reps; i++) {
                    s = Scores.page(c[1], ref, min);
                }
                double ms = (System.nanoTime() - t0) / 1e6 / reps;
                System.out.printf("| %d-character page, %s, %s | %.2f ms | score %s%s |%n", ref.length(), c[0],
                        min == null ? "full distance" : "banded by --min-score " + min, ms, s.score(), s.exact() ? "" : " (bound)");
            }
        }
    }

    static void tesseract(List<Sample> pages) throws Exception {
        try (SelfCheck check = SelfCheck.open(CheckOptions.builder().build())) {
            check.apply(pages.subList(0, 2));
            long t0 = System.nanoTime();
            List<Verdict> v = check.apply(pages);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d %.3f%n", v.size(), s);
        }
    }

    /** Both embedded readers over the same pages, each warmed up on two pages first (PP-OCR loads its models then). */
    static void readers(List<Sample> pages) throws Exception {
        for (CheckOptions.Embedded e : new CheckOptions.Embedded[]{CheckOptions.Embedded.TESSERACT, CheckOptions.Embedded.PPOCR}) {
            try (SelfCheck check = SelfCheck.open(CheckOptions.builder().embedded(e).build())) {
                check.apply(pages.subList(0, 2));
                long t0 = System.nanoTime();
                List<Verdict> verdicts = check.apply(pages);
                double s = (System.nanoTime() - t0) / 1e9;
                List<Double> cers = new ArrayList<>();
                for (Verdict v : verdicts) {
                    Object c = v.sample().metadata().get(SelfCheck.NAME);
                    Object scores = c instanceof java.util.Map<?, ?> m ? m.get("scores") : null;
                    if (scores instanceof java.util.Map<?, ?> m && m.get("cer") instanceof Number n) {
                        cers.add(n.doubleValue());
                    }
                }
                cers.sort(null);
                double mean = cers.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
                System.out.printf("| %s | %.2f | %.3f | %.3f | %d |%n", e.id(), pages.size() / s, mean,
                        cers.isEmpty() ? Double.NaN : cers.get(cers.size() - 1), cers.size());
            }
        }
    }
}

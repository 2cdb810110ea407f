import org.pairforge.page.PageOptions;
import org.pairforge.page.PdfPages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pages per second of the page pipeline (PNG + text + word boxes) over the given PDFs, repeated REPS
 * times, on THREADS threads, after one warm-up pass. Prints: pages seconds.
 * usage: java -cp target/pairforge.jar bench/pages/PageRate.java DPI REPS THREADS PDF...
 */
public class PageRate {
    public static void main(String[] args) throws Exception {
        float dpi = Float.parseFloat(args[0]);
        int reps = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        List<byte[]> pdfs = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            pdfs.add(Files.readAllBytes(Path.of(args[i])));
        }
        PdfPages pages = new PdfPages(new PageOptions(dpi, 10_000, 400_000_000L));
        for (byte[] pdf : pdfs) {
            pages.render(pdf, p -> { });
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t = System.nanoTime();
        List<Future<?>> jobs = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            for (byte[] pdf : pdfs) {
                jobs.add(pool.submit(() -> pages.render(pdf, p -> count.incrementAndGet())));
            }
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        System.out.printf("%d %.3f%n", count.get(), (System.nanoTime() - t) / 1e9);
    }
}

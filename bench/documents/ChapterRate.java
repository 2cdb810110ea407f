import org.pairforge.document.ChromiumEngine;
import org.pairforge.document.EpubBook;
import org.pairforge.document.FlyingSaucerEngine;
import org.pairforge.document.HtmlEngine;
import org.pairforge.page.PageOptions;
import org.pairforge.page.PdfPages;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The document path: each story chapter of an EPUB through an engine and the page pipeline (PNG + text +
 * word boxes) at 144 dpi, on THREADS threads (each thread its own browser, as the CLI's workers have), after
 * one warm-up chapter per thread. Prints: chapters pages megapixels seconds.
 * usage: java -cp target/pairforge.jar bench/documents/ChapterRate.java EPUB_DIR flying-saucer|chromium THREADS
 */
public class ChapterRate {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        HtmlEngine engine = args[1].equals("chromium")
                ? new ChromiumEngine(Duration.ofSeconds(300), "A4", "2cm", false, 1L << 30)
                : new FlyingSaucerEngine(Duration.ofSeconds(300));
        int threads = Integer.parseInt(args[2]);
        EpubBook book = EpubBook.open(root);
        PdfPages pages = new PdfPages(new PageOptions(144, 10_000, 400_000_000L));
        List<Path> chapters = book.chapters().stream().filter(c -> c.getFileName().toString().startsWith("the-")
                || c.getFileName().toString().startsWith("a-")).toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> warm = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            warm.add(pool.submit(() -> { pages.render(engine.toPdf(chapters.get(0), root).bytes(), p -> { }); return null; }));
        }
        for (Future<?> f : warm) {
            f.get();
        }
        AtomicLong count = new AtomicLong();
        AtomicLong pixels = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long t = System.nanoTime();
        List<Future<?>> work = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            work.add(pool.submit(() -> {
                for (int c; (c = next.getAndIncrement()) < chapters.size(); ) {
                    pages.render(engine.toPdf(chapters.get(c), root).bytes(), p -> {
                        count.incrementAndGet();
                        pixels.addAndGet((long) p.width() * p.height());
                    });
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        System.out.printf("%d %d %.1f %.3f%n", chapters.size(), count.get(), pixels.get() / 1e6, (System.nanoTime() - t) / 1e9);
        pool.shutdown();
        System.exit(0);
    }
}

import org.pairforge.document.EpubBook;
import org.pairforge.document.FlyingSaucerEngine;
import org.pairforge.page.PageOptions;
import org.pairforge.page.PdfPages;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The document path on one thread: each story chapter of an EPUB through Flying Saucer and the page
 * pipeline (PNG + text + word boxes) at 144 dpi, after one warm-up chapter. Prints: chapters pages megapixels seconds.
 * usage: java -cp target/pairforge.jar bench/documents/ChapterRate.java EPUB_DIR
 */
public class ChapterRate {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        EpubBook book = EpubBook.open(root);
        FlyingSaucerEngine engine = new FlyingSaucerEngine(Duration.ofSeconds(300));
        PdfPages pages = new PdfPages(new PageOptions(144, 10_000, 400_000_000L));
        var chapters = book.chapters().stream().filter(c -> c.getFileName().toString().startsWith("the-")
                || c.getFileName().toString().startsWith("a-")).toList();
        pages.render(engine.toPdf(chapters.get(0), root).bytes(), p -> { });
        AtomicLong count = new AtomicLong();
        AtomicLong pixels = new AtomicLong();
        long t = System.nanoTime();
        for (Path chapter : chapters) {
            pages.render(engine.toPdf(chapter, root).bytes(), p -> {
                count.incrementAndGet();
                pixels.addAndGet((long) p.width() * p.height());
            });
        }
        System.out.printf("%d %d %.1f %.3f%n", chapters.size(), count.get(), pixels.get() / 1e6, (System.nanoTime() - t) / 1e9);
    }
}

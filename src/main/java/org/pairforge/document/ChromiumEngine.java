package org.pairforge.document;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.Margin;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.WaitUntilState;
import org.pairforge.browser.BrowserPool;
import org.pairforge.browser.HermeticSite;
import org.pairforge.browser.WorkerPages;
import org.pairforge.core.UnreadableInputException;
import org.w3c.dom.Document;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * HTML/XHTML → paged PDF with Chromium ({@code page.pdf()}), through Playwright, on this thread's pooled
 * browser, in the worker's reused page ({@link WorkerPages}: offline, JavaScript off unless the profile turns
 * it on, service workers blocked; with JavaScript on, a fresh context per document). A chapter sees only its
 * document's own folder ({@link HermeticSite}). Chromium falls back per glyph through fontconfig, so the
 * installed fonts (DejaVu, Noto CJK) cover CJK text without registration. The profile's page size and margin
 * apply where the document sets no {@code @page} of its own.
 */
public final class ChromiumEngine implements HtmlEngine {
    public static final String NAME = "chromium";

    private final Duration timeout;
    private final String pageSize;
    private final String pageMargin;
    private final boolean javaScript;
    private final long maxFileBytes;
    private final WorkerPages pages;
    private final BrowserPool browsers;

    /**
     * @param browsers where each thread's browser comes from; its owner closes it
     * @param timeout the most one document's loads and PDF output may take ({@code --render-timeout}) */
    public ChromiumEngine(Duration timeout, String pageSize, String pageMargin, boolean javaScript, long maxFileBytes,
                          BrowserPool browsers) {
        this.browsers = browsers;
        this.timeout = timeout;
        this.pageSize = pageSize;
        this.pageMargin = pageMargin;
        this.javaScript = javaScript;
        this.maxFileBytes = maxFileBytes;
        this.pages = new WorkerPages(javaScript);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Pdf toPdf(Path chapter, Path root, Duration limit) throws UnreadableInputException {
        Document source = SafeXml.chapter(chapter); // the same parse as Flying Saucer's: bad XHTML is bad for both
        HermeticSite site = new HermeticSite(root, maxFileBytes);
        try {
            Rendered rendered = browsers.withBrowser(limit, chromium -> {
                WorkerPages.WorkerPage worker = pages.acquire(chromium.browser(), site);
                try {
                    Page page = worker.page();
                    page.setDefaultTimeout(limit.toMillis());
                    String url = site.urlOf(chapter);
                    site.allowNavigation(url);
                    // Laid out for print from the start, as page.pdf() lays it out: innerText then leaves out what
                    // CSS hides in print (display: none, visibility: hidden, @media print rules).
                    worker.media(Media.PRINT);
                    page.navigate(url, new Page.NavigateOptions()
                            .setWaitUntil(WaitUntilState.LOAD).setTimeout(limit.toMillis()));
                    Object shown = page.evaluate("() => document.documentElement ? document.documentElement.innerText : ''");
                    return new Rendered(page.pdf(pdfOptions()), shown instanceof String text ? text : "");
                } catch (RuntimeException e) {
                    pages.discard();
                    throw e;
                } finally {
                    pages.release(worker);
                }
            });
            return new Pdf(rendered.pdf(), site.refused(), source, rendered.shownText());
        } catch (TimeoutError | BrowserPool.Hung e) {
            throw new UnreadableInputException("render_timeout", "Chromium took longer than " + limit.toMillis()
                    + " ms on " + chapter.getFileName() + " (--render-timeout)");
        } catch (PlaywrightException e) {
            throw new UnreadableInputException("render_failed", "Chromium could not render " + chapter.getFileName()
                    + ": " + org.pairforge.browser.Chromium.reason(e));
        }
    }

    private record Rendered(byte[] pdf, String shownText) {
    }

    private Page.PdfOptions pdfOptions() {
        // Tagged: the PDF carries the DOM's structure (headings, paragraphs, lists, tables, figures with their alt
        // text), which is what each page's Markdown is read from.
        Page.PdfOptions options = new Page.PdfOptions().setPrintBackground(true).setPreferCSSPageSize(true).setTagged(true)
                .setMargin(new Margin().setTop(pageMargin).setBottom(pageMargin).setLeft(pageMargin).setRight(pageMargin));
        String[] parts = pageSize.trim().split("\\s+");
        boolean landscape = false;
        StringBuilder lengths = new StringBuilder();
        for (String part : parts) {
            String p = part.toLowerCase(Locale.ROOT);
            if (p.equals("landscape")) {
                landscape = true;
            } else if (p.equals("portrait")) {
                landscape = false;
            } else if (Character.isDigit(p.charAt(0))) {
                lengths.append(lengths.length() == 0 ? "" : " ").append(p);
            } else {
                options.setFormat(p.substring(0, 1).toUpperCase(Locale.ROOT) + p.substring(1));
            }
        }
        String[] wh = lengths.toString().split(" ");
        if (wh.length == 2) {
            options.setWidth(wh[0]).setHeight(wh[1]);
        }
        return options.setLandscape(landscape);
    }
}

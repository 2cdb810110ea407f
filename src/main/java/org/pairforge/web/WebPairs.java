package org.pairforge.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.WaitUntilState;
import org.pairforge.browser.BrowserPool;
import org.pairforge.browser.HermeticSite;
import org.pairforge.browser.HtmlCharset;
import org.pairforge.browser.WorkerPages;
import org.pairforge.core.EncodedImage;
import org.pairforge.core.Extraction;
import org.pairforge.core.Extractor;
import org.pairforge.core.Hashing;
import org.pairforge.core.PairforgeVersion;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.page.WordBox;
import org.pairforge.core.SourceData;
import org.pairforge.image.ImageProbe;

import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A web page (an .html file with its folder, or a JSON Lines row's HTML) → one pair per viewport: the
 * screenshot, the page's code made self-contained ({@code KEY.html}), its visible text ({@code KEY.txt}),
 * and the boxes of its visible text in image pixels. Rendered on this thread's pooled Chromium in a fresh
 * context that is offline, sees only the page's folder ({@link HermeticSite}), and runs no script unless
 * asked. A page that hangs or crashes the browser is a rejection; the browser is replaced and the run goes on.
 */
public final class WebPairs implements Extractor {
    public static final String KIND = "web-page";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Collects the box of every word of visible text, and of each line (a text node's words on one line), in
     * document coordinates. Runs in the page even with
     * JavaScript off (Playwright evaluates through the DevTools protocol, not the page's own scripts).
     */
    private static final String TEXT_BOXES = """
            async () => {
              await document.fonts.ready; // web fonts change every box, and the screenshot
              // No blinking caret in an autofocused field (as Playwright's own screenshots do it).
              const caret = document.createElement('style');
              caret.textContent = '*{caret-color:transparent !important}';
              (document.head || document.documentElement).appendChild(caret);
              const words = [], lines = [];
              const root = document.body || document.documentElement;
              const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
              const range = document.createRange();
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const el = n.parentElement;
                if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE'].includes(el.tagName)) continue;
                const cs = getComputedStyle(el);
                if (cs.visibility !== 'visible' || cs.display === 'none' || parseFloat(cs.opacity) === 0) continue;
                const text = n.textContent;
                let line = null;
                for (const m of text.matchAll(/\\S+/g)) {
                  range.setStart(n, m.index);
                  range.setEnd(n, m.index + m[0].length);
                  const r = range.getBoundingClientRect();
                  if (r.width < 1 || r.height < 1) continue;
                  const box = [Math.round(r.left + scrollX), Math.round(r.top + scrollY),
                               Math.round(r.right + scrollX), Math.round(r.bottom + scrollY), m[0]];
                  words.push(box);
                  if (line && Math.abs(line[1] - box[1]) < Math.max(2, (box[3] - box[1]) / 2) && box[0] >= line[2] - 1) {
                    line[2] = Math.max(line[2], box[2]); line[3] = Math.max(line[3], box[3]); line[4] += ' ' + m[0];
                  } else {
                    line = box.slice();
                    lines.push(line);
                  }
                }
              }
              const height = Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
              // One JSON string: Playwright would otherwise wrap every number and word of the boxes in its own
              // serialization, which the driver and the JVM then parse value by value.
              return JSON.stringify({lines: lines, words: words, height: height, text: root.innerText || ''});
            }""";

    private final WebOptions options;

    private final BrowserPool browsers;

    /** @param browsers where each thread's browser comes from; its owner closes it */
    public WebPairs(WebOptions options, BrowserPool browsers) {
        this.options = options;
        this.browsers = browsers;
        this.pages = new WorkerPages(options.javaScript());
    }

    @Override
    public Extraction extract(SourceData input) {
        String id = input.ref().id();
        String keyPrefix = Hashing.sourceKey(id);
        Path file = input.location();
        Path root = file == null ? null : input.tree().toAbsolutePath().normalize();
        HermeticSite site = new HermeticSite(root, options.maxFileBytes(), options.vendored());
        String url = site.serve(file == null ? "index.html" : root.relativize(file.toAbsolutePath().normalize()).toString()
                .replace(java.io.File.separatorChar, '/'), input.content());
        // A file is bytes in its own encoding; a JSON Lines row's HTML was text already (UTF-8 from the JSON).
        String html = file == null ? new String(input.content(), StandardCharsets.UTF_8) : HtmlCharset.decode(input.content());
        String selfContained = SelfContainedHtml.of(html, file == null ? null : file.toAbsolutePath().normalize(), root,
                options.maxFileBytes(), options.vendored());
        Map<String, Object> templateMeta = new LinkedHashMap<>();
        putTemplateMeta(templateMeta, html); // once per input, not per viewport

        List<Sample> samples = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (Viewport viewport : options.viewports()) {
            String key = keyPrefix + "_" + viewport;
            try {
                Shot shot = browsers.withBrowser(options.pageTimeout(), chromium -> shoot(chromium.browser(), site, url, html, viewport));
                EncodedImage image = ImageProbe.probe(shot.image(), options.format().equals("png") ? "image/png" : "image/jpeg");
                samples.add(sample(input, key, viewport, shot, image, selfContained, templateMeta, site.refused()));
            } catch (TimeoutError e) {
                rejections.add(new Rejection(id, key, Rejection.Stage.EXTRACT, "page_timeout", "the page did not load within "
                        + options.pageTimeout().toMillis() + " ms at " + viewport + " (--page-timeout)"));
            } catch (UnreadableBoxes e) {
                rejections.add(new Rejection(id, key, Rejection.Stage.EXTRACT, "unreadable_text_boxes", e.getMessage()
                        + " at " + viewport));
            } catch (BrowserPool.Hung e) {
                rejections.add(new Rejection(id, key, Rejection.Stage.EXTRACT, "page_timeout", "the page kept the browser busy past "
                        + options.pageTimeout().toMillis() + " ms at " + viewport + " (--page-timeout); " + e.getMessage()));
            } catch (PlaywrightException e) {
                rejections.add(new Rejection(id, key, Rejection.Stage.EXTRACT, "page_crashed", "Chromium failed on the page at "
                        + viewport + ": " + org.pairforge.browser.Chromium.reason(e)));
            }
        }
        return new Extraction(true, options.viewports().size(), samples, rejections);
    }

    /** One viewport's screenshot and what the page says about its text. */
    private record Shot(byte[] image, int width, int height, int pageHeight, boolean truncated, String text,
                        List<WordBox> lines, List<WordBox> words) {
    }

    private final WorkerPages pages;

    private Shot shoot(Browser browser, HermeticSite site, String url, String html, Viewport viewport) {
        WorkerPages.WorkerPage session = pages.acquire(browser, site);
        Page page = session.page();
        try {
            long timeout = options.pageTimeout().toMillis();
            page.setDefaultTimeout(timeout);
            session.resize(viewport.width(), viewport.height());
            load(session, url, html, timeout);
            Map<String, Object> found = textBoxes(page.evaluate(TEXT_BOXES));
            int pageHeight = ((Number) found.get("height")).intValue();
            boolean truncated = options.fullPage() && pageHeight > options.maxHeight();
            int height = options.fullPage() ? Math.min(Math.max(pageHeight, viewport.height()), options.maxHeight()) : viewport.height();
            List<WordBox> lines;
            List<WordBox> words;
            try {
                lines = onImage((List<?>) found.get("lines"), viewport.width(), height);
                words = onImage((List<?>) found.get("words"), viewport.width(), height);
            } catch (RuntimeException e) {
                throw new UnreadableBoxes(e);
            }
            return new Shot(capture(session, viewport.width(), height), viewport.width(), height, pageHeight, truncated,
                    (String) found.get("text"), lines, words);
        } catch (RuntimeException e) {
            pages.discard();
            throw e;
        } finally {
            pages.release(session);
        }
    }

    /**
     * With scripts off, the HTML is written into the page parked beside it: 8 ms instead of the 60 ms of
     * a navigation answered through the routes, with the same parser and the same base URL (every input is
     * served at the origin's top level). With scripts on, a page gets a real navigation in its fresh context,
     * so its scripts see a normal load.
     */
    private void load(WorkerPages.WorkerPage session, String url, String html, long timeout) {
        if (options.javaScript()) {
            session.site().allowNavigation(url);
            session.page().navigate(url, new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD).setTimeout(timeout));
            return;
        }
        // Parked in the page's own folder of the site, so its relative links resolve as they would from its URL.
        String blank = HermeticSite.blankBeside(url);
        if (!blank.equals(session.parkedAt)) {
            session.page().navigate(blank, new Page.NavigateOptions().setWaitUntil(WaitUntilState.LOAD).setTimeout(timeout));
            session.parkedAt = blank;
        }
        session.page().setContent(html, new Page.SetContentOptions().setWaitUntil(WaitUntilState.LOAD).setTimeout(timeout));
    }

    /**
     * The DevTools screenshot with {@code optimizeForSpeed}: Chromium encodes with its fastest settings,
     * a third less time per shot for PNGs about a third larger (Playwright's screenshot does not offer it).
     */
    private byte[] capture(WorkerPages.WorkerPage session, int width, int height) {
        JsonObject params = new JsonObject();
        boolean png = options.format().equals("png");
        params.addProperty("format", png ? "png" : "jpeg");
        if (!png) {
            params.addProperty("quality", 90);
        }
        params.addProperty("optimizeForSpeed", true);
        if (options.fullPage()) {
            JsonObject clip = new JsonObject();
            clip.addProperty("x", 0);
            clip.addProperty("y", 0);
            clip.addProperty("width", width);
            clip.addProperty("height", height);
            clip.addProperty("scale", 1);
            params.add("clip", clip);
            params.addProperty("captureBeyondViewport", true);
        }
        JsonObject result = session.devtools().send("Page.captureScreenshot", params);
        return Base64.getDecoder().decode(result.get("data").getAsString());
    }

    /** What {@link #TEXT_BOXES} returned. With scripts on, a page can tamper with what it runs on (JSON, DOM). */
    private static Map<String, Object> textBoxes(Object returned) {
        try {
            Map<String, Object> found = JSON.readValue((String) returned,
                    new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
            if (!(found.get("height") instanceof Number) || !(found.get("lines") instanceof List)
                    || !(found.get("words") instanceof List) || !(found.get("text") instanceof String)) {
                throw new IllegalArgumentException("fields missing");
            }
            return found;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new UnreadableBoxes(e);
        }
    }

    /** The page's text boxes came back as something else than the boxes script returns. */
    private static final class UnreadableBoxes extends RuntimeException {
        UnreadableBoxes(Exception cause) {
            super("the page's text boxes could not be read (" + cause.getMessage() + ")", cause);
        }
    }

    /** Boxes that are on the image at least in part, clipped to it; objects with named fields, as page words are. */
    private static List<WordBox> onImage(List<?> boxes, int width, int height) {
        List<WordBox> out = new ArrayList<>();
        for (Object b : boxes) {
            List<?> box = (List<?>) b;
            int x0 = ((Number) box.get(0)).intValue(), y0 = ((Number) box.get(1)).intValue();
            int x1 = ((Number) box.get(2)).intValue(), y1 = ((Number) box.get(3)).intValue();
            if (x1 > 0 && y1 > 0 && x0 < width && y0 < height) {
                out.add(new WordBox(Math.max(0, x0), Math.max(0, y0), Math.min(width, x1), Math.min(height, y1),
                        String.valueOf(box.get(4))));
            }
        }
        return out;
    }

    /** A page made by a web template carries its template and drawn style in meta tags (see WebTemplates). */
    private static void putTemplateMeta(Map<String, Object> m, String html) {
        if (!html.contains("pairforge:")) {
            return;
        }
        org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(html);
        org.jsoup.nodes.Element template = doc.selectFirst("meta[name=pairforge:template]");
        org.jsoup.nodes.Element style = doc.selectFirst("meta[name=pairforge:style]");
        if (template != null) {
            m.put("template", template.attr("content"));
        }
        if (style != null) {
            try {
                m.put("style", JSON.readValue(style.attr("content"),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ignored) {
                // a page's own tag of that name that is not ours
            }
        }
    }

    private Sample sample(SourceData input, String key, Viewport viewport, Shot shot, EncodedImage image,
                          String html, Map<String, Object> templateMeta, int refused) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("source", input.ref().id());
        if (!input.ref().provenance().isEmpty()) {
            m.put("provenance", input.ref().provenance());
        }
        m.putAll(templateMeta);
        m.put("viewport", viewport.toString());
        m.put("device_scale_factor", 1);
        m.put("full_page", options.fullPage());
        m.put("page_height", shot.pageHeight());
        if (shot.truncated()) {
            m.put("truncated_at", options.maxHeight());
        }
        m.put("javascript", options.javaScript());
        m.put("media_type", image.mediaType());
        m.put("width", image.width());
        m.put("height", image.height());
        String sha = Hashing.sha256Hex(shot.image());
        m.put("sha256", sha);
        String dedupKey = Hashing.sha256Hex(sha + "\n" + html).substring(0, 32);
        m.put("dedup_key", dedupKey);
        if (refused > 0) {
            m.put("refused_fetches", refused);
        }
        m.put("text_boxes", shot.lines());
        m.put("words", shot.words());
        m.put("pipeline_version", PairforgeVersion.VERSION);
        return new Sample(key, input.ref(), List.of(image), shot.text(), m, Map.of("html", html), dedupKey);
    }
}

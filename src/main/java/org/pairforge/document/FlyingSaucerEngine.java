package org.pairforge.document;

import org.pairforge.core.TimeLimit;
import org.pairforge.core.UnreadableInputException;
import org.w3c.dom.Document;
import org.xhtmlrenderer.pdf.ITextRenderer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * XHTML + CSS 2.1 → PDF with Flying Saucer 9.13 (OpenPDF). The document is parsed by {@link SafeXml}, never
 * by the renderer, and every resource goes through {@link HermeticUserAgent}.
 */
public final class FlyingSaucerEngine implements HtmlEngine {
    public static final String NAME = "flying-saucer";

    /** Flying Saucer's own default when nothing says otherwise. */
    public static final String DEFAULT_PAGE_CSS = "@page { size: A4; margin: 2cm; }";

    private final Duration timeout;
    private final String pageCss;
    private final List<Path> fonts;

    /** @param timeout the most one document's layout and PDF output may take ({@code --render-timeout}) */
    public FlyingSaucerEngine(Duration timeout) {
        this(timeout, DEFAULT_PAGE_CSS);
    }

    /** @param pageCss the default {@code @page} rule, from the render profile */
    public FlyingSaucerEngine(Duration timeout, String pageCss) {
        this(timeout, pageCss, List.of());
    }

    /** @param fonts font files registered besides the built-in stack (the render profile's {@code fonts}) */
    public FlyingSaucerEngine(Duration timeout, String pageCss, List<Path> fonts) {
        this.timeout = timeout;
        this.pageCss = pageCss;
        this.fonts = List.copyOf(fonts);
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
    public Pdf toPdf(Path xhtml, Path root, Duration limit) throws UnreadableInputException {
        try {
            return TimeLimit.run(limit, "rendering " + xhtml.getFileName() + " (--render-timeout)", () -> render(xhtml, root));
        } catch (TimeLimit.Exceeded e) {
            throw new UnreadableInputException("render_timeout", e.getMessage());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnreadableInputException unreadable) {
                throw unreadable;
            }
            throw new UnreadableInputException("render_failed", "Flying Saucer could not render " + xhtml.getFileName()
                    + ": " + e.getCause());
        }
    }

    /** Visibility by the styles Flying Saucer computed for its layout. */
    private static GlyphCoverage.Visibility laidOut(ITextRenderer renderer) {
        org.xhtmlrenderer.layout.SharedContext styles = renderer.getSharedContext();
        return new GlyphCoverage.Visibility() {
            @Override
            public boolean displayed(org.w3c.dom.Element e) {
                return !styles.getStyle(e).isDisplayNone();
            }

            @Override
            public boolean visible(org.w3c.dom.Element e) {
                return styles.getStyle(e).isVisible();
            }
        };
    }

    /**
     * Flying Saucer keeps a stylesheet link's href as the sheet's address; when that sheet has an
     * {@code @import}, a relative address sends its parser down a path that prints "Token: ... resolved ..." on
     * standard output, where the CLI writes its funnel. Absolute hrefs (the user agent still checks each
     * one stays inside the input) keep it quiet.
     */
    private static void absoluteStylesheetLinks(Document doc, java.net.URI base) {
        org.w3c.dom.NodeList links = doc.getElementsByTagNameNS("*", "link");
        for (int i = 0; i < links.getLength(); i++) {
            org.w3c.dom.Element link = (org.w3c.dom.Element) links.item(i);
            String href = link.getAttribute("href").strip();
            if (href.isEmpty() || !link.getAttribute("rel").toLowerCase(java.util.Locale.ROOT).contains("stylesheet")) {
                continue;
            }
            try {
                link.setAttribute("href", base.resolve(href.replace(" ", "%20")).toString());
            } catch (IllegalArgumentException unusable) {
                // left as written: the user agent refuses what it cannot place inside the input
            }
        }
    }

    private Pdf render(Path xhtml, Path root) throws UnreadableInputException {
        Document doc = SafeXml.chapter(xhtml);
        try {
            String lang = FontStack.lang(doc);
            String shown = GlyphCoverage.shownText(doc);
            CoveringFontResolver resolver = new CoveringFontResolver(shown, lang);
            ITextRenderer renderer = new ITextRenderer(resolver);
            HermeticUserAgent agent = new HermeticUserAgent(renderer.getOutputDevice(),
                    renderer.getSharedContext().getDotsPerPixel(), root);
            renderer.getSharedContext().setUserAgentCallback(agent);
            FontStack.register(resolver, fonts, resolver.needed(), lang);
            if (!FontStack.isCjk(lang)) {
                resolver.fallBackPerRun(doc);
            }
            FontStack.applyDefaults(doc, pageCss);
            absoluteStylesheetLinks(doc, xhtml.toUri());
            renderer.setDocument(doc, xhtml.toUri().toString());
            renderer.layout();
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            renderer.createPDF(out);
            return new Pdf(out.toByteArray(), agent.refused(), doc, GlyphCoverage.shownText(doc, laidOut(renderer)));
        } catch (IOException | RuntimeException e) {
            throw new UnreadableInputException("render_failed", "Flying Saucer could not render " + xhtml.getFileName()
                    + ": " + e);
        }
    }
}

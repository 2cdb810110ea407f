package org.pairforge.document;

import org.pairforge.page.PageOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How documents are rendered: a render profile ({@code renderers/*.json}) with overrides. Immutable; build
 * with {@link #builder()} (the bundled {@code flying-saucer} profile's values) or {@link #fromProfile}, then
 * override what the flags say. The engine's own profile is what {@code --engine} alone picks on the CLI.
 *
 * @param profile       the profile's name or path, recorded in the run's settings
 * @param engine        {@code flying-saucer} or {@code chromium}
 * @param pageSize      CSS {@code @page} size where a document sets none (A4)
 * @param pageMargin    CSS {@code @page} margin (2cm)
 * @param pages         DPI, pages per document ({@code --max-pages}), pixels per page ({@code --max-page-pixels})
 * @param renderTimeout the most one whole document may take ({@code --render-timeout})
 * @param maxInputBytes the largest input, and the most an .epub may unpack to ({@code --max-input-mb})
 * @param javaScript    run documents' scripts (Chromium only)
 * @param fonts         extra font files registered with Flying Saucer
 * @param markdown      pages' Markdown and layout blocks ({@code --no-markdown}, {@code --grounding} ...)
 * @param maxUnmapped   the largest share of a PDF page's glyphs that may lack Unicode text before the page is
 *                      {@code unmapped_text} ({@code --max-unmapped})
 * @param ocrLang       Tesseract's languages for a PDF page without a text layer ({@code --ocr-scanned LANGS}),
 *                      or null: such a page is {@code no_text_layer}
 */
public record DocumentOptions(String profile, String engine, String pageSize, String pageMargin, PageOptions pages,
                              Duration renderTimeout, long maxInputBytes, boolean javaScript, List<Path> fonts,
                              org.pairforge.markdown.MarkdownOptions markdown, double maxUnmapped,
                              String ocrLang)
        implements java.io.Serializable {
    public static final List<String> ENGINES = List.of(FlyingSaucerEngine.NAME, ChromiumEngine.NAME);

    public DocumentOptions {
        fonts = List.copyOf(fonts);
        if (!ENGINES.contains(engine)) {
            throw new IllegalArgumentException("--engine must be " + FlyingSaucerEngine.NAME + " or " + ChromiumEngine.NAME
                    + ", got " + engine);
        }
        if (engine.equals(ChromiumEngine.NAME) && !fonts.isEmpty()) {
            throw new IllegalArgumentException("the profile's fonts are registered with flying-saucer only; chromium "
                    + "draws with the system's fonts (fontconfig)");
        }
        if (renderTimeout.isNegative() || renderTimeout.isZero()) {
            throw new IllegalArgumentException("--render-timeout must be positive, got " + renderTimeout.toMillis() + " ms");
        }
        if (maxInputBytes < 1) {
            throw new IllegalArgumentException("--max-input-mb must be positive, got " + maxInputBytes + " bytes");
        }
        if (ocrLang != null && !ocrLang.matches("[a-z_]{3,16}(\\+[a-z_]{3,16}){0,4}")) {
            throw new IllegalArgumentException("--ocr-scanned takes Tesseract languages such as eng or eng+chi_sim, got '"
                    + ocrLang + "'");
        }
        if (!(maxUnmapped >= 0 && maxUnmapped <= 1)) {
            throw new IllegalArgumentException("--max-unmapped must be between 0 and 1, got " + maxUnmapped);
        }
    }

    /** The {@code @page} rule put before a document's own CSS. */
    public String pageCss() {
        return "@page { size: " + pageSize + "; margin: " + pageMargin + "; }";
    }

    /** The bundled flying-saucer profile's values. */
    public static Builder builder() {
        return new Builder();
    }

    /** A profile by name (a file in {@code renderersDir}) or by path ({@code *.json}), to override from. */
    public static Builder fromProfile(String nameOrPath, Path renderersDir) throws IOException {
        return new Builder().profile(nameOrPath, RenderProfile.load(nameOrPath, renderersDir));
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.profile = profile;
        b.engine = engine;
        b.pageSize = pageSize;
        b.pageMargin = pageMargin;
        b.dpi = pages.dpi();
        b.maxPages = pages.maxPages();
        b.maxPagePixels = pages.maxPixelsPerPage();
        b.renderTimeout = renderTimeout;
        b.maxInputBytes = maxInputBytes;
        b.javaScript = javaScript;
        b.fonts = fonts;
        b.markdown = markdown;
        b.maxUnmapped = maxUnmapped;
        b.ocrLang = ocrLang;
        return b;
    }

    public static final class Builder {
        private String profile = FlyingSaucerEngine.NAME;
        private String engine = FlyingSaucerEngine.NAME;
        private String pageSize = "A4";
        private String pageMargin = "2cm";
        private float dpi = 144;
        private int maxPages = 500;
        private long maxPagePixels = PageOptions.MAX_PIXELS;
        private Duration renderTimeout = Duration.ofSeconds(120);
        private long maxInputBytes = 512L << 20;
        private boolean javaScript;
        private List<Path> fonts = List.of();
        private org.pairforge.markdown.MarkdownOptions markdown = new org.pairforge.markdown.MarkdownOptions(true, false, false,
                org.pairforge.markdown.MarkdownOptions.TableFormat.HTML);
        private double maxUnmapped = 0.02;
        private String ocrLang;

        private Builder() {
        }

        /** Every value of {@code p}, recorded under {@code name}. */
        public Builder profile(String name, RenderProfile p) {
            profile = name;
            engine = p.engine();
            pageSize = p.pageSize();
            pageMargin = p.pageMargin();
            dpi = p.dpi();
            maxPages = p.maxPages();
            renderTimeout = Duration.ofMillis(Math.round(p.renderTimeoutSeconds() * 1000));
            maxInputBytes = (long) p.maxInputMb() << 20;
            javaScript = p.javascript();
            fonts = p.fontFiles();
            return this;
        }

        public Builder engine(String v) { engine = v; return this; }
        public Builder pageSize(String v) { pageSize = v; return this; }
        public Builder pageMargin(String v) { pageMargin = v; return this; }
        public Builder dpi(float v) { dpi = v; return this; }
        public Builder maxPages(int v) { maxPages = v; return this; }
        public Builder maxPagePixels(long v) { maxPagePixels = v; return this; }
        public Builder renderTimeout(Duration v) { renderTimeout = v; return this; }
        public Builder maxInputBytes(long v) { maxInputBytes = v; return this; }
        public Builder javaScript(boolean v) { javaScript = v; return this; }
        public Builder fonts(List<Path> v) { fonts = v; return this; }
        public Builder markdown(org.pairforge.markdown.MarkdownOptions v) { markdown = v; return this; }
        public Builder maxUnmapped(double v) { maxUnmapped = v; return this; }
        public Builder ocrLang(String v) { ocrLang = v; return this; }

        public DocumentOptions build() {
            return new DocumentOptions(profile, engine, pageSize, pageMargin, new PageOptions(dpi, maxPages, maxPagePixels),
                    renderTimeout, maxInputBytes, javaScript, fonts, markdown, maxUnmapped, ocrLang);
        }
    }

    /** Paths do not serialize: a Spark job sends the font files' names (each executor must have them there). */
    @java.io.Serial
    private Object writeReplace() {
        return new Serialized(profile, engine, pageSize, pageMargin, pages, renderTimeout, maxInputBytes, javaScript,
                fonts.stream().map(Path::toString).toList(), markdown, maxUnmapped, ocrLang);
    }

    private record Serialized(String profile, String engine, String pageSize, String pageMargin, PageOptions pages,
                              Duration renderTimeout, long maxInputBytes, boolean javaScript, List<String> fonts,
                              org.pairforge.markdown.MarkdownOptions markdown, double maxUnmapped, String ocrLang)
            implements java.io.Serializable {
        @java.io.Serial
        private Object readResolve() {
            return new DocumentOptions(profile, engine, pageSize, pageMargin, pages, renderTimeout, maxInputBytes,
                    javaScript, fonts.stream().map(Path::of).toList(), markdown, maxUnmapped, ocrLang);
        }
    }
}

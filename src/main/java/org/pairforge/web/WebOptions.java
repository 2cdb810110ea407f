package org.pairforge.web;

import org.pairforge.browser.Vendored;

import java.time.Duration;
import java.util.List;

/**
 * How pages are shot.
 *
 * @param viewports    one sample per viewport ({@code --viewport})
 * @param fullPage     the whole scrollable page, up to {@code maxHeight} (the default), rather than the first screen
 *                     ({@code --viewport-only} turns it off)
 * @param format       {@code png} or {@code jpeg} ({@code --format})
 * @param javaScript   run the page's scripts ({@code --javascript}; off by default)
 * @param pageTimeout  the most one page may take to load, per viewport ({@code --page-timeout})
 * @param maxHeight    full-page screenshots are cut at this many pixels ({@code --max-height})
 * @param maxFileBytes the largest file a page may load from its folder ({@code --max-input-mb})
 * @param vendored     local copies served for remote URLs, such as a CDN's stylesheet ({@code --vendor})
 * @param markdown     the screenshot's KEY.md, blocks and grounding text ({@code --no-markdown}, {@code --grounding}, ...)
 */
public record WebOptions(List<Viewport> viewports, boolean fullPage, String format, boolean javaScript,
                         Duration pageTimeout, int maxHeight, long maxFileBytes, Vendored vendored,
                         org.pairforge.markdown.MarkdownOptions markdown)
        implements java.io.Serializable {
    public WebOptions {
        viewports = List.copyOf(viewports);
        vendored = vendored == null ? Vendored.NONE : vendored;
        markdown = markdown == null ? webMarkdown() : markdown;
        if (viewports.isEmpty()) {
            throw new IllegalArgumentException("--viewport needs at least one size");
        }
        if (!format.equals("png") && !format.equals("jpeg")) {
            throw new IllegalArgumentException("--format must be png or jpeg, got '" + format + "'");
        }
        if (maxHeight < 100) {
            throw new IllegalArgumentException("--max-height must be at least 100 px, got " + maxHeight);
        }
    }

    /** Screens' tables as olmOCR writes them, as documents'. */
    static org.pairforge.markdown.MarkdownOptions webMarkdown() {
        return new org.pairforge.markdown.MarkdownOptions(true, false, false, org.pairforge.markdown.MarkdownOptions.TableFormat.HTML);
    }

    public static WebOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().viewports(viewports).fullPage(fullPage).format(format).javaScript(javaScript)
                .pageTimeout(pageTimeout).maxHeight(maxHeight).maxFileBytes(maxFileBytes).vendored(vendored).markdown(markdown);
    }

    /** Defaults as the CLI's: 1280x800 and 390x844, the whole page, PNG, no scripts, 20 s, 16,384 px, 64 MB. */
    public static final class Builder {
        private List<Viewport> viewports = List.of(new Viewport(1280, 800), new Viewport(390, 844));
        private boolean fullPage = true;
        private String format = "png";
        private boolean javaScript;
        private Duration pageTimeout = Duration.ofSeconds(20);
        private int maxHeight = 16_384;
        private long maxFileBytes = 64L << 20;
        private Vendored vendored = Vendored.NONE;
        private org.pairforge.markdown.MarkdownOptions markdown = webMarkdown();

        private Builder() {
        }

        public Builder viewports(List<Viewport> v) { viewports = v; return this; }
        public Builder viewports(String list) { viewports = Viewport.parseList(list); return this; }
        public Builder fullPage(boolean v) { fullPage = v; return this; }
        public Builder format(String v) { format = v; return this; }
        public Builder javaScript(boolean v) { javaScript = v; return this; }
        public Builder pageTimeout(Duration v) { pageTimeout = v; return this; }
        public Builder maxHeight(int v) { maxHeight = v; return this; }
        public Builder maxFileBytes(long v) { maxFileBytes = v; return this; }
        public Builder vendored(Vendored v) { vendored = v; return this; }
        public Builder markdown(org.pairforge.markdown.MarkdownOptions v) { markdown = v; return this; }

        public WebOptions build() {
            return new WebOptions(viewports, fullPage, format, javaScript, pageTimeout, maxHeight, maxFileBytes, vendored, markdown);
        }
    }
}

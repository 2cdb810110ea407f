package org.pairforge.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.page.RenderedPage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The strict glyph check counts only text the engine shows: characters no font has, in text that CSS or
 * HTML hides, must not reject a page, and the same characters shown must.
 */
class GlyphCoverageIT {
    /** A private-use character of plane 16: no installed font draws it. */
    private static final String UNDRAWABLE = new String(Character.toChars(0x10FFFD));

    @TempDir
    Path tmp;

    private static String page(String extra) {
        return "<html><head><meta charset=\"utf-8\"><style>.gone { display: none } .ghost { visibility: hidden }"
                + " @media print { .screen-only { display: none } }</style></head><body>"
                + "<p>Visible text of the page.</p>"
                + "<div class=\"gone\">display none " + UNDRAWABLE + "</div>"
                + "<p class=\"ghost\">visibility hidden " + UNDRAWABLE + "</p>"
                + "<p hidden=\"\">hidden attribute " + UNDRAWABLE + "</p>"
                + "<template><p>template " + UNDRAWABLE + "</p></template>"
                + "<p class=\"screen-only\">screen only " + UNDRAWABLE + "</p>"
                + extra + "</body></html>";
    }

    private static String missing(HtmlEngine engine, Path file, Path root) throws Exception {
        HtmlEngine.Pdf pdf = engine.toPdf(file, root);
        String rendered = String.join("\n", FlyingSaucerEngineIT.pages(pdf.bytes()).stream().map(RenderedPage::text).toList());
        assertFalse(rendered.contains("hidden"), engine.name() + " shows no hidden text: " + rendered);
        return GlyphCoverage.missing(pdf.shownText(), rendered);
    }

    @Test
    void charactersInHiddenTextAreNotLostGlyphsButShownOnesAre() throws Exception {
        Path hidden = Files.writeString(tmp.resolve("hidden.html"), page(""));
        Path shown = Files.writeString(tmp.resolve("shown.html"), page("<p>shown " + UNDRAWABLE + "</p>"));
        try (org.pairforge.browser.BrowserPool browsers = new org.pairforge.browser.BrowserPool()) {
            for (HtmlEngine engine : List.of(new FlyingSaucerEngine(Duration.ofSeconds(60)),
                    new ChromiumEngine(Duration.ofSeconds(60), "A4", "2cm", false, 64L << 20, browsers))) {
                assertEquals("", missing(engine, hidden, tmp), engine.name() + ": hidden text is not checked");
                assertEquals(UNDRAWABLE, missing(engine, shown, tmp), engine.name() + ": shown text is");
            }
        }
    }
}

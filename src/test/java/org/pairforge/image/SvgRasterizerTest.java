package org.pairforge.image;

import org.junit.jupiter.api.Test;
import org.pairforge.LoopbackListener;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Untrusted SVG must not reach the network or the disk. */
class SvgRasterizerTest {

    @Test
    void externalReferencesAreNeverFetched() throws Exception {
        try (LoopbackListener listener = new LoopbackListener()) {
            String url = listener.url();
            Path local = Files.createTempFile("secret", ".png");
            String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"200\" height=\"100\">"
                    + "<style>@import url(" + url + "/a.css);</style>"
                    + "<image href=\"" + url + "/b.png\" width=\"50\" height=\"50\"/>"
                    + "<image xlink:href=\"" + url + "/c.png\" x=\"50\" width=\"50\" height=\"50\"/>"
                    + "<image href=\"" + local.toUri() + "\" x=\"100\" width=\"50\" height=\"50\"/>"
                    + "<use href=\"" + url + "/d.svg#x\"/>"
                    + "<rect x=\"10\" y=\"60\" width=\"180\" height=\"30\" fill=\"#36c\"/></svg>";
            byte[] png = SvgRasterizer.toPng(svg, 1_000_000);
            assertEquals(0, listener.connections(), "rendering must not connect anywhere");
            assertTrue(png.length > 100, "the rest of the SVG still renders");
        }
    }

    @Test
    void aRenderPastItsDeadlineIsRejectedAndTheCallerMovesOn() {
        // Twenty large blurred shapes on a 3000x3000 canvas: ~4 s of work, far past a 50 ms deadline, and
        // short enough that the abandoned render does not slow the rest of the suite for long.
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3000\" height=\"3000\">"
                + "<filter id=\"b\"><feGaussianBlur stdDeviation=\"40\"/></filter>");
        for (int i = 0; i < 20; i++) {
            svg.append("<circle filter=\"url(#b)\" cx=\"").append(i * 7 % 3000).append("\" cy=\"").append(i * 13 % 3000)
                    .append("\" r=\"900\" fill=\"#").append(String.format("%06x", i * 40503 & 0xffffff)).append("\"/>");
        }
        svg.append("</svg>");
        long started = System.nanoTime();
        var e = assertThrows(SvgRasterizer.SvgException.class,
                () -> SvgRasterizer.toPng(svg.toString(), 40_000_000, java.time.Duration.ofMillis(50)));
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals("svg_timeout", e.reason());
        assertTrue(e.getMessage().contains("--svg-timeout"), e.getMessage());
        assertTrue(ms < 2000, "the caller must not wait for the render: " + ms + " ms");
    }

    @Test
    void entitiesAndOversizedCanvasesAreRefused() {
        var dtd = assertThrows(SvgRasterizer.SvgException.class, () -> SvgRasterizer.toPng(
                "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><svg xmlns=\"http://www.w3.org/2000/svg\" "
                        + "width=\"10\" height=\"10\"><text>&x;</text></svg>", 1_000_000));
        assertTrue(dtd.getMessage().contains("DOCTYPE"));
        var huge = assertThrows(SvgRasterizer.SvgException.class, () -> SvgRasterizer.toPng(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\" height=\"100000\"/>", 40_000_000));
        assertTrue(huge.getMessage().contains("--max-image-pixels"), huge.getMessage());
        assertThrows(SvgRasterizer.SvgException.class, () -> SvgRasterizer.toPng("<svg", 1000));
    }

    @Test
    void anSvgOverTheStructureLimitsSaysWhichLimit() {
        String deep = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\">" + "<g>".repeat(1000)
                + "<rect width=\"100\" height=\"100\"/>" + "</g>".repeat(1000) + "</svg>";
        var e = assertThrows(SvgRasterizer.SvgException.class, () -> SvgRasterizer.toPng(deep, 1_000_000));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
    }
}

package org.pairforge.document;

import org.pairforge.core.UnreadableInputException;
import org.w3c.dom.Document;
import org.xhtmlrenderer.pdf.ITextRenderer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * XHTML + CSS 2.1 → PDF with Flying Saucer 9.13 (OpenPDF). The document is parsed by {@link SafeXml}, never
 * by the renderer, and every resource goes through {@link HermeticUserAgent}.
 */
public final class FlyingSaucerEngine {

    /** A rendered chapter, and how many resource fetches were refused while rendering it. */
    public record Pdf(byte[] bytes, int refusedFetches) {
    }

    public Pdf toPdf(Path xhtml, Path root) throws UnreadableInputException {
        Document doc;
        try {
            doc = SafeXml.parse(xhtml);
        } catch (IOException e) {
            throw new UnreadableInputException("bad_xhtml", e.getMessage());
        }
        try {
            ITextRenderer renderer = new ITextRenderer();
            HermeticUserAgent agent = new HermeticUserAgent(renderer.getOutputDevice(),
                    renderer.getSharedContext().getDotsPerPixel(), root);
            renderer.getSharedContext().setUserAgentCallback(agent);
            renderer.setDocument(doc, xhtml.toUri().toString());
            renderer.layout();
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            renderer.createPDF(out);
            return new Pdf(out.toByteArray(), agent.refused());
        } catch (IOException | RuntimeException e) {
            throw new UnreadableInputException("render_failed", "Flying Saucer could not render " + xhtml.getFileName()
                    + ": " + e);
        }
    }
}

package org.pairforge.document;

import org.pairforge.core.UnreadableInputException;
import org.w3c.dom.Document;

import java.nio.file.Path;

/** Lays out one HTML/XHTML chapter of a document as a paged PDF, fetching nothing outside {@code root}. */
public interface HtmlEngine {
    /**
     * A rendered chapter, how many resource fetches were refused, its DOM, and the text the engine laid out
     * to be seen (not text hidden by CSS): what the pages' text is checked against for lost glyphs.
     */
    record Pdf(byte[] bytes, int refusedFetches, Document source, String shownText) {
    }

    /** The engine's name as render profiles and metadata spell it. */
    String name();

    /** The time one whole document may take ({@code --render-timeout}). */
    java.time.Duration timeout();

    /** Renders one chapter within {@code limit}: what is left of its document's time. */
    Pdf toPdf(Path chapter, Path root, java.time.Duration limit) throws UnreadableInputException;

    default Pdf toPdf(Path chapter, Path root) throws UnreadableInputException {
        return toPdf(chapter, root, timeout());
    }
}

package org.pairforge.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.core.UnreadableInputException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EpubBookTest {
    @TempDir
    Path book;

    @Test
    void manifestHrefsAreUrlsSoEscapesAreDecodedAndFragmentsDropped() throws Exception {
        Files.createDirectories(book.resolve("META-INF"));
        Files.createDirectories(book.resolve("OEBPS/Text"));
        Files.writeString(book.resolve("META-INF/container.xml"), "<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
                + "<rootfiles><rootfile full-path=\"OEBPS/content.opf\"/></rootfiles></container>");
        Files.writeString(book.resolve("OEBPS/content.opf"), "<package xmlns=\"http://www.idpf.org/2007/opf\"><manifest>"
                + "<item id=\"a\" href=\"Text/Chapter%201.xhtml\" media-type=\"application/xhtml+xml\"/>"
                + "<item id=\"b\" href=\"Text/two.xhtml#start\" media-type=\"application/xhtml+xml\"/>"
                + "<item id=\"c\" href=\"Text/Chapter 3.xhtml\" media-type=\"application/xhtml+xml\"/>"
                + "<item id=\"d\" href=\"Text/gone.xhtml\" media-type=\"application/xhtml+xml\"/>"
                + "</manifest><spine><itemref idref=\"a\"/><itemref idref=\"b\"/><itemref idref=\"c\"/><itemref idref=\"d\"/></spine></package>");
        for (String name : List.of("Chapter 1.xhtml", "two.xhtml", "Chapter 3.xhtml")) {
            Files.writeString(book.resolve("OEBPS/Text").resolve(name), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>"
                    + name + "</p></body></html>");
        }
        List<Path> chapters = EpubBook.open(book).chapters();
        Path text = book.resolve("OEBPS/Text");
        assertEquals(List.of(text.resolve("Chapter 1.xhtml"), text.resolve("two.xhtml"), text.resolve("Chapter 3.xhtml"),
                text.resolve("gone.xhtml")), chapters);
        for (Path chapter : chapters.subList(0, 3)) {
            assertEquals(chapter.getFileName().toString(), SafeXml.chapter(chapter).getDocumentElement().getTextContent());
        }
        UnreadableInputException missing = assertThrows(UnreadableInputException.class, () -> SafeXml.chapter(chapters.get(3)));
        assertEquals("missing_chapter", missing.reason());
    }

    @Test
    void elementsNestedDeeperThanBrowsersAllowAreARejectionNotAStackOverflow() throws Exception {
        int depth = 20_000;
        Path xhtml = Files.writeString(book.resolve("deep.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                + "<div>".repeat(depth) + "text" + "</div>".repeat(depth) + "</body></html>");
        UnreadableInputException e = assertThrows(UnreadableInputException.class, () -> SafeXml.chapter(xhtml));
        assertEquals("too_deep", e.reason());
        assertTrue(e.getMessage().contains("the limit is " + SafeXml.MAX_DEPTH), e.getMessage());
        // HTML is parsed as browsers parse it: past their depth, elements become siblings, in linear time.
        Path html = Files.writeString(book.resolve("deep.html"), "<div>".repeat(100_000) + "deep text");
        org.w3c.dom.Document dom = SafeXml.chapter(html);
        assertTrue(SafeXml.depth(dom) <= SafeXml.MAX_DEPTH + 3, "depth " + SafeXml.depth(dom));
        assertTrue(dom.getDocumentElement().getTextContent().contains("deep text"));
    }
}

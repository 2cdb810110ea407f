package org.pairforge.inspect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GalleryTest {
    @Test
    void markdownRendersWithItsFormulasAsWrittenAndNoMarkupOfItsOwn() {
        String html = Gallery.renderMarkdown("# 2 Method\n\nLet \\(x_i \\leq 1\\) hold.\n\n\\[\\frac{a}{b} \\tag{3}\\]\n\n"
                + "**bold** words\n\n<script>alert(1)</script>\n");
        assertTrue(html.contains("<h1>2 Method</h1>"), html);
        assertTrue(html.contains("<span class=\"math\">\\(x_i \\leq 1\\)</span>"), "inline formula kept: " + html);
        assertTrue(html.contains("<span class=\"math\">\\[\\frac{a}{b} \\tag{3}\\]</span>"), "display kept: " + html);
        assertTrue(html.contains("<strong>bold</strong>"), html);
        assertFalse(html.contains("<script>"), "raw HTML in a page's Markdown is text, never markup: " + html);
    }
}

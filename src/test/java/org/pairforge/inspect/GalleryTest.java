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

    @Test
    void aLatexTableIsShownAsItsSourceWithItsRowEnds() {
        String table = "\\begin{tabular}{lr}\n\\hline\nModel & \\(F_1\\) \\\\\nOurs & 0.91 \\\\\n\\hline\n\\end{tabular}";
        String html = Gallery.renderMarkdown("Table 2: Scores.\n\n" + table + "\n\nAfter the table.\n");
        assertTrue(html.contains("<span class=\"math tabular\">" + table.replace("&", "&amp;") + "</span>"),
                "the tabular as written, row ends and all: " + html);
        assertTrue(html.contains("<p>After the table.</p>"), html);
    }
}

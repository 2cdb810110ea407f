package org.pairforge.markdown;

import java.util.Locale;

/**
 * What a layout block of a page is, by the names {@code blocks} and the grounding text use (DocLayNet's and
 * DeepSeek-OCR's kinds of region, in lower case). Page furniture (running heads, page numbers, line numbers)
 * is a block too, so that every word of a page lies in one, but it adds nothing to the page's Markdown.
 */
public enum BlockType {
    TITLE, AUTHOR, ABSTRACT, SECTION_HEADER, PARAGRAPH, LIST_ITEM, FORMULA, TABLE, FIGURE, CAPTION, FOOTNOTE,
    BIBLIOGRAPHY, ALGORITHM, CODE, PAGE_HEADER, PAGE_FOOTER, PAGE_NUMBER, LINE_NUMBER;

    /** The name written in {@code blocks} and the grounding text: {@code section_header}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the block is page furniture, left out of the Markdown. */
    public boolean furniture() {
        return this == PAGE_HEADER || this == PAGE_FOOTER || this == PAGE_NUMBER || this == LINE_NUMBER;
    }
}

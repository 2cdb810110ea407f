package org.pairforge.cli;

import org.pairforge.markdown.MarkdownOptions;
import picocli.CommandLine.Option;

import java.util.Map;

/** The Markdown and layout blocks of paged kinds: one set of flags, one meaning, wherever a kind writes pages. */
final class MarkdownFlags {
    @Option(names = "--no-markdown", description = "make no KEY.md, blocks or grounding text (pages as before)")
    boolean off;

    @Option(names = "--grounding", description = "also write KEY.grounding.txt: DeepSeek-OCR's <|ref|>TYPE<|/ref|><|det|>[[x0, y0, x1, y1]]<|/det|> then each block's Markdown, boxes on a 0-999 grid")
    boolean grounding;

    @Option(names = "--require-markdown", description = "a page whose Markdown could not be made is a rejection (markdown_failed), not a sample that says why")
    boolean require;

    @Option(names = "--table-format", paramLabel = "FORMAT", description = "tables in KEY.md as latex (a tabular, as Nougat) or html (rowspan/colspan, as olmOCR) (default: latex for papers, html for documents)")
    String tableFormat;

    /** @param defaultFormat the kind's own: papers' tables as Nougat writes them, documents' as olmOCR does */
    MarkdownOptions options(MarkdownOptions.TableFormat defaultFormat) {
        MarkdownOptions.TableFormat format = tableFormat == null ? defaultFormat : MarkdownOptions.TableFormat.parse(tableFormat);
        if (off && (grounding || require)) {
            throw new IllegalArgumentException("--no-markdown cannot go with " + (grounding ? "--grounding" : "--require-markdown"));
        }
        return new MarkdownOptions(!off, grounding, require, format);
    }
}

package org.pairforge.markdown;

import java.util.Locale;

/**
 * How pages' Markdown is made and written, for every paged kind.
 *
 * @param enabled         make Markdown and blocks at all ({@code --no-markdown} turns it off)
 * @param grounding       also write {@code KEY.grounding.txt} ({@code --grounding})
 * @param requireMarkdown a page without Markdown is a rejection ({@code markdown_failed}) instead of a
 *                        sample that says why ({@code --require-markdown})
 * @param tableFormat     tables as LaTeX {@code tabular} (Nougat) or HTML with rowspan/colspan (olmOCR)
 *                        ({@code --table-format latex|html})
 */
public record MarkdownOptions(boolean enabled, boolean grounding, boolean requireMarkdown, TableFormat tableFormat)
        implements java.io.Serializable {
    public enum TableFormat {
        LATEX, HTML;

        public static TableFormat parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "latex" -> LATEX;
                case "html" -> HTML;
                default -> throw new IllegalArgumentException("--table-format must be latex or html, got '" + value + "'");
            };
        }

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a run's settings record of these options (run.json), the same for every paged kind. */
    public void putSettings(java.util.Map<String, Object> settings) {
        settings.put("markdown", enabled);
        settings.put("grounding", grounding);
        settings.put("require_markdown", requireMarkdown);
        settings.put("table_format", tableFormat.wire());
    }

    public static MarkdownOptions defaults() {
        return new MarkdownOptions(true, false, false, TableFormat.LATEX);
    }

    public static MarkdownOptions off() {
        return new MarkdownOptions(false, false, false, TableFormat.LATEX);
    }
}

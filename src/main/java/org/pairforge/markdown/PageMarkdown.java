package org.pairforge.markdown;

import org.pairforge.core.Sample;
import org.pairforge.page.WordBox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page's Markdown and layout blocks, or why it has none: the one output format every paged kind writes.
 * On a sample it becomes {@code KEY.md} (the Markdown, ending with a newline), {@code blocks} and
 * {@code markdown: {status, reason}} in {@code KEY.json}, and with grounding on, {@code KEY.grounding.txt}.
 * A page whose Markdown failed keeps its image and other texts and says why; the caller decides whether that
 * is a rejection ({@code --require-markdown}).
 */
public record PageMarkdown(String status, String reason, String md, List<Block> blocks, List<WordBox> words) {
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    /** The member names on a sample. */
    public static final String MEMBER = "md";
    public static final String GROUNDING_MEMBER = "grounding.txt";

    /**
     * @param words the page's word boxes where the layout clipped some to the block they belong to (a glyph
     *              reaching into the next block), else null: the page's own boxes stand
     */
    public PageMarkdown {
        blocks = List.copyOf(blocks);
        words = words == null ? null : List.copyOf(words);
    }

    public static PageMarkdown ok(String md, List<Block> blocks, List<WordBox> words) {
        return new PageMarkdown(OK, null, md, blocks, words);
    }

    public static PageMarkdown failed(String reason) {
        return new PageMarkdown(FAILED, reason, null, List.of(), null);
    }

    public boolean isOk() {
        return OK.equals(status);
    }

    /**
     * Adds this page's Markdown to what a sample is made of: {@code markdown} and {@code blocks} go into the
     * metadata ({@code blocks} empty when the Markdown failed, so every sample has the same fields), the
     * Markdown into the members.
     */
    public void addTo(Map<String, Object> metadata, Map<String, String> members, MarkdownOptions options,
                      int width, int height) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("reason", reason);
        metadata.put("markdown", m);
        metadata.put("blocks", blocks);
        if (words != null && metadata.containsKey("words")) {
            metadata.put("words", words); // replaced where it stands: the same field, boxes clipped to their block
        }
        if (isOk()) {
            members.put(MEMBER, md);
            if (options.grounding()) {
                members.put(GROUNDING_MEMBER, Grounding.of(blocks, width, height));
            }
        }
    }

    /**
     * With {@code --require-markdown}, a page whose Markdown failed is this rejection ({@code markdown_failed});
     * otherwise null, and the page is a sample that says why.
     *
     * @param page how the message names the page ("page 3", "text/ch1.xhtml page 3")
     */
    public org.pairforge.core.Rejection refusal(MarkdownOptions options, String source, String key, String page) {
        if (isOk() || !options.requireMarkdown()) {
            return null;
        }
        return new org.pairforge.core.Rejection(source, key, org.pairforge.core.Rejection.Stage.EXTRACT, "markdown_failed",
                page + " has no Markdown (--require-markdown): " + reason);
    }

    /** The count this page adds to a run's summary: {@code markdown_ok} or {@code markdown_failed}. */
    public String countName() {
        return isOk() ? "markdown_ok" : "markdown_failed";
    }

    /** Whether a sample carries Markdown that was made ({@code markdown.status} is {@code ok}). */
    public static boolean madeFor(Sample sample) {
        return sample.metadata().get("markdown") instanceof Map<?, ?> m && OK.equals(m.get("status"));
    }
}

package org.pairforge.markdown;

import org.pairforge.core.Sample;

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
public record PageMarkdown(String status, String reason, String md, List<Block> blocks) {
    public static final String OK = "ok";
    public static final String FAILED = "failed";
    /** The member names on a sample. */
    public static final String MEMBER = "md";
    public static final String GROUNDING_MEMBER = "grounding.txt";

    public PageMarkdown {
        blocks = List.copyOf(blocks);
    }

    public static PageMarkdown ok(String md, List<Block> blocks) {
        return new PageMarkdown(OK, null, md, blocks);
    }

    public static PageMarkdown failed(String reason) {
        return new PageMarkdown(FAILED, reason, null, List.of());
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
        if (isOk()) {
            members.put(MEMBER, md);
            if (options.grounding()) {
                members.put(GROUNDING_MEMBER, Grounding.of(blocks, width, height));
            }
        }
    }

    /** Whether a sample carries Markdown that was made ({@code markdown.status} is {@code ok}). */
    public static boolean madeFor(Sample sample) {
        return sample.metadata().get("markdown") instanceof Map<?, ?> m && OK.equals(m.get("status"));
    }
}

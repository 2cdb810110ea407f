package org.pairforge.markdown;

import java.util.List;

/**
 * DeepSeek-OCR's grounding text of a page: each block in reading order as
 * {@code <|ref|>TYPE<|/ref|><|det|>[[x0, y0, x1, y1]]<|/det|>} on a line of its own, its box on a 0-999 grid
 * of the image's width and height, then the block's Markdown, and a blank line. Page furniture is written
 * with its box and no text, as DeepSeek-OCR's fine annotations mark it.
 */
public final class Grounding {
    private Grounding() {
    }

    public static String of(List<Block> blocks, int width, int height) {
        StringBuilder out = new StringBuilder();
        for (Block b : blocks) {
            out.append("<|ref|>").append(b.type()).append("<|/ref|><|det|>[[")
                    .append(grid(b.x0(), width)).append(", ").append(grid(b.y0(), height)).append(", ")
                    .append(grid(b.x1(), width)).append(", ").append(grid(b.y1(), height)).append("]]<|/det|>\n");
            if (!b.md().isEmpty()) {
                out.append(b.md()).append('\n');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** A pixel coordinate on the 0-999 grid: floor(v / size * 1000), at most 999. */
    static int grid(int v, int size) {
        if (size <= 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(999, Math.floor(v * 1000.0 / size)));
    }
}

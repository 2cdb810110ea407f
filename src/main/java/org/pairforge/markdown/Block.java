package org.pairforge.markdown;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One layout block of a page: its type, its box in image pixels (x1 and y1 exclusive, as word boxes), its
 * place in reading order (0-based, the order of {@code blocks}) and the Markdown it contributes to the page's
 * {@code KEY.md} (empty for a picture and for page furniture). Every word box of the page lies in exactly one
 * block's box, and no two blocks overlap.
 */
@JsonPropertyOrder({"type", "x0", "y0", "x1", "y1", "order", "md"})
public record Block(@JsonProperty("type") String type, @JsonProperty("x0") int x0, @JsonProperty("y0") int y0,
                    @JsonProperty("x1") int x1, @JsonProperty("y1") int y1, @JsonProperty("order") int order,
                    @JsonProperty("md") String md) {
    public Block(BlockType type, int x0, int y0, int x1, int y1, int order, String md) {
        this(type.wire(), x0, y0, x1, y1, order, md);
    }
}

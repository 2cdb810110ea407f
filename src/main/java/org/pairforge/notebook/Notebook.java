package org.pairforge.notebook;

import java.util.List;

/**
 * The parts of a notebook that pairs are made from. Only figure outputs are kept; text outputs, widget
 * state and attachments are skipped while streaming.
 *
 * @param language the kernel language as the notebook declared it (normalised later), or null
 */
public record Notebook(int nbformat, String language, String kernelName, List<Cell> cells) {

    public record Cell(int index, String type, String source, String language, Integer executionCount,
                       List<Figure> figures) {
        public boolean isCode() {
            return "code".equals(type);
        }
    }

    /**
     * One figure output, in its preferred representation (PNG, then JPEG, then SVG). Exactly one of
     * {@code bytes}, {@code base64}, {@code svg} and {@code problem} is set.
     *
     * @param base64 image text not decoded yet: most candidates are dropped on their code alone, so their
     *               images are never decoded ({@link NotebookParser#decode})
     */
    public record Figure(int outputIndex, String mediaType, byte[] bytes, Base64Text base64, String svg, String problem) {
    }

    /**
     * A base64 JSON string left where it stands in the notebook's bytes, the first {@code length} of {@code json}
     * (a reading buffer may be longer): {@code quote} is its opening quote, {@code end} its closing quote when
     * the parser has found it (else -1).
     */
    public record Base64Text(byte[] json, int length, int quote, int end) {
    }
}

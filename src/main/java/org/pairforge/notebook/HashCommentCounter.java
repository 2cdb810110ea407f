package org.pairforge.notebook;

/** Python, R, shell... ({@code #} to end of line); Julia adds nestable {@code #= ... =#} blocks. */
final class HashCommentCounter implements CodeLineCounter {
    private final boolean juliaBlocks;

    HashCommentCounter(boolean juliaBlocks) {
        this.juliaBlocks = juliaBlocks;
    }

    @Override
    public Count count(String code) {
        int lines = 0;
        int blockDepth = 0;
        for (String raw : (Iterable<String>) code.lines()::iterator) {
            String line = raw.strip();
            if (juliaBlocks) {
                StringBuilder outside = new StringBuilder();
                for (int i = 0; i < line.length(); i++) {
                    if (line.startsWith("#=", i)) {
                        blockDepth++;
                        i++;
                    } else if (blockDepth > 0 && line.startsWith("=#", i)) {
                        blockDepth--;
                        i++;
                    } else if (blockDepth == 0) {
                        outside.append(line.charAt(i));
                    }
                }
                line = outside.toString().strip();
            }
            if (!line.isEmpty() && !line.startsWith("#")) {
                lines++;
            }
        }
        return new Count(lines, null);
    }
}

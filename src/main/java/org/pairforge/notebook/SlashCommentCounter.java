package org.pairforge.notebook;

/** C-family languages: {@code //} line comments and {@code /* *}{@code /} blocks. */
final class SlashCommentCounter implements CodeLineCounter {
    static final SlashCommentCounter INSTANCE = new SlashCommentCounter();

    @Override
    public Count count(String code) {
        int lines = 0;
        boolean inBlock = false;
        for (String raw : (Iterable<String>) code.lines()::iterator) {
            boolean hasCode = false;
            String line = raw.strip();
            for (int i = 0; i < line.length(); i++) {
                if (inBlock) {
                    if (line.startsWith("*/", i)) {
                        inBlock = false;
                        i++;
                    }
                } else if (line.startsWith("/*", i)) {
                    inBlock = true;
                    i++;
                } else if (line.startsWith("//", i)) {
                    break;
                } else if (!Character.isWhitespace(line.charAt(i))) {
                    hasCode = true;
                }
            }
            if (hasCode) {
                lines++;
            }
        }
        return new Count(lines, null);
    }
}

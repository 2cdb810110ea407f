package org.pairforge.latex.markdown;

/**
 * A TeX token and where it was read: {@code file} (an index into the parse's files) and {@code line} (1-based).
 * A token a macro expansion made carries the place of the macro's use, as SyncTeX records it.
 * {@code text} is the control sequence's name (without the backslash), the character, or for
 * {@link Kind#VERBATIM} the raw text ({@code env} naming its environment, null for {@code \verb}).
 */
record Tok(Kind kind, String text, int file, int line, String env) {
    enum Kind { CS, CHAR, SPACE, PAR, BGROUP, EGROUP, MATH, ALIGN, PARAM, SUP, SUB, ACTIVE, VERBATIM }

    Tok(Kind kind, String text, int file, int line) {
        this(kind, text, file, line, null);
    }

    boolean isCs(String name) {
        return kind == Kind.CS && text.equals(name);
    }

    boolean isChar(char c) {
        return kind == Kind.CHAR && text.length() == 1 && text.charAt(0) == c;
    }

    boolean isBlank() {
        return kind == Kind.SPACE || kind == Kind.PAR;
    }

    /** The same token, read at another place (what a macro's body becomes where the macro is used). */
    Tok at(int file, int line) {
        return file == this.file && line == this.line ? this : new Tok(kind, text, file, line, env);
    }

    /** As TeX source. */
    String source() {
        return switch (kind) {
            case CS -> "\\" + text;
            case SPACE -> " ";
            case PAR -> "\n\n";
            case BGROUP -> "{";
            case EGROUP -> "}";
            case MATH -> "$";
            case ALIGN -> "&";
            case PARAM -> "#";
            case SUP -> "^";
            case SUB -> "_";
            case ACTIVE -> "~";
            default -> text;
        };
    }

    /** Where a token stands in the nesting of groups and environments, as a list of tokens is read in order. */
    static final class Nesting {
        private int groups;
        private int environments;

        /** Takes in a token just read. */
        void see(Tok t) {
            if (t.kind() == Kind.BGROUP) {
                groups++;
            } else if (t.kind() == Kind.EGROUP) {
                groups--;
            } else if (t.isCs("begin")) {
                environments++;
            } else if (t.isCs("end")) {
                environments--;
            }
        }

        /** Outside every group and inner environment: where a row or a cell ends. */
        boolean top() {
            return groups == 0 && environments == 0;
        }
    }
}

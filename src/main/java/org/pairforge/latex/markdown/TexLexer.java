package org.pairforge.latex.markdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Cuts TeX source into tokens with TeX's own rules for the default category codes: comments end at the line's
 * end and swallow it, a control word swallows the spaces after it, one line end is a space and a blank line a
 * paragraph break. {@code @} is a letter (papers' preambles use it after {@code \makeatletter}). The bodies of
 * verbatim environments and {@code \verb} are kept raw, as TeX reads them.
 */
final class TexLexer {
    /** Environments whose body TeX reads as raw text. */
    static final Set<String> VERBATIM_ENVS = Set.of("verbatim", "verbatim*", "Verbatim", "Verbatim*", "lstlisting",
            "minted", "comment", "BVerbatim", "LVerbatim", "filecontents", "filecontents*", "alltt", "spverbatim",
            "python", "pythoncode", "code");

    private final String text;
    private final int file;
    private int pos;
    private int line = 1;

    private TexLexer(String text, int file) {
        this.text = text;
        this.file = file;
    }

    static List<Tok> tokens(String text, int file) {
        return new TexLexer(text, file).all();
    }

    private List<Tok> all() {
        List<Tok> out = new ArrayList<>(text.length() / 3 + 16);
        while (pos < text.length()) {
            char c = text.charAt(pos);
            int at = line;
            switch (c) {
                case '%' -> skipComment();
                case '\\' -> controlSequence(out);
                case '{' -> add(out, Tok.Kind.BGROUP, "{", at);
                case '}' -> add(out, Tok.Kind.EGROUP, "}", at);
                case '$' -> add(out, Tok.Kind.MATH, "$", at);
                case '&' -> add(out, Tok.Kind.ALIGN, "&", at);
                case '#' -> add(out, Tok.Kind.PARAM, "#", at);
                case '^' -> add(out, Tok.Kind.SUP, "^", at);
                case '_' -> add(out, Tok.Kind.SUB, "_", at);
                case '~' -> add(out, Tok.Kind.ACTIVE, "~", at);
                case ' ', '\t', '\r', '\n', '\f' -> whitespace(out);
                default -> {
                    int cp = text.codePointAt(pos);
                    pos += Character.charCount(cp);
                    out.add(new Tok(Tok.Kind.CHAR, new String(Character.toChars(cp)), file, at));
                }
            }
        }
        return out;
    }

    private void add(List<Tok> out, Tok.Kind kind, String s, int at) {
        pos++;
        out.add(new Tok(kind, s, file, at));
    }

    /** To the end of the line, the line end included, and the next line's leading blanks, as TeX does. */
    private void skipComment() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
        if (pos < text.length()) {
            pos++;
            line++;
            skipBlanksOnLine();
        }
    }

    private void skipBlanksOnLine() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == '\r')) {
            pos++;
        }
    }

    /** Spaces and line ends: a space, or a paragraph break when a line with nothing on it follows. */
    private void whitespace(List<Tok> out) {
        int at = line;
        int newlines = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                newlines++;
                line++;
            } else if (c != ' ' && c != '\t' && c != '\r' && c != '\f') {
                break;
            }
            pos++;
        }
        Tok.Kind kind = newlines >= 2 ? Tok.Kind.PAR : Tok.Kind.SPACE;
        if (!out.isEmpty() && out.get(out.size() - 1).kind() == Tok.Kind.SPACE && kind == Tok.Kind.PAR) {
            out.set(out.size() - 1, new Tok(Tok.Kind.PAR, "", file, at));
        } else if (out.isEmpty() || !out.get(out.size() - 1).isBlank()) {
            out.add(new Tok(kind, kind == Tok.Kind.PAR ? "" : " ", file, at));
        }
    }

    private void controlSequence(List<Tok> out) {
        int at = line;
        pos++;
        if (pos >= text.length()) {
            out.add(new Tok(Tok.Kind.CHAR, "\\", file, at));
            return;
        }
        char c = text.charAt(pos);
        if (isLetter(c)) {
            int start = pos;
            while (pos < text.length() && isLetter(text.charAt(pos))) {
                pos++;
            }
            String name = text.substring(start, pos);
            skipAfterControlWord(out);
            if (name.equals("verb")) {
                verb(out, at);
            } else if (name.equals("begin") && verbatimEnvironment(out, at)) {
                return;
            } else {
                out.add(new Tok(Tok.Kind.CS, name, file, at));
            }
            return;
        }
        int cp = text.codePointAt(pos);
        pos += Character.charCount(cp);
        if (cp == '\n') {
            line++;
            out.add(new Tok(Tok.Kind.CS, " ", file, at));
            return;
        }
        out.add(new Tok(Tok.Kind.CS, new String(Character.toChars(cp)), file, at));
    }

    /** Spaces after a control word are not tokens; one line end among them is not either, but a blank line is. */
    private void skipAfterControlWord(List<Tok> out) {
        skipBlanksOnLine();
        if (pos < text.length() && text.charAt(pos) == '\n') {
            int save = pos;
            int saveLine = line;
            pos++;
            line++;
            skipBlanksOnLine();
            if (pos < text.length() && text.charAt(pos) == '\n') {
                pos = save; // a blank line: the whitespace rule makes it a paragraph break
                line = saveLine;
            }
        }
    }

    /** {@code \verb|...|} or {@code \verb*|...|}: raw up to the next delimiter on the same line. */
    private void verb(List<Tok> out, int at) {
        if (pos < text.length() && text.charAt(pos) == '*') {
            pos++;
        }
        if (pos >= text.length() || text.charAt(pos) == '\n') {
            out.add(new Tok(Tok.Kind.CS, "verb", file, at));
            return;
        }
        char delimiter = text.charAt(pos++);
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != delimiter && text.charAt(pos) != '\n') {
            pos++;
        }
        out.add(new Tok(Tok.Kind.VERBATIM, text.substring(start, Math.min(pos, text.length())), file, at));
        if (pos < text.length() && text.charAt(pos) == delimiter) {
            pos++;
        }
    }

    /**
     * After {@code \begin}: when {@code {name}} names a verbatim environment, its body up to {@code \end{name}}
     * becomes one token (the body starts on the line after {@code \begin}'s options, as TeX prints it).
     */
    private boolean verbatimEnvironment(List<Tok> out, int at) {
        int p = pos;
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p++;
        }
        if (p >= text.length() || text.charAt(p) != '{') {
            return false;
        }
        int close = text.indexOf('}', p);
        if (close < 0 || close - p > 40) {
            return false;
        }
        String name = text.substring(p + 1, close);
        if (!VERBATIM_ENVS.contains(name)) {
            return false;
        }
        String end = "\\end{" + name + "}";
        int stop = text.indexOf(end, close);
        int bodyStart = close + 1;
        // options ([language=Python]) and the rest of the \begin line are not the body
        int eol = text.indexOf('\n', bodyStart);
        int bodyLine = at;
        if (eol >= 0 && (stop < 0 || eol < stop)) {
            bodyStart = eol + 1;
            bodyLine = at + 1 + countNewlines(close, eol);
        }
        int bodyEnd = stop < 0 ? text.length() : stop;
        String body = bodyStart <= bodyEnd ? text.substring(bodyStart, bodyEnd) : "";
        line = bodyLine + countNewlines(bodyStart, bodyEnd);
        pos = stop < 0 ? text.length() : stop + end.length();
        out.add(new Tok(Tok.Kind.VERBATIM, body, file, bodyLine, name));
        return true;
    }

    private int countNewlines(int from, int to) {
        int n = 0;
        for (int i = from; i < to && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '@';
    }
}

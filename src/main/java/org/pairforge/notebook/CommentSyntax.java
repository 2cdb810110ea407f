package org.pairforge.notebook;

import java.util.List;
import java.util.Map;

/**
 * A language's comments as a line counter sees them: markers that comment out the rest of a line, and an
 * optional block ({@code /* *}{@code /}, Julia's {@code #= =#}, Haskell's {@code {- -}}) that may nest. A line
 * counts when something outside every comment is left on it. Strings are not parsed: a marker inside a
 * string after code on the same line changes nothing, and a line that starts inside a string is rare.
 */
record CommentSyntax(List<String> lineMarkers, String blockOpen, String blockClose, boolean nests)
        implements CodeLineCounter {

    static final CommentSyntax HASH = lineOnly("#");
    static final CommentSyntax C_FAMILY = new CommentSyntax(List.of("//"), "/*", "*/", false);

    /** Kernel languages by the name {@link KernelLanguage} gives them. */
    static final Map<String, CommentSyntax> BY_LANGUAGE = byLanguage();

    static CommentSyntax lineOnly(String... markers) {
        return new CommentSyntax(List.of(markers), null, null, false);
    }

    private static Map<String, CommentSyntax> byLanguage() {
        Map<String, CommentSyntax> table = new java.util.HashMap<>();
        for (String l : List.of("python", "r", "ruby", "perl", "bash", "sh", "shell", "zsh", "powershell", "raku",
                "nim", "coffeescript", "elixir", "crystal", "tcl", "gnuplot", "stan")) {
            table.put(l, HASH);
        }
        for (String l : List.of("javascript", "typescript", "scala", "kotlin", "c", "c++", "cpp", "csharp", "c#",
                "go", "rust", "groovy", "swift", "dart", "fsharp", "f#", "php", "objective-c", "zig", "d")) {
            table.put(l, C_FAMILY);
        }
        table.put("julia", new CommentSyntax(List.of("#"), "#=", "=#", true));
        table.put("matlab", new CommentSyntax(List.of("%"), "%{", "%}", true));
        table.put("octave", new CommentSyntax(List.of("%", "#"), "%{", "%}", true));
        table.put("sql", new CommentSyntax(List.of("--"), "/*", "*/", false));
        table.put("haskell", new CommentSyntax(List.of("--"), "{-", "-}", true));
        table.put("lua", new CommentSyntax(List.of("--"), "--[[", "]]", false));
        table.put("wolfram language", new CommentSyntax(List.of(), "(*", "*)", true));
        table.put("mathematica", table.get("wolfram language"));
        table.put("ocaml", new CommentSyntax(List.of(), "(*", "*)", true));
        for (String l : List.of("clojure", "scheme", "racket", "common-lisp", "lisp", "hy")) {
            table.put(l, new CommentSyntax(List.of(";"), "#|", "|#", true));
        }
        table.put("prolog", new CommentSyntax(List.of("%"), "/*", "*/", false));
        table.put("erlang", lineOnly("%"));
        table.put("fortran", lineOnly("!"));
        table.put("vbscript", lineOnly("'"));
        return Map.copyOf(table);
    }

    @Override
    public Count count(String code) {
        int lines = 0;
        int depth = 0;
        // Line by line as String#lines splits them, scanning the text in place (this runs for every candidate).
        for (int start = 0; start < code.length(); ) {
            int end = CodeText.lineEnd(code, start);
            boolean hasCode = false;
            int i = start;
            scan:
            while (i < end) { // no marker holds a line break, so none matches across the line's end
                if (blockOpen != null && (depth == 0 || nests) && code.startsWith(blockOpen, i)) {
                    depth++;
                    i += blockOpen.length();
                } else if (depth > 0) {
                    if (code.startsWith(blockClose, i)) {
                        depth--;
                        i += blockClose.length();
                    } else {
                        i++;
                    }
                } else {
                    for (String marker : lineMarkers) {
                        if (code.startsWith(marker, i)) {
                            break scan;
                        }
                    }
                    if (!Character.isWhitespace(code.charAt(i))) {
                        hasCode = true;
                        if (blockOpen == null) {
                            break; // the line counts, and no block can open later on it
                        }
                    }
                    i++;
                }
            }
            if (hasCode) {
                lines++;
            }
            start = CodeText.nextLine(code, end);
        }
        return new Count(lines, null);
    }
}

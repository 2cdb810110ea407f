package org.pairforge.notebook;

/**
 * Counts the lines of a code text that hold code: blank lines and lines that are only a comment do not
 * count. The paper's filter ("at least 5 lines of code") is only meaningful with that rule.
 */
public interface CodeLineCounter {

    Count count(String code);

    /** {@code note} says when counting had to fall back (e.g. Java that does not parse); null otherwise. */
    record Count(int lines, String note) {
    }

    static CodeLineCounter forLanguage(String language) {
        if (language.equals("java")) {
            return new JavaLineCounter();
        }
        CommentSyntax known = CommentSyntax.BY_LANGUAGE.get(language);
        if (known != null) {
            return known;
        }
        return code -> new Count((int) code.lines().filter(l -> !l.isBlank()).count(),
                "no comment syntax known for kernel language '" + language + "': counted non-blank lines");
    }
}

package org.pairforge.notebook;

import java.util.Set;

/**
 * Counts the lines of a code text that hold code: blank lines and lines that are only a comment do not
 * count. The paper's filter ("at least 5 lines of code") is only meaningful with that rule.
 */
public interface CodeLineCounter {

    Count count(String code);

    /** {@code note} says when counting had to fall back (e.g. Java that does not parse); null otherwise. */
    record Count(int lines, String note) {
    }

    Set<String> HASH_COMMENT = Set.of("python", "r", "ruby", "perl", "bash", "sh", "shell", "powershell", "raku", "nim", "coffeescript");
    Set<String> SLASH_COMMENT = Set.of("javascript", "typescript", "scala", "kotlin", "c", "c++", "cpp", "csharp",
            "c#", "go", "rust", "groovy", "swift", "dart", "fsharp", "f#", "php");

    static CodeLineCounter forLanguage(String language) {
        if (language.equals("java")) {
            return new JavaLineCounter();
        }
        if (language.equals("julia")) {
            return new HashCommentCounter(true);
        }
        if (HASH_COMMENT.contains(language)) {
            return new HashCommentCounter(false);
        }
        if (SLASH_COMMENT.contains(language)) {
            return SlashCommentCounter.INSTANCE;
        }
        return code -> new Count((int) code.lines().filter(l -> !l.isBlank()).count(),
                "no comment syntax known for kernel language '" + language + "': counted non-blank lines");
    }
}

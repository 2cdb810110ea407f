package org.pairforge.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of a stylesheet Tailwind compiled (bin/web-css) that a page needs: every rule without a class
 * selector (the theme's variables, the preflight reset, {@code @property}), and the rules whose every class the
 * page uses. A page's {@code KEY.html} then carries the CSS it uses, not the rules of thirteen templates. Works on
 * Tailwind's minified output: blocks nest by braces, strings quoted, no comments but the licence banner.
 */
final class CssRules {
    private CssRules() {
    }

    private static final Pattern CLASS = Pattern.compile("\\.((?:\\\\.|[A-Za-z0-9_-])+)");

    /** The rules of {@code css} that {@code used} classes need, in their order. */
    static String keep(String css, Set<String> used) {
        StringBuilder out = new StringBuilder(css.length() / 2);
        prune(css, 0, css.length(), used, out);
        return out.toString();
    }

    private static void prune(String css, int from, int to, Set<String> used, StringBuilder out) {
        int i = from;
        while (i < to) {
            int brace = next(css, i, to, '{');
            int semi = next(css, i, to, ';');
            if (brace < 0 || (semi >= 0 && semi < brace)) {
                // a statement (@layer a,b;) or the end: kept as it is
                int end = semi < 0 ? to : semi + 1;
                out.append(css, i, end);
                i = end;
                continue;
            }
            int close = matching(css, brace, to);
            String prelude = css.substring(i, brace);
            String head = prelude.strip();
            if (head.startsWith("/*")) {
                int c = css.indexOf("*/", i);
                out.append(css, i, c + 2);
                i = c + 2;
                continue;
            }
            if (head.startsWith("@media") || head.startsWith("@supports") || head.startsWith("@container")
                    || head.equals("@layer utilities")) {
                StringBuilder inner = new StringBuilder();
                prune(css, brace + 1, close, used, inner);
                if (!inner.isEmpty()) {
                    out.append(prelude).append('{').append(inner).append('}');
                }
            } else if (head.startsWith("@") || wanted(head, used)) {
                out.append(css, i, close + 1);
            }
            i = close + 1;
        }
    }

    /** A style rule is wanted when a selector of its list has no class or only classes the page uses. */
    private static boolean wanted(String selectors, Set<String> used) {
        for (String selector : splitList(selectors)) {
            Matcher m = CLASS.matcher(selector);
            boolean all = true;
            while (m.find()) {
                if (!used.contains(unescape(m.group(1)))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    static String unescape(String cls) {
        return cls.replaceAll("\\\\(.)", "$1");
    }

    private static List<String> splitList(String selectors) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selectors.length(); i++) {
            char c = selectors.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(selectors.substring(start, i));
                start = i + 1;
            }
        }
        out.add(selectors.substring(start));
        return out;
    }

    /**
     * Where the token at {@code i} ends, inclusive, when it is one the scan must step over whole: an escape, a
     * quoted string or a comment; else {@code i}.
     */
    private static int skipped(String css, int i, int to) {
        char c = css.charAt(i);
        if (c == '\\') {
            return i + 1;
        }
        if (c == '"' || c == '\'') {
            return endOfString(css, i, to);
        }
        if (c == '/' && i + 1 < to && css.charAt(i + 1) == '*') {
            int e = css.indexOf("*/", i + 2);
            return e < 0 ? to : e + 1;
        }
        return i;
    }

    /** The next {@code ch} outside strings, escapes and comments, or -1. */
    private static int next(String css, int from, int to, char ch) {
        for (int i = from; i < to; i++) {
            int end = skipped(css, i, to);
            if (end == i && css.charAt(i) == ch) {
                return i;
            }
            i = end;
        }
        return -1;
    }

    /** The brace closing the one at {@code open}, braces in strings, escapes and comments not counted. */
    private static int matching(String css, int open, int to) {
        int depth = 0;
        for (int i = open; i < to; i++) {
            int end = skipped(css, i, to);
            if (end == i) {
                char c = css.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
            }
            i = end;
        }
        throw new IllegalArgumentException("unbalanced braces in the compiled CSS at " + open);
    }

    private static int endOfString(String css, int quote, int to) {
        char q = css.charAt(quote);
        for (int i = quote + 1; i < to; i++) {
            char c = css.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == q) {
                return i;
            }
        }
        return to;
    }
}

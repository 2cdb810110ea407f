package org.pairforge.latex.markdown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What TeX's {@code .aux} file says a reference prints: {@code \newlabel{key}{{3.2}{7}...}} (the number of a
 * section, an equation, a figure) and {@code \bibcite{key}{12}} (a citation's label). Used where the
 * Markdown is written from the source (tables, formulas), so that {@code \ref} and {@code \cite} there read
 * as the page shows them.
 */
final class AuxFile {
    private final Map<String, String> labels = new HashMap<>();
    private final Map<String, String> citations = new HashMap<>();

    static AuxFile read(Path aux) {
        AuxFile a = new AuxFile();
        a.load(aux, new HashSet<>(), 0);
        return a;
    }

    private void load(Path aux, Set<Path> seen, int depth) {
        if (depth > 8 || !seen.add(aux.normalize()) || !Files.isRegularFile(aux)) {
            return;
        }
        String text;
        try {
            text = TexInput.read(aux, 16L << 20);
        } catch (IOException e) {
            return;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("\\newlabel{")) {
                String key = group(line, 9);
                int valueStart = line.indexOf('{', 10 + (key == null ? 0 : key.length()) + 1);
                String value = valueStart >= 0 ? group(line, valueStart) : null;
                String first = value != null && value.startsWith("{") ? group(value, 0) : null;
                if (key != null && first != null) {
                    labels.putIfAbsent(key, clean(first));
                }
            } else if (line.startsWith("\\bibcite{")) {
                String key = group(line, 8);
                int valueStart = line.indexOf('{', 9 + (key == null ? 0 : key.length()) + 1);
                String value = valueStart >= 0 ? group(line, valueStart) : null;
                if (key != null && value != null) {
                    // natbib: {{1}{2010}{{Goodman \& Weare}}{{}}}: the number first
                    String label = value.startsWith("{") ? group(value, 0) : value;
                    citations.putIfAbsent(key, clean(label == null ? value : label));
                }
            } else if (line.startsWith("\\@input{")) {
                String name = group(line, 7);
                if (name != null && !name.contains("..") && !name.startsWith("/")) {
                    load(aux.resolveSibling(name), seen, depth + 1);
                }
            }
        }
    }

    String label(String key) {
        return labels.get(key.trim());
    }

    String citation(String key) {
        return citations.get(key.trim());
    }

    /** The balanced group starting at {@code open} (a '{'), without its braces; null when unbalanced. */
    static String group(String s, int open) {
        if (open < 0 || open >= s.length() || s.charAt(open) != '{') {
            return null;
        }
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return s.substring(open + 1, i);
            }
        }
        return null;
    }

    private static String clean(String v) {
        return v.replace("\\relax", "").replace("\\ignorespaces", "").replaceAll("\\\\[a-zA-Z@]+\\s*", "")
                .replace("{", "").replace("}", "").trim();
    }
}

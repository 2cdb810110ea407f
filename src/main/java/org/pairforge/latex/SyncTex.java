package org.pairforge.latex;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Reads the file TeX writes with {@code -synctex=1}: for every page, which input lines the boxes, glue,
 * kerns and math on it came from. Only the project's own files are kept (class and package files from TeX
 * Live are not the paper's source). The format is documented in TeX Live's synctex_parser; records look
 * like {@code {3} (page 3 starts), x12,345:...} (a node from input 12, line 345), {@code Input:12:/path}.
 */
final class SyncTex {
    /** page number (1-based) → project file → lines referenced from that page. */
    private final Map<Integer, Map<Path, BitSet>> pages;

    private SyncTex(Map<Integer, Map<Path, BitSet>> pages) {
        this.pages = pages;
    }

    Map<Integer, Map<Path, BitSet>> pages() {
        return pages;
    }

    /**
     * @param dir     the folder TeX ran in (relative Input paths resolve against it)
     * @param project the project root: inputs outside it are ignored
     */
    static SyncTex read(Path synctexGz, Path dir, Path project) throws IOException {
        Map<Integer, Path> inputs = new HashMap<>();
        Map<Integer, Map<Path, BitSet>> pages = new TreeMap<>();
        Map<Path, BitSet> current = null;
        try (InputStream raw = Files.newInputStream(synctexGz);
             BufferedReader in = new BufferedReader(new InputStreamReader(
                     synctexGz.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw,
                     StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                char c = line.charAt(0);
                if (line.startsWith("Input:")) {
                    int colon = line.indexOf(':', 6);
                    if (colon > 6) {
                        Path file = dir.resolve(line.substring(colon + 1)).normalize();
                        if (file.startsWith(project)) {
                            inputs.put(Integer.parseInt(line.substring(6, colon)), file);
                        }
                    }
                } else if (c == '{') {
                    current = pages.computeIfAbsent(Integer.parseInt(line.substring(1).trim()), p -> new LinkedHashMap<>());
                } else if (c == '}') {
                    current = null;
                } else if (current != null && "[(vhxkg$".indexOf(c) >= 0) {
                    record(line, inputs, current);
                }
            }
        }
        return new SyncTex(pages);
    }

    /** {@code <type><tag>,<line>[,<column>]:...}. */
    private static void record(String line, Map<Integer, Path> inputs, Map<Path, BitSet> page) {
        int comma = line.indexOf(',');
        if (comma < 2) {
            return;
        }
        int end = comma + 1;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        if (end == comma + 1) {
            return;
        }
        try {
            Path file = inputs.get(Integer.parseInt(line, 1, comma, 10));
            int number = Integer.parseInt(line, comma + 1, end, 10);
            if (file != null && number > 0) {
                page.computeIfAbsent(file, f -> new BitSet()).set(number);
            }
        } catch (NumberFormatException ignored) {
            // a record we do not understand says nothing about lines
        }
    }
}

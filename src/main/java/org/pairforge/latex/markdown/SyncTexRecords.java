package org.pairforge.latex.markdown;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The file TeX writes with {@code -synctex=1}, read once: for every page, every record with the input line it
 * came from and where it stands. The format is documented in TeX Live's synctex_parser: {@code {3} starts page
 * 3; {@code [tag,line:x,v:W,H,D} and {@code (tag,line:x,v:W,H,D} open a vertical and a horizontal box (closed by
 * {@code ]} and {@code )}); {@code x}, {@code k}, {@code g}, {@code $}, {@code r}, {@code h}, {@code v} are
 * characters' positions, kerns, glue, math on/off, rules and void boxes; {@code Input:12:/path} names input 12.
 * Positions are TeX's: scaled points from the page's top-left, {@code v} the baseline.
 *
 * <p>Only inputs inside the project are named; records from TeX Live's classes and packages (a running head,
 * a page number) keep {@code file == -1}.
 */
public final class SyncTexRecords {
    /** One record. {@code depth} is how many boxes enclose it; {@code parent} the index of its box, or -1. */
    public record Entry(char type, int file, int line, int x, int v, int w, int h, int d, int depth, int parent) {
    }

    private final List<Path> files;
    private final Map<Integer, List<Entry>> pages;
    private final double unitToPoints;

    private SyncTexRecords(List<Path> files, Map<Integer, List<Entry>> pages, double unitToPoints) {
        this.files = files;
        this.pages = pages;
        this.unitToPoints = unitToPoints;
    }

    /** No records: a compile without SyncTeX. */
    public static SyncTexRecords empty() {
        return new SyncTexRecords(List.of(), Map.of(), 72.0 / 72.27 / 65536.0);
    }

    /** The project files records point to, by {@link Entry#file()}. */
    public List<Path> files() {
        return files;
    }

    /** Page (1-based) → its records in the order TeX shipped them. */
    public Map<Integer, List<Entry>> pages() {
        return pages;
    }

    public List<Entry> page(int number) {
        return pages.getOrDefault(number, List.of());
    }

    /** PDF points per SyncTeX unit: TeX's scaled points, magnification and unit applied. */
    public double unitToPoints() {
        return unitToPoints;
    }

    /** Page → project file → the lines its records point to. */
    public Map<Integer, Map<Path, BitSet>> lines() {
        Map<Integer, Map<Path, BitSet>> out = new TreeMap<>();
        for (Map.Entry<Integer, List<Entry>> page : pages.entrySet()) {
            Map<Path, BitSet> byFile = new LinkedHashMap<>();
            for (Entry e : page.getValue()) {
                if (e.file() >= 0 && e.line() > 0 && e.type() != 'r') { // a rule's line says nothing of text
                    byFile.computeIfAbsent(files.get(e.file()), f -> new BitSet()).set(e.line());
                }
            }
            out.put(page.getKey(), byFile);
        }
        return out;
    }

    /**
     * @param dir     the folder TeX ran in (relative Input paths resolve against it)
     * @param project the project root: inputs outside it are not named
     */
    public static SyncTexRecords read(Path synctex, Path dir, Path project) throws IOException {
        Map<Integer, Integer> inputs = new HashMap<>();
        List<Path> files = new ArrayList<>();
        Map<Path, Integer> fileIndex = new HashMap<>();
        Map<Integer, List<Entry>> pages = new TreeMap<>();
        List<Entry> current = null;
        int[] stack = new int[64];
        int depth = 0;
        double unit = 1, magnification = 1000;
        try (InputStream raw = Files.newInputStream(synctex);
             BufferedReader in = new BufferedReader(new InputStreamReader(
                     synctex.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw,
                     StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                char c = line.charAt(0);
                if (line.startsWith("Input:")) { // declared where TeX first opens the file, mid-page too
                    input(line, dir, project, inputs, files, fileIndex);
                    continue;
                }
                if (current == null) {
                    if (line.startsWith("Unit:")) {
                        unit = number(line.substring(5), 1);
                    } else if (line.startsWith("Magnification:")) {
                        magnification = number(line.substring(14), 1000);
                    } else if (c == '{') {
                        current = pages.computeIfAbsent(pageNumber(line), p -> new ArrayList<>());
                        depth = 0;
                    }
                    continue;
                }
                switch (c) {
                    case '}' -> current = null;
                    case ']', ')' -> depth = Math.max(0, depth - 1);
                    case '[', '(', 'x', 'k', 'g', '$', 'r', 'h', 'v' -> {
                        Entry e = entry(c, line, inputs, depth, depth > 0 ? stack[Math.min(depth, stack.length) - 1] : -1);
                        if (e == null) {
                            continue;
                        }
                        current.add(e);
                        if (c == '[' || c == '(') {
                            if (depth < stack.length) {
                                stack[depth] = current.size() - 1;
                            }
                            depth++;
                        }
                    }
                    default -> {
                        // form references and other records say nothing about text
                    }
                }
            }
        }
        return new SyncTexRecords(List.copyOf(files), pages, 72.0 / 72.27 / 65536.0 * unit * magnification / 1000.0);
    }

    /** {@code Input:12:/path}: input 12 is that file, named when it lies inside the project. */
    private static void input(String line, Path dir, Path project, Map<Integer, Integer> inputs, List<Path> files,
                              Map<Path, Integer> fileIndex) {
        int colon = line.indexOf(':', 6);
        if (colon <= 6) {
            return;
        }
        Path file = dir.resolve(line.substring(colon + 1)).normalize();
        if (!file.startsWith(project)) {
            return;
        }
        Integer index = fileIndex.get(file);
        if (index == null) {
            index = files.size();
            files.add(file);
            fileIndex.put(file, index);
        }
        try {
            inputs.put(Integer.parseInt(line.substring(6, colon)), index);
        } catch (NumberFormatException e) {
            // not an input record we can read
        }
    }

    private static int pageNumber(String line) {
        try {
            return Integer.parseInt(line.substring(1).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double number(String s, double fallback) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** {@code <type><tag>,<line>[,<column>]:<x>,<v>[:<W>,<H>,<D>]}; null when it cannot be read. */
    private static Entry entry(char type, String line, Map<Integer, Integer> inputs, int depth, int parent) {
        int[] n = new int[8];
        int count = 0;
        int i = 1;
        int length = line.length();
        while (i < length && count < n.length) {
            boolean negative = line.charAt(i) == '-';
            if (negative) {
                i++;
            }
            int start = i;
            long value = 0;
            while (i < length && Character.isDigit(line.charAt(i))) {
                value = value * 10 + (line.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return null;
            }
            n[count++] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, negative ? -value : value));
            if (i >= length) {
                break;
            }
            i++; // a separator: ',' or ':'
        }
        // tag, line, [column,] x, v [, W, H, D]: the column is there when the field after line is followed by ':'
        int colon = line.indexOf(':');
        int commas = 0;
        for (int k = 1; k < colon; k++) {
            commas += line.charAt(k) == ',' ? 1 : 0;
        }
        int at = commas >= 2 ? 3 : 2;
        if (count < at + 2) {
            return null;
        }
        Integer file = inputs.get(n[0]);
        int w = count > at + 2 ? n[at + 2] : 0;
        int h = count > at + 3 ? n[at + 3] : 0;
        int d = count > at + 4 ? n[at + 4] : 0;
        return new Entry(type, file == null ? -1 : file, n[1], n[at], n[at + 1], w, h, d, depth, parent);
    }
}

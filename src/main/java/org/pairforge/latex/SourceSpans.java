package org.pairforge.latex;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns SyncTeX's line references into each page's source: every line of a file that some page references
 * belongs to that page (a paragraph split across pages belongs to both); a line no page references (a
 * {@code \title} that {@code \maketitle} typesets later, a {@code \begin{figure}}, a comment) belongs to the
 * page of the next referenced line, and lines after the last reference to the last page. Each referenced
 * file is so cut into consecutive, exact pieces, without any fuzzy matching of text.
 */
final class SourceSpans {
    private SourceSpans() {
    }

    /** Lines {@code from..to} (1-based, inclusive) of one file. */
    record Range(String file, int from, int to) {
        @Override
        public String toString() {
            return file + ":" + from + "-" + to;
        }
    }

    /**
     * @param references page → file → referenced lines (from {@link SyncTex})
     * @param lineCounts file → its number of lines
     * @return page → its ranges: files in the order the page first references them, then by line
     */
    static <F> Map<Integer, List<Range>> assign(Map<Integer, Map<F, BitSet>> references, Map<F, Integer> lineCounts,
                                              java.util.function.Function<F, String> name) {
        Map<F, TreeMap<Integer, int[]>> pagesByLine = new LinkedHashMap<>(); // file → line → {first page, last page}
        for (Map.Entry<Integer, Map<F, BitSet>> page : references.entrySet()) {
            for (Map.Entry<F, BitSet> file : page.getValue().entrySet()) {
                TreeMap<Integer, int[]> lines = pagesByLine.computeIfAbsent(file.getKey(), f -> new TreeMap<>());
                BitSet set = file.getValue();
                for (int n = set.nextSetBit(0); n >= 0; n = set.nextSetBit(n + 1)) {
                    int p = page.getKey();
                    lines.merge(n, new int[]{p, p}, (a, b) -> new int[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                }
            }
        }
        Map<Integer, List<Range>> out = new TreeMap<>();
        for (Map.Entry<F, TreeMap<Integer, int[]>> file : pagesByLine.entrySet()) {
            TreeMap<Integer, int[]> lines = file.getValue();
            int count = Math.max(lineCounts.getOrDefault(file.getKey(), 0), lines.lastKey());
            String fileName = name.apply(file.getKey());
            int lastPage = lines.lastEntry().getValue()[1];
            Map<Integer, int[]> open = new LinkedHashMap<>(); // page → {from, to} of the range being built
            for (int n = 1; n <= count; n++) {
                int[] pages = lines.get(n);
                int first;
                int last;
                if (pages != null) {
                    first = pages[0];
                    last = pages[1];
                } else {
                    Map.Entry<Integer, int[]> next = lines.higherEntry(n);
                    first = last = next != null ? next.getValue()[0] : lastPage;
                }
                for (int p = first; p <= last; p++) {
                    int[] range = open.get(p);
                    if (range != null && range[1] == n - 1) {
                        range[1] = n;
                    } else {
                        if (range != null) {
                            out.computeIfAbsent(p, k -> new ArrayList<>()).add(new Range(fileName, range[0], range[1]));
                        }
                        open.put(p, new int[]{n, n});
                    }
                }
            }
            for (Map.Entry<Integer, int[]> range : open.entrySet()) {
                out.computeIfAbsent(range.getKey(), k -> new ArrayList<>())
                        .add(new Range(fileName, range.getValue()[0], range.getValue()[1]));
            }
        }
        for (Map.Entry<Integer, List<Range>> page : out.entrySet()) {
            List<String> order = new ArrayList<>();
            for (F f : references.getOrDefault(page.getKey(), Map.of()).keySet()) {
                order.add(name.apply(f));
            }
            page.getValue().sort(java.util.Comparator.comparingInt((Range r) -> rank(order, r.file())).thenComparingInt(Range::from));
        }
        return out;
    }

    private static int rank(List<String> order, String file) {
        int i = order.indexOf(file);
        return i < 0 ? order.size() : i;
    }
}

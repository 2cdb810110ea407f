package org.pairforge.latex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Each page's LaTeX source: SyncTeX's line references cut into consecutive ranges ({@link SourceSpans}),
 * with the text of those lines. Only source files count: a project's own .cls/.sty and TeX's .aux are
 * macros and bookkeeping, not the page's text; the generated .bbl and .ind are, since they hold the
 * references and index as typeset.
 */
final class PageSources {
    private static final Set<String> SOURCE_TYPES = Set.of("tex", "ltx", "bbl", "ind", "gls", "nls");

    private final Path root;
    private final Map<Integer, List<SourceSpans.Range>> ranges;
    private final Map<String, List<String>> lines;

    private PageSources(Path root, Map<Integer, List<SourceSpans.Range>> ranges, Map<String, List<String>> lines) {
        this.root = root;
        this.ranges = ranges;
        this.lines = lines;
    }

    /** One page's ranges and their text. */
    record Page(List<SourceSpans.Range> ranges, String text) {
        boolean covers(String file, int line) {
            return ranges.stream().anyMatch(r -> r.file().equals(file) && r.from() <= line && line <= r.to());
        }
    }

    static PageSources of(org.pairforge.latex.markdown.SyncTexRecords synctex, Path root) throws IOException {
        Map<Integer, Map<Path, BitSet>> refs = synctex.lines();
        Map<Integer, Map<Path, BitSet>> sourceRefs = new LinkedHashMap<>();
        Map<Path, Integer> counts = new HashMap<>();
        Map<String, List<String>> lines = new HashMap<>();
        for (Map.Entry<Integer, Map<Path, BitSet>> page : refs.entrySet()) {
            Map<Path, BitSet> kept = new LinkedHashMap<>();
            for (Map.Entry<Path, BitSet> file : page.getValue().entrySet()) {
                if (isSource(file.getKey()) && Files.isRegularFile(file.getKey())) {
                    kept.put(file.getKey(), file.getValue());
                    if (!counts.containsKey(file.getKey())) {
                        List<String> text = TexSource.read(file.getKey(), Integer.MAX_VALUE - 16).lines().toList();
                        counts.put(file.getKey(), text.size());
                        lines.put(root.relativize(file.getKey()).toString(), text);
                    }
                }
            }
            sourceRefs.put(page.getKey(), kept);
        }
        return new PageSources(root, SourceSpans.assign(sourceRefs, counts, f -> root.relativize(f).toString()), lines);
    }

    private static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && SOURCE_TYPES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    String name(Path file) {
        return root.relativize(file.normalize()).toString();
    }

    Page page(int number) {
        List<SourceSpans.Range> pageRanges = ranges.getOrDefault(number, List.of());
        StringBuilder text = new StringBuilder();
        for (SourceSpans.Range r : pageRanges) {
            List<String> file = lines.get(r.file());
            for (int n = r.from(); n <= Math.min(r.to(), file.size()); n++) {
                text.append(file.get(n - 1)).append('\n');
            }
        }
        return new Page(pageRanges, text.toString());
    }
}

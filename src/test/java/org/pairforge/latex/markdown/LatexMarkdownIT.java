package org.pairforge.latex.markdown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.shard.ShardReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Markdown and blocks of real papers' pages ({@code fixtures/corpus/latex}: an IEEE paper with acronyms, an
 * AASTeX paper with author-year citations and the authors' math macros, a paper in 18 files, a XeLaTeX text
 * of theorems and proofs), held to what the page prints: its words (PDFBox's text of the page, the same the
 * image shows) are the Markdown's and no others, cut where the page cuts; every formula parses in KaTeX;
 * every display formula is on the page that prints its number, once; the blocks cover each word once.
 */
class LatexMarkdownIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PAPERS = List.of("panda-wms", "emcee", "sympy-paper", "pfr-blueprint");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{4,}");

    @TempDir
    static Path tmp;

    /** paper → page → its members. */
    private static final Map<String, Map<Integer, Page>> pages = new LinkedHashMap<>();

    record Page(String md, JsonNode json, String text) {
        int number() {
            return json.get("page").asInt();
        }
    }

    @BeforeAll
    static void run() throws Exception {
        List<String> args = new ArrayList<>(List.of("latex"));
        for (String p : PAPERS) {
            args.add(TestData.corpus("latex/" + p).toString());
        }
        args.addAll(List.of("--workers", "2"));
        Path out = TestData.runCli(tmp, "out", args.toArray(String[]::new));
        for (ShardReader.TarSample s : TestData.samples(out)) {
            JsonNode json = JSON.readTree(s.members().get("json"));
            String source = Path.of(json.get("source").asText()).getFileName().toString();
            assertEquals("ok", json.get("markdown").get("status").asText(), source + " " + json.get("markdown"));
            String md = new String(s.members().get("md"), StandardCharsets.UTF_8);
            String text = new String(s.members().get("txt"), StandardCharsets.UTF_8);
            pages.computeIfAbsent(source, k -> new TreeMap<>()).put(json.get("page").asInt(), new Page(md, json, text));
        }
        assertEquals(PAPERS.size(), pages.size(), pages.keySet().toString());
    }

    @Test
    void atLeast98PercentOfFormulasParseInKatex() throws Exception {
        List<Katex.Formula> all = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (var paper : pages.entrySet()) {
            for (Page p : paper.getValue().values()) {
                for (Katex.Formula f : Katex.formulas(p.md())) {
                    all.add(f);
                    where.add(paper.getKey() + " p" + p.number());
                }
            }
        }
        List<String> errors = Katex.errors(all, tmp);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (errors.get(i) != null) {
                failed.add(where.get(i) + ": " + all.get(i).latex() + "  -- " + errors.get(i));
            }
        }
        assertTrue(all.size() > 300, "formulas: " + all.size());
        double share = 1 - (double) failed.size() / all.size();
        assertTrue(share >= 0.98, String.format(Locale.ROOT, "%.3f of %d formulas parse; failing:%n%s", share, all.size(),
                String.join("\n", failed)));
    }

    @Test
    void theMarkdownHoldsThePagesWordsAndNoOthers() {
        List<String> report = new ArrayList<>();
        List<Double> recalls = new ArrayList<>();
        List<Double> precisions = new ArrayList<>();
        for (var paper : pages.entrySet()) {
            List<Double> r = new ArrayList<>();
            List<Double> pr = new ArrayList<>();
            for (Page p : paper.getValue().values()) {
                List<String> printed = printedWords(p);
                List<String> md = markdownWords(p.md());
                if (printed.size() < 20) {
                    continue; // a page of figures or formulas says little here
                }
                double recall = shared(printed, md) / (double) printed.size();
                double precision = md.isEmpty() ? 0 : shared(md, printed) / (double) md.size();
                r.add(recall);
                pr.add(precision);
                report.add(String.format(Locale.ROOT, "%s p%d recall %.3f precision %.3f", paper.getKey(), p.number(),
                        recall, precision));
            }
            recalls.add(median(r));
            precisions.add(median(pr));
        }
        for (int i = 0; i < PAPERS.size(); i++) {
            String paper = new ArrayList<>(pages.keySet()).get(i);
            assertTrue(recalls.get(i) >= 0.97, paper + " median recall " + recalls.get(i) + "\n" + String.join("\n", report));
            assertTrue(precisions.get(i) >= 0.97, paper + " median precision " + precisions.get(i) + "\n" + String.join("\n", report));
        }
    }

    @Test
    void eachPageStartsAndEndsWithTheWordsItPrints() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (var paper : pages.entrySet()) {
            for (Page p : paper.getValue().values()) {
                JsonNode blocks = p.json().get("blocks");
                List<JsonNode> content = new ArrayList<>();
                blocks.forEach(b -> {
                    if (!b.get("md").asText().isEmpty()) {
                        content.add(b);
                    }
                });
                if (content.isEmpty() || !prose(content.get(0)) || !prose(content.get(content.size() - 1))) {
                    continue; // a page that starts or ends with a table, a formula or code: those are written from the source
                }
                List<String> printed = words(proseText(p));
                List<String> md = words(stripMath(p.md()));
                if (printed.size() < 10 || md.size() < 10) {
                    continue;
                }
                checked++;
                if (!printed.subList(0, 5).equals(md.subList(0, 5))) {
                    failures.add(paper.getKey() + " p" + p.number() + " starts " + printed.subList(0, 5) + " / md " + md.subList(0, 5));
                }
                if (!printed.subList(printed.size() - 5, printed.size()).equals(md.subList(md.size() - 5, md.size()))) {
                    failures.add(paper.getKey() + " p" + p.number() + " ends " + printed.subList(printed.size() - 5, printed.size())
                            + " / md " + md.subList(md.size() - 5, md.size()));
                }
            }
        }
        assertTrue(checked > 30, "pages checked: " + checked);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void everyWordLiesInOneBlockAndBlocksDoNotOverlap() {
        List<String> failures = new ArrayList<>();
        for (var paper : pages.entrySet()) {
            for (Page p : paper.getValue().values()) {
                JsonNode blocks = p.json().get("blocks");
                for (int i = 0; i < blocks.size(); i++) {
                    assertEquals(i, blocks.get(i).get("order").asInt(), "reading order is the list's order");
                }
                for (JsonNode w : p.json().get("words")) {
                    int holders = 0;
                    for (JsonNode b : blocks) {
                        holders += inside(w, b) ? 1 : 0;
                    }
                    if (holders != 1) {
                        failures.add(paper.getKey() + " p" + p.number() + " word " + w + " in " + holders + " blocks");
                    }
                }
                for (int i = 0; i < blocks.size(); i++) {
                    for (int j = i + 1; j < blocks.size(); j++) {
                        if (overlap(blocks.get(i), blocks.get(j))) {
                            failures.add(paper.getKey() + " p" + p.number() + " blocks overlap: " + brief(blocks.get(i)) + " and " + brief(blocks.get(j)));
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures.subList(0, Math.min(60, failures.size()))));
    }

    @Test
    void everyDisplayFormulaIsOnThePageThatPrintsItOnce() throws Exception {
        for (String paper : PAPERS) {
            Map<Integer, Page> byPage = pages.get(paper);
            int blocksSeen = 0;
            Map<String, Integer> seen = new HashMap<>();
            for (Page p : byPage.values()) {
                for (JsonNode b : p.json().get("blocks")) {
                    if (!b.get("type").asText().equals("formula")) {
                        continue;
                    }
                    blocksSeen++;
                    String md = b.get("md").asText();
                    assertTrue(md.startsWith("\\[") && md.endsWith("\\]"), paper + " p" + p.number() + ": " + md);
                    Integer before = seen.put(md, p.number());
                    assertTrue(before == null || isTrivial(md), paper + ": the display " + md + " on pages " + before + " and " + p.number());
                    Matcher tag = Pattern.compile("\\\\tag\\{([^}]*)}").matcher(md);
                    while (tag.find()) {
                        String number = "(" + tag.group(1) + ")";
                        assertTrue(p.text().replace(" ", "").contains(number), paper + " p" + p.number() + " does not print " + number);
                    }
                }
            }
            assertEquals(displaysInSource(TestData.corpus("latex/" + paper)), blocksSeen, paper + ": display formulas");
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private static boolean isTrivial(String md) {
        return md.length() < 12;
    }

    /**
     * The displays the source has, counted by a plain reading of its files (not the walk under test): display
     * environments, {@code \[} and {@code $$}, outside comments and outside other displays.
     */
    static int displaysInSource(Path paper) throws Exception {
        Pattern display = Pattern.compile("\\\\begin\\{(equation|align|gather|multline|eqnarray|flalign|alignat|displaymath)\\*?}"
                + "|\\\\\\[|\\$\\$");
        int count = 0;
        try (Stream<Path> files = Files.walk(paper)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".tex")).toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8).replaceAll("(?m)(?<!\\\\)%.*$", "");
                text = text.replaceAll("(?s)\\\\begin\\{(equation|align|gather|multline|eqnarray|flalign|alignat|displaymath)(\\*?)}.*?\\\\end\\{\\1\\2}",
                        "\\\\begin{$1}");
                text = text.replaceAll("(?s)\\\\\\[.*?\\\\\\]", "\\\\[").replaceAll("(?s)\\$\\$.*?\\$\\$", "\\$\\$");
                Matcher m = display.matcher(text);
                while (m.find()) {
                    count++;
                }
            }
        }
        return count;
    }

    private static boolean prose(JsonNode block) {
        return List.of("paragraph", "abstract", "list_item", "caption", "footnote", "bibliography", "author")
                .contains(block.get("type").asText());
    }

    /** The page's words outside pictures, furniture, displays and tables, in reading order, line-end hyphens mended. */
    private static List<String> printedWords(Page p) {
        return words(keptText(p, false));
    }

    private static String proseText(Page p) {
        // the logo prints its A raised: the PDF's words are "L ATEX", the Markdown writes LaTeX
        return keptText(p, true).replaceAll("\\bL ATEX\\b", "LaTeX");
    }

    private static String keptText(Page p, boolean proseOnly) {
        JsonNode blocks = p.json().get("blocks");
        StringBuilder s = new StringBuilder();
        JsonNode previous = null;
        for (JsonNode w : p.json().get("words")) {
            JsonNode holder = null;
            for (JsonNode b : blocks) {
                if (inside(w, b)) {
                    holder = b;
                    break;
                }
            }
            String type = holder == null ? "" : holder.get("type").asText();
            if (holder == null || type.startsWith("page_") || type.equals("line_number") || type.equals("figure")
                    || type.equals("formula") || proseOnly && !prose(holder)) {
                continue;
            }
            String text = w.get("text").asText();
            boolean lineEnd = previous != null && w.get("y0").asInt() > previous.get("y1").asInt() - 2;
            if (s.length() > 1 && s.charAt(s.length() - 1) == '-' && lineEnd && !text.isEmpty()
                    && Character.isLowerCase(text.codePointAt(0))) {
                s.setLength(s.length() - 1); // "chal-" "lenges": one word, as read
            } else {
                s.append(' ');
            }
            s.append(text);
            previous = w;
        }
        return s.toString();
    }

    /** The Markdown's words: formulas and markup left out (their LaTeX is not printed as words). */
    private static List<String> markdownWords(String md) {
        return words(stripMath(md));
    }

    static String stripMath(String md) {
        String s = Katex.DISPLAY.matcher(md).replaceAll(" ");
        s = Katex.INLINE.matcher(s).replaceAll(" ");
        s = s.replaceAll("\\\\begin\\{tabular}\\{[^}\\n]*}", " ").replaceAll("\\\\(multicolumn|multirow)\\{[^}]*}\\{[^}]*}", " ")
                .replaceAll("\\\\[A-Za-z]+", " ").replaceAll("</?t[a-z]+[^>]*>", " ");
        return s;
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (String token : text.split("[\\s\\-–—/]+")) {
            String t = token.replaceAll("^[^A-Za-z]+|[^A-Za-z]+$", "");
            if (WORD.matcher(t).matches()) {
                out.add(t.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static int shared(List<String> a, List<String> b) {
        Map<String, Integer> counts = new HashMap<>();
        b.forEach(w -> counts.merge(w, 1, Integer::sum));
        int n = 0;
        for (String w : a) {
            Integer c = counts.get(w);
            if (c != null && c > 0) {
                n++;
                counts.put(w, c - 1);
            }
        }
        return n;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v[v.length / 2];
    }

    private static boolean inside(JsonNode w, JsonNode b) {
        return w.get("x0").asInt() >= b.get("x0").asInt() && w.get("y0").asInt() >= b.get("y0").asInt()
                && w.get("x1").asInt() <= b.get("x1").asInt() && w.get("y1").asInt() <= b.get("y1").asInt();
    }

    private static boolean overlap(JsonNode a, JsonNode b) {
        int x0 = Math.max(a.get("x0").asInt(), b.get("x0").asInt());
        int x1 = Math.min(a.get("x1").asInt(), b.get("x1").asInt());
        int y0 = Math.max(a.get("y0").asInt(), b.get("y0").asInt());
        int y1 = Math.min(a.get("y1").asInt(), b.get("y1").asInt());
        return x1 > x0 && y1 > y0;
    }

    private static String brief(JsonNode b) {
        String md = b.get("md").asText();
        return b.get("type").asText() + Arrays.toString(new int[]{b.get("x0").asInt(), b.get("y0").asInt(), b.get("x1").asInt(),
                b.get("y1").asInt()}) + " '" + md.substring(0, Math.min(40, md.length())) + "'";
    }
}

package org.pairforge.latex.markdown;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.shard.ShardReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Markdown of made-to-measure papers: a paragraph broken over two pages, tables in both formats, the
 * grounding text, byte-identical reruns; and hostile sources (macros that expand forever, a definition bomb,
 * a 10 MB formula, a file outside the paper) bounded by the limits, and papers that need what this machine's
 * TeX Live lacks rejected with the name of what is missing while the run goes on.
 */
class LatexMarkdownCasesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path paper(String name, String body) throws Exception {
        return paper(name, "\\documentclass{article}\n\\usepackage{amsmath}\n", body);
    }

    private Path paper(String name, String preamble, String body) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("papers").resolve(name));
        Files.writeString(dir.resolve("main.tex"), preamble + "\\begin{document}\n" + body + "\n\\end{document}\n");
        return dir;
    }

    /** Samples by key, in page order. */
    private static Map<String, ShardReader.TarSample> samples(Path out) throws Exception {
        Map<String, ShardReader.TarSample> all = new TreeMap<>();
        for (ShardReader.TarSample s : TestData.samples(out)) {
            all.put(s.key(), s);
        }
        return all;
    }

    private static String member(ShardReader.TarSample s, String name) {
        byte[] b = s.members().get(name);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static JsonNode json(ShardReader.TarSample s) throws Exception {
        return JSON.readTree(s.members().get("json"));
    }

    /** Sentences of words, none repeated, long enough to fill pages. */
    private static String prose(int words, int seed) {
        String[] pool = ("alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega river mountain forest "
                + "valley ocean meadow harbor garden orchard lantern window bridge tower castle village market "
                + "summer winter autumn spring morning evening journey letter story answer question reason").split(" ");
        StringBuilder s = new StringBuilder();
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < words; i++) {
            s.append(pool[r.nextInt(pool.length)]).append(i % 13 == 12 ? ". " : " ");
        }
        return s.toString().trim() + ".";
    }

    @Test
    void aParagraphBrokenOverTwoPagesIsCutAtTheSameWordAndNothingIsLost() throws Exception {
        String long1 = prose(520, 1);
        String broken = prose(420, 2);
        Path dir = paper("broken", "\\section{Introduction}\n" + long1 + "\n\n" + broken + "\n\n\\section{End}\nDone here.");
        Path out = TestData.runCli(tmp, "broken-out", "latex", dir.toString(), "--dpi", "72");
        List<ShardReader.TarSample> pages = new ArrayList<>(samples(out).values());
        assertTrue(pages.size() >= 2, "two pages at least");
        // the paragraph that goes over a break: the last block of a page and the first of the next
        int breaks = 0;
        for (int i = 0; i + 1 < pages.size(); i++) {
            String end = lastText(json(pages.get(i)).get("blocks"));
            String start = firstText(json(pages.get(i + 1)).get("blocks"));
            if (end == null || start == null) {
                continue;
            }
            breaks++;
            assertTrue(member(pages.get(i), "md").strip().endsWith(end), "the page's Markdown ends where its block does");
            assertTrue(member(pages.get(i + 1), "md").startsWith(start), "the next page's starts where its block does");
            // the page shows a hyphenated word's halves, each on its page; read together, they are one word
            String joined = end.endsWith("-") && Character.isLowerCase(start.charAt(0))
                    ? end.substring(0, end.length() - 1) + start : end + " " + start;
            assertTrue(normalize(joined).equals(normalize(long1)) || normalize(joined).equals(normalize(broken)),
                    "the halves joined are the whole paragraph, word for word:\n" + joined);
        }
        assertTrue(breaks >= 1, "a paragraph runs over a page break");
    }

    private static String lastText(JsonNode blocks) {
        for (int i = blocks.size() - 1; i >= 0; i--) {
            if (blocks.get(i).get("type").asText().equals("paragraph")) {
                return blocks.get(i).get("md").asText();
            }
            if (!blocks.get(i).get("md").asText().isEmpty()) {
                return null;
            }
        }
        return null;
    }

    private static String firstText(JsonNode blocks) {
        for (JsonNode b : blocks) {
            if (b.get("type").asText().equals("paragraph")) {
                return b.get("md").asText();
            }
            if (!b.get("md").asText().isEmpty()) {
                return null;
            }
        }
        return null;
    }

    private static String normalize(String s) {
        return s.replaceAll("[^A-Za-z]+", " ").trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static final String TABLE = "\\begin{table}[h]\\centering\n\\caption{Results}\n\\begin{tabular}{l|cc}\n\\hline\n"
            + "\\multirow{2}{*}{Model} & \\multicolumn{2}{c}{Score} \\\\\n & dev & test \\\\\n\\hline\nBase & 1.5 & $2^3$ \\\\\n"
            + "Ours & \\textbf{2.5} & 3.1 \\\\\n\\hline\n\\end{tabular}\n\\end{table}\n";

    @Test
    void tablesAreLatexTabularOrHtmlWithRowAndColumnSpans() throws Exception {
        Path dir = paper("table", "\\documentclass{article}\n\\usepackage{multirow}\n", "Some text before the table.\n\n" + TABLE);
        String latex = member(samples(TestData.runCli(tmp, "t-latex", "latex", dir.toString(), "--dpi", "72")).values()
                .iterator().next(), "md");
        assertTrue(latex.contains("\\begin{tabular}{l|cc}\n\\hline\n\\multirow{2}{*}{Model} & \\multicolumn{2}{c}{Score} \\\\\n"
                + " & dev & test \\\\\n\\hline\nBase & 1.5 & \\(2^3\\) \\\\\nOurs & 2.5 & 3.1 \\\\\n\\hline\n\\end{tabular}"), latex);
        assertTrue(latex.contains("Table 1: Results"), "the caption as printed: " + latex);
        String html = member(samples(TestData.runCli(tmp, "t-html", "latex", dir.toString(), "--dpi", "72",
                "--table-format", "html")).values().iterator().next(), "md");
        assertTrue(html.contains("<table><tr><td rowspan=\"2\">Model</td><td colspan=\"2\">Score</td></tr>"
                + "<tr><td>dev</td><td>test</td></tr><tr><td>Base</td><td>1.5</td><td>\\(2^3\\)</td></tr>"
                + "<tr><td>Ours</td><td>2.5</td><td>3.1</td></tr></table>"), html);
    }

    @Test
    void anAastexPaperHasItsTitleDeluxetableNotesAndALongArgumentsParagraphsEachInTheirPlace() throws Exception {
        // AASTeX prints the title at the first \section; a \response{...} around a whole section is tagged by
        // SyncTeX with its closing line only; deluxetable has rows between \startdata and \enddata
        String response = prose(60, 3) + "\n\n\\begin{equation}\nE = m c^2 + \\frac{a}{b}\n\\end{equation}\n"
                + prose(60, 4) + " with $x \\in [0,1]$.\n\n" + prose(60, 5);
        Path dir = paper("aas", "\\documentclass[twocolumn]{aastex631}\n\\newcommand{\\response}[1]{#1}\n",
                "\\title{Quiet Rivers of the Northern Sky}\n\\author{Ann Writer}\n\\affiliation{Harbor Institute}\n"
                        + "\\begin{abstract}\nA short abstract about rivers.\n\\end{abstract}\n"
                        + "\\section{Introduction}\nOpening words of the paper.\n\n\\response{" + response + "\n}\n\n"
                        + "\\begin{deluxetable}{lcc}\n\\tablecaption{Measured values\\label{t}}\n"
                        + "\\tablehead{\\colhead{Name} & \\colhead{Mass\\tablenotemark{a}} & \\colhead{Size}}\n"
                        + "\\startdata\nalpha & 1.5 & 2.5 \\\\\nbeta & 3.5 & 4.5\n\\enddata\n"
                        + "\\tablenotetext{a}{In solar masses.}\n\\end{deluxetable}\n");
        String md = member(samples(TestData.runCli(tmp, "aas-out", "latex", dir.toString(), "--dpi", "72")).values()
                .iterator().next(), "md");
        assertTrue(md.contains("# Quiet Rivers of the Northern Sky\n"), "the title is its own heading:\n" + md);
        assertTrue(md.contains("# 1. Introduction\n") || md.contains("# 1. INTRODUCTION\n"), md);
        assertTrue(md.contains("Name & Mass\\({}^{a}\\) & Size \\\\\n\\hline\nalpha & 1.5 & 2.5 \\\\\nbeta & 3.5 & 4.5"),
                "deluxetable's head, rule and rows, the note's mark raised:\n" + md);
        assertTrue(md.contains("\\({}^{a}\\)In solar masses."), "the table's note:\n" + md);
        assertTrue(md.contains("Measured values"), md);
        // the three paragraphs of the argument come out whole, the display between the first two
        List<String> paragraphs = new ArrayList<>(List.of(md.split("\n\n")));
        int first = indexOf(paragraphs, normalize(prose(60, 3)));
        int second = indexOf(paragraphs, normalize(prose(60, 4) + " with"));
        int third = indexOf(paragraphs, normalize(prose(60, 5)));
        assertTrue(first >= 0 && second > first && third > second, "each paragraph whole and in order:\n" + md);
        String between = String.join("\n\n", paragraphs.subList(first + 1, second));
        assertTrue(between.startsWith("\\[") && between.contains("\\frac{a}{b}") && between.contains("\\tag{1}"),
                "the display between them, numbered:\n" + between);
    }

    /** The paragraph whose words start with {@code words}, or -1. */
    private static int indexOf(List<String> paragraphs, String words) {
        for (int i = 0; i < paragraphs.size(); i++) {
            if (normalize(paragraphs.get(i).replaceAll("\\\\\\(.*?\\\\\\)", " ")).startsWith(words)) {
                return i;
            }
        }
        return -1;
    }

    private static final Pattern GROUNDING = Pattern.compile(
            "<\\|ref\\|>([a-z_]+)<\\|/ref\\|><\\|det\\|>\\[\\[(\\d+), (\\d+), (\\d+), (\\d+)]]<\\|/det\\|>\n");

    @Test
    void groundingTextHasEveryBlockOnTheThousandGridAndRerunsAreByteIdentical() throws Exception {
        Path dir = paper("ground", "\\documentclass{article}\n\\usepackage{amsmath,multirow}\n", "\\title{A Short Note}\\author{A. Writer}\\maketitle\n\\section{Idea}\nWe show $a^2+b^2=c^2$ for all"
                + " triangles\\footnote{Right ones.}.\n\\begin{equation}\\label{e}E=mc^2\\end{equation}\n\\begin{itemize}\\item one\n"
                + "\\item two\\end{itemize}\n" + TABLE);
        Path first = TestData.runCli(tmp, "g1", "latex", dir.toString(), "--dpi", "72", "--grounding", "--workers", "1");
        Path second = TestData.runCli(tmp, "g2", "latex", dir.toString(), "--dpi", "72", "--grounding", "--workers", "2");
        ShardReader.TarSample a = samples(first).values().iterator().next();
        ShardReader.TarSample b = samples(second).values().iterator().next();
        for (String m : List.of("md", "json", "grounding.txt")) {
            assertTrue(java.util.Arrays.equals(a.members().get(m), b.members().get(m)), m + " is the same bytes on every run");
        }
        JsonNode meta = json(a);
        int width = meta.get("width").asInt(), height = meta.get("height").asInt();
        String grounding = member(a, "grounding.txt");
        Matcher m = GROUNDING.matcher(grounding);
        List<String> types = new ArrayList<>();
        int i = 0;
        while (m.find()) {
            JsonNode block = meta.get("blocks").get(i++);
            types.add(m.group(1));
            assertEquals(block.get("type").asText(), m.group(1));
            assertEquals(block.get("x0").asInt() * 1000 / width, Integer.parseInt(m.group(2)));
            assertEquals(block.get("y0").asInt() * 1000 / height, Integer.parseInt(m.group(3)));
            assertEquals(Math.min(999, block.get("x1").asInt() * 1000 / width), Integer.parseInt(m.group(4)));
            assertEquals(Math.min(999, block.get("y1").asInt() * 1000 / height), Integer.parseInt(m.group(5)));
            String text = grounding.substring(m.end(), grounding.indexOf("\n\n", m.end()) < 0 ? grounding.length()
                    : grounding.indexOf("\n\n", m.end()) + 1);
            if (!block.get("md").asText().isEmpty()) {
                assertEquals(block.get("md").asText() + "\n", text, "the block's Markdown follows its box");
            }
        }
        assertEquals(meta.get("blocks").size(), i, "every block, in reading order");
        for (String t : List.of("title", "author", "section_header", "paragraph", "formula", "list_item", "caption", "table",
                "footnote", "page_number")) {
            assertTrue(types.contains(t), t + " in " + types);
        }
        assertTrue(member(a, "md").contains("\\[E=mc^2 \\tag{1}\\]"), member(a, "md"));
        assertTrue(member(a, "md").contains("Footnote 1: Right ones."), member(a, "md"));
        assertTrue(member(a, "md").startsWith("# A Short Note\n\nA. Writer"), member(a, "md"));
    }

    @Test
    void hostileSourcesAreBoundedAndEveryOtherPaperGoesOn() throws Exception {
        // TeX never reads what a false conditional holds; a walk of both branches meets them
        Path loop = paper("loop", "\\documentclass{article}\n\\newcommand{\\again}{x\\again}\n",
                "\\ifdefined\\nothingofthisname $\\again$ \\fi Text of a paper that compiles.");
        Path bomb = paper("bomb", "\\documentclass{article}\n\\def\\a{xx}\\def\\b{\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a}"
                + "\\def\\c{\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b}\\def\\d{\\c\\c\\c\\c\\c\\c\\c\\c\\c\\c}\\def\\e{\\d\\d\\d\\d\\d\\d\\d\\d\\d\\d}"
                + "\\def\\f{\\e\\e\\e\\e\\e\\e\\e\\e\\e\\e}\\def\\g{\\f\\f\\f\\f\\f\\f\\f\\f\\f\\f}\\def\\h{\\g\\g\\g\\g\\g\\g\\g\\g\\g\\g}\n",
                "\\ifdefined\\nothingofthisname $\\h$ \\fi A definition bomb that TeX never sets off.");
        StringBuilder huge = new StringBuilder("\\ifdefined\\nothingofthisname\n$");
        while (huge.length() < 10_000_000) {
            huge.append("x+y_{1}+\\alpha\n");
        }
        huge.append("$\n\\fi\nA paper with a 10 MB formula in a branch TeX skips.");
        Path big = paper("big", huge.toString());
        Path passwd = paper("passwd", "\\input{/etc/passwd}\nHello.");
        Path good = paper("good", "\\section{Fine}\nA fine paper with $x^2$ in it.");
        long start = System.nanoTime();
        Path out = TestData.runCli(tmp, "hostile", "latex", loop.toString(), bomb.toString(), big.toString(),
                passwd.toString(), good.toString(), "--dpi", "72", "--timeout", "60s");
        assertTrue(System.nanoTime() - start < 240e9, "bounded in time");
        Map<String, String> statusBySource = new HashMap<>();
        Map<String, String> reasonBySource = new HashMap<>();
        for (ShardReader.TarSample s : TestData.samples(out)) {
            JsonNode meta = json(s);
            String source = Path.of(meta.get("source").asText()).getFileName().toString();
            statusBySource.put(source, meta.get("markdown").get("status").asText());
            reasonBySource.put(source, meta.get("markdown").get("reason").asText());
            assertNotNull(s.members().get("png"), "the page is kept");
            assertNotNull(s.members().get("txt"));
        }
        assertEquals("failed", statusBySource.get("loop"));
        assertTrue(reasonBySource.get("loop").contains("expand"), reasonBySource.get("loop"));
        assertEquals("failed", statusBySource.get("bomb"));
        assertTrue(reasonBySource.get("bomb").contains("tokens") || reasonBySource.get("bomb").contains("expan"), reasonBySource.get("bomb"));
        assertTrue(!statusBySource.containsKey("big") || statusBySource.get("big").equals("failed"), "the 10 MB formula: " + reasonBySource.get("big"));
        assertEquals("ok", statusBySource.get("good"));
        assertFalse(statusBySource.containsKey("passwd"), "\\input{/etc/passwd} is still refused");
        String rejects = Files.readString(out.resolve("rejects.jsonl"));
        assertTrue(rejects.contains("passwd"), rejects);
        // --require-markdown: the pages without Markdown are rejections instead
        Path strict = TestData.runCli(tmp, "strict", "latex", loop.toString(), good.toString(), "--dpi", "72", "--require-markdown");
        String strictRejects = Files.readString(strict.resolve("rejects.jsonl"));
        assertTrue(strictRejects.contains("\"reason\":\"markdown_failed\""), strictRejects);
        assertEquals(1, TestData.samples(strict).size(), "the good paper's page is kept");
        JsonNode summary = JSON.readTree(strict.resolve("summary.json").toFile());
        assertEquals(1, summary.at("/counts/markdown_ok").asInt(), summary.toString());
        assertEquals(1, summary.at("/counts/markdown_failed").asInt(), summary.toString());
    }

    @Test
    void papersNeedingWhatThisTexLiveLacksAreRejectedNamingItAndTheRunGoesOn() throws Exception {
        Path pkg = paper("pkg", "\\documentclass{article}\n\\usepackage{pairforge-no-such-package}\n", "Text.");
        Path font = paper("font", "\\documentclass{article}\n\\usepackage{fontspec}\n\\setmainfont{PairForge No Such Serif}\n", "Text.");
        Path good = paper("good", "A fine paper.");
        Path out = TestData.runCli(tmp, "missing", "latex", pkg.toString(), font.toString(), good.toString(), "--dpi", "72");
        Map<String, JsonNode> rejects = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("rejects.jsonl"))) {
            JsonNode r = JSON.readTree(line);
            rejects.put(Path.of(r.get("source").asText()).getFileName().toString(), r);
        }
        assertEquals("missing_tex_file", rejects.get("pkg").get("reason").asText(), rejects.toString());
        assertTrue(rejects.get("pkg").get("message").asText().contains("pairforge-no-such-package.sty"), rejects.get("pkg").toString());
        assertEquals("missing_font", rejects.get("font").get("reason").asText(), rejects.toString());
        assertTrue(rejects.get("font").get("message").asText().contains("PairForge No Such Serif"), rejects.get("font").toString());
        assertEquals(1, TestData.samples(out).size(), "the good paper goes on");
        // a babel language bin/setup does not install (texlive-lang-european; --tex full has it)
        Process k = new ProcessBuilder("kpsewhich", "turkish.ldf").start();
        if (k.getInputStream().readAllBytes().length == 0 && k.waitFor() != 0) {
            Path babel = paper("babel", "\\documentclass{article}\n\\usepackage[turkish]{babel}\n", "Merhaba.");
            Path o = TestData.runCli(tmp, "babel", "latex", babel.toString(), "--dpi", "72");
            String line = Files.readString(o.resolve("rejects.jsonl"));
            assertTrue(line.contains("\"reason\":\"missing_tex_file\"") && line.contains("turkish.ldf"), line);
        }
        assertEquals(0, Main.execute("latex", good.toString(), "-o", tmp.resolve("quiet").toString(), "--no-progress", "--no-markdown"));
        ShardReader.TarSample plain = samples(tmp.resolve("quiet")).values().iterator().next();
        assertFalse(plain.members().containsKey("md"), "--no-markdown writes none");
    }
}

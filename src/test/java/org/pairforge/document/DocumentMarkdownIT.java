package org.pairforge.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.TestData;
import org.pairforge.cli.Main;
import org.pairforge.latex.markdown.Katex;
import org.pairforge.shard.ShardReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTML pages' Markdown, read through the DOM, the same with both engines: structure, MathML as LaTeX, exams. */
class DocumentMarkdownIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ENGINES = List.of("flying-saucer", "chromium");

    @TempDir
    Path tmp;

    static final String PAGE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en"><head><title>Orbits</title></head><body>
            <h1>Orbits of the planets</h1>
            <p>Kepler found that the square of the period, <math xmlns="http://www.w3.org/1998/Math/MathML"><msup><mi>T</mi><mn>2</mn></msup></math>, grows as the cube of the distance.</p>
            <ul><li>Inner planets<ul><li>Mercury</li><li>Venus</li></ul></li><li>Outer planets</li></ul>
            <ol start="3"><li>Third law</li><li>Fourth note</li></ol>
            <table><tr><th>Planet</th><th colspan="2">Orbit</th></tr><tr><td rowspan="2">Earth</td><td>1 AU</td><td>365 days</td></tr>
            <tr><td>perihelion</td><td>January</td></tr></table>
            <figure><img src="orbit.png" alt="A drawing of an ellipse"/><figcaption>Figure 1: An elliptical orbit.</figcaption></figure>
            <blockquote><p>The planets move in ellipses.</p><p>So Kepler wrote.</p></blockquote>
            <pre>period = distance ** 1.5</pre>
            <p>The barque <i>Sophy Anderson</i>, “<i>quoted</i>” and (<b>bold</b>) here.</p>
            <p>The energy of the orbit is</p>
            <math xmlns="http://www.w3.org/1998/Math/MathML" display="block"><mi>E</mi><mo>=</mo><mo>−</mo><mfrac><mrow><mi>G</mi><mi>M</mi><mi>m</mi></mrow><mrow><mn>2</mn><mi>a</mi></mrow></mfrac></math>
            <p>where <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>a</mi></math> is the semi-major axis and <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>α</mi><mo>≤</mo><msqrt><mi>x</mi></msqrt></math> holds, and <math xmlns="http://www.w3.org/1998/Math/MathML"><semantics><mrow><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><msub><mi>x</mi><mi>i</mi></msub></mrow><annotation encoding="application/x-tex">\\sum_{i=1}^{n} x_i</annotation></semantics></math> is the sum.</p>
            </body></html>
            """;

    @Test
    void anHtmlPageBecomesItsMarkdownWithBothEngines() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("page"));
        Files.writeString(dir.resolve("page.xhtml"), PAGE.strip());
        Files.write(dir.resolve("orbit.png"), png());
        Map<String, String> mds = new TreeMap<>();
        for (String engine : ENGINES) {
            Path out = tmp.resolve("out-" + engine);
            assertEquals(0, Main.execute("documents", dir.resolve("page.xhtml").toString(), "-o", out.toString(),
                    "--engine", engine, "--no-progress"));
            List<ShardReader.TarSample> samples = TestData.samples(out);
            assertEquals(1, samples.size(), engine);
            JsonNode meta = JSON.readTree(samples.get(0).members().get("json"));
            assertEquals("dom", meta.get("structure").asText(), engine);
            String md = new String(samples.get(0).members().get("md"), StandardCharsets.UTF_8);
            mds.put(engine, md);
            assertTrue(md.startsWith("# Orbits of the planets\n\n"), engine + ":\n" + md);
            assertTrue(md.contains("Kepler found that the square of the period, \\(T^{2}\\), grows as the cube of the distance."), engine + ":\n" + md);
            assertTrue(md.contains("\n* Inner planets\n  * Mercury\n  * Venus\n* Outer planets\n"), engine + ":\n" + md);
            assertTrue(md.contains("\n3. Third law\n4. Fourth note\n"), engine + ":\n" + md);
            assertTrue(md.contains("<table><tr><th>Planet</th><th colspan=\"2\">Orbit</th></tr><tr><td rowspan=\"2\">Earth</td>"
                    + "<td>1 AU</td><td>365 days</td></tr><tr><td>perihelion</td><td>January</td></tr></table>"), engine + ":\n" + md);
            assertTrue(md.contains("\n![A drawing of an ellipse](orbit.png)\n\nFigure 1: An elliptical orbit.\n"), engine + ":\n" + md);
            assertTrue(md.contains("\n> The planets move in ellipses.\n\n> So Kepler wrote.\n"), engine + ":\n" + md);
            assertTrue(md.contains("\n```\nperiod = distance ** 1.5\n```\n"), engine + ":\n" + md);
            // Punctuation in the roman face stays outside the italic and bold runs, as printed.
            assertTrue(md.contains("\nThe barque _Sophy Anderson_, “_quoted_” and (**bold**) here.\n"), engine + ":\n" + md);
            assertTrue(md.contains("\n\\[E=-\\frac{GMm}{2a}\\]\n"), engine + ":\n" + md);
            assertTrue(md.contains("where \\(a\\) is the semi-major axis and \\(\\alpha \\leq \\sqrt{x}\\) holds, and "
                    + "\\(\\sum_{i=1}^{n} x_i\\) is the sum."), engine + ":\n" + md);
            List<Katex.Formula> formulas = Katex.formulas(md);
            assertEquals(5, formulas.size(), md);
            assertEquals(Arrays.asList(null, null, null, null, null), Katex.errors(formulas, tmp), "KaTeX parses every formula");
            List<String> types = new ArrayList<>();
            meta.get("blocks").forEach(b -> types.add(b.get("type").asText()));
            assertTrue(types.containsAll(List.of("section_header", "paragraph", "list_item", "table", "figure", "caption", "formula")),
                    types.toString());
            for (JsonNode w : meta.get("words")) {
                int in = 0;
                for (JsonNode b : meta.get("blocks")) {
                    in += PdfInputIT.inside(w, b) ? 1 : 0;
                }
                assertEquals(1, in, engine + ": " + w);
            }
        }
        assertEquals(mds.get("chromium"), mds.get("flying-saucer"), "both engines give the same Markdown");
    }

    @Test
    void examQuestionsAreANumberedListWithTheirChoicesInEnglishAndChinese() throws Exception {
        for (String engine : ENGINES) {
            for (String content : List.of("", "fixtures/corpus/zh/lunyu.json")) {
                Path out = tmp.resolve("exam-" + engine + (content.isEmpty() ? "-en" : "-zh"));
                List<String> args = new ArrayList<>(List.of("documents", "--template", "exam", "--count", "2", "--seed", "7",
                        "--engine", engine, "-o", out.toString(), "--no-progress"));
                if (!content.isEmpty()) {
                    args.addAll(List.of("--content", content));
                }
                assertEquals(0, Main.execute(args.toArray(String[]::new)));
                List<Double> recall = new ArrayList<>(), precision = new ArrayList<>();
                boolean sawQuestion = false;
                for (ShardReader.TarSample s : TestData.samples(out)) {
                    String md = new String(s.members().get("md"), StandardCharsets.UTF_8);
                    String txt = new String(s.members().get("txt"), StandardCharsets.UTF_8);
                    if (md.matches("(?s).*\\n1\\. [^\\n]+\\n  \\* A\\.[^\\n]+\\n  \\* B\\.[^\\n]+\\n  \\* C\\.[^\\n]+\\n  \\* D\\.[^\\n]+\\n.*")) {
                        sawQuestion = true;
                    }
                    List<String> mdWords = PdfInputIT.tokens(PdfInputIT.stripMarkdown(md));
                    List<String> pageWords = PdfInputIT.tokens(txt);
                    recall.add(PdfInputIT.overlap(pageWords, mdWords));
                    precision.add(PdfInputIT.overlap(mdWords, pageWords));
                    assertEquals(pageWords.get(0), mdWords.get(0), s.key());
                    assertEquals(pageWords.get(pageWords.size() - 1), mdWords.get(mdWords.size() - 1), s.key());
                }
                assertTrue(sawQuestion, engine + " " + content + ": question 1 with its choices A-D under it");
                assertTrue(PdfInputIT.median(recall) >= 0.98, engine + content + " recall " + recall);
                assertTrue(PdfInputIT.median(precision) >= 0.98, engine + content + " precision " + precision);
            }
        }
    }

    @Test
    void aChapterCutByMaxPagesIsStillReadThroughItsDom() throws Exception {
        Path out = tmp.resolve("cut");
        Path story = TestData.corpus("ebooks/sherlock-holmes/src/epub/text").resolve("a-scandal-in-bohemia.xhtml");
        Path dir = Files.createDirectories(tmp.resolve("story"));
        Files.copy(story, dir.resolve("story.xhtml"));
        assertEquals(0, Main.execute("documents", dir.resolve("story.xhtml").toString(), "-o", out.toString(),
                "--max-pages", "3", "--no-progress"));
        List<ShardReader.TarSample> samples = TestData.samples(out);
        assertEquals(3, samples.size());
        for (ShardReader.TarSample s : samples) {
            assertEquals("dom", JSON.readTree(s.members().get("json")).get("structure").asText(), s.key());
        }
        String first = new String(samples.get(0).members().get("md"), StandardCharsets.UTF_8);
        assertTrue(first.startsWith("## "), "the story's title is its heading: " + first);
    }

    /** A 200 x 100 PNG of one colour. */
    static byte[] png() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(200, 100, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(new java.awt.Color(0x802020));
        g.fillRect(0, 0, 200, 100);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        assertFalse(out.size() == 0);
        return out.toByteArray();
    }
}

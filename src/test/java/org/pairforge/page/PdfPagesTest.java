package org.pairforge.page;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pairforge.TestData;
import org.pairforge.core.UnreadableInputException;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real PDFs (the figures of the arXiv paper in the shared corpus, made by other people's tools) through the
 * page pipeline, checked against poppler's pdftotext as an independent reader.
 */
class PdfPagesTest {
    private static final Path OVERLAYS = Path.of("target", "page-overlays");
    private static final List<Path> PDFS = new ArrayList<>();

    @BeforeAll
    static void findPdfs() throws IOException {
        try (var files = Files.list(TestData.corpus("latex/panda-wms"))) {
            files.filter(p -> p.toString().endsWith(".pdf")).sorted().forEach(PDFS::add);
        }
        assertTrue(PDFS.size() >= 8, "the corpus paper has ten PDF figures");
        Files.createDirectories(OVERLAYS);
    }

    private static List<RenderedPage> render(Path pdf, float dpi) throws Exception {
        List<RenderedPage> pages = new ArrayList<>();
        new PdfPages(new PageOptions(dpi, 50, 40_000_000L)).render(Files.readAllBytes(pdf), pages::add);
        return pages;
    }

    @Test
    void colorlessPagesBecomeGreyWithTheSamePixelValuesAndColourPagesStayColour() throws Exception {
        BufferedImage page = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 40, 30);
        g.setColor(new Color(77, 77, 77));
        g.fillRect(5, 5, 10, 10);
        g.dispose();
        BufferedImage gray = PdfPages.grayIfColorless(page);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, gray.getType());
        assertEquals(77, gray.getRaster().getSample(7, 7, 0), "copied, not converted through linear grey");
        assertEquals(255, gray.getRaster().getSample(30, 20, 0));
        page.setRGB(39, 29, new Color(200, 10, 10).getRGB());
        assertEquals(BufferedImage.TYPE_INT_RGB, PdfPages.grayIfColorless(page).getType(), "one red pixel keeps colour");
    }

    /** Glyphs copied from masks land where PDFBox fills them: the same page within a fraction of a grey level. */
    @Test
    void glyphsCopiedFromMasksMatchPdfBoxsOwnFills() throws Exception {
        List<Path> pdfs = new ArrayList<>(PDFS);
        pdfs.add(Path.of("fixtures/pdf/geotopo-1-24.pdf"));
        pdfs.add(Path.of("fixtures/pdf/multicolumn.pdf"));
        PageOptions options = new PageOptions(144, 3, 40_000_000L);
        int compared = 0;
        for (Path pdf : pdfs) {
            List<RenderedPage> masked = new ArrayList<>(), filled = new ArrayList<>();
            byte[] bytes = Files.readAllBytes(pdf);
            new PdfPages(options, true).render(bytes, masked::add);
            new PdfPages(options, false).render(bytes, filled::add);
            for (int i = 0; i < masked.size(); i++) {
                BufferedImage a = ImageIO.read(new ByteArrayInputStream(masked.get(i).png()));
                BufferedImage b = ImageIO.read(new ByteArrayInputStream(filled.get(i).png()));
                assertEquals(b.getWidth(), a.getWidth());
                assertEquals(b.getHeight(), a.getHeight());
                double mean = meanDifference(a, b, 0);
                // A glyph a whole pixel off: what "not where PDFBox draws it" looks like on this page.
                double shifted = meanDifference(b, b, 1);
                long inked = 0;
                for (int y = 0; y < b.getHeight(); y++) {
                    for (int x = 0; x < b.getWidth(); x++) {
                        inked += (b.getRGB(x, y) & 0xff) < 128 ? 1 : 0;
                    }
                }
                assertTrue(mean < 1.2 && mean < shifted / 2, pdf.getFileName() + " page " + (i + 1)
                        + ": mean difference " + mean + "/255 (a pixel's shift: " + shifted + ")");
                if (inked > 1000) {
                    compared++;
                }
            }
        }
        assertTrue(compared >= 8, compared + " inked pages compared");
    }

    /** Mean absolute difference per channel, in grey levels, of {@code a} and {@code b} moved {@code dx} pixels right. */
    private static double meanDifference(BufferedImage a, BufferedImage b, int dx) {
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = dx; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x - dx, y);
                sum += Math.abs((p & 0xff) - (q & 0xff)) + Math.abs((p >> 8 & 0xff) - (q >> 8 & 0xff))
                        + Math.abs((p >> 16 & 0xff) - (q >> 16 & 0xff));
            }
        }
        return sum / 3 / (a.getWidth() - dx) / a.getHeight();
    }

    @Test
    void pagesRasterizeAtTheRequestedDpiAndAreNotBlank() throws Exception {
        for (Path pdf : PDFS) {
            RenderedPage page = render(pdf, 144).get(0);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(page.png()));
            assertEquals(page.width(), img.getWidth());
            assertEquals(page.height(), img.getHeight());
            // pdfinfo, not PDFBox, says how big the page is
            double[] points = pageSizePoints(pdf);
            assertEquals(points[0] * 2, img.getWidth(), 2.0, pdf + ": 144 dpi is 2 px per point");
            assertEquals(points[1] * 2, img.getHeight(), 2.0, pdf.toString());
            assertTrue(inkShare(img, 0, 0, img.getWidth(), img.getHeight()) > 0.005, pdf + " renders blank");
        }
    }

    @Test
    void pageTextAgreesWithPdftotext() throws Exception {
        int compared = 0;
        for (Path pdf : PDFS) {
            RenderedPage page = render(pdf, 72).get(0);
            List<String> theirs = words(run("pdftotext", "-enc", "UTF-8", pdf.toString(), "-"));
            if (theirs.size() < 3) {
                continue; // a figure without a text layer
            }
            compared++;
            Map<String, Integer> ours = counts(words(page.text()));
            int found = 0;
            for (String w : theirs) {
                if (ours.merge(w, -1, Integer::sum) >= 0) {
                    found++;
                }
            }
            assertTrue(found >= 0.9 * theirs.size(), pdf + ": only " + found + " of pdftotext's " + theirs.size()
                    + " words are in ours:\n" + page.text() + "\n---\n" + theirs);
            assertFalse(page.fonts().isEmpty(), pdf + ": fonts used are reported");
            assertTrue(page.fonts().stream().noneMatch(f -> f.matches("[A-Z]{6}\\+.*")), "no random subset tags: " + page.fonts());
        }
        assertTrue(compared >= 5, "most figures have a text layer; compared " + compared);
    }

    @Test
    void wordBoxesLandOnInk() throws Exception {
        for (Path pdf : PDFS) {
            RenderedPage page = render(pdf, 144).get(0);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(page.png()));
            int onInk = 0;
            for (WordBox w : page.words()) {
                assertTrue(w.x0() >= -1 && w.y0() >= -1 && w.x1() <= img.getWidth() + 1 && w.y1() <= img.getHeight() + 1,
                        pdf + ": box outside the page: " + w);
                if (inkShare(img, w.x0(), w.y0(), w.x1(), w.y1()) > 0.02) {
                    onInk++;
                }
            }
            assertTrue(onInk >= 0.95 * page.words().size(), pdf + ": " + onInk + " of " + page.words().size() + " boxes on ink");
            assertEquals(words(page.text()).size(), page.words().size(), pdf + ": one box per word of the text");
            writeOverlay(pdf, img, page.words());
        }
    }

    @Test
    void brokenAndTruncatedPdfsAreRejectionsWithAReason() throws Exception {
        var notPdf = assertThrows(UnreadableInputException.class, () -> new PdfPages(PageOptions.defaults())
                .render("just text".getBytes(StandardCharsets.UTF_8), p -> { }));
        assertEquals("pdf_damaged", notPdf.reason());
        byte[] real = Files.readAllBytes(PDFS.get(0));
        byte[] cut = Arrays.copyOf(real, real.length / 3);
        try {
            List<RenderedPage> pages = new ArrayList<>();
            new PdfPages(PageOptions.defaults()).render(cut, pages::add);
            // PDFBox can sometimes recover a truncated file; then what it gives must still be a real page.
            assertFalse(pages.isEmpty());
        } catch (UnreadableInputException e) {
            assertEquals("pdf_damaged", e.reason());
        }
        var huge = assertThrows(UnreadableInputException.class,
                () -> new PdfPages(new PageOptions(1200, 5, 1_000_000)).render(real, p -> { }));
        assertEquals("page_too_large", huge.reason());
    }

    @Test
    void textTheImageDoesNotShowIsNotThePagesText() throws Exception {
        List<RenderedPage> pages = onePage((cs, font) -> {
            cs.saveGraphicsState();
            cs.transform(Matrix.getScaleInstance(2, 2)); // the clip is given in scaled units: 0..400 on the page
            cs.addRect(0, 0, 200, 200);
            cs.clip();
            cs.transform(Matrix.getScaleInstance(0.5f, 0.5f));
            show(cs, font, 100, 300, "inside");
            show(cs, font, 100, 500, "clipped"); // as Flying Saucer paints a line that moved to the next page
            cs.restoreGraphicsState();
            show(cs, font, 100, 700, "restored");
            show(cs, font, 100, -30, "belowthepage");
            cs.beginText();
            cs.setRenderingMode(RenderingMode.NEITHER);
            cs.setFont(font, 12);
            cs.newLineAtOffset(300, 700);
            cs.showText("invisible");
            cs.endText();
        });
        assertEquals(List.of("inside", "restored"), words(pages.get(0).text()).stream().sorted().toList());
        assertEquals(2, pages.get(0).words().size());
    }

    @Test
    void textDrawnTwiceOverItselfIsReadOnce() throws Exception {
        List<RenderedPage> pages = onePage((cs, font) -> {
            show(cs, font, 100, 700, "emboldened"); // fake bold: the same text again a fraction of a point over
            show(cs, font, 100.4f, 700.3f, "emboldened");
            show(cs, font, 100, 600, "repeated");
            show(cs, font, 100, 585, "repeated"); // a line below: text of its own
        });
        String text = pages.get(0).text();
        assertEquals(1, text.split("emboldened", -1).length - 1, text);
        assertEquals(2, text.split("repeated", -1).length - 1, text);
    }

    @Test
    void glyphsFilledForAnEarlierDocumentOnTheThreadDrawAsIfFilledAnew() throws Exception {
        // Glyph masks are made for embedded fonts: each document embeds its own copy of the same font file.
        byte[] later = embedded((cs, font) -> {
            show(cs, font, 100, 700, "Shared glyphs, in black");
            cs.setNonStrokingColor(Color.RED);
            show(cs, font, 100.3f, 650.1f, "the same letters in red");
        });
        byte[] earlier = embedded((cs, font) -> {
            cs.setNonStrokingColor(new Color(0, 0, 255));
            show(cs, font, 100, 700, "Shared glyphs, in black"); // the same outlines and places, another colour
            cs.setNonStrokingColor(Color.BLACK);
            show(cs, font, 100.3f, 650.1f, "the same letters in red");
            show(cs, font, 100, 600, "Shared glyphs, in black");
        });
        byte[] alone = onThread(() -> firstPage(later));
        byte[] afterAnother = onThread(() -> {
            firstPage(earlier);
            return firstPage(later);
        });
        assertArrayEquals(alone, afterAnother, "a page's pixels do not depend on what the thread drew before it");
        assertFalse(Arrays.equals(alone, onThread(() -> firstPage(earlier))));
    }

    /** As {@link #onePdf}, in DejaVu Sans embedded (bin/setup installs fonts-dejavu-core). */
    private static byte[] embedded(Drawing draw) throws IOException {
        return onePdf(doc -> org.apache.pdfbox.pdmodel.font.PDType0Font.load(doc,
                new java.io.File("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")), draw);
    }

    private static byte[] firstPage(byte[] pdf) throws Exception {
        List<RenderedPage> pages = new ArrayList<>();
        new PdfPages(PageOptions.defaults()).render(pdf, pages::add);
        return pages.get(0).png();
    }

    private static byte[] onThread(java.util.concurrent.Callable<byte[]> work) throws Exception {
        java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return thread.submit(work).get();
        } finally {
            thread.shutdown();
        }
    }

    /** A one-page A4 PDF drawn by {@code draw} in Helvetica, through the page pipeline. */
    private static List<RenderedPage> onePage(Drawing draw) throws Exception {
        List<RenderedPage> pages = new ArrayList<>();
        new PdfPages(PageOptions.defaults()).render(onePdf(draw), pages::add);
        return pages;
    }

    private static byte[] onePdf(Drawing draw) throws IOException {
        return onePdf(doc -> new PDType1Font(Standard14Fonts.FontName.HELVETICA), draw);
    }

    private static byte[] onePdf(FontOf fontOf, Drawing draw) throws IOException {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            org.apache.pdfbox.pdmodel.font.PDFont font = fontOf.in(doc);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                draw.on(cs, font);
            }
            doc.save(pdf);
        }
        return pdf.toByteArray();
    }

    private interface FontOf {
        org.apache.pdfbox.pdmodel.font.PDFont in(PDDocument doc) throws IOException;
    }

    private interface Drawing {
        void on(PDPageContentStream cs, org.apache.pdfbox.pdmodel.font.PDFont font) throws IOException;
    }

    private static void show(PDPageContentStream cs, org.apache.pdfbox.pdmodel.font.PDFont font, float x, float y, String text) throws IOException {
        cs.beginText();
        cs.setFont(font, 12);
        cs.newLineAtOffset(x, y);
        cs.showText(text);
        cs.endText();
    }

    @Test
    void cjkTextIsOneBoxPerCharacter() {
        List<WordSplitter.Glyph> glyphs = evenlySpaced("學而時習之 hello");
        List<WordBox> words = WordSplitter.segment(glyphs).words();
        assertEquals(List.of("學", "而", "時", "習", "之", "hello"), words.stream().map(WordBox::text).toList());
        assertEquals(new WordBox(60, 0, 109, 12, "hello"), words.get(5));
        assertEquals("學而時習之 hello", WordSplitter.segment(glyphs).text(), "a CJK run stays unspaced in the text");
    }

    @Test
    void marksTouchingCjkGetNoSpaceButAGapStillDoes() {
        List<WordSplitter.Glyph> glyphs = evenlySpaced("子曰：“學而Java”。 ok");
        glyphs.add(WordSplitter.Glyph.upright("x", 300, 0, 309, 12)); // far from "ok": a gap without a space glyph
        assertEquals("子曰：“學而Java”。 ok x", WordSplitter.segment(glyphs).text());
        assertEquals(List.of("子", "曰", "：", "“", "學", "而", "Java”", "。", "ok", "x"),
                WordSplitter.segment(glyphs).words().stream().map(WordBox::text).toList());
    }

    @Test
    void aPieceOfALinePaintedLateIntoItsGapIsReadWhereItStands() {
        // Flying Saucer paints "Now, " and " Wilson?" and only then the <abbr> "Mr." into the gap between them.
        List<WordSplitter.Glyph> glyphs = new ArrayList<>();
        glyphs.addAll(evenlySpaced("Now, ", 0));
        glyphs.addAll(evenlySpaced(" Wilson?", 80));
        glyphs.addAll(evenlySpaced("Mr.", 50));
        glyphs.addAll(evenlySpaced("Next line", 0).stream().map(g -> new WordSplitter.Glyph(g.text(), g.x0(), 20,
                g.x1(), 32, 0, g.along0(), g.along1(), 32, 12)).toList());
        assertEquals("Now, Mr. Wilson?\nNext line", WordSplitter.segment(glyphs).text());
        assertEquals(List.of("Now,", "Mr.", "Wilson?", "Next", "line"),
                WordSplitter.segment(glyphs).words().stream().map(WordBox::text).toList());
        // Two elements painted one after the other into two gaps, with plain text between them.
        List<WordSplitter.Glyph> dated = new ArrayList<>(evenlySpaced("It is ", 0));
        dated.addAll(evenlySpaced(" of ", 110));
        dated.addAll(evenlySpaced(".", 190));
        dated.addAll(evenlySpaced("Times", 60)); // painted right after each other, into the gaps at 60 and 150
        dated.addAll(evenlySpaced("1890", 150));
        assertEquals("It is Times of 1890.", WordSplitter.segment(dated).text());
        // Labels drawn over each other are not interleaved: the later one stays after the earlier.
        List<WordSplitter.Glyph> stacked = new ArrayList<>(evenlySpaced("alpha", 0));
        stacked.addAll(evenlySpaced("beta", 15));
        assertEquals("alpha beta", WordSplitter.segment(stacked).text());
    }

    @Test
    void aTallDelimiterTouchingAWordIsNotPartOfIt() {
        // a display's big parenthesis hangs from the text line above it, right after its last word ("column(")
        List<WordSplitter.Glyph> glyphs = new ArrayList<>(evenlySpaced("column", 0));
        glyphs.add(new WordSplitter.Glyph("(", 60, 4, 66, 50, 0, 60, 66, 12, 12));
        glyphs.add(new WordSplitter.Glyph("a", 66, 20, 72, 32, 0, 66, 72, 12, 12));
        assertEquals(List.of("column", "(a"), WordSplitter.segment(glyphs).words().stream().map(WordBox::text).toList());
        // a parenthesis of the text's own size stays with its word
        List<WordSplitter.Glyph> plain = new ArrayList<>(evenlySpaced("column(a)", 0));
        assertEquals(List.of("column(a)"), WordSplitter.segment(plain).words().stream().map(WordBox::text).toList());
    }

    @Test
    void formatCharactersThatDrawNothingAreNotText() {
        // Chromium places a glyph with a width for the word joiner Standard Ebooks puts before a dash.
        List<WordSplitter.Glyph> glyphs = new ArrayList<>(evenlySpaced("one\u201d", 0));
        glyphs.add(WordSplitter.Glyph.upright("\u2060", 40, 0, 46, 12));
        glyphs.addAll(evenlySpaced("\u2014he", 40));
        assertEquals("one\u201d\u2014he", WordSplitter.segment(glyphs).text());
    }

    @Test
    void rightToLeftTextIsReadInItsOwnDirection() {
        // Chromium places Hebrew and Arabic glyphs as they are seen: left to right, the reverse of reading.
        WordSplitter.Result hebrew = WordSplitter.segment(evenlySpaced("\u05dd\u05dc\u05d5\u05e2 world 123 \u05dd\u05d5\u05dc\u05e9"));
        assertEquals("\u05e9\u05dc\u05d5\u05dd world 123 \u05e2\u05d5\u05dc\u05dd", hebrew.text());
        assertEquals(List.of("\u05e9\u05dc\u05d5\u05dd", "world", "123", "\u05e2\u05d5\u05dc\u05dd"),
                hebrew.words().stream().map(WordBox::text).toList());
        assertTrue(hebrew.words().get(0).x0() > hebrew.words().get(3).x0(), "the first word read is the rightmost");
        // In a line mostly left to right, a right-to-left phrase is turned around in place.
        assertEquals("They say \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd to everyone",
                WordSplitter.segment(evenlySpaced("They say \u05dd\u05dc\u05d5\u05e2 \u05dd\u05d5\u05dc\u05e9 to everyone")).text());
    }

    @Test
    void noBreakSpacesSeparateWordsAndAreNoWords() {
        // Chromium places a glyph for each &nbsp; ("bold &nbsp; text"); it was a word box of its own.
        WordSplitter.Result r = WordSplitter.segment(evenlySpaced("bold \u00a0 text\u202fend"));
        assertEquals(List.of("bold", "text", "end"), r.words().stream().map(WordBox::text).toList());
        assertEquals("bold text end", r.text());
    }

    /** One glyph per character, 10 points apart, 9 wide: touching, as a line of text is set. */
    private static List<WordSplitter.Glyph> evenlySpaced(String line, float x) {
        List<WordSplitter.Glyph> glyphs = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            glyphs.add(WordSplitter.Glyph.upright(String.valueOf(line.charAt(i)), x + i * 10, 0, x + i * 10 + 9, 12));
        }
        return glyphs;
    }

    private static List<WordSplitter.Glyph> evenlySpaced(String line) {
        return evenlySpaced(line, 0);
    }

    private static void writeOverlay(Path pdf, BufferedImage img, List<WordBox> words) throws IOException {
        BufferedImage copy = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(1));
        for (WordBox w : words) {
            g.drawRect(w.x0(), w.y0(), w.x1() - w.x0(), w.y1() - w.y0());
        }
        g.dispose();
        ImageIO.write(copy, "png", OVERLAYS.resolve(pdf.getFileName().toString().replace(".pdf", ".png")).toFile());
    }

    private static double inkShare(BufferedImage img, int x0, int y0, int x1, int y1) {
        int ink = 0, n = 0;
        for (int y = Math.max(0, y0); y < Math.min(img.getHeight(), y1); y++) {
            for (int x = Math.max(0, x0); x < Math.min(img.getWidth(), x1); x++) {
                int rgb = img.getRGB(x, y);
                int lum = (((rgb >> 16) & 0xff) * 3 + ((rgb >> 8) & 0xff) * 6 + (rgb & 0xff)) / 10;
                if (lum < 200) {
                    ink++;
                }
                n++;
            }
        }
        return n == 0 ? 0 : ink / (double) n;
    }

    private static double[] pageSizePoints(Path pdf) throws Exception {
        for (String line : run("pdfinfo", pdf.toString()).split("\n")) {
            if (line.startsWith("Page size:")) {
                String[] parts = line.replace("Page size:", "").trim().split("\\s+");
                return new double[]{Double.parseDouble(parts[0]), Double.parseDouble(parts[2])};
            }
        }
        throw new AssertionError("pdfinfo gave no page size for " + pdf);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static Map<String, Integer> counts(List<String> words) {
        Map<String, Integer> m = new HashMap<>();
        words.forEach(w -> m.merge(w, 1, Integer::sum));
        return m;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command));
        return new String(out, StandardCharsets.UTF_8);
    }
}

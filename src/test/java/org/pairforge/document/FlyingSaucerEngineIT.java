package org.pairforge.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.LoopbackListener;
import org.pairforge.TestData;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.page.PageOptions;
import org.pairforge.page.PdfPages;
import org.pairforge.page.RenderedPage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real e-book of the shared corpus through Flying Saucer and the page pipeline, checked by OCR. */
class FlyingSaucerEngineIT {
    @TempDir
    Path tmp;

    /** Every page of a PDF through the page pipeline at 144 dpi. */
    static List<RenderedPage> pages(byte[] pdf) throws Exception {
        List<RenderedPage> pages = new ArrayList<>();
        new PdfPages(new PageOptions(144, 100, 40_000_000L)).render(pdf, pages::add);
        return pages;
    }

    @Test
    void theSpineIsReadInOrder() throws Exception {
        EpubBook book = EpubBook.open(TestData.corpus("ebooks/sherlock-holmes/src"));
        assertEquals("The Adventures of Sherlock Holmes", book.title());
        assertEquals("en-GB", book.language());
        assertEquals(16, book.chapters().size());
        assertEquals("titlepage.xhtml", book.chapters().get(0).getFileName().toString());
        assertEquals("a-scandal-in-bohemia.xhtml", book.chapters().get(2).getFileName().toString());
    }

    @Test
    void englishPagesCarryTheirExactTextByOcr() throws Exception {
        Path root = TestData.corpus("ebooks/sherlock-holmes/src");
        EpubBook book = EpubBook.open(root);
        HtmlEngine.Pdf pdf = new FlyingSaucerEngine(java.time.Duration.ofSeconds(120)).toPdf(book.chapters().get(2), root);
        assertEquals(0, pdf.refusedFetches(), "the book's own CSS loads");
        List<RenderedPage> pages = pages(pdf.bytes());
        assertTrue(pages.size() >= 8, "a whole story is many pages: " + pages.size());
        String all = String.join("\n", pages.stream().map(RenderedPage::text).toList());
        assertTrue(all.contains("To Sherlock Holmes she is always"), "the story's opening line is in the text");
        for (RenderedPage page : List.of(pages.get(1), pages.get(pages.size() / 2))) {
            double cer = Ocr.cer(page.text(), Ocr.read(page.png(), "eng"));
            assertTrue(cer <= 0.03, "page " + page.pageNumber() + ": character error rate " + cer);
        }
        // Each page has its own text, not the chapter's: consecutive pages share no long passage.
        assertFalse(pages.get(2).text().contains(pages.get(1).text().substring(0, 200)));
        // Reading order within lines: Flying Saucer paints a line's <abbr> and <i> after the rest of it, and
        // "Now, Mr. Wilson?" read "Now, Wilson? Mr." (none of the story's eight "Mr. X" pairs survived).
        List<String> source = List.of(pdf.source().getDocumentElement().getTextContent().trim().split("[\\s\\u00a0]+"));
        java.util.Set<String> read = new java.util.HashSet<>();
        String[] ours = all.trim().split("[\\s\\u00a0]+");
        for (int i = 1; i < ours.length; i++) {
            read.add(ours[i - 1] + " " + ours[i]);
        }
        long titled = 0;
        long inOrder = 0;
        for (int i = 1; i < source.size(); i++) {
            if (source.get(i - 1).equals("Mr.")) {
                titled++;
                inOrder += read.contains("Mr. " + source.get(i)) ? 1 : 0;
            }
        }
        assertTrue(titled >= 5 && inOrder >= 0.8 * titled, inOrder + " of " + titled + " \"Mr. X\" read in order");
    }

    @Test
    void aLineMovedToTheNextPageIsThatPagesTextOnly() throws Exception {
        // Flying Saucer moves a line that would cross a page break to the next page, and, depending on the
        // font's metrics and the line height, paints it on the first page too, under the bottom margin, where
        // the clip hides it. It was in both pages' text, with word boxes on blank paper. poppler's pdftotext,
        // which ignores clipping, shows that these documents have such lines.
        int hiddenLines = 0;
        for (String lineHeight : List.of("1.4", "1.6", "1.7")) {
            StringBuilder html = new StringBuilder("<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><style>"
                    + "body { font: 12pt 'Noto Serif CJK SC'; line-height: " + lineHeight + " }</style></head><body>");
            for (int i = 1; i <= 60; i++) {
                html.append("<p>Paragraph ").append(i).append(" begins here. To Sherlock Holmes she is always the ")
                        .append("woman; I have seldom heard him mention her under any other name.</p>");
            }
            Path page = Files.writeString(tmp.resolve("long.xhtml"), html.append("</body></html>"));
            byte[] pdf = new FlyingSaucerEngine(java.time.Duration.ofSeconds(60)).toPdf(page, tmp).bytes();
            Path pdfFile = Files.write(tmp.resolve("long.pdf"), pdf);
            Process poppler = new ProcessBuilder("pdftotext", pdfFile.toString(), "-").redirectErrorStream(true).start();
            String theirs = new String(poppler.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            hiddenLines += theirs.split(" begins here", -1).length - 1 - 60;
            List<RenderedPage> pages = pages(pdf);
            for (int i = 1; i <= 60; i++) {
                String marker = "Paragraph " + i + " begins";
                long on = pages.stream().filter(p -> p.text().contains(marker)).count();
                assertEquals(1, on, "line height " + lineHeight + ": " + marker + " is on " + on + " pages' text");
            }
            double bottomMargin = 2 / 2.54 * 144; // the default page's 2 cm at 144 dpi
            for (RenderedPage p : pages) {
                for (var w : p.words()) {
                    assertTrue(w.y1() <= p.height() - bottomMargin + 5,
                            "page " + p.pageNumber() + ": a word box in the bottom margin: " + w);
                }
            }
        }
        assertTrue(hiddenLines > 0, "these documents have clipped-away lines (pdftotext counts them)");
    }

    @Test
    void ocrWordPositionsAgreeWithTheEmittedBoxes() throws Exception {
        Path root = TestData.corpus("ebooks/sherlock-holmes/src");
        RenderedPage page = pages(new FlyingSaucerEngine(java.time.Duration.ofSeconds(120))
                .toPdf(EpubBook.open(root).chapters().get(3), root).bytes()).get(1);
        // Our boxes by word text, each used once, in reading order.
        java.util.Map<String, java.util.Deque<org.pairforge.page.WordBox>> ours = new java.util.HashMap<>();
        for (org.pairforge.page.WordBox w : page.words()) {
            ours.computeIfAbsent(w.text(), k -> new java.util.ArrayDeque<>()).add(w);
        }
        int compared = 0, agreeing = 0;
        for (Ocr.OcrWord o : Ocr.words(page.png(), "eng")) {
            if (o.confidence() < 90 || o.text().length() < 4) {
                continue; // compare where OCR is sure of a real word
            }
            java.util.Deque<org.pairforge.page.WordBox> candidates = ours.get(o.text());
            if (candidates == null || candidates.isEmpty()) {
                continue;
            }
            org.pairforge.page.WordBox best = null;
            double bestIou = 0;
            for (org.pairforge.page.WordBox w : candidates) {
                double iou = iou(w, o);
                if (iou > bestIou) {
                    bestIou = iou;
                    best = w;
                }
            }
            compared++;
            if (bestIou >= 0.5) {
                agreeing++;
                candidates.remove(best);
            }
        }
        assertTrue(compared >= 100, "enough words to judge: " + compared);
        assertTrue(agreeing >= 0.95 * compared, agreeing + " of " + compared + " OCR words overlap our box by IoU >= 0.5");
    }

    private static double iou(org.pairforge.page.WordBox a, Ocr.OcrWord b) {
        int ix = Math.max(0, Math.min(a.x1(), b.x1()) - Math.max(a.x0(), b.x0()));
        int iy = Math.max(0, Math.min(a.y1(), b.y1()) - Math.max(a.y0(), b.y0()));
        double inter = (double) ix * iy;
        double union = (double) (a.x1() - a.x0()) * (a.y1() - a.y0()) + (double) (b.x1() - b.x0()) * (b.y1() - b.y0()) - inter;
        return union <= 0 ? 0 : inter / union;
    }

    @Test
    void renderingReachesNothingOutsideTheDocument() throws Exception {
        Path outside = Files.writeString(tmp.resolve("secret.css"), "p { color: red }");
        Path secretText = Files.writeString(tmp.resolve("secret.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>TOPSECRET-42</p></body></html>");
        Path book = Files.createDirectories(tmp.resolve("book"));
        try (LoopbackListener listener = new LoopbackListener()) {
            String url = listener.url();
            Path page = Files.writeString(book.resolve("page.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
                    + "<link rel=\"stylesheet\" href=\"" + url + "/a.css\"/>"
                    + "<link rel=\"stylesheet\" href=\"../secret.css\"/>"
                    + "<style>@import url(" + url + "/b.css);</style></head><body>"
                    + "<p>Hermetic page body.</p>"
                    + "<img src=\"" + url + "/c.png\"/><img src=\"" + outside.toUri() + "\"/>"
                    + "<object data=\"" + secretText.toUri() + "\"/>"
                    + "</body></html>");
            HtmlEngine.Pdf pdf = new FlyingSaucerEngine(java.time.Duration.ofSeconds(120)).toPdf(page, book);
            assertEquals(0, listener.connections(), "no connection to the network");
            assertTrue(pdf.refusedFetches() >= 4, "refused: " + pdf.refusedFetches());
            String text = pages(pdf.bytes()).get(0).text();
            assertTrue(text.contains("Hermetic page body."), text);
            assertFalse(text.contains("TOPSECRET"), text);
        }
        Path entity = Files.writeString(book.resolve("entity.xhtml"), "<?xml version=\"1.0\"?><!DOCTYPE html ["
                + "<!ENTITY x SYSTEM \"" + secretText.toUri() + "\">]><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>&x;</p></body></html>");
        // Either outcome is contained (refused, or rendered with the entity unexpanded); a leak is not.
        try {
            String text = pages(new FlyingSaucerEngine(java.time.Duration.ofSeconds(120)).toPdf(entity, book).bytes()).get(0).text();
            assertFalse(text.contains("TOPSECRET"), "an external entity was expanded: " + text);
        } catch (UnreadableInputException e) {
            assertEquals("bad_xhtml", e.reason());
        }
    }

    @Test
    void aChapterPastItsTimeLimitIsARejectionAndTheCallerMovesOn() throws Exception {
        Path root = TestData.corpus("ebooks/sherlock-holmes/src");
        // A whole story: tens of milliseconds of parsing and layout once the JVM is warm on a fast machine (it
        // once fitted in the 50 ms this test gave it), never one millisecond.
        Path chapter = EpubBook.open(root).chapters().get(2);
        long started = System.nanoTime();
        var e = assertThrows(UnreadableInputException.class,
                () -> new FlyingSaucerEngine(java.time.Duration.ofMillis(1)).toPdf(chapter, root));
        assertEquals("render_timeout", e.reason());
        assertTrue(e.getMessage().contains("--render-timeout"), e.getMessage());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 1000, "the caller does not wait for the layout");
    }

    @Test
    void theTimeLimitHoldsForTheWholeDocument() throws Exception {
        Path root = TestData.corpus("ebooks/sherlock-holmes/src");
        // Warm: the first render in a JVM loads the CJK font collections, which alone can take seconds.
        List<Path> chapters = EpubBook.open(root).chapters();
        new FlyingSaucerEngine(java.time.Duration.ofSeconds(120)).toPdf(chapters.get(1), root);
        // The limit is four times what one story (laid out and rasterized) takes on this machine: the front
        // matter and the first story fit in it, the book's twelve stories cannot. (A fixed 8 s held the whole
        // book on a fast machine.)
        DocumentPairs unlimited = new DocumentPairs(new PageOptions(72, 10_000, 40_000_000L), java.time.Duration.ofSeconds(120), 64L << 20);
        long story = 0;
        for (int run = 0; run < 2; run++) {
            long started = System.nanoTime();
            var one = unlimited.extract(new org.pairforge.core.SourceData(org.pairforge.core.SourceRef.of("story"), new byte[0], chapters.get(2)));
            story = Math.max(story, System.nanoTime() - started);
            assertTrue(one.samples().size() > 10, "a whole story renders: " + one.rejections());
        }
        var e = new DocumentPairs(new PageOptions(72, 10_000, 40_000_000L), java.time.Duration.ofNanos(4 * story), 64L << 20)
                .extract(new org.pairforge.core.SourceData(org.pairforge.core.SourceRef.of("book"), new byte[0], root));
        assertFalse(e.samples().isEmpty(), "the first chapters render: " + e.rejections());
        var cut = e.rejections().stream().filter(r -> r.reason().equals("render_timeout")).toList();
        assertFalse(cut.isEmpty(), e.rejections().toString());
        assertTrue(cut.get(cut.size() - 1).message().contains("were not rendered (--render-timeout)"), cut.toString());
    }

    @Test
    void svgImagesAreDrawnWithoutFetchingWhatTheyLinkTo() throws Exception {
        Path book = Files.createDirectories(tmp.resolve("svgbook"));
        try (LoopbackListener listener = new LoopbackListener()) {
            Files.writeString(book.resolve("pic.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                    + "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"200\" height=\"100\">"
                    + "<rect width=\"200\" height=\"100\" fill=\"black\"/>"
                    + "<image xlink:href=\"" + listener.url() + "/leak.png\" width=\"10\" height=\"10\"/></svg>");
            Path page = Files.writeString(book.resolve("page.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                    + "<p>Above the picture.</p><img src=\"pic.svg\"/></body></html>");
            RenderedPage rendered = pages(new FlyingSaucerEngine(java.time.Duration.ofSeconds(60)).toPdf(page, book).bytes()).get(0);
            assertEquals(0, listener.connections(), "the SVG's link was fetched");
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(rendered.png()));
            int dark = 0;
            for (int y = 0; y < img.getHeight(); y += 4) {
                for (int x = 0; x < img.getWidth(); x += 4) {
                    dark += (img.getRGB(x, y) & 0xff) < 50 ? 1 : 0;
                }
            }
            assertTrue(dark > 500, "the black SVG rectangle is on the page: " + dark + " dark samples");
        }
    }

    @Test
    void plainHtmlThatIsNotXmlRendersToo() throws Exception {
        // Real-world HTML: no XML declaration, unclosed <p> and <br>, an unquoted attribute, a named entity.
        Path dir = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(dir.resolve("style.css"), "body { margin: 2cm } .lead { font-weight: bold }");
        Path page = Files.writeString(dir.resolve("index.html"), "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
                + "<link rel=stylesheet href=style.css><title>T</title></head><body>"
                + "<h1>Exam &amp; answers</h1><p class=lead>Question one: what is the capital of France?<br>"
                + "<p>Question two: name three primary colours.<p>Question three: what is seven times eight?</body></html>");
        HtmlEngine.Pdf pdf = new FlyingSaucerEngine(java.time.Duration.ofSeconds(60)).toPdf(page, dir);
        assertEquals(0, pdf.refusedFetches(), "its own stylesheet loads");
        String text = pages(pdf.bytes()).get(0).text();
        for (String expected : List.of("Exam & answers", "capital of France?", "three primary colours.", "seven times eight?")) {
            assertTrue(text.contains(expected), expected + " in:\n" + text);
        }
    }

    @Test
    void fontFamilyNamesMatchWithoutRegardToCase() throws Exception {
        // CSS family names are case-insensitive; Flying Saucer's own lookup is not, and fell back to the default.
        Path page = Files.writeString(tmp.resolve("mono.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
                + "<style>p { font-family: 'dejavu sans mono', serif }</style></head><body><p>Typed in a monospaced "
                + "font.</p></body></html>");
        List<String> fonts = pages(new FlyingSaucerEngine(java.time.Duration.ofSeconds(60)).toPdf(page, tmp).bytes()).get(0).fonts();
        assertTrue(fonts.stream().anyMatch(f -> f.contains("DejaVuSansMono")), "fonts used: " + fonts);
    }

    @Test
    void xhtmlWithTheXhtmlDtdKeepsItsNamedCharacters() throws Exception {
        // EPUB 2 and converter output declare the XHTML 1.1 DTD and use its entities. The DTD is never loaded;
        // the characters must still reach the page (they were silently dropped), and a document's own internal
        // entities expand, while an external one still reads nothing.
        Path page = Files.writeString(tmp.resolve("chapter.xhtml"), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" \"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd\" [\n"
                + "<!ENTITY author \"Arthur Conan Doyle\"> <!ENTITY secret SYSTEM \"file:///etc/hostname\"> ]>\n"
                + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>E</title></head><body>"
                + "<h1>Chapter&nbsp;One</h1><p>He said&mdash;quietly&hellip; &ldquo;Caf&eacute;&rdquo; costs &pound;5, "
                + "by &author;.[&secret;]</p></body></html>");
        String text = pages(new FlyingSaucerEngine(java.time.Duration.ofSeconds(60)).toPdf(page, tmp).bytes()).get(0).text();
        for (String expected : List.of("Chapter One", "He said\u2014quietly\u2026 \u201cCaf\u00e9\u201d costs \u00a35",
                "by Arthur Conan Doyle.[]")) {
            assertTrue(text.replace('\u00a0', ' ').contains(expected), expected + " in:\n" + text);
        }
    }

    @Test
    void anImageWithTooManyPixelsIsLeftOutNotDecoded() throws Exception {
        // A small file that declares 8000x8000 pixels (64 M, the cap is 40 M): decoded, such images filled the heap.
        Path dir = Files.createDirectories(tmp.resolve("bomb"));
        Files.write(dir.resolve("huge.png"), blackPng(8000, 8000));
        Path page = Files.writeString(dir.resolve("chapter.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                + "<p>Before the figure.</p><img src=\"huge.png\" style=\"width: 4cm\"/><p>After the figure.</p></body></html>");
        assertTrue(Files.size(dir.resolve("huge.png")) < 1_000_000, "the file itself is small");
        HtmlEngine.Pdf pdf = new FlyingSaucerEngine(java.time.Duration.ofSeconds(60)).toPdf(page, dir);
        assertEquals(1, pdf.refusedFetches(), "the image is refused, and counted");
        String text = pages(pdf.bytes()).get(0).text();
        assertTrue(text.contains("Before the figure.") && text.contains("After the figure."), text);
    }

    /** An all-black RGB PNG of any size, built without holding its pixels. */
    private static byte[] blackPng(int width, int height) throws java.io.IOException {
        java.io.ByteArrayOutputStream idat = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.DeflaterOutputStream(idat, new java.util.zip.Deflater(1))) {
            byte[] row = new byte[1 + 3 * width];
            for (int y = 0; y < height; y++) {
                z.write(row);
            }
        }
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2);
        chunk(png, "IHDR", ihdr.array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) throws java.io.IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        crc.update(t);
        crc.update(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        out.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void thePageLimitHoldsForTheWholeDocument() throws Exception {
        Path root = TestData.corpus("ebooks/sherlock-holmes/src");
        var e = new DocumentPairs(new PageOptions(72, 5, 40_000_000L), java.time.Duration.ofSeconds(120), 64L << 20)
                .extract(new org.pairforge.core.SourceData(org.pairforge.core.SourceRef.of("book"), new byte[0], root));
        assertEquals(4, e.samples().size(), "5 pages: the title page is blank, then 4 of the imprint and first story");
        assertTrue(e.rejections().stream().anyMatch(r -> r.reason().equals("too_many_pages")
                && r.message().contains("--max-pages")), String.valueOf(e.rejections()));
        assertTrue(e.rejections().stream().noneMatch(r -> r.reason().equals("missing_glyphs")),
                "a chapter cut short is not a glyph problem");
        assertEquals(e.candidates(), e.samples().size() + e.rejections().size(), "every candidate is kept or dropped");
    }

    @Test
    void aSpineThatPointsOutsideTheBookIsRefused() throws Exception {
        Path book = Files.createDirectories(tmp.resolve("evil/META-INF"));
        Files.writeString(book.resolve("container.xml"), "<container xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
                + "<rootfiles><rootfile full-path=\"content.opf\"/></rootfiles></container>");
        Files.writeString(tmp.resolve("evil/content.opf"), "<package xmlns=\"http://www.idpf.org/2007/opf\"><manifest>"
                + "<item id=\"a\" href=\"../../../etc/hostname\" media-type=\"application/xhtml+xml\"/></manifest>"
                + "<spine><itemref idref=\"a\"/></spine></package>");
        var e = assertThrows(UnreadableInputException.class, () -> EpubBook.open(tmp.resolve("evil")));
        assertEquals("path_outside_book", e.reason());
    }

    @Test
    void stylesheetsThatImportEachOtherStillStyleThePage() throws Exception {
        // a.css imports b.css, which imports a.css: Flying Saucer recursed over the cycle until the stack overflowed.
        Files.writeString(tmp.resolve("a.css"), "@import url(\"b.css\"); p { color: #0000ff; font-size: 40px }");
        Files.writeString(tmp.resolve("b.css"), "@import 'a.css'; h1 { color: #ff0000; font-size: 60px }");
        Path page = Files.writeString(tmp.resolve("cycle.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
                + "<link rel=\"stylesheet\" href=\"a.css\"/></head><body><h1>Red heading</h1><p>Blue paragraph</p></body></html>");
        // Standard output is the CLI's: Flying Saucer's parser printed "Token: b.css resolved b.css" there.
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        byte[] pdf;
        System.setOut(new java.io.PrintStream(printed, true));
        try {
            pdf = new FlyingSaucerEngine(java.time.Duration.ofSeconds(60)).toPdf(page, tmp).bytes();
        } finally {
            System.setOut(stdout);
        }
        assertEquals("", printed.toString(), "nothing printed on standard output");
        RenderedPage rendered = pages(pdf).get(0);
        assertEquals("Red heading\nBlue paragraph", rendered.text());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(rendered.png()));
        int red = 0;
        int blue = 0;
        for (int y = 0; y < image.getHeight() / 3; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int b = rgb & 0xff;
                red += r > 200 && b < 60 ? 1 : 0;
                blue += b > 200 && r < 60 ? 1 : 0;
            }
        }
        assertTrue(red > 500 && blue > 500, "both sheets' rules apply: " + red + " red, " + blue + " blue pixels");
    }

    @Test
    void aFewCjkCharactersInAnEnglishPageFallBackPerRunAsInABrowser() throws Exception {
        // The Python tutorial's controlflow page has one line with 景太郎: the whole page went into Noto CJK,
        // wide apostrophes and tall lines included, and took 48 pages instead of 28.
        Path page = Files.writeString(tmp.resolve("mixed.html"), "<html lang=\"en\"><body><p>Python\u2019s dictionaries keep"
                + " any key:</p><pre>users = {'Hans': 'active', '\u666f\u592a\u90ce': 'active'}</pre></body></html>");
        byte[] pdf = new FlyingSaucerEngine(java.time.Duration.ofSeconds(60)).toPdf(page, tmp).bytes();
        RenderedPage rendered = pages(pdf).get(0);
        assertEquals("Python\u2019s dictionaries keep any key:\nusers = {'Hans': 'active', '\u666f\u592a\u90ce': 'active'}",
                rendered.text());
        String fonts = rendered.fonts().toString();
        assertTrue(fonts.contains("DejaVuSerif") && fonts.contains("DejaVuSansMono"), "English stays in DejaVu: " + fonts);
        assertTrue(fonts.contains("NotoSansCJK"), "the CJK run is drawn by Noto CJK: " + fonts);
        assertFalse(fonts.contains("NotoSerifCJK"), "not the whole page: " + fonts);
    }
}

package org.pairforge.document;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pairforge.LoopbackListener;
import org.pairforge.TestData;
import org.pairforge.browser.BrowserPool;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.page.RenderedPage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chromium engine: the real e-book checked by OCR, and a hostile page contained with JavaScript on. */
class ChromiumEngineIT {
    @TempDir
    Path tmp;

    private static final BrowserPool BROWSERS = new BrowserPool();

    @org.junit.jupiter.api.AfterAll
    static void closeBrowsers() {
        BROWSERS.close();
    }

    private static ChromiumEngine engine(boolean javaScript, Duration timeout) {
        return new ChromiumEngine(timeout, "A4", "2cm", javaScript, 64L << 20, BROWSERS);
    }

    private static List<RenderedPage> pages(byte[] pdf) throws Exception {
        return FlyingSaucerEngineIT.pages(pdf);
    }

    @Test
    void englishPagesCarryTheirExactTextByOcrAndTheBrowserIsReused() throws Exception {
        Path root = TestData.corpus("ebooks/sherlock-holmes/src");
        EpubBook book = EpubBook.open(root);
        ChromiumEngine chromium = engine(false, Duration.ofSeconds(60));
        HtmlEngine.Pdf pdf = chromium.toPdf(book.chapters().get(2), root);
        int browsers = BROWSERS.size();
        chromium.toPdf(book.chapters().get(3), root);
        assertEquals(browsers, BROWSERS.size(), "the thread's browser is reused, not relaunched");
        assertEquals(0, pdf.refusedFetches(), "the book's own CSS loads");
        List<RenderedPage> pages = pages(pdf.bytes());
        assertTrue(pages.size() >= 8, "a whole story is many pages: " + pages.size());
        assertEquals(1191, pages.get(0).width(), "A4 at 144 dpi");
        String all = String.join("\n", pages.stream().map(RenderedPage::text).toList());
        assertTrue(all.contains("To Sherlock Holmes she is always"), "the story's opening line is in the text");
        for (RenderedPage page : List.of(pages.get(1), pages.get(pages.size() / 2))) {
            double cer = Ocr.cer(page.text(), Ocr.read(page.png(), "eng"));
            assertTrue(cer <= 0.03, "page " + page.pageNumber() + ": character error rate " + cer);
        }
    }

    @Test
    void documentsRenderedInTurnInOneReusedPageSeeOnlyTheirOwnFiles() throws Exception {
        // One page serves every document of a worker, and every document's files are served at the same
        // origin: two books with the same file names must still each get their own stylesheet and image.
        ChromiumEngine chromium = engine(false, Duration.ofSeconds(60));
        int[][] colours = {{0xff0000, 0x0000ff}, {0x00c000, 0xffff00}};
        for (int round = 0; round < 2; round++) {
            for (int book = 0; book < 2; book++) {
                Path dir = Files.createDirectories(tmp.resolve("book" + book));
                Files.writeString(dir.resolve("style.css"), String.format(
                        "body { background: #%06x } img { width: 300px; height: 300px }", colours[book][0]));
                java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(20, 20, java.awt.image.BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = picture.createGraphics();
                g.setColor(new java.awt.Color(colours[book][1]));
                g.fillRect(0, 0, 20, 20);
                g.dispose();
                javax.imageio.ImageIO.write(picture, "png", dir.resolve("picture.png").toFile());
                Path chapter = Files.writeString(dir.resolve("chapter.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\">"
                        + "<head><link rel=\"stylesheet\" href=\"style.css\"/></head><body><p>Book " + book
                        + "</p><img src=\"picture.png\"/></body></html>");
                RenderedPage page = pages(chromium.toPdf(chapter, dir).bytes()).get(0);
                java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(page.png()));
                // At 144 dpi the 2 cm margin is 113 px; the 300 px image starts under the paragraph.
                assertEquals(colours[book][0], image.getRGB(image.getWidth() / 2, image.getHeight() - 200) & 0xffffff,
                        "round " + round + ", book " + book + ": its own stylesheet");
                assertEquals(colours[book][1], image.getRGB(113 + 150, 113 + 80 + 150) & 0xffffff,
                        "round " + round + ", book " + book + ": its own image");
                assertTrue(page.text().contains("Book " + book));
            }
        }
    }

    @Test
    void htmlInAnyEncodingReadsTheSameInBothEngines() throws Exception {
        // Left to itself, Chromium read an unlabelled UTF-8 page as windows-1252 ("GrÃ¶ÃŸe") while Flying
        // Saucer read it as UTF-8; and a page labelled gb2312 is GBK to a browser (朱镕基 is not GB2312).
        Files.write(tmp.resolve("unlabelled.html"), "<p>Größe, 北京, naïve</p>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.write(tmp.resolve("gb2312.html"), "<html><head><meta charset=gb2312></head><body><p>总理朱镕基</p></body></html>"
                .getBytes(java.nio.charset.Charset.forName("GBK")));
        Files.write(tmp.resolve("legacy.html"), "<p>caf\u00e9 \u201cquoted\u201d</p>".getBytes(java.nio.charset.Charset.forName("windows-1252")));
        java.util.Map<String, String> expected = java.util.Map.of("unlabelled.html", "Größe, 北京, naïve",
                "gb2312.html", "总理朱镕基", "legacy.html", "caf\u00e9 \u201cquoted\u201d");
        for (HtmlEngine engine : List.of(engine(false, Duration.ofSeconds(60)), new FlyingSaucerEngine(Duration.ofSeconds(60)))) {
            for (var file : expected.entrySet()) {
                String text = pages(engine.toPdf(tmp.resolve(file.getKey()), tmp).bytes()).get(0).text();
                assertEquals(file.getValue(), text, engine.getClass().getSimpleName() + ", " + file.getKey());
            }
        }
    }

    @Test
    void rightToLeftPagesCarryTheirTextInReadingOrder() throws Exception {
        // Chromium's PDF holds Arabic and Hebrew glyphs left to right, as seen: the text read them backwards.
        String arabic = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645.";
        String hebrew = "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd 2024";
        Path page = Files.writeString(tmp.resolve("rtl.html"), "<html lang=\"ar\"><head><meta charset=\"utf-8\"></head><body>"
                + "<p dir=\"rtl\">" + arabic + "</p><p dir=\"rtl\">" + hebrew + "</p><p>An English line.</p></body></html>");
        RenderedPage rendered = pages(engine(false, Duration.ofSeconds(60)).toPdf(page, tmp).bytes()).get(0);
        assertEquals(arabic + "\n" + hebrew + "\nAn English line.", rendered.text());
        assertEquals("\u05e9\u05dc\u05d5\u05dd", rendered.words().get(2).text(), "the first Hebrew word read comes first");
    }

    @Test
    void withJavaScriptOnNothingLeavesTheDocument() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.xhtml"),
                "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>TOPSECRET-42</p></body></html>");
        Path book = Files.createDirectories(tmp.resolve("book"));
        try (LoopbackListener listener = new LoopbackListener()) {
            String url = listener.url();
            String ws = url.replace("http:", "ws:");
            Path page = Files.writeString(book.resolve("page.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
                    + "<link rel=\"stylesheet\" href=\"" + url + "/a.css\"/>"
                    + "<link rel=\"prefetch\" href=\"" + url + "/prefetch\"/><link rel=\"preconnect\" href=\"" + url + "\"/>"
                    + "<link rel=\"dns-prefetch\" href=\"" + url + "\"/>"
                    + "<style>@import url(" + url + "/b.css); body { background: url(" + url + "/bg.png) }</style>"
                    + "<script>//<![CDATA[\n"
                    + "try { navigator.sendBeacon('" + url + "/beacon', 'x'); } catch (e) {}\n"
                    + "try { new WebSocket('" + ws + "/socket'); } catch (e) {}\n"
                    + "try { fetch('" + url + "/fetch'); } catch (e) {}\n"
                    + "try { new EventSource('" + url + "/events'); } catch (e) {}\n"
                    + "try { var x = new XMLHttpRequest(); x.open('GET', '" + secret.toUri() + "', false); x.send();"
                    + " document.title = x.responseText; } catch (e) {}\n"
                    + "//]]></script></head><body>"
                    + "<p>Hermetic page body.</p>"
                    + "<img src=\"" + url + "/c.png\"/><img src=\"../secret.xhtml\"/>"
                    + "<iframe src=\"" + secret.toUri() + "\"></iframe><iframe src=\"../secret.xhtml\"></iframe>"
                    + "<iframe src=\"file:///etc/passwd\"></iframe>"
                    + "</body></html>");
            HtmlEngine.Pdf pdf = engine(true, Duration.ofSeconds(30)).toPdf(page, book);
            Thread.sleep(500); // a late beacon or socket would have connected by now
            assertEquals(0, listener.connections(), "no connection to the network");
            assertTrue(pdf.refusedFetches() >= 3, "refused: " + pdf.refusedFetches());
            String text = pages(pdf.bytes()).get(0).text();
            assertTrue(text.contains("Hermetic page body."), text);
            assertFalse(text.contains("TOPSECRET") || text.contains("root:"), text);
        }
    }

    @Test
    void aScriptThatNeverEndsIsARejectionAndTheNextChapterRenders() throws Exception {
        Path book = Files.createDirectories(tmp.resolve("loop"));
        Path loop = Files.writeString(book.resolve("loop.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                + "<p>Spinning</p><script>while (true) {}</script></body></html>");
        Path fine = Files.writeString(book.resolve("fine.xhtml"), "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>"
                + "<p>After the hang, a page renders again.</p></body></html>");
        ChromiumEngine chromium = engine(true, Duration.ofSeconds(3));
        long start = System.nanoTime();
        UnreadableInputException e = assertThrows(UnreadableInputException.class, () -> chromium.toPdf(loop, book));
        assertEquals("render_timeout", e.reason(), e.getMessage());
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "the hang was cut off");
        String text = pages(engine(true, Duration.ofSeconds(30)).toPdf(fine, book).bytes()).get(0).text();
        assertTrue(text.contains("After the hang"), text);
    }
}

package org.pairforge.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pairforge.TestData;
import org.pairforge.browser.BrowserPool;
import org.pairforge.cli.Main;
import org.pairforge.core.Rejection;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `pairforge documents` on PDFs: real ones from fixtures/pdf (a 24-page lecture-notes book, a two-column
 * paper, a Google Docs export), a tagged PDF and a Chinese one printed by Chromium, and hostile ones made here.
 * Each page's text is held against poppler's pdftotext, each page's Markdown against its text.
 */
class PdfInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BrowserPool BROWSERS = new BrowserPool();
    private static Path tmp;
    private static Path real;
    private static Path out;
    private static final Map<String, Path> files = new TreeMap<>();

    @BeforeAll
    static void run() throws Exception {
        tmp = Files.createTempDirectory("pdf-input-it");
        real = tmp.resolve("real");
        Files.createDirectories(real);
        for (String name : List.of("geotopo-1-24.pdf", "multicolumn.pdf", "google-doc-document.pdf",
                "the-man-without-a-body.pdf", "simple-cc-license-agreement.pdf", "zhlipsum.pdf")) {
            Files.copy(TestData.fixtures("pdf/" + name), real.resolve(name));
        }
        Files.write(real.resolve("tagged-report.pdf"), chromiumPdf(reportHtml()));
        Files.write(real.resolve("chinese-lunyu.pdf"), chromiumPdf(chineseHtml()));
        try (var s = Files.list(real)) {
            s.forEach(p -> files.put(p.getFileName().toString(), p));
        }
        out = tmp.resolve("out");
        assertEquals(0, Main.execute("documents", real.toString(), "-o", out.toString(), "--no-progress", "--workers", "2"));
    }

    @AfterAll
    static void close() {
        BROWSERS.close();
    }

    private static byte[] chromiumPdf(String html) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "html");
        Path page = dir.resolve("page.xhtml");
        Files.writeString(page, html);
        return new ChromiumEngine(Duration.ofSeconds(60), "A4", "2cm", false, 64L << 20, BROWSERS).toPdf(page, dir).bytes();
    }

    static String reportHtml() {
        StringBuilder body = new StringBuilder("<h1>Annual Report of the Lighthouse Board</h1>\n");
        body.append("<p>The board met <strong>four times</strong> during the year and inspected <em>every</em> station on the coast.</p>\n");
        body.append("<h2>Stations inspected</h2>\n<ul><li>Northern district<ul><li>Cape Ann light</li><li>Thacher Island light</li></ul></li>"
                + "<li>Southern district</li></ul>\n");
        body.append("<table><tr><th>Station</th><th colspan=\"2\">Keepers and assistants</th></tr>"
                + "<tr><td>Cape Ann</td><td>Keeper Brown</td><td>Assistant Grey</td></tr>"
                + "<tr><td>Thacher</td><td>Keeper Wells</td><td>Assistant Stone</td></tr></table>\n");
        for (int i = 0; i < 30; i++) {
            body.append("<p>Paragraph ").append(i + 1).append(" of the narrative: the lamps were cleaned, the lenses "
                    + "polished, the oil measured and the logbooks read aloud to the visiting committee, which found "
                    + "them in good order and said so in its minutes.</p>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">"
                + "<head><title>Report</title></head><body>" + body + "</body></html>";
    }

    private static String chineseHtml() throws Exception {
        JsonNode lunyu = JSON.readTree(TestData.fixtures("corpus/zh/lunyu.json").toFile());
        StringBuilder body = new StringBuilder();
        for (int c = 0; c < 2; c++) {
            body.append("<h2>").append(lunyu.get(c).get("chapter").asText()).append("</h2>\n");
            for (JsonNode p : lunyu.get(c).get("paragraphs")) {
                body.append("<p>").append(p.asText()).append("</p>\n");
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"zh\">"
                + "<head><title>论语</title></head><body>" + body + "</body></html>";
    }

    /** Every kept page of every PDF, by file name, in page order. */
    private static Map<String, List<JsonNode>> pages() throws Exception {
        Map<String, List<JsonNode>> byFile = new TreeMap<>();
        for (ShardReader.TarSample s : TestData.samples(out)) {
            JsonNode m = JSON.readTree(s.members().get("json"));
            ((com.fasterxml.jackson.databind.node.ObjectNode) m).put("_txt", new String(s.members().get("txt"), StandardCharsets.UTF_8));
            ((com.fasterxml.jackson.databind.node.ObjectNode) m).put("_md", s.members().containsKey("md")
                    ? new String(s.members().get("md"), StandardCharsets.UTF_8) : "");
            String file = Path.of(m.get("source").asText()).getFileName().toString();
            byFile.computeIfAbsent(file, k -> new ArrayList<>()).add(m);
        }
        byFile.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(m -> m.get("page").asInt())));
        return byFile;
    }

    @Test
    void eachPagesTextIsWhatPdftotextReads() throws Exception {
        Map<String, List<JsonNode>> pages = pages();
        assertEquals(files.keySet(), pages.keySet(), "every PDF gave pages");
        for (Map.Entry<String, List<JsonNode>> e : pages.entrySet()) {
            List<Double> cers = new ArrayList<>();
            for (JsonNode page : e.getValue()) {
                String reference = pdftotext(files.get(e.getKey()), page.get("page").asInt());
                cers.add(cer(page.get("_txt").asText(), reference));
                assertEquals("pdf", page.get("format").asText());
                assertEquals("pdf", page.get("text_source").asText());
            }
            double median = median(cers);
            assertTrue(median <= 0.02, e.getKey() + ": median CER against pdftotext " + median + " " + cers);
        }
        assertTrue(pages.get("geotopo-1-24.pdf").size() >= 20, "the book's pages: " + pages.get("geotopo-1-24.pdf").size());
    }

    @Test
    void eachPagesMarkdownHoldsItsWordsAndNoOthers() throws Exception {
        for (Map.Entry<String, List<JsonNode>> e : pages().entrySet()) {
            List<Double> recall = new ArrayList<>(), precision = new ArrayList<>();
            for (JsonNode page : e.getValue()) {
                assertEquals("ok", page.get("markdown").get("status").asText(), e.getKey() + " p" + page.get("page"));
                StringBuilder shown = new StringBuilder();
                for (JsonNode w : page.get("words")) {
                    if (!furnitureType(blockOf(page, w).get("type").asText())) {
                        shown.append(w.get("text").asText()).append(' ');
                    }
                }
                // a word hyphenated at a line's end is one word in the Markdown
                List<String> printed = tokens(shown.toString().replaceAll("(\\p{L})- (\\p{Ll})", "$1$2"));
                List<String> md = tokens(stripMarkdown(page.get("_md").asText()));
                recall.add(overlap(printed, md));
                precision.add(overlap(md, printed));
                if (!printed.isEmpty() && !md.isEmpty() && !e.getKey().contains("chinese")) {
                    // first and last words are the page's (hyphenated words mended: compare their start)
                    assertTrue(md.get(0).startsWith(printed.get(0)) || printed.get(0).startsWith(md.get(0)),
                            e.getKey() + " p" + page.get("page") + ": first word " + md.get(0) + " vs " + printed.get(0));
                }
            }
            assertTrue(median(recall) >= 0.98, e.getKey() + ": recall " + median(recall) + " " + recall);
            assertTrue(median(precision) >= 0.98, e.getKey() + ": precision " + median(precision) + " " + precision);
        }
    }

    @Test
    void everyWordBoxLiesInExactlyOneBlock() throws Exception {
        for (Map.Entry<String, List<JsonNode>> e : pages().entrySet()) {
            int words = 0, misplaced = 0;
            for (JsonNode page : e.getValue()) {
                for (JsonNode w : page.get("words")) {
                    int in = 0;
                    for (JsonNode b : page.get("blocks")) {
                        if (inside(w, b)) {
                            in++;
                        }
                    }
                    words++;
                    if (in != 1) {
                        misplaced++;
                    }
                }
            }
            assertTrue(misplaced <= words / 200, e.getKey() + ": " + misplaced + " of " + words + " word boxes not in exactly one block");
        }
    }

    @Test
    void aTaggedPdfIsReadFromItsStructureTree() throws Exception {
        List<JsonNode> report = pages().get("tagged-report.pdf");
        assertEquals("tagged", report.get(0).get("structure").asText());
        assertEquals("layout", pages().get("multicolumn.pdf").get(0).get("structure").asText());
        String md = report.get(0).get("_md").asText();
        assertTrue(md.startsWith("# Annual Report of the Lighthouse Board\n"), md);
        assertTrue(md.contains("\n## Stations inspected\n"), md);
        assertTrue(md.contains("**four times**") && md.contains("_every_"), md);
        assertTrue(md.contains("* Northern district\n  * Cape Ann light\n  * Thacher Island light\n* Southern district"), md);
        assertTrue(md.contains("<th colspan=\"2\">Keepers and assistants</th>"), md);
        assertTrue(md.contains("<td>Cape Ann</td><td>Keeper Brown</td><td>Assistant Grey</td>"), md);
        List<String> types = new ArrayList<>();
        report.get(0).get("blocks").forEach(b -> types.add(b.get("type").asText()));
        assertTrue(types.containsAll(List.of("section_header", "paragraph", "list_item", "table")), types.toString());
        // the narrative goes over a page break: the second page starts inside a paragraph, as printed
        assertTrue(report.size() >= 2);
    }

    @Test
    void realTaggedPdfsFromWordAreReadFromTheirTrees() throws Exception {
        for (String file : List.of("the-man-without-a-body.pdf", "simple-cc-license-agreement.pdf")) {
            List<JsonNode> pages = pages().get(file);
            assertFalse(pages.isEmpty(), file);
            for (JsonNode p : pages) {
                assertEquals("tagged", p.get("structure").asText(), file + " p" + p.get("page"));
            }
        }
        String agreement = pages().get("simple-cc-license-agreement.pdf").get(0).get("_md").asText();
        assertTrue(agreement.lines().anyMatch(l -> l.startsWith("#")), "Word's headings are headings:\n" + agreement);
    }

    @Test
    void theBooksHeadingsAndTwoColumnsComeOutInOrder() throws Exception {
        List<JsonNode> paper = pages().get("multicolumn.pdf");
        String first = paper.get(0).get("_md").asText();
        assertTrue(first.startsWith("# Two-Column Document with Lorem Ipsum\n"), first);
        assertTrue(first.contains("\n## Abstract\n"), first);
        // the left column is read to its end before the right one: its last words come before the right's first
        String text = paper.get(0).get("_txt").asText();
        assertTrue(first.indexOf("Lorem ipsum dolor sit amet") < first.indexOf("Nam dui ligula"), first);
        assertFalse(text.isBlank());
    }

    @Test
    void runsAreByteIdenticalWhateverTheWorkers() throws Exception {
        Path again = tmp.resolve("again");
        assertEquals(0, Main.execute("documents", real.resolve("multicolumn.pdf").toString(), real.resolve("tagged-report.pdf").toString(),
                "-o", again.toString(), "--no-progress", "--workers", "1", "--shard-size", "100"));
        Path twice = tmp.resolve("twice");
        assertEquals(0, Main.execute("documents", real.resolve("multicolumn.pdf").toString(), real.resolve("tagged-report.pdf").toString(),
                "-o", twice.toString(), "--no-progress", "--workers", "2", "--shard-size", "100"));
        ShardLayout a = new ShardLayout(again), b = new ShardLayout(twice);
        assertEquals(a.finishedShards(), b.finishedShards());
        for (int shard : a.finishedShards()) {
            assertArrayEquals(Files.readAllBytes(a.tar(shard)), Files.readAllBytes(b.tar(shard)), "shard " + shard);
        }
    }

    @Test
    void hostilePdfsGetTheirReasonFastAndTheRunGoesOn() throws Exception {
        Path bad = tmp.resolve("hostile");
        Files.createDirectories(bad);
        Files.write(bad.resolve("good.pdf"), HostilePdfs.text("A plain page of text that reads well"));
        Files.write(bad.resolve("bomb.pdf"), HostilePdfs.bomb(96L << 20));
        Files.write(bad.resolve("empty-10000.pdf"), HostilePdfs.emptyPages(10_000));
        Files.write(bad.resolve("deep.pdf"), HostilePdfs.deep(100_000));
        Files.write(bad.resolve("no-tounicode.pdf"), HostilePdfs.type3WithoutUnicode());
        byte[] real = Files.readAllBytes(TestData.fixtures("pdf/multicolumn.pdf"));
        Files.write(bad.resolve("truncated.pdf"), Arrays.copyOf(real, real.length / 2));
        Files.write(bad.resolve("not-a-pdf.pdf"), "%PDF-1.7\nthis is not a PDF at all\n".getBytes(StandardCharsets.US_ASCII));
        Files.copy(TestData.fixtures("pdf/libreoffice-writer-password.pdf"), bad.resolve("user-password.pdf"));
        gs(bad.resolve("owner-only.pdf"), "-sOwnerPassword=owner", "-dEncryptionR=3", "-dKeyLength=128", "-dPermissions=-3904");
        gs(bad.resolve("scan.pdf"), "-sDEVICE=pdfimage8", "-r100");
        Path result = tmp.resolve("hostile-out");
        long t0 = System.nanoTime();
        assertEquals(0, Main.execute("documents", bad.toString(), "-o", result.toString(), "--no-progress",
                "--max-pages", "50", "--max-input-mb", "64"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 90, "hostile PDFs took " + seconds + " s");
        Map<String, List<String>> reasons = new HashMap<>();
        for (Rejection r : ShardReader.readRejects(result.resolve("rejects.jsonl"))) {
            reasons.computeIfAbsent(Path.of(r.source()).getFileName().toString(), k -> new ArrayList<>()).add(r.reason() + ": " + r.message());
        }
        assertReason(reasons, "bomb.pdf", "pdf_stream_too_large");
        assertReason(reasons, "empty-10000.pdf", "too_many_pages");
        assertReason(reasons, "empty-10000.pdf", "blank_page");
        assertReason(reasons, "deep.pdf", "pdf_damaged");
        assertReason(reasons, "no-tounicode.pdf", "unmapped_text");
        assertReason(reasons, "not-a-pdf.pdf", "pdf_damaged");
        assertReason(reasons, "user-password.pdf", "encrypted_pdf");
        assertReason(reasons, "scan.pdf", "no_text_layer");
        assertTrue(reasons.getOrDefault("truncated.pdf", List.of()).stream().allMatch(r -> r.startsWith("pdf_damaged")),
                reasons.get("truncated.pdf").toString()); // PDFBox may recover some pages of it
        assertFalse(reasons.containsKey("good.pdf"), String.valueOf(reasons.get("good.pdf")));
        assertFalse(reasons.containsKey("owner-only.pdf"), "an owner password only: it opens, as in readers "
                + reasons.get("owner-only.pdf"));
        List<String> kept = new ArrayList<>();
        for (ShardReader.TarSample s : TestData.samples(result)) {
            kept.add(Path.of(JSON.readTree(s.members().get("json")).get("source").asText()).getFileName().toString());
        }
        assertTrue(kept.contains("good.pdf") && kept.contains("owner-only.pdf"), kept.toString());
    }

    @Test
    void withOcrScannedAScanIsReadByTesseract() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("scans"));
        gs(dir.resolve("scan.pdf"), "-sDEVICE=pdfimage8", "-r150");
        Path result = tmp.resolve("scans-out");
        assertEquals(0, Main.execute("documents", dir.toString(), "-o", result.toString(), "--no-progress", "--ocr-scanned"));
        List<ShardReader.TarSample> samples = TestData.samples(result);
        assertEquals(1, samples.size());
        JsonNode m = JSON.readTree(samples.get(0).members().get("json"));
        assertEquals("ocr", m.get("text_source").asText());
        assertEquals("tesseract -l eng", m.get("ocr").asText());
        String txt = new String(samples.get(0).members().get("txt"), StandardCharsets.UTF_8);
        String md = new String(samples.get(0).members().get("md"), StandardCharsets.UTF_8);
        assertTrue(txt.contains("Scanned page of a ledger") && txt.contains("second line"), txt);
        assertTrue(md.contains("Scanned page of a ledger"), md);
        assertTrue(m.get("words").size() >= 10, m.get("words").toString());
        for (JsonNode w : m.get("words")) {
            assertTrue(w.get("x1").asInt() <= m.get("width").asInt() && w.get("y1").asInt() <= m.get("height").asInt(), w.toString());
        }
        assertEquals(2, Main.execute("documents", dir.toString(), "-o", tmp.resolve("bad-lang").toString(), "--no-progress",
                "--ocr-scanned", "eng;rm"), "a language that is no Tesseract language is misuse");
    }

    private static void assertReason(Map<String, List<String>> reasons, String file, String reason) {
        assertTrue(reasons.getOrDefault(file, List.of()).stream().anyMatch(r -> r.startsWith(reason + ":")),
                file + " should be " + reason + ": " + reasons.get(file));
    }

    /** A text page printed by Ghostscript with the given device and options (an image-only PDF, an encrypted one). */
    private static void gs(Path to, String... options) throws Exception {
        Path ps = to.resolveSibling(to.getFileName() + ".ps");
        Files.writeString(ps, "%!PS\n/Helvetica findfont 24 scalefont setfont 72 700 moveto (Scanned page of a ledger) show\n"
                + "72 650 moveto (with a second line of text) show showpage\n");
        List<String> cmd = new ArrayList<>(List.of("gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER"));
        if (Arrays.stream(options).noneMatch(o -> o.startsWith("-sDEVICE"))) {
            cmd.add("-sDEVICE=pdfwrite");
        }
        cmd.addAll(List.of(options));
        cmd.add("-sOutputFile=" + to);
        cmd.add(ps.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, log);
        Files.delete(ps);
    }

    static String pdftotext(Path pdf, int page) throws Exception {
        Process p = new ProcessBuilder("pdftotext", "-q", "-f", String.valueOf(page), "-l", String.valueOf(page),
                "-enc", "UTF-8", pdf.toString(), "-").start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return text;
    }

    private static final Pattern CER_TOKEN = Pattern.compile("[\\p{L}\\p{N}]+|\\S");

    /**
     * Character error rate of {@code text} against {@code reference}, independent of reading order: both are cut
     * into letter-and-digit runs and single other characters (NFKC, soft hyphens and hyphens aside), matched as
     * multisets, and the characters left unmatched on the worse side are the errors. pdftotext orders a page by
     * its own layout analysis (a plot's tick labels, a running head, sub- and superscripts) and the page's text
     * keeps the content stream's order: the order is not what this compares, the characters are.
     */
    static double cer(String text, String reference) {
        Map<String, Integer> ref = new HashMap<>();
        int refChars = 0;
        for (String t : cerTokens(reference)) {
            ref.merge(t, 1, Integer::sum);
            refChars += t.length();
        }
        if (refChars == 0) {
            return text.isBlank() ? 0 : 1;
        }
        int ours = 0, matched = 0;
        for (String t : cerTokens(text)) {
            ours += t.length();
            Integer c = ref.get(t);
            if (c != null && c > 0) {
                ref.put(t, c - 1);
                matched += t.length();
            }
        }
        return Math.max(refChars - matched, ours - matched) / (double) refChars;
    }

    private static List<String> cerTokens(String s) {
        List<String> t = new ArrayList<>();
        // pdftotext mends words hyphenated at a line's end; the page's text keeps both halves as printed
        String mended = Normalizer.normalize(s, Normalizer.Form.NFKC).replaceAll("[-\\u00ad]\\s*\\n\\s*", "");
        var m = CER_TOKEN.matcher(mended.replaceAll("[\\u00ad-]", ""));
        while (m.find()) {
            t.add(m.group());
        }
        return t;
    }

    static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        return s.isEmpty() ? 1 : s.get(s.size() / 2);
    }

    private static final Pattern TOKEN = Pattern.compile("[\\p{IsHan}]|[\\p{L}\\p{N}&&[^\\p{IsHan}]]+");

    /** Words as the comparison counts them: letters and digits, CJK one character each, lower case, NFKC. */
    static List<String> tokens(String s) {
        List<String> t = new ArrayList<>();
        var m = TOKEN.matcher(Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT));
        while (m.find()) {
            t.add(m.group());
        }
        return t;
    }

    static String stripMarkdown(String md) {
        return md.replaceAll("<[^>]+>", " ").replaceAll("(?m)^\\s*(#+|\\*)\\s", " ").replace("**", "").replace("_", " ");
    }

    /** The share of {@code a}'s words (as a multiset) found in {@code b}. */
    static double overlap(List<String> a, List<String> b) {
        if (a.isEmpty()) {
            return 1;
        }
        Map<String, Integer> counts = new HashMap<>();
        b.forEach(w -> counts.merge(w, 1, Integer::sum));
        int found = 0;
        for (String w : a) {
            Integer c = counts.get(w);
            if (c != null && c > 0) {
                found++;
                counts.put(w, c - 1);
            }
        }
        return found / (double) a.size();
    }

    static boolean inside(JsonNode w, JsonNode b) {
        return w.get("x0").asInt() >= b.get("x0").asInt() && w.get("y0").asInt() >= b.get("y0").asInt()
                && w.get("x1").asInt() <= b.get("x1").asInt() && w.get("y1").asInt() <= b.get("y1").asInt();
    }

    private static JsonNode blockOf(JsonNode page, JsonNode w) {
        for (JsonNode b : page.get("blocks")) {
            if (inside(w, b)) {
                return b;
            }
        }
        return JSON.createObjectNode().put("type", "none");
    }

    static boolean furnitureType(String type) {
        return type.startsWith("page_") || type.equals("line_number");
    }

    /** PDFs built to fail, written byte by byte (no library would write them). */
    static final class HostilePdfs {
        private HostilePdfs() {
        }

        static byte[] pdf(List<byte[]> objects) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n".getBytes(StandardCharsets.ISO_8859_1));
            List<Integer> offsets = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                offsets.add(out.size());
                out.writeBytes(((i + 1) + " 0 obj\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(objects.get(i));
                out.writeBytes("\nendobj\n".getBytes(StandardCharsets.US_ASCII));
            }
            int xref = out.size();
            StringBuilder x = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
            for (int o : offsets) {
                x.append(String.format("%010d 00000 n \n", o));
            }
            x.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
            out.writeBytes(x.toString().getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.ISO_8859_1);
        }

        private static byte[] stream(String dict, byte[] data) {
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            o.writeBytes(ascii("<< " + dict + " /Length " + data.length + " >>\nstream\n"));
            o.writeBytes(data);
            o.writeBytes(ascii("\nendstream"));
            return o.toByteArray();
        }

        private static final String CATALOG = "<< /Type /Catalog /Pages 2 0 R >>";

        static byte[] text(String line) {
            return pdf(List.of(ascii(CATALOG), ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                    ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
                    stream("", ascii("BT /F1 14 Tf 72 700 Td (" + line + ") Tj ET")),
                    ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")));
        }

        /** One page whose content stream inflates to {@code bytes} spaces. */
        static byte[] bomb(long bytes) {
            Deflater d = new Deflater(9);
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) ' ');
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            for (long done = 0; done < bytes; done += chunk.length) {
                d.setInput(chunk);
                while (!d.needsInput()) {
                    z.write(buf, 0, d.deflate(buf));
                }
            }
            d.finish();
            while (!d.finished()) {
                z.write(buf, 0, d.deflate(buf));
            }
            return pdf(List.of(ascii(CATALOG), ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                    ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"),
                    stream("/Filter /FlateDecode", z.toByteArray())));
        }

        static byte[] emptyPages(int n) {
            StringBuilder kids = new StringBuilder();
            List<byte[]> objects = new ArrayList<>(List.of(ascii(CATALOG), new byte[0]));
            for (int i = 0; i < n; i++) {
                kids.append(i + 3).append(" 0 R ");
                objects.add(ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"));
            }
            objects.set(1, ascii("<< /Type /Pages /Kids [" + kids + "] /Count " + n + " >>"));
            return pdf(objects);
        }

        static byte[] deep(int depth) {
            return pdf(List.of(ascii("<< /Type /Catalog /Pages 2 0 R /Deep " + "[".repeat(depth) + "]".repeat(depth) + " >>"),
                    ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                    ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>")));
        }

        /** A Type 3 font whose glyph names mean nothing and which has no ToUnicode map: its codes are control characters. */
        static byte[] type3WithoutUnicode() {
            return pdf(List.of(ascii(CATALOG), ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
                    ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
                    stream("", ascii("BT /F1 24 Tf 72 700 Td (\\001\\002\\003\\001\\002\\003 \\003\\002\\001) Tj ET")),
                    ascii("<< /Type /Font /Subtype /Type3 /FontBBox [0 0 600 700] /FontMatrix [0.001 0 0 0.001 0 0] "
                            + "/CharProcs << /g1 6 0 R /g2 6 0 R /g3 6 0 R >> /Encoding << /Type /Encoding /Differences [1 /g1 /g2 /g3] >> "
                            + "/FirstChar 1 /LastChar 3 /Widths [600 600 600] /Resources << >> >>"),
                    stream("", ascii("600 0 0 0 500 700 d1 0 0 500 700 re f"))));
        }
    }
}

package org.pairforge.document;

import org.pairforge.core.Extraction;
import org.pairforge.core.Hashing;
import org.pairforge.core.PairforgeVersion;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.TimeLimit;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.image.ImageProbe;
import org.pairforge.markdown.PageMarkdown;
import org.pairforge.page.PageMetadata;
import org.pairforge.page.PdfPages;
import org.pairforge.page.RenderedPage;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * A born-digital PDF → one pair per page, through the same page pipeline as rendered documents. A PDF comes from
 * outside, so each page is rendered under what is left of the document's time ({@code --render-timeout}), its
 * content is decompressed under a byte limit before it is parsed, and what real PDFs bring is a rejection of
 * that page with its reason while the other pages go on: a scan ({@code no_text_layer}), fonts without Unicode
 * ({@code unmapped_text}), a damaged page ({@code pdf_damaged}). PDFBox follows no action, link, JavaScript
 * or embedded file: rendering draws the page's content and its annotations' appearances only.
 */
final class PdfInput {
    private final DocumentOptions options;
    private final PdfPages pages;

    PdfInput(DocumentOptions options) {
        this.options = options;
        this.pages = new PdfPages(options.pages());
    }

    /** Whether bytes (a row's content) are a PDF: its header within the first kilobyte, as readers accept it. */
    static boolean isPdf(byte[] content) {
        if (content == null) {
            return false;
        }
        String head = new String(content, 0, Math.min(content.length, 1024), java.nio.charset.StandardCharsets.ISO_8859_1);
        return head.contains("%PDF-");
    }

    static boolean isPdfName(java.nio.file.Path location) {
        return location.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pdf");
    }

    Extraction extract(SourceData input, byte[] bytes) {
        String id = input.ref().id();
        String keyPrefix = Hashing.sourceKey(id);
        PdfPages.Opened doc;
        try {
            doc = pages.open(bytes, options.maxInputBytes());
        } catch (UnreadableInputException e) {
            return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.EXTRACT, e.reason(), e.getMessage()));
        }
        List<Sample> samples = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        double[] seconds = new double[3]; // raster, text, markdown
        int[] candidates = {0};
        try (doc) {
            int count = doc.pageCount();
            int limit = Math.min(count, options.pages().maxPages());
            String title = title(doc);
            PdfStructure structure = options.markdown().enabled() ? PdfStructure.of(doc.document(), options.markdown()) : null;
            long deadline = System.nanoTime() + options.renderTimeout().toNanos();
            // Pages are worked on in parallel where workers are idle; what runs across pages (the stop at a
            // timeout) is decided here, in page order.
            doc.pages(limit, (copy, number) -> page(input, keyPrefix, copy, number, limit, title, structure, deadline), outcome -> {
                candidates[0]++;
                seconds[0] += outcome.raster();
                seconds[1] += outcome.text();
                seconds[2] += outcome.markdown();
                if (outcome.counted() != null) {
                    counts.merge(outcome.counted(), 1, Integer::sum);
                }
                if (outcome.sample() != null) {
                    samples.add(outcome.sample());
                } else {
                    rejections.add(outcome.rejection());
                }
                return !outcome.timedOut();
            });
            if (count > limit) {
                candidates[0]++;
                rejections.add(new Rejection(id, keyPrefix, Rejection.Stage.EXTRACT, "too_many_pages", "the PDF has " + count
                        + " pages; pages after " + limit + " were not rendered (--max-pages)"));
            }
        } catch (IOException e) {
            // closing: nothing of the document is needed any more
        }
        Map<String, Double> spent = new LinkedHashMap<>();
        spent.put("raster", seconds[0]);
        spent.put("text", seconds[1]);
        if (options.markdown().enabled()) {
            spent.put("markdown", seconds[2]);
        }
        return new Extraction(true, candidates[0], samples, rejections, spent, counts);
    }

    /**
     * What became of one page: a sample or a rejection, the time it took by part, the Markdown count it adds to
     * ({@code markdown_ok}...), and whether it ran out of the document's time (no page after it is kept).
     */
    private record PageOutcome(Sample sample, Rejection rejection, double raster, double text, double markdown,
                               String counted, boolean timedOut) {
        static PageOutcome rejected(Rejection r) {
            return new PageOutcome(null, r, 0, 0, 0, null, false);
        }
    }

    /** Page {@code number} on its own, drawn from {@code doc} (this thread's copy of the document). */
    private PageOutcome page(SourceData input, String keyPrefix, PdfPages.Opened doc, int number, int limit, String title,
                             PdfStructure structure, long deadline) {
        String id = input.ref().id();
        String key = keyPrefix + "_p" + org.pairforge.core.Keys.pad(number, 4);
        long left = deadline - System.nanoTime();
        RenderedPage page;
        try {
            if (left <= 0) {
                throw new TimeLimit.Exceeded("the PDF took longer than " + options.renderTimeout().toSeconds() + " s");
            }
            page = TimeLimit.run(Duration.ofNanos(left), "rendering page " + number + " (--render-timeout)",
                    () -> doc.page(number));
        } catch (TimeLimit.Exceeded e) {
            doc.abandon(); // the abandoned render still holds the document
            return new PageOutcome(null, new Rejection(id, key, Rejection.Stage.EXTRACT, "render_timeout", e.getMessage()
                    + "; pages " + number + " to " + limit + " were not rendered (--render-timeout)"), 0, 0, 0, null, true);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnreadableInputException u) {
                return PageOutcome.rejected(new Rejection(id, key, Rejection.Stage.EXTRACT, u.reason(), u.getMessage()));
            }
            return PageOutcome.rejected(new Rejection(id, key, Rejection.Stage.EXTRACT, "pdf_damaged", "page " + number
                    + ": PDFBox cannot draw it: " + cause));
        }
        double raster = page.rasterSeconds(), text = page.textSeconds();
        if (page.glyphs() == 0 && !page.layout().pictures().isEmpty() && options.ocrLang() != null) {
            try {
                long t0 = System.nanoTime();
                ScanText.Result read = ScanText.read(page.png(), options.ocrLang(),
                        Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                text += (System.nanoTime() - t0) / 1e9;
                if (read.text().isBlank()) {
                    return new PageOutcome(null, new Rejection(id, key, Rejection.Stage.FILTER, "no_text_layer", "page " + number
                            + " draws images and no text, and Tesseract (" + options.ocrLang() + ") read none in them"),
                            raster, text, 0, null, false);
                }
                return new PageOutcome(scanned(input, key, title, page, read), null, raster, text, 0, null, false);
            } catch (UnreadableInputException e) {
                return new PageOutcome(null, new Rejection(id, key, Rejection.Stage.EXTRACT, e.reason(), "page " + number
                        + ": " + e.getMessage()), raster, text, 0, null, false);
            }
        }
        String why = refusal(page);
        if (why != null) {
            String reason = why.substring(0, why.indexOf(':'));
            return new PageOutcome(null, new Rejection(id, key, Rejection.Stage.FILTER, reason,
                    why.substring(reason.length() + 2)), raster, text, 0, null, false);
        }
        PageMarkdown md = null;
        double markdown = 0;
        if (structure != null) {
            long t0 = System.nanoTime();
            md = structure.page(page);
            markdown = (System.nanoTime() - t0) / 1e9;
            Rejection refused = md.refusal(options.markdown(), id, key, "page " + number);
            if (refused != null) {
                return new PageOutcome(null, refused, raster, text, markdown, md.countName(), false);
            }
        }
        return new PageOutcome(sample(input, key, title, page, structure == null ? null : structure.kind(), md, "pdf"),
                null, raster, text, markdown, md == null ? null : md.countName(), false);
    }

    /** {@code reason: message} when the page is not a text page, else null. */
    private String refusal(RenderedPage page) {
        int n = page.pageNumber();
        if (page.glyphs() == 0) {
            return page.layout().pictures().isEmpty()
                    ? "blank_page: page " + n + " has no text"
                    : "no_text_layer: page " + n + " draws images and no text (a scan, or text turned into pictures)";
        }
        double share = page.unmappedGlyphs() / (double) page.glyphs();
        if (share > options.maxUnmapped()) {
            return "unmapped_text: page " + n + ": " + page.unmappedGlyphs() + " of " + page.glyphs()
                    + " glyphs have no Unicode text (share " + String.format(Locale.ROOT, "%.3f", share)
                    + ", over --max-unmapped " + options.maxUnmapped() + "): its fonts lack a ToUnicode map";
        }
        if (page.text().isBlank()) {
            return "blank_page: page " + n + " has no text";
        }
        return null;
    }

    private static String title(PdfPages.Opened doc) {
        try {
            String t = doc.document().getDocumentInformation().getTitle();
            return t == null || t.isBlank() ? null : t.strip();
        } catch (RuntimeException e) {
            return null; // an info dictionary that does not parse names no title
        }
    }

    /** A scanned page whose text Tesseract read: its words and paragraphs are Tesseract's, marked {@code text_source: ocr}. */
    private Sample scanned(SourceData input, String key, String title, RenderedPage page, ScanText.Result read) {
        List<org.pairforge.page.WordBox> boxes = read.words().stream().map(org.pairforge.page.LaidWord::box).toList();
        RenderedPage ocr = new RenderedPage(page.pageNumber(), page.pageCount(), page.png(), page.width(), page.height(),
                page.dpi(), read.text(), boxes, page.fonts(), page.rasterSeconds(), page.textSeconds(),
                new org.pairforge.page.PageLayout(read.words(), page.layout().pictures()), 0, 0);
        PageMarkdown md = null;
        if (options.markdown().enabled()) {
            org.pairforge.markdown.PageWriter writer = new org.pairforge.markdown.PageWriter(read.words(), options.markdown(), true);
            read.paragraphs().forEach(p -> writer.text(org.pairforge.markdown.BlockType.PARAGRAPH, p));
            md = writer.build();
        }
        return sample(input, key, title, ocr, md == null ? null : "ocr", md, "ocr");
    }

    /** @param structure where the page's structure came from, null without Markdown; {@code textSource} pdf or ocr */
    private Sample sample(SourceData input, String key, String title, RenderedPage page, String structure,
                          PageMarkdown md, String textSource) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", DocumentPairs.KIND);
        m.put("source", input.ref().id());
        if (title != null) {
            m.put("title", title);
        }
        m.put("format", "pdf");
        m.put("page", page.pageNumber());
        m.put("pages", page.pageCount());
        m.put("text_source", textSource);
        if (textSource.equals("ocr")) {
            m.put("ocr", "tesseract -l " + options.ocrLang());
        }
        if (structure != null) {
            m.put("structure", structure);
        }
        String dedupKey = PageMetadata.put(m, page);
        Map<String, String> members = new LinkedHashMap<>();
        if (md != null) {
            md.addTo(m, members, options.markdown(), page.width(), page.height());
        }
        m.put("pipeline_version", PairforgeVersion.VERSION);
        return new Sample(key, input.ref(), List.of(ImageProbe.probe(page.png(), "image/png")), page.text(), m,
                members, dedupKey);
    }
}

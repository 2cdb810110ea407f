package org.pairforge.document;

import org.pairforge.core.EncodedImage;
import org.pairforge.core.Extraction;
import org.pairforge.core.Extractor;
import org.pairforge.core.Hashing;
import org.pairforge.core.Keys;
import org.pairforge.core.PairforgeVersion;
import org.pairforge.core.Parts;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.SourceRef;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.image.ImageProbe;
import org.pairforge.markdown.PageMarkdown;
import org.pairforge.page.PageMetadata;
import org.pairforge.page.PageOptions;
import org.pairforge.page.PdfPages;
import org.pairforge.page.RenderedPage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A document (an unpacked EPUB, one XHTML file with its folder, or a PDF) → one pair per rendered page: the page
 * image and the text that is really on that page, with word boxes. PDFs go to {@link PdfInput}. Chapters render in spine order, each
 * with its own CSS and images. A chapter that fails is a rejection; the book's other chapters go on.
 */
public final class DocumentPairs implements Extractor {
    public static final String KIND = "document-page";

    private final HtmlEngine engine;
    private final PdfPages pages;
    private final PageOptions options;

    private final long maxUnpackedBytes;
    private final PdfInput pdfs;
    private final org.pairforge.markdown.MarkdownOptions markdownOptions;

    /** @param maxUnpackedBytes the most an .epub may decompress to ({@code --max-input-mb}) */
    public DocumentPairs(PageOptions options, java.time.Duration renderTimeout, long maxUnpackedBytes) {
        this(options, renderTimeout, maxUnpackedBytes, FlyingSaucerEngine.DEFAULT_PAGE_CSS);
    }

    /** @param pageCss the render profile's default {@code @page} rule */
    public DocumentPairs(PageOptions options, java.time.Duration renderTimeout, long maxUnpackedBytes, String pageCss) {
        this(DocumentOptions.builder().dpi(options.dpi()).maxPages(options.maxPages())
                        .maxPagePixels(options.maxPixelsPerPage()).renderTimeout(renderTimeout).maxInputBytes(maxUnpackedBytes).build(),
                new FlyingSaucerEngine(renderTimeout, pageCss));
    }

    /** @param engine Flying Saucer or Chromium, as the render profile says (PDF inputs need neither) */
    public DocumentPairs(DocumentOptions options, HtmlEngine engine) {
        this.options = options.pages();
        this.maxUnpackedBytes = options.maxInputBytes();
        this.pages = new PdfPages(options.pages());
        this.engine = engine;
        this.pdfs = new PdfInput(options);
        this.markdownOptions = options.markdown();
    }

    /** More entries than any real book has: a bound for hostile archives. */
    static final int MAX_ENTRIES = 10_000;

    @Override
    public Extraction extract(SourceData input) {
        Path location = input.location();
        if (location == null && PdfInput.isPdf(input.content())) {
            return pdfs.extract(input, input.content());
        }
        if (location != null && PdfInput.isPdfName(location) && Files.isRegularFile(location)) {
            try {
                return pdfs.extract(input, Files.readAllBytes(location));
            } catch (IOException e) {
                return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, "unreadable",
                        "cannot read the PDF: " + e.getMessage()));
            }
        }
        if (location == null) {
            return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, "no_location",
                    "a document must be a file or folder on disk"));
        }
        if (location.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".epub")) {
            try (org.pairforge.core.TempFolder book = EpubArchive.unpack(location, maxUnpackedBytes, MAX_ENTRIES)) {
                return render(input, book.root());
            } catch (UnreadableInputException e) {
                return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, e.reason(), e.getMessage()));
            }
        }
        return render(input, location);
    }

    private Extraction render(SourceData input, Path location) {
        Path root;
        List<Path> chapters;
        String title = null;
        try {
            if (Files.isDirectory(location)) {
                EpubBook book = EpubBook.open(location);
                root = book.root();
                chapters = book.chapters();
                title = book.title();
            } else {
                root = input.tree().toAbsolutePath(); // a site's pages share its stylesheets and images
                chapters = List.of(location.toAbsolutePath());
            }
        } catch (UnreadableInputException e) {
            return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, e.reason(), e.getMessage()));
        }
        String keyPrefix = Hashing.sourceKey(input.ref().id());
        List<Sample> samples = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        int[] candidates = {0};
        Map<String, Integer> counts = new LinkedHashMap<>();
        int[] budget = {options.maxPages()}; // pages left for this document
        long deadline = System.nanoTime() + engine.timeout().toNanos(); // and time left
        String bookTitle = title;
        // Chapters are rendered in parallel where workers are idle, each on its own; what runs across chapters (the
        // page budget, the document's time) is decided here, in spine order, so the samples are the same either way.
        Parts.inOrder(chapters.size(), c -> chapter(root, chapters.get(c), c, keyPrefix, deadline), chapter -> {
            int c = chapter.index();
            if (chapter.timedOut()) {
                rejections.add(new Rejection(input.ref().id(), chapter.key(), Rejection.Stage.EXTRACT,
                        "render_timeout", "the document took longer than " + engine.timeout().toSeconds() + " s; "
                        + (chapters.size() - c) + " chapter(s) from " + chapter.name()
                        + " on were not rendered (--render-timeout)"));
                candidates[0]++;
                return false;
            }
            if (chapter.failure() != null) {
                candidates[0]++;
                rejections.add(new Rejection(input.ref().id(), chapter.key(), Rejection.Stage.EXTRACT,
                        chapter.failure().reason(), chapter.name() + ": " + chapter.failure().message()));
            } else {
                keep(input, chapter, bookTitle, budget, samples, rejections, candidates, counts);
            }
            if (budget[0] <= 0 && c + 1 < chapters.size()) {
                rejections.add(new Rejection(input.ref().id(), keyPrefix + "_ch" + Keys.pad(c + 1, 3), Rejection.Stage.EXTRACT,
                        "too_many_pages", "the document reached " + options.maxPages() + " pages; "
                        + (chapters.size() - c - 1) + " chapter(s) from " + root.relativize(chapters.get(c + 1))
                        + " on were not rendered (--max-pages)"));
                candidates[0]++;
                return false;
            }
            return true;
        });
        return new Extraction(true, candidates[0], samples, rejections, Map.of(), counts);
    }

    /**
     * One chapter rendered on its own: its pages (up to the document's page limit, as if it were the first
     * chapter; the budget left is applied in order), their Markdown; or why it failed, or that the document's time
     * had run out before it began.
     */
    private record Chapter(int index, String name, String key, HtmlEngine.Pdf pdf, List<RenderedPage> pages, int total,
                           Map<Integer, PageMarkdown> markdown, String structureKind, Rejection failure,
                           boolean timedOut) {
    }

    private Chapter chapter(Path root, Path chapter, int c, String keyPrefix, long deadline) {
        String chapterName = root.relativize(chapter).toString();
        String chapterKey = keyPrefix + "_ch" + Keys.pad(c, 3);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return new Chapter(c, chapterName, chapterKey, null, List.of(), 0, Map.of(), null, null, true);
        }
        try {
            HtmlEngine.Pdf pdf = engine.toPdf(chapter, root, java.time.Duration.ofNanos(left));
            List<RenderedPage> chapterPages = new ArrayList<>();
            Map<Integer, PageMarkdown> markdown = new java.util.HashMap<>();
            int total;
            String structureKind = null;
            try (PdfPages.Opened doc = pages.open(pdf.bytes(), Long.MAX_VALUE)) {
                total = doc.pageCount();
                doc.render(Math.min(total, options.maxPages()), chapterPages::add);
                if (markdownOptions.enabled()) {
                    ChapterMath.Printed printed = ChapterMath.Printed.of(chapterPages);
                    ChapterMath math = ChapterMath.of(pdf.source());
                    List<ChapterMath.Placed> placed = math.isEmpty() ? null : math.place(chapterPages, printed);
                    // The chapter's DOM says what each word is, the same for both engines; where it does not
                    // align, Chromium's tagged PDF or Flying Saucer's layout does (its tree walked only then).
                    List<DomStructure.Page> dom = DomStructure.align(pdf.source(), chapterPages, printed,
                            java.time.Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                    PdfStructure structure = dom != null ? PdfStructure.untagged(markdownOptions, false)
                            : PdfStructure.of(doc.document(), markdownOptions, false);
                    structureKind = dom != null ? "dom" : structure.kind();
                    for (int i = 0; i < chapterPages.size(); i++) {
                        RenderedPage page = chapterPages.get(i);
                        ChapterMath.Placed here = placed == null ? null : placed.get(i);
                        markdown.put(page.pageNumber(), dom != null ? structure.domPage(page, dom.get(i), math, here)
                                : structure.page(page, math, here));
                    }
                }
            }
            return new Chapter(c, chapterName, chapterKey, pdf, chapterPages, total, markdown, structureKind, null, false);
        } catch (UnreadableInputException e) {
            return failed(c, chapterName, chapterKey, e.reason(), e.getMessage());
        } catch (IOException e) {
            return failed(c, chapterName, chapterKey, "render_failed", e.getMessage());
        }
    }

    private static Chapter failed(int c, String name, String key, String reason, String message) {
        return new Chapter(c, name, key, null, List.of(), 0, Map.of(), null,
                new Rejection(null, key, Rejection.Stage.EXTRACT, reason, message), false);
    }

    /** A rendered chapter's pages, within what is left of the page budget: samples, or rejections with reasons. */
    private void keep(SourceData input, Chapter chapter, String bookTitle, int[] budget, List<Sample> samples,
                      List<Rejection> rejections, int[] candidates, Map<String, Integer> counts) {
        String chapterName = chapter.name();
        String chapterKey = chapter.key();
        List<RenderedPage> chapterPages = chapter.pages().subList(0, Math.min(chapter.pages().size(), budget[0]));
        int total = chapter.total();
        budget[0] -= chapterPages.size();
        String rendered = String.join("\n", chapterPages.stream().map(RenderedPage::text).toList());
        // With nothing rendered at all (text hidden by CSS, an image-only page) the pages are blank,
        // not short of glyphs; blank pages are rejected below.
        // A chapter cut short by the page budget has text on pages never rendered: no verdict then.
        boolean whole = total == chapterPages.size();
        String missing = rendered.isBlank() || !whole ? "" : GlyphCoverage.missing(chapter.pdf().shownText(), rendered);
        if (!missing.isEmpty()) {
            // Strict: a page must not go out without characters its source shows.
            int count = missing.codePointCount(0, missing.length());
            String why = chapterName + ": the fonts cannot draw " + count + " character(s): "
                    + missing.substring(0, missing.offsetByCodePoints(0, Math.min(40, count)));
            candidates[0] += chapterPages.size();
            for (RenderedPage page : chapterPages) {
                rejections.add(new Rejection(input.ref().id(), pageKey(chapterKey, page), Rejection.Stage.FILTER,
                        "missing_glyphs", why));
            }
            return;
        }
        for (RenderedPage page : chapterPages) {
            PageMarkdown md = chapter.markdown().get(page.pageNumber());
            if (md != null && !page.text().isBlank()) {
                counts.merge(md.countName(), 1, Integer::sum); // as LaTeX papers and PDFs count them
            }
            Rejection refused = md == null ? null : md.refusal(markdownOptions, input.ref().id(),
                    pageKey(chapterKey, page), chapterName + " page " + page.pageNumber());
            if (page.text().isBlank()) {
                rejections.add(new Rejection(input.ref().id(), pageKey(chapterKey, page), Rejection.Stage.FILTER,
                        "blank_page", chapterName + " page " + page.pageNumber() + " has no text"));
            } else if (refused != null) {
                rejections.add(refused);
            } else {
                samples.add(sample(input.ref(), chapterKey, chapter.index(), chapterName, bookTitle, chapter.pdf(), page,
                        md, chapter.structureKind()));
            }
        }
        candidates[0] += chapterPages.size();
        if (total > chapterPages.size()) {
            rejections.add(new Rejection(input.ref().id(), chapterKey, Rejection.Stage.EXTRACT, "too_many_pages",
                    chapterName + " has " + total + " pages; the document reached " + options.maxPages()
                            + " pages and the rest were not rendered (--max-pages)"));
            candidates[0]++;
        }
    }

    private static String pageKey(String chapterKey, RenderedPage page) {
        return PageMetadata.key(chapterKey, page);
    }

    private Sample sample(SourceRef source, String chapterKey, int chapterIndex, String chapterName, String title,
                          HtmlEngine.Pdf pdf, RenderedPage page, PageMarkdown md,
                          String structureKind) {
        String key = pageKey(chapterKey, page);
        EncodedImage image = ImageProbe.probe(page.png(), "image/png");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("source", source.id());
        if (title != null) {
            m.put("title", title);
        }
        m.put("chapter", chapterName);
        m.put("chapter_index", chapterIndex);
        m.put("page", page.pageNumber());
        m.put("pages_in_chapter", page.pageCount());
        m.put("engine", engine.name());
        TemplateMeta.putInto(m, pdf.source());
        String dedupKey = PageMetadata.put(m, page);
        if (pdf.refusedFetches() > 0) {
            m.put("refused_fetches", pdf.refusedFetches());
        }
        Map<String, String> members = new LinkedHashMap<>();
        if (md != null) {
            m.put("structure", structureKind);
            md.addTo(m, members, markdownOptions, page.width(), page.height());
        }
        m.put("pipeline_version", PairforgeVersion.VERSION);
        return new Sample(key, source, List.of(image), page.text(), m, members, dedupKey);
    }
}

package org.pairforge.notebook;

import org.pairforge.core.UnreadableInputException;
import org.pairforge.core.EncodedImage;
import org.pairforge.core.Extraction;
import org.pairforge.core.BufferExtractor;
import org.pairforge.core.SourceData;
import org.pairforge.core.Filter;
import org.pairforge.core.Hashing;
import org.pairforge.core.Keys;
import org.pairforge.core.PairforgeVersion;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceRef;
import org.pairforge.filter.BlankImageFilter;
import org.pairforge.filter.ImageIntegrityFilter;
import org.pairforge.filter.ImageSizeFilter;
import org.pairforge.filter.MinCodeLinesFilter;
import org.pairforge.filter.SingleImageFilter;
import org.pairforge.image.ImageProbe;
import org.pairforge.image.SvgRasterizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Notebook bytes → figure/code pairs and rejections. This is the library entry point the CLI and Spark
 * adapters share: pure (no I/O, no global state) and thread-safe, so one instance can serve every worker.
 * Global de-duplication is the caller's (it needs the whole run); each sample carries {@code dedup_key}.
 */
public final class NotebookPairs implements BufferExtractor {
    public static final String KIND = "notebook-figure";

    private final NotebookOptions options;
    private final NotebookParser parser;
    private final SingleImageFilter singleImage = new SingleImageFilter();
    private final MinCodeLinesFilter minCodeLines;
    /** The rules that need the image: they run only on candidates whose code and figure count pass. */
    private final List<Filter> imageFilters;

    /** Runs the image filters itself, as a standalone extractor should. */
    public NotebookPairs(NotebookOptions options) {
        this(options, true);
    }

    /**
     * @param imageFilters whether extraction runs the filters that need the image ({@link #imageFilters()});
     *                     a {@code Pipeline} runs them as stages after extraction instead
     */
    public NotebookPairs(NotebookOptions options, boolean imageFilters) {
        this.options = options;
        this.inlineImageFilters = imageFilters;
        this.parser = new NotebookParser(options.maxJsonDepth(), options.maxInputBytes());
        this.minCodeLines = new MinCodeLinesFilter(options.minCodeLines());
        // Header checks first; the blank check may decode pixels, so it runs on survivors only.
        this.imageFilters = List.of(
                new ImageIntegrityFilter(),
                new ImageSizeFilter(options.minImageSide(), options.maxImagePixels()),
                new BlankImageFilter(options.blankShare(), options.verifyPixels()));
    }

    private final boolean inlineImageFilters;

    public NotebookOptions options() {
        return options;
    }

    /** The rules that decode or inspect the image, in the order they run: integrity, size, blank. */
    public List<Filter> imageFilters() {
        return imageFilters;
    }

    @Override
    public Extraction extract(SourceData input) {
        return extract(input.content(), input.ref());
    }

    public Extraction extract(byte[] notebookJson, SourceRef source) {
        return extract(source, notebookJson, notebookJson.length);
    }

    /** The notebook is {@code json[0, length)}; nothing returned refers to {@code json}, which may be reused. */
    @Override
    public Extraction extract(SourceRef source, byte[] json, int length) {
        if (length > options.maxInputBytes()) {
            return Extraction.unreadable(Rejection.ofInput(source, Rejection.Stage.READ, "too_large",
                    "notebook is " + length + " bytes, over the limit of " + options.maxInputBytes()
                            + " (--max-input-mb)"));
        }
        Notebook nb;
        try {
            nb = parser.parse(json, length);
        } catch (UnreadableInputException e) {
            return Extraction.unreadable(Rejection.ofInput(source, Rejection.Stage.READ, e.reason(), e.getMessage()));
        }
        String language = KernelLanguage.resolve(nb);
        CodeLineCounter counter = CodeLineCounter.forLanguage(language);
        String keyPrefix = Hashing.sourceKey(source.id());

        List<Sample> kept = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        RawBase64 decoder = new RawBase64();
        int candidates = 0;
        int previousFigureCell = -1;
        List<Notebook.Cell> codeCellsSoFar = new ArrayList<>();
        for (Notebook.Cell cell : nb.cells()) {
            if (!cell.isCode()) {
                continue;
            }
            codeCellsSoFar.add(cell);
            if (cell.figures().isEmpty()) {
                continue;
            }
            candidates++;
            String key = keyPrefix + "_c" + Keys.pad(cell.index(), 4);
            CodeText code = CodeText.build(codeCellsSoFar, previousFigureCell, options.context(), options.maxCodeLines());
            previousFigureCell = cell.index();

            // The figure count and the code decide most candidates (about half of real ones have too little
            // code): they are checked before any image is decoded or hashed.
            CodeLineCounter.Count count = counter.count(code.text());
            Optional<Filter.Drop> early = singleImage.check(cell.figures().size())
                    .or(() -> minCodeLines.check(count.lines()));
            if (early.isPresent()) {
                rejected.add(rejection(source, key, early.get()));
                continue;
            }
            CellImages extracted = images(cell, decoder);
            if (extracted.reason() != null) {
                rejected.add(new Rejection(source.id(), key, Rejection.Stage.EXTRACT, extracted.reason(), extracted.message()));
                continue;
            }
            List<EncodedImage> images = extracted.images();
            String imageSha = images.isEmpty() ? null : Hashing.sha256Hex(images.get(0).bytes());
            String dedupKey = imageSha == null ? null : Hashing.sha256Hex(imageSha + "\n" + code.normalized()).substring(0, 32);
            Sample sample = new Sample(key, source, images, code.text(),
                    metadata(source, nb, cell, language, images, code, count, imageSha, dedupKey), Map.of(), dedupKey);
            Optional<Rejection> drop = firstDrop(sample);
            if (drop.isPresent()) {
                rejected.add(drop.get());
            } else {
                kept.add(sample);
            }
        }
        return new Extraction(true, candidates, kept, rejected);
    }

    private static Rejection rejection(SourceRef source, String key, Filter.Drop drop) {
        return new Rejection(source.id(), key, Rejection.Stage.FILTER, drop.reason(), drop.message());
    }

    private Optional<Rejection> firstDrop(Sample sample) {
        if (!inlineImageFilters) {
            return Optional.empty();
        }
        for (Filter f : imageFilters) {
            Optional<Filter.Drop> d = f.check(sample);
            if (d.isPresent()) {
                return Optional.of(rejection(sample.source(), sample.key(), d.get()));
            }
        }
        return Optional.empty();
    }

    /** A cell's figures as probed images, or the reason one of them could not be extracted. */
    private record CellImages(List<EncodedImage> images, String reason, String message) {
        static CellImages failed(String reason, String message) {
            return new CellImages(List.of(), reason, message);
        }
    }

    private CellImages images(Notebook.Cell cell, RawBase64 decoder) {
        List<EncodedImage> images = new ArrayList<>(cell.figures().size());
        for (Notebook.Figure f : cell.figures()) {
            byte[] bytes = f.bytes();
            String problem = f.problem();
            if (f.base64() != null) {
                NotebookParser.Decoded decoded = parser.decode(f.base64(), decoder);
                bytes = decoded.bytes();
                problem = decoded.problem();
            }
            if (problem != null) {
                return CellImages.failed("bad_base64", "output " + f.outputIndex() + " " + f.mediaType() + ": " + problem);
            }
            if (f.svg() != null) {
                try {
                    images.add(ImageProbe.probe(SvgRasterizer.toPng(f.svg(), options.maxImagePixels(), options.svgTimeout()),
                            "image/png"));
                } catch (SvgRasterizer.SvgException e) {
                    return CellImages.failed(e.reason(), "output " + f.outputIndex() + ": " + e.getMessage());
                }
            } else {
                images.add(ImageProbe.probe(bytes, f.mediaType()));
            }
        }
        return new CellImages(images, null, null);
    }

    private Map<String, Object> metadata(SourceRef source, Notebook nb, Notebook.Cell cell, String language,
                                         List<EncodedImage> images, CodeText code, CodeLineCounter.Count count,
                                         String imageSha, String dedupKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("source", source.id());
        if (!source.provenance().isEmpty()) {
            m.put("provenance", source.provenance());
        }
        m.put("cell_index", cell.index());
        m.put("execution_count", cell.executionCount());
        m.put("kernel_language", language);
        m.put("nbformat", nb.nbformat());
        if (!images.isEmpty()) {
            EncodedImage img = images.get(0);
            Notebook.Figure fig = cell.figures().get(0);
            m.put("output_index", fig.outputIndex());
            m.put("media_type", img.mediaType());
            if (fig.svg() != null) {
                m.put("rasterized_from", fig.mediaType());
                m.put("rasterizer", "jsvg, 1 px per SVG user unit, over white");
            }
            m.put("width", img.width());
            m.put("height", img.height());
            m.put("sha256", imageSha);
            m.put("dedup_key", dedupKey);
        }
        m.put("code_lines", count.lines());
        if (count.note() != null) {
            m.put("code_note", count.note());
        }
        m.put("code_context", options.context().id());
        m.put("code_cells", code.cellIndexes());
        if (code.truncated()) {
            m.put("code_truncated", true);
        }
        m.put("pipeline_version", PairforgeVersion.VERSION);
        return m;
    }
}

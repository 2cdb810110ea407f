package org.pairforge.latex;

import org.pairforge.core.Extraction;
import org.pairforge.core.Extractor;
import org.pairforge.core.Hashing;
import org.pairforge.core.PairforgeVersion;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.core.TempFolder;
import org.pairforge.core.UnreadableInputException;
import org.pairforge.image.ImageProbe;
import org.pairforge.latex.markdown.LatexMarkdown;
import org.pairforge.markdown.PageMarkdown;
import org.pairforge.page.PageMetadata;
import org.pairforge.page.PdfPages;
import org.pairforge.page.RenderedPage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A LaTeX paper (project folder, arXiv archive or single .tex) → one pair per compiled page: the page image,
 * the page's text from the PDF ({@code KEY.txt}), and the LaTeX lines that produced it ({@code KEY.tex},
 * found through SyncTeX). Pure and thread-safe: each call compiles in its own temporary copy.
 */
public final class LatexPairs implements Extractor {
    public static final String KIND = "latex-page";
    static final int MAX_FILES = 20_000;

    private final LatexOptions options;
    private final PdfPages pages;
    private final TexCompiler compiler;

    public LatexPairs(LatexOptions options) {
        this.options = options;
        this.pages = new PdfPages(options.pages());
        this.compiler = new TexCompiler(options.timeout(), options.maxFileBytes());
    }

    @Override
    public Extraction extract(SourceData input) {
        if (input.location() == null) {
            return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, "no_location",
                    "a paper must be a folder, an archive or a .tex file on disk"));
        }
        try (TempFolder copy = ProjectCopy.of(input.location(), options.maxInputBytes(), MAX_FILES)) {
            return compileAndPage(input, copy.root().toRealPath());
        } catch (UnreadableInputException e) {
            return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, e.reason(), e.getMessage()));
        } catch (IOException e) {
            return Extraction.unreadable(Rejection.ofInput(input.ref(), Rejection.Stage.READ, "unreadable", e.getMessage()));
        }
    }

    private Extraction compileAndPage(SourceData input, Path root) throws IOException {
        String id = input.ref().id();
        String keyPrefix = Hashing.sourceKey(id);
        MainFile main;
        TexCompiler.Result compiled;
        List<MissingFigures.Missing> missing;
        try {
            main = MainFile.find(root, options.engine());
            missing = MissingFigures.fill(root, main);
            compiled = compiler.compile(root, main);
        } catch (UnreadableInputException e) {
            return new Extraction(true, 1, List.of(), List.of(new Rejection(id, keyPrefix, Rejection.Stage.EXTRACT,
                    e.reason(), e.getMessage())));
        }
        long alignStart = System.nanoTime();
        org.pairforge.latex.markdown.SyncTexRecords synctex = java.nio.file.Files.isRegularFile(compiled.synctex())
                ? org.pairforge.latex.markdown.SyncTexRecords.read(compiled.synctex(), main.file().getParent(), root)
                : org.pairforge.latex.markdown.SyncTexRecords.empty();
        PageSources sources = PageSources.of(synctex, root);
        double alignSeconds = (System.nanoTime() - alignStart) / 1e9;

        List<Sample> samples = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        List<RenderedPage> rendered = new ArrayList<>();
        int total;
        try {
            total = pages.render(compiled.pdf(), rendered::add);
        } catch (UnreadableInputException e) {
            return new Extraction(true, 1, List.of(), List.of(new Rejection(id, keyPrefix, Rejection.Stage.EXTRACT,
                    e.reason(), e.getMessage())));
        }
        Paper paper = new Paper(id, root.relativize(main.file()).toString(), main, compiled, missing);
        long markdownStart = System.nanoTime();
        Map<Integer, PageMarkdown> markdown = options.markdown().enabled()
                ? LatexMarkdown.of(root, main.file(), synctex, rendered, options.markdown(), options.timeout()).pages()
                : Map.of();
        double markdownSeconds = (System.nanoTime() - markdownStart) / 1e9;
        for (RenderedPage page : rendered) {
            String key = PageMetadata.key(keyPrefix, page);
            if (page.text().isBlank()) {
                rejections.add(new Rejection(id, key, Rejection.Stage.FILTER, "blank_page", "page " + page.pageNumber() + " has no text"));
                continue;
            }
            PageMarkdown md = markdown.get(page.pageNumber());
            Rejection refused = md == null ? null : md.refusal(options.markdown(), id, key, "page " + page.pageNumber());
            if (refused != null) {
                rejections.add(refused);
                continue;
            }
            samples.add(sample(input, key, paper, page, sources, md));
        }
        int candidates = rendered.size();
        if (total > rendered.size()) {
            rejections.add(new Rejection(id, keyPrefix, Rejection.Stage.EXTRACT, "too_many_pages", "the paper has " + total
                    + " pages; pages after " + rendered.size() + " were not rendered (--max-pages)"));
            candidates++;
        }
        double raster = 0, text = alignSeconds;
        for (RenderedPage page : rendered) {
            raster += page.rasterSeconds();
            text += page.textSeconds();
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("compile", compiled.seconds());
        seconds.put("raster", raster);
        seconds.put("text", text);
        Map<String, Integer> counts = new LinkedHashMap<>();
        if (options.markdown().enabled()) {
            seconds.put("markdown", markdownSeconds);
            for (RenderedPage page : rendered) {
                PageMarkdown md = markdown.get(page.pageNumber());
                if (md != null && !page.text().isBlank()) {
                    counts.merge(md.countName(), 1, Integer::sum);
                }
            }
        }
        return new Extraction(true, candidates, samples, rejections, seconds, counts);
    }

    /** What every page of one paper shares. */
    private record Paper(String id, String mainFile, MainFile main, TexCompiler.Result compiled,
                         List<MissingFigures.Missing> missing) {
    }

    private Sample sample(SourceData input, String key, Paper paper, RenderedPage page, PageSources sources, PageMarkdown md) {
        PageSources.Page source = sources.page(page.pageNumber());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("source", paper.id());
        m.put("main_file", paper.mainFile());
        m.put("engine", paper.main().engine().command());
        m.put("engine_reason", paper.main().engineReason());
        m.put("page", page.pageNumber());
        m.put("pages", page.pageCount());
        m.put("source_ranges", source.ranges().stream().map(Object::toString).toList());
        List<String> missingHere = new ArrayList<>();
        for (MissingFigures.Missing f : paper.missing()) {
            if (source.covers(sources.name(f.file()), f.line())) {
                missingHere.add(f.name());
            }
        }
        if (!missingHere.isEmpty()) {
            m.put("missing_figures", missingHere);
        }
        String dropped = droppedHere(paper.compiled().log().missingCharacters(), source.text());
        if (!dropped.isEmpty()) {
            // The image and KEY.txt agree (both lack them); KEY.tex has them. Marked, so users can filter.
            m.put("missing_glyphs", dropped);
        }
        if (!paper.compiled().unconvertedEps().isEmpty()) {
            m.put("unconverted_eps", paper.compiled().unconvertedEps()); // drawn as grey placeholders
        }
        List<String> undefined = paper.compiled().log().undefinedCitations();
        if (!undefined.isEmpty()) {
            m.put("undefined_citations", undefined.size());
        }
        m.put("compile_steps", paper.compiled().steps());
        String dedupKey = PageMetadata.put(m, page);
        Map<String, String> members = new LinkedHashMap<>();
        members.put("tex", source.text());
        if (md != null) {
            md.addTo(m, members, options.markdown(), page.width(), page.height());
        }
        m.put("pipeline_version", PairforgeVersion.VERSION);
        return new Sample(key, input.ref(), List.of(ImageProbe.probe(page.png(), "image/png")), page.text(), m,
                members, dedupKey);
    }

    private static String droppedHere(String missing, String pageSource) {
        StringBuilder here = new StringBuilder();
        missing.codePoints().filter(c -> pageSource.indexOf(c) >= 0).forEach(here::appendCodePoint);
        return here.toString();
    }
}

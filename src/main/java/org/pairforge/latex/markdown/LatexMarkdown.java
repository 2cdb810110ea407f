package org.pairforge.latex.markdown;

import org.pairforge.markdown.MarkdownOptions;
import org.pairforge.markdown.PageMarkdown;
import org.pairforge.page.RenderedPage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A compiled paper's pages as Markdown in Nougat's conventions, with layout blocks: the entry point of this
 * package. It walks the source (the author's macros expanded, within {@link Limits}), reads the {@code .aux}
 * TeX wrote, and lays each rendered page out with SyncTeX's records. Never throws for a paper: a paper or a
 * page whose Markdown cannot be made gets {@link PageMarkdown#failed} with the reason, and keeps its pages.
 */
public final class LatexMarkdown {
    private LatexMarkdown() {
    }

    /** Per page (1-based) its Markdown, and the commands the formulas used that KaTeX does not know. */
    public record Result(Map<Integer, PageMarkdown> pages, List<String> unknownCommands) {
    }

    /**
     * @param root     the paper's private copy (every file TeX read is inside)
     * @param mainFile its main .tex file
     * @param synctex  the compile's SyncTeX records (empty when TeX wrote none)
     * @param timeout  how long the Markdown of the whole paper may take ({@code --timeout}, as the compile)
     */
    public static Result of(Path root, Path mainFile, SyncTexRecords synctex, List<RenderedPage> pages,
                            MarkdownOptions options, Duration timeout) {
        Map<Integer, PageMarkdown> out = new TreeMap<>();
        if (synctex.pages().isEmpty()) {
            return failed(pages, "TeX wrote no SyncTeX records, so printed lines cannot be traced to the source");
        }
        Limits limits = Limits.forPaper(System.nanoTime() + timeout.toNanos(), "--timeout");
        PaperLayout layout;
        try {
            SourceDoc doc = SourceWalker.walk(root, mainFile, limits);
            String job = mainFile.getFileName().toString().replaceFirst("(?i)\\.tex$", "");
            AuxFile aux = AuxFile.read(mainFile.resolveSibling(job + ".aux"));
            layout = new PaperLayout(doc, aux, options);
            int[] fileMap = new int[synctex.files().size()];
            Map<Path, Integer> walked = new LinkedHashMap<>();
            for (int i = 0; i < doc.files.size(); i++) {
                walked.put(doc.files.get(i).normalize(), i);
            }
            for (int i = 0; i < fileMap.length; i++) {
                fileMap[i] = walked.getOrDefault(synctex.files().get(i).normalize(), -1);
            }
            for (RenderedPage page : pages) {
                limits.checkTime();
                SyncPage sync = SyncPage.of(synctex.page(page.pageNumber()), synctex.unitToPoints(), page.dpi() / 72.0, fileMap,
                        page.layout().words());
                layout.add(page.pageNumber(), page.layout(), sync, page.dpi() / 72f, page.width(), page.height());
            }
            limits.checkTime();
            layout.matchFormulas();
            String debug = System.getProperty("pairforge.debugLayout");
            if (debug != null) {
                System.err.println(layout.describe(Integer.parseInt(debug)));
            }
        } catch (Limits.Exceeded e) {
            return failed(pages, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return failed(pages, "markdown_fault: " + e);
        }
        for (RenderedPage page : pages) {
            try {
                out.put(page.pageNumber(), layout.markdown(page.pageNumber()));
            } catch (RuntimeException | StackOverflowError e) {
                out.put(page.pageNumber(), PageMarkdown.failed("markdown_fault: " + e));
            }
        }
        return new Result(out, List.copyOf(layout.unknownCommands));
    }

    private static Result failed(List<RenderedPage> pages, String reason) {
        Map<Integer, PageMarkdown> out = new TreeMap<>();
        for (RenderedPage p : pages) {
            out.put(p.pageNumber(), PageMarkdown.failed(reason));
        }
        return new Result(out, new ArrayList<>());
    }
}

package org.pairforge.latex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * EPS figures under pdfLaTeX. pdfTeX cannot read PostScript: TeX Live converts each figure through
 * epstopdf, which needs shell escape, and without it graphicx silently draws the file's name where the
 * figure belongs. So the figures are converted before compiling, by Ghostscript in its SAFER mode, each a
 * contained process under the paper's deadline and size cap, to the file name epstopdf would have made
 * ({@code fig-eps-converted-to.pdf}), and epstopdf's rules are loaded to use them (see {@link TexEngine}).
 */
final class EpsFigures {
    static final String SUFFIX = "-eps-converted-to.pdf";
    /** No paper has more; a project with more is not converted past it. */
    static final int MAX_FIGURES = 500;

    private EpsFigures() {
    }

    /**
     * The project's .eps files that its sources name, in a stable order. arXiv archives often carry figures
     * no longer used; converting those would only spend the paper's time. A name is looked for as written,
     * without its extension, so figures named through macros are found too when the stem is spelled out.
     */
    static List<Path> find(Path project) throws IOException {
        List<Path> eps;
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> walk = Files.walk(project)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            eps = files.stream().filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eps")).toList();
            if (eps.isEmpty()) {
                return eps;
            }
            for (Path f : files) {
                if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tex")) {
                    sources.append(TexSource.withoutComments(TexSource.read(f, 8 << 20))).append('\n');
                }
            }
        }
        String text = sources.toString();
        return eps.stream().filter(p -> {
            String name = p.getFileName().toString();
            return text.contains(name.substring(0, name.length() - 4));
        }).limit(MAX_FIGURES).toList();
    }

    static Path convertedPath(Path eps) {
        String name = eps.getFileName().toString();
        return eps.resolveSibling(name.substring(0, name.length() - 4) + SUFFIX);
    }

    /** Ghostscript's command for one figure: no file access beyond its input and output (-dSAFER). */
    static List<String> command(Path eps) {
        return List.of("gs", "-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-dEPSCrop", "-sDEVICE=pdfwrite",
                "-sOutputFile=" + convertedPath(eps).getFileName(), "--", eps.getFileName().toString());
    }

}

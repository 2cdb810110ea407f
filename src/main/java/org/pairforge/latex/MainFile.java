package org.pairforge.latex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.pairforge.core.UnreadableInputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which file of a project is the paper, and which engine it needs. The main file has a
 * {@code \documentclass} and a {@code \begin{document}} outside comments; of several, arXiv's own
 * {@code 00README.json} toplevel entry wins, then main/paper/ms, then the shallowest and largest. Class
 * files are never candidates, nor documents of the subfiles/standalone classes (parts of a bigger one).
 */
record MainFile(Path file, TexEngine engine, String engineReason) {

    private static final int HEAD_BYTES = 1 << 20;
    private static final Pattern DOCUMENTCLASS = Pattern.compile("\\\\documentclass\\s*(\\[[^]]*])?\\s*\\{\\s*([^}\\s]+)\\s*}");
    private static final Pattern BEGIN_DOCUMENT = Pattern.compile("\\\\begin\\s*\\{document}");
    private static final List<String> PREFERRED = List.of("main", "paper", "ms", "manuscript", "article");
    private static final Pattern MAGIC_PROGRAM = Pattern.compile("(?im)^\\s*%\\s*!\\s*TEX\\s+(?:TS-)?program\\s*=\\s*(\\w+)");
    private static final Pattern NEEDS_XETEX = Pattern.compile(
            "\\\\documentclass\\s*(\\[[^]]*])?\\s*\\{\\s*ctex\\w*\\s*}|\\\\usepackage\\s*(\\[[^]]*])?\\s*\\{[^}]*\\b(ctex|fontspec|xeCJK|unicode-math|polyglossia)\\b[^}]*}");

    static MainFile find(Path root, TexEngine forced) throws UnreadableInputException {
        List<Candidate> candidates = new ArrayList<>();
        String xetexHint = null; // packages are often loaded from an \input preamble, so every .tex counts
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tex"))
                    .filter(Files::isRegularFile).sorted().toList()) {
                String text = TexSource.withoutComments(TexSource.read(p, HEAD_BYTES));
                Matcher needs = NEEDS_XETEX.matcher(text);
                if (xetexHint == null && needs.find()) {
                    xetexHint = root.relativize(p) + " uses " + needs.group().replaceAll("\\s+", " ");
                }
                Matcher cls = DOCUMENTCLASS.matcher(text);
                if (cls.find() && BEGIN_DOCUMENT.matcher(text).find()
                        && !List.of("subfiles", "standalone").contains(cls.group(2))) {
                    candidates.add(new Candidate(p, root.relativize(p).getNameCount(), Files.size(p)));
                }
            }
        } catch (IOException e) {
            throw new UnreadableInputException("unreadable", "cannot read the sources: " + e.getMessage());
        }
        if (candidates.isEmpty()) {
            throw new UnreadableInputException("no_main_file",
                    "no .tex file has both \\documentclass and \\begin{document}");
        }
        Path main = arxivToplevel(root, candidates);
        if (main == null) {
            main = candidates.stream().min(Comparator
                    .comparingInt((Candidate c) -> preference(c.file()))
                    .thenComparingInt(Candidate::depth)
                    .thenComparing(Comparator.comparingLong(Candidate::size).reversed())
                    .thenComparing(Candidate::file)).orElseThrow().file();
        }
        return withEngine(main, forced, xetexHint);
    }

    private record Candidate(Path file, int depth, long size) {
    }

    private static int preference(Path file) {
        String base = file.getFileName().toString().replaceFirst("(?i)\\.tex$", "").toLowerCase(Locale.ROOT);
        int i = PREFERRED.indexOf(base);
        return i < 0 ? PREFERRED.size() : i;
    }

    /** arXiv's 00README.json may name the toplevel file: {"sources":[{"filename":"x.tex","usage":"toplevel"}]}. */
    private static Path arxivToplevel(Path root, List<Candidate> candidates) {
        Path readme = root.resolve("00README.json");
        if (!Files.isRegularFile(readme)) {
            return null;
        }
        try {
            JsonNode sources = new ObjectMapper().readTree(readme.toFile()).path("sources");
            for (JsonNode s : sources) {
                if ("toplevel".equals(s.path("usage").asText())) {
                    Path named = root.resolve(s.path("filename").asText()).normalize();
                    for (Candidate c : candidates) {
                        if (c.file().equals(named)) {
                            return named;
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // a broken README is no reason to lose the paper: fall back to the rules
        }
        return null;
    }

    private static MainFile withEngine(Path main, TexEngine forced, String xetexHint) throws UnreadableInputException {
        if (forced != null) {
            return new MainFile(main, forced, "--engine");
        }
        String raw;
        try {
            raw = TexSource.read(main, HEAD_BYTES);
        } catch (IOException e) {
            throw new UnreadableInputException("unreadable", "cannot read " + main.getFileName() + ": " + e.getMessage());
        }
        Matcher magic = MAGIC_PROGRAM.matcher(raw);
        if (magic.find()) {
            String program = magic.group(1).toLowerCase(Locale.ROOT);
            if (program.equals("xelatex") || program.equals("lualatex")) {
                return new MainFile(main, TexEngine.XELATEX, "% !TEX program = " + program);
            }
            if (program.equals("pdflatex")) {
                return new MainFile(main, TexEngine.PDFLATEX, "% !TEX program = pdflatex");
            }
        }
        if (xetexHint != null) {
            return new MainFile(main, TexEngine.XELATEX, xetexHint);
        }
        return new MainFile(main, TexEngine.PDFLATEX, "default");
    }
}

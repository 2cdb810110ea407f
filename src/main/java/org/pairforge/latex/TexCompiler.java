package org.pairforge.latex;

import org.pairforge.core.UnreadableInputException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles an untrusted paper in its private copy, the way latexmk would (engine, BibTeX or Biber when the
 * paper has a bibliography, makeindex when it has an index, then the engine again until the log stops
 * asking for a rerun, or until a run leaves the files the runs write as it found them, as latexmk does), but
 * contained:
 * <ul>
 *   <li>{@code -no-shell-escape}; {@code openin_any=p} and {@code openout_any=p}, so TeX reads and writes
 *       no dot file, nothing in a parent folder and no absolute path outside the copy (TeX Live's default
 *       lets {@code \input{/etc/passwd}} through);</li>
 *   <li>a clean environment (no TEXINPUTS or HOME of the user's);</li>
 *   <li>one deadline for the whole sequence: past it the process and all its children are killed;</li>
 *   <li>every file TeX writes is capped ({@code prlimit --fsize}): a run that writes more dies;</li>
 *   <li>Biber's data sources must be files inside the copy (it could otherwise fetch URLs and read any file).</li>
 * </ul>
 * An error becomes an {@link UnreadableInputException} carrying the log's first {@code !} line.
 */
final class TexCompiler {
    /** Like latexmk's default cap on reruns. */
    static final int MAX_ENGINE_RUNS = 5;

    private final Duration timeout;
    private final long maxFileBytes;

    TexCompiler(Duration timeout, long maxFileBytes) {
        this.timeout = timeout;
        this.maxFileBytes = maxFileBytes;
    }

    /** What a successful compile left: the PDF, the SyncTeX file, the log, and the steps it took. */
    record Result(byte[] pdf, Path synctex, TexLog log, List<String> steps, double seconds, List<String> unconvertedEps) {
    }

    Result compile(Path project, MainFile main) throws UnreadableInputException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Path dir = main.file().getParent();
        String job = main.file().getFileName().toString().replaceFirst("(?i)\\.tex$", "");
        List<String> steps = new ArrayList<>();
        List<String> unconverted = new ArrayList<>();
        boolean epsRules = false;
        if (main.engine() == TexEngine.PDFLATEX) {
            List<Path> figures = eps(project);
            if (!figures.isEmpty()) {
                unconverted = convertEps(figures, project, deadline, steps);
                epsRules = true;
            }
        }
        Map<Path, FileState> shipped = states(dir);
        // Runs whose only use is the .aux they leave are draft runs (no PDF, no images read): a third of the
        // cost of a full run here. The last run, and any we cannot tell is not the last, is a full one.
        TexLog log = runEngine(main, dir, job, true, epsRules, deadline, steps);
        boolean bibliography = false;
        boolean shippedBbl = Files.isRegularFile(dir.resolve(job + ".bbl"));
        String aux = read(dir.resolve(job + ".aux"));
        if (Files.isRegularFile(dir.resolve(job + ".bcf"))) {
            List<String> sources = biberSources(dir.resolve(job + ".bcf"));
            if (!(shippedBbl && anyMissing(dir, sources, ""))) {
                runTool(List.of("biber", "--quiet", job), dir, deadline, steps);
                bibliography = true;
            }
        } else if (aux.contains("\\bibdata{")) {
            if (!(shippedBbl && anyMissing(dir, bibtexDatabases(aux), ".bib"))) {
                runTool(List.of("bibtex", job), dir, deadline, steps);
                bibliography = true;
            }
        }
        if (Files.isRegularFile(dir.resolve(job + ".idx"))) {
            runTool(List.of("makeindex", "-q", job + ".idx"), dir, deadline, steps);
            bibliography = true; // the index, like the bibliography, needs two more runs to settle
        }
        int runs = 1;
        if (bibliography) {
            // Citations resolved now change the labels' pages, so a third run always follows (as with latexmk).
            log = runEngine(main, dir, job, true, epsRules, deadline, steps);
            runs++;
        }
        // A draft run never leaves a PDF, so one full run follows it even when its log is quiet. A log that asks
        // for a rerun is not always right ("Label(s) may have changed" after a run that changed no label): when
        // a full run found every file the runs write (.aux, .toc, .out, .bbl, ...) as it left them, another run
        // would read what it read and make the same PDF, so the compile stops there, as latexmk does.
        boolean lastWasDraft = true;
        boolean settled = false;
        Map<Path, java.nio.ByteBuffer> before = written(dir, shipped, job);
        while ((lastWasDraft || (log.asksForRerun() && !settled)) && runs < MAX_ENGINE_RUNS) {
            log = runEngine(main, dir, job, false, epsRules, deadline, steps);
            Map<Path, java.nio.ByteBuffer> after = written(dir, shipped, job);
            settled = before != null && before.equals(after);
            before = after; // what the next run will find
            lastWasDraft = false;
            runs++;
        }
        Path pdf = dir.resolve(job + ".pdf");
        if (!Files.isRegularFile(pdf)) {
            throw new UnreadableInputException("latex_error", "no PDF was produced; " + firstErrorOr(log, "the log shows no error"));
        }
        try {
            return new Result(Files.readAllBytes(pdf), dir.resolve(job + ".synctex.gz"), log, steps,
                    (System.nanoTime() - start) / 1e9, unconverted);
        } catch (IOException e) {
            throw new UnreadableInputException("latex_error", "cannot read the PDF: " + e.getMessage());
        }
    }

    /** A file as the compile found it: runs that rewrite it change its modification time or its size. */
    private record FileState(long size, java.nio.file.attribute.FileTime modified) {
    }

    /** The caps on what {@link #written} keeps: past either, the log alone decides on reruns. */
    private static final long MAX_WRITTEN_BYTES = 32L << 20;
    private static final int MAX_WRITTEN_FILES = 4096;

    /** The regular files under {@code dir} as they are now; null when they cannot all be listed. */
    private static Map<Path, FileState> states(Path dir) {
        Map<Path, FileState> states = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(p,
                        java.nio.file.attribute.BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    states.put(p, new FileState(a.size(), a.lastModifiedTime()));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
        return states;
    }

    /**
     * The files the runs have written so far (new, or changed since {@code shipped}), with their bytes (wrapped, so
     * that two such maps are equal when the same files hold the same bytes), leaving
     * out what a run only writes and never reads (the PDF, its SyncTeX, the log). Null when they are too large
     * to keep, or cannot be read (or the files as shipped could not be listed): then nothing can be said about them.
     */
    private static Map<Path, java.nio.ByteBuffer> written(Path dir, Map<Path, FileState> shipped, String job) {
        Set<Path> outputs = Set.of(dir.resolve(job + ".pdf"), dir.resolve(job + ".log"), dir.resolve(job + ".xdv"),
                dir.resolve(job + ".synctex.gz"), dir.resolve(job + ".synctex"));
        Map<Path, FileState> now = shipped == null ? null : states(dir);
        if (now == null) {
            return null;
        }
        Map<Path, java.nio.ByteBuffer> written = new java.util.HashMap<>();
        long bytes = 0;
        try {
            for (Map.Entry<Path, FileState> e : now.entrySet()) {
                Path p = e.getKey();
                if (outputs.contains(p) || e.getValue().equals(shipped.get(p))) {
                    continue;
                }
                bytes += e.getValue().size();
                if (bytes > MAX_WRITTEN_BYTES || written.size() >= MAX_WRITTEN_FILES) {
                    return null;
                }
                written.put(p, java.nio.ByteBuffer.wrap(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            return null;
        }
        return written;
    }

    private TexLog runEngine(MainFile main, Path dir, String job, boolean draft, boolean epsRules, long deadline,
                             List<String> steps)
            throws UnreadableInputException {
        List<String> command = new ArrayList<>(List.of(main.engine().command(), "-interaction=nonstopmode",
                "-halt-on-error", "-no-shell-escape", "-no-file-line-error", "-jobname=" + job));
        command.add(draft ? main.engine().draftFlag() : "-synctex=1");
        String name = main.file().getFileName().toString();
        name = name.startsWith("-") ? "./" + name : name; // a file name is never read as an option
        command.add(main.engine().input(name, draft, epsRules));
        int exit = run(command, dir, deadline, steps);
        TexLog log = new TexLog(read(dir.resolve(job + ".log")));
        if (exit == 0) {
            return log;
        }
        if (exit == 128 + 25) { // SIGXFSZ
            throw new UnreadableInputException("output_too_large", main.engine().command() + " wrote a file larger than "
                    + maxFileBytes + " bytes (--max-output-mb)");
        }
        String font = log.missingFont();
        if (font != null) {
            throw new UnreadableInputException("missing_font", "TeX cannot find the font '" + font + "' (install it, or run "
                    + "bin/setup --tex full for all of TeX Live's fonts): " + log.firstError());
        }
        String texFile = log.missingTexFile();
        if (texFile != null && !Files.exists(dir.resolve(texFile))) {
            throw new UnreadableInputException("missing_tex_file", "TeX Live on this machine has no '" + texFile
                    + "' (run bin/setup --tex full for all of TeX Live): " + log.firstError());
        }
        String missing = log.missingFile();
        if (missing != null) {
            throw new UnreadableInputException("missing_file", "missing file '" + missing + "': " + log.firstError());
        }
        if (log.capacityExceeded()) {
            throw new UnreadableInputException("latex_error", firstErrorOr(log, "TeX capacity exceeded"));
        }
        throw new UnreadableInputException("latex_error", firstErrorOr(log, main.engine().command() + " exited with " + exit));
    }

    private static List<Path> eps(Path project) throws UnreadableInputException {
        try {
            return EpsFigures.find(project);
        } catch (IOException e) {
            throw new UnreadableInputException("unreadable", "cannot list the project's figures: " + e.getMessage());
        }
    }

    /**
     * Converts each EPS figure with Ghostscript, contained like TeX. One that fails gets a grey placeholder,
     * and its name is returned for the pages' metadata.
     */
    private List<String> convertEps(List<Path> figures, Path project, long deadline, List<String> steps)
            throws UnreadableInputException {
        List<String> failed = new ArrayList<>();
        int converted = 0;
        for (Path eps : figures) {
            Path out = EpsFigures.convertedPath(eps);
            if (eps.getFileName().toString().contains("%") || Files.exists(out)) {
                continue; // a % is a page pattern to Ghostscript; an existing PDF is the author's own
            }
            int exit = run(EpsFigures.command(eps), eps.getParent(), deadline, new ArrayList<>());
            if (exit == 0 && Files.isRegularFile(out)) {
                converted++;
            } else {
                failed.add(project.relativize(eps).toString());
                try {
                    Files.deleteIfExists(out);
                    MissingFigures.write(out); // like a missing figure: the paper is kept, its pages say so
                } catch (IOException e) {
                    throw new UnreadableInputException("unreadable", "cannot write a placeholder for " + eps.getFileName()
                            + ": " + e.getMessage());
                }
            }
        }
        steps.add("gs (" + converted + " EPS figure" + (converted == 1 ? "" : "s") + ")");
        return failed;
    }

    private static String firstErrorOr(TexLog log, String fallback) {
        String error = log.firstError();
        return error != null ? error : fallback;
    }

    /** BibTeX and makeindex warn through their exit codes on ordinary papers; only TeX's verdict counts. */
    private void runTool(List<String> command, Path dir, long deadline, List<String> steps) throws UnreadableInputException {
        run(command, dir, deadline, steps);
    }

    private int run(List<String> command, Path dir, long deadline, List<String> steps) throws UnreadableInputException {
        List<String> limited = new ArrayList<>(List.of("prlimit", "--fsize=" + maxFileBytes, "--core=0", "--"));
        limited.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(limited).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("LANG", "C.UTF-8");
        env.put("openin_any", "p");
        env.put("openout_any", "p");
        env.put("shell_escape", "f");
        env.put("max_print_line", "10000"); // unwrapped log lines: file names in errors stay whole
        env.put("SOURCE_DATE_EPOCH", "0"); // deterministic PDF dates and IDs; \today is left alone
        steps.add(command.get(0) + (command.contains("-draftmode") || command.contains("-no-pdf") ? " (draft)" : ""));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.get(0) + " (is TeX Live installed? run bin/setup): "
                    + e.getMessage(), e);
        }
        try {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
                killTree(process);
                throw new UnreadableInputException("timeout", "compiling took longer than " + timeout.toSeconds()
                        + " s (--timeout); stopped in " + command.get(0));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new UnreadableInputException("timeout", "interrupted while running " + command.get(0));
        }
    }

    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final Pattern BIBER_SOURCE = Pattern.compile("<bcf:datasource\\b([^>]*)>([^<]*)</bcf:datasource>");

    /**
     * A .bcf names Biber's inputs; a remote or outside one would be a fetch or a read we never allow.
     *
     * @return the (local) data source paths
     */
    private static List<String> biberSources(Path bcf) throws UnreadableInputException {
        Matcher m = BIBER_SOURCE.matcher(read(bcf));
        List<String> sources = new java.util.ArrayList<>();
        while (m.find()) {
            String attributes = m.group(1);
            String path = m.group(2).trim();
            if (!attributes.contains("type=\"file\"") || path.contains("://") || path.startsWith("/")
                    || path.startsWith("~") || Path.of(path).normalize().startsWith("..")) {
                throw new UnreadableInputException("unsafe_bibliography", "bibliography source '" + path
                        + "' is not a file inside the project; only local files are read");
            }
            sources.add(path);
        }
        return sources;
    }

    private static final Pattern BIBDATA = Pattern.compile("\\\\bibdata\\{([^}]*)}");

    private static List<String> bibtexDatabases(String aux) {
        List<String> names = new java.util.ArrayList<>();
        Matcher m = BIBDATA.matcher(aux);
        while (m.find()) {
            for (String name : m.group(1).split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }

    /**
     * Whether a bibliography database is not in the project. arXiv ships papers with their .bbl and without
     * the .bib it came from: BibTeX would then overwrite the good .bbl with an empty one ("[?]" for every
     * citation). As latexmk does, the shipped .bbl is kept when its sources are not all there.
     */
    private static boolean anyMissing(Path dir, List<String> names, String extension) {
        for (String name : names) {
            String file = name.endsWith(extension) ? name : name + extension;
            try {
                if (!Files.isRegularFile(dir.resolve(file))) {
                    return true;
                }
            } catch (java.nio.file.InvalidPathException e) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? TexSource.read(file, Integer.MAX_VALUE - 16) : "";
        } catch (IOException | OutOfMemoryError e) {
            return "";
        }
    }
}

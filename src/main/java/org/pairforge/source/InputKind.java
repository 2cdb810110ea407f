package org.pairforge.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What counts as one input for a capability, when folders are walked. */
public interface InputKind {
    /** A file found in a folder that is an input. */
    boolean isInputFile(Path file);

    /** A folder that is one input as a whole (its contents are not walked), e.g. an unpacked EPUB. */
    default boolean isInputFolder(Path dir) {
        return false;
    }

    /** True when the extractor reads a file input from its location itself (and bounds what it unpacks). */
    default boolean readsFromLocation() {
        return false;
    }

    /** The JSON Lines field(s) holding an input, first present wins (The Stack: {@code content}). */
    default java.util.List<String> contentFields() {
        return java.util.List.of("content");
    }

    /** Web pages: .html/.htm files (each with its folder's CSS and images), and JSON Lines rows with {@code html} or {@code text} (WebSight's layout). */
    InputKind WEB = new InputKind() {
        @Override
        public boolean isInputFile(Path file) {
            String n = lowerName(file);
            return n.endsWith(".html") || n.endsWith(".htm") || InputScanner.isJsonLines(file);
        }

        @Override
        public java.util.List<String> contentFields() {
            return java.util.List.of("html", "text");
        }
    };

    /** Notebooks: .ipynb, .ipynb.gz, and JSON Lines of notebooks. */
    /** Whether a JSON Lines row may hold its input as a JSON object rather than a string (a notebook is JSON). */
    default boolean inputMayBeJson() {
        return false;
    }

    InputKind NOTEBOOKS = new InputKind() {
        @Override
        public boolean isInputFile(Path file) {
            String n = lowerName(file);
            return n.endsWith(".ipynb") || n.endsWith(".ipynb.gz") || InputScanner.isJsonLines(file);
        }

        @Override
        public boolean inputMayBeJson() {
            return true;
        }
    };

    /** Documents: HTML and XHTML files, .epub archives, unpacked EPUB trees (a folder with META-INF/container.xml), PDFs. */
    InputKind DOCUMENTS = new InputKind() {
        @Override
        public boolean isInputFile(Path file) {
            String n = lowerName(file);
            return n.endsWith(".xhtml") || n.endsWith(".html") || n.endsWith(".htm") || n.endsWith(".epub")
                    || n.endsWith(".pdf");
        }

        @Override
        public boolean isInputFolder(Path dir) {
            return Files.isRegularFile(dir.resolve("META-INF").resolve("container.xml"));
        }

        @Override
        public boolean readsFromLocation() {
            return true;
        }
    };

    /**
     * LaTeX papers: archives in arXiv's layout (.tar.gz, .tgz, .tar, .zip), and project folders — a folder
     * with a top-level .tex that has a {@code \documentclass}. A single .tex file is an input when named.
     */
    InputKind LATEX = new InputKind() {
        @Override
        public boolean isInputFile(Path file) {
            String n = lowerName(file);
            return n.endsWith(".tar.gz") || n.endsWith(".tgz") || n.endsWith(".tar") || n.endsWith(".zip");
        }

        @Override
        public boolean isInputFolder(Path dir) {
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                return files.anyMatch(f -> lowerName(f).endsWith(".tex") && Files.isRegularFile(f) && hasDocumentClass(f));
            } catch (java.io.IOException e) {
                return false;
            }
        }

        @Override
        public boolean readsFromLocation() {
            return true;
        }
    };

    private static boolean hasDocumentClass(Path tex) {
        try (java.io.InputStream in = Files.newInputStream(tex)) {
            String head = new String(in.readNBytes(1 << 18), java.nio.charset.StandardCharsets.ISO_8859_1);
            return java.util.regex.Pattern.compile("(?m)^[^%\\n]*\\\\documentclass").matcher(head).find();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String lowerName(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}

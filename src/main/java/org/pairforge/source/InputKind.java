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

    /** Notebooks: .ipynb, .ipynb.gz, and JSON Lines of notebooks. */
    InputKind NOTEBOOKS = file -> {
        String n = lowerName(file);
        return n.endsWith(".ipynb") || n.endsWith(".ipynb.gz") || InputScanner.isJsonLines(file);
    };

    /** Documents: HTML and XHTML files, .epub archives, and unpacked EPUB trees (a folder with META-INF/container.xml). */
    InputKind DOCUMENTS = new InputKind() {
        @Override
        public boolean isInputFile(Path file) {
            String n = lowerName(file);
            return n.endsWith(".xhtml") || n.endsWith(".html") || n.endsWith(".htm") || n.endsWith(".epub");
        }

        @Override
        public boolean isInputFolder(Path dir) {
            return Files.isRegularFile(dir.resolve("META-INF").resolve("container.xml"));
        }
    };

    private static String lowerName(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}

package org.pairforge.latex;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Reading TeX sources as a human would see them: comments gone, whatever the encoding. */
final class TexSource {
    private TexSource() {
    }

    /** A % that is not escaped starts a comment running to the end of the line. */
    private static final Pattern COMMENT = Pattern.compile("(?<!\\\\)%.*");

    /** At most {@code limit} bytes; Latin-1 keeps every byte when the file is not UTF-8 (old arXiv papers). */
    static String read(Path file, int limit) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(limit);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.indexOf('\uFFFD') >= 0 ? new String(bytes, StandardCharsets.ISO_8859_1) : text;
    }

    /** The text with comments blanked, line structure kept (so line numbers still hold). */
    static String withoutComments(String text) {
        return COMMENT.matcher(text).replaceAll("");
    }
}

package org.pairforge.web;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The encoding of an HTML file as a browser would find it without an HTTP header: a byte-order mark, else a
 * {@code charset} in a {@code <meta>} of the first 1024 bytes (HTML's prescan), else UTF-8. Crawled pages
 * are often GBK, Shift_JIS or windows-1252; read as UTF-8 their text would be lost.
 */
final class HtmlCharset {
    private static final Pattern META_CHARSET = Pattern.compile(
            "<meta\\b[^>]*?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);

    private HtmlCharset() {
    }

    static Charset of(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        Matcher m = META_CHARSET.matcher(new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.ISO_8859_1));
        if (m.find()) {
            try {
                Charset declared = Charset.forName(m.group(1));
                // As browsers do: a page cannot declare itself UTF-16 from inside (its bytes would not say so).
                return declared.name().startsWith("UTF-16") ? StandardCharsets.UTF_8 : declared;
            } catch (IllegalArgumentException unknown) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The text of an HTML file, without a byte-order mark. */
    static String decode(byte[] bytes) {
        String text = new String(bytes, of(bytes));
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}

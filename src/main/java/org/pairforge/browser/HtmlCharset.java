package org.pairforge.browser;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * The encoding of an HTML file as a browser would find it without an HTTP header: a byte-order mark, else a
 * {@code charset} in a {@code <meta>} of the first 1024 bytes (HTML's prescan), else UTF-8 when the bytes are
 * UTF-8, else windows-1252 (the WHATWG fallback for legacy pages). Crawled pages are often GBK, Shift_JIS or
 * windows-1252; read as UTF-8 their text would be lost. Every engine decodes HTML by this one rule, and
 * Chromium is told it in the Content-Type: left to itself, it reads an unlabelled UTF-8 page as windows-1252.
 */
public final class HtmlCharset {
    private static final Pattern META_CHARSET = Pattern.compile(
            "<meta\\b[^>]*?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9_.:-]+)", Pattern.CASE_INSENSITIVE);
    /**
     * Labels browsers read as a wider encoding than Java's charset of that name (the WHATWG Encoding
     * standard): a page labelled gb2312 is written in GBK and one labelled iso-8859-1 in windows-1252, and
     * Java's strict decoders would turn their extra characters into U+FFFD.
     */
    private static final Map<String, String> BROWSER_MEANING = Map.ofEntries(
            entry("gb2312", "GBK"), entry("gb_2312", "GBK"),
            entry("gb_2312-80", "GBK"), entry("csgb2312", "GBK"),
            entry("x-gbk", "GBK"), entry("chinese", "GBK"),
            entry("iso-8859-1", "windows-1252"), entry("iso8859-1", "windows-1252"),
            entry("latin1", "windows-1252"), entry("us-ascii", "windows-1252"),
            entry("ascii", "windows-1252"), entry("iso-8859-9", "windows-1254"),
            entry("shift_jis", "windows-31j"), entry("sjis", "windows-31j"),
            entry("x-sjis", "windows-31j"), entry("ms_kanji", "windows-31j"),
            entry("euc-kr", "x-windows-949"), entry("ks_c_5601-1987", "x-windows-949"),
            entry("big5", "Big5-HKSCS"), entry("tis-620", "x-windows-874"));

    private HtmlCharset() {
    }

    public static Charset of(byte[] bytes) {
        Charset labelled = labelled(bytes);
        return labelled != null ? labelled : unlabelled(bytes);
    }

    /** The encoding a page names itself, by a byte-order mark or a meta charset; null when it names none. */
    public static Charset labelled(byte[] bytes) {
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
        if (!m.find()) {
            return null;
        }
        String label = m.group(1).toLowerCase(Locale.ROOT);
        try {
            Charset declared = Charset.forName(BROWSER_MEANING.getOrDefault(label, label));
            // As browsers do: a page cannot declare itself UTF-16 from inside (its bytes would not say so).
            return declared.name().startsWith("UTF-16") ? StandardCharsets.UTF_8 : declared;
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static Charset unlabelled(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException notUtf8) {
            return Charset.forName("windows-1252");
        }
    }

    /** The text of an HTML file, without a byte-order mark. */
    public static String decode(byte[] bytes) {
        String text = new String(bytes, of(bytes));
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}

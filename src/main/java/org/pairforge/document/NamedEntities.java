package org.pairforge.document;

import org.jsoup.nodes.Entities;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites HTML's named character references ({@code &nbsp;}, {@code &mdash;}, {@code &eacute;}...) in XHTML
 * as numeric ones before the XML parse. E-books declare the XHTML 1.x DTD and use its entities; we never load
 * a DTD (untrusted input), and without it the parser silently dropped every such character from the page.
 * The table is jsoup's HTML5 list, a superset of XHTML 1.x's; nothing is fetched.
 *
 * <p>Comments, CDATA sections, processing instructions and the DOCTYPE stay as they are, and a name the
 * document declares in its own internal subset keeps the document's meaning. Works on the bytes of any
 * ASCII-compatible encoding (references are ASCII), so the parser still decodes the document as it declares;
 * UTF-16 input is left to the parser unchanged.
 */
final class NamedEntities {
    private static final Set<String> XML_PREDEFINED = Set.of("amp", "lt", "gt", "quot", "apos");
    private static final Pattern DECLARED = Pattern.compile("<!ENTITY\\s+([^%\\s][^\\s]*)");

    private NamedEntities() {
    }

    static byte[] toNumeric(byte[] xml) {
        if (utf16(xml) || indexOf(xml, (byte) '&', 0) < 0) {
            return xml;
        }
        // ISO-8859-1 maps every byte to one char and back: a lossless view of the bytes as a String.
        String s = new String(xml, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder(s.length() + 64);
        Set<String> declared = new HashSet<>();
        boolean changed = false;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '<') {
                int end = endOfMarkupToCopy(s, i, declared);
                if (end > i) {
                    out.append(s, i, end);
                    i = end;
                    continue;
                }
            } else if (c == '&') {
                int semi = referenceEnd(s, i + 1);
                if (semi > 0) {
                    String name = s.substring(i + 1, semi);
                    if (!XML_PREDEFINED.contains(name) && !declared.contains(name) && Entities.isNamedEntity(name)) {
                        Entities.getByName(name).codePoints().forEach(cp -> out.append("&#").append(cp).append(';'));
                        i = semi + 1;
                        changed = true;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return changed ? out.toString().getBytes(StandardCharsets.ISO_8859_1) : xml;
    }

    /** The end of a comment, CDATA section, processing instruction or DOCTYPE starting at {@code i}, else {@code i}. */
    private static int endOfMarkupToCopy(String s, int i, Set<String> declared) {
        if (s.startsWith("<!--", i)) {
            return endAfter(s, "-->", i + 4);
        }
        if (s.startsWith("<![CDATA[", i)) {
            return endAfter(s, "]]>", i + 9);
        }
        if (s.startsWith("<?", i)) {
            return endAfter(s, "?>", i + 2);
        }
        if (s.startsWith("<!DOCTYPE", i)) {
            int gt = s.indexOf('>', i);
            int bracket = s.indexOf('[', i);
            int end;
            if (bracket >= 0 && (gt < 0 || bracket < gt)) {
                int close = s.indexOf("]", bracket);
                end = close < 0 ? s.length() : endAfter(s, ">", close);
                Matcher m = DECLARED.matcher(s.substring(bracket, Math.min(end, s.length())));
                while (m.find()) {
                    declared.add(m.group(1));
                }
            } else {
                end = gt < 0 ? s.length() : gt + 1;
            }
            return end;
        }
        return i;
    }

    private static int endAfter(String s, String terminator, int from) {
        int at = s.indexOf(terminator, from);
        return at < 0 ? s.length() : at + terminator.length();
    }

    /** Index of the ';' closing a reference name that starts at {@code from}, or -1. */
    private static int referenceEnd(String s, int from) {
        int j = from;
        while (j < s.length() && j - from <= 32) {
            char c = s.charAt(j);
            boolean nameChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (j > from && c >= '0' && c <= '9');
            if (!nameChar) {
                return c == ';' && j > from ? j : -1;
            }
            j++;
        }
        return -1;
    }

    private static boolean utf16(byte[] b) {
        return b.length >= 2 && ((b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) || (b[0] == (byte) 0xFF && b[1] == (byte) 0xFE)
                || (b[0] == 0 && b[1] == '<') || (b[0] == '<' && b[1] == 0));
    }

    private static int indexOf(byte[] b, byte wanted, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}

package org.pairforge.latex;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a TeX log says: the first error with its source line, what to rerun for, what stayed undefined. */
record TexLog(String text) {
    private static final Pattern MISSING_FILE = Pattern.compile("File [`']([^']+)' not found");
    private static final Pattern LINE = Pattern.compile("^l\\.(\\d+)", Pattern.MULTILINE);
    private static final Pattern RERUN = Pattern.compile(
            "Rerun to get|Please rerun|Label\\(s\\) may have changed|Rerun LaTeX|has changed\\. Rerun|Temporary extra page");
    private static final Pattern UNDEFINED_CITATION = Pattern.compile("Citation [`']([^']+)' (on page \\d+ )?undefined");

    /** The first line starting with "! " and the "l.NNN" context after it, or null when TeX reported no error. */
    String firstError() {
        int at = text.startsWith("! ") ? 0 : text.indexOf("\n! ");
        if (at < 0) {
            return null;
        }
        int start = at == 0 ? 0 : at + 1;
        int end = text.indexOf('\n', start);
        String line = (end < 0 ? text.substring(start) : text.substring(start, end)).trim();
        Matcher l = LINE.matcher(text);
        if (end >= 0 && l.find(end) && l.start() - end < 2000) {
            line += " (input line " + l.group(1) + ")";
        }
        return line;
    }

    /** The file named by the first error when that error is a missing file, else null. */
    String missingFile() {
        String error = firstError();
        if (error == null) {
            return null;
        }
        Matcher m = MISSING_FILE.matcher(error);
        return m.find() ? m.group(1) : null;
    }

    private static final Pattern BABEL_LANGUAGE = Pattern.compile("(?:language definition file|file) ([\\w.-]+\\.ldf)");
    private static final Pattern FONTSPEC_FONT = Pattern.compile("The font \"([^\"]+)\" cannot be found");
    private static final Pattern TFM = Pattern.compile("Font \\\\?\\S+=([\\w.-]+)(?: at [^ ]+)? not loadable: Metric \\(TFM\\) file");
    private static final Pattern TYPE1 = Pattern.compile("\\(file ([^)]+)\\): cannot open Type 1 font file");
    private static final Pattern XETEX_FONT = Pattern.compile("(?:Font|font) \\\\?\\S*=\"?\\[?([^\"\\]:]+)[\\]\"]?(?::[^ ]*)? (?:at [^ ]+ )?not loadable");
    /** What TeX Live ships, not a paper: classes, packages, language and font definitions, styles. */
    private static final Pattern SYSTEM_FILE = Pattern.compile("(?i).+\\.(sty|cls|clo|ldf|def|fd|cfg|bst|bbx|cbx|lbx|dbx|tfm|pfb|enc|map|otf|ttf|ttc|mf|vf|code\\.tex|ins)$");

    /**
     * The TeX Live file the first error says is missing (a package, a class, a babel language's .ldf), when
     * the paper does not ship a file of that name either: what {@code bin/setup --tex full} would install.
     */
    String missingTexFile() {
        String error = firstError();
        if (error == null) {
            return null;
        }
        Matcher babel = BABEL_LANGUAGE.matcher(errorContext());
        if (error.contains("babel") && babel.find()) {
            return babel.group(1);
        }
        String file = missingFile();
        return file != null && SYSTEM_FILE.matcher(file).matches() ? file : null;
    }

    /** The font the first error says cannot be found or loaded (fontspec's name, a TFM or Type 1 file), or null. */
    String missingFont() {
        String error = firstError();
        String context = errorContext();
        if (error == null) {
            error = context;
        }
        for (Pattern p : List.of(FONTSPEC_FONT, TFM, TYPE1, XETEX_FONT)) {
            Matcher m = p.matcher(p == FONTSPEC_FONT || p == TYPE1 ? context : error);
            if (m.find()) {
                return m.group(1).trim();
            }
        }
        return null;
    }

    /** The first error line and the lines after it (babel and fontspec spread their message over several). */
    private String errorContext() {
        int at = text.startsWith("! ") || text.startsWith("!pdfTeX") ? 0 : Math.max(text.indexOf("\n! "), text.indexOf("\n!pdfTeX"));
        if (at < 0) {
            return "";
        }
        return text.substring(at, Math.min(text.length(), at + 1200));
    }

    boolean asksForRerun() {
        return RERUN.matcher(text).find();
    }

    /** Fatal errors that leave no error line: TeX's capacity, or the log cut short by a killed run. */
    boolean capacityExceeded() {
        return text.contains("TeX capacity exceeded");
    }

    private static final Pattern MISSING_CHARACTER = Pattern.compile(
            "Missing character: There is no (\\S+)(?: \\(U\\+[0-9A-Fa-f]+\\))?(?: in font ([^!\\s]+))?");
    /** The CJK package's UTF-8 subfonts: font {@code gbsnu7d} holds U+7D00..U+7DFF, one byte per character. */
    private static final Pattern CJK_SUBFONT = Pattern.compile(".*u([0-9a-f]{2})");

    /** Characters a font could not draw: TeX drops them from the page and only says so in the log. */
    String missingCharacters() {
        Set<String> chars = new LinkedHashSet<>();
        Matcher m = MISSING_CHARACTER.matcher(text);
        while (m.find()) {
            chars.add(character(m.group(1), m.group(2)));
        }
        return String.join("", chars);
    }

    /**
     * XeTeX names the character itself; pdfTeX names a byte of the font's encoding, in TeX's ^^ notation when
     * it is not printable ("There is no ^^E in font gbsnu7d!"). In a CJK subfont that byte and the font's
     * name make the code point (U+7D05, 紅); in another 8-bit font it is left as TeX wrote it.
     */
    static String character(String token, String font) {
        int b = -1;
        if (token.length() == 4 && token.startsWith("^^") && token.substring(2).matches("[0-9a-f]{2}")) {
            b = Integer.parseInt(token.substring(2), 16);
        } else if (token.length() == 3 && token.startsWith("^^")) {
            char c = token.charAt(2);
            b = c < 64 ? c + 64 : c - 64;
        } else if (token.length() == 1 && token.charAt(0) < 128) {
            b = token.charAt(0);
        }
        Matcher cjk = CJK_SUBFONT.matcher(font == null ? "" : font);
        if (b >= 0 && cjk.matches()) {
            return new String(Character.toChars(Integer.parseInt(cjk.group(1), 16) << 8 | b));
        }
        return token;
    }

    List<String> undefinedCitations() {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = UNDEFINED_CITATION.matcher(text);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return new ArrayList<>(keys);
    }
}

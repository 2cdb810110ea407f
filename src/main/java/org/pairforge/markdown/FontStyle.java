package org.pairforge.markdown;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bold and italic from a font's name, as TeX's fonts are named: Computer Modern's CMBX (bold), CMTI and CMSL
 * (italic, slanted), cm-super's SFBX/SFTI/SFSL, Latin Modern's and TeX Gyre's "-Bold"/"-Italic", URW's
 * "-Medi"/"-ReguItal" (Times in IEEE papers), and any font whose name says Bold, Italic or Oblique.
 */
public final class FontStyle {
    private FontStyle() {
    }

    private static final String[] MATH_FONTS = {"cmmi", "cmsy", "cmex", "cmbsy", "msam", "msbm", "eufm", "eufb",
            "eusm", "eurm", "rsfs", "stmary", "wasy", "bbm", "dsrom", "esint", "mnsymbol", "txmi", "txsy", "txex",
            "pxmi", "pxsy", "pxex", "ntxmi", "ntxsy", "ntxex", "zxmi", "lmmath", "symbol", "mathpazo", "rtxmi", "stix",
            "cmbrm", "bbold", "mathbbol", "boondox", "dsfont", "lasy", "line10", "lcircle", "fourier", "pzccb"};

    /**
     * Each font name's answers, packed ({@link #of} in bits 0-1, {@link #isMath} in bit 2): a page asks for every
     * word and a document has a handful of fonts, so the names' lowercasing and scanning was a tenth of a page's
     * Java time. Cleared when full, since a hostile PDF may name its fonts by the thousand.
     */
    private static final ConcurrentHashMap<String, Integer> KNOWN = new ConcurrentHashMap<>();
    private static final int MAX_KNOWN = 4096;
    private static final int MATH = 4;

    private static int known(String font) {
        Integer k = KNOWN.get(font);
        if (k == null) {
            k = style(font) | (math(font) ? MATH : 0);
            if (KNOWN.size() >= MAX_KNOWN) {
                KNOWN.clear();
            }
            KNOWN.put(font, k);
        }
        return k;
    }

    /** Whether a font is one TeX sets formulas in (Computer Modern's math fonts, AMS symbols, OpenType math). */
    public static boolean isMath(String font) {
        return font != null && (known(font) & MATH) != 0;
    }

    private static boolean math(String font) {
        String f = font.toLowerCase(Locale.ROOT);
        if (f.contains("math")) {
            return true;
        }
        for (String m : MATH_FONTS) {
            if (f.startsWith(m) || f.contains("+" + m)) {
                return true;
            }
        }
        return false;
    }

    /** 1 bold, 2 italic, 3 both, 0 neither. */
    public static int of(String font) {
        return known(font) & 3;
    }

    private static int style(String font) {
        String f = font.toLowerCase(Locale.ROOT);
        String plain = f.replaceAll("[0-9]+$", "");
        boolean bold = f.contains("bold") || f.contains("-medi") || f.contains("semibold") || f.contains("black")
                || f.contains("heavy") || f.contains("-demi") || plain.startsWith("cmbx") || plain.startsWith("cmb")
                && !plain.startsWith("cmbsy") || plain.startsWith("sfbx") || plain.startsWith("sfbi") || plain.startsWith("cmssbx")
                || plain.startsWith("ptmb") || plain.startsWith("phvb") || plain.startsWith("lmroman") && f.contains("-bold")
                || f.contains("dark");
        boolean italic = f.contains("italic") || f.contains("oblique") || f.contains("ital") || f.contains("slant")
                || plain.startsWith("cmti") || plain.startsWith("cmsl") || plain.startsWith("cmbxti") || plain.startsWith("cmbxsl")
                || plain.startsWith("sfti") || plain.startsWith("sfsl") || plain.startsWith("sfbi") || plain.startsWith("cmitt")
                || plain.startsWith("ptmri") || plain.startsWith("ptmbi") || plain.startsWith("cmssi") || f.endsWith("-it")
                || f.contains("-it-") || f.contains("-bolditalic") || f.contains("bi-");
        return (bold ? 1 : 0) | (italic ? 2 : 0);
    }
}

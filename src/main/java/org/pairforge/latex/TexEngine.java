package org.pairforge.latex;

import java.util.Locale;
import java.util.regex.Pattern;

/** The TeX engines a paper can be compiled with. */
public enum TexEngine {
    PDFLATEX, XELATEX;

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public String command() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A run that only writes the auxiliary files: pdfTeX reads no image, XeTeX skips xdvipdfmx. */
    String draftFlag() {
        return this == PDFLATEX ? "-draftmode" : "-no-pdf";
    }

    /**
     * What the full run is given to read. The PDF only lives until its pages are rasterized, so pdfTeX
     * compresses it at zlib level 1 instead of the format's 9: 40% less time for the run here, a PDF 20% larger.
     * A document that sets its own level still wins; odd file names are passed plainly.
     */
    String finalInput(String mainFileName) {
        return this == PDFLATEX && PLAIN_NAME.matcher(mainFileName).matches()
                ? "\\pdfcompresslevel=1 \\input{" + mainFileName + "}" : mainFileName;
    }

    /** {@code auto} is null: the project decides (see {@link MainFile#engine()}). */
    public static TexEngine parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "pdflatex" -> PDFLATEX;
            case "xelatex" -> XELATEX;
            default -> throw new IllegalArgumentException("--engine must be auto, pdflatex or xelatex, got '" + name + "'");
        };
    }
}

package org.pairforge.latex;

import java.util.Locale;
import java.util.regex.Pattern;

/** The TeX engines a paper can be compiled with. */
public enum TexEngine {
    PDFLATEX, XELATEX;

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    /**
     * What TeX Live's pdftex.def does when shell escape is on, without it: at \begin{document}, when graphics
     * is loaded and neither pst-pdf nor pdftricks (nor {@code \DoNotLoadEpstopdf}) says otherwise, .eps joins
     * the extensions and epstopdf-base its rules, which use the converted PDF when it is already there.
     */
    private static final String EPS_RULES = "\\makeatletter\\AtBeginDocument{\\ifx\\includegraphics\\@undefined\\else"
            + "\\ifx\\DoNotLoadEpstopdf\\@undefined\\@ifpackageloaded{pst-pdf}{}{\\@ifpackageloaded{pdftricks}{}{"
            + "\\@ifpackageloaded{epstopdf-base}{}{\\edef\\Gin@extensions{\\Gin@extensions,.eps}"
            + "\\RequirePackage{epstopdf-base}}}}\\fi\\fi}\\makeatother";

    public String command() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A run that only writes the auxiliary files: pdfTeX reads no image, XeTeX skips xdvipdfmx. */
    String draftFlag() {
        return this == PDFLATEX ? "-draftmode" : "-no-pdf";
    }

    /**
     * What a run is given to read: the main file's name, or TeX code that sets things up and then inputs it.
     * The PDF only lives until its pages are rasterized, so pdfTeX's full run compresses it at zlib level 1
     * instead of the format's 9: 40% less time for the run here, a PDF 20% larger (a document that sets its
     * own level still wins). With EPS figures converted beforehand, epstopdf's rules are loaded as TeX Live
     * would with shell escape on, so {@code \includegraphics} finds the converted PDFs (see {@link EpsFigures}).
     * Odd file names are passed plainly, without either.
     */
    String input(String mainFileName, boolean draft, boolean epsRules) {
        StringBuilder setup = new StringBuilder();
        if (epsRules && this == PDFLATEX) {
            setup.append(EPS_RULES);
        }
        if (!draft && this == PDFLATEX) {
            setup.append("\\pdfcompresslevel=1 ");
        }
        return setup.isEmpty() || !PLAIN_NAME.matcher(mainFileName).matches()
                ? mainFileName : setup + "\\input{" + mainFileName + "}";
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

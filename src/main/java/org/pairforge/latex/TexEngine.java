package org.pairforge.latex;

import java.util.Locale;

/** The TeX engines a paper can be compiled with. */
public enum TexEngine {
    PDFLATEX, XELATEX;

    public String command() {
        return name().toLowerCase(Locale.ROOT);
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

package org.pairforge.notebook;

import java.util.Locale;

/** Which code cells make a figure's text. */
public enum CodeContext {
    /** Only the cell that drew the figure. */
    CELL,
    /** The code cells after the previous figure-producing cell, up to and including this one. */
    SINCE_LAST_FIGURE,
    /** Every code cell up to and including this one (capped by --max-code-lines). */
    ALL_PRECEDING;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static CodeContext parse(String s) {
        for (CodeContext c : values()) {
            if (c.id().equals(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown code context '" + s + "' (cell, since-last-figure, all-preceding)");
    }
}

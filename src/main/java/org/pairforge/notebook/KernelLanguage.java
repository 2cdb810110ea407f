package org.pairforge.notebook;

import java.util.Locale;

/**
 * Normalises what a notebook says about its kernel ("python3", "ir", "julia-1.9", "IJava"...) to a
 * language name that picks a comment syntax. Unknown kernels keep their own lower-cased name.
 */
public final class KernelLanguage {
    private KernelLanguage() {
    }

    public static String resolve(Notebook nb) {
        String declared = nb.language();
        if (declared == null) {
            declared = nb.cells().stream().map(Notebook.Cell::language).filter(l -> l != null && !l.isBlank())
                    .findFirst().orElse(null);
        }
        if (declared == null) {
            declared = nb.kernelName();
        }
        return declared == null ? "python" : normalise(declared);
    }

    static String normalise(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("python") || s.equals("ipython") || s.startsWith("pyspark") || s.equals("sage")) {
            return "python";
        }
        if (s.equals("r") || s.equals("ir")) {
            return "r";
        }
        if (s.startsWith("julia")) {
            return "julia";
        }
        if (s.equals("java") || s.contains("ijava") || s.contains("jjava") || s.startsWith("jbang") || s.equals("rapaio-jupyter-kernel")) {
            return "java";
        }
        return s;
    }
}

package org.pairforge.latex.markdown;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a formula looks like printed, roughly, to tell which printed math region is which source formula:
 * its letters and digits, Greek letters and common symbols as the characters a PDF's text gives for their
 * glyphs; and a similarity of two such strings (shared characters over their lengths).
 */
final class MathSignature {
    private static final Map<String, String> SYMBOLS = new HashMap<>();

    static {
        String[][] greek = {{"alpha", "α"}, {"beta", "β"}, {"gamma", "γ"}, {"delta", "δ"}, {"epsilon", "ϵ"},
                {"varepsilon", "ε"}, {"zeta", "ζ"}, {"eta", "η"}, {"theta", "θ"}, {"vartheta", "ϑ"}, {"iota", "ι"},
                {"kappa", "κ"}, {"lambda", "λ"}, {"mu", "μ"}, {"nu", "ν"}, {"xi", "ξ"}, {"pi", "π"}, {"varpi", "ϖ"},
                {"rho", "ρ"}, {"varrho", "ϱ"}, {"sigma", "σ"}, {"varsigma", "ς"}, {"tau", "τ"}, {"upsilon", "υ"},
                {"phi", "ϕ"}, {"varphi", "φ"}, {"chi", "χ"}, {"psi", "ψ"}, {"omega", "ω"}, {"Gamma", "Γ"},
                {"Delta", "Δ"}, {"Theta", "Θ"}, {"Lambda", "Λ"}, {"Xi", "Ξ"}, {"Pi", "Π"}, {"Sigma", "Σ"},
                {"Upsilon", "Υ"}, {"Phi", "Φ"}, {"Psi", "Ψ"}, {"Omega", "Ω"}, {"sum", "∑"}, {"prod", "∏"},
                {"int", "∫"}, {"partial", "∂"}, {"nabla", "∇"}, {"infty", "∞"}, {"pm", "±"}, {"times", "×"},
                {"cdot", "·"}, {"leq", "≤"}, {"le", "≤"}, {"geq", "≥"}, {"ge", "≥"}, {"neq", "≠"}, {"ne", "≠"},
                {"approx", "≈"}, {"sim", "∼"}, {"simeq", "≃"}, {"equiv", "≡"}, {"propto", "∝"}, {"in", "∈"},
                {"notin", "∉"}, {"subset", "⊂"}, {"subseteq", "⊆"}, {"cup", "∪"}, {"cap", "∩"}, {"to", "→"},
                {"rightarrow", "→"}, {"leftarrow", "←"}, {"Rightarrow", "⇒"}, {"mapsto", "↦"}, {"ell", "ℓ"},
                {"prime", "′"}, {"forall", "∀"}, {"exists", "∃"}, {"emptyset", "∅"}, {"sqrt", "√"}, {"ll", "≪"},
                {"gg", "≫"}, {"langle", "⟨"}, {"rangle", "⟩"}, {"ldots", "…"}, {"cdots", "⋯"}, {"dots", "…"},
                {"circ", "◦"}, {"star", "⋆"}, {"ast", "∗"}, {"oplus", "⊕"}, {"otimes", "⊗"}, {"mid", "|"},
                {"vert", "|"}, {"lvert", "|"}, {"rvert", "|"}, {"|", "‖"}, {"Vert", "‖"}, {"hbar", "ℏ"},
                {"log", "log"}, {"exp", "exp"}, {"sin", "sin"}, {"cos", "cos"}, {"tan", "tan"}, {"ln", "ln"},
                {"max", "max"}, {"min", "min"}, {"lim", "lim"}, {"det", "det"}, {"sup", "sup"}, {"inf", "inf"},
                {"arg", "arg"}, {"dim", "dim"}, {"ker", "ker"}, {"deg", "deg"}, {"Pr", "Pr"}, {"lnot", "¬"},
                {"neg", "¬"}, {"wedge", "∧"}, {"vee", "∨"}, {"land", "∧"}, {"lor", "∨"}, {"perp", "⊥"},
                {"parallel", "∥"}, {"angle", "∠"}, {"top", "⊤"}, {"dagger", "†"}, {"bullet", "•"}};
        for (String[] g : greek) {
            SYMBOLS.put(g[0], g[1]);
        }
    }

    private MathSignature() {
    }

    static String of(List<Tok> tokens) {
        StringBuilder s = new StringBuilder();
        for (Tok t : tokens) {
            switch (t.kind()) {
                case CHAR -> {
                    String c = t.text();
                    if (!c.isBlank() && !"{}".contains(c)) {
                        s.append(c);
                    }
                }
                case CS -> {
                    String sym = SYMBOLS.get(t.text());
                    if (sym != null) {
                        s.append(sym);
                    } else if (t.text().equals("operatorname") || t.text().startsWith("math") || t.text().startsWith("text")) {
                        // its argument's letters follow
                    }
                }
                default -> {
                }
            }
        }
        return normalize(s.toString());
    }

    /** Math alphanumerics folded to plain letters, minus signs to hyphens, no spaces. */
    static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC).replace('−', '-').replace('∗', '*');
        StringBuilder out = new StringBuilder(n.length());
        n.codePoints().filter(cp -> !Character.isWhitespace(cp)).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** 2 × shared characters (as multisets) / total length; 0 when either is empty. */
    static double similarity(String a, String b) {
        String x = normalize(a);
        String y = normalize(b);
        if (x.isEmpty() || y.isEmpty()) {
            return 0;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        x.codePoints().forEach(cp -> counts.merge(cp, 1, Integer::sum));
        int shared = 0;
        for (int cp : y.codePoints().toArray()) {
            Integer c = counts.get(cp);
            if (c != null && c > 0) {
                shared++;
                counts.put(cp, c - 1);
            }
        }
        return 2.0 * shared / (x.codePointCount(0, x.length()) + y.codePointCount(0, y.length()));
    }
}

package org.pairforge.document;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Presentation MathML → LaTeX that KaTeX reads, for a page's Markdown. A formula that carries its TeX
 * ({@code <annotation encoding="application/x-tex">}, as EPUB 3 books made from LaTeX do) is that TeX; otherwise
 * its elements are written one by one: tokens ({@code mi}, {@code mn}, {@code mo}, {@code mtext}) with Unicode
 * operators and Greek letters as their commands, scripts, fractions, roots, under/over (limits and accents),
 * fences, tables as {@code matrix}. An element it does not know contributes its children. Written here because
 * no maintained Java library converts this direction (converters go LaTeX → MathML); the mapping is the one
 * MathML's own elements define.
 */
final class MathMl {
    private MathMl() {
    }

    /** Deeper formulas than this are written as their text: a bound for hostile documents. */
    private static final int MAX_DEPTH = 200;

    private static final Map<String, String> SYMBOLS = Map.ofEntries(
            Map.entry("α", "\\alpha"), Map.entry("β", "\\beta"), Map.entry("γ", "\\gamma"), Map.entry("δ", "\\delta"),
            Map.entry("ε", "\\varepsilon"), Map.entry("ϵ", "\\epsilon"), Map.entry("ζ", "\\zeta"), Map.entry("η", "\\eta"),
            Map.entry("θ", "\\theta"), Map.entry("ϑ", "\\vartheta"), Map.entry("ι", "\\iota"), Map.entry("κ", "\\kappa"),
            Map.entry("λ", "\\lambda"), Map.entry("μ", "\\mu"), Map.entry("ν", "\\nu"), Map.entry("ξ", "\\xi"),
            Map.entry("π", "\\pi"), Map.entry("ϖ", "\\varpi"), Map.entry("ρ", "\\rho"), Map.entry("ϱ", "\\varrho"),
            Map.entry("σ", "\\sigma"), Map.entry("ς", "\\varsigma"), Map.entry("τ", "\\tau"), Map.entry("υ", "\\upsilon"),
            Map.entry("φ", "\\varphi"), Map.entry("ϕ", "\\phi"), Map.entry("χ", "\\chi"), Map.entry("ψ", "\\psi"),
            Map.entry("ω", "\\omega"), Map.entry("Γ", "\\Gamma"), Map.entry("Δ", "\\Delta"), Map.entry("Θ", "\\Theta"),
            Map.entry("Λ", "\\Lambda"), Map.entry("Ξ", "\\Xi"), Map.entry("Π", "\\Pi"), Map.entry("Σ", "\\Sigma"),
            Map.entry("Υ", "\\Upsilon"), Map.entry("Φ", "\\Phi"), Map.entry("Ψ", "\\Psi"), Map.entry("Ω", "\\Omega"),
            Map.entry("∑", "\\sum"), Map.entry("∏", "\\prod"), Map.entry("∐", "\\coprod"), Map.entry("∫", "\\int"),
            Map.entry("∬", "\\iint"), Map.entry("∭", "\\iiint"), Map.entry("∮", "\\oint"), Map.entry("⋃", "\\bigcup"),
            Map.entry("⋂", "\\bigcap"), Map.entry("⨁", "\\bigoplus"), Map.entry("⨂", "\\bigotimes"),
            Map.entry("≤", "\\leq"), Map.entry("≥", "\\geq"), Map.entry("≠", "\\neq"), Map.entry("≈", "\\approx"),
            Map.entry("≡", "\\equiv"), Map.entry("∼", "\\sim"), Map.entry("≃", "\\simeq"), Map.entry("≅", "\\cong"),
            Map.entry("∝", "\\propto"), Map.entry("≪", "\\ll"), Map.entry("≫", "\\gg"), Map.entry("×", "\\times"),
            Map.entry("÷", "\\div"), Map.entry("·", "\\cdot"), Map.entry("⋅", "\\cdot"), Map.entry("∘", "\\circ"),
            Map.entry("±", "\\pm"), Map.entry("∓", "\\mp"), Map.entry("−", "-"), Map.entry("∗", "\\ast"),
            Map.entry("⊕", "\\oplus"), Map.entry("⊗", "\\otimes"), Map.entry("∈", "\\in"), Map.entry("∉", "\\notin"),
            Map.entry("∋", "\\ni"), Map.entry("⊂", "\\subset"), Map.entry("⊃", "\\supset"), Map.entry("⊆", "\\subseteq"),
            Map.entry("⊇", "\\supseteq"), Map.entry("∪", "\\cup"), Map.entry("∩", "\\cap"), Map.entry("∖", "\\setminus"),
            Map.entry("∅", "\\emptyset"), Map.entry("∀", "\\forall"), Map.entry("∃", "\\exists"), Map.entry("¬", "\\neg"),
            Map.entry("∧", "\\wedge"), Map.entry("∨", "\\vee"), Map.entry("→", "\\to"), Map.entry("←", "\\leftarrow"),
            Map.entry("↔", "\\leftrightarrow"), Map.entry("⇒", "\\Rightarrow"), Map.entry("⇐", "\\Leftarrow"),
            Map.entry("⇔", "\\Leftrightarrow"), Map.entry("↦", "\\mapsto"), Map.entry("∞", "\\infty"),
            Map.entry("∂", "\\partial"), Map.entry("∇", "\\nabla"), Map.entry("ℏ", "\\hbar"), Map.entry("ℓ", "\\ell"),
            Map.entry("…", "\\ldots"), Map.entry("⋯", "\\cdots"), Map.entry("⋮", "\\vdots"), Map.entry("⋱", "\\ddots"),
            Map.entry("′", "'"), Map.entry("″", "''"), Map.entry("°", "^{\\circ}"), Map.entry("⟨", "\\langle"),
            Map.entry("⟩", "\\rangle"), Map.entry("⌊", "\\lfloor"), Map.entry("⌋", "\\rfloor"), Map.entry("⌈", "\\lceil"),
            Map.entry("⌉", "\\rceil"), Map.entry("‖", "\\|"), Map.entry("{", "\\{"), Map.entry("}", "\\}"),
            Map.entry("ℝ", "\\mathbb{R}"), Map.entry("ℕ", "\\mathbb{N}"), Map.entry("ℤ", "\\mathbb{Z}"),
            Map.entry("ℚ", "\\mathbb{Q}"), Map.entry("ℂ", "\\mathbb{C}"), Map.entry("⊥", "\\perp"), Map.entry("∥", "\\parallel"),
            Map.entry("∠", "\\angle"), Map.entry("△", "\\triangle"), Map.entry("√", "\\surd"), Map.entry("%", "\\%"),
            Map.entry("#", "\\#"), Map.entry("&", "\\&"), Map.entry("$", "\\$"), Map.entry("_", "\\_"),
            Map.entry("\u2061", ""), Map.entry("\u2062", ""), Map.entry("\u2063", ""), Map.entry("\u2064", ""));

    private static final Map<String, String> ACCENTS = Map.of("^", "\\hat", "ˆ", "\\hat", "¯", "\\overline",
            "‾", "\\overline", "→", "\\vec", "⃗", "\\vec", "~", "\\tilde", "˜", "\\tilde", "˙", "\\dot", "¨", "\\ddot");

    private static final List<String> FUNCTIONS = List.of("sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp",
            "lim", "max", "min", "sup", "inf", "det", "dim", "deg", "gcd", "arg", "sinh", "cosh", "tanh", "arcsin",
            "arccos", "arctan", "ker", "Pr");

    /** Whether an element is MathML's {@code <math>}. */
    static boolean isMath(Element e) {
        return "math".equals(name(e));
    }

    /** Whether the formula is set on its own line ({@code display="block"}). */
    static boolean display(Element math) {
        return "block".equals(math.getAttribute("display")) || "block".equals(math.getAttribute("mode"));
    }

    static String latex(Element math) {
        String tex = annotation(math);
        if (tex != null) {
            return tex;
        }
        return write(math, 0).replaceAll("\\s+", " ").strip();
    }

    /** The text a formula prints: its tokens' text, annotations left out. */
    static String printed(Element math) {
        StringBuilder s = new StringBuilder();
        printed(math, s, 0);
        return s.toString();
    }

    private static void printed(Node n, StringBuilder s, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (n.getNodeType() == Node.TEXT_NODE || n.getNodeType() == Node.CDATA_SECTION_NODE) {
            s.append(n.getNodeValue());
            return;
        }
        if (n instanceof Element e && ("annotation".equals(name(e)) || "annotation-xml".equals(name(e)))) {
            return;
        }
        for (Node c = n.getFirstChild(); c != null; c = c.getNextSibling()) {
            printed(c, s, depth + 1);
        }
    }

    private static String annotation(Element math) {
        for (Element e : descendants(math, "annotation")) {
            String encoding = e.getAttribute("encoding").toLowerCase(Locale.ROOT);
            if (encoding.equals("application/x-tex") || encoding.equals("tex") || encoding.equals("latex")
                    || encoding.equals("application/x-latex")) {
                String tex = e.getTextContent().strip();
                if (!tex.isEmpty()) {
                    return tex.replaceAll("^\\$+|\\$+$", "").replaceAll("^\\\\displaystyle\\s*", "").strip();
                }
            }
        }
        return null;
    }

    private static List<Element> descendants(Element root, String name) {
        List<Element> found = new ArrayList<>();
        List<Node> stack = new ArrayList<>(List.of(root));
        int seen = 0;
        while (!stack.isEmpty() && seen++ < 100_000) {
            Node n = stack.remove(stack.size() - 1);
            if (n instanceof Element e && name.equals(name(e))) {
                found.add(e);
            }
            for (Node c = n.getLastChild(); c != null; c = c.getPreviousSibling()) {
                stack.add(c);
            }
        }
        return found;
    }

    static String name(Element e) {
        String n = e.getLocalName() != null ? e.getLocalName() : e.getNodeName();
        int colon = n.indexOf(':');
        return (colon >= 0 ? n.substring(colon + 1) : n).toLowerCase(Locale.ROOT);
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ce) {
                out.add(ce);
            }
        }
        return out;
    }

    /** An argument: braced unless it is one character or one command. */
    private static String arg(Element e, int depth) {
        String s = write(e, depth).strip();
        return "{" + s + "}";
    }

    private static String write(Element e, int depth) {
        if (depth > MAX_DEPTH) {
            return symbols(e.getTextContent());
        }
        List<Element> k = children(e);
        String name = name(e);
        switch (name) {
            case "mi" -> {
                String t = e.getTextContent().strip();
                String variant = e.getAttribute("mathvariant");
                if (FUNCTIONS.contains(t)) {
                    return "\\" + t + " ";
                }
                String body = symbols(t).strip();
                if (t.codePointCount(0, t.length()) > 1 && SYMBOLS.get(t) == null) {
                    return "\\mathrm{" + body + "}";
                }
                if (body.matches(".*\\\\[a-zA-Z]+$")) {
                    body = body + " ";
                }
                return switch (variant) {
                    case "normal" -> "\\mathrm{" + body + "}";
                    case "bold" -> "\\mathbf{" + body + "}";
                    case "double-struck" -> "\\mathbb{" + body + "}";
                    case "script" -> "\\mathcal{" + body + "}";
                    case "fraktur" -> "\\mathfrak{" + body + "}";
                    default -> body;
                };
            }
            case "mn" -> {
                return symbols(e.getTextContent().strip());
            }
            case "mo" -> {
                String t = e.getTextContent().strip();
                String s = symbols(t);
                return s.startsWith("\\") && Character.isLetter(s.charAt(s.length() - 1)) ? s + " " : s;
            }
            case "mtext", "ms" -> {
                String t = e.getTextContent();
                return t.isBlank() ? "\\ " : "\\text{" + t.replaceAll("([{}%#&$_\\\\])", "\\\\$1") + "}";
            }
            case "mspace" -> {
                return "\\,";
            }
            case "msup" -> {
                return k.size() < 2 ? all(k, depth) : base(k.get(0), depth) + "^" + arg(k.get(1), depth + 1);
            }
            case "msub" -> {
                return k.size() < 2 ? all(k, depth) : base(k.get(0), depth) + "_" + arg(k.get(1), depth + 1);
            }
            case "msubsup" -> {
                return k.size() < 3 ? all(k, depth)
                        : base(k.get(0), depth) + "_" + arg(k.get(1), depth + 1) + "^" + arg(k.get(2), depth + 1);
            }
            case "munder", "mover", "munderover" -> {
                return underOver(name, k, depth);
            }
            case "mfrac" -> {
                if (k.size() < 2) {
                    return all(k, depth);
                }
                String cmd = "0".equals(e.getAttribute("linethickness")) || "0px".equals(e.getAttribute("linethickness"))
                        ? "\\binom" : "\\frac";
                return cmd + arg(k.get(0), depth + 1) + arg(k.get(1), depth + 1);
            }
            case "msqrt" -> {
                return "\\sqrt{" + all(k, depth) + "}";
            }
            case "mroot" -> {
                return k.size() < 2 ? "\\sqrt{" + all(k, depth) + "}"
                        : "\\sqrt[" + write(k.get(1), depth + 1) + "]" + arg(k.get(0), depth + 1);
            }
            case "mfenced" -> {
                String open = e.hasAttribute("open") ? e.getAttribute("open") : "(";
                String close = e.hasAttribute("close") ? e.getAttribute("close") : ")";
                String sep = e.hasAttribute("separators") ? e.getAttribute("separators").strip() : ",";
                StringBuilder s = new StringBuilder("\\left").append(delimiter(open));
                for (int i = 0; i < k.size(); i++) {
                    if (i > 0 && !sep.isEmpty()) {
                        s.append(symbols(String.valueOf(sep.charAt(Math.min(i - 1, sep.length() - 1)))));
                    }
                    s.append(write(k.get(i), depth + 1));
                }
                return s.append("\\right").append(delimiter(close)).toString();
            }
            case "mtable" -> {
                StringBuilder s = new StringBuilder("\\begin{matrix}");
                for (int r = 0; r < k.size(); r++) {
                    if (r > 0) {
                        s.append(" \\\\ ");
                    }
                    List<Element> cells = "mtr".equals(name(k.get(r))) || "mlabeledtr".equals(name(k.get(r)))
                            ? children(k.get(r)) : List.of(k.get(r));
                    List<String> written = new ArrayList<>();
                    for (Element c : cells) {
                        written.add(write(c, depth + 1).strip());
                    }
                    s.append(String.join(" & ", written));
                }
                return s.append("\\end{matrix}").toString();
            }
            case "annotation", "annotation-xml", "none", "mprescripts", "maligngroup", "malignmark" -> {
                return "";
            }
            case "semantics" -> {
                return k.isEmpty() ? "" : write(k.get(0), depth + 1);
            }
            case "mphantom" -> {
                return "\\phantom{" + all(k, depth) + "}";
            }
            default -> {
                // math, mrow, mstyle, mpadded, menclose, merror, maction and anything unknown: the children
                return all(k, depth);
            }
        }
    }

    private static String base(Element e, int depth) {
        String s = write(e, depth + 1).strip();
        return s.codePointCount(0, s.length()) == 1 || s.matches("\\\\[a-zA-Z]+") ? s : "{" + s + "}";
    }

    private static String underOver(String name, List<Element> k, int depth) {
        if (k.size() < 2) {
            return all(k, depth);
        }
        Element base = k.get(0);
        String baseText = base.getTextContent().strip();
        if (name.equals("mover") && ACCENTS.containsKey(k.get(1).getTextContent().strip())) {
            return ACCENTS.get(k.get(1).getTextContent().strip()) + arg(base, depth + 1);
        }
        String mark = k.get(1).getTextContent().strip();
        if (name.equals("munder") && (mark.equals("_") || mark.equals("‾") || mark.equals("\u0332"))) {
            return "\\underline" + arg(base, depth + 1);
        }
        String b = base(base, depth);
        boolean limits = "mo".equals(name(base)) && SYMBOLS.containsKey(baseText) || baseText.equals("lim");
        String under = name.equals("mover") ? null : write(k.get(1), depth + 1).strip();
        String over = name.equals("munder") ? null : write(k.get(name.equals("mover") ? 1 : Math.min(2, k.size() - 1)), depth + 1).strip();
        if (limits) {
            return b + (under != null ? "_{" + under + "}" : "") + (over != null ? "^{" + over + "}" : "");
        }
        String s = b;
        if (under != null) {
            s = "\\underset{" + under + "}{" + s + "}";
        }
        if (over != null) {
            s = "\\overset{" + over + "}{" + s + "}";
        }
        return s;
    }

    private static String delimiter(String d) {
        if (d.isEmpty()) {
            return ".";
        }
        return switch (d) {
            case "{" -> "\\{";
            case "}" -> "\\}";
            case "⟨", "〈" -> "\\langle ";
            case "⟩", "〉" -> "\\rangle ";
            case "|" -> "|";
            case "‖" -> "\\|";
            default -> d;
        };
    }

    private static String all(List<Element> k, int depth) {
        StringBuilder s = new StringBuilder();
        for (Element c : k) {
            s.append(write(c, depth + 1));
        }
        return s.toString();
    }

    /** Characters with their commands: Unicode operators and Greek letters as KaTeX writes them. */
    static String symbols(String text) {
        StringBuilder s = new StringBuilder();
        text.codePoints().forEach(c -> {
            String ch = new String(Character.toChars(c));
            String cmd = SYMBOLS.get(ch);
            if (cmd == null) {
                s.append(ch);
            } else {
                s.append(cmd);
                if (cmd.matches(".*\\\\[a-zA-Z]+$")) {
                    s.append(' '); // "\\alpha x", not "\\alphax"; spaces are collapsed at the end
                }
            }
        });
        return s.toString();
    }
}

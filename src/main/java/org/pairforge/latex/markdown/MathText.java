package org.pairforge.latex.markdown;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A formula's LaTeX as KaTeX and MathJax take it: the author's macros are already expanded (by the walk);
 * here what only has meaning to LaTeX goes ({@code \label}, {@code \nonumber}, {@code \displaystyle}...),
 * text-mode commands become the math mode ones ({@code \mbox} → {@code \text}), references print as the page
 * does ({@code \eqref} → "(3)"), display environments become KaTeX's ({@code align} → {@code aligned} inside
 * {@code \[ \]}, {@code eqnarray}'s three columns two), and a command neither knows is dropped, its arguments
 * kept. The set of commands KaTeX knows is {@code katex-commands.txt}, made from KaTeX 0.16 itself.
 */
final class MathText {
    static final Set<String> KATEX = load("katex-commands.txt");
    private static final Set<String> KATEX_ENVS = Set.of("array", "darray", "matrix", "pmatrix", "bmatrix", "Bmatrix",
            "vmatrix", "Vmatrix", "matrix*", "pmatrix*", "bmatrix*", "Bmatrix*", "vmatrix*", "Vmatrix*", "smallmatrix",
            "subarray", "cases", "dcases", "rcases", "drcases", "aligned", "split", "gathered", "alignedat", "CD");
    /** Dropped with as many arguments. */
    private static final Map<String, Integer> DROP = Map.ofEntries(Map.entry("label", 1), Map.entry("nonumber", 0),
            Map.entry("notag", 0), Map.entry("displaystyle", 0), Map.entry("textstyle", 0), Map.entry("scriptstyle", 0),
            Map.entry("scriptscriptstyle", 0), Map.entry("protect", 0), Map.entry("xspace", 0), Map.entry("relax", 0),
            Map.entry("ignorespaces", 0), Map.entry("nolinebreak", 0), Map.entry("boldmath", 0), Map.entry("unboldmath", 0),
            Map.entry("vspace", 1), Map.entry("hfill", 0), Map.entry("hfil", 0), Map.entry("smallskip", 0),
            Map.entry("medskip", 0), Map.entry("bigskip", 0), Map.entry("noindent", 0), Map.entry("index", 1),
            Map.entry("pagebreak", 0), Map.entry("allowdisplaybreaks", 0), Map.entry("centering", 0), Map.entry("/", 0),
            Map.entry("@", 0), Map.entry("leavevmode", 0), Map.entry("usefont", 4), Map.entry("fontencoding", 1),
            Map.entry("fontfamily", 1), Map.entry("fontseries", 1), Map.entry("fontshape", 1), Map.entry("selectfont", 0),
            Map.entry("color", 1), Map.entry("linebreak", 0), Map.entry("mathversion", 1), Map.entry("hyperlink", 1),
            Map.entry("hypertarget", 1), Map.entry("mathchoice", 0), Map.entry("nobreak", 0), Map.entry("penalty", 0),
            Map.entry("null", 0), Map.entry("empty", 0), Map.entry("m@th", 0), Map.entry("eqno", 0), Map.entry("leqno", 0),
            Map.entry("vfill", 0), Map.entry("vfil", 0), Map.entry("pagestyle", 1), Map.entry("footnotesize", 0),
            Map.entry("tiny", 0), Map.entry("normalsize", 0), Map.entry("small", 0), Map.entry("large", 0),
            Map.entry("Large", 0), Map.entry("LARGE", 0), Map.entry("huge", 0), Map.entry("Huge", 0),
            Map.entry("scriptsize", 0), Map.entry("intextsep", 0), Map.entry("IEEEyesnumber", 0),
            Map.entry("IEEEnonumber", 0), Map.entry("IEEEyessubnumber", 0), Map.entry("xspace@", 0));
    /** Renamed to what KaTeX calls the same thing. */
    private static final Map<String, String> RENAME = Map.ofEntries(Map.entry("mbox", "text"), Map.entry("textsc", "text"),
            Map.entry("textsl", "textit"), Map.entry("textmd", "text"), Map.entry("textnormal", "text"),
            Map.entry("textup", "text"), Map.entry("mathbbm", "mathbb"), Map.entry("mathds", "mathbb"),
            Map.entry("mathbbb", "mathbb"), Map.entry("bbm", "mathbb"), Map.entry("mathpzc", "mathcal"),
            Map.entry("mathsfit", "mathsf"), Map.entry("bmath", "boldsymbol"), Map.entry("vec", "vec"),
            Map.entry("iint", "iint"), Map.entry("dotsm", "dots"), Map.entry("dotsi", "dots"), Map.entry("dotsb", "dots"),
            Map.entry("dotsc", "dots"), Map.entry("dotso", "dots"), Map.entry("lvert", "lvert"),
            Map.entry("textsuperscript", "text"), Map.entry("hbox", "text"), Map.entry("fbox", "boxed"),
            Map.entry("framebox", "boxed"), Map.entry("up", "mathrm"), Map.entry("mathup", "mathrm"),
            Map.entry("mathbfit", "boldsymbol"), Map.entry("textrm", "textrm"), Map.entry("Bbb", "mathbb"),
            Map.entry("varmathbb", "mathbb"), Map.entry("mathscr", "mathscr"), Map.entry("EuScript", "mathscr"),
            Map.entry("eucal", "mathcal"), Map.entry("mathsfbf", "mathbf"), Map.entry("ensuremath", ""),
            Map.entry("lefteqn", ""), Map.entry("mathop", "operatorname"), Map.entry("DOTSB", ""),
            Map.entry("hdots", "dots"), Map.entry("bigstrut", ""), Map.entry("tfrac", "tfrac"),
            Map.entry("intertext", "text"), Map.entry("shortintertext", "text"), Map.entry("upalpha", "alpha"),
            Map.entry("mathnormal", "mathnormal"), Map.entry("texttt", "texttt"), Map.entry("textsf", "textsf"),
            Map.entry("textbf", "textbf"), Map.entry("textit", "textit"), Map.entry("emph", "textit"),
            Map.entry("bold", "mathbf"), Map.entry("rm", "rm"), Map.entry("euro", "text"));

    private MathText() {
    }

    private static Set<String> load(String name) {
        try (InputStream in = MathText.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            Set<String> s = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    s.add(line);
                }
            }
            return Set.copyOf(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What made a formula: the LaTeX, and the commands neither KaTeX nor this knew (dropped). */
    record Result(String latex, List<String> unknown) {
    }

    /** An inline formula's LaTeX (without delimiters). */
    static Result inline(List<Tok> tokens, AuxFile aux) {
        List<String> unknown = new ArrayList<>();
        String s = write(clean(tokens, aux, unknown, false));
        return new Result(s, unknown);
    }

    /**
     * A display's Markdown: one {@code \[ … \]} per printed number ({@code \tag{n}} at its end), the rows of an
     * {@code align} (or {@code gather}, {@code multline}, {@code eqnarray}) kept as {@code aligned} (or
     * {@code gathered}); rows without a number go with the next numbered one.
     *
     * @param tags the numbers the page prints beside the display, top to bottom ("3", "2.1a")
     */
    static Result display(String env, List<Tok> tokens, List<String> tags, AuxFile aux) {
        List<String> unknown = new ArrayList<>();
        String base = env == null ? "displaymath" : env.replace("*", "");
        boolean starred = env != null && env.endsWith("*");
        List<Boolean> numbered = new ArrayList<>();
        for (List<Tok> raw : rows(tokens)) {
            boolean off = starred;
            boolean tag = false;
            for (Tok t : raw) {
                off |= t.isCs("nonumber") || t.isCs("notag");
                tag |= t.isCs("tag");
            }
            numbered.add(tag || !off);
        }
        List<Tok> body = clean(tokens, aux, unknown, true);
        String wrapper = switch (base) {
            case "align", "flalign", "eqnarray", "IEEEeqnarray", "dgroup" -> "aligned";
            case "alignat" -> "alignedat";
            case "gather", "multline" -> "gathered";
            default -> null;
        };
        List<List<Tok>> rows = wrapper == null ? List.of(body) : rows(body);
        if (base.equals("eqnarray") || base.equals("IEEEeqnarray")) {
            rows = rows.stream().map(MathText::twoColumns).toList();
        }
        List<String> explicit = new ArrayList<>();
        rows = rows.stream().map(r -> withoutTag(r, explicit)).toList();
        List<List<Tok>> kept = new ArrayList<>();
        List<Boolean> keptNumbered = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            if (!write(rows.get(r)).isBlank()) {
                kept.add(rows.get(r));
                keptNumbered.add(r < numbered.size() && numbered.get(r));
            }
        }
        rows = kept;
        numbered = numbered.size() == rows.size() + (numbered.size() - keptNumbered.size()) ? keptNumbered : numbered;
        if (rows.isEmpty()) {
            return new Result("", unknown);
        }
        StringBuilder out = new StringBuilder();
        if (wrapper == null || tags.size() <= 1) {
            String inner = wrapper == null ? write(rows.get(0)) : environment(wrapper, rows);
            out.append("\\[").append(inner);
            String tag = !tags.isEmpty() ? tags.get(0) : explicit.isEmpty() ? null : explicit.get(0);
            if (tag != null) {
                out.append(" \\tag{").append(tag).append('}');
            }
            out.append("\\]");
            return new Result(out.toString(), unknown);
        }
        // several numbers: each numbered row closes a group of rows (those without a number before it), written
        // as its own display; when the source's numbered rows are not as many as the printed numbers, the
        // rows are shared out evenly
        List<Integer> ends = new ArrayList<>();
        if (numbered.size() == rows.size() && numbered.stream().filter(b -> b).count() == tags.size()) {
            for (int r = 0; r < rows.size(); r++) {
                if (numbered.get(r)) {
                    ends.add(r + 1);
                }
            }
            ends.set(ends.size() - 1, rows.size());
        } else {
            int groups = Math.min(tags.size(), rows.size());
            int row = 0;
            for (int g = 0; g < groups; g++) {
                row += rows.size() / groups + (g >= groups - rows.size() % groups ? 1 : 0);
                ends.add(Math.min(rows.size(), row));
            }
        }
        int start = 0;
        for (int g = 0; g < ends.size(); g++) {
            List<List<Tok>> group = rows.subList(start, ends.get(g));
            start = ends.get(g);
            if (group.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("\\[").append(environment(wrapper, group)).append(" \\tag{").append(tags.get(g)).append("}\\]");
        }
        return new Result(out.toString(), unknown);
    }

    private static String environment(String wrapper, List<List<Tok>> rows) {
        StringBuilder s = new StringBuilder("\\begin{").append(wrapper).append('}');
        if (wrapper.equals("alignedat")) {
            int columns = 1;
            for (List<Tok> r : rows) {
                int amps = 0;
                for (Tok t : r) {
                    amps += t.kind() == Tok.Kind.ALIGN ? 1 : 0;
                }
                columns = Math.max(columns, (amps + 2) / 2);
            }
            s.append('{').append(columns).append('}');
        }
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                s.append(" \\\\ ");
            }
            s.append(write(rows.get(i)));
        }
        return s.append("\\end{").append(wrapper).append('}').toString();
    }

    /** The rows of an alignment: split at {@code \\} outside groups and inner environments. */
    static List<List<Tok>> rows(List<Tok> body) {
        List<List<Tok>> rows = new ArrayList<>();
        List<Tok> row = new ArrayList<>();
        Tok.Nesting nesting = new Tok.Nesting();
        for (int i = 0; i < body.size(); i++) {
            Tok t = body.get(i);
            nesting.see(t);
            if (nesting.top() && (t.isCs("\\") || t.isCs("cr") || t.isCs("tabularnewline"))) {
                rows.add(row);
                row = new ArrayList<>();
                // \\[2pt] or \\*: spacing, not content
                int j = i + 1;
                while (j < body.size() && body.get(j).kind() == Tok.Kind.SPACE) {
                    j++;
                }
                if (j < body.size() && body.get(j).isChar('*')) {
                    j++;
                }
                if (j < body.size() && body.get(j).isChar('[')) {
                    while (j < body.size() && !body.get(j).isChar(']')) {
                        j++;
                    }
                    i = j;
                }
                continue;
            }
            row.add(t);
        }
        rows.add(row);
        return rows;
    }

    /** eqnarray's {@code a & = & b} is {@code a &= b} in an aligned. */
    private static List<Tok> twoColumns(List<Tok> row) {
        List<Tok> out = new ArrayList<>(row.size());
        int amps = 0;
        int depth = 0;
        for (Tok t : row) {
            if (t.kind() == Tok.Kind.BGROUP) {
                depth++;
            } else if (t.kind() == Tok.Kind.EGROUP) {
                depth--;
            }
            if (depth == 0 && t.kind() == Tok.Kind.ALIGN && ++amps == 2) {
                continue;
            }
            out.add(t);
        }
        return out;
    }

    /** The row without its {@code \tag{x}}, whose text goes to {@code tags}. */
    private static List<Tok> withoutTag(List<Tok> row, List<String> tags) {
        List<Tok> out = new ArrayList<>(row.size());
        for (int i = 0; i < row.size(); i++) {
            Tok t = row.get(i);
            if (t.isCs("tag")) {
                int j = i + 1;
                if (j < row.size() && row.get(j).isChar('*')) {
                    j++;
                }
                int end = groupEnd(row, j);
                if (end > j) {
                    tags.add(write(row.subList(j + 1, end)));
                    i = end;
                    continue;
                }
            }
            out.add(t);
        }
        return out;
    }

    /** Index of the {@code }} closing the group that opens at {@code open}, or -1. */
    static int groupEnd(List<Tok> tokens, int open) {
        while (open < tokens.size() && tokens.get(open).kind() == Tok.Kind.SPACE) {
            open++;
        }
        if (open >= tokens.size() || tokens.get(open).kind() != Tok.Kind.BGROUP) {
            return -1;
        }
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Tok t = tokens.get(i);
            if (t.kind() == Tok.Kind.BGROUP) {
                depth++;
            } else if (t.kind() == Tok.Kind.EGROUP && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** The tokens with LaTeX-only commands gone, others renamed, references resolved. */
    static List<Tok> clean(List<Tok> tokens, AuxFile aux, List<String> unknown, boolean display) {
        List<Tok> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Tok t = tokens.get(i);
            switch (t.kind()) {
                case PAR, VERBATIM -> {
                    if (t.kind() == Tok.Kind.VERBATIM) {
                        out.add(new Tok(Tok.Kind.CS, "texttt", t.file(), t.line()));
                        out.add(new Tok(Tok.Kind.BGROUP, "{", t.file(), t.line()));
                        out.add(new Tok(Tok.Kind.CHAR, escape(t.text()), t.file(), t.line()));
                        out.add(new Tok(Tok.Kind.EGROUP, "}", t.file(), t.line()));
                    } else {
                        out.add(new Tok(Tok.Kind.SPACE, " ", t.file(), t.line()));
                    }
                    continue;
                }
                case MATH -> {
                    continue; // a $ inside a formula (\text{$x$} written without braces) is TeX's business
                }
                case CS -> {
                }
                default -> {
                    out.add(t);
                    continue;
                }
            }
            String name = t.text();
            if (name.equals("begin") || name.equals("end")) {
                int end = groupEnd(tokens, i + 1);
                if (end < 0) {
                    continue;
                }
                String env = write(tokens.subList(firstBrace(tokens, i + 1) + 1, end)).trim();
                String mapped = switch (env.replace("*", "")) {
                    case "align", "flalign", "eqnarray" -> "aligned";
                    case "gather", "multline" -> "gathered";
                    case "alignat" -> "alignedat";
                    case "tabular" -> "array";
                    case "subequations", "equation", "displaymath", "math", "center", "minipage", "small" -> "";
                    default -> KATEX_ENVS.contains(env) ? env : null;
                };
                if (mapped == null) {
                    unknown.add("{" + env + "}");
                    mapped = "";
                }
                if (!mapped.isEmpty()) {
                    out.add(t);
                    out.add(new Tok(Tok.Kind.BGROUP, "{", t.file(), t.line()));
                    out.add(new Tok(Tok.Kind.CHAR, mapped, t.file(), t.line()));
                    out.add(new Tok(Tok.Kind.EGROUP, "}", t.file(), t.line()));
                }
                i = end;
                continue;
            }
            Integer drop = DROP.get(name);
            if (drop != null) {
                int j = i;
                if (j + 1 < tokens.size() && tokens.get(j + 1).isChar('*')) {
                    j++;
                }
                for (int a = 0; a < drop; a++) {
                    int end = groupEnd(tokens, j + 1);
                    if (end < 0) {
                        break;
                    }
                    j = end;
                }
                i = j;
                continue;
            }
            if (name.equals("eqref") || name.equals("ref") || name.equals("cite") || name.equals("autoref")
                    || name.equals("cref") || name.equals("Cref") || name.startsWith("cite")) {
                int j = i;
                if (j + 1 < tokens.size() && tokens.get(j + 1).isChar('*')) {
                    j++;
                }
                int end = groupEnd(tokens, j + 1);
                if (end < 0) {
                    continue;
                }
                String key = write(tokens.subList(firstBrace(tokens, j + 1) + 1, end));
                String printed;
                if (name.startsWith("cite")) {
                    StringBuilder labels = new StringBuilder();
                    for (String k : key.split(",")) {
                        String c = aux.citation(k);
                        labels.append(labels.length() > 0 ? ", " : "").append(c != null ? c : "?");
                    }
                    printed = "[" + labels + "]";
                } else {
                    String l = aux.label(key);
                    printed = l == null ? "??" : name.equals("eqref") ? "(" + l + ")" : l;
                }
                out.add(new Tok(Tok.Kind.CS, "text", t.file(), t.line()));
                out.add(new Tok(Tok.Kind.BGROUP, "{", t.file(), t.line()));
                out.add(new Tok(Tok.Kind.CHAR, printed, t.file(), t.line()));
                out.add(new Tok(Tok.Kind.EGROUP, "}", t.file(), t.line()));
                i = end;
                continue;
            }
            String renamed = RENAME.get(name);
            if (renamed != null) {
                if (!renamed.isEmpty()) {
                    out.add(new Tok(Tok.Kind.CS, renamed, t.file(), t.line()));
                }
                continue;
            }
            if (name.equals("tag")) {
                if (!display) {
                    int end = groupEnd(tokens, i + 1);
                    i = end < 0 ? i : end; // \tag in inline math: KaTeX refuses it
                    continue;
                }
                out.add(t);
                continue;
            }
            if (!KATEX.contains(name) && !name.equals("\\")) {
                unknown.add("\\" + name);
                continue; // its arguments stay, as groups
            }
            out.add(t);
        }
        return out;
    }

    /** Index of the first {@code {} at or after {@code from} (the size when none). */
    static int firstBrace(List<Tok> tokens, int from) {
        while (from < tokens.size() && tokens.get(from).kind() != Tok.Kind.BGROUP) {
            from++;
        }
        return from;
    }

    /** Characters that mean something to TeX, written as text. */
    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("#$%&_{}".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == '\\') {
                out.append("\\backslash ");
            } else if (c == '^' || c == '~') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Tokens as LaTeX: one space where the source had any, a space after a control word only where a letter
     * follows, newlines gone (as Nougat writes formulas: one line each).
     */
    static String write(List<Tok> tokens) {
        StringBuilder s = new StringBuilder();
        Tok previous = null;
        for (Tok t : tokens) {
            if (t.kind() == Tok.Kind.SPACE || t.kind() == Tok.Kind.PAR) {
                if (s.length() > 0 && s.charAt(s.length() - 1) != ' ') {
                    s.append(' ');
                }
                previous = t;
                continue;
            }
            if (previous != null && previous.kind() == Tok.Kind.CS && isLetters(previous.text())
                    && s.length() > 0 && s.charAt(s.length() - 1) != ' ') {
                String text = t.source();
                if (!text.isEmpty() && Character.isLetter(text.charAt(0))) {
                    s.append(' ');
                }
            }
            s.append(t.source());
            previous = t;
        }
        return s.toString().strip();
    }

    private static boolean isLetters(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isLetter(s.charAt(i)) && s.charAt(i) != '@') {
                return false;
            }
        }
        return true;
    }
}

package org.pairforge.latex.markdown;

import org.pairforge.markdown.MarkdownOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A table's Markdown, from its {@code tabular} source: as LaTeX {@code tabular} (Nougat's form: the column
 * specification simplified, rules as {@code \hline}, {@code \multicolumn}/{@code \multirow} kept, cell text
 * plain with math as {@code \( \)}), or as HTML with {@code rowspan}/{@code colspan} (olmOCR's form).
 */
final class TableText {
    private static final Set<String> RULES = Set.of("hline", "toprule", "midrule", "bottomrule", "cline", "cmidrule",
            "specialrule", "hhline", "Xhline", "cdashline", "hdashline", "firsthline", "lasthline", "addlinespace",
            "morecmidrules");
    private static final Map<String, Integer> SKIP = Map.ofEntries(Map.entry("label", 1), Map.entry("rowcolor", 1),
            Map.entry("cellcolor", 1), Map.entry("color", 1), Map.entry("textcolor", 1), Map.entry("vspace", 1),
            Map.entry("hspace", 1), Map.entry("rule", 2), Map.entry("rule*", 2), Map.entry("footnotemark", 0),
            Map.entry("tablefootnote", 1), Map.entry("raisebox", 1), Map.entry("parbox", 1),
            Map.entry("resizebox", 2), Map.entry("scalebox", 1), Map.entry("includegraphics", 1),
            Map.entry("setlength", 2), Map.entry("arrayrulecolor", 1), Map.entry("phantom", 1), Map.entry("index", 1),
            Map.entry("hyperref", 0), Map.entry("href", 1), Map.entry("rotatebox", 1), Map.entry("adjustbox", 1));
    private static final Map<String, String> LETTERS = Map.ofEntries(Map.entry("%", "%"), Map.entry("&", "&"),
            Map.entry("$", "$"), Map.entry("#", "#"), Map.entry("_", "_"), Map.entry("{", "{"), Map.entry("}", "}"),
            Map.entry("textbackslash", "\\"), Map.entry("ldots", "…"), Map.entry("dots", "…"), Map.entry("textendash", "–"),
            Map.entry("textemdash", "—"), Map.entry("pm", "±"), Map.entry("times", "×"), Map.entry("textpm", "±"),
            Map.entry("texttimes", "×"), Map.entry("textdegree", "°"), Map.entry("checkmark", "✓"),
            Map.entry("ss", "ß"), Map.entry("o", "ø"), Map.entry("ae", "æ"), Map.entry("l", "ł"), Map.entry("i", "ı"),
            Map.entry("S", "§"), Map.entry("P", "¶"), Map.entry("dag", "†"), Map.entry("ddag", "‡"),
            Map.entry("textasciitilde", "~"), Map.entry("textbar", "|"), Map.entry("textless", "<"),
            Map.entry("textgreater", ">"), Map.entry("copyright", "©"), Map.entry("euro", "€"));

    private TableText() {
    }

    /** A cell: its text, and how many columns and rows it spans. */
    record Cell(String text, int colspan, int rowspan, String spec) {
    }

    /** A row: its cells, and the rules printed above it. */
    record Row(List<Cell> cells, int rulesAbove) {
    }

    /** The table's Markdown; {@code tokens} are the block's: {@code {spec}} then the body. */
    static String of(List<Tok> tokens, MarkdownOptions.TableFormat format, AuxFile aux, List<String> unknown) {
        return of(tokens, format, aux, unknown, null);
    }

    /**
     * The table's Markdown with only the rows a page prints, for a table over several pages (a longtable):
     * a row is printed when four in five of its words are among {@code printed} (normalized words of the page's part
     * of the table); null keeps every row.
     */
    static String of(List<Tok> tokens, MarkdownOptions.TableFormat format, AuxFile aux, List<String> unknown,
                     java.util.Set<String> printed) {
        int specEnd = MathText.groupEnd(tokens, 0);
        String spec = specEnd > 0 ? simplifySpec(MathText.write(tokens.subList(1, specEnd))) : "";
        List<Tok> body = specEnd > 0 ? tokens.subList(specEnd + 1, tokens.size()) : tokens;
        List<Row> rows = rows(body, aux, unknown);
        if (printed != null) {
            // a row is told by the words no other row has ("derivatives", "Calculus"), else by all its words
            List<List<String>> rowWords = new ArrayList<>();
            Map<String, Integer> rowsWith = new java.util.HashMap<>();
            for (Row r : rows) {
                List<String> ws = new ArrayList<>();
                for (Cell c : r.cells()) {
                    for (String w : c.text().split("[^\\p{L}\\p{N}]+")) {
                        String n = Words.norm(w);
                        if (!n.isEmpty()) {
                            ws.add(n);
                        }
                    }
                }
                rowWords.add(ws);
                new java.util.HashSet<>(ws).forEach(w -> rowsWith.merge(w, 1, Integer::sum));
            }
            List<Row> kept = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                List<String> own = rowWords.get(i).stream().filter(w -> rowsWith.get(w) == 1).distinct().toList();
                List<String> judged = own.size() >= 2 ? own : rowWords.get(i);
                long seen = judged.stream().filter(printed::contains).count();
                boolean shown = r.cells().isEmpty() ? !kept.isEmpty()
                        : !judged.isEmpty() && seen * 10 >= judged.size() * (own.size() >= 2 ? 7 : 8);
                if (shown) {
                    kept.add(r);
                }
            }
            rows = kept;
        }
        return format == MarkdownOptions.TableFormat.HTML ? html(rows) : latex(spec, rows);
    }

    static List<Row> rows(List<Tok> body, AuxFile aux, List<String> unknown) {
        List<List<Tok>> rawRows = MathText.rows(body);
        List<Row> rows = new ArrayList<>();
        int pendingRules = 0;
        for (List<Tok> raw : rawRows) {
            // rules and other commands at the row's start
            int i = 0;
            while (i < raw.size()) {
                Tok t = raw.get(i);
                if (t.kind() == Tok.Kind.SPACE || t.kind() == Tok.Kind.PAR) {
                    i++;
                } else if (t.kind() == Tok.Kind.CS && RULES.contains(t.text())) {
                    pendingRules++;
                    i++;
                    // \cline{2-3}, \cmidrule(lr){2-3}, \specialrule{a}{b}{c}: their arguments
                    while (i < raw.size() && (raw.get(i).isChar('(') || raw.get(i).isChar('['))) {
                        char close = raw.get(i).isChar('(') ? ')' : ']';
                        while (i < raw.size() && !raw.get(i).isChar(close)) {
                            i++;
                        }
                        i++;
                    }
                    while (true) {
                        int end = MathText.groupEnd(raw, i);
                        if (end < 0) {
                            break;
                        }
                        i = end + 1;
                    }
                } else if (t.kind() == Tok.Kind.CS && (t.text().equals("noalign") || t.text().startsWith("end")
                        && (t.text().equals("endhead") || t.text().equals("endfirsthead") || t.text().equals("endfoot")
                        || t.text().equals("endlastfoot")))) {
                    i++;
                    int end = MathText.groupEnd(raw, i);
                    if (end > 0 && t.text().equals("noalign")) {
                        i = end + 1;
                    }
                } else {
                    break;
                }
            }
            List<Tok> rest = raw.subList(i, raw.size());
            if (rest.stream().allMatch(Tok::isBlank)) {
                continue; // rules only: they go above the next row
            }
            if (!rest.isEmpty() && rest.get(0).isCs("caption")) {
                continue; // a longtable's caption: a caption block of its own
            }
            List<Cell> cells = new ArrayList<>();
            for (List<Tok> cell : split(rest)) {
                cells.add(cell(cell, aux, unknown));
            }
            rows.add(new Row(cells, pendingRules));
            pendingRules = 0;
        }
        if (pendingRules > 0) {
            rows.add(new Row(List.of(), pendingRules));
        }
        return rows;
    }

    private static List<List<Tok>> split(List<Tok> row) {
        List<List<Tok>> cells = new ArrayList<>();
        List<Tok> cell = new ArrayList<>();
        Tok.Nesting nesting = new Tok.Nesting();
        for (Tok t : row) {
            nesting.see(t);
            if (nesting.top() && t.kind() == Tok.Kind.ALIGN) {
                cells.add(cell);
                cell = new ArrayList<>();
                continue;
            }
            cell.add(t);
        }
        cells.add(cell);
        return cells;
    }

    private static Cell cell(List<Tok> tokens, AuxFile aux, List<String> unknown) {
        int colspan = 1;
        int rowspan = 1;
        String spec = null;
        List<Tok> content = tokens;
        int i = 0;
        while (i < content.size() && content.get(i).isBlank()) {
            i++;
        }
        if (i < content.size() && content.get(i).isCs("multicolumn")) {
            int a = MathText.groupEnd(content, i + 1);
            int b = a < 0 ? -1 : MathText.groupEnd(content, a + 1);
            int c = b < 0 ? -1 : MathText.groupEnd(content, b + 1);
            if (c > 0) {
                colspan = number(MathText.write(content.subList(i + 2, a)), 1);
                spec = simplifySpec(MathText.write(content.subList(MathText.firstBrace(content, a + 1) + 1, b)));
                content = content.subList(MathText.firstBrace(content, b + 1) + 1, c);
                i = 0;
                while (i < content.size() && content.get(i).isBlank()) {
                    i++;
                }
            }
        }
        if (i < content.size() && content.get(i).isCs("multirow")) {
            int j = i + 1;
            j = skipOptional(content, j);
            int a = MathText.groupEnd(content, j);
            int b = a < 0 ? -1 : MathText.groupEnd(content, a + 1);
            if (b > 0) {
                rowspan = Math.max(1, number(MathText.write(content.subList(MathText.firstBrace(content, j) + 1, a)), 1));
                int k = skipOptional(content, b + 1);
                int c = MathText.groupEnd(content, k);
                if (c > 0) {
                    content = content.subList(MathText.firstBrace(content, k) + 1, c);
                }
            }
        }
        return new Cell(text(content, aux, unknown), colspan, rowspan, spec);
    }

    private static int skipOptional(List<Tok> t, int j) {
        while (j < t.size() && t.get(j).kind() == Tok.Kind.SPACE) {
            j++;
        }
        if (j < t.size() && t.get(j).isChar('[')) {
            while (j < t.size() && !t.get(j).isChar(']')) {
                j++;
            }
            j++;
        }
        return j;
    }

    private static int number(String s, int fallback) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A cell's text as the page prints it: commands' text kept, math as {@code \( \)}, references resolved. */
    static String text(List<Tok> tokens, AuxFile aux, List<String> unknown) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            Tok t = tokens.get(i);
            switch (t.kind()) {
                case CHAR -> s.append(t.text());
                case SPACE, PAR, ACTIVE -> space(s);
                case VERBATIM -> s.append(t.text());
                case MATH -> {
                    int j = i + 1;
                    boolean dbl = j < tokens.size() && tokens.get(j).kind() == Tok.Kind.MATH;
                    if (dbl) {
                        j++;
                    }
                    int end = j;
                    while (end < tokens.size() && tokens.get(end).kind() != Tok.Kind.MATH) {
                        end++;
                    }
                    MathText.Result r = MathText.inline(tokens.subList(j, end), aux);
                    unknown.addAll(r.unknown());
                    if (!r.latex().isBlank()) {
                        s.append("\\(").append(r.latex()).append("\\)");
                    }
                    i = dbl && end + 1 < tokens.size() ? end + 1 : end;
                }
                case CS -> i = command(tokens, i, s, aux, unknown);
                default -> {
                    // groups, alignment and the like print nothing themselves
                }
            }
        }
        return tidy(s.toString());
    }

    private static int command(List<Tok> tokens, int i, StringBuilder s, AuxFile aux, List<String> unknown) {
        String name = tokens.get(i).text();
        String letter = LETTERS.get(name);
        if (letter != null) {
            s.append(letter);
            return i;
        }
        Integer skip = SKIP.get(name);
        if (skip != null) {
            int j = skipOptional(tokens, i + 1) - 1;
            for (int a = 0; a < skip; a++) {
                int end = MathText.groupEnd(tokens, j + 1);
                if (end < 0) {
                    break;
                }
                j = end;
            }
            return j;
        }
        switch (name) {
            case "\\", "newline", "linebreak", " ", ",", ";", "quad", "qquad", "enspace", "hfill" -> {
                space(s);
                return i;
            }
            case "(" -> {
                int end = i + 1;
                while (end < tokens.size() && !tokens.get(end).isCs(")")) {
                    end++;
                }
                MathText.Result r = MathText.inline(tokens.subList(i + 1, Math.min(end, tokens.size())), aux);
                unknown.addAll(r.unknown());
                s.append("\\(").append(r.latex()).append("\\)");
                return end;
            }
            case "tnote", "tablenotemark" -> {
                // a note's mark is printed raised after the cell's text: written as Nougat writes a superscript
                int end = MathText.groupEnd(tokens, i + 1);
                if (end < 0) {
                    return i;
                }
                MathText.Result mark = MathText.inline(tokens.subList(MathText.firstBrace(tokens, i + 1) + 1, end), aux);
                unknown.addAll(mark.unknown());
                if (!mark.latex().isBlank()) {
                    s.append("\\({}^{").append(mark.latex().trim()).append("}\\)");
                }
                return end;
            }
            case "cite", "citep", "citet", "citealt", "citealp", "ref", "eqref", "autoref", "cref", "Cref", "tref" -> {
                int j = i + 1;
                while (j < tokens.size() && (tokens.get(j).isChar('*') || tokens.get(j).kind() == Tok.Kind.SPACE)) {
                    j++;
                }
                j = skipOptional(tokens, j);
                j = skipOptional(tokens, j);
                int end = MathText.groupEnd(tokens, j);
                if (end < 0) {
                    return i;
                }
                String key = MathText.write(tokens.subList(MathText.firstBrace(tokens, j) + 1, end));
                if (name.startsWith("cite")) {
                    List<String> labels = new ArrayList<>();
                    for (String k : key.split(",")) {
                        String c = aux.citation(k);
                        labels.add(c == null ? "?" : c);
                    }
                    s.append('[').append(String.join(", ", labels)).append(']');
                } else {
                    String l = aux.label(key);
                    s.append(name.equals("eqref") ? "(" + (l == null ? "??" : l) + ")" : l == null ? "??" : l);
                }
                return end;
            }
            default -> {
                // a styling or unknown command: what it wraps is printed
                return i;
            }
        }
    }

    private static void space(StringBuilder s) {
        if (s.length() > 0 && s.charAt(s.length() - 1) != ' ') {
            s.append(' ');
        }
    }

    /** TeX's ligatures of the keyboard as printed: dashes and quotes. */
    static String tidy(String s) {
        return s.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
                .replaceAll("\\s+", " ").strip();
    }

    static String simplifySpec(String spec) {
        StringBuilder out = new StringBuilder();
        String s = spec.replaceAll("\\s+", "");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c == '@' || c == '!' || c == '>' || c == '<') && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                i = closing(s, i + 1);
                continue;
            }
            if (c == '*' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                int a = closing(s, i + 1);
                int b = a + 1 < s.length() && s.charAt(a + 1) == '{' ? closing(s, a + 1) : -1;
                if (b > 0) {
                    int n = Math.min(64, number(s.substring(i + 2, a), 1));
                    out.append(simplifySpec(s.substring(a + 2, b)).repeat(Math.max(0, n)));
                    i = b;
                    continue;
                }
            }
            if (c == 'p' || c == 'm' || c == 'b' || c == 'w' || c == 'W') {
                if (i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '[')) {
                    int end = s.charAt(i + 1) == '[' ? s.indexOf(']', i) : i;
                    int open = s.indexOf('{', end);
                    int close = open < 0 ? -1 : closing(s, open);
                    if (close > 0) {
                        out.append(c == 'w' || c == 'W' ? 'l' : c).append(c == 'w' || c == 'W' ? "" : s.substring(open, close + 1));
                        i = close;
                        continue;
                    }
                }
            }
            switch (c) {
                case 'l', 'c', 'r', '|' -> out.append(c);
                case 'X', 'L', 'J' -> out.append('l');
                case 'S', 'C', 'Y', 'Z' -> out.append('c');
                case 'R' -> out.append('r');
                default -> {
                    // a column type of a package we do not know: nothing printed by it
                }
            }
        }
        return out.toString();
    }

    private static int closing(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return s.length() - 1;
    }

    private static String latex(String spec, List<Row> rows) {
        StringBuilder out = new StringBuilder("\\begin{tabular}{").append(spec).append("}\n");
        for (Row r : rows) {
            for (int k = 0; k < r.rulesAbove(); k++) {
                out.append("\\hline\n");
            }
            if (r.cells().isEmpty()) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (Cell c : r.cells()) {
                String text = escapeLatex(c.text());
                if (c.rowspan() > 1) {
                    text = "\\multirow{" + c.rowspan() + "}{*}{" + text + "}";
                }
                if (c.colspan() > 1 || c.spec() != null) {
                    text = "\\multicolumn{" + c.colspan() + "}{" + (c.spec() == null ? "c" : c.spec()) + "}{" + text + "}";
                }
                cells.add(text);
            }
            out.append(String.join(" & ", cells)).append(" \\\\\n");
        }
        return out.append("\\end{tabular}").toString();
    }

    /** Text outside math with TeX's special characters escaped, as a tabular holds it. */
    private static String escapeLatex(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int math = text.indexOf("\\(", i);
            int stop = math < 0 ? text.length() : math;
            for (int k = i; k < stop; k++) {
                char c = text.charAt(k);
                if ("&%$#_{}".indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
            if (math < 0) {
                break;
            }
            int end = text.indexOf("\\)", math);
            end = end < 0 ? text.length() : end + 2;
            out.append(text, math, end);
            i = end;
        }
        return out.toString();
    }

    /**
     * HTML rows. LaTeX needs a cell (usually empty) in each row a {@code \multirow} above covers; in HTML the
     * {@code rowspan} covers it, so that cell is left out.
     */
    private static String html(List<Row> rows) {
        StringBuilder out = new StringBuilder("<table>");
        List<Integer> remaining = new ArrayList<>(); // per column: rows below still covered by a rowspan
        for (Row r : rows) {
            if (r.cells().isEmpty()) {
                continue;
            }
            out.append("<tr>");
            int column = 0;
            for (Cell c : r.cells()) {
                if (column < remaining.size() && remaining.get(column) > 0) {
                    for (int k = 0; k < c.colspan() && column + k < remaining.size(); k++) {
                        remaining.set(column + k, Math.max(0, remaining.get(column + k) - 1));
                    }
                    column += c.colspan();
                    continue;
                }
                out.append("<td");
                if (c.colspan() > 1) {
                    out.append(" colspan=\"").append(c.colspan()).append('"');
                }
                if (c.rowspan() > 1) {
                    out.append(" rowspan=\"").append(c.rowspan()).append('"');
                }
                out.append('>').append(escapeHtml(c.text())).append("</td>");
                for (int k = 0; k < c.colspan(); k++) {
                    while (remaining.size() <= column + k) {
                        remaining.add(0);
                    }
                    remaining.set(column + k, c.rowspan() - 1);
                }
                column += c.colspan();
            }
            out.append("</tr>");
        }
        return out.append("</table>").toString();
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

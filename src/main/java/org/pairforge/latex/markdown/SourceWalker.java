package org.pairforge.latex.markdown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a paper's source the way TeX reads it (files where {@code \input} names them, the author's macros
 * expanded) and notes its structure: headings, paragraphs, list items, display formulas, tables, captions,
 * footnotes, bibliography entries, code; and in them the words and inline formulas, each at the file and line
 * where SyncTeX will place it. It does not typeset: what the page prints is read from the PDF, and this says
 * what each printed line is, and which formula's LaTeX stands for the glyphs of a formula.
 */
final class SourceWalker {
    private static final Set<String> DISPLAY_ENVS = Set.of("equation", "equation*", "align", "align*", "gather",
            "gather*", "multline", "multline*", "flalign", "flalign*", "alignat", "alignat*", "eqnarray", "eqnarray*",
            "displaymath", "dmath", "dmath*", "IEEEeqnarray", "IEEEeqnarray*", "dgroup", "dgroup*");
    private static final Set<String> LIST_ENVS = Set.of("itemize", "enumerate", "description", "compactitem",
            "compactenum", "compactdesc", "asparaitem", "asparaenum", "asparadesc", "inparaitem", "inparaenum",
            "outline", "list", "tablenotes", "enumerate*", "itemize*", "description*", "dinglist");
    private static final Set<String> ORDERED_LISTS = Set.of("enumerate", "compactenum", "asparaenum", "inparaenum",
            "enumerate*");
    private static final Set<String> FLOATS = Set.of("figure", "figure*", "table", "table*", "wrapfigure",
            "wraptable", "SCfigure", "SCtable", "sidewaysfigure", "sidewaystable", "subfigure", "marginfigure",
            "margintable", "figwindow", "floatingfigure");
    private static final Set<String> TABLES = Set.of("tabular", "tabular*", "tabularx", "tabulary", "longtable",
            "longtable*", "supertabular", "xtabular", "tabu", "longtabu", "tblr", "longtblr", "NiceTabular");
    private static final Set<String> ALGORITHMS = Set.of("algorithmic", "algorithmic*", "algorithm2e", "procedure",
            "function", "pseudocode", "algorithmicx");
    private static final Set<String> ALGORITHM_FLOATS = Set.of("algorithm", "algorithm*");
    private static final Set<String> SECTIONS = Set.of("part", "chapter", "section", "subsection", "subsubsection",
            "paragraph", "subparagraph");
    /** Commands whose arguments print nothing of the text (keys, lengths, files, colours): skipped. */
    private static final Map<String, Integer> SKIP_ARGS = Map.ofEntries(
            Map.entry("label", 1), Map.entry("ref", 1), Map.entry("eqref", 1), Map.entry("pageref", 1),
            Map.entry("autoref", 1), Map.entry("cref", 1), Map.entry("Cref", 1), Map.entry("nameref", 1),
            Map.entry("vref", 1), Map.entry("cite", 1), Map.entry("citep", 1), Map.entry("citet", 1),
            Map.entry("citealt", 1), Map.entry("citealp", 1), Map.entry("citeauthor", 1), Map.entry("citeyear", 1),
            Map.entry("citeyearpar", 1), Map.entry("Citet", 1), Map.entry("Citep", 1), Map.entry("nocite", 1),
            Map.entry("citetalias", 1), Map.entry("citepalias", 1), Map.entry("parencite", 1), Map.entry("textcite", 1),
            Map.entry("autocite", 1), Map.entry("footcite", 1), Map.entry("citenum", 1),
            Map.entry("vspace", 1), Map.entry("hspace", 1), Map.entry("setlength", 2), Map.entry("addtolength", 2),
            Map.entry("setcounter", 2), Map.entry("addtocounter", 2), Map.entry("stepcounter", 1),
            Map.entry("refstepcounter", 1), Map.entry("usepackage", 1), Map.entry("RequirePackage", 1),
            Map.entry("documentclass", 1), Map.entry("bibliographystyle", 1), Map.entry("pagestyle", 1),
            Map.entry("thispagestyle", 1), Map.entry("pagenumbering", 1), Map.entry("graphicspath", 1),
            Map.entry("lstset", 1), Map.entry("definecolor", 3), Map.entry("color", 1), Map.entry("hypersetup", 1),
            Map.entry("includegraphics", 1), Map.entry("index", 1), Map.entry("glossary", 1),
            Map.entry("newcounter", 1), Map.entry("numberwithin", 2), Map.entry("setboolean", 2),
            Map.entry("newboolean", 1), Map.entry("newlength", 1), Map.entry("settowidth", 2),
            Map.entry("acrodef", 2), Map.entry("newacronym", 3), Map.entry("altaffilmark", 1),
            Map.entry("IEEEauthorrefmark", 1), Map.entry("linenumbers", 0), Map.entry("bibliography", 1),
            Map.entry("defcitealias", 2), Map.entry("externaldocument", 1), Map.entry("crefname", 3),
            Map.entry("Crefname", 3), Map.entry("DeclareGraphicsExtensions", 1), Map.entry("input@path", 1),
            Map.entry("fontsize", 2), Map.entry("selectfont", 0), Map.entry("urlstyle", 1),
            Map.entry("captionsetup", 1), Map.entry("setstretch", 1), Map.entry("theoremstyle", 1),
            Map.entry("addbibresource", 1), Map.entry("tikzset", 1), Map.entry("usetikzlibrary", 1),
            Map.entry("pgfplotsset", 1), Map.entry("sisetup", 1), Map.entry("newcolumntype", 2),
            Map.entry("rule", 2), Map.entry("textcolor", 1), Map.entry("colorbox", 1), Map.entry("hyperlink", 1),
            Map.entry("hypertarget", 1), Map.entry("resizebox", 2), Map.entry("scalebox", 1),
            Map.entry("enlargethispage", 1), Map.entry("addcontentsline", 3), Map.entry("markboth", 2),
            Map.entry("markright", 1), Map.entry("floatname", 2), Map.entry("received", 1), Map.entry("accepted", 1),
            Map.entry("published", 1), Map.entry("submitjournal", 1), Map.entry("shorttitle", 1),
            Map.entry("shortauthors", 1), Map.entry("journal", 1), Map.entry("doi", 1), Map.entry("volume", 1),
            Map.entry("keywords", 0), Map.entry("subjectheadings", 0), Map.entry("orcid", 1), Map.entry("AddToShipoutPicture", 1));
    /** Commands whose one argument is typeset text, where TeX meets the argument's end. */
    private static final Set<String> TEXT_ARG = Set.of("textbf", "textit", "emph", "texttt", "textsc", "textsf",
            "textrm", "textup", "textsl", "textmd", "textnormal", "underline", "uline", "mbox", "hbox", "text",
            "fbox", "framebox", "makebox", "textsuperscript", "textsubscript", "sout", "ul", "hl", "mathrm",
            "enquote", "foreign", "bf", "boldsymbol", "textbfit", "textbf*", "small", "emph*", "mytexttt", "url",
            "nolinkurl", "path");
    /** Commands that store their argument for a later {@code \maketitle}. */
    private static final Map<String, SourceDoc.Kind> FRONT = Map.ofEntries(
            Map.entry("title", SourceDoc.Kind.TITLE), Map.entry("author", SourceDoc.Kind.AUTHOR),
            Map.entry("affiliation", SourceDoc.Kind.AUTHOR), Map.entry("affil", SourceDoc.Kind.AUTHOR),
            Map.entry("institute", SourceDoc.Kind.AUTHOR), Map.entry("address", SourceDoc.Kind.AUTHOR),
            Map.entry("email", SourceDoc.Kind.AUTHOR), Map.entry("altaffiltext", SourceDoc.Kind.AUTHOR),
            Map.entry("IEEEauthorblockN", SourceDoc.Kind.AUTHOR), Map.entry("IEEEauthorblockA", SourceDoc.Kind.AUTHOR),
            Map.entry("date", SourceDoc.Kind.AUTHOR), Map.entry("correspondingauthor", SourceDoc.Kind.AUTHOR),
            Map.entry("thanks", SourceDoc.Kind.FOOTNOTE), Map.entry("titlenote", SourceDoc.Kind.FOOTNOTE),
            Map.entry("subtitle", SourceDoc.Kind.TITLE), Map.entry("affilnum", SourceDoc.Kind.AUTHOR),
            Map.entry("author*", SourceDoc.Kind.AUTHOR));
    /** LaTeX's own meaning is kept even where the author redefines them (a \section styled by hand). */
    private static final Set<String> STRUCTURAL = Set.of("section", "subsection", "subsubsection", "paragraph",
            "subparagraph", "chapter", "part", "caption", "item", "footnote", "maketitle", "title", "author",
            "begin", "end", "label", "bibitem", "includegraphics", "input", "include", "par", "ref", "cite",
            "bibliography", "appendix", "thanks");
    /** Letters TeX's text commands make ({@code \ss}, {@code \o}): what they normalize to. */
    private static final Map<String, String> TEXT_LETTERS = Map.ofEntries(Map.entry("ss", "ss"), Map.entry("o", "o"),
            Map.entry("O", "O"), Map.entry("ae", "ae"), Map.entry("AE", "AE"), Map.entry("oe", "oe"),
            Map.entry("OE", "OE"), Map.entry("aa", "a"), Map.entry("AA", "A"), Map.entry("l", "l"),
            Map.entry("L", "L"), Map.entry("i", "i"), Map.entry("j", "j"), Map.entry("%", "%"), Map.entry("&", "&"),
            Map.entry("$", "$"), Map.entry("#", "#"), Map.entry("_", "_"), Map.entry("{", "{"), Map.entry("}", "}"));
    private static final Set<String> ACCENTS = Set.of("'", "`", "^", "\"", "~", "=", ".", "u", "v", "H", "c", "d",
            "b", "k", "r", "t");
    private static final String END_MARK = "\u0000end";

    private final TexInput in;
    private final Macros macros = new Macros();
    private final SourceDoc doc;
    private final Path mainDir;
    private final String job;
    private final Set<String> theorems = new java.util.HashSet<>();

    /** The block words go to now, or -1: a new paragraph starts with the next word. */
    private int current = -1;
    private final Deque<Context> contexts = new ArrayDeque<>();
    private final StringBuilder word = new StringBuilder();
    private int wordFile;
    private int wordLine;
    private int floatingBlock = -1;
    /** The line of the token that closed the last environment or formula collected. */
    private int closeLine;
    private boolean inBody;
    private boolean ended;

    /** What an open environment makes of the text in it. */
    private record Context(String env, SourceDoc.Kind kind, int floatBlock, boolean ordered, int block) {
    }

    private SourceWalker(Path root, Path mainFile, Limits limits) {
        this.in = new TexInput(root, limits);
        this.doc = new SourceDoc(in.files());
        this.mainDir = mainFile.getParent();
        this.job = mainFile.getFileName().toString().replaceFirst("(?i)\\.tex$", "");
    }

    /** Walks the paper whose main file is {@code mainFile}, inside {@code root}. */
    static SourceDoc walk(Path root, Path mainFile, Limits limits) throws Limits.Exceeded {
        SourceWalker w = new SourceWalker(root, mainFile, limits);
        if (!w.in.open(mainFile)) {
            throw new Limits.Exceeded("the main file " + mainFile.getFileName() + " cannot be read");
        }
        w.run();
        return w.doc;
    }

    private void run() throws Limits.Exceeded {
        Tok t;
        while (!ended && (t = in.next()) != null) {
            token(t);
        }
        flushWord();
    }

    // ---------------------------------------------------------------------------------------------------- tokens

    private void token(Tok t) throws Limits.Exceeded {
        switch (t.kind()) {
            case CHAR -> {
                if (inBody) {
                    addChar(t);
                }
            }
            case SPACE, ACTIVE, ALIGN, SUP, SUB, PARAM -> flushWord();
            case PAR -> {
                flushWord();
                paragraphBreak();
            }
            case BGROUP, EGROUP -> {
                // a group inside a word does not split it: "a{b}c"
            }
            case MATH -> {
                flushWord();
                if (inBody) {
                    dollarMath(t);
                }
            }
            case VERBATIM -> {
                flushWord();
                if (inBody) {
                    verbatim(t);
                }
            }
            case CS -> command(t);
        }
    }

    private void addChar(Tok t) {
        String s = t.text();
        int cp = s.codePointAt(0);
        if (Words.isCjk(cp)) {
            flushWord();
            word.append(s);
            wordFile = t.file();
            wordLine = t.line();
            flushWord();
            return;
        }
        if (word.length() == 0) {
            wordFile = t.file();
        }
        wordLine = t.line(); // a word typesets where its last character is read
        word.append(s);
    }

    private void flushWord() {
        if (word.length() == 0) {
            return;
        }
        String raw = word.toString();
        String norm = Words.norm(raw);
        word.setLength(0);
        if (raw.indexOf('-') > 0 && raw.indexOf('-') < raw.length() - 1) {
            doc.hyphenated.add(raw);
        }
        if (norm.isEmpty() || !inBody) {
            return;
        }
        if (floatingBlock >= 0) {
            doc.floatingWords.computeIfAbsent(norm, k -> new ArrayList<>()).add(floatingBlock);
            return;
        }
        int block = ensureBlock();
        doc.block(block).touch(wordFile, wordLine);
        doc.words.add(new SourceDoc.Word(norm, wordFile, wordLine, block));
    }

    // ---------------------------------------------------------------------------------------------------- blocks

    private int newBlock(SourceDoc.Kind kind, int level, boolean ordered, String env) {
        SourceDoc.Block b = new SourceDoc.Block(doc.blocks.size(), kind, level, ordered, floatBlock(), env);
        doc.blocks.add(b);
        return b.id;
    }

    private int floatBlock() {
        for (Context c : contexts) {
            if (c.floatBlock() >= 0) {
                return c.floatBlock();
            }
        }
        return -1;
    }

    /** The block text goes to: the open one, or a new paragraph of the enclosing environment's kind. */
    private int ensureBlock() {
        if (current < 0) {
            SourceDoc.Kind kind = SourceDoc.Kind.PARAGRAPH;
            for (Context c : contexts) {
                if (c.kind() != null) {
                    kind = c.kind();
                    break;
                }
            }
            current = newBlock(kind, 0, false, null);
        }
        return current;
    }

    private void paragraphBreak() {
        if (current >= 0) {
            SourceDoc.Kind k = doc.block(current).kind;
            if (k == SourceDoc.Kind.LIST_ITEM || k == SourceDoc.Kind.FOOTNOTE || k == SourceDoc.Kind.CAPTION
                    || k == SourceDoc.Kind.BIBLIOGRAPHY || k == SourceDoc.Kind.ALGORITHM) {
                return; // an item, a note or an algorithm of several paragraphs stays one block
            }
        }
        current = -1;
    }

    // ---------------------------------------------------------------------------------------------------- commands

    private void command(Tok t) throws Limits.Exceeded {
        String name = t.text();
        if (definition(t)) {
            return;
        }
        if (inclusion(t)) {
            return;
        }
        if (name.equals("begin")) {
            flushWord();
            TexInput.Arg env = in.argument();
            if (env != null) {
                begin(env.text(), t);
            }
            return;
        }
        if (name.equals("end")) {
            flushWord();
            TexInput.Arg env = in.argument();
            if (env != null) {
                end(env.text(), t);
            }
            return;
        }
        if (name.equals(END_MARK)) {
            return;
        }
        if (name.equals("iffalse") || name.equals("if0")) {
            skipConditional();
            return;
        }
        if (!inBody) {
            if (FRONT.containsKey(name)) {
                front(name, t);
            }
            return; // the preamble prints nothing else
        }
        Macros.Macro m = macros.get(name);
        if (m != null && !STRUCTURAL.contains(name)) {
            in.expand(m, t);
            return;
        }
        if (SECTIONS.contains(name)) {
            heading(name, t);
            return;
        }
        if (FRONT.containsKey(name)) {
            front(name, t);
            return;
        }
        switch (name) {
            case "maketitle" -> {
                flushWord();
                doc.maketitle.add(SourceIndex.key(t.file(), t.line()));
                if (doc.frontBlock < 0) {
                    doc.frontBlock = frontBlock(SourceDoc.Kind.AUTHOR, "maketitle");
                }
            }
            case "caption", "captionof", "subcaption", "subcaptionbox" -> caption(name);
            case "footnote", "footnotetext" -> footnote();
            case "item" -> item(t);
            case "bibitem" -> bibitem();
            case "includegraphics" -> {
                in.star();
                in.optional();
                in.argument();
                int f = floatBlock();
                if (f >= 0) {
                    doc.block(f).hasGraphic = true;
                }
            }
            case "(" -> inlineMath(t, "\\)", null);
            case "[" -> displayMath(t, "displaymath", "\\]");
            case "ensuremath" -> {
                flushWord();
                Tok open = in.peekNonSpace();
                if (open != null && open.kind() == Tok.Kind.BGROUP) {
                    in.next();
                    List<Tok> body = collectMath("}");
                    addMath(body, t.file(), open.file() == t.file() ? Math.max(t.line(), closeLine) : t.line(), false, null);
                } else if (open != null) {
                    addMath(collectOne(), t.file(), t.line(), false, null);
                }
            }
            case "printbibliography" -> {
                flushWord();
                in.optional();
                doc.printedBibliographies.add(new int[]{t.file(), t.line()});
                current = -1;
            }
            case "subfloat" -> {
                TexInput.Arg caption = in.optional();
                in.optional();
                if (caption != null && !caption.tokens().isEmpty()) {
                    int saved = current;
                    current = newBlock(SourceDoc.Kind.CAPTION, 0, false, null);
                    walkArgument(caption);
                    current = saved;
                }
            }
            case "href" -> {
                in.argument();
                TexInput.Arg text = in.argument();
                if (text != null) {
                    walkArgument(text);
                }
            }
            case "\\", "newline", "linebreak", " ", ",", ";", ":", "!", "quad", "qquad", "ldots", "dots",
                 "hfill", "newpage", "clearpage", "cleardoublepage", "noindent", "indent", "centering", "par",
                 "smallskip", "medskip", "bigskip", "break", "allowbreak", "enspace", "thinspace", "nobreak" -> {
                flushWord();
                if (name.equals("par")) {
                    paragraphBreak();
                }
                if (name.equals("\\")) {
                    in.star();
                    in.optional();
                }
            }
            case "appendix" -> flushWord();
            default -> other(t);
        }
    }

    private void other(Tok t) throws Limits.Exceeded {
        String name = t.text();
        String letter = TEXT_LETTERS.get(name);
        if (letter != null) {
            if (word.length() == 0) {
                wordFile = t.file();
            }
            wordLine = t.line();
            word.append(letter);
            return;
        }
        if (ACCENTS.contains(name)) {
            return; // the accented letter follows, as a letter or an argument; accents are off in comparisons
        }
        Integer skip = SKIP_ARGS.get(name);
        if (skip != null) {
            if (name.startsWith("cite") || name.startsWith("Cite") || name.endsWith("cite")) {
                flushWord();
                in.star();
                in.optional();
                in.optional();
            } else {
                in.star();
                in.optional();
            }
            for (int i = 0; i < skip; i++) {
                in.argument();
            }
            if (name.equals("bibliography")) {
                bibliographyFile();
            }
            return;
        }
        if (TEXT_ARG.contains(name)) {
            TexInput.Arg a = in.argument();
            if (a != null) {
                walkArgument(a);
            }
        }
        // any other command: its groups are read on as text (what a styling command wraps is still printed)
    }

    /** Walks an argument's tokens as text typeset where the argument ends. */
    private void walkArgument(TexInput.Arg a) throws Limits.Exceeded {
        List<Tok> relocated = new ArrayList<>(a.tokens().size() + 1);
        for (Tok t : a.tokens()) {
            relocated.add(a.endFile() == t.file() ? t.at(t.file(), Math.max(t.line(), a.endLine())) : t);
        }
        walkTokens(relocated);
    }

    /** Walks tokens to their end (an end mark tells where the pushed tokens stop). */
    private void walkTokens(List<Tok> tokens) throws Limits.Exceeded {
        List<Tok> marked = new ArrayList<>(tokens);
        Tok mark = new Tok(Tok.Kind.CS, END_MARK, -1, 0);
        marked.add(mark);
        in.push(marked);
        Tok t;
        while (!ended && (t = in.next()) != null) {
            if (t == mark) {
                break;
            }
            token(t);
        }
        flushWord();
    }

    private void heading(String name, Tok t) throws Limits.Exceeded {
        flushWord();
        boolean star = in.star();
        in.optional();
        TexInput.Arg title = in.argument();
        if (title == null) {
            return;
        }
        int level = switch (name) {
            case "part" -> 0;
            case "chapter" -> 1;
            case "section" -> 2;
            case "subsection" -> 3;
            case "subsubsection" -> 4;
            default -> 5;
        };
        if (level == 5) {
            // run-in: \paragraph{Title.} starts a paragraph whose first words are its title
            current = -1;
            walkArgument(title);
            return;
        }
        current = newBlock(SourceDoc.Kind.HEADING, level, star, null);
        doc.headingLevelTop = Math.min(doc.headingLevelTop, level);
        doc.block(current).touch(t.file(), t.line());
        walkArgument(title);
        current = -1;
    }

    private void front(String name, Tok t) throws Limits.Exceeded {
        flushWord();
        in.star();
        in.optional();
        TexInput.Arg a = in.argument();
        if (name.equals("altaffiltext") || name.equals("affilnum")) {
            a = in.argument(); // \altaffiltext{1}{Text}: the mark, then the text
        }
        if (a == null) {
            return;
        }
        SourceDoc.Kind kind = FRONT.get(name);
        // one title block and one author block, however many \\author and \\affil commands fill them
        int block = kind == SourceDoc.Kind.FOOTNOTE ? newBlock(kind, 0, false, name) : frontBlock(kind, name);
        boolean wasBody = inBody;
        int savedFloating = floatingBlock;
        int savedCurrent = current;
        inBody = true;
        floatingBlock = block;
        walkTokens(a.tokens());
        floatingBlock = savedFloating;
        inBody = wasBody;
        current = savedCurrent;
    }

    private final java.util.Map<SourceDoc.Kind, Integer> frontBlocks = new java.util.EnumMap<>(SourceDoc.Kind.class);

    private int frontBlock(SourceDoc.Kind kind, String name) {
        return frontBlocks.computeIfAbsent(kind, k -> newBlock(k, 0, false, name));
    }

    private void caption(String name) throws Limits.Exceeded {
        flushWord();
        in.star();
        if (name.equals("captionof")) {
            in.argument();
        }
        if (name.equals("subcaptionbox")) {
            in.optional();
            TexInput.Arg text = in.argument();
            walkCaption(text);
            in.argument(); // the box's content
            return;
        }
        in.optional();
        walkCaption(in.argument());
    }

    private void walkCaption(TexInput.Arg text) throws Limits.Exceeded {
        if (text == null) {
            return;
        }
        int saved = current;
        current = newBlock(SourceDoc.Kind.CAPTION, 0, false, null);
        walkArgument(text);
        current = -1;
    }

    private void footnote() throws Limits.Exceeded {
        flushWord();
        in.optional();
        TexInput.Arg text = in.argument();
        if (text == null) {
            return;
        }
        int saved = current;
        current = newBlock(SourceDoc.Kind.FOOTNOTE, 0, false, null);
        walkArgument(text);
        current = saved;
    }

    private void item(Tok t) throws Limits.Exceeded {
        flushWord();
        boolean ordered = false;
        for (Context c : contexts) {
            if (LIST_ENVS.contains(c.env())) {
                ordered = c.ordered();
                break;
            }
        }
        current = newBlock(SourceDoc.Kind.LIST_ITEM, 0, ordered, null);
        doc.block(current).touch(t.file(), t.line());
        TexInput.Arg label = in.optional();
        if (label != null) {
            walkArgument(label);
        }
    }

    private void bibitem() throws Limits.Exceeded {
        flushWord();
        in.optional();
        in.argument();
        current = newBlock(SourceDoc.Kind.BIBLIOGRAPHY, 0, false, null);
    }

    // ---------------------------------------------------------------------------------------------------- environments

    private void begin(String env, Tok t) throws Limits.Exceeded {
        if (env.equals("document")) {
            inBody = true;
            return;
        }
        if (!inBody) {
            return;
        }
        Macros.Environment user = macros.environment(env);
        if (user != null && !DISPLAY_ENVS.contains(env) && !TABLES.contains(env)) {
            List<List<Tok>> args = new ArrayList<>();
            int first = 0;
            if (user.optionalDefault() != null && user.arity() > 0) {
                TexInput.Arg o = in.optional();
                args.add(o != null ? o.tokens() : user.optionalDefault());
                first = 1;
            }
            for (int i = first; i < user.arity(); i++) {
                TexInput.Arg a = in.argument();
                args.add(a == null ? List.of() : a.tokens());
            }
            contexts.push(new Context(env, null, -1, false, -1));
            in.push(Macros.substitute(user.begin(), args, t.file(), t.line()));
            return;
        }
        if (DISPLAY_ENVS.contains(env)) {
            if (env.startsWith("alignat") || env.startsWith("IEEEeqnarray")) {
                in.argument();
            }
            displayMath(t, env, null);
            return;
        }
        if (env.equals("math")) {
            inlineMath(t, null, "math");
            return;
        }
        if (TABLES.contains(env)) {
            table(env, t);
            return;
        }
        if (env.startsWith("deluxetable")) {
            deluxetable(env, t);
            return;
        }
        current = -1;
        if (LIST_ENVS.contains(env)) {
            if (env.equals("list")) {
                in.argument();
                in.argument();
            }
            in.optional();
            contexts.push(new Context(env, null, -1, ORDERED_LISTS.contains(env), -1));
            return;
        }
        if (FLOATS.contains(env) || ALGORITHM_FLOATS.contains(env)) {
            in.optional();
            if (env.startsWith("wrap") || env.equals("subfigure") || env.startsWith("SC")) {
                in.optional();
                in.argument();
            }
            int floatBlock = newBlock(SourceDoc.Kind.FLOAT, 0, false, env);
            doc.block(floatBlock).touch(t.file(), t.line());
            contexts.push(new Context(env, null, floatBlock, false, -1));
            return;
        }
        if (ALGORITHMS.contains(env)) {
            in.optional();
            int block = newBlock(SourceDoc.Kind.ALGORITHM, 0, false, env);
            doc.block(block).touch(t.file(), t.line());
            contexts.push(new Context(env, SourceDoc.Kind.ALGORITHM, -1, false, block));
            current = block;
            return;
        }
        switch (env) {
            case "abstract" -> contexts.push(new Context(env, SourceDoc.Kind.ABSTRACT, -1, false, -1));
            case "thebibliography" -> {
                in.argument();
                contexts.push(new Context(env, SourceDoc.Kind.BIBLIOGRAPHY, -1, false, -1));
            }
            case "minipage" -> {
                in.optional();
                in.optional();
                in.optional();
                in.argument();
                contexts.push(new Context(env, null, -1, false, -1));
            }
            case "tikzpicture", "picture", "pspicture" -> skipEnvironment(env);
            default -> {
                if (theorems.contains(env) || env.equals("proof")) {
                    in.optional();
                }
                contexts.push(new Context(env, null, -1, false, -1));
            }
        }
    }

    private void end(String env, Tok t) throws Limits.Exceeded {
        if (env.equals("document")) {
            flushWord();
            ended = true;
            return;
        }
        if (!inBody) {
            return;
        }
        Macros.Environment user = macros.environment(env);
        // close up to the matching context (a missing \end in the source leaves others open)
        boolean found = false;
        for (Context c : contexts) {
            if (c.env().equals(env)) {
                found = true;
                break;
            }
        }
        if (found) {
            while (!contexts.isEmpty()) {
                Context c = contexts.pop();
                if (c.floatBlock() >= 0) {
                    doc.block(c.floatBlock()).touch(t.file(), t.line());
                }
                if (c.block() >= 0) {
                    doc.block(c.block()).touch(t.file(), t.line()); // an algorithm's last line is set at its \end
                }
                if (c.env().equals(env)) {
                    break;
                }
            }
        }
        current = -1;
        if (user != null && found) {
            in.push(Macros.substitute(user.end(), List.of(), t.file(), t.line()));
        }
    }

    /** {@code \iffalse ... \fi}: text an author switched off, which TeX never typesets. */
    private void skipConditional() throws Limits.Exceeded {
        flushWord();
        int depth = 1;
        Tok t;
        while ((t = in.next()) != null) {
            if (t.kind() != Tok.Kind.CS) {
                continue;
            }
            if (t.text().equals("fi")) {
                if (--depth == 0) {
                    return;
                }
            } else if (t.text().startsWith("if") && !t.text().equals("ifthenelse")) {
                depth++;
            } else if (t.text().equals("else") && depth == 1) {
                return; // the else branch is typeset
            }
        }
    }

    /** Skips a drawing's body: its labels are the picture's text. */
    private void skipEnvironment(String env) throws Limits.Exceeded {
        int depth = 1;
        Tok t;
        while ((t = in.next()) != null) {
            if (t.isCs("begin") || t.isCs("end")) {
                TexInput.Arg a = in.argument();
                if (a != null && a.text().equals(env)) {
                    depth += t.isCs("begin") ? 1 : -1;
                    if (depth == 0) {
                        break;
                    }
                }
            }
        }
        int f = floatBlock();
        if (f >= 0) {
            doc.block(f).hasGraphic = true;
        }
    }

    private void table(String env, Tok t) throws Limits.Exceeded {
        flushWord();
        if (env.equals("tabular*") || env.equals("tabularx") || env.equals("tabulary") || env.equals("tabu")) {
            in.argument();
        }
        in.optional();
        TexInput.Arg spec = env.startsWith("tblr") || env.startsWith("longtblr") ? in.argument() : in.argument();
        List<Tok> body = collectEnvironment(env);
        int saved = current;
        int block = newBlock(SourceDoc.Kind.TABLE, 0, false, env);
        SourceDoc.Block b = doc.block(block);
        List<Tok> tokens = new ArrayList<>();
        if (spec != null) {
            tokens.add(new Tok(Tok.Kind.BGROUP, "{", t.file(), t.line()));
            tokens.addAll(spec.tokens());
            tokens.add(new Tok(Tok.Kind.EGROUP, "}", t.file(), t.line()));
        }
        tokens.addAll(body);
        b.tokens = tokens;
        b.touch(t.file(), t.line());
        for (Tok x : body) {
            b.touch(x.file(), x.line());
        }
        // a longtable's \\caption is a row of the table: its words are a caption's
        List<Tok> cells = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            Tok x = body.get(i);
            if (x.isCs("caption")) {
                int j = i + 1;
                while (j < body.size() && (body.get(j).isBlank() || body.get(j).isChar('*'))) {
                    j++;
                }
                int end = MathText.groupEnd(body, j);
                if (end > j) {
                    int captionBlock = newBlock(SourceDoc.Kind.CAPTION, 0, false, null);
                    for (Tok c : body.subList(j + 1, end)) {
                        if (c.kind() == Tok.Kind.CHAR) {
                            doc.block(captionBlock).touch(c.file(), c.line());
                        }
                    }
                    StringBuilder cw = new StringBuilder();
                    int cl = x.line();
                    for (Tok c : body.subList(j + 1, end)) {
                        if (c.kind() == Tok.Kind.CHAR && !Character.isWhitespace(c.text().codePointAt(0))) {
                            cw.append(c.text());
                            cl = c.line();
                        } else if (c.kind() != Tok.Kind.BGROUP && c.kind() != Tok.Kind.EGROUP) {
                            addTableWord(cw, c.file(), cl, captionBlock, -1);
                        }
                    }
                    addTableWord(cw, x.file(), cl, captionBlock, -1);
                    i = end;
                    continue;
                }
            }
            cells.add(x);
        }
        // the cells' words, for telling printed lines apart
        StringBuilder w = new StringBuilder();
        int line = t.line();
        for (Tok x : cells) {
            if (x.kind() == Tok.Kind.CHAR && !Character.isWhitespace(x.text().codePointAt(0))) {
                w.append(x.text());
                line = x.line();
            } else if (x.kind() != Tok.Kind.BGROUP && x.kind() != Tok.Kind.EGROUP) {
                addTableWord(w, x.file(), line, block, -1);
            }
        }
        addTableWord(w, t.file(), line, block, -1);
        current = saved >= 0 && doc.block(saved).kind == SourceDoc.Kind.PARAGRAPH ? -1 : saved;
    }

    /**
     * AASTeX's {@code deluxetable}: a float of its own whose rows are {@code \\startdata} … {@code \\enddata},
     * headed by {@code \\tablehead} ({@code \\colhead} cells) and captioned by {@code \\tablecaption}. Made into
     * a tabular's tokens (the head, a rule, the rows) and a caption.
     */
    private void deluxetable(String env, Tok t) throws Limits.Exceeded {
        flushWord();
        in.optional();
        TexInput.Arg spec = in.argument();
        List<Tok> body = collectEnvironment(env);
        List<Tok> tokens = new ArrayList<>();
        tokens.add(new Tok(Tok.Kind.BGROUP, "{", t.file(), t.line()));
        if (spec != null) {
            tokens.addAll(spec.tokens());
        }
        tokens.add(new Tok(Tok.Kind.EGROUP, "}", t.file(), t.line()));
        List<Tok> head = List.of();
        List<Tok> data = new ArrayList<>();
        boolean inData = false;
        int typeset = closeLine; // the table and its caption are set when \enddata is met
        for (Tok x : body) {
            if (x.isCs("enddata")) {
                typeset = x.line();
            }
        }
        for (int i = 0; i < body.size(); i++) {
            Tok x = body.get(i);
            if (x.isCs("startdata")) {
                inData = true;
            } else if (x.isCs("enddata")) {
                inData = false;
            } else if (x.isCs("tablehead") || x.isCs("tablecaption") || x.isCs("caption") || x.isCs("tablenotetext")
                    || x.isCs("tablecomments") || x.isCs("tablerefs") || x.isCs("tablenum") || x.isCs("tabletypesize")) {
                int j = i + 1;
                if (x.isCs("tablenotetext")) {
                    j = MathText.groupEnd(body, j) + 1; // the note's mark
                }
                int end = MathText.groupEnd(body, j);
                if (end < 0) {
                    continue;
                }
                List<Tok> arg = body.subList(MathText.firstBrace(body, j) + 1, end);
                if (x.isCs("tablehead")) {
                    head = arg;
                } else if (x.isCs("tablecaption") || x.isCs("caption")) {
                    wordsOf(arg, newBlock(SourceDoc.Kind.CAPTION, 0, false, null), typeset);
                } else if (x.isCs("tablenotetext")) {
                    // printed under the table as a paragraph led by its raised mark
                    int note = newBlock(SourceDoc.Kind.PARAGRAPH, 0, false, null);
                    wordsOf(body.subList(i + 1, j), note, -1); // the mark, a word of its own
                    wordsOf(arg, note, -1);
                } else if (x.isCs("tablecomments") || x.isCs("tablerefs")) {
                    wordsOf(arg, newBlock(SourceDoc.Kind.PARAGRAPH, 0, false, null), -1);
                }
                i = end;
            } else if (inData) {
                data.add(x);
            }
        }
        tokens.addAll(head);
        tokens.add(new Tok(Tok.Kind.CS, "\\", t.file(), t.line()));
        tokens.add(new Tok(Tok.Kind.CS, "hline", t.file(), t.line()));
        tokens.addAll(data);
        int block = newBlock(SourceDoc.Kind.TABLE, 0, false, env);
        SourceDoc.Block b = doc.block(block);
        b.tokens = tokens;
        b.touch(t.file(), t.line());
        b.touch(t.file(), closeLine);
        List<Tok> cells = new ArrayList<>(head);
        cells.add(new Tok(Tok.Kind.SPACE, " ", t.file(), t.line()));
        cells.addAll(data);
        wordsOf(cells, block, typeset);
        current = -1;
    }

    /**
     * The words of some tokens (a caption, a table's cells), for telling printed lines apart; with {@code typeset}
     * >= 0 also at that line of the environment's file, where TeX sets them (a deluxetable at its {@code \\enddata}).
     */
    private void wordsOf(List<Tok> tokens, int block, int typeset) {
        StringBuilder w = new StringBuilder();
        int line = 0;
        int file = -1;
        for (int i = 0; i < tokens.size(); i++) {
            Tok c = tokens.get(i);
            if (c.isCs("label")) {
                i = Math.max(i, MathText.groupEnd(tokens, i + 1)); // a key, not printed
                continue;
            }
            if (c.kind() == Tok.Kind.CHAR && !Character.isWhitespace(c.text().codePointAt(0))) {
                w.append(c.text());
                line = c.line();
                file = c.file();
                doc.block(block).touch(c.file(), c.line());
            } else if (c.kind() != Tok.Kind.BGROUP && c.kind() != Tok.Kind.EGROUP) {
                addTableWord(w, file, line, block, typeset);
            }
        }
        addTableWord(w, file, line, block, typeset);
    }

    private void addTableWord(StringBuilder w, int file, int line, int block, int typeset) {
        String norm = Words.norm(w.toString());
        w.setLength(0);
        if (!norm.isEmpty()) {
            doc.words.add(new SourceDoc.Word(norm, file, line, block));
            if (typeset >= 0 && typeset != line) {
                doc.words.add(new SourceDoc.Word(norm, file, typeset, block));
            }
        }
    }

    /**
     * The tokens up to the {@code \end{env}} that closes the one just begun, the author's macros expanded on
     * the way (a {@code \be} … {@code \ee} pair is an equation's {@code \begin} and {@code \end}).
     */
    private List<Tok> collectEnvironment(String env) throws Limits.Exceeded {
        List<Tok> out = new ArrayList<>();
        int depth = 1;
        Tok t;
        while ((t = in.next()) != null) {
            if (t.kind() == Tok.Kind.CS) {
                if (t.isCs("begin") || t.isCs("end")) {
                    TexInput.Arg a = in.argument();
                    String name = a == null ? "" : a.text();
                    if (name.equals(env)) {
                        depth += t.isCs("begin") ? 1 : -1;
                        if (depth == 0) {
                            closeLine = a.endLine();
                            return out;
                        }
                    }
                    out.add(t);
                    out.add(new Tok(Tok.Kind.BGROUP, "{", t.file(), t.line()));
                    if (a != null) {
                        out.addAll(a.tokens());
                    }
                    out.add(new Tok(Tok.Kind.EGROUP, "}", t.file(), t.line()));
                    continue;
                }
                if (expandOrDefine(t)) {
                    continue;
                }
            }
            out.add(t);
            in.collectedCheck(out.size());
        }
        return out;
    }

    /** An author's macro is expanded (its body read next), a definition taken in: true when either took the token. */
    private boolean expandOrDefine(Tok t) throws Limits.Exceeded {
        Macros.Macro m = macros.get(t.text());
        if (m != null) {
            in.expand(m, t);
            return true;
        }
        return definition(t);
    }

    // ---------------------------------------------------------------------------------------------------- math

    private void dollarMath(Tok open) throws Limits.Exceeded {
        Tok next = in.peek();
        if (next != null && next.kind() == Tok.Kind.MATH) {
            in.next();
            displayMath(open, "displaymath", "$$");
            return;
        }
        inlineMath(open, "$", null);
    }

    /** Inline math up to {@code close} ("$" or "\)") or {@code \end{env}}, at brace depth 0. */
    private void inlineMath(Tok open, String close, String env) throws Limits.Exceeded {
        flushWord();
        List<Tok> body = env != null ? collectEnvironment(env) : collectMath(close);
        addMath(body, open.file(), open.line(), false, null);
    }

    private void displayMath(Tok open, String env, String close) throws Limits.Exceeded {
        flushWord();
        List<Tok> body = close != null ? collectMath(close) : collectEnvironment(env);
        int saved = current;
        SourceDoc.Block previous = saved >= 0 ? doc.block(saved) : null;
        int block = newBlock(SourceDoc.Kind.FORMULA, 0, false, env);
        SourceDoc.Block b = doc.block(block);
        b.touch(open.file(), open.line());
        for (Tok t : body) {
            b.touch(t.file(), t.line());
        }
        // TeX typesets a display when it has read all of it: SyncTeX tags it with the line of its end
        b.touch(open.file(), closeLine);
        int id = doc.maths.size();
        doc.maths.add(new SourceDoc.Formula(id, body, b.file < 0 ? open.file() : b.file, b.lastLine, block, true, env));
        b.maths.add(id);
        b.tokens = body;
        // the paragraph a display interrupts goes on after it, as a new block of the same kind
        current = previous != null && previous.kind == SourceDoc.Kind.LIST_ITEM ? saved : -1;
    }

    /** Math tokens up to {@code close} at brace depth 0, macros expanded. */
    private List<Tok> collectMath(String close) throws Limits.Exceeded {
        List<Tok> out = new ArrayList<>();
        int depth = 0;
        Tok t;
        while ((t = in.next()) != null) {
            if (depth == 0) {
                closeLine = t.line();
                if (close.equals("$") && t.kind() == Tok.Kind.MATH) {
                    return out;
                }
                if (close.equals("$$") && t.kind() == Tok.Kind.MATH) {
                    Tok n = in.peek();
                    if (n != null && n.kind() == Tok.Kind.MATH) {
                        in.next();
                    }
                    return out;
                }
                if (close.startsWith("\\") && t.isCs(close.substring(1))) {
                    return out;
                }
                if (close.equals("}") && t.kind() == Tok.Kind.EGROUP) {
                    return out;
                }
            }
            if (t.kind() == Tok.Kind.PAR) {
                return out; // TeX would stop here with an error; a paragraph never belongs to a formula
            }
            if (t.kind() == Tok.Kind.BGROUP) {
                depth++;
            } else if (t.kind() == Tok.Kind.EGROUP) {
                depth--;
            } else if (t.kind() == Tok.Kind.CS && expandOrDefine(t)) {
                continue;
            }
            out.add(t);
            in.collectedCheck(out.size());
        }
        return out;
    }

    /** One token as a formula: a macro's expansion, or the token. */
    private List<Tok> collectOne() throws Limits.Exceeded {
        Tok t = in.next();
        if (t == null) {
            return List.of();
        }
        Macros.Macro m = t.kind() == Tok.Kind.CS ? macros.get(t.text()) : null;
        if (m == null) {
            return List.of(t);
        }
        in.expand(m, t);
        Tok open = in.peekNonSpace();
        if (open != null && open.kind() == Tok.Kind.BGROUP) {
            in.next();
            return collectMath("}");
        }
        return collectOne();
    }

    private void addMath(List<Tok> body, int file, int line, boolean display, String env) {
        int block = floatingBlock >= 0 ? floatingBlock : ensureBlock();
        int id = doc.maths.size();
        doc.maths.add(new SourceDoc.Formula(id, body, file, line, block, display, env));
        doc.block(block).maths.add(id);
        if (floatingBlock < 0) {
            doc.block(block).touch(file, line);
        }
    }

    // ---------------------------------------------------------------------------------------------------- verbatim

    private void verbatim(Tok t) {
        if (t.env() == null) {
            // \verb|x|: printed as it is, part of the running text
            for (String part : t.text().split("\\s+")) {
                if (!part.isEmpty()) {
                    word.append(part);
                    wordFile = t.file();
                    wordLine = t.line();
                    flushWord();
                }
            }
            return;
        }
        if (t.env().equals("comment") || t.env().startsWith("filecontents")) {
            return;
        }
        int block = newBlock(SourceDoc.Kind.CODE, 0, false, t.env());
        SourceDoc.Block b = doc.block(block);
        b.verbatim = t.text();
        b.verbatimLine = t.line();
        int lines = (int) t.text().chars().filter(c -> c == '\n').count();
        b.touch(t.file(), t.line());
        b.touch(t.file(), t.line() + Math.max(0, lines));
        String[] parts = t.text().split("\\R", -1);
        for (int i = 0; i < parts.length; i++) {
            for (String p : parts[i].split("[^\\p{L}\\p{N}]+")) {
                String norm = Words.norm(p);
                if (!norm.isEmpty()) {
                    doc.words.add(new SourceDoc.Word(norm, t.file(), t.line() + i, block));
                }
            }
        }
        current = -1;
    }

    // ---------------------------------------------------------------------------------------------------- files

    private boolean inclusion(Tok t) throws Limits.Exceeded {
        String name = t.text();
        switch (name) {
            case "input", "include", "subfile", "@input", "InputIfFileExists", "includeonly", "import", "subimport",
                 "inputfrom", "subinputfrom", "includefrom", "subincludefrom" -> {
            }
            default -> {
                return false;
            }
        }
        flushWord();
        if (name.equals("includeonly")) {
            in.argument();
            return true;
        }
        String dir = "";
        if (name.endsWith("import") || name.endsWith("from")) {
            TexInput.Arg d = in.argument();
            dir = d == null ? "" : d.text();
        }
        String file;
        Tok next = in.peekNonSpace();
        if (next != null && next.kind() == Tok.Kind.BGROUP) {
            TexInput.Arg a = in.argument();
            file = a == null ? "" : a.text();
        } else {
            // \input file: a name up to a space
            StringBuilder s = new StringBuilder();
            Tok c;
            while ((c = in.next()) != null && c.kind() == Tok.Kind.CHAR) {
                s.append(c.text());
            }
            if (c != null) {
                in.unread(c);
            }
            file = s.toString();
        }
        if (name.equals("InputIfFileExists")) {
            in.argument();
            in.argument();
        }
        if (name.equals("include") || name.equals("subfile")) {
            current = -1;
        }
        open(dir, file);
        return true;
    }

    private void open(String dir, String file) throws Limits.Exceeded {
        if (file.isBlank() || file.startsWith("/") || file.contains("..")) {
            return; // TeX is not allowed to read it either (openin_any=p)
        }
        Path base = mainDir.resolve(dir.isBlank() ? "" : dir);
        Path f = base.resolve(file.strip());
        if (!Files.isRegularFile(f)) {
            f = base.resolve(file.strip() + ".tex");
        }
        in.open(f);
    }

    /** The bibliography TeX prints where {@code \bibliography} stands: the {@code .bbl} BibTeX wrote. */
    private void bibliographyFile() throws Limits.Exceeded {
        flushWord();
        current = -1;
        in.open(mainDir.resolve(job + ".bbl"));
    }

    // ---------------------------------------------------------------------------------------------------- definitions

    private boolean definition(Tok t) throws Limits.Exceeded {
        String name = t.text();
        switch (name) {
            case "newcommand", "renewcommand", "providecommand", "DeclareRobustCommand", "newcommandx" -> {
                in.star();
                String defined = definedName();
                if (defined == null) {
                    return true;
                }
                int arity = arity();
                TexInput.Arg opt = in.optional();
                TexInput.Arg body = in.argument();
                if (body != null && !STRUCTURAL.contains(defined)) {
                    macros.define(new Macros.Macro(defined, arity,
                            opt == null ? null : opt.tokens(), null, body.tokens(), false), name.equals("providecommand"));
                }
                return true;
            }
            case "def", "gdef", "edef", "xdef" -> {
                Tok cs = in.next();
                if (cs == null || cs.kind() != Tok.Kind.CS) {
                    return true;
                }
                List<Tok> params = new ArrayList<>();
                Tok p;
                while ((p = in.next()) != null && p.kind() != Tok.Kind.BGROUP) {
                    params.add(p);
                }
                if (p == null) {
                    return true;
                }
                TexInput.Arg body = in.group(p);
                if (!STRUCTURAL.contains(cs.text())) {
                    boolean simple = params.isEmpty();
                    macros.define(new Macros.Macro(cs.text(), 0, null, simple ? null : params, body.tokens(), false), false);
                }
                return true;
            }
            case "let", "global", "long", "outer", "protected", "makeatletter", "makeatother" -> {
                if (name.equals("let")) {
                    Tok a = in.next();
                    Tok b = in.next();
                    while (b != null && (b.isBlank() || b.isChar('='))) {
                        b = in.next();
                    }
                    if (a != null && a.kind() == Tok.Kind.CS && b != null && !STRUCTURAL.contains(a.text())) {
                        macros.let(a.text(), b);
                    }
                }
                return true;
            }
            case "DeclareMathOperator" -> {
                boolean star = in.star();
                String defined = definedName();
                TexInput.Arg text = in.argument();
                if (defined != null && text != null) {
                    List<Tok> body = new ArrayList<>();
                    body.add(new Tok(Tok.Kind.CS, "operatorname", t.file(), t.line()));
                    if (star) {
                        body.add(new Tok(Tok.Kind.CHAR, "*", t.file(), t.line()));
                    }
                    body.add(new Tok(Tok.Kind.BGROUP, "{", t.file(), t.line()));
                    body.addAll(text.tokens());
                    body.add(new Tok(Tok.Kind.EGROUP, "}", t.file(), t.line()));
                    macros.define(new Macros.Macro(defined, 0, null, null, body, false), false);
                }
                return true;
            }
            case "DeclarePairedDelimiter", "DeclarePairedDelimiterX" -> {
                String defined = definedName();
                if (name.endsWith("X")) {
                    in.optional();
                }
                TexInput.Arg left = in.argument();
                TexInput.Arg right = in.argument();
                if (name.endsWith("X")) {
                    in.argument(); // its body: the delimiters around a formula of the arguments
                    return true;
                }
                if (defined != null && left != null && right != null) {
                    List<Tok> body = new ArrayList<>();
                    body.add(new Tok(Tok.Kind.CS, "left", t.file(), t.line()));
                    body.addAll(left.tokens());
                    body.add(new Tok(Tok.Kind.PARAM, "#", t.file(), t.line()));
                    body.add(new Tok(Tok.Kind.CHAR, "1", t.file(), t.line()));
                    body.add(new Tok(Tok.Kind.CS, "right", t.file(), t.line()));
                    body.addAll(right.tokens());
                    macros.define(new Macros.Macro(defined, 1, null, null, body, true), false);
                }
                return true;
            }
            case "newenvironment", "renewenvironment", "provideenvironment" -> {
                in.star();
                TexInput.Arg env = in.argument();
                int arity = arity();
                TexInput.Arg opt = in.optional();
                TexInput.Arg begin = in.argument();
                TexInput.Arg end = in.argument();
                if (env != null && begin != null && end != null) {
                    macros.define(new Macros.Environment(env.text(), arity,
                            opt == null ? null : opt.tokens(), begin.tokens(), end.tokens()));
                }
                return true;
            }
            case "newtheorem", "declaretheorem", "spnewtheorem" -> {
                in.star();
                TexInput.Arg env = in.argument();
                in.optional();
                if (!name.equals("declaretheorem")) {
                    in.argument();
                }
                in.optional();
                if (env != null) {
                    theorems.add(env.text());
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** A definition's {@code [n]}: how many arguments (0 to 9; 0 when absent or not a number). */
    private int arity() throws Limits.Exceeded {
        TexInput.Arg n = in.optional();
        if (n == null) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(9, Integer.parseInt(n.text().trim())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The name a definition defines: {@code \name} or {@code {\name}}. */
    private String definedName() throws Limits.Exceeded {
        TexInput.Arg a = in.argument();
        if (a == null) {
            return null;
        }
        for (Tok t : a.tokens()) {
            if (t.kind() == Tok.Kind.CS) {
                return t.text();
            }
        }
        return null;
    }
}

package org.pairforge.latex.markdown;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokens of a paper as TeX reads them: files opened where {@code \input} names them (only inside the
 * project), the author's macros expanded on demand. Bounded: a file may be opened at most so deep and so
 * often, and expansions, tokens and time have limits, so a macro that expands forever or a definition bomb
 * ends in a {@link Limits.Exceeded} rather than a hung run.
 */
final class TexInput {
    private static final int MAX_FILE_DEPTH = 16;
    private static final int MAX_FILE_OPENS = 2000;

    /** A run of tokens being read. */
    private static final class Frame {
        final List<Tok> tokens;
        int next;
        final boolean file;

        Frame(List<Tok> tokens, boolean file) {
            this.tokens = tokens;
            this.file = file;
        }
    }

    private final Path root;
    private final Limits limits;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final List<Path> files = new ArrayList<>();
    private final Map<Path, Integer> fileIndex = new HashMap<>();
    private final Map<Path, List<Tok>> lexed = new HashMap<>();
    private int fileDepth;
    private int opens;
    private long bytesRead;

    TexInput(Path root, Limits limits) {
        this.root = root;
        this.limits = limits;
    }

    List<Path> files() {
        return files;
    }

    int fileIndex(Path file) {
        return fileIndex.computeIfAbsent(file.normalize(), f -> {
            files.add(f);
            return files.size() - 1;
        });
    }

    /**
     * Starts reading {@code file} before whatever is being read; false when it is not a readable file inside
     * the project (TeX itself refuses those: {@code openin_any=p}), or the nesting is too deep.
     */
    boolean open(Path file) throws Limits.Exceeded {
        Path f = file.normalize();
        if (!f.startsWith(root) || !Files.isRegularFile(f) || fileDepth >= MAX_FILE_DEPTH || opens >= MAX_FILE_OPENS) {
            return false;
        }
        List<Tok> tokens = lexed.get(f);
        if (tokens == null) {
            String text;
            try {
                text = read(f, limits.maxSourceBytes() - bytesRead);
            } catch (IOException e) {
                return false;
            }
            bytesRead += text.length();
            if (bytesRead > limits.maxSourceBytes()) {
                throw new Limits.Exceeded("the sources hold more than " + limits.maxSourceBytes() + " bytes");
            }
            tokens = TexLexer.tokens(text, fileIndex(f));
            lexed.put(f, tokens);
        }
        opens++;
        fileDepth++;
        frames.push(new Frame(tokens, true));
        return true;
    }

    /** Reads {@code tokens} next (a macro's expansion). */
    void push(List<Tok> tokens) throws Limits.Exceeded {
        limits.expanded(tokens.size());
        if (!tokens.isEmpty()) {
            frames.push(new Frame(tokens, false));
        }
    }

    /** Puts one token back, to be read next. */
    void unread(Tok t) {
        frames.push(new Frame(List.of(t), false));
    }

    /** The next token, or null at the end of everything. */
    Tok next() throws Limits.Exceeded {
        limits.step();
        while (!frames.isEmpty()) {
            Frame f = frames.peek();
            if (f.next < f.tokens.size()) {
                return f.tokens.get(f.next++);
            }
            frames.pop();
            if (f.file) {
                fileDepth--;
            }
        }
        return null;
    }

    Tok peek() throws Limits.Exceeded {
        Tok t = next();
        if (t != null) {
            unread(t);
        }
        return t;
    }

    /** Skips spaces (not paragraph breaks) and returns the next token without consuming it. */
    Tok peekNonSpace() throws Limits.Exceeded {
        Tok t;
        while ((t = next()) != null && t.kind() == Tok.Kind.SPACE) {
            // skipped
        }
        if (t != null) {
            unread(t);
        }
        return t;
    }

    /** A braced group's tokens (without the braces) or the next single token; null at the end. */
    Arg argument() throws Limits.Exceeded {
        Tok t;
        while ((t = next()) != null && t.isBlank()) {
            // TeX skips spaces before an undelimited argument
        }
        if (t == null) {
            return null;
        }
        if (t.kind() != Tok.Kind.BGROUP) {
            return new Arg(List.of(t), t.line(), t.file());
        }
        return group(t);
    }

    /** The rest of a group whose opening brace was just read. */
    Arg group(Tok open) throws Limits.Exceeded {
        List<Tok> tokens = new ArrayList<>();
        int depth = 1;
        Tok t;
        while ((t = next()) != null) {
            if (t.kind() == Tok.Kind.BGROUP) {
                depth++;
            } else if (t.kind() == Tok.Kind.EGROUP && --depth == 0) {
                return new Arg(tokens, t.line(), t.file());
            }
            tokens.add(t);
            limits.collected(tokens.size());
        }
        return new Arg(tokens, open.line(), open.file());
    }

    /** {@code [...]} when it comes next (spaces skipped), with braces inside kept; else null. */
    Arg optional() throws Limits.Exceeded {
        Tok t = peekNonSpace();
        if (t == null || !t.isChar('[')) {
            return null;
        }
        next();
        List<Tok> tokens = new ArrayList<>();
        int depth = 0;
        while ((t = next()) != null) {
            if (t.kind() == Tok.Kind.BGROUP) {
                depth++;
            } else if (t.kind() == Tok.Kind.EGROUP) {
                depth--;
            } else if (depth == 0 && t.isChar(']')) {
                return new Arg(tokens, t.line(), t.file());
            }
            tokens.add(t);
            limits.collected(tokens.size());
        }
        return new Arg(tokens, tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).line(), -1);
    }

    void collectedCheck(int size) throws Limits.Exceeded {
        limits.collected(size);
    }

    /** Whether a {@code *} comes next; it is consumed. */
    boolean star() throws Limits.Exceeded {
        Tok t = peek();
        if (t != null && t.isChar('*')) {
            next();
            return true;
        }
        return false;
    }

    /** An argument: its tokens and the line of its closing brace (where TeX typesets what it holds). */
    record Arg(List<Tok> tokens, int endLine, int endFile) {
        String text() {
            StringBuilder s = new StringBuilder();
            for (Tok t : tokens) {
                s.append(t.kind() == Tok.Kind.CS ? "\\" + t.text() + (t.text().length() > 1 ? " " : "") : t.source());
            }
            return s.toString().trim();
        }
    }

    /**
     * Expands a use of {@code m} whose name was just read: its arguments are read and its body is read next.
     */
    void expand(Macros.Macro m, Tok use) throws Limits.Exceeded {
        limits.expansion(m.name());
        List<List<Tok>> args = new ArrayList<>();
        int line = use.line();
        int file = use.file();
        if (m.pairedDelimiter()) {
            star();
            optional();
            Arg a = argument();
            if (a != null) {
                args.add(a.tokens());
                line = Math.max(line, a.endLine());
            }
            push(Macros.substitute(m.body(), args, file, line));
            return;
        }
        if (m.params() != null) {
            if (!readDelimited(m.params(), args)) {
                return; // the use does not match the definition's parameter text: TeX would stop; we drop it
            }
        } else {
            int first = 0;
            if (m.optionalDefault() != null && m.arity() > 0) {
                Arg o = optional();
                args.add(o != null ? o.tokens() : m.optionalDefault());
                if (o != null) {
                    line = Math.max(line, o.endLine());
                }
                first = 1;
            }
            for (int i = first; i < m.arity(); i++) {
                Arg a = argument();
                if (a == null) {
                    break;
                }
                args.add(a.tokens());
                if (a.endFile() == file) {
                    line = Math.max(line, a.endLine());
                }
            }
        }
        push(Macros.substitute(m.body(), args, file, line));
    }

    /**
     * Reads a {@code \def}'s arguments by its parameter text: {@code #n} followed by another parameter or the
     * end is undelimited (one argument); followed by other tokens, it runs up to them at brace depth 0.
     * Leading tokens must match literally.
     */
    private boolean readDelimited(List<Tok> params, List<List<Tok>> args) throws Limits.Exceeded {
        int i = 0;
        while (i < params.size() && params.get(i).kind() != Tok.Kind.PARAM) {
            Tok want = params.get(i++);
            Tok got = next();
            while (got != null && got.kind() == Tok.Kind.SPACE && want.kind() != Tok.Kind.SPACE) {
                got = next();
            }
            if (got == null || got.kind() != want.kind() || !got.text().equals(want.text())) {
                if (got != null) {
                    unread(got);
                }
                return false;
            }
        }
        while (i < params.size()) {
            i += 2; // #n
            List<Tok> delimiter = new ArrayList<>();
            while (i < params.size() && params.get(i).kind() != Tok.Kind.PARAM) {
                delimiter.add(params.get(i++));
            }
            if (delimiter.isEmpty()) {
                Arg a = argument();
                args.add(a == null ? List.of() : a.tokens());
                continue;
            }
            List<Tok> arg = new ArrayList<>();
            int depth = 0;
            Tok t;
            while ((t = next()) != null) {
                if (depth == 0 && matches(t, delimiter.get(0))) {
                    List<Tok> seen = new ArrayList<>(List.of(t));
                    boolean all = true;
                    for (int k = 1; k < delimiter.size(); k++) {
                        Tok u = next();
                        if (u == null) {
                            all = false;
                            break;
                        }
                        seen.add(u);
                        if (!matches(u, delimiter.get(k))) {
                            all = false;
                            break;
                        }
                    }
                    if (all) {
                        break;
                    }
                    arg.addAll(seen);
                    continue;
                }
                if (t.kind() == Tok.Kind.BGROUP) {
                    depth++;
                } else if (t.kind() == Tok.Kind.EGROUP) {
                    depth--;
                }
                arg.add(t);
                limits.collected(arg.size());
            }
            // one pair of braces around a whole delimited argument is removed, as TeX does
            if (arg.size() >= 2 && arg.get(0).kind() == Tok.Kind.BGROUP && arg.get(arg.size() - 1).kind() == Tok.Kind.EGROUP) {
                arg = new ArrayList<>(arg.subList(1, arg.size() - 1));
            }
            args.add(arg);
        }
        return true;
    }

    private static boolean matches(Tok t, Tok want) {
        if (want.isBlank()) {
            return t.isBlank();
        }
        return t.kind() == want.kind() && t.text().equals(want.text());
    }

    /** As TeX reads a file: UTF-8, else Latin-1 (old arXiv papers), at most {@code limit} bytes. */
    static String read(Path file, long limit) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.max(0, Math.min(Integer.MAX_VALUE - 16, limit + 1)));
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.indexOf('\uFFFD') >= 0 ? new String(bytes, StandardCharsets.ISO_8859_1) : text;
    }
}

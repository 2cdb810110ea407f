package org.pairforge.notebook;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParseStart;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Providers;
import com.github.javaparser.ast.Node;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Java kernels (IJava, JJava) run JShell snippets: imports, methods, classes, statements and a trailing
 * expression without a semicolon, mixed in one cell. Like JShell, the cell is cut into snippets where a
 * top-level statement or declaration ends, and each snippet is parsed with JavaParser as a compilation unit,
 * a class member, or a block of statements. Lines holding a real token count. A cell with a snippet that
 * parses in none of those shapes is counted with the C-family rule, and the note says why.
 * Kernel magics ({@code %maven ...}) are not Java: they are blanked first and do not count.
 */
final class JavaLineCounter implements CodeLineCounter {
    private record Shape(ParseStart<? extends Node> start, String prefix, String suffix) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape(ParseStart.COMPILATION_UNIT, "", ""),
            new Shape(ParseStart.COMPILATION_UNIT, "class JShellSnippet {\n", "\n}"),
            new Shape(ParseStart.BLOCK, "{\n", "\n}"),
            new Shape(ParseStart.BLOCK, "{\n", "\n;}"));

    @Override
    public Count count(String code) {
        String java = blankMagics(code);
        // JavaParser instances are not thread-safe; a fresh one per call keeps this counter shareable.
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setAttributeComments(false));
        BitSet lines = new BitSet();
        for (Snippet snippet : snippets(java)) {
            String problem = parseInto(parser, snippet, lines);
            if (problem != null) {
                Count fallback = CommentSyntax.C_FAMILY.count(java);
                return new Count(fallback.lines(), "Java code does not parse (line " + (snippet.firstLine + 1)
                        + ": " + problem + "); counted lines by comment syntax");
            }
        }
        return new Count(lines.cardinality(), null);
    }

    /** Marks the snippet's code lines; returns null, or the first parse problem when no shape fits. */
    private static String parseInto(JavaParser parser, Snippet snippet, BitSet lines) {
        String firstProblem = null;
        for (Shape shape : SHAPES) {
            ParseResult<? extends Node> result = parser.parse(shape.start(),
                    Providers.provider(shape.prefix() + snippet.text + shape.suffix()));
            Optional<? extends Node> node = result.getResult();
            if (result.isSuccessful() && node.isPresent() && node.get().getTokenRange().isPresent()) {
                int wrapperLines = shape.prefix().isEmpty() ? 0 : 1;
                int snippetLines = (int) snippet.text.lines().count();
                for (JavaToken token : node.get().getTokenRange().get()) {
                    if (token.getCategory().isWhitespaceOrComment() || token.getKind() == JavaToken.Kind.EOF.getKind()) {
                        continue;
                    }
                    token.getRange().ifPresent(r -> {
                        int line = r.begin.line - 1 - wrapperLines;
                        if (line >= 0 && line < snippetLines) {
                            lines.set(snippet.firstLine + line);
                        }
                    });
                }
                return null;
            }
            if (firstProblem == null && !result.getProblems().isEmpty()) {
                String m = result.getProblems().get(0).getMessage().lines().findFirst().orElse("");
                firstProblem = m.length() > 100 ? m.substring(0, 100) + "..." : m;
            }
        }
        return firstProblem == null ? "unparseable" : firstProblem;
    }

    private record Snippet(int firstLine, String text) {
    }

    /**
     * Cuts at the end of each line where brackets are balanced and the line ends a statement or a block,
     * outside strings and comments: where JShell would see a complete snippet.
     */
    static List<Snippet> snippets(String code) {
        List<Snippet> out = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        int depth = 0;
        boolean inBlockComment = false;
        int start = 0;
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            char last = 0;
            boolean inString = false;
            char quote = 0;
            for (int j = 0; j < line.length(); j++) {
                char c = line.charAt(j);
                if (inBlockComment) {
                    if (line.startsWith("*/", j)) {
                        inBlockComment = false;
                        j++;
                    }
                } else if (inString) {
                    if (c == '\\') {
                        j++;
                    } else if (c == quote) {
                        inString = false;
                    }
                } else if (line.startsWith("//", j)) {
                    break;
                } else if (line.startsWith("/*", j)) {
                    inBlockComment = true;
                    j++;
                } else if (c == '"' || c == '\'') {
                    inString = true;
                    quote = c;
                    last = c;
                } else {
                    if (c == '{' || c == '(' || c == '[') {
                        depth++;
                    } else if (c == '}' || c == ')' || c == ']') {
                        depth--;
                    }
                    if (!Character.isWhitespace(c)) {
                        last = c;
                    }
                }
            }
            current.append(line).append('\n');
            if (depth <= 0 && !inBlockComment && (last == ';' || last == '}')) {
                out.add(new Snippet(start, current.toString()));
                current.setLength(0);
                start = i + 1;
                depth = 0;
            }
        }
        if (!current.toString().isBlank()) {
            out.add(new Snippet(start, current.toString()));
        }
        return out;
    }

    static String blankMagics(String code) {
        StringBuilder sb = new StringBuilder(code.length());
        for (String line : (Iterable<String>) code.lines()::iterator) {
            sb.append(line.stripLeading().startsWith("%") ? "" : line).append('\n');
        }
        return sb.toString();
    }
}

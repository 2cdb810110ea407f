package org.pairforge.notebook;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParseStart;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Providers;
import com.github.javaparser.ast.Node;

import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Java kernels (IJava, JJava) run JShell snippets: top-level statements, methods, classes and a trailing
 * expression without a semicolon. The cell is parsed with JavaParser as a compilation unit, then as a
 * block of statements, then as class members; lines holding a real token count. Code that parses in none
 * of those shapes is counted with the C-family rule and the note says so.
 */
final class JavaLineCounter implements CodeLineCounter {
    private record Shape(ParseStart<? extends Node> start, String prefix, String suffix) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape(ParseStart.COMPILATION_UNIT, "", ""),
            new Shape(ParseStart.BLOCK, "{\n", "\n}"),
            new Shape(ParseStart.BLOCK, "{\n", "\n;}"),
            new Shape(ParseStart.COMPILATION_UNIT, "class JShellSnippet {\n", "\n}"));

    @Override
    public Count count(String code) {
        // JavaParser instances are not thread-safe; a fresh one per call keeps this counter shareable.
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setAttributeComments(false));
        String firstProblem = null;
        for (Shape shape : SHAPES) {
            ParseResult<? extends Node> result = parser.parse(shape.start(),
                    Providers.provider(shape.prefix() + code + shape.suffix()));
            Optional<? extends Node> node = result.getResult();
            if (result.isSuccessful() && node.isPresent() && node.get().getTokenRange().isPresent()) {
                return new Count(codeLines(node.get(), shape.prefix().isEmpty() ? 0 : 1, code), null);
            }
            if (firstProblem == null && !result.getProblems().isEmpty()) {
                firstProblem = result.getProblems().get(0).getVerboseMessage().lines().findFirst().orElse("");
            }
        }
        Count fallback = SlashCommentCounter.INSTANCE.count(code);
        return new Count(fallback.lines(), "Java code does not parse (" + firstProblem + "); counted lines by comment syntax");
    }

    private static int codeLines(Node node, int wrapperLines, String code) {
        int codeLineCount = (int) code.lines().count();
        BitSet lines = new BitSet();
        for (JavaToken token : node.getTokenRange().get()) {
            if (token.getCategory().isWhitespaceOrComment() || token.getKind() == JavaToken.Kind.EOF.getKind()) {
                continue;
            }
            token.getRange().ifPresent(r -> {
                int line = r.begin.line - 1 - wrapperLines; // 0-based line in the user's code
                if (line >= 0 && line < codeLineCount) {
                    lines.set(line);
                }
            });
        }
        return lines.cardinality();
    }
}

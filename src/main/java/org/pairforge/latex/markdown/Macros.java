package org.pairforge.latex.markdown;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The author's definitions, read from the source as TeX would meet them: {@code \newcommand},
 * {@code \renewcommand}, {@code \providecommand} (with an optional argument's default), {@code \def} and its
 * kin with plain or delimited parameters, {@code \let}, {@code \DeclareMathOperator},
 * {@code \DeclarePairedDelimiter} and {@code \newenvironment}. Definitions are global (TeX's groups are not
 * tracked): a paper's macros are nearly always defined once, in the preamble.
 */
final class Macros {
    /**
     * A macro. {@code params} is the parameter text of a {@code \def} (tokens, {@code #n} as PARAM + CHAR), or
     * null for a LaTeX-style definition of {@code arity} arguments whose first is optional when
     * {@code optionalDefault} is not null. {@code pairedDelimiter}: mathtools' {@code \abs*[\big]{x}} shape.
     */
    record Macro(String name, int arity, List<Tok> optionalDefault, List<Tok> params, List<Tok> body,
                 boolean pairedDelimiter) {
    }

    /** An environment defined with {@code \newenvironment}. */
    record Environment(String name, int arity, List<Tok> optionalDefault, List<Tok> begin, List<Tok> end) {
    }

    private final Map<String, Macro> macros = new HashMap<>();
    private final Map<String, Environment> environments = new HashMap<>();

    Macro get(String name) {
        return macros.get(name);
    }

    Environment environment(String name) {
        return environments.get(name);
    }

    boolean defines(String name) {
        return macros.containsKey(name);
    }

    void define(Macro macro, boolean onlyIfNew) {
        if (!onlyIfNew || !macros.containsKey(macro.name())) {
            macros.put(macro.name(), macro);
        }
    }

    void define(Environment environment) {
        environments.put(environment.name(), environment);
    }

    /** {@code \let\a\b}: {@code \a} means what {@code \b} means now. */
    void let(String name, Tok target) {
        if (target.kind() == Tok.Kind.CS && macros.containsKey(target.text())) {
            Macro m = macros.get(target.text());
            macros.put(name, new Macro(name, m.arity(), m.optionalDefault(), m.params(), m.body(), m.pairedDelimiter()));
        } else if (!(target.kind() == Tok.Kind.CS && target.text().equals(name))) {
            macros.put(name, new Macro(name, 0, null, null, List.of(target), false));
        }
    }

    /**
     * The body with {@code #n} replaced by {@code args.get(n - 1)} and {@code ##} by {@code #}; every token
     * placed at ({@code file}, {@code line}), the macro's use.
     */
    static List<Tok> substitute(List<Tok> body, List<List<Tok>> args, int file, int line) {
        List<Tok> out = new ArrayList<>(body.size() + 8);
        for (int i = 0; i < body.size(); i++) {
            Tok t = body.get(i);
            if (t.kind() == Tok.Kind.PARAM && i + 1 < body.size()) {
                Tok next = body.get(i + 1);
                if (next.kind() == Tok.Kind.PARAM) {
                    out.add(next.at(file, line));
                    i++;
                    continue;
                }
                if (next.kind() == Tok.Kind.CHAR && next.text().length() == 1 && Character.isDigit(next.text().charAt(0))) {
                    int n = next.text().charAt(0) - '0';
                    if (n >= 1 && n <= args.size()) {
                        for (Tok a : args.get(n - 1)) {
                            out.add(a.at(file, line));
                        }
                    }
                    i++;
                    continue;
                }
            }
            out.add(t.at(file, line));
        }
        return out;
    }
}

package org.pairforge.latex.markdown;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What walking a paper's source found: its blocks (a heading, a paragraph, a display formula, a table...), the
 * words each holds and the formulas, each at the file and line where SyncTeX will say TeX typeset it (an
 * argument's text at its closing brace, a macro's at its use).
 */
final class SourceDoc {
    enum Kind { TITLE, AUTHOR, ABSTRACT, HEADING, PARAGRAPH, LIST_ITEM, FORMULA, TABLE, CAPTION, FOOTNOTE,
        BIBLIOGRAPHY, ALGORITHM, CODE, FLOAT }

    /** A block of the source. Lines grow as the walk adds to it. */
    static final class Block {
        final int id;
        final Kind kind;
        final int level;        // headings: 0 part .. 5 subparagraph
        final boolean ordered;  // list items of an enumerate
        final int inFloat;      // the float (figure, table) it sits in, or -1
        final String env;
        int file = -1;
        int firstLine = Integer.MAX_VALUE;
        int lastLine = -1;
        List<Tok> tokens = List.of(); // a table's or a formula's body
        String verbatim;                // a code block's text
        int verbatimLine;
        final List<Integer> maths = new ArrayList<>();
        boolean hasGraphic;             // a float holding \includegraphics

        Block(int id, Kind kind, int level, boolean ordered, int inFloat, String env) {
            this.id = id;
            this.kind = kind;
            this.level = level;
            this.ordered = ordered;
            this.inFloat = inFloat;
            this.env = env;
        }

        void touch(int file, int line) {
            if (line <= 0) {
                return;
            }
            if (this.file < 0) {
                this.file = file;
            }
            if (file == this.file) {
                firstLine = Math.min(firstLine, line);
                lastLine = Math.max(lastLine, line);
            }
        }

        @Override
        public String toString() {
            return kind + "#" + id + "@" + file + ":" + firstLine + "-" + lastLine + (env == null ? "" : "{" + env + "}");
        }
    }

    /** A word of text: normalized for matching ({@link Words#norm}), where it is typeset, and its block. */
    record Word(String norm, int file, int line, int block) {
    }

    /**
     * A formula: inline (in a block's text) or display (a formula block's). {@code tokens} are expanded.
     * {@code env} names a display's environment ({@code $$}, {@code \[} are "displaymath").
     */
    record Formula(int id, List<Tok> tokens, int file, int line, int block, boolean display, String env) {
    }

    final List<Path> files;
    final List<Block> blocks = new ArrayList<>();
    final List<Word> words = new ArrayList<>();
    final List<Formula> maths = new ArrayList<>();
    /** Words typeset where the source does not say ({@code \title}, {@code \author}): norm → blocks. */
    final Map<String, List<Integer>> floatingWords = new HashMap<>();
    /** Lines where the bibliography is printed from data, not from the source ({@code \printbibliography}). */
    final List<int[]> printedBibliographies = new ArrayList<>();
    int headingLevelTop = Integer.MAX_VALUE;
    /** Where {@code \\maketitle} stands (file, line): what is printed from there is the title or the front matter. */
    final java.util.Set<Long> maketitle = new java.util.HashSet<>();
    /** The block front matter printed at {@code \\maketitle} goes to when no word says otherwise (a date). */
    int frontBlock = -1;
    /** Words the source writes with a hyphen ("self-adaptive"), to mend a printed line-end hyphen right. */
    final java.util.Set<String> hyphenated = new java.util.HashSet<>();

    SourceDoc(List<Path> files) {
        this.files = files;
    }

    Block block(int id) {
        return blocks.get(id);
    }
}

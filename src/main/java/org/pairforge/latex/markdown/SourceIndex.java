package org.pairforge.latex.markdown;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Lookups over a walked source: the words typeset at a line, the blocks whose lines hold a line. */
final class SourceIndex {
    final SourceDoc doc;
    private final Map<Long, List<SourceDoc.Word>> wordsByLine = new HashMap<>();
    private final Map<Integer, List<SourceDoc.Block>> blocksByFile = new HashMap<>();
    private final Map<Long, Integer> printedBibliography = new HashMap<>();

    SourceIndex(SourceDoc doc) {
        this.doc = doc;
        for (SourceDoc.Word w : doc.words) {
            wordsByLine.computeIfAbsent(key(w.file(), w.line()), k -> new ArrayList<>()).add(w);
        }
        for (SourceDoc.Block b : doc.blocks) {
            if (b.file >= 0 && b.lastLine >= b.firstLine) {
                blocksByFile.computeIfAbsent(b.file, f -> new ArrayList<>()).add(b);
            }
        }
        for (int[] p : doc.printedBibliographies) {
            printedBibliography.put(key(p[0], p[1]), 1);
        }
    }

    static long key(int file, int line) {
        return ((long) file << 32) | (line & 0xffffffffL);
    }

    List<SourceDoc.Word> wordsAt(int file, int line) {
        return wordsByLine.getOrDefault(key(file, line), List.of());
    }

    /** The smallest block whose lines hold {@code line} of {@code file}, or null. */
    SourceDoc.Block smallestAt(int file, int line) {
        SourceDoc.Block best = null;
        for (SourceDoc.Block b : blocksByFile.getOrDefault(file, List.of())) {
            if (b.firstLine <= line && line <= b.lastLine) {
                int span = b.lastLine - b.firstLine;
                if (best == null || span < best.lastLine - best.firstLine
                        || span == best.lastLine - best.firstLine && rank(b) > rank(best)) {
                    best = b;
                }
            }
        }
        return best;
    }

    /**
     * The block that holds {@code line} for a printed line no source word claims: a display, table or code
     * block first (such a line is set apart from the text: a formula's glyphs spell no words), else the
     * smallest block.
     */
    SourceDoc.Block forUnclaimedLine(int file, int line) {
        SourceDoc.Block best = null;
        for (SourceDoc.Block b : blocksByFile.getOrDefault(file, List.of())) {
            if (b.firstLine <= line && line <= b.lastLine && rank(b) == 3
                    && (best == null || b.lastLine - b.firstLine < best.lastLine - best.firstLine)) {
                best = b;
            }
        }
        return best != null ? best : smallestAt(file, line);
    }

    /** The set-apart blocks (displays) that hold {@code line} exactly as {@code b} does, {@code b} first, in source order. */
    List<SourceDoc.Block> sameExtent(SourceDoc.Block b) {
        List<SourceDoc.Block> out = new ArrayList<>();
        for (SourceDoc.Block o : blocksByFile.getOrDefault(b.file, List.of())) {
            if (o.kind == b.kind && o.firstLine == b.firstLine && o.lastLine == b.lastLine) {
                out.add(o);
            }
        }
        return out;
    }

    /** Among blocks of one extent, the ones set apart from the text win (a formula over its paragraph). */
    private static int rank(SourceDoc.Block b) {
        return switch (b.kind) {
            case FORMULA, TABLE, CODE -> 3;
            case ALGORITHM, CAPTION, HEADING -> 2;
            case FLOAT -> 0;
            default -> 1;
        };
    }

    /** The block that starts first after {@code line}, at most {@code within} lines below it, or null. */
    SourceDoc.Block firstAfter(int file, int line, int within) {
        SourceDoc.Block best = null;
        for (SourceDoc.Block b : blocksByFile.getOrDefault(file, List.of())) {
            if (b.kind != SourceDoc.Kind.FLOAT && b.firstLine > line && b.firstLine - line <= within
                    && (best == null || b.firstLine < best.firstLine)) {
                best = b;
            }
        }
        return best;
    }

    boolean printsBibliography(int file, int line) {
        return printedBibliography.containsKey(key(file, line));
    }
}

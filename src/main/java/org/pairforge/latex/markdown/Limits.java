package org.pairforge.latex.markdown;

/**
 * What one paper's Markdown may cost: tokens read, macro expansions, the size of what is collected (a formula,
 * a table) and wall time. A paper over a limit gets no Markdown, with the limit in the reason; its pages keep
 * everything else.
 */
final class Limits {
    /** A limit was passed; the message names it. */
    static final class Exceeded extends Exception {
        Exceeded(String message) {
            super(message);
        }
    }

    private final long deadline;
    private final long maxSteps;
    private final long maxExpansions;
    private final long maxExpandedTokens;
    private final int maxCollected;
    private final long maxSourceBytes;
    private final String timeFlag;
    private long steps;
    private long expansions;
    private long expandedTokens;

    Limits(long deadlineNanos, long maxSteps, long maxExpansions, long maxExpandedTokens, int maxCollected,
           long maxSourceBytes, String timeFlag) {
        this.deadline = deadlineNanos;
        this.maxSteps = maxSteps;
        this.maxExpansions = maxExpansions;
        this.maxExpandedTokens = maxExpandedTokens;
        this.maxCollected = maxCollected;
        this.maxSourceBytes = maxSourceBytes;
        this.timeFlag = timeFlag;
    }

    /** Defaults for one paper: generous for real papers (the largest use a fraction), tight for bombs. */
    static Limits forPaper(long deadlineNanos, String timeFlag) {
        return new Limits(deadlineNanos, 20_000_000, 2_000_000, 20_000_000, 2_000_000, 64L << 20, timeFlag);
    }

    long maxSourceBytes() {
        return maxSourceBytes;
    }

    void step() throws Exceeded {
        if (++steps > maxSteps) {
            throw new Exceeded("reading the sources took more than " + maxSteps + " tokens");
        }
        if ((steps & 0xfff) == 0) {
            checkTime();
        }
    }

    void checkTime() throws Exceeded {
        if (System.nanoTime() - deadline > 0) {
            throw new Exceeded("making the Markdown took longer than its time limit (" + timeFlag + ")");
        }
    }

    void expansion(String name) throws Exceeded {
        if (++expansions > maxExpansions) {
            throw new Exceeded("macros were expanded more than " + maxExpansions + " times (last \\" + name
                    + "): a macro that expands forever?");
        }
    }

    void expanded(int tokens) throws Exceeded {
        expandedTokens += tokens;
        if (expandedTokens > maxExpandedTokens) {
            throw new Exceeded("macro expansion made more than " + maxExpandedTokens + " tokens");
        }
    }

    void collected(int size) throws Exceeded {
        if (size > maxCollected) {
            throw new Exceeded("one argument, formula or table holds more than " + maxCollected + " tokens");
        }
    }
}

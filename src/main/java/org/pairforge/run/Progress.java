package org.pairforge.run;

/** How a run reports progress; the CLI draws a bar on a terminal, tests and Spark pass {@link #NONE}. */
public interface Progress {
    void start(long totalBytes);

    void advance(long bytes);

    void finish();

    Progress NONE = new Progress() {
        @Override
        public void start(long totalBytes) {
        }

        @Override
        public void advance(long bytes) {
        }

        @Override
        public void finish() {
        }
    };
}

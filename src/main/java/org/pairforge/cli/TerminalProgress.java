package org.pairforge.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.pairforge.run.Progress;

/** A progress bar over input bytes, drawn only when stderr is a terminal. */
final class TerminalProgress implements Progress {
    private final String task;
    private ProgressBar bar;

    TerminalProgress(String task) {
        this.task = task;
    }

    static Progress forConsole(String task, boolean wanted) {
        return wanted && System.console() != null ? new TerminalProgress(task) : Progress.NONE;
    }

    @Override
    public synchronized void start(long totalBytes) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(1, totalBytes / 1024))
                .setUnit(" MiB", 1024).setStyle(ProgressBarStyle.ASCII).showSpeed().continuousUpdate().build();
    }

    @Override
    public synchronized void advance(long bytes) {
        if (bar != null) {
            bar.stepBy(bytes / 1024);
        }
    }

    @Override
    public synchronized void finish() {
        if (bar != null) {
            bar.stepTo(bar.getMax());
            bar.close();
        }
    }
}

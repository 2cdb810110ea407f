package org.pairforge.check;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A PNG histogram of the self-check's scores per sample kind, beside {@code summary.json}: {@code check_scores_KIND.png}. */
public final class ScoreCharts {
    private ScoreCharts() {
    }

    private static final String PREFIX = "check_scores_";

    public static Path fileFor(Path out, String kind) {
        return out.resolve(PREFIX + kind.replaceAll("[^A-Za-z0-9_-]", "_") + ".png");
    }

    /** Removes an earlier run's charts from {@code out} (an overwritten run). */
    public static void deleteAll(Path out) throws IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(out)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    /** Writes one chart per kind with scored samples; returns the files written. */
    public static List<Path> write(CheckTally tally, Path out) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, int[]> e : tally.bins().entrySet()) {
            int[] bins = e.getValue();
            List<String> labels = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            int total = 0;
            for (int d = 0; d < 20; d++) {
                int n = 0;
                for (int i = d * 5; i < (d == 19 ? bins.length : d * 5 + 5); i++) {
                    n += bins[i];
                }
                total += n;
                labels.add(String.format(Locale.ROOT, "%.2f", d / 20.0));
                counts.add(n);
            }
            if (total == 0) {
                continue;
            }
            CategoryChart chart = new CategoryChartBuilder().width(800).height(400)
                    .title("self-check scores: " + e.getKey() + " (" + total + " samples)")
                    .xAxisTitle("score (bin's lower edge)").yAxisTitle("samples").build();
            chart.getStyler().setLegendVisible(false);
            chart.getStyler().setXAxisLabelRotation(45);
            chart.addSeries("samples", labels, counts);
            Path file = fileFor(out, e.getKey());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            // saveBitmap appends the extension when the name lacks it
            Path made = tmp.toString().endsWith(".png") ? tmp : Path.of(tmp + ".png");
            org.pairforge.shard.ShardLayout.moveIntoPlace(made, file);
            written.add(file);
        }
        return written;
    }
}

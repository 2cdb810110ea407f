package org.pairforge.check;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A PNG histogram of the self-check's scores per sample kind, beside {@code summary.json}: {@code check_scores_KIND.png}. */
public final class ScoreCharts {
    private ScoreCharts() {
    }

    private static final String PREFIX = "check_scores_";

    /** The chart's file name for a sample kind. */
    public static String fileFor(String kind) {
        return PREFIX + kind.replaceAll("[^A-Za-z0-9_-]", "_") + ".png";
    }

    /** One PNG chart per kind with scored samples: file name → bytes. */
    public static Map<String, byte[]> charts(CheckTally tally) throws IOException {
        Map<String, byte[]> written = new java.util.TreeMap<>();
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
            written.put(fileFor(e.getKey()), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        }
        return written;
    }
}

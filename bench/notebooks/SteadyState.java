import org.pairforge.notebook.NotebookOptions;
import org.pairforge.pipeline.Pipeline;
import org.pairforge.run.BatchRunner;
import org.pairforge.run.Progress;
import org.pairforge.run.RunConfig;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The CLI's BatchRunner, run five times in one JVM on the same input: the median of the last three is the
 * steady-state throughput, without JVM start and JIT warm-up (which a long production run amortizes).
 * usage: java -cp target/pairforge.jar bench/notebooks/SteadyState.java INPUT_DIR OUT_DIR WORKERS
 */
public class SteadyState {
    public static void main(String[] args) throws Exception {
        int workers = Integer.parseInt(args[2]);
        double[] seconds = new double[5];
        long bytes = 0;
        for (int run = 0; run < seconds.length; run++) {
            NotebookOptions options = NotebookOptions.builder().build();
            RunConfig config = new RunConfig("notebooks", List.of(Path.of(args[0])), Path.of(args[1]), workers, Integer.parseInt(System.getProperty("shard","1000")),
                    false, true, Pipeline.notebooks(options).maxInputBytes(), Map.of());
            deleteTree(Path.of(args[1])); // as the CLI benchmark does for every contender, outside the timing
            long t = System.nanoTime();
            Map<String, Object> summary;
            try (Pipeline pipeline = Pipeline.notebooks(options).build()) {
                summary = new BatchRunner(pipeline, config, Progress.NONE).run();
            }
            seconds[run] = (System.nanoTime() - t) / 1e9;
            bytes = Math.round(((Number) ((Map<?, ?>) summary.get("throughput")).get("input_mb_per_s")).doubleValue()
                    * 1e6 * ((Number) summary.get("seconds")).doubleValue());
        }
        double[] last = Arrays.copyOfRange(seconds, 2, 5);
        Arrays.sort(last);
        System.err.println("runs (s): " + Arrays.toString(seconds));
        System.out.printf("%.3f%n", last[1]);
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (java.nio.file.Files.exists(root)) {
            try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
        }
    }
}

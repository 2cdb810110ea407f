package org.pairforge.cli;

import org.pairforge.inspect.FunnelTable;
import org.pairforge.inspect.Gallery;
import org.pairforge.inspect.Inspection;
import org.pairforge.core.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints a dataset's funnel and writes one self-contained HTML page to look at a sample of its pairs and its rejects.")
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DATASET", description = "a run's output folder (shards/, summary.json, rejects.jsonl), or a folder of them such as a fixture set")
    Path dataset;

    @Option(names = "--html", paramLabel = "OUT.html", description = "write the gallery there")
    Path html;

    @Option(names = "--sample", paramLabel = "N", description = "samples shown per kind (default: ${DEFAULT-VALUE})")
    int sample = 50;

    @Option(names = "--seed", paramLabel = "S", description = "which samples the seeded sample picks (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--kind", paramLabel = "K", description = "only runs of this command (documents) or sample kind (document-page)")
    String kind;

    @Option(names = "--worst-by-score", description = "show the N lowest self-check scores instead of a seeded sample")
    boolean worstByScore;

    @Option(names = "--max-rejects", paramLabel = "N", description = "rejects listed per run at most; past it, a seeded sample (default: ${DEFAULT-VALUE})")
    int maxRejects = 1000;

    @Override
    public Integer call() throws Exception {
        Inspection inspection;
        try {
            if (html != null && html.toAbsolutePath().getParent() != null && !Files.isDirectory(html.toAbsolutePath().getParent())) {
                throw new UsageException("--html " + html + ": its folder does not exist");
            }
            inspection = Inspection.of(dataset, new Inspection.Options(sample, seed, kind, worstByScore, maxRejects));
        } catch (IllegalArgumentException | UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(FunnelTable.render(inspection));
        if (html != null) {
            Gallery.write(inspection, html);
            out.println("wrote " + html + ": " + inspection.runs().stream().mapToInt(r -> r.shown().size()).sum()
                    + " sample(s), " + inspection.runs().stream().mapToInt(r -> r.rejects().size()).sum() + " reject(s)");
        }
        out.flush();
        return 0;
    }
}

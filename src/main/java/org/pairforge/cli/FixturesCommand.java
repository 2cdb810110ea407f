package org.pairforge.cli;

import org.pairforge.check.CheckOptions;
import org.pairforge.fixtures.FixtureSpec;
import org.pairforge.fixtures.Fixtures;
import org.pairforge.core.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "fixtures", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Makes a small dataset of every kind for other projects' tests: the same seed gives the same bytes.")
final class FixturesCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "a new or empty folder, or an earlier fixture set to replace (default: output/fixtures)")
    Path out = Path.of("output", "fixtures");

    @Option(names = "--seed", paramLabel = "S", description = "every generated input derives from it (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--kinds", paramLabel = "K[,K...]", description = "among notebooks, documents, latex, web (default: ${DEFAULT-VALUE})")
    String kinds = String.join(",", Fixtures.kinds());

    @Option(names = "--count", paramLabel = "N", description = "generated inputs per kind, besides those made to be rejected (default: ${DEFAULT-VALUE})")
    int count = 3;

    @Option(names = "--check", paramLabel = "CHECKER", description = "self-check every sample: tesseract, ppocr or auto (default: no check)")
    String check;

    @Option(names = "--workers", paramLabel = "N", description = "worker threads; the files are the same for any (default: all cores, ${DEFAULT-VALUE})")
    int workers = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        FixtureSpec fixture;
        try {
            FixtureSpec.Builder b = FixtureSpec.builder().seed(seed).count(count).workers(workers)
                    .kinds(Arrays.stream(kinds.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList());
            if (check != null) {
                b.check(CheckOptions.builder().embedded(CheckOptions.Embedded.of(check)).build());
            }
            fixture = b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage().replace("--checker", "--check"));
        }
        Fixtures.FixtureSet set;
        try {
            set = Fixtures.write(out, fixture);
        } catch (UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("%-10s %7s %6s %8s %7s%n", "kind", "inputs", "kept", "rejected", "shards");
        set.summaries().forEach((kind, s) -> {
            @SuppressWarnings("unchecked")
            int rejected = ((Map<String, Number>) s.get("dropped")).values().stream().mapToInt(Number::intValue).sum()
                    + ((Number) s.get("inputs_unreadable")).intValue();
            stdout.printf("%-10s %7s %6s %8d %7s%n", kind, s.get("inputs_read"), s.get("kept"), rejected, s.get("shards"));
        });
        stdout.println("wrote " + out.resolve("fixtures.json") + " and " + String.join(", ",
                set.summaries().keySet().stream().map(k -> out.resolve(k).toString()).toList()));
        stdout.flush();
        return 0;
    }
}

package org.pairforge.cli;

import org.pairforge.check.CheckOptions;
import org.pairforge.pipeline.PipelineSpec;
import org.pairforge.run.RunConfig;
import org.pairforge.core.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.util.List;
import java.util.Map;

/**
 * {@code pairforge spark KIND ...}: the same command, options and inputs, run as a Spark job (local, or on the
 * cluster spark-submit names). Spark is not in pairforge's jar: {@code bin/pairforge spark} puts the Spark jars
 * that bin/setup resolved on the class path, and a cluster brings its own.
 */
@Command(name = "spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs a command as an Apache Spark job: Parquet for Hugging Face datasets, or WebDataset shards.",
        subcommands = {NotebooksCommand.class, DocumentsCommand.class, LatexCommand.class, WebCommand.class, CheckCommand.class})
final class SparkCommand implements Runnable {
    @Option(names = "--master", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else local[*])")
    String master;

    // Not inherited: the web command has a --format of its own (png or jpeg); formatBeforeKind moves an output
    // format written after the kind to here.
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "parquet (data/NNNNNN.parquet that Hugging Face datasets loads, with README.md) or webdataset (shards/NNNNNN.tar), before or after the command (default: ${DEFAULT-VALUE})")
    String format = "parquet";

    @Option(names = "--conf", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT,
            description = "a Spark setting, as spark-submit --conf takes it; the file systems' as spark.hadoop.* (e.g. spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:9000)")
    Map<String, String> conf = new java.util.LinkedHashMap<>();

    @Option(names = "--partitions", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "ranges the listed inputs are split into (default: four per core of the cluster)")
    Integer partitions;

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    /**
     * {@code pairforge spark [options] KIND [options]}: the output format may follow the kind. It is moved before
     * the kind, where picocli takes it, unless the kind is web and the value is not an output format (then it is
     * the web command's own --format, png or jpeg).
     */
    static String[] formatBeforeKind(String[] args) {
        if (args.length < 3 || !args[0].equals("spark")) {
            return args;
        }
        java.util.List<String> before = new java.util.ArrayList<>(java.util.List.of(args[0]));
        java.util.List<String> after = new java.util.ArrayList<>();
        String kind = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (kind == null) {
                before.add(a);
                kind = !a.startsWith("-") && !SPARK_OPTIONS_WITH_VALUE.contains(args[i - 1]) ? a : null;
                continue;
            }
            String value = a.startsWith("--format=") ? a.substring("--format=".length())
                    : a.equals("--format") && i + 1 < args.length ? args[i + 1] : null;
            if (value != null && (!kind.equals("web") || FORMATS.contains(value))) {
                before.add(before.size() - 1, "--format=" + value);
                i += a.equals("--format") ? 1 : 0;
                continue;
            }
            after.add(a);
        }
        before.addAll(after);
        return before.toArray(String[]::new);
    }

    private static final java.util.Set<String> SPARK_OPTIONS_WITH_VALUE = java.util.Set.of("--master", "--format",
            "--partitions", "--conf");
    private static final java.util.List<String> FORMATS = java.util.List.of("parquet", "webdataset");

    /** The spark command above {@code cli}, or null when it runs as a plain CLI command. */
    static SparkCommand above(CommandLine cli) {
        for (CommandLine c = cli.getParent(); c != null; c = c.getParent()) {
            if (c.getCommand() instanceof SparkCommand s) {
                return s;
            }
        }
        return null;
    }

    /** Runs the command's job on Spark and prints its summary. */
    int execute(CommandLine cli, PipelineSpec spec, RunConfig config, CheckOptions check) throws Exception {
        // inputs and -o as typed: a URI (hdfs://nn/in, s3a://bucket/out) is no local path
        CommandLine.ParseResult parsed = cli.getParseResult();
        List<String> inputs = parsed.matchedPositionals().isEmpty() ? List.of()
                : parsed.matchedPositionals().get(0).stringValues();
        String out = parsed.hasMatchedOption("-o") ? parsed.matchedOption("-o").stringValues().get(0) : config.out().toString();
        if (config.command().equals("check")) {
            for (String in : inputs) {
                if (in.endsWith(".parquet") || in.replaceFirst("/+$", "").endsWith("/data") || in.equals("data")) {
                    throw new UsageException("DATASET " + in + ": name the dataset's own folder (the one holding data/ "
                            + "or shards/), not its Parquet files");
                }
            }
        }
        Map<String, Object> summary;
        try {
            summary = SparkLauncher.run(config, spec, inputs, out, master, format, partitions, check, conf);
        } catch (NoClassDefFoundError e) {
            throw new UsageException("Spark is not on the class path (" + e.getMessage() + "): run it as "
                    + "'bin/pairforge spark ...' (bin/setup resolves Spark) or with spark-submit");
        }
        java.io.PrintWriter stdout = cli.getOut();
        stdout.print(org.pairforge.run.RunSummary.render(summary, List.of()));
        stdout.println("on " + summary.get("master"));
        stdout.println("wrote " + out + "/" + (format.equals("parquet") ? "data" : "shards") + ", "
                + out + "/summary.json, " + out + "/rejects.jsonl");
        stdout.flush();
        return 0;
    }

    /** Apart, so that the CLI loads no Spark class unless a spark command runs. */
    private static final class SparkLauncher {
        static Map<String, Object> run(RunConfig config, PipelineSpec spec, List<String> inputs, String out, String master,
                                       String format, Integer partitions, CheckOptions check, Map<String, String> conf)
                throws java.io.IOException {
            return new org.pairforge.spark.SparkJob(config.command(), spec, inputs, out, master, format, partitions,
                    check, config.settings(), config.resume(), config.overwrite(), conf).run();
        }
    }
}

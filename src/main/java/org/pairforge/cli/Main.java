package org.pairforge.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pairforge COMMAND ...}: exit 0 when a run completes, 2 for usage errors, 1 for fatal errors. */
@Command(name = "pairforge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Manufactures (image, text) training pairs for vision-language models.",
        subcommands = {NotebooksCommand.class, DocumentsCommand.class, LatexCommand.class, WebCommand.class, CheckCommand.class,
                SparkCommand.class, FixturesCommand.class, InspectCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // stdout carries the summary, for scripts to read. Libraries print there on their own (Flying Saucer
        // announces every CSS @import it resolves): their lines go to stderr instead.
        PrintStream stdout = System.out;
        System.setOut(System.err);
        System.exit(execute(stdout, args));
    }

    /** Runs a command line in-process and returns its exit code (tests call this). */
    public static int execute(String... args) {
        return execute(System.out, args);
    }

    static int execute(PrintStream stdout, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("pairforge: error: " + oneLine(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, ignored) -> {
            // the command as typed: 'pairforge spark notebooks', not 'pairforge notebooks'
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println("pairforge: " + oneLine(e) + " (see '" + command + " --help')");
            return CommandLine.ExitCode.USAGE;
        });
        return cli.execute(SparkCommand.formatBeforeKind(args));
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"pairforge " + org.pairforge.core.PairforgeVersion.VERSION};
        }
    }
}

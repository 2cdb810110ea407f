package org.pairforge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --check} on a generating command: the self-check as the run's last stage, with the check command's options. */
final class CheckStage {
    @Option(names = "--check", description = "self-check every sample as it is made (Tesseract, or the model at --model-url); see 'pairforge check --help' for the options below")
    boolean check;

    @CommandLine.Mixin
    CheckFlags flags;

    /** The check's options when it is on (--check, or --model-url given), else null. */
    CheckFlags enabled() {
        return check || flags.modelUrl != null ? flags : null;
    }
}

package org.pairforge.spark;

/**
 * The class to give {@code spark-submit}: {@code spark-submit --class org.pairforge.spark.SparkMain pairforge.jar
 * notebooks|documents|latex|web|check INPUT... -o OUT [options]} runs {@code pairforge spark ...} on the cluster
 * spark-submit names; the driver's exit code is the CLI's (2 for misuse).
 */
public final class SparkMain {
    private SparkMain() {
    }

    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "spark";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = org.pairforge.cli.Main.execute(all);
        if (code != 0) {
            System.exit(code);
        }
    }
}

package org.pairforge.shard;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Where a run's files live: a local folder ({@link LocalStore}), or any Hadoop file system a Spark job writes to
 * (HDFS, S3). Names are relative to the run's root, with {@code /} between folders ({@link ShardLayout} makes
 * them). A file appears whole: what {@link #create} returns puts its bytes under the name only when it is closed,
 * replacing what was there; {@link Output#abort()} leaves the name as it was. So a reader never meets half a file,
 * and a killed writer leaves no file that looks finished.
 */
public interface RunStore {
    /**
     * A file being written; its bytes appear under its name, whole, on {@link #close()}. A store gives the stream
     * it writes to, what makes the bytes appear once that stream is closed, and what gives them up.
     */
    final class Output extends FilterOutputStream {
        /** One step of a store's commit or abort. */
        @FunctionalInterface
        public interface Step {
            void run() throws IOException;
        }

        private final Step publish;
        private final Step discard;
        private boolean done;

        /**
         * @param publish run after {@code out} is closed: makes the file appear under its name
         * @param discard run instead of closing {@code out}: leaves nothing under the name
         */
        public Output(OutputStream out, Step publish, Step discard) {
            super(out);
            this.publish = publish;
            this.discard = discard;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                out.close();
                publish.run();
            }
        }

        /** Gives up the file: nothing appears, an earlier file of the name stays. Idempotent; close does nothing after. */
        public void abort() throws IOException {
            if (!done) {
                done = true;
                discard.run();
            }
        }
    }

    Output create(String name) throws IOException;

    InputStream open(String name) throws IOException;

    boolean exists(String name) throws IOException;

    long size(String name) throws IOException;

    /** Removes a file, or a folder with all it holds; nothing when it does not exist. */
    void delete(String name) throws IOException;

    /** The names of the files directly in folder {@code dir} ({@code ""}: the root), sorted; empty when there is none. */
    List<String> list(String dir) throws IOException;

    /** Removes what writers killed with their process left (files being written, never finished). */
    void removeTemporaries() throws IOException;

    /** The name as the user would write it (a path, a URI), for messages. */
    String describe(String name);

    /** What writes a file's bytes. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes a whole file with {@code body}; if it fails, nothing appears and the failure is thrown. */
    default void write(String name, Body body) throws IOException {
        Output out = create(name);
        try {
            body.write(out);
        } catch (IOException | RuntimeException | Error e) {
            out.abort();
            throw e;
        }
        out.close();
    }

    /** Writes {@code bytes} as one whole file. */
    default void write(String name, byte[] bytes) throws IOException {
        write(name, out -> out.write(bytes));
    }

    /** Writes lines (each ended by a newline) as one whole file. */
    default void writeLines(String name, List<String> lines) throws IOException {
        write(name, out -> {
            java.io.BufferedWriter w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out,
                    java.nio.charset.StandardCharsets.UTF_8), 1 << 16);
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
            w.flush();
        });
    }

    /** The lines of a file {@link #writeLines} wrote (blank ones skipped). */
    default List<String> readLines(String name) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(open(name),
                java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isEmpty()) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /** The files of {@code parts} that exist, joined in order into one whole file {@code target}. */
    default void concatenate(List<String> parts, String target) throws IOException {
        write(target, out -> {
            for (String part : parts) {
                if (exists(part)) {
                    try (InputStream in = open(part)) {
                        in.transferTo(out);
                    }
                }
            }
        });
    }
}

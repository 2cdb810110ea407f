package org.pairforge.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.pairforge.core.Json;
import org.pairforge.core.UsageException;
import org.pairforge.shard.RunStore;
import org.pairforge.shard.ShardLayout;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run was asked ({@code run.json}: the command, its inputs as named, how it is cut, its settings), and
 * what an output folder must hold for a run to go into it: nothing, or with {@code --overwrite} anything, or with
 * {@code --resume} an earlier run that was asked the same. Together with the shards' listings
 * ({@link ShardListing}) it is the one resume manifest of the CLI and of Spark.
 */
public final class RunManifest {
    private final Map<String, Object> manifest;

    /**
     * @param inputs the inputs as the run names them
     * @param cut    how the run is cut (the shard size; a Spark job's partitions): what a resume must keep
     */
    public RunManifest(String command, List<String> inputs, Map<String, Object> cut, long maxInputBytes,
                       Map<String, Object> settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("inputs", List.copyOf(inputs));
        m.putAll(cut);
        m.put("max_input_bytes", maxInputBytes);
        m.put("settings", new TreeMap<>(settings));
        this.manifest = m;
    }

    /** Whether {@code store} holds a run (its manifest, or shards). */
    public static boolean holdsRun(RunStore store) throws IOException {
        return store.exists(ShardLayout.RUN) || !store.list(ShardLayout.SHARDS).isEmpty();
    }

    /**
     * Readies {@code store} for this run: refuses an earlier run unless told what to do with it ({@code overwrite}
     * removes it; {@code resume} keeps it if it was asked the same), then writes {@code run.json}.
     *
     * @return whether an earlier run is resumed
     * @throws UsageException when the store holds a run it may not replace or resume, naming the flag
     */
    public boolean prepare(RunStore store, boolean resume, boolean overwrite) throws IOException {
        if (resume && overwrite) {
            throw new UsageException("--resume and --overwrite contradict each other; pass one");
        }
        boolean earlier = holdsRun(store);
        if (earlier && overwrite) {
            deleteRun(store);
        } else if (earlier && resume) {
            checkSame(store);
        } else if (earlier) {
            throw new UsageException(store.describe("") + " already holds a run; pass --resume to finish it or --overwrite to replace it");
        }
        return earlier && resume;
    }

    /** Writes {@code run.json}. */
    public void write(RunStore store) throws IOException {
        store.write(ShardLayout.RUN, Json.PRETTY.writeValueAsBytes(manifest));
    }

    private void checkSame(RunStore store) throws IOException {
        if (!store.exists(ShardLayout.RUN)) {
            throw new UsageException(store.describe("") + " has shards but no run.json; cannot tell what run they belong to");
        }
        JsonNode before;
        try (InputStream in = store.open(ShardLayout.RUN)) {
            before = Json.MAPPER.readTree(in);
        }
        // Through text, as the stored one went, so numbers compare by value rather than by node type.
        JsonNode now = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(manifest));
        List<String> differ = new ArrayList<>();
        now.fieldNames().forEachRemaining(f -> {
            if (!now.get(f).equals(before.get(f))) {
                differ.add(f + " (was " + before.get(f) + ", now " + now.get(f) + ")");
            }
        });
        if (!differ.isEmpty()) {
            throw new UsageException("--resume needs the same run as before, but these differ: " + String.join("; ", differ)
                    + "; pass --overwrite to start afresh");
        }
    }

    /** An earlier run's files: its shards and samples, the files its end wrote (as its summary lists them), its manifest. */
    public static void deleteRun(RunStore store) throws IOException {
        if (store.exists(ShardLayout.SUMMARY)) {
            try (InputStream in = store.open(ShardLayout.SUMMARY)) {
                for (JsonNode file : Json.MAPPER.readTree(in).path("files")) {
                    store.delete(file.asText());
                }
            } catch (IOException e) {
                // a summary that cannot be read lists nothing to remove beyond the layout's own files
            }
        }
        store.delete(ShardLayout.SHARDS);
        store.delete(ShardLayout.DATA);
        store.delete(ShardLayout.REJECTS);
        store.delete(ShardLayout.SUMMARY);
        store.delete(ShardLayout.RUN);
    }

    /** The lines of a shard's listing, or null when the run has none for it. */
    public static List<String> listing(RunStore store, int shard) throws IOException {
        String name = ShardLayout.inputsName(shard);
        if (!store.exists(name)) {
            return null;
        }
        return store.readLines(name);
    }
}

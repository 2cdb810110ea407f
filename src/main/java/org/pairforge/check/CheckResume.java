package org.pairforge.check;

import org.pairforge.core.Rejection;
import org.pairforge.core.Json;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a resumed check keeps from the run it resumes: finished shards whose check errors list is not empty are
 * done again, and in them every sample that already has a result (ok, no_text, below_min_score) keeps it, so
 * requests go out for exactly the samples in {@code error} (and for the unfinished shards).
 */
public final class CheckResume {
    private final Set<Integer> redo = new TreeSet<>();
    private final Map<String, SelfCheck.Prior> priors = new HashMap<>();

    private CheckResume() {
    }

    /** Reads {@code out}'s finished shards; nothing is changed there. */
    public static CheckResume of(Path out) throws IOException {
        CheckResume r = new CheckResume();
        ShardLayout layout = new ShardLayout(out);
        for (int shard : layout.finishedShards()) {
            Path errors = layout.file(shard, SelfCheck.ERRORS_FILE);
            if (!Files.exists(errors) || Files.size(errors) == 0) {
                continue;
            }
            r.redo.add(shard);
            for (ShardReader.TarSample t : ShardReader.read(layout.tar(shard))) {
                byte[] json = t.members().get("json");
                if (json == null) {
                    continue;
                }
                Object check = Json.MAPPER.readValue(json, Map.class).get(SelfCheck.NAME);
                if (check instanceof Map<?, ?> c && CheckResult.fromMap(c).status() != CheckResult.Status.ERROR) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> typed = (Map<String, Object>) c;
                    byte[] caption = t.members().get(SelfCheck.CAPTION_MEMBER);
                    r.priors.put(t.key(), new SelfCheck.Prior(typed,
                            caption == null ? null : new String(caption, StandardCharsets.UTF_8), null));
                }
            }
            for (Rejection rej : ShardReader.readRejects(layout.rejects(shard))) {
                if (SelfCheck.BELOW_MIN_SCORE.equals(rej.reason()) && rej.key() != null) {
                    r.priors.put(rej.key(), new SelfCheck.Prior(null, null, rej));
                }
            }
        }
        return r;
    }

    /** Finished shards to do again. */
    public Set<Integer> shardsToRedo() {
        return java.util.Collections.unmodifiableSet(redo);
    }

    /** Results to keep, by sample key (for {@link SelfCheck#reuse}). */
    public Map<String, SelfCheck.Prior> priors() {
        return java.util.Collections.unmodifiableMap(priors);
    }

}

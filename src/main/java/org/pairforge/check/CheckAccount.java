package org.pairforge.check;

import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.pipeline.ShardAccounting;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-check's account of one shard: the checks of the samples it keeps (a duplicate's is forgotten) and of
 * those it dropped under {@code --min-score}; its stats are the shard's {@link CheckTally}, its lines the samples
 * whose reading failed after every retry ({@code check_errors.jsonl}).
 */
final class CheckAccount implements ShardAccounting.Account {
    private record Checked(String source, String kind, CheckResult check) implements Serializable {
    }

    private final LinkedHashMap<String, Checked> kept = new LinkedHashMap<>();
    private final ArrayList<Checked> dropped = new ArrayList<>();

    @Override
    public void sample(Sample sample) {
        Object kind = sample.metadata().get("kind");
        CheckResult.of(sample).ifPresent(c -> kept.put(sample.key(),
                new Checked(sample.source().id(), kind instanceof String k ? k : null, c)));
    }

    @Override
    public void rejection(Rejection r) {
        if (r.details().get(SelfCheck.NAME) instanceof Map<?, ?> check) {
            Object kind = r.details().get("kind");
            Object checkKind = check.get("kind");
            dropped.add(new Checked(r.source(), checkKind instanceof String s ? s : kind instanceof String s ? s : "unknown",
                    CheckResult.fromMap(check)));
        }
    }

    @Override
    public void duplicate(String key) {
        kept.remove(key);
    }

    @Override
    public Object stats() {
        CheckTally tally = new CheckTally();
        kept.values().forEach(c -> tally.add(c.kind(), c.check()));
        dropped.forEach(c -> tally.add(c.kind(), c.check()));
        return tally.toMap();
    }

    @Override
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        kept.forEach((key, c) -> {
            if (c.check().status() == CheckResult.Status.ERROR) {
                try {
                    lines.add(CheckTally.errorLine(c.source(), key, c.kind(), c.check()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        return lines;
    }
}

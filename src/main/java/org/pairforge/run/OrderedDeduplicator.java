package org.pairforge.run;

import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Run-wide exact de-duplication that gives the same answer for any number of workers: shards are admitted
 * strictly in index order (the first occurrence in input order wins), while the expensive part, extraction,
 * still runs in parallel. A worker holding shard k waits only for shards below k, which are being processed
 * or settled, because shards are dispatched in order; so there is no deadlock.
 */
public final class OrderedDeduplicator implements Deduplicator {
    private final Map<String, String> firstKeyByDedupKey = new HashMap<>();
    private final BitSet settled = new BitSet();

    @Override
    public synchronized List<Sample> admit(int shard, List<Sample> samples, List<Rejection> rejections)
            throws InterruptedException {
        while (settled.nextClearBit(0) < shard) {
            wait();
        }
        List<Sample> kept = new java.util.ArrayList<>(samples.size());
        for (Sample s : samples) {
            String dedupKey = (String) s.metadata().get("dedup_key");
            String first = dedupKey == null ? null : firstKeyByDedupKey.putIfAbsent(dedupKey, s.key());
            if (first == null) {
                kept.add(s);
            } else {
                rejections.add(new Rejection(s.source().id(), s.key(), Rejection.Stage.DEDUP, REASON,
                        "same image bytes and normalized code as " + first));
            }
        }
        settled.set(shard);
        notifyAll();
        return kept;
    }

    @Override
    public synchronized void settle(int shard, Map<String, String> keptSamples) {
        keptSamples.forEach(firstKeyByDedupKey::putIfAbsent);
        settled.set(shard);
        notifyAll();
    }
}

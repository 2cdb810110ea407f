package org.pairforge.run;

import org.pairforge.core.Rejection;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
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
    public synchronized Set<String> admit(int shard, List<Entry> entries, List<Rejection> rejections)
            throws InterruptedException {
        while (settled.nextClearBit(0) < shard) {
            wait();
        }
        Set<String> duplicates = new HashSet<>();
        for (Entry e : entries) {
            String first = e.dedupKey() == null ? null : firstKeyByDedupKey.putIfAbsent(e.dedupKey(), e.key());
            if (first != null) {
                duplicates.add(e.key());
                rejections.add(new Rejection(e.source(), e.key(), Rejection.Stage.DEDUP, REASON,
                        "same image bytes and normalized text as " + first));
            }
        }
        settled.set(shard);
        notifyAll();
        return duplicates;
    }

    @Override
    public synchronized void settle(int shard, Map<String, String> keptSamples) {
        keptSamples.forEach(firstKeyByDedupKey::putIfAbsent);
        settled.set(shard);
        notifyAll();
    }
}

package org.pairforge.run;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Run-wide exact de-duplication that gives the same answer for any number of workers: shards are admitted
 * strictly in index order (the first occurrence in input order wins), while the expensive part, extraction,
 * still runs in parallel. A worker holding shard k waits only for shards below k, which are being processed
 * or settled, because shards are dispatched in order; so there is no deadlock. A Spark driver admits its
 * partitions the same way, in order, once their tasks made them.
 */
public final class OrderedDeduplicator implements Deduplicator {
    private final Map<String, String> firstKeyByDedupKey = new HashMap<>();
    private final BitSet settled = new BitSet();

    @Override
    public synchronized List<Duplicate> admit(int shard, List<Entry> entries) throws InterruptedException {
        while (settled.nextClearBit(0) < shard) {
            wait();
        }
        List<Duplicate> duplicates = new ArrayList<>();
        for (Entry e : entries) {
            String first = e.dedupKey() == null ? null : firstKeyByDedupKey.putIfAbsent(e.dedupKey(), e.key());
            if (first != null) {
                duplicates.add(new Duplicate(e.key(), e.source(), first));
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

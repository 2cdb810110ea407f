package org.pairforge.run;

import org.pairforge.pipeline.ShardAccounting;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A shard whose samples are made and written, not yet committed: what {@link ShardEngine#make} leaves for
 * de-duplication (its entries) and for {@link ShardEngine#commit} (everything else). On Spark it goes from the task
 * that made the shard to the driver, which de-duplicates in order, and on to the task that commits it.
 *
 * @param listing     the shard's inputs, a {@link ShardListing} line each
 * @param rejectLines its rejections so far, as {@code rejects.jsonl} lines
 * @param dropped     its candidates dropped so far, by reason
 * @param accounts    the accounts of the stages that keep them, by stage name
 * @param linesFiles  the files of lines those stages keep per shard, by stage name
 * @param seconds     how long making it took
 */
public record MadeShard(int shard, List<String> listing, int unreadable, int candidates, long inputBytes,
                        List<String> rejectLines, TreeMap<String, Integer> dropped, List<Deduplicator.Entry> entries,
                        Map<String, ShardAccounting.Account> accounts, Map<String, String> linesFiles,
                        TreeMap<String, Double> engineSeconds,
                        TreeMap<String, Integer> counts, double seconds) implements Serializable {
    /**
     * The same shard with another listing and other rejections: a scheduler that keeps them in the shard's files
     * while the shard waits for de-duplication (a Spark driver, which would otherwise hold every line of the run)
     * puts them back before the commit.
     */
    public MadeShard with(List<String> listing, List<String> rejectLines) {
        return new MadeShard(shard, listing, unreadable, candidates, inputBytes, rejectLines, dropped, entries, accounts,
                linesFiles, engineSeconds, counts, seconds);
    }
}

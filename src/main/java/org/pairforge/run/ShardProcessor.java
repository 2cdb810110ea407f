package org.pairforge.run;

import org.pairforge.core.UnreadableInputException;
import org.pairforge.core.Extraction;
import org.pairforge.core.Extractor;
import org.pairforge.core.Rejection;
import org.pairforge.core.Sample;
import org.pairforge.core.SourceData;
import org.pairforge.shard.ShardStats;
import org.pairforge.shard.ShardWriter;
import org.pairforge.source.Input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The one core every front end calls: a shard of inputs in, a finished shard (tar, rejects, stats) out.
 * The CLI runs it on a thread pool; a Spark job runs it once per partition. Samples go to the shard's tar
 * as soon as they are made; only their de-duplication keys wait for the shard's turn.
 */
public final class ShardProcessor {
    private final Extractor extractor;
    private final long maxInputBytes;
    private final Deduplicator dedup;
    private final ShardWriter writer;

    public ShardProcessor(Extractor extractor, long maxInputBytes, Deduplicator dedup, ShardWriter writer) {
        this.extractor = extractor;
        this.maxInputBytes = maxInputBytes;
        this.dedup = dedup;
        this.writer = writer;
    }

    /** @param inputDone told the on-disk size of each input as it finishes, for progress */
    public ShardStats process(ShardTask task, LongConsumer inputDone) throws IOException, InterruptedException {
        long started = System.nanoTime();
        List<Deduplicator.Entry> written = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        int unreadable = 0;
        int candidates = 0;
        long inputBytes = 0;
        try (ShardWriter.TarBuilder tar = writer.begin(task.index())) {
            for (Input input : task.inputs()) {
                Extraction result;
                try {
                    SourceData loaded = input.load(maxInputBytes);
                    inputBytes += loaded.content().length;
                    result = extractor.extract(loaded);
                } catch (UnreadableInputException e) {
                    result = Extraction.unreadable(new Rejection(input.id(), null, Rejection.Stage.READ, e.reason(), e.getMessage()));
                } catch (RuntimeException | StackOverflowError e) {
                    // An input that trips a fault in pairforge or a library (a bug, not bad data we foresaw) is
                    // one rejection with the fault named, not the end of a batch that other inputs are in.
                    result = Extraction.unreadable(new Rejection(input.id(), null, Rejection.Stage.EXTRACT,
                            "extractor_fault", "pairforge failed on this input (please report): " + e));
                }
                if (!result.readable()) {
                    unreadable++;
                }
                candidates += result.candidates();
                for (Sample s : result.samples()) {
                    tar.add(s);
                    written.add(new Deduplicator.Entry(s.key(), (String) s.metadata().get("dedup_key"), s.source().id()));
                }
                rejections.addAll(result.rejections());
                inputDone.accept(input.size());
            }
            Set<String> duplicates = dedup.admit(task.index(), written, rejections);
            Map<String, Integer> dropped = new TreeMap<>();
            for (Rejection r : rejections) {
                if (r.key() != null) { // candidate-level; whole-input failures are counted as unreadable
                    dropped.merge(r.reason(), 1, Integer::sum);
                }
            }
            int inputs = task.inputs().size();
            int finalUnreadable = unreadable;
            int finalCandidates = candidates;
            int kept = written.size() - duplicates.size();
            long finalInputBytes = inputBytes;
            return tar.commit(duplicates, rejections, tarBytes -> new ShardStats(task.index(), inputs,
                    finalUnreadable, finalCandidates, kept, dropped, finalInputBytes, tarBytes,
                    Math.round((System.nanoTime() - started) / 1e6) / 1e3));
        }
    }
}

package org.pairforge.run;

import com.fasterxml.jackson.databind.JsonNode;
import org.pairforge.core.Json;
import org.pairforge.pipeline.BatchStage;
import org.pairforge.pipeline.Reporting;
import org.pairforge.pipeline.ShardAccounting;
import org.pairforge.pipeline.Stage;
import org.pairforge.shard.RunStore;
import org.pairforge.shard.ShardLayout;
import org.pairforge.shard.ShardStats;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The end of a run, wherever its shards were made: the shards' rejects joined into {@code rejects.jsonl}, each
 * accounting stage's shard files joined and its section and files made from every shard's account, and
 * {@code summary.json}, last.
 */
public final class RunEnd {
    private RunEnd() {
    }

    /** The summary written, and the lines a terminal shows for the stages. */
    public record Result(Map<String, Object> summary, List<String> terminal) {
    }

    /**
     * @param stages    the pipeline's stages ({@code Pipeline.stages()})
     * @param timed     whether the run records what only this run measured ({@link Reporting}: latencies)
     * @param summaryOf the run's funnel from every shard's stats ({@link RunSummary#of})
     */
    public static Result finish(RunStore store, int shards, List<Object> stages, boolean timed,
                                Function<List<ShardStats>, Map<String, Object>> summaryOf) throws IOException {
        return finish(store, shards, stages, timed, List.of(), summaryOf);
    }

    /** @param extraFiles files the caller wrote beside the summary (a dataset card), for an overwrite to remove */
    public static Result finish(RunStore store, int shards, List<Object> stages, boolean timed, List<String> extraFiles,
                                Function<List<ShardStats>, Map<String, Object>> summaryOf) throws IOException {
        List<ShardStats> all = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            try (InputStream in = store.open(ShardLayout.statsName(i))) {
                all.add(Json.MAPPER.readValue(in, ShardStats.class));
            }
        }
        store.concatenate(IntStream.range(0, shards).mapToObj(ShardLayout::rejectsName).toList(), ShardLayout.REJECTS);
        Map<String, Object> summary = summaryOf.apply(all);
        List<String> terminal = new ArrayList<>();
        List<String> files = new ArrayList<>(List.of(ShardLayout.REJECTS));
        files.addAll(extraFiles);
        for (Object stage : stages) {
            String name = stage instanceof BatchStage b ? b.name() : ((Stage) stage).name();
            if (stage instanceof ShardAccounting a) {
                List<JsonNode> accounts = new ArrayList<>();
                for (ShardStats s : all) {
                    if (s.stages().get(a.name()) != null) {
                        accounts.add(s.stages().get(a.name()));
                    }
                }
                if (a.linesFile() != null) {
                    store.concatenate(IntStream.range(0, shards).mapToObj(i -> ShardLayout.shardFile(i, a.linesFile())).toList(),
                            a.linesFile());
                    files.add(a.linesFile());
                }
                ShardAccounting.Report report = a.summarize(accounts);
                summary.put(a.name(), report.summary());
                terminal.addAll(report.terminal());
                for (Map.Entry<String, byte[]> file : a.runFiles(accounts).entrySet()) {
                    store.write(file.getKey(), file.getValue());
                    files.add(file.getKey());
                }
            }
            if (stage instanceof Reporting r && timed) {
                Object section = summary.computeIfAbsent(name, n -> new LinkedHashMap<String, Object>());
                if (section instanceof Map<?, ?> m) {
                    Map<String, Object> typed = new LinkedHashMap<>();
                    m.forEach((k, v) -> typed.put(String.valueOf(k), v));
                    typed.put("this_run", r.report());
                    summary.put(name, typed);
                }
            }
        }
        summary.put("files", files); // what an --overwrite removes again
        store.write(ShardLayout.SUMMARY, Json.PRETTY.writeValueAsBytes(summary));
        return new Result(summary, terminal);
    }
}

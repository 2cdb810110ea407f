package org.pairforge.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.pairforge.core.UsageException;
import org.pairforge.core.Json;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * What {@code pairforge inspect} shows of a dataset: each run's funnel, a seeded sample of its samples (or the
 * worst by self-check score) with their members, and its rejects. A dataset is a run folder (the output of any
 * command: {@code shards/*.tar}, {@code summary.json}, {@code rejects.jsonl}) or a folder of them, such as a
 * fixture set; each run is one kind.
 *
 * <p>Shards are read as streams: a sample is picked by its key alone (a seeded rank), so the members of samples
 * not picked are skipped unread; only {@code worstByScore} reads every sample's JSON, for its score.
 */
public record Inspection(Path dataset, Options options, List<Run> runs) {

    /**
     * @param sample       samples shown per kind
     * @param kind         only runs of this command or sample kind, or null for all
     * @param worstByScore the lowest self-check scores instead of a seeded sample
     * @param maxRejects   rejects listed per run at most (a seeded sample of them beyond)
     */
    public record Options(int sample, long seed, String kind, boolean worstByScore, int maxRejects) {
        public Options {
            if (sample < 0) {
                throw new IllegalArgumentException("--sample must be 0 or more, got " + sample);
            }
            if (maxRejects < 0) {
                throw new IllegalArgumentException("--max-rejects must be 0 or more, got " + maxRejects);
            }
        }

        public static Options defaults() {
            return new Options(50, 0, null, false, 1000);
        }
    }

    /** One shown sample: its members by extension ({@code png}, {@code txt}, {@code json}, ...), in tar order. */
    public record Shown(String key, String shard, Map<String, byte[]> members, JsonNode metadata, Double score) {
        public String kind() {
            return metadata.path("kind").asText("");
        }
    }

    /**
     * @param samples      samples in the run's shards
     * @param rejects      the rejects listed (all of them when {@code rejectsTotal <= maxRejects})
     */
    public record Run(Path dir, String command, String kind, JsonNode summary, int samples, List<Shown> shown,
                      List<JsonNode> rejects, int rejectsTotal, List<String> problems) {
    }

    public static Inspection of(Path dataset, Options options) throws IOException {
        List<Run> runs = new ArrayList<>();
        List<String> have = new ArrayList<>();
        for (Path dir : runsIn(dataset)) {
            Header h = header(dir);
            have.add(h.command() + (h.kind().isEmpty() ? "" : " (" + h.kind() + ")"));
            if (options.kind() == null || options.kind().equals(h.command()) || options.kind().equals(h.kind())) {
                runs.add(scan(dir, h, options));
            }
        }
        if (runs.isEmpty()) {
            throw new UsageException("--kind " + options.kind() + ": " + dataset + " holds no such run; it holds " + have);
        }
        if (options.worstByScore() && runs.stream().allMatch(r -> r.shown().stream().allMatch(s -> s.score() == null))) {
            throw new UsageException("--worst-by-score: " + dataset + " has no self-check scores (make them with pairforge check, or --check)");
        }
        return new Inspection(dataset, options, runs);
    }

    /** The run folders: {@code dataset} itself when it has shards, else its sub-folders that do, in name order. */
    static List<Path> runsIn(Path dataset) throws IOException {
        if (!Files.isDirectory(dataset)) {
            throw new UsageException("DATASET " + dataset + " is not a folder (give a run's output folder, or a folder of them)");
        }
        if (Files.isDirectory(dataset.resolve("shards"))) {
            return List.of(dataset);
        }
        List<Path> runs;
        try (Stream<Path> children = Files.list(dataset)) {
            runs = children.filter(p -> Files.isDirectory(p.resolve("shards"))).sorted().toList();
        }
        if (runs.isEmpty()) {
            throw new UsageException("DATASET " + dataset + (Files.isDirectory(dataset.resolve("data"))
                    ? " is a Parquet dataset (data/); inspect reads WebDataset shards: write them with --format webdataset"
                    : " holds no shards/ folder, nor sub-folders with one: not a pairforge dataset"));
        }
        return runs;
    }

    /** What a run is, before its samples are read: its summary, command, shards, and the kind of its first sample. */
    private record Header(JsonNode summary, String command, String kind, List<Path> tars, List<String> problems) {
    }

    private static Header header(Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode summary = Json.MAPPER.createObjectNode();
        if (Files.exists(dir.resolve("summary.json"))) {
            try {
                summary = Json.MAPPER.readTree(dir.resolve("summary.json").toFile());
            } catch (IOException e) {
                problems.add("summary.json: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        List<Path> tars;
        try (Stream<Path> files = Files.list(dir.resolve("shards"))) {
            tars = files.filter(p -> p.getFileName().toString().endsWith(".tar")).sorted().toList();
        }
        return new Header(summary, summary.path("command").asText(dir.getFileName().toString()), firstKind(tars), tars, problems);
    }

    /** The {@code kind} of the first sample JSON in the shards ({@code ""} when none can be read): a run is one kind. */
    private static String firstKind(List<Path> tars) {
        for (Path tar : tars) {
            try (InputStream file = new BufferedInputStream(Files.newInputStream(tar), 1 << 16);
                 TarArchiveInputStream in = new TarArchiveInputStream(file)) {
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    if (e.getName().endsWith(".json") && e.getName().indexOf('.') > 0) {
                        String kind = metadata(in.readAllBytes()).path("kind").asText("");
                        if (!kind.isEmpty()) {
                            return kind;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // reported by the scan, which reads the same shard
            }
        }
        return "";
    }

    private static Run scan(Path dir, Header h, Options o) throws IOException {
        List<String> problems = new ArrayList<>(h.problems());
        // The N best-ranked samples so far, worst rank on top, to be pushed out by a better one.
        PriorityQueue<Candidate> kept = new PriorityQueue<>(Comparator.comparing((Candidate c) -> c.rank).reversed()
                .thenComparing(c -> c.key, Comparator.reverseOrder()));
        int samples = 0;
        for (Path tar : h.tars()) {
            // A damaged shard is reported and the rest are read: the samples before the damage count and can be shown.
            try (InputStream file = new BufferedInputStream(Files.newInputStream(tar), 1 << 16);
                 TarArchiveInputStream in = new TarArchiveInputStream(file)) {
                TarArchiveEntry e;
                Candidate current = null;
                String currentKey = null;
                while ((e = in.getNextEntry()) != null) {
                    String name = e.getName();
                    int dot = name.indexOf('.');
                    if (dot <= 0) {
                        continue;
                    }
                    String key = name.substring(0, dot);
                    String ext = name.substring(dot + 1);
                    if (!key.equals(currentKey)) {
                        offer(current, kept, o);
                        currentKey = key;
                        samples++;
                        current = null;
                        if (o.worstByScore()) {
                            current = new Candidate(key, tar.getFileName().toString(), null);
                        } else if (o.sample() > 0) {
                            double rank = rank(o.seed(), key);
                            if (kept.size() < o.sample() || rank < kept.peek().rank) {
                                current = new Candidate(key, tar.getFileName().toString(), rank);
                            }
                        }
                    }
                    if (current == null) {
                        continue; // skipped unread
                    }
                    if (!o.worstByScore()) {
                        current.members.put(ext, in.readAllBytes());
                    } else if (ext.equals("json")) {
                        // By score, only the JSON decides; the shown samples' members come in a second pass.
                        current.rank = score(in.readAllBytes());
                    }
                }
                offer(current, kept, o);
            } catch (IOException | RuntimeException e) {
                problems.add(tar.getFileName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
        if (o.worstByScore()) {
            readMembers(dir, kept);
        }
        List<Candidate> picked = new ArrayList<>(kept);
        picked.sort(Comparator.comparing((Candidate c) -> c.rank).thenComparing(c -> c.key));
        List<Shown> shown = new ArrayList<>();
        for (Candidate c : picked) {
            shown.add(c.shown());
        }
        List<JsonNode> rejects = new ArrayList<>();
        int[] total = {0};
        readRejects(dir.resolve("rejects.jsonl"), o, rejects, total);
        return new Run(dir, h.command(), h.kind(), h.summary(), samples, shown, rejects, total[0], problems);
    }

    private static void offer(Candidate c, PriorityQueue<Candidate> kept, Options o) {
        if (c == null || c.rank == null || o.sample() == 0) {
            return; // by score, a sample without one (unchecked, or nothing to score) has nothing to rank it by
        }
        if (!o.worstByScore() && !c.members.containsKey("json")) {
            return;
        }
        kept.add(c);
        if (kept.size() > o.sample()) {
            kept.poll();
        }
    }

    /** {@code check.scores.score} from a sample's JSON, streamed: the tree of its word boxes is never built. */
    static Double score(byte[] json) {
        try (com.fasterxml.jackson.core.JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return null;
            }
            String[] path = {"check", "scores", "score"};
            int depth = 0;
            com.fasterxml.jackson.core.JsonToken t;
            while ((t = p.nextToken()) != null && t != com.fasterxml.jackson.core.JsonToken.END_OBJECT) {
                String field = p.currentName();
                t = p.nextToken();
                if (field.equals(path[depth])) {
                    if (depth == path.length - 1) {
                        return t.isNumeric() ? p.getDoubleValue() : null;
                    }
                    if (t != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                        return null;
                    }
                    depth++;
                } else {
                    p.skipChildren();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The members of the picked samples, from the shards that hold them (the first pass kept only their keys). */
    private static void readMembers(Path dir, PriorityQueue<Candidate> kept) throws IOException {
        Map<String, Map<String, Candidate>> byShard = new java.util.TreeMap<>();
        for (Candidate c : kept) {
            byShard.computeIfAbsent(c.shard, k -> new java.util.HashMap<>()).put(c.key, c);
        }
        for (Map.Entry<String, Map<String, Candidate>> shard : byShard.entrySet()) {
            try (InputStream file = new BufferedInputStream(Files.newInputStream(dir.resolve("shards").resolve(shard.getKey())), 1 << 16);
                 TarArchiveInputStream in = new TarArchiveInputStream(file)) {
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    int dot = e.getName().indexOf('.');
                    Candidate c = dot <= 0 ? null : shard.getValue().get(e.getName().substring(0, dot));
                    if (c != null) {
                        c.members.put(e.getName().substring(dot + 1), in.readAllBytes());
                    }
                }
            }
        }
    }

    /** The run's rejects in file order, or, past {@code maxRejects}, the seeded best-ranked of them in file order. */
    private static void readRejects(Path file, Options o, List<JsonNode> out, int[] total) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        record Line(double rank, int index, String text) {
        }
        // The best-ranked lines so far, worst on top (a later line loses a tie), pushed out by a better one.
        PriorityQueue<Line> best = new PriorityQueue<>(Comparator.comparingDouble(Line::rank).thenComparingInt(Line::index).reversed());
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                best.add(new Line(rank(o.seed(), line), total[0]++, line));
                if (best.size() > o.maxRejects()) {
                    best.poll();
                }
            }
        }
        List<Line> kept = new ArrayList<>(best);
        kept.sort(Comparator.comparingInt(Line::index));
        for (Line l : kept) {
            out.add(rejectLine(l.text()));
        }
    }

    private static JsonNode rejectLine(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode().put("reason", "unreadable_line").put("message", line.length() > 300 ? line.substring(0, 300) : line);
        }
    }

    /** A sample's JSON member, or, when it is not a JSON object, an object saying so (shown as any metadata). */
    static JsonNode metadata(byte[] json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode().put("unreadable_json", String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return Json.MAPPER.createObjectNode().put("unreadable_json", "not a JSON object");
    }

    /** A sample's place in the seeded order: in [0, 1), the same for a key and seed on every run. */
    static double rank(long seed, String key) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        h ^= seed * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }

    private static final class Candidate {
        final String key;
        final String shard;
        Double rank;
        final Map<String, byte[]> members = new LinkedHashMap<>();

        Candidate(String key, String shard, Double rank) {
            this.key = key;
            this.shard = shard;
            this.rank = rank;
        }

        Shown shown() throws IOException {
            JsonNode meta = metadata(members.get("json"));
            JsonNode score = meta.at("/check/scores/score");
            return new Shown(key, shard, members, meta, score.isNumber() ? score.asDouble() : null);
        }
    }
}

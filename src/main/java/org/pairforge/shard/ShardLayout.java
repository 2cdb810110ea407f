package org.pairforge.shard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** File names under {@code OUT/}: where a shard's tar, rejects and stats live. */
public final class ShardLayout {
    private static final Pattern STATS = Pattern.compile("(\\d{6})\\.stats\\.json");

    private final Path out;

    public ShardLayout(Path out) {
        this.out = out;
    }

    public Path out() {
        return out;
    }

    public Path shardsDir() {
        return out.resolve("shards");
    }

    public Path tar(int shard) {
        return shardsDir().resolve(name(shard) + ".tar");
    }

    public Path rejects(int shard) {
        return shardsDir().resolve(name(shard) + ".rejects.jsonl");
    }

    /** The shard's samples whose self-check failed after all retries (written when the run checks). */
    public Path checkErrors(int shard) {
        return shardsDir().resolve(name(shard) + ".check_errors.jsonl");
    }

    public Path checkErrorsJsonl() {
        return out.resolve("check_errors.jsonl");
    }

    public Path stats(int shard) {
        return shardsDir().resolve(name(shard) + ".stats.json");
    }

    /** Every input of the run in order, with its fingerprint: what a resume checks the input folders against. */
    public Path inputsListing() {
        return out.resolve("inputs.jsonl");
    }

    public Path runManifest() {
        return out.resolve("run.json");
    }

    public Path rejectsJsonl() {
        return out.resolve("rejects.jsonl");
    }

    public Path summary() {
        return out.resolve("summary.json");
    }

    public static String name(int shard) {
        return String.format("%06d", shard);
    }

    /** Shards whose stats file exists, i.e. finished ones, in order. */
    public List<Integer> finishedShards() throws IOException {
        List<Integer> done = new ArrayList<>();
        if (!Files.isDirectory(shardsDir())) {
            return done;
        }
        try (Stream<Path> files = Files.list(shardsDir())) {
            files.forEach(p -> {
                Matcher m = STATS.matcher(p.getFileName().toString());
                if (m.matches()) {
                    done.add(Integer.parseInt(m.group(1)));
                }
            });
        }
        done.sort(null);
        return done;
    }

    /** Writes through a temporary sibling and renames, so a reader never sees half a file. */
    public static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The files of {@code parts} that exist, joined in order into {@code target}, written whole and moved into place. */
    public static void concatenate(List<Path> parts, Path target) throws IOException {
        Path tmp = tmpFor(target);
        try (java.io.OutputStream out = Files.newOutputStream(tmp)) {
            for (Path part : parts) {
                if (Files.exists(part)) {
                    Files.copy(part, out);
                }
            }
        }
        moveIntoPlace(tmp, target);
    }

    public static Path tmpFor(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }
}

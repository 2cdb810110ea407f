import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Whether reading the inputs and writing shards scale from one thread to two on this machine: reads every
 * notebook under INPUT_DIR, then writes 360 MB in 150 KB pieces into OUT_DIR (split between the threads).
 * usage: java bench/notebooks/IoScale.java INPUT_DIR OUT_DIR
 */
public class IoScale {
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        Path out = Files.createDirectories(Path.of(args[1]));
        byte[] piece = new byte[150_000];
        new Random(1).nextBytes(piece);
        for (int rep = 0; rep < 5; rep++) {
            for (int threads : new int[]{1, 2}) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long t0 = System.nanoTime();
                List<Future<Long>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        long sum = 0;
                        for (int i = first; i < files.size(); i += threads) {
                            byte[] b = Files.readAllBytes(files.get(i));
                            sum += b[b.length / 2];
                        }
                        return sum;
                    }));
                }
                for (Future<Long> f : done) {
                    f.get();
                }
                long t1 = System.nanoTime();
                done.clear();
                for (int t = 0; t < threads; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        try (OutputStream o = Files.newOutputStream(out.resolve("io" + first + ".bin"))) {
                            for (int i = first; i < 2400; i += threads) {
                                o.write(piece);
                            }
                        }
                        return 0L;
                    }));
                }
                for (Future<Long> f : done) {
                    f.get();
                }
                long t2 = System.nanoTime();
                System.out.printf("%d thread(s): read %.3f s, write 360 MB %.3f s%n", threads, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
                pool.shutdown();
            }
        }
    }
}

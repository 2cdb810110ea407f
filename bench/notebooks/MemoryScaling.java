import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How this machine scales from one to two threads on memory-bound work (array copies and allocation, as
 * the pipeline does with notebook bytes) versus compute-bound work (SHA-256 of a cached buffer).
 * Prints the speed-up of two threads over one for each; 2.0 is perfect scaling.
 * usage: java bench/notebooks/MemoryScaling.java
 */
public class MemoryScaling {
    interface Work {
        long run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        byte[] cached = new byte[1 << 20];
        Work memory = () -> {
            byte[] src = new byte[64 << 20];
            long s = 0;
            for (int r = 0; r < 30; r++) {
                s += Arrays.copyOf(src, src.length)[r];
            }
            return s;
        };
        Work compute = () -> {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < 1500; i++) {
                md.update(cached);
            }
            return md.digest()[0];
        };
        System.out.printf("memory-bound 2-thread speed-up: %.2fx%n", speedup(memory));
        System.out.printf("compute-bound 2-thread speed-up: %.2fx%n", speedup(compute));
    }

    static double speedup(Work w) throws Exception {
        double one = Double.MAX_VALUE, two = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            one = Math.min(one, time(w, 1));
            two = Math.min(two, time(w, 2));
        }
        return 2 * one / two; // two threads do twice the work
    }

    static double time(Work w, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t = System.nanoTime();
        List<Future<Long>> fs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            fs.add(pool.submit(w::run));
        }
        for (Future<Long> f : fs) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - t) / 1e9;
    }
}

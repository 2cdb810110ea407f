package org.pairforge.spark.internal;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.TaskContext;
import org.pairforge.shard.LocalStore;
import org.pairforge.shard.RunStore;
import org.pairforge.shard.ShardLayout;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A run on any file system Hadoop reaches: HDFS, S3 (s3a), a local folder. An object store shows an object only
 * once its upload completes, and renames by copying: there a file is written once, under its own name, and
 * {@link Output#abort()} abandons the upload. Elsewhere (HDFS, local) a file is written under a name of its own
 * attempt and renamed into place. Either way no reader meets half a file, and two attempts of a task (a retried
 * one, a speculative one) each write whole files, which are the same bytes: the output is deterministic.
 *
 * <p>A store is a value that travels to the executors: the file system's settings go with it.
 */
public final class HadoopStore implements RunStore, Serializable {
    /** File systems whose objects appear whole when written and whose renames are copies. */
    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "oss", "cos", "cosn", "obs",
            "wasb", "wasbs", "abfs", "abfss");
    private static final String ATTEMPT = ".attempt-";

    private final String root;
    private final TreeMap<String, String> settings;
    private transient FileSystem fs;
    private transient Configuration conf;

    /**
     * @param root     where the run goes: a URI ({@code hdfs://nn/out}, {@code s3a://bucket/out}) or a local path
     * @param settings the Hadoop settings to open it with (a Spark job's Hadoop configuration, its {@code --conf})
     */
    public HadoopStore(String root, Map<String, String> settings) {
        this.root = normalize(root);
        this.settings = new TreeMap<>(settings);
    }

    /** A local path as a {@code file:} URI; a URI as it is, without a trailing slash. */
    static String normalize(String root) {
        String r = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
        if (!r.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return java.nio.file.Path.of(r).toAbsolutePath().normalize().toUri().toString().replaceFirst("/$", "");
        }
        return r;
    }

    /** A store at {@code root} opened with a Spark job's Hadoop settings (its {@code --conf spark.hadoop.*} among them). */
    public static HadoopStore of(String root, Configuration sparkHadoop) {
        Map<String, String> settings = new TreeMap<>();
        sparkHadoop.forEach(e -> settings.put(e.getKey(), e.getValue()));
        return new HadoopStore(root, settings);
    }

    /** A store at another root, opened with the same settings. */
    public HadoopStore at(String root) {
        return new HadoopStore(root, settings);
    }

    /** The Hadoop settings a store opens its file system with: {@code settings}, and the local file system raw. */
    public synchronized Configuration conf() {
        if (conf == null) {
            conf = configuration(settings);
        }
        return conf;
    }

    /**
     * {@code settings} as a Hadoop configuration, with Hadoop's raw local file system: buffered (parquet's own
     * {@code LocalInputFile} reads a byte per system call) and without the {@code .crc} files the checksummed one adds.
     */
    static Configuration configuration(Map<String, String> settings) {
        Configuration c = new Configuration(false);
        settings.forEach(c::set);
        c.set("fs.file.impl", RawLocalFileSystem.class.getName());
        c.setBoolean("fs.file.impl.disable.cache", true);
        return c;
    }

    private synchronized FileSystem fs() throws IOException {
        if (fs == null) {
            fs = FileSystem.get(URI.create(root + "/"), conf());
        }
        return fs;
    }

    /** The file system of {@code uri}, opened with this store's settings (an input elsewhere than the output). */
    public FileSystem fileSystem(String uri) throws IOException {
        return FileSystem.get(URI.create(uri), conf());
    }

    public String root() {
        return root;
    }

    /** A name's Hadoop path. */
    public Path path(String name) {
        return new Path(name.isEmpty() ? root : root + "/" + name);
    }

    private boolean objectStore() {
        String scheme = URI.create(root).getScheme();
        return scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT));
    }

    /** A name of this attempt's own beside {@code target}. */
    private static String attemptSuffix() {
        TaskContext task = TaskContext.get();
        return ATTEMPT + (task == null ? "driver-" + UUID.randomUUID() : Long.toString(task.taskAttemptId()));
    }

    @Override
    public Output create(String name) throws IOException {
        Path target = path(name);
        if ("file".equals(target.toUri().getScheme())) {
            // Hadoop's local file system sets each new file's permission by running chmod, a process per file
            return LocalStore.create(java.nio.file.Path.of(target.toUri()), attemptSuffix());
        }
        boolean direct = objectStore();
        Path written = direct ? target : new Path(target.getParent(), target.getName() + attemptSuffix());
        FSDataOutputStream out = fs().create(written, true);
        return new Output(out, () -> {
            if (!direct) {
                fs().delete(target, false); // HDFS renames onto no existing file
                if (!fs().rename(written, target)) {
                    throw new IOException("cannot rename " + written + " to " + target);
                }
            }
        }, () -> {
            if (direct) {
                out.abort(); // the upload is abandoned: no object appears
            } else {
                try {
                    out.close();
                } finally {
                    fs().delete(written, false);
                }
            }
        });
    }

    @Override
    public InputStream open(String name) throws IOException {
        return fs().open(path(name));
    }

    @Override
    public boolean exists(String name) throws IOException {
        return fs().exists(path(name));
    }

    @Override
    public long size(String name) throws IOException {
        return fs().getFileStatus(path(name)).getLen();
    }

    @Override
    public void delete(String name) throws IOException {
        fs().delete(path(name), true);
    }

    @Override
    public List<String> list(String dir) throws IOException {
        List<String> names = new ArrayList<>();
        try {
            for (FileStatus s : fs().listStatus(path(dir))) {
                if (s.isFile()) {
                    names.add(dir.isEmpty() ? s.getPath().getName() : dir + "/" + s.getPath().getName());
                }
            }
        } catch (FileNotFoundException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }

    @Override
    public void removeTemporaries() throws IOException {
        for (String dir : List.of("", ShardLayout.SHARDS, ShardLayout.DATA)) {
            for (String name : list(dir)) {
                if (name.contains(ATTEMPT)) {
                    fs().delete(path(name), false);
                }
            }
        }
    }

    @Override
    public String describe(String name) {
        return name.isEmpty() ? root : root + "/" + name;
    }
}

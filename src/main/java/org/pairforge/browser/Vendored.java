package org.pairforge.browser;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Local copies of remote resources, served in place of the network ({@code --vendor URL=PATH}). Generated
 * pages lean on CDNs (WebSight's rows link Tailwind from jsDelivr); offline they would be shot unstyled. A URL
 * ending in {@code /} maps a whole folder, any other URL one file; the query and fragment are ignored. Nothing
 * outside the given files and folders is ever served.
 */
public final class Vendored implements java.io.Serializable {
    public static final Vendored NONE = new Vendored(Map.of());

    private final Map<String, Path> byUrl;

    private Vendored(Map<String, Path> byUrl) {
        this.byUrl = byUrl;
    }

    /** Checks every mapping: an http(s) URL, and an existing file (or folder, for a URL ending in /). */
    public static Vendored of(Map<String, Path> mappings) {
        Map<String, Path> checked = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : mappings.entrySet()) {
            String url = withoutQuery(e.getKey().strip());
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("--vendor: '" + e.getKey() + "' is not an http(s) URL");
            }
            Path path = e.getValue().toAbsolutePath().normalize();
            boolean folder = url.endsWith("/");
            if (folder ? !Files.isDirectory(path) : !Files.isRegularFile(path)) {
                throw new IllegalArgumentException("--vendor: " + url + " needs an existing " + (folder ? "folder" : "file")
                        + ", got " + e.getValue());
            }
            checked.put(url, path);
        }
        return checked.isEmpty() ? NONE : new Vendored(Map.copyOf(checked));
    }

    /** The URLs served from local copies, sorted. */
    public java.util.SortedSet<String> urls() {
        return new java.util.TreeSet<>(byUrl.keySet());
    }

    public boolean isEmpty() {
        return byUrl.isEmpty();
    }

    /** The local file standing for {@code url}, or null. */
    public Path fileFor(String url) {
        if (byUrl.isEmpty()) {
            return null;
        }
        String bare = withoutQuery(url);
        Path exact = byUrl.get(bare);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, Path> e : byUrl.entrySet()) {
            if (e.getKey().endsWith("/") && bare.startsWith(e.getKey())) {
                return inside(e.getValue(), bare.substring(e.getKey().length()));
            }
        }
        return null;
    }

    private static Path inside(Path folder, String rawRest) {
        try {
            String rest = URI.create("x:/" + rawRest).getPath().substring(1);
            Path file = folder.resolve(rest).normalize();
            if (!file.startsWith(folder) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || !file.toRealPath().startsWith(folder.toRealPath())) {
                return null;
            }
            return file;
        } catch (IllegalArgumentException | java.io.IOException e) {
            return null;
        }
    }

    private static String withoutQuery(String url) {
        return url.split("[?#]", 2)[0];
    }

    /** Paths do not serialize: a Spark job sends the mapped files' names (each executor must have them there). */
    @java.io.Serial
    private Object writeReplace() {
        Map<String, String> names = new LinkedHashMap<>();
        byUrl.forEach((url, path) -> names.put(url, path.toString()));
        return new Serialized(names);
    }

    private record Serialized(Map<String, String> byUrl) implements java.io.Serializable {
        @java.io.Serial
        private Object readResolve() {
            Map<String, Path> paths = new LinkedHashMap<>();
            byUrl.forEach((url, name) -> paths.put(url, Path.of(name)));
            return paths.isEmpty() ? NONE : new Vendored(Map.copyOf(paths));
        }
    }
}

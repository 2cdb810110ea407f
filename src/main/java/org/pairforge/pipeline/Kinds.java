package org.pairforge.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The kinds registered on the class path ({@code META-INF/services/org.pairforge.pipeline.Kind}), in the order the
 * class path names them: pairforge's own (notebooks, documents, latex, web) first.
 */
public final class Kinds {
    private Kinds() {
    }

    /** Every registered kind. */
    public static List<Kind<?>> all() {
        List<Kind<?>> kinds = new ArrayList<>();
        for (Kind<?> k : ServiceLoader.load(Kind.class, Kinds.class.getClassLoader())) {
            if (kinds.stream().noneMatch(other -> other.name().equals(k.name()))) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    /** The kind of that name. */
    public static Kind<?> named(String name) {
        for (Kind<?> k : all()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no kind is named '" + name + "'; registered: "
                + String.join(", ", all().stream().map(Kind::name).toList()));
    }
}

package org.pairforge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fences of pairforge's API: what a user sees (public types outside {@code internal} packages, their public and
 * protected members) names no type of an {@code internal} package, so those stay free to change; and the run's core
 * ({@code run/}, {@code shard/}) knows no stage by name, nor does Spark's code keep a funnel, a resume or a summary
 * of its own: the shard engine does it once for both.
 */
class ApiTest {
    private static final Path CLASSES = Path.of("target", "classes");
    private static final Path SOURCES = Path.of("src", "main", "java", "org", "pairforge");

    @Test
    void noPublicTypeOfTheApiShowsAnInternalOne() throws Exception {
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (Class<?> c : apiClasses()) {
            checked++;
            check(c + " extends", c.getGenericSuperclass(), leaks);
            for (Type t : c.getGenericInterfaces()) {
                check(c + " implements", t, leaks);
            }
            for (Field f : c.getDeclaredFields()) {
                if (visible(f.getModifiers())) {
                    check(c.getName() + "." + f.getName(), f.getGenericType(), leaks);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic()) {
                    check(c.getName() + "." + m.getName() + "()", m.getGenericReturnType(), leaks);
                    for (Type p : m.getGenericParameterTypes()) {
                        check(c.getName() + "." + m.getName() + "(...)", p, leaks);
                    }
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    for (Type p : k.getGenericParameterTypes()) {
                        check(c.getName() + "(...)", p, leaks);
                    }
                }
            }
        }
        assertTrue(checked > 100, "the API's classes were found: " + checked);
        assertEquals(List.of(), leaks);
    }

    @Test
    void theRunsCoreKnowsNoStageAndSparkKeepsNoBooksOfItsOwn() throws Exception {
        List<String> found = new ArrayList<>();
        for (String pkg : List.of("run", "shard")) {
            for (Path f : javaFiles(SOURCES.resolve(pkg))) {
                String s = Files.readString(f);
                if (s.contains("org.pairforge.check") || s.contains("SelfCheck") || s.contains("CheckTally")) {
                    found.add(f + " names the self-check");
                }
            }
        }
        // the funnel, the resume manifest, the shard's stats and the summary are the engine's alone
        List<String> books = List.of("\"inputs_read\"", "\"candidates\"", "\"resumed_shards\"", "new ShardStats(",
                "\"summary.json\"", "\"run.json\"", ".stats.json", "\"fingerprint\"", "new Deduplicator.Entry(");
        for (Path f : javaFiles(SOURCES.resolve("spark"))) {
            String s = Files.readString(f);
            for (String b : books) {
                if (s.contains(b)) {
                    found.add(f + " keeps " + b);
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(String where, Type t, List<String> leaks) {
        if (t == null) {
            return;
        }
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.getName().startsWith("org.pairforge.") && c.getName().contains(".internal.")) {
                leaks.add(where + " shows " + c.getName());
            }
        } else if (t instanceof ParameterizedType p) {
            check(where, p.getRawType(), leaks);
            for (Type a : p.getActualTypeArguments()) {
                check(where, a, leaks);
            }
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                check(where, b, leaks);
            }
        }
    }

    private static List<Class<?>> apiClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(CLASSES.resolve("org/pairforge"))) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = CLASSES.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains(".internal.") || name.contains(".cli.")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, ApiTest.class.getClassLoader());
                if (isApi(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** Public, and reachable: a nested type only through public enclosing types. */
    private static boolean isApi(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}

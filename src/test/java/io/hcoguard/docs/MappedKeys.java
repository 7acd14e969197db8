package io.hcoguard.docs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The property keys of a SmallRye {@code @ConfigMapping} interface, as SmallRye names them: the
 * prefix, then each method's name through the mapping's naming strategy (kebab-case by default) or
 * its {@code @WithName}, a nested group's keys under its own name ({@code @WithParentName}: under
 * the parent's), each with its {@code @WithDefault} when it has one.
 */
final class MappedKeys {

    private MappedKeys() {
    }

    static Map<String, Optional<String>> of(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping.getName() + " is not a @ConfigMapping");
        }
        Map<String, Optional<String>> keys = new LinkedHashMap<>();
        collect(mapping, annotation.prefix(), annotation.namingStrategy(), keys);
        return keys;
    }

    private static void collect(Class<?> group, String prefix, ConfigMapping.NamingStrategy naming,
            Map<String, Optional<String>> keys) {
        Method[] methods = Arrays.stream(group.getMethods())
                .filter(method -> method.getParameterCount() == 0 && !method.isDefault()
                        && !Modifier.isStatic(method.getModifiers()))
                .sorted(Comparator.comparing(Method::getName))
                .toArray(Method[]::new);
        for (Method method : methods) {
            String key = method.isAnnotationPresent(WithParentName.class) ? prefix : prefix + "." + name(method, naming);
            Class<?> type = method.getReturnType();
            if (isGroup(type)) {
                collect(type, key, naming, keys);
            } else {
                keys.put(key, Optional.ofNullable(method.getAnnotation(WithDefault.class)).map(WithDefault::value));
            }
        }
    }

    private static String name(Method method, ConfigMapping.NamingStrategy naming) {
        WithName withName = method.getAnnotation(WithName.class);
        return withName != null ? withName.value() : naming.apply(method.getName());
    }

    /** An interface of the application's own is a group; a JDK one (List, Map, Optional) holds a value. */
    private static boolean isGroup(Class<?> type) {
        return type.isInterface() && !type.getName().startsWith("java.");
    }
}

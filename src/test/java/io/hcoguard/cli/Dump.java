package io.hcoguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** A saved {@code kubectl get -o yaml} List, changed the way the cluster moves on, and saved again as JSON. */
final class Dump {

    private final ArrayNode items;

    private Dump(ArrayNode items) {
        this.items = items;
    }

    static Dump load(String path) {
        try {
            return new Dump((ArrayNode) new YAMLMapper().readTree(Path.of(path).toFile()).get("items").deepCopy());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Changes the object of this kind and name (any namespace). */
    Dump edit(String kind, String name, Consumer<ObjectNode> change) {
        change.accept(find(kind, name));
        return this;
    }

    Dump remove(String kind, String name) {
        for (int i = 0; i < items.size(); i++) {
            if (matches(items.get(i), kind, name)) {
                items.remove(i);
                return this;
            }
        }
        throw new IllegalArgumentException("no " + kind + " " + name + " in the dump");
    }

    /** Sets a string field at a slash-separated path under the object, e.g. "status/phase". */
    Dump set(String kind, String name, String path, String value) {
        return edit(kind, name, object -> {
            String[] steps = path.split("/");
            ObjectNode parent = object;
            for (int i = 0; i < steps.length - 1; i++) {
                parent = parent.withObject("/" + steps[i]);
            }
            parent.put(steps[steps.length - 1], value);
        });
    }

    Dump write(Path file) {
        try {
            ObjectNode list = new ObjectMapper().createObjectNode().put("apiVersion", "v1").put("kind", "List");
            list.set("items", items);
            new ObjectMapper().writeValue(file.toFile(), list);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode find(String kind, String name) {
        for (JsonNode item : items) {
            if (matches(item, kind, name)) {
                return (ObjectNode) item;
            }
        }
        throw new IllegalArgumentException("no " + kind + " " + name + " in the dump");
    }

    private static boolean matches(JsonNode item, String kind, String name) {
        return kind.equals(item.path("kind").asText()) && name.equals(item.path("metadata").path("name").asText());
    }
}

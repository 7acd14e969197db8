package io.hcoguard.inventory;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The Kubernetes objects in saved output or manifests: a JSON List (what {@code kubectl get ... -o
 * json} writes), JSON objects one after another, a JSON array, or YAML documents. Lists are taken
 * apart, also inside Lists: the consumer gets one object at a time. A large JSON List is streamed,
 * never held whole.
 */
public final class SavedFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SavedFile() {
    }

    /** A file that cannot be read or parsed; the message is one line that names it. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    public static void read(Path file, Consumer<JsonNode> objects) throws Unreadable {
        try (InputStream in = Files.newInputStream(file)) {
            read(file.toString(), in, objects);
        } catch (NoSuchFileException e) {
            throw new Unreadable("cannot read " + file + ": no such file");
        } catch (IOException e) {
            throw unreadable(file.toString(), e);
        }
    }

    /** {@code name} names the stream in messages ("standard input"). */
    public static void read(String name, InputStream raw, Consumer<JsonNode> objects) throws Unreadable {
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            int first = firstNonBlank(in);
            Consumer<JsonNode> flat = node -> flatten(node, objects);
            if (first == '{' || first == '[') {
                readJson(in, flat);
            } else if (first >= 0) {
                readYaml(in, flat);
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException | YamlEngineException e) {
            throw unreadable(name, e);
        }
    }

    /** kubectl writes a List (kind "List") for several objects; a typed list such as VirtualMachineInstanceList is one too. */
    static void flatten(JsonNode node, Consumer<JsonNode> objects) {
        JsonNode items = node.get("items");
        String kind = text(node, "kind");
        if (node.isObject() && items != null && items.isArray() && (kind == null || kind.endsWith("List"))) {
            items.forEach(item -> flatten(item, objects));
        } else {
            objects.accept(node);
        }
    }

    /** A string field, or null when absent or not a string. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static Unreadable unreadable(String name, Exception e) {
        String why = e instanceof JsonParseException json
                ? json.getOriginalMessage() + " at line " + json.getLocation().getLineNr()
                : e instanceof UncheckedIOException unchecked ? unchecked.getCause().getMessage() : e.getMessage();
        return new Unreadable("cannot read " + name + ": " + firstLine(why));
    }

    /** JSON when the first character opens an object or array, else YAML. */
    private static int firstNonBlank(BufferedInputStream in) throws IOException {
        in.mark(1 << 16);
        int c;
        do {
            c = in.read();
        } while (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xEF || c == 0xBB || c == 0xBF); // a UTF-8 BOM too
        in.reset();
        return c;
    }

    private static void readJson(InputStream in, Consumer<JsonNode> objects) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(in)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        objects.accept(JSON.readTree(parser));
                    }
                } else if (token == JsonToken.START_OBJECT) {
                    readTopLevelObject(parser, objects);
                } else {
                    throw new IllegalArgumentException("expected a JSON object or array, found " + parser.getText()
                            + " at line " + parser.currentLocation().getLineNr());
                }
            }
        }
    }

    /**
     * The items of a top-level List go to the consumer as they are parsed, so a saved list of
     * 10,000 VMIs is never held whole as a tree; the other fields are kept in case it is one object.
     */
    private static void readTopLevelObject(JsonParser parser, Consumer<JsonNode> objects) throws IOException {
        ObjectNode head = JSON.createObjectNode();
        boolean list = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("items".equals(field) && value == JsonToken.START_ARRAY) {
                list = true;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    objects.accept(JSON.readTree(parser));
                }
            } else {
                head.set(field, JSON.readTree(parser));
            }
        }
        if (!list) {
            objects.accept(head);
        }
    }

    private static void readYaml(InputStream in, Consumer<JsonNode> objects) {
        Load load = new Load(LoadSettings.builder().setAllowDuplicateKeys(true).setCodePointLimit(Integer.MAX_VALUE).build());
        for (Object document : load.loadAllFromInputStream(in)) {
            if (document != null) {
                objects.accept(JSON.valueToTree(document));
            }
        }
    }
}

package io.hcoguard.fuzz;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Turns fuzz input into JSON the rules read. An input that is a JSON document (the seeds are real
 * objects) is used as it is; any other input drives a generator that sets values at the paths the
 * rules look at, drawn from the domain's vocabulary or anything else, with any JSON type, so that
 * byte mutations that break the JSON text still explore the rules.
 */
public final class FuzzedJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    static {
        // As the webhook's own codec: Kubernetes objects are shallow.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(128).build());
    }

    private final byte[] bytes;
    private final List<String> vocabulary;
    private int next;

    private FuzzedJson(byte[] bytes, List<String> vocabulary) {
        this.bytes = bytes;
        this.vocabulary = vocabulary;
    }

    /**
     * The input as a JSON object, else one generated from it.
     *
     * @param shape how to generate an object from input that is not JSON
     */
    public static JsonNode read(byte[] input, List<String> vocabulary, Shape shape) {
        return parse(input).filter(JsonNode::isObject).orElseGet(() -> shape.generate(new FuzzedJson(input, vocabulary)));
    }

    /** How a harness builds its document from generated parts. */
    @FunctionalInterface
    public interface Shape {
        JsonNode generate(FuzzedJson json);
    }

    public static Optional<JsonNode> parse(byte[] input) {
        try {
            return Optional.ofNullable(MAPPER.readTree(input));
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** 0 to {@code bound - 1}, from the next input byte; 0 once the input is used up. */
    public int choose(int bound) {
        return next < bytes.length ? (bytes[next++] & 0xff) % bound : 0;
    }

    public boolean flip() {
        return choose(2) == 1;
    }

    public <T> T pick(List<T> values) {
        return values.get(choose(values.size()));
    }

    /** A word of the vocabulary mostly, sometimes a raw slice of the input. */
    public String word() {
        if (choose(5) > 0) {
            return pick(vocabulary);
        }
        int length = Math.min(choose(24), bytes.length - next);
        String raw = new String(bytes, next, Math.max(length, 0), StandardCharsets.UTF_8);
        next += Math.max(length, 0);
        return raw;
    }

    /** Any JSON value, nested at most {@code depth} levels. */
    public JsonNode value(int depth) {
        return switch (choose(depth > 0 ? 12 : 8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(flip());
            case 2 -> NODES.numberNode(choose(14) - 2);
            case 3 -> pick(List.<JsonNode>of(NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(Integer.MIN_VALUE),
                    NODES.numberNode(new BigInteger("123456789012345678901234567890")), NODES.numberNode(1.5),
                    NODES.numberNode(0.0), NODES.numberNode(-0.0), NODES.numberNode(1e300), NODES.numberNode(10.0)));
            case 4, 5, 6, 7 -> NODES.textNode(word());
            case 8, 9 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = choose(5); i > 0; i--) {
                    array.add(value(depth - 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = choose(4); i > 0; i--) {
                    object.set(word(), value(depth - 1));
                }
                yield object;
            }
        };
    }

    /** An object with values set at up to a dozen of the given paths (each a list of keys). */
    public ObjectNode objectAlong(List<List<String>> paths) {
        ObjectNode root = NODES.objectNode();
        for (int edits = choose(13); edits > 0; edits--) {
            set(root, pick(paths), value(2));
        }
        return root;
    }

    /** Sets the value at the path, making the objects on the way (a non-object on the way is replaced). */
    public static void set(ObjectNode root, List<String> path, JsonNode value) {
        ObjectNode parent = root;
        for (String key : path.subList(0, path.size() - 1)) {
            JsonNode child = parent.get(key);
            parent = child instanceof ObjectNode object ? object : parent.putObject(key);
        }
        parent.set(path.get(path.size() - 1), value);
    }

    /** "a.b.c" as the path [a, b, c]. */
    public static List<String> path(String dotted) {
        return List.of(dotted.split("\\."));
    }
}
